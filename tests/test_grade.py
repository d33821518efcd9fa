"""Grading: what ``gd.check`` returns and records, and ``python -m gdcore.grade`` on real student copies.

The student copies are made by tools/make_student.py, as a teacher hands them out; the answers put
into them are worked by hand from the notebooks (02's solution: J(1.5) = (1.5² + 3² + 4.5²)/6 = 5.25),
never read from gdcore.
"""

import copy
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import gdcore as gd
from gdcore.course import chapter
from gdcore.grade import Grade, ProgressBar, grade_folder, inspect_submission, main
from gdcore.selfcheck import GRADE_LOG

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from make_student import make_student_copies  # noqa: E402

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


# --- student copies, answered as students would --------------------------------------------------


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    make_student_copies(out)
    return out


def handed_out(student: Path, number: int) -> dict:
    """The student copy of chapter ``number``, parsed, as the teacher hands it out."""
    return json.loads((student / chapter(number).notebook).read_text())


def tagged(notebook: dict, tag: str) -> dict:
    (cell,) = [c for c in notebook["cells"] if tag in c.get("metadata", {}).get("tags", [])]
    return cell


def cell_number(notebook: dict, tag: str) -> int:
    """The number of the cell tagged ``tag``, counted from 1 at the top, markdown cells included."""
    return notebook["cells"].index(tagged(notebook, tag)) + 1


def answered(notebook: dict, work: str = "", **answers: str) -> dict:
    """A copy of ``notebook`` with ``work`` in its work cell and each answer in place of its ``...``
    (``answers`` by exercise id, written with _ for the dot: ``e02_1="J"``)."""
    notebook = copy.deepcopy(notebook)
    tagged(notebook, "student-work")["source"] = work
    check = tagged(notebook, "self-check")
    text = "".join(check["source"])
    for key, answer in answers.items():
        exercise = key[1:].replace("_", ".")
        placeholder = f'gd.check("{exercise}", ...)'
        assert placeholder in text, f"{placeholder} is not in the self-check cell"
        text = text.replace(placeholder, f'gd.check("{exercise}", {answer})')
    check["source"] = text
    return notebook


def save(notebook: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1))


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return {row["submission"]: row for row in csv.DictReader(file)}


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def kernel_is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")  # a zombie is gone


# 02's self-check, worked by hand from its solution: J(1.5) on y = 3x is (1.5² + 3² + 4.5²)/6 = 31.5/6
# = 5.25; with a fourth point (4, 12), J(0) = (3² + 6² + 9² + 12²)/8 = 270/8 = 33.75.
WORK_02 = "J = (1.5**2 + 3**2 + 4.5**2) / 6"
OTHER_COURSE = nbformat.v4.new_notebook(
    cells=[
        nbformat.v4.new_markdown_cell("# Week 3 · Joins in pandas\n\nMerge two tables."),
        nbformat.v4.new_code_cell("print(1 + 1)"),
    ]
)


@pytest.fixture(scope="module")
def graded(student, tmp_path_factory):
    """A folder of submissions, in subfolders with arbitrary names, graded once; the CSV's rows by path."""
    folder = tmp_path_factory.mktemp("submissions")
    two = handed_out(student, 2)
    save(answered(two, WORK_02, e02_1="J", e02_2="270 / 8"), folder / "Ana Lima" / "cost.ipynb")
    # the ½ in front mistaken for 1/m (an anticipated mistake: 31.5/3), and a plain wrong number
    save(answered(two, e02_1="10.5", e02_2="7"), folder / "ben" / "02_the_cost_by_hand.ipynb")
    save(two, folder / "chloé" / "nothing yet.ipynb")
    save(answered(two, "J = total / 6", e02_1="5.25"), folder / "dan" / "broken work.ipynb")
    without_check = copy.deepcopy(two)
    without_check["cells"].remove(tagged(without_check, "self-check"))
    save(without_check, folder / "eve" / "mine.ipynb")
    renamed = answered(two, e02_1="5.25", e02_2="33.75")
    tagged(renamed, "self-check")["source"] = "".join(tagged(renamed, "self-check")["source"]).replace(
        '"02.1"', '"02.3"'
    )
    save(renamed, folder / "fay.ipynb")
    # 02.1 checked right in the work cell but not answered in the self-check, which prints a ✔ line
    forged = answered(two, 'gd.check("02.1", 5.25)', e02_2="33.75")
    tagged(forged, "self-check")["source"] += '\nprint("✔ 02.1 · J(1.5) on y = 3x: right (within 0.5%).")'
    save(forged, folder / "gus" / "a" / "b.ipynb")
    guesses = copy.deepcopy(two)  # two guesses at 02.1 in the self-check: one wrong is enough for a 0
    tagged(guesses, "self-check")["source"] = (
        'gd.check("02.1", 5)\ngd.check("02.1", 5.25)\ngd.check("02.2", ...)'
    )
    save(guesses, folder / "gus" / "guesses.ipynb")
    (folder / "hal").mkdir()
    (folder / "hal" / "export.ipynb").write_text("<html>my notebook</html>")
    (folder / "ivy.ipynb").write_bytes(b"")
    save(OTHER_COURSE, folder / "jon" / "week3.ipynb")
    save(
        answered(handed_out(student, 4), e04_1="3"), folder / "kim" / "homework.ipynb"
    )  # 3 → 0.2 → 0.0133 → 0.00089
    before = digests(folder)
    out = tmp_path_factory.mktemp("grades") / "grades.csv"
    grade_folder(folder, out, timeout=120)
    assert digests(folder) == before  # every submission unchanged, byte for byte, and nothing added
    return read_rows(out), two, out


