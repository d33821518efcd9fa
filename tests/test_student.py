"""Student copies (``make student``): no solutions, a cell for work before each self-check, and a
copy that runs top to bottom and answers a student's check."""

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from make_student import make_student_copies  # noqa: E402

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
            assert after["source"] == before["source"] and after["outputs"] == before["outputs"]


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
