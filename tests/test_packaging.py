"""What the package promises about itself: a math core without plotting, widgets on ipywidgets 7.7."""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_math_imports_no_plotting_or_widget_library():
    probe = "import sys, gdcore; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_the_explorers_work_on_ipywidgets_7_7_as_colab_may_ship(tmp_path):
    for name in ("gdcore", "tests"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copy2(ROOT / "README.md", tmp_path / "README.md")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "ipywidgets==7.7.*", "numpy", "matplotlib", "pytest", "hypothesis"], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(tmp_path)], check=True)
    version = subprocess.run(
        [python, "-c", "import ipywidgets; print(ipywidgets.__version__)"], capture_output=True, text=True
    ).stdout
    assert version.startswith("7.7")
    environment = os.environ | {"MPLCONFIGDIR": str(tmp_path / "mpl")}
    run = subprocess.run(
        [python, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q", "tests/test_widgets.py"],
        cwd=tmp_path, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout
