"""Student copies (``make student``): no solutions, a cell for work before each self-check, and a
copy that runs top to bottom and answers a student's check."""

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from make_student import STUDENT_INSTALL_HINT, make_student_copies  # noqa: E402
from tidy_notebooks import INSTALL_HINT  # noqa: E402

from gdcore.course import chapter  # noqa: E402

TEACHER = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    make_student_copies(out)
    return out


def cells_of(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def text_of(cell: dict) -> str:
    return "".join(cell["source"])


def tags_of(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_every_notebook_has_a_student_copy(student):
    assert sorted(p.name for p in student.glob("*.ipynb")) == [p.name for p in TEACHER]
    assert (student / "README.md").exists() and "gdcore @ git+" in (student / "requirements.txt").read_text()


@pytest.mark.parametrize("teacher", TEACHER, ids=lambda p: p.name[:2])
def test_the_solutions_are_gone_and_everything_else_is_kept(student, teacher):
    mine, theirs = cells_of(student / teacher.name), cells_of(teacher)
    solutions = [c for c in theirs if "<summary><b>Solution" in text_of(c)]
    assert "<summary><b>Solution" not in (student / teacher.name).read_text()
    for solution in solutions:  # the solution's own code is nowhere in the student copy
        code = text_of(solution).split("```python", 1)[1].split("```", 1)[0].strip()
        assert code not in (student / teacher.name).read_text()
    # every other cell is there, in order, with its source and (except the self-checks) its outputs
    kept = [c for c in theirs if text_of(c).split("<details>")[0].strip()]
    copied = [c for c in mine if "student-work" not in tags_of(c)]
    assert [c["id"] for c in copied] == [c["id"] for c in kept]
    for before, after in zip(kept, copied, strict=True):
        if before["cell_type"] == "code" and "self-check" not in tags_of(before):
            # the set-up cell says how to install in the copies' folder (no Makefile there); nothing else
            expected = text_of(before).replace(INSTALL_HINT, STUDENT_INSTALL_HINT)
            assert text_of(after) == expected and after["outputs"] == before["outputs"]


@pytest.mark.parametrize("teacher", TEACHER, ids=lambda p: p.name[:2])
def test_each_self_check_follows_an_empty_cell_for_the_work(student, teacher):
    cells = cells_of(student / teacher.name)
    checks = [k for k, c in enumerate(cells) if "self-check" in tags_of(c)]
    assert len(checks) == sum("self-check" in tags_of(c) for c in cells_of(teacher))
    for k in checks:
        work = cells[k - 1]
        assert work["cell_type"] == "code" and "student-work" in tags_of(work) and not text_of(work).strip()
        assert cells[k]["outputs"] == [] and "gd.check(" in text_of(cells[k])


def test_badges_open_the_student_copies_not_the_teachers(student, tmp_path):
    assert "colab.research.google.com/github" not in (student / chapter(4).notebook).read_text()
    published = tmp_path / "published"
    make_student_copies(published, repo="a-teacher/class-2027", branch="spring")
    nav = text_of(cells_of(published / chapter(4).notebook)[0])
    assert (
        f"https://colab.research.google.com/github/a-teacher/class-2027/blob/spring/{chapter(4).notebook}"
        in nav
    )
    assert (
        f"https://mybinder.org/v2/gh/a-teacher/class-2027/spring?urlpath=lab/tree/{chapter(4).notebook}"
        in nav
    )
    with pytest.raises(ValueError, match="repo must be USER/REPOSITORY"):
        make_student_copies(tmp_path / "bad", repo="https://github.com/a/b")


def run(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return notebook


def check_output(notebook) -> str:
    (cell,) = [c for c in notebook.cells if "self-check" in c.metadata.get("tags", [])]
    return "".join(output.get("text", "") for output in cell.outputs)


def test_a_student_copy_runs_top_to_bottom_and_checks_an_answer(student):
    path = student / chapter(2).notebook
    assert "no answer yet" in check_output(run(path))  # runs without an error, as handed out
    # a student works in the empty cell and answers: J(1.5) = (2.25 + 9 + 20.25)/6 = 5.25
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if "student-work" in tags_of(cell):
            cell["source"] = "J = (1.5**2 + 3**2 + 4.5**2) / 6"
        if "self-check" in tags_of(cell):
            cell["source"] = text_of(cell).replace('gd.check("02.1", ...)', 'gd.check("02.1", J)')
    path.write_text(json.dumps(notebook))
    assert check_output(run(path)).startswith("✔ 02.1")


# A link target in markdown: [text](target) or <img src="target">; the address before any #anchor.
LINK = re.compile(r"\]\(([^)\s]+)\)|<img[^>]*\ssrc=\"([^\"]+)\"")


def markdown_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join(text_of(c) for c in cells_of(path) if c["cell_type"] == "markdown")
    return path.read_text()


def relative_links(text: str) -> list[str]:
    targets = [a or b for a, b in LINK.findall(text)]
    return [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:", t) and t.split("#")[0]]


@pytest.mark.parametrize("repo", [None, "a-teacher/class-2027"], ids=["no repo", "a repo"])
def test_the_copies_stand_alone(tmp_path, repo):
    # What a student's folder holds is all they have: every link inside it resolves inside it, and no
    # instruction names a make target or the course's docs/, which the folder does not contain.
    make_student_copies(tmp_path, repo=repo)
    files = sorted(p for p in tmp_path.iterdir() if p.suffix in (".ipynb", ".md"))
    assert len(files) == len(TEACHER) + 1  # the notebooks and the README
    links = 0
    for path in files:
        text = markdown_of(path)
        for target in relative_links(text):
            links += 1
            resolved = (tmp_path / target).resolve()
            assert resolved.is_relative_to(tmp_path) and resolved.exists(), f"{path.name}: dead link {target}"
        whole = path.read_text()
        assert not re.search(r"`make\b|\bmake (course|test|student|slides|html|notebooks)\b", whole), (
            path.name
        )
        assert "docs/" not in whole and "../" not in whole, path.name
    assert links >= 2 * len(TEACHER) + len(TEACHER)  # navigation in every notebook, the README's list


def test_the_readme_and_00_say_how_to_open_the_copies_four_ways(student):
    readme = (student / "README.md").read_text()
    start = markdown_of(student / chapter(0).notebook)
    for text in (readme, start):
        for way in ("**Colab**", "**Binder**", "JupyterHub", "**On your own machine**"):
            assert way in text
        assert "pip install -r requirements.txt" in text
    assert "For teachers" not in start and "teacher's guide" not in start
    # the set-up cell tells a student without gdcore what to run in this folder
    setup = next(
        text_of(c) for c in cells_of(student / chapter(4).notebook) if "COURSE_RELEASE" in text_of(c)
    )
    assert "in this folder run `pip install -r requirements.txt`" in setup and "make course" not in setup


def test_the_local_instructions_work_in_a_copy(student):
    # the README's commands, as a student would type them, name files that exist in the folder
    readme = (student / "README.md").read_text()
    assert (student / "requirements.txt").exists() and f"jupyter lab {chapter(0).notebook}" in readme
    assert (student / chapter(0).notebook).exists()


@pytest.fixture(scope="module")
def untouched(tmp_path_factory):
    """Student copies that no test edits (the run above writes into ``student``'s 02)."""
    out = tmp_path_factory.mktemp("untouched")
    make_student_copies(out)
    return out


@pytest.mark.parametrize("teacher", TEACHER, ids=lambda p: p.name[:2])
def test_a_student_copy_is_laid_out_as_jupyterlab_saves_it(untouched, teacher):
    # JupyterLab saves through nbformat: were the copy laid out otherwise (a cell's source as one
    # string, keys in another order), the first save would rewrite every cell, not only the student's
    text = (untouched / teacher.name).read_text()
    assert nbformat.writes(nbformat.reads(text, as_version=4)) + "\n" == text


def test_nbgitpullers_merge_keeps_the_students_work_and_brings_the_teachers_fix(untouched, tmp_path):
    # nbgitpuller itself (as the hub runs it, tests/test_jupyterhub.py), without a hub: the teacher's
    # repository, a student's clone, a save of the work cell, a fix to a markdown cell, the link again
    pull = pytest.importorskip("nbgitpuller.pull", reason="nbgitpuller is in the test extra")
    name = chapter(4).notebook
    teacher = tmp_path / "teacher"
    teacher.mkdir()
    (teacher / name).write_text((untouched / name).read_text())
    git(teacher, "init", "--quiet", "--initial-branch=main")
    git(teacher, "add", ".")
    git(teacher, "commit", "--quiet", "-m", "student copies")
    clone = tmp_path / "home" / "teacher"
    puller = pull.GitPuller(f"file://{teacher}", str(clone), branch="main", depth=1)
    list(puller.pull())

    mine = nbformat.read(clone / name, as_version=4)  # the student types into the work cell and saves
    (work,) = [cell for cell in mine.cells if "student-work" in cell.metadata.get("tags", [])]
    work.source = "my_answer = 42"
    nbformat.write(mine, clone / name)

    fixed = nbformat.read(teacher / name, as_version=4)  # the teacher fixes the title, far from it
    assert fixed.cells[1].source.startswith("# 04 · ")
    fixed.cells[1].source = fixed.cells[1].source.replace("# 04 · ", "# 04 · (fixed) ", 1)
    nbformat.write(fixed, teacher / name)
    git(teacher, "commit", "--quiet", "-am", "a fix")

    list(pull.GitPuller(f"file://{teacher}", str(clone), branch="main", depth=1).pull())
    merged = nbformat.read(clone / name, as_version=4)
    assert merged.cells[1].source.startswith("# 04 · (fixed) ")
    assert [c.source for c in merged.cells if "student-work" in c.metadata.get("tags", [])] == [
        "my_answer = 42"
    ]


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Teacher", "-c", "user.email=teacher@example.org", *args],
        cwd=folder,
        check=True,
    )
