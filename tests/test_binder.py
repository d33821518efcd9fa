"""Binder builds the course from the root requirements.txt and pyproject.toml, and a notebook runs there.

repo2docker (Binder's builder) installs ``requirements.txt`` with pip and then, because there is a
``pyproject.toml`` at the root and no ``binder/`` folder, the package itself with ``pip install -e .``.
This test does the same into a fresh virtual environment, from a copy of the tracked files, and
runs notebook 04 (gradient, steps, sliders) there under nbval. It needs the package index.
"""

import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_no_binder_folder_that_would_stop_repo2docker_installing_the_package():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    assert (ROOT / "requirements.txt").exists() and (ROOT / "pyproject.toml").exists()


@pytest.mark.slow
def test_a_notebook_runs_in_an_environment_built_the_binder_way(tmp_path):
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    repo = tmp_path / "repo"
    for name in tracked.stdout.split():
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", "requirements.txt"], cwd=repo, check=True)
    subprocess.run([*pip, "-e", "."], cwd=repo, check=True)
    environment = os.environ | {"MPLCONFIGDIR": str(tmp_path / "mpl")}
    environment.pop("PYTHONPATH", None)
    where = subprocess.run(
        [python, "-c", "import gdcore, sys; print(gdcore.__file__); print(sys.prefix)"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert where[0].startswith(str(repo)) and where[1] == str(env_dir)
    run = subprocess.run(
        [python, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q",
         "--nbval", "--nbval-current-env", "notebooks/04_one_step_at_a_time.ipynb"],
        cwd=repo, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "failed" not in run.stdout
