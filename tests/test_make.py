"""The README's two commands, checked without installing or opening anything.

``make -n`` prints what make would run. Stubs for ``jupyter`` and ``id`` show what ``make course``
really runs as an ordinary user and as root (a container, a cloud VM), where Jupyter refuses to start
unless it is given ``--allow-root``.
"""

import os
import re
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
STUDENT_ONLY = ("playwright", "ruff", "pytest", "nbval", "hypothesis", "mypy", "[test]")
COURSE_LOCK, TEST_LOCK = LOCKS = ("locks/course.txt", "locks/test.txt")


def pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11's tomllib")
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def course_copy(folder: Path, installed: bool) -> Path:
    """The files make reads, copied to ``folder``; with ``installed``, a .venv whose stamps are newer."""
    (folder / "locks").mkdir(exist_ok=True)
    (folder / "gdcore").mkdir(exist_ok=True)
    for name in ("Makefile", "requirements.txt", "pyproject.toml", "gdcore/__init__.py", *LOCKS):
        shutil.copy2(ROOT / name, folder / name)
        os.utime(folder / name, (1_000_000_000, 1_000_000_000))
    (folder / "notebooks").mkdir(exist_ok=True)  # make course opens the first notebook it finds there
    for chapter in CHAPTERS:
        (folder / "notebooks" / chapter.notebook).touch()
    if installed:
        bin_ = folder / ".venv" / "bin"
        bin_.mkdir(parents=True)
        stub(bin_ / "python", "exit 0")
        stub(bin_ / "jupyter", 'echo "jupyter got: $*"')
        for stamp in (".installed-course", ".installed-test"):
            (folder / ".venv" / stamp).touch()
            # dated between the inputs' (2001) and now: a file touched now is newer at any clock resolution
            os.utime(folder / ".venv" / stamp, (1_500_000_000, 1_500_000_000))
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
    # the exact versions of the course lock, every file hash-checked, then the package without its
    # dependencies (the lock holds them); never the ranges of requirements.txt or pyproject.toml
    assert installs[-2:] == [
        f".venv/bin/python -m pip install --quiet --require-hashes -r {COURSE_LOCK}",
        ".venv/bin/python -m pip install --quiet --no-deps -e .",
    ], lines
    assert not [line for line in installs if "requirements.txt" in line or ".[" in line]
    assert not [line for line in installs if any(word in line for word in STUDENT_ONLY)]
    requirements = (ROOT / "requirements.txt").read_text().lower()
    assert not [word for word in STUDENT_ONLY if word in requirements]


def test_make_test_installs_the_test_tools_and_checks_the_formatting(tmp_path):
    lines = make(course_copy(tmp_path, installed=False), "-n", "test")
    installs = [line for line in lines if "pip install" in line]
    assert f".venv/bin/python -m pip install --quiet --require-hashes -r {TEST_LOCK}" in installs, lines
    assert installs.index(f".venv/bin/python -m pip install --quiet --require-hashes -r {TEST_LOCK}") > (
        installs.index(f".venv/bin/python -m pip install --quiet --require-hashes -r {COURSE_LOCK}")
    )  # the course first, as `make course` installs it; the test lock holds the same versions
    assert not [line for line in installs if "requirements.txt" in line or ".[" in line]
    assert ".venv/bin/ruff format --check gdcore tests tools benchmarks" in lines
    assert lines[-1].endswith("-m pytest")


