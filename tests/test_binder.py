"""Binder builds the course from the root requirements.txt and pyproject.toml, and a notebook runs there.

repo2docker (Binder's builder) installs ``requirements.txt`` with pip and then, because there is a
``pyproject.toml`` at the root and no ``binder/`` folder, the package itself with ``pip install -e .``.
This test does the same into a fresh virtual environment, from a copy of the tracked files, and
runs notebook 04 (gradient, steps, sliders) there under nbval. It needs the package index.
"""

from pathlib import Path

import pytest
from fresh_env import FreshEnv

ROOT = Path(__file__).resolve().parent.parent


def test_no_binder_folder_that_would_stop_repo2docker_installing_the_package():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    assert (ROOT / "requirements.txt").exists() and (ROOT / "pyproject.toml").exists()


@pytest.mark.slow
def test_a_notebook_runs_in_an_environment_built_the_binder_way(tmp_path):
    env = FreshEnv(tmp_path)
    env.pip_install("-r", "requirements.txt")  # repo2docker's two steps, in its order
    env.pip_install("-e", ".")
    where = env.run("-c", "import gdcore, sys; print(gdcore.__file__); print(sys.prefix)").split()
    assert where[0].startswith(str(env.repo)) and where[1] == str(env.prefix)
    env.assert_pytest_passes("--nbval", "--nbval-current-env", "notebooks/04_one_step_at_a_time.ipynb")
