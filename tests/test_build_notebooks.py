"""``make notebooks`` (tools/build_notebooks.py): what the tools write into the notebooks, regenerated.

The committed notebooks are checked against all the steps that do not execute (self-check cells,
navigation and badges, slide metadata) in one test; nbval checks what execution writes. The
self-check step is then checked on copies of a notebook whose cell was damaged, removed or given an
id that is no exercise, and execution once, on a tiny notebook of its own.
"""

import copy
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import add_check_cells  # noqa: E402
import build_notebooks  # noqa: E402
import tidy_notebooks  # noqa: E402

from gdcore.course import chapter  # noqa: E402
from gdcore.selfcheck import EXERCISES  # noqa: E402

NOTEBOOK_04 = ROOT / "notebooks" / chapter(4).notebook


def test_every_part_the_tools_write_is_what_they_would_write(capsys):
    # the self-check cells, navigation, badges and the README's table, slide metadata; not execution
    assert build_notebooks.main(["--check"]) == 0, capsys.readouterr().out


def load_04() -> dict:
    return json.loads(NOTEBOOK_04.read_text(encoding="utf-8"))


def checks(cells: list[dict]) -> list[dict]:
    return [cell for cell in cells if "self-check" in cell["metadata"].get("tags", [])]


def test_the_committed_self_check_cells_check_each_notebooks_exercises_once():
    # independent of the tool: the ids are read off the gd.check lines of the committed cells
    for path in tidy_notebooks.notebook_files():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        lines = [line for cell in checks(cells) for line in "".join(cell["source"]).splitlines()]
        held = [line.split('"')[1] for line in lines if line.startswith("gd.check(")]
        assert held == [e for e in EXERCISES if e.startswith(path.name[:2] + ".")], path.name


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """The notebooks copied to a folder that the tools take for the course's (no README there)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns(".*"))
    monkeypatch.setattr(tidy_notebooks, "ROOT", tmp_path)
    monkeypatch.setattr(tidy_notebooks, "NOTEBOOKS", tmp_path / "notebooks")
    return tmp_path / "notebooks" / NOTEBOOK_04.name


def damage(path: Path, change) -> str:
    """Apply ``change`` to the self-check cell of the notebook at ``path``; return the file's new text."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    (cell,) = checks(nb["cells"])
    change(cell)
    text = tidy_notebooks.as_written(nb)
    path.write_text(text, encoding="utf-8")
    return text


def wrong_comment(cell):
    cell["source"][-1] = cell["source"][-1].replace("a whole number, exactly", "a number, within 0.5%")


def unknown_id(cell):
    cell["source"].append('\ngd.check("04.9", ...)  # a number, within 0.5%')


def other_notebooks_id(cell):
    cell["source"][-1] = cell["source"][-1].replace('"04.1"', '"05.1"')


@pytest.mark.parametrize("change", [wrong_comment, unknown_id, other_notebooks_id])
def test_a_self_check_cell_that_is_not_what_the_exercises_say_is_stale(course_copy, change, capsys):
    text = damage(course_copy, change)
    assert build_notebooks.main(["--check", "04"]) == 1
    assert f"stale: notebooks/{course_copy.name}" in capsys.readouterr().out
    assert course_copy.read_text(encoding="utf-8") == text, "--check changes nothing"


@pytest.mark.parametrize("change", [wrong_comment, unknown_id, other_notebooks_id])
def test_rewriting_a_damaged_self_check_cell_gives_back_the_committed_one(course_copy, change):
    damage(course_copy, change)
    add_check_cells.main(["04"])
    assert course_copy.read_text(encoding="utf-8") == NOTEBOOK_04.read_text(encoding="utf-8")


def test_a_notebook_without_a_self_check_cell_gets_one_right_after_its_exercise():
    nb = load_04()
    committed = copy.deepcopy(checks(nb["cells"])[0])
    nb["cells"] = [cell for cell in nb["cells"] if cell not in checks(nb["cells"])]
    add_check_cells.set_check_cells(NOTEBOOK_04.name, nb["cells"], add_check_cells.exercise_ids("04"))
    (new,) = checks(nb["cells"])
    before = nb["cells"][nb["cells"].index(new) - 1]
    assert before["cell_type"] == "markdown" and "## Exercise" in "".join(before["source"])
    assert new["source"] == committed["source"] and new["outputs"] == []
    again = copy.deepcopy(nb["cells"])
    add_check_cells.set_check_cells(NOTEBOOK_04.name, again, add_check_cells.exercise_ids("04"))
    assert again == nb["cells"], "a second run changes nothing, the new cell's id included"


def test_an_exercise_that_no_cell_checks_is_added_to_the_last_self_check_cell():
    nb = load_04()
    (cell,) = checks(nb["cells"])
    cell_id, outputs = cell["id"], copy.deepcopy(cell["outputs"])
    add_check_cells.set_check_cells(NOTEBOOK_04.name, nb["cells"], ["04.1", "05.1"])
    (cell,) = checks(nb["cells"])
    assert [line.split('"')[1] for line in cell["source"][1:]] == ["04.1", "05.1"]
    assert cell["id"] == cell_id and cell["outputs"] == outputs, "rewritten in place"


def test_notebooks_are_chosen_by_number_with_or_without_the_leading_zero():
    assert [p.name[:2] for p in add_check_cells.chosen(["4", "05"])] == ["04", "05"]
    with pytest.raises(SystemExit, match="no notebook numbered 99"):
        add_check_cells.chosen(["99"])
    with pytest.raises(SystemExit, match="digits"):
        add_check_cells.chosen(["04.1"])


def tiny_notebook(folder: Path) -> Path:
    """A notebook that prints in two messages and says where it runs, with metadata no kernel has."""
    cell = {"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {}, "outputs": []}
    cells = [
        cell | {"source": 'print("first", flush=True)\nprint("second")'},
        cell | {"id": "a2", "source": "import os\nprint(os.getcwd())"},
    ]
    metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.0.0-as-committed"},
    }
    nb = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    path = folder / "tiny.ipynb"
    path.write_text(tidy_notebooks.as_written(nb), encoding="utf-8")
    return path


def test_execution_keeps_the_metadata_joins_prints_and_runs_in_the_notebooks_folder(tmp_path):
    folder = tmp_path / "where"
    folder.mkdir()
    path = tiny_notebook(folder)
    before = json.loads(path.read_text(encoding="utf-8"))
    after = json.loads(build_notebooks.executed(path))
    assert after["metadata"] == before["metadata"]
    first, second = after["cells"]
    assert [o["output_type"] for o in first["outputs"]] == ["stream"], "two prints, one output"
    assert "".join(first["outputs"][0]["text"]) == "first\nsecond\n"
    assert "".join(second["outputs"][0]["text"]).strip() == str(folder)
    assert [c["execution_count"] for c in after["cells"]] == [1, 2]
    assert all("execution" not in c["metadata"] for c in after["cells"]), "no timings"