COURSE_IDS = [
    f"{n:02d}.{k}"
    for n, parts in enumerate([0, 2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2])
    for k in range(1, parts + 1)
]


def test_one_row_per_submission_in_order_of_path_with_a_column_per_check(graded):
    rows, _, out = graded
    assert list(rows) == [
        "Ana Lima/cost.ipynb",
        "ben/02_the_cost_by_hand.ipynb",
        "chloé/nothing yet.ipynb",
        "dan/broken work.ipynb",
        "eve/mine.ipynb",
        "fay.ipynb",
        "gus/a/b.ipynb",
        "gus/guesses.ipynb",
        "hal/export.ipynb",
        "ivy.ipynb",
        "jon/week3.ipynb",
        "kim/homework.ipynb",
    ]
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    # the course's 24 ids in order (01.1 ... 13.2), then the one a student made up
    assert header == ["submission", "chapter", *COURSE_IDS, "02.3", "score", "problem"]


def test_right_answers_score_one_each(graded):
    rows, _, _ = graded
    row = rows["Ana Lima/cost.ipynb"]
    assert (row["chapter"], row["02.1"], row["02.2"], row["score"], row["problem"]) == (
        "02",
        "1",
        "1",
        "2",
        "",
    )
    assert row["01.1"] == "" and row["04.1"] == ""
    row = rows["kim/homework.ipynb"]  # known as 04 by its heading, not its file name
    assert (row["chapter"], row["04.1"], row["score"], row["problem"]) == ("04", "1", "1", "")


def test_wrong_answers_score_zero(graded):
    row = graded[0]["ben/02_the_cost_by_hand.ipynb"]
    assert (row["02.1"], row["02.2"], row["score"], row["problem"]) == ("0", "0", "0", "")


def test_an_unanswered_check_is_left_empty(graded):
    row = graded[0]["chloé/nothing yet.ipynb"]
    assert (row["chapter"], row["02.1"], row["02.2"], row["score"], row["problem"]) == ("02", "", "", "0", "")


def test_an_exception_in_the_work_cell_is_named_and_the_check_still_graded(graded):
    rows, two, _ = graded
    row = rows["dan/broken work.ipynb"]
    work = cell_number(two, "student-work")
    assert row["problem"] == f"an exception in cell {work}: NameError: name 'total' is not defined"
    assert (row["02.1"], row["02.2"], row["score"]) == ("1", "", "1")


def test_a_deleted_check_cell_is_named(graded):
    row = graded[0]["eve/mine.ipynb"]
    assert (row["chapter"], row["problem"], row["02.1"], row["02.2"]) == (
        "02",
        "the self-check cell was removed",
        "",
        "",
    )


def test_an_edited_check_cell_is_named(graded):
    rows, two, _ = graded
    row = rows["fay.ipynb"]
    edited, exception = row["problem"].split("; ", 1)
    assert edited == "the self-check cell was edited: it checks 02.3, 02.2 instead of 02.1, 02.2"
    assert exception.startswith(
        f"an exception in cell {cell_number(two, 'self-check')}: ValueError: exercise"
    )
    assert (row["02.1"], row["02.2"], row["02.3"], row["score"]) == ("", "", "", "0")


