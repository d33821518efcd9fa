"""Binder builds the course from the root requirements.txt and pyproject.toml, and a notebook runs there.

repo2docker (Binder's builder) installs ``requirements.txt`` with pip and then, because there is a
``pyproject.toml`` with ``[project]`` and ``[build-system]`` at the root and no ``binder/`` folder,
the package itself with ``pip install .`` (not editable; see ``_is_python_package`` and
``get_assemble_scripts`` in repo2docker's ``buildpacks/python/__init__.py``). This test does the same
into a fresh virtual environment, from a copy of the tracked files, adds nbval (which Binder's
students do not need) and runs notebook 04 (gradient, steps, sliders) there. It needs the package
index, or pip's cache.
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
    env.pip_install(".")
    env.pip_install("nbval", "pytest")  # for this test only
    where = env.run("-c", "import gdcore, sys; print(gdcore.__file__); print(sys.prefix)", cwd=env.elsewhere)
    installed, prefix = where.split()
    assert prefix == str(env.prefix) and installed.startswith(prefix)  # the installed copy, not the repo's
    env.assert_pytest_passes("--nbval", "--nbval-current-env", "notebooks/04_one_step_at_a_time.ipynb")
