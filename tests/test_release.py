"""Releases: one version, and every link and install at its tag, never at a branch.

A class works on one release all term; a change to an exercise on main must not change the checks
under students already working. So the version is written once (``gdcore.__version__``), and every
place that installs or opens the course names the tag ``v`` + that version: the notebooks' Colab
set-up cell, their Colab and Binder badges, the README's, the teacher's guide's commands and the
student copies' requirements. ``make release`` (tools/release.py) makes the tag.
"""

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import release  # noqa: E402
from make_student import make_student_copies  # noqa: E402
from tidy_notebooks import COURSE_REPO  # noqa: E402

import gdcore  # noqa: E402
from gdcore.course import CHAPTERS  # noqa: E402

TAG = f"v{gdcore.__version__}"
PATH = COURSE_REPO.removeprefix("https://github.com/")
# Every way an address can name a version of the course repository: what follows must be the tag.
COLAB_REF = re.compile(rf"colab\.research\.google\.com/github/{re.escape(PATH)}/blob/([^/)\s]+)/")
BINDER_REF = re.compile(rf"mybinder\.org/v2/gh/{re.escape(PATH)}/([^?)\s/]+)")
PIP_REF = re.compile(rf"git\+{re.escape(COURSE_REPO)}(@[^\s\"'`)]+)?")


def course_texts() -> dict[str, str]:
    """The text of every file of the course that a reader or an installer follows a link from."""
    files = [
        *sorted((ROOT / "notebooks").glob("*.ipynb")),
        ROOT / "README.md",
        ROOT / "CONTRIBUTING.md",
        *sorted((ROOT / "docs").glob("*.md")),
        *sorted((ROOT / "binder").iterdir()),
    ]
    return {str(path.relative_to(ROOT)): path.read_text() for path in files}


@pytest.fixture(scope="module")
def student_texts(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("student")
    make_student_copies(out)
    return {f"student/{path.name}": path.read_text() for path in sorted(out.iterdir())}


def test_the_version_is_written_once():
    pyproject = (ROOT / "pyproject.toml").read_text()
    project = pyproject.split("[project]")[1].split("\n[")[0]
    assert not re.search(r"^version\s*=", project, re.MULTILINE)
    assert 'dynamic = ["version"]' in project
    assert 'version = { attr = "gdcore.__version__" }' in pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+", gdcore.__version__)
    assert release.version() == gdcore.__version__  # read from the file, without importing
    # the installed package says the same (make install reinstalls it when gdcore/__init__.py changes)
    assert importlib.metadata.version("gdcore") == gdcore.__version__


def test_every_colab_and_binder_link_opens_the_release(student_texts):
    refs = {}
    for name, text in course_texts().items():
        for pattern in (COLAB_REF, BINDER_REF):
            for found in pattern.finditer(text):
                refs.setdefault(found.group(1), []).append(name)
    assert set(refs) == {TAG}, {ref: names[:3] for ref, names in refs.items() if ref != TAG}
    # the badges of every notebook, top and bottom, and the README's table: a few dozen links
    assert len(refs[TAG]) >= 2 * 2 * len(CHAPTERS)
    # the student copies open the student repository, never the course's at a branch
    for name, text in student_texts.items():
        assert not COLAB_REF.search(text) and not BINDER_REF.search(text), name


def test_every_install_of_gdcore_from_the_repository_names_the_release(student_texts):
    installs = []
    for name, text in {**course_texts(), **student_texts}.items():
        for found in PIP_REF.finditer(text):
            installs.append((name, found.group(1)))
    assert installs and all(ref == "@" + TAG for _, ref in installs), [
        i for i in installs if i[1] != "@" + TAG
    ]
    assert {"student/requirements.txt", "docs/teaching.md"} <= {name for name, _ in installs}
    # the notebooks' set-up cell installs f"git+{COURSE_REPO}@{COURSE_RELEASE}" (tests/test_setup_cell.py
    # runs it in a pretend Colab): its COURSE_RELEASE is the tag, in every notebook and student copy
    releases = {}
    for name, text in {**course_texts(), **student_texts}.items():
        for release_line in re.findall(r'COURSE_RELEASE = \\"([^"\\]+)', text):
            releases[name] = release_line
    # every notebook, in the course and in the student copies
    assert len([name for name in releases if name.endswith(".ipynb")]) == 2 * len(CHAPTERS)
    assert set(releases.values()) == {TAG}


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def make_release(course: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(course / "tools" / "release.py")], capture_output=True, text=True, cwd=course
    )


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A clone of this commit of the course, where releases can be made and broken."""
    for key, value in {"NAME": "A Maintainer", "EMAIL": "maintainer@example.org"}.items():
        monkeypatch.setenv(f"GIT_AUTHOR_{key}", value)
        monkeypatch.setenv(f"GIT_COMMITTER_{key}", value)
    clone = tmp_path / "course"
    subprocess.run(["git", "clone", "--quiet", "--no-tags", str(ROOT), str(clone)], check=True)
    return clone


def test_make_release_tags_this_commit_once_and_never_moves_a_tag(course):
    head = git("rev-parse", "HEAD", cwd=course)
    done = make_release(course)
    assert done.returncode == 0, done.stderr
    assert f"as {TAG}" in done.stdout and f"git push origin HEAD {TAG}" in done.stdout
    assert git("rev-parse", f"{TAG}^{{commit}}", cwd=course) == head
    again = make_release(course)  # on the tagged commit: nothing to do
    assert again.returncode == 0 and "already tags this commit" in again.stdout
    git("commit", "--quiet", "--allow-empty", "-m", "a change after the release", cwd=course)
    moved = make_release(course)
    assert moved.returncode == 1 and f"{TAG} already tags commit {head[:10]}" in moved.stderr
    assert git("rev-parse", f"{TAG}^{{commit}}", cwd=course) == head  # the tag stayed where it was


def test_make_release_refuses_uncommitted_changes_and_stale_pins(course):
    readme = course / "README.md"
    readme.write_text(readme.read_text() + "\nan edit not yet committed\n")
    dirty = make_release(course)
    assert dirty.returncode == 1 and "commit or stash your changes first" in dirty.stderr
    git("checkout", "README.md", cwd=course)
    # a new version, committed without `make notebooks`: every pin still names the old tag
    init = course / "gdcore" / "__init__.py"
    init.write_text(
        init.read_text().replace(f'__version__ = "{gdcore.__version__}"', '__version__ = "9.9.9"')
    )
    git("commit", "--quiet", "-am", "version 9.9.9, pins not rewritten", cwd=course)
    stale = make_release(course)
    assert stale.returncode == 1 and "pins or links are stale" in stale.stderr
    assert "notebooks/04_one_step_at_a_time.ipynb" in stale.stderr
    assert git("tag", cwd=course) == ""