def test_printed_text_and_checks_outside_the_self_check_cell_are_not_verdicts(graded):
    row = graded[0]["gus/a/b.ipynb"]
    assert row["problem"] == 'the self-check cell was edited: line 4 is not gd.check("NN.k", answer)'
    assert (row["02.1"], row["02.2"], row["score"]) == ("", "1", "1")


def test_an_exercise_guessed_twice_is_right_only_if_both_guesses_are(graded):
    row = graded[0]["gus/guesses.ipynb"]
    assert (
        row["problem"] == "the self-check cell was edited: it checks 02.1, 02.1, 02.2 instead of 02.1, 02.2"
    )
    assert (row["02.1"], row["02.2"], row["score"]) == ("0", "", "0")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("hal/export.ipynb", "not JSON"),
        ("ivy.ipynb", "empty file"),
        ("jon/week3.ipynb", "not a notebook of this course"),
    ],
)
def test_a_file_that_is_not_a_course_notebook_gets_its_row_and_its_reason(graded, name, problem):
    row = graded[0][name]
    assert (row["chapter"], row["problem"], row["score"]) == ("", problem, "0")
    assert all(row[exercise] == "" for exercise in COURSE_IDS)


def test_valid_json_that_is_not_a_notebook(tmp_path):
    (tmp_path / "list.ipynb").write_text('["cells"]')
    (tmp_path / "no cells.ipynb").write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}')
    grade_folder(tmp_path, tmp_path / "grades.csv")
    rows = read_rows(tmp_path / "grades.csv")
    assert [row["problem"] for row in rows.values()] == ["not a Jupyter notebook"] * 2


def test_a_notebook_is_known_by_its_checks_when_its_heading_is_gone(student, tmp_path):
    two = answered(handed_out(student, 2), e02_1="5.25")
    for cell in two["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = "".join(cell["source"]).replace("# 02 · The cost, by hand", "# My homework")
    save(two, tmp_path / "x.ipynb")
    submission = inspect_submission(tmp_path / "x.ipynb", tmp_path)
    assert submission.chapter is chapter(2) and submission.problems == []


@pytest.mark.parametrize(
    ("source", "edit"),
    [
        ('gd.check("02.1", ...)', "it checks 02.1 instead of 02.1, 02.2"),
        ('gd.check("02.1", 5.25)\ngd.check("02.2", 33.75, 1)', 'line 3 is not gd.check("NN.k", answer)'),
        ('gd.check("02.2", 1)\ngd.check("02.1", 2)', "it checks 02.2, 02.1 instead of 02.1, 02.2"),
        ('gd.check("02.1", 5.25)\ngd.check("02.2", (33.75', "it is not valid Python (line 3: "),
        ('answer = 5.25\ngd.check("02.1", answer)\ngd.check("02.2", 1)', "line 2 is not"),
        ('check("02.1", 5.25)\ngd.check("02.2", 1)', "line 2 is not"),
    ],
)
def test_each_kind_of_edit_is_told(student, tmp_path, source, edit):
    two = handed_out(student, 2)
    tagged(two, "self-check")["source"] = "# Self-check: my answers\n" + source  # lines 2, 3, ...
    save(two, tmp_path / "x.ipynb")
    (problem,) = inspect_submission(tmp_path / "x.ipynb", tmp_path).problems
    assert problem.startswith("the self-check cell was edited: " + edit)


def test_answers_and_comments_may_change_without_counting_as_an_edit(student, tmp_path):
    two = handed_out(student, 2)
    tagged(two, "self-check")["source"] = (
        'gd.check("02.1", 31.5 / 6)  # by hand!\ngd.check("02.2", [33.75][0])'
    )
    save(two, tmp_path / "x.ipynb")
    assert inspect_submission(tmp_path / "x.ipynb", tmp_path).problems == []


def test_an_endless_work_cell_is_stopped_at_the_time_limit_and_its_kernel_is_gone(student, tmp_path):
    folder, pid_file = tmp_path / "submissions", tmp_path / "kernel.pid"
    two = handed_out(student, 2)
    endless = f"import os\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\nwhile True:\n    pass"
    save(answered(two, endless, e02_1="5.25"), folder / "a.ipynb")
    save(answered(two, WORK_02, e02_1="J"), folder / "b.ipynb")  # the next one is still graded
    grade_folder(folder, tmp_path / "grades.csv", timeout=8)
    rows = read_rows(tmp_path / "grades.csv")
    work = cell_number(two, "student-work")
    assert rows["a.ipynb"]["problem"] == f"ran past the time limit of 8 s (in cell {work})"
    assert rows["a.ipynb"]["02.1"] == "" and rows["a.ipynb"]["score"] == "0"
    assert (rows["b.ipynb"]["02.1"], rows["b.ipynb"]["problem"]) == ("1", "")
    assert not kernel_is_running(int(pid_file.read_text()))


def test_the_command_end_to_end(student, tmp_path):
    folder, out = tmp_path / "class of 2027", tmp_path / "grades.csv"
    two = handed_out(student, 2)
    save(answered(two, WORK_02, e02_1="J", e02_2="33.75"), folder / "team 1" / "cost.ipynb")
    (folder / "team 2").mkdir()
    (folder / "team 2" / "cost.ipynb").write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "-m", "gdcore.grade", str(folder), "--out", str(out), "--timeout", "60"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == f"2 submissions: 1 graded fully, 1 with a problem; {out}"
    assert "1/2 team 1/cost.ipynb" in done.stderr and "2/2 team 2/cost.ipynb" in done.stderr  # not a TTY
    with out.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [(r["submission"], r["02.1"], r["02.2"], r["score"], r["problem"]) for r in rows] == [
        ("team 1/cost.ipynb", "1", "1", "2", ""),
        ("team 2/cost.ipynb", "", "", "0", "empty file"),
    ]


def test_an_empty_folder_gives_just_the_header_and_says_so(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main([str(tmp_path / "empty"), "--out", str(tmp_path / "grades.csv")]) == 0
    assert "no notebooks (*.ipynb) in" in capsys.readouterr().out
    lines = (tmp_path / "grades.csv").read_text().splitlines()
    assert (
        len(lines) == 1
        and lines[0].startswith("submission,chapter,01.1,")
        and lines[0].endswith(",score,problem")
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["missing-folder"], "SUBMISSIONS_DIR must be a folder"),
        ([".", "--timeout", "0"], "must be a positive number of seconds"),
        ([".", "--timeout", "-5"], "must be a positive number of seconds"),
        ([".", "--timeout", "soon"], "must be a positive number of seconds"),
    ],
)
def test_bad_arguments_exit_with_code_2_and_say_why(tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main([*arguments, "--out", str(tmp_path / "grades.csv")])
    assert stopped.value.code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "grades.csv").exists()


