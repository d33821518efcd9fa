"""The README's two commands, checked without installing or opening anything.

``make -n`` prints what make would run. Stubs for ``jupyter`` and ``id`` show what ``make course``
really runs as an ordinary user and as root (a container, a cloud VM), where Jupyter refuses to start
unless it is given ``--allow-root``.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gdcore.course import CHAPTERS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lab_harness import LAB_SETTINGS  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
STUDENT_ONLY = ("playwright", "ruff", "pytest", "nbval", "hypothesis", "[test]")


def course_copy(folder: Path, installed: bool) -> Path:
    """The files make reads, copied to ``folder``; with ``installed``, a .venv whose stamps are newer."""
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, folder / name)
        os.utime(folder / name, (1_000_000_000, 1_000_000_000))
    if installed:
        bin_ = folder / ".venv" / "bin"
        bin_.mkdir(parents=True)
        stub(bin_ / "python", "exit 0")
        stub(bin_ / "jupyter", 'echo "jupyter got: $*"')
        for stamp in (".installed-course", ".installed-test"):
            (folder / ".venv" / stamp).touch()
    return folder


def stub(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def make(folder: Path, *args: str, uid: int | None = None) -> list[str]:
    """Run make in ``folder``; with ``uid``, ``id -u`` answers that. Return the printed lines."""
    env = os.environ.copy()
    for inherited in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS"):  # run from `make test`, make would say
        env.pop(inherited, None)  # "Entering directory" around everything it prints
    if uid is not None:
        fake = folder / "fake-bin"
        fake.mkdir(exist_ok=True)
        stub(fake / "id", f"echo {uid}")
        env["PATH"] = f"{fake}{os.pathsep}{env['PATH']}"
    done = subprocess.run(["make", *args], cwd=folder, env=env, capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_make_course_installs_only_what_a_student_needs(tmp_path):
    lines = make(course_copy(tmp_path, installed=False), "-n", "course")
    installs = [line for line in lines if "pip install" in line]
    assert any("venv" in line for line in lines)
    assert any("-r requirements.txt -e ." in line for line in installs), lines
    assert not [line for line in installs if any(word in line for word in STUDENT_ONLY)]
    requirements = (ROOT / "requirements.txt").read_text().lower()
    assert not [word for word in STUDENT_ONLY if word in requirements]


def test_make_test_installs_the_test_tools_and_checks_the_formatting(tmp_path):
    lines = make(course_copy(tmp_path, installed=False), "-n", "test")
    assert any('pip install --quiet -e ".[test]"' in line for line in lines), lines
    assert ".venv/bin/ruff format --check gdcore tests tools benchmarks" in lines
    assert lines[-1].endswith("-m pytest")


def test_nothing_is_installed_again_until_requirements_or_pyproject_change(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    assert not [line for line in make(folder, "-n", "course") if "pip install" in line]
    assert not [line for line in make(folder, "-n", "test") if "pip install" in line]
    os.utime(folder / "requirements.txt")  # edited now: newer than the stamps
    assert [line for line in make(folder, "-n", "course") if "pip install" in line]
    os.utime(folder / "requirements.txt", (1_000_000_000, 1_000_000_000))
    os.utime(folder / "pyproject.toml")
    assert [line for line in make(folder, "-n", "test") if '-e ".[test]"' in line]


def test_as_an_ordinary_user_make_course_opens_the_first_notebook_with_the_course_settings(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    lines = make(folder, "course", uid=1000)
    opened = [line for line in lines if line.startswith("jupyter got:")]
    settings = f"--LabApp.app_settings_dir={folder}/tools/lab-settings"  # as the test server's
    assert opened == [f"jupyter got: lab {settings} notebooks/00_start_here.ipynb"]
    assert not [line for line in lines if "--allow-root" in line or "as root" in line]
    assert LAB_SETTINGS == ROOT / "tools" / "lab-settings"


def test_as_root_make_course_opens_the_course_anyway_and_says_why_in_one_line(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    lines = make(folder, "course", uid=0)
    opened = [line for line in lines if line.startswith("jupyter got:")]
    assert len(opened) == 1 and opened[0].endswith("--allow-root notebooks/00_start_here.ipynb")
    said = [line for line in lines if "jupyter " not in line and "jupyter got:" not in line]
    assert len(said) == 1 and "as root" in said[0] and "--allow-root" in said[0], lines
    assert "container" in said[0] and "refuses" in said[0]  # where this happens, and why


def test_make_student_needs_only_what_a_student_installs(tmp_path):
    lines = make(course_copy(tmp_path, installed=False), "-n", "student")
    installs = [line for line in lines if "pip install" in line]
    assert not [line for line in installs if any(word in line for word in STUDENT_ONLY)]
    assert lines[-1].endswith("tools/make_student.py")
    published = make(course_copy(tmp_path, installed=True), "-n", "student", "STUDENT_REPO=a-teacher/class")
    assert published[-1].endswith("tools/make_student.py --repo a-teacher/class --branch main")


def test_make_student_writes_every_copy_from_a_copy_of_the_course(tmp_path):
    venv = ROOT / ".venv"
    if not (venv / ".installed-course").exists():
        pytest.skip("needs the course's .venv (make course or make test makes it)")
    folder = course_copy(tmp_path, installed=False)
    for name in ("tools", "notebooks"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / ".venv").symlink_to(venv)  # its stamps are newer than the copied files: nothing to install
    lines = make(folder, "student")
    written = sorted(p.name for p in (folder / "build" / "student").glob("*.ipynb"))
    assert written == sorted(chapter.notebook for chapter in CHAPTERS)
    assert any(line.startswith(f"{len(written)} student copies in build/student/") for line in lines)


def test_make_slides_builds_the_decks_with_what_a_student_has(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    lines = make(folder, "-n", "slides")
    assert lines == [".venv/bin/python tools/make_slides.py build/slides"]


def test_make_notebooks_passes_the_chosen_notebooks_and_the_check_to_the_build(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    build = ".venv/bin/python tools/build_notebooks.py"
    assert make(folder, "-n", "notebooks") == [build]
    assert make(folder, "-n", "notebooks", "ONLY=04 05") == [f"{build} 04 05"]
    assert make(folder, "-n", "notebooks", "ONLY=04", "CHECK=1") == [f"{build} --check 04"]
