"""What the package promises about itself: a math core without plotting, widgets on ipywidgets 7.7."""

import subprocess
import sys
from pathlib import Path

import pytest
from fresh_env import FreshEnv

ROOT = Path(__file__).resolve().parent.parent


def test_the_math_imports_no_plotting_or_widget_library():
    probe = "import sys, gdcore; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_the_explorers_work_on_ipywidgets_7_7_as_colab_may_ship(tmp_path):
    env = FreshEnv(tmp_path)
    env.pip_install("ipywidgets==7.7.*", "numpy", "matplotlib", "pytest", "hypothesis")
    env.pip_install("--no-deps", "-e", ".")
    assert env.run("-c", "import ipywidgets; print(ipywidgets.__version__)").startswith("7.7")
    env.assert_pytest_passes("tests/test_widgets.py")
