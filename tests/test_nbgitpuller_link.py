"""tools/nbgitpuller_link.py: the link that pulls the course onto a JupyterHub and opens a notebook.

The expected links are written out by hand, each escape checked against the form encoding that
nbgitpuller's link generator uses (``:`` is %3A, ``/`` is %2F, a space is ``+``).
"""

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from nbgitpuller_link import clone_folder, nbgitpuller_link  # noqa: E402


def test_a_link_to_a_student_copy_in_jupyterlab():
    link = nbgitpuller_link(
        "https://hub.example.org",
        "https://github.com/a-teacher/class-2027",
        "main",
        "04_one_step_at_a_time.ipynb",
    )
    assert link == (
        "https://hub.example.org/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgithub.com%2Fa-teacher%2Fclass-2027"
        "&branch=main"
        "&urlpath=lab%2Ftree%2Fclass-2027%2F04_one_step_at_a_time.ipynb"
    )


def test_a_hub_under_a_path_a_folder_with_a_space_and_the_classic_interface():
    link = nbgitpuller_link(
        "https://uni.example.org/jupyter/", "https://git.example.org/ml/course.git", "spring-2027",
        "week 2/notebooks/04_one_step_at_a_time.ipynb", interface="classic",
    )  # fmt: skip
    assert link == (
        "https://uni.example.org/jupyter/hub/user-redirect/git-pull"
        "?repo=https%3A%2F%2Fgit.example.org%2Fml%2Fcourse.git"
        "&branch=spring-2027"
        "&urlpath=tree%2Fcourse.git%2Fweek+2%2Fnotebooks%2F04_one_step_at_a_time.ipynb"
    )
    # what the hub's server reads back
    query = parse_qs(urlsplit(link).query)
    assert query["urlpath"] == ["tree/course.git/week 2/notebooks/04_one_step_at_a_time.ipynb"]


def test_the_clone_folder_is_nbgitpullers_default():
    # nbgitpuller's handlers: targetpath = repo.rstrip('/').split('/')[-1] (a ".git" is kept)
    assert clone_folder("https://github.com/a-teacher/class-2027/") == "class-2027"
    assert clone_folder("file:///srv/git/course-student") == "course-student"
    assert clone_folder("https://git.example.org/ml/course.git") == "course.git"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("hub.example.org", "https://github.com/a/b", "main", "x.ipynb"), "hub must be"),
        (("https://hub.example.org", "https://github.com/a/b", "", "x.ipynb"), "branch must be"),
        (("https://hub.example.org", "https://github.com/a/b", "main", "/"), "notebook must be"),
        (("https://hub.example.org", "/", "main", "x.ipynb"), "repo must be"),
    ],
)
def test_bad_arguments_are_named(args, message):
    with pytest.raises(ValueError, match=message):
        nbgitpuller_link(*args)
    with pytest.raises(ValueError, match="interface must be one of"):
        nbgitpuller_link("https://hub.example.org", "https://github.com/a/b", "main", "x.ipynb", "vscode")


def test_the_command_prints_the_link():
    done = subprocess.run(
        [
            sys.executable, str(ROOT / "tools" / "nbgitpuller_link.py"), "--hub", "https://hub.example.org",
            "--repo", "https://github.com/a-teacher/class-2027", "--notebook", "04_one_step_at_a_time.ipynb",
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout == (
        "https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fa-teacher%2F"
        "class-2027&branch=main&urlpath=lab%2Ftree%2Fclass-2027%2F04_one_step_at_a_time.ipynb\n"
    )