def test_nothing_is_installed_again_until_a_lock_or_pyproject_changes(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    assert not [line for line in make(folder, "-n", "course") if "pip install" in line]
    assert not [line for line in make(folder, "-n", "test") if "pip install" in line]
    os.utime(folder / COURSE_LOCK)  # remade now: newer than the stamps
    assert [line for line in make(folder, "-n", "course") if "pip install" in line]
    os.utime(folder / COURSE_LOCK, (1_000_000_000, 1_000_000_000))
    os.utime(folder / TEST_LOCK)
    assert not [line for line in make(folder, "-n", "course") if "pip install" in line]
    assert [line for line in make(folder, "-n", "test") if f"-r {TEST_LOCK}" in line]
    os.utime(folder / TEST_LOCK, (1_000_000_000, 1_000_000_000))
    os.utime(folder / "pyproject.toml")  # the package's metadata: installed again, editable
    assert [line for line in make(folder, "-n", "test") if "--no-deps -e ." in line]
    os.utime(folder / "pyproject.toml", (1_000_000_000, 1_000_000_000))
    os.utime(folder / "gdcore" / "__init__.py")  # a new version: the package's metadata must say it
    assert [line for line in make(folder, "-n", "course") if "--no-deps -e ." in line]
    os.utime(folder / "gdcore" / "__init__.py", (1_000_000_000, 1_000_000_000))
    # an edited range does not change what is installed until `make lock` resolves it (test_lock.py
    # fails meanwhile if the lock no longer satisfies it)
    os.utime(folder / "requirements.txt")
    assert not [line for line in make(folder, "-n", "test") if "pip install" in line]


def test_make_lock_compiles_both_locks_for_every_python_copies_the_course_lock_to_binder_and_reruns_nbval(
    tmp_path,
):
    folder = course_copy(tmp_path, installed=True)
    lines = make(folder, "-n", "lock")
    (install_uv,) = [line for line in lines if "pip install" in line and "uv" in line]
    assert re.fullmatch(r".* install --quiet uv==\d+\.\d+\.\d+", install_uv)  # one exact release of uv
    compiles = [line for line in lines if "uv pip compile" in line]
    assert [line.split(" -o ")[-1] for line in compiles] == [TEST_LOCK, COURSE_LOCK]  # test first
    floor = re.fullmatch(r">=(3\.\d+)", pyproject()["project"]["requires-python"])[1]
    for line in compiles:
        assert f"--universal --python-version {floor} --generate-hashes" in line
        assert "--default-index https://pypi.org/simple" in line  # not this machine's pip.conf indexes
        assert '--custom-compile-command "make lock"' in line  # the lock's header says how to remake it
    assert "--upgrade" in compiles[0] and "--extra test" in compiles[0]
    assert f"--constraint {TEST_LOCK}" in compiles[1] and "--extra" not in compiles[1]  # held to its versions
    assert f"cp {COURSE_LOCK} binder/requirements.txt" in lines
    assert lines[-1].endswith("-m pytest -p no:cacheprovider -q notebooks")  # nbval, via pyproject's addopts
    again = make(folder, "-n", "lock", "LOCK_UPGRADE=")
    assert not [line for line in again if "--upgrade" in line]


def test_as_an_ordinary_user_make_course_opens_the_first_notebook_with_the_course_settings(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    lines = make(folder, "course", uid=1000)
    opened = [line for line in lines if line.startswith("jupyter got:")]
    settings = f"--LabApp.app_settings_dir={folder}/tools/lab-settings"  # as the test server's
    assert opened == [f"jupyter got: lab {settings} notebooks/{CHAPTERS[0].notebook}"]
    assert not [line for line in lines if "--allow-root" in line or "as root" in line]
    assert LAB_SETTINGS == ROOT / "tools" / "lab-settings"


def test_as_root_make_course_opens_the_course_anyway_and_says_why_in_one_line(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    lines = make(folder, "course", uid=0)
    opened = [line for line in lines if line.startswith("jupyter got:")]
    assert len(opened) == 1 and opened[0].endswith(f"--allow-root notebooks/{CHAPTERS[0].notebook}")
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
        shutil.copytree(
            ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True
        )
    (folder / ".venv").symlink_to(venv)  # its stamps are newer than the copied files: nothing to install
    lines = make(folder, "student")
    written = sorted(p.name for p in (folder / "build" / "student").glob("*.ipynb"))
    assert written == sorted(chapter.notebook for chapter in CHAPTERS)
    assert any(line.startswith(f"{len(written)} student copies in build/student/") for line in lines)


def test_make_slides_builds_the_decks_with_what_a_student_has(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    lines = make(folder, "-n", "slides")
    assert lines == [".venv/bin/python tools/make_slides.py build/slides"]


def test_make_html_builds_the_pages_with_what_a_student_has(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    lines = make(folder, "-n", "html")
    assert lines == [".venv/bin/python tools/make_html.py build/html"]


def test_make_site_builds_the_site_with_the_tools_of_the_test_lock_and_the_student_copies_on_request(
    tmp_path,
):
    folder = course_copy(tmp_path, installed=True)
    assert make(folder, "-n", "site") == [".venv/bin/python tools/make_site.py build/site"]
    assert make(folder, "-n", "site", "STUDENT=1") == [
        ".venv/bin/python tools/make_site.py build/site --student"
    ]
    (
        folder / ".venv" / ".installed-test"
    ).unlink()  # jupyterlite comes with the test tools (pyproject's site extra)
    assert any("-r locks/test.txt" in line for line in make(folder, "-n", "site"))


def test_make_notebooks_passes_the_chosen_notebooks_and_the_check_to_the_build(tmp_path):
    folder = course_copy(tmp_path, installed=True)
    build = ".venv/bin/python tools/build_notebooks.py"
    assert make(folder, "-n", "notebooks") == [build]
    assert make(folder, "-n", "notebooks", "ONLY=04 05") == [f"{build} 04 05"]
    assert make(folder, "-n", "notebooks", "ONLY=04", "CHECK=1") == [f"{build} --check 04"]


def test_the_readme_gives_the_two_commands_as_the_only_set_up_and_make_lock_to_maintainers():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, re.DOTALL)
    assert [[line.split("#")[0].strip() for line in block.splitlines()] for block in blocks] == [
        ["make course", "make test"]
    ]
    prose = [part for part in readme.split("\n\n") if "`make lock`" in part and not part.startswith("|")]
    assert len(prose) == 1 and prose[0].startswith("**For maintainers.**") and "locks/" in prose[0]
