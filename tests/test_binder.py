"""Binder builds the course from ``binder/``: the course lock, then the package, on the Python of the outputs.

What repo2docker (Binder's builder) does with this repository, in its ``buildpacks/base.py``,
``buildpacks/conda/__init__.py``, ``buildpacks/python/__init__.py`` and ``utils.py``:

- ``BuildPack.binder_dir``: a ``binder/`` folder (and no ``.binder/``, which would be an error) is where
  every file is looked for (``binder_path``); the root's requirements.txt is then ignored.
- ``BuildPack.runtime`` reads ``binder/runtime.txt`` (``python-3.11``), and
  ``PythonBuildPack.python_version`` takes that version as given. Without it Binder would use
  ``CondaBuildPack.major_pythons["3"]`` (3.10), where the lock holds older numpy, matplotlib and
  scikit-learn than the outputs were made with; with ``binder/``, pyproject's requires-python is not read.
- ``PythonBuildPack._get_pip_scripts``: ``${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r
  "binder/requirements.txt"``; its entries carry hashes, so pip checks every file (hash-checking mode
  needs every dependency pinned, which a lock is). ``_should_preassemble_pip`` runs it before the
  repository is copied in (a layer reused while only the notebooks change) because no line is a local
  reference (``utils.is_local_pip_requirement``): a ``.``/``-e .`` line would also break hash-checking.
- ``PythonBuildPack._is_python_package`` is False when ``binder/`` exists, so ``get_assemble_scripts``
  does not ``pip install .``: ``binder/postBuild`` does, with ``--no-deps``, run by ``./binder/postBuild``
  in the copied repository (``base.py``'s template, ``get_post_build_scripts``).

The slow test does the same in a fresh virtual environment, from a copy of the tracked files: the lock
from a folder holding nothing else, then postBuild itself, adds nbval and pytest at the test lock's
versions (Binder's students do not need them) and runs notebook 04 (gradient, steps, sliders) there.
Binder's own environment also holds repo2docker's frozen JupyterLab and server; pip replaces the ones
the lock pins differently. It needs the package index, or pip's cache (which this test, unlike
repo2docker's ``--no-cache-dir``, uses).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fresh_env import FreshEnv
from lockfile import COURSE_LOCK, TEST_LOCK, read_lock, resolved
from test_packaging import find_python

from gdcore.course import chapter

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
LIBRARIES = ("numpy", "matplotlib", "scikit-learn")  # the ones whose versions shape the outputs


def runtime_python() -> str:
    """The Python version of binder/runtime.txt, read as repo2docker's ``BuildPack.runtime`` does."""
    text = (BINDER / "runtime.txt").read_text().strip()
    found = re.fullmatch(r"python-(3\.\d+)", text)
    assert found, f"binder/runtime.txt says {text!r}, not python-3.X"
    return found[1]


def is_local_pip_requirement(line: str) -> bool:
    """repo2docker's ``utils.is_local_pip_requirement``: does this requirements line refer to a local path?"""
    line = line.split("#", 1)[0].strip()
    if not line or line.startswith("--pre"):
        return False
    if line.startswith(("-r", "-c", "--requirement", "--constraint")):
        return True
    if line.startswith("--") and "=" in line:
        line = line.split("=", 1)[1]
    if line.startswith("-"):
        _, *rest = line.split(None, 1)
        if not rest:
            return False
        line = rest[0]
    if "file://" in line:
        return True
    path = line.split("://", 1)[1] if "://" in line else line
    return path.startswith(".")


def test_binder_folder_is_the_one_repo2docker_reads():
    assert BINDER.is_dir() and not (ROOT / ".binder").exists()  # both would stop repo2docker
    assert (ROOT / "requirements.txt").exists() and (ROOT / "pyproject.toml").exists()  # for pip users
    assert sorted(path.name for path in BINDER.iterdir()) == ["postBuild", "requirements.txt", "runtime.txt"]


def test_binder_installs_the_course_lock_itself_from_a_cacheable_layer():
    assert (BINDER / "requirements.txt").read_bytes() == COURSE_LOCK.read_bytes(), (
        "binder/requirements.txt is not a copy of locks/course.txt: run `make lock`"
    )
    logical = re.sub(r"\\\n", " ", (BINDER / "requirements.txt").read_text()).splitlines()
    assert not [line for line in logical if is_local_pip_requirement(line)]
    assert is_local_pip_requirement("-e .") and is_local_pip_requirement("-r ../requirements.txt")


def test_postbuild_installs_the_package_without_touching_the_locked_versions():
    script = (BINDER / "postBuild").read_text()
    assert script.startswith("#!/bin/bash\n") and "set -euo pipefail" in script
    assert (BINDER / "postBuild").stat().st_mode & 0o100  # repo2docker chmods it anyway; git keeps it so
    commands = [line for line in script.splitlines() if line.strip() and not line.startswith(("#", "set "))]
    assert commands == ['"${KERNEL_PYTHON_PREFIX}/bin/pip" install --no-cache-dir --no-deps .']


def test_binder_runs_the_python_the_outputs_were_made_with():
    made_with = set()
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        version = json.loads(path.read_text(encoding="utf-8"))["metadata"]["language_info"]["version"]
        made_with.add(".".join(version.split(".")[:2]))
    assert made_with == {runtime_python()}
    assert runtime_python() in ("3.10", "3.11", "3.12", "3.13")  # the ones the lock is checked for


@pytest.mark.slow
def test_a_notebook_runs_in_an_environment_built_the_binder_way(tmp_path):
    python = find_python(runtime_python())
    if python is None:
        pytest.skip(f"Python {runtime_python()} (binder/runtime.txt) not found")
    env = FreshEnv(tmp_path, python)
    before_the_copy = tmp_path / "preassemble"  # only the requirements file, as repo2docker copies it
    (before_the_copy / "binder").mkdir(parents=True)
    shutil.copy2(env.repo / "binder" / "requirements.txt", before_the_copy / "binder")
    pip = [env.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    lock = [*pip, "-r", "binder/requirements.txt"]
    subprocess.run(lock, cwd=before_the_copy, env=env.environment, check=True)
    postbuild = env.environment | {"KERNEL_PYTHON_PREFIX": str(env.prefix)}
    subprocess.run(["./binder/postBuild"], cwd=env.repo, env=postbuild, check=True)

    where = env.run("-c", "import gdcore, sys; print(gdcore.__file__); print(sys.prefix)", cwd=env.elsewhere)
    installed, prefix = where.split()
    assert prefix == str(env.prefix) and installed.startswith(prefix)  # the installed copy, not the repo's
    markers = "import json, packaging.markers as m; print(json.dumps(m.default_environment()))"
    here = json.loads(env.run("-c", markers))  # that Python's, to read the lock as pip did
    locked = resolved(read_lock(COURSE_LOCK), here)
    probe = f"import importlib.metadata as m; print(*(m.version(name) for name in {LIBRARIES!r}))"
    assert env.run("-c", probe).split() == [str(locked[name]) for name in LIBRARIES]

    tools = resolved(read_lock(TEST_LOCK), here)
    env.pip_install(*(f"{name}=={tools[name]}" for name in ("nbval", "pytest")))  # for this test only
    env.assert_pytest_passes("--nbval", "--nbval-current-env", f"notebooks/{chapter(4).notebook}")
