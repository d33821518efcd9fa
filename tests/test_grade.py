"""Grading: what ``gd.check`` returns and records, and ``python -m gdcore.grade`` on real student copies.

The student copies are made by tools/make_student.py, as a teacher hands them out; the answers put
into them are worked by hand from the notebooks (02's solution: J(1.5) = (1.5² + 3² + 4.5²)/6 = 5.25),
never read from gdcore.
"""

import json
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import gdcore as gd
from gdcore.selfcheck import GRADE_LOG

ROOT = Path(__file__).resolve().parent.parent


# --- what gd.check returns and records ---------------------------------------------------------------


def test_check_returns_true_when_right_and_false_when_wrong_or_unanswered(capsys):
    assert gd.check("04.1", 3)  # 04's solution: 3 → 0.2 → 0.0133 → 0.00089, three steps
    assert not gd.check("04.1", 4)  # the points visited, not the steps
    assert not gd.check("04.1", 57)
    assert not gd.check("04.1", ...)
    printed = capsys.readouterr().out.splitlines()
    assert [line[:6] for line in printed] == ["✔ 04.1", "✘ 04.1", "✘ 04.1", "04.1 ·"]


def test_check_still_prints_exactly_its_verdict(capsys):
    result = gd.check("02.1", 5.25)
    assert capsys.readouterr().out == result.text + "\n"
    assert result.text.startswith("✔ 02.1") and "within 0.5%" in result.text


def test_check_records_each_call_when_the_grader_asks(tmp_path, monkeypatch, capsys):
    log = tmp_path / "log.jsonl"
    gd.check("02.1", 5.25)  # not recorded: the variable is not set
    monkeypatch.setenv(GRADE_LOG, str(log))
    gd.check("02.1", 5.25)
    gd.check("02.2", 21)  # the first three points only: wrong
    gd.check("02.2", ...)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert records == [
        {"exercise": "02.1", "answered": True, "right": True},
        {"exercise": "02.2", "answered": True, "right": False},
        {"exercise": "02.2", "answered": False, "right": False},
    ]


def test_a_check_cell_in_a_real_kernel_shows_only_the_printed_line():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell('import gdcore as gd\ngd.check("04.1", 3)'),
            nbformat.v4.new_code_cell('gd.check("04.1", ...)'),
            nbformat.v4.new_code_cell('result = gd.check("04.1", 4)\nprint(bool(result))'),
        ]
    )
    NotebookClient(notebook, timeout=60, kernel_name="python3", shutdown_kernel="immediate").execute()
    right, unanswered, wrong = (cell.outputs for cell in notebook.cells)
    assert len(right) == 1 and right[0].output_type == "stream" and right[0].name == "stdout"
    assert right[0].text.startswith("✔ 04.1") and right[0].text.count("\n") == 1
    assert [output.output_type for output in unanswered] == ["stream"]
    assert "no answer yet" in unanswered[0].text
    assert "".join(output.text for output in wrong).endswith("\nFalse\n")