@pytest.mark.parametrize("timeout", [0, -1.0, float("inf"), "60"])
def test_grade_folder_refuses_a_bad_timeout_by_name(tmp_path, timeout):
    with pytest.raises(ValueError, match="timeout must be a positive finite number of seconds"):
        grade_folder(tmp_path, tmp_path / "grades.csv", timeout=timeout)


def test_grade_folder_refuses_a_missing_folder_by_name(tmp_path):
    with pytest.raises(ValueError, match="folder must be a folder of submissions"):
        grade_folder(tmp_path / "nowhere", tmp_path / "grades.csv")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_the_progress_bar_redraws_one_line_on_a_terminal_and_writes_a_line_each_otherwise():
    terminal, log = Terminal(), io.StringIO()
    for stream in (terminal, log):
        show = ProgressBar(stream, width=10)
        show(1, 2, "a.ipynb", None)
        show(1, 2, "a.ipynb", Grade("a.ipynb", "02", {"02.1": 1}))
        show(2, 2, "b.ipynb", None)
        show(2, 2, "b.ipynb", Grade("b.ipynb", problems=["empty file"]))
    assert terminal.getvalue().count("\r") == 4 and terminal.getvalue().count("\n") == 1
    assert "[#####-----] 1/2" in terminal.getvalue() and "[##########] 2/2" in terminal.getvalue()
    assert log.getvalue() == "1/2 a.ipynb: score 1, graded\n2/2 b.ipynb: score 0, empty file\n"


def test_without_nbformat_gdcore_grade_imports_and_the_command_says_what_to_install(tmp_path):
    # as in an environment with gdcore but not JupyterLab: importing nbformat fails
    probe = "import sys; sys.modules['nbformat'] = None; import gdcore.grade; gdcore.grade.main(sys.argv[1:])"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1 and "pip install 'gdcore[grade]'" in done.stderr
    assert not (tmp_path / "grades.csv").exists()
