"""Grade a folder of submitted notebooks: run each one and write its self-checks to a CSV file.

    python -m gdcore.grade SUBMISSIONS_DIR --out grades.csv [--timeout SECONDS]

Every ``*.ipynb`` file under SUBMISSIONS_DIR, in any subfolder and by any name, is a submission
(except Jupyter's own backups in ``.ipynb_checkpoints`` folders); they are graded in the order of
their paths. Each one is copied into a new temporary folder and run there, top to bottom, in a
kernel of its own (Jupyter's "python3") whose working directory is that folder; the
submitted file is never changed. Every cell runs even after an exception, so that a broken work
cell does not stop the self-check below it from being graded. A notebook has ``--timeout`` seconds
(120 unless told) for all of its cells together, counted from its first cell; past that its kernel
is stopped and the cells not run yet are not graded.

The CSV file has one row per submission, with the columns

- ``submission``: its path relative to SUBMISSIONS_DIR, with ``/`` between folders;
- ``chapter``: the chapter it is ("04"), known by its first heading, ``# 04 · Title`` as the course
  writes it, or else by the exercise ids its self-check cells check; empty when it is neither;
- one column per exercise id of the course, in the course's order (``01.1`` ... ``11.2``), then any
  other id that a self-check cell checks: 1 right, 0 wrong, empty when not answered (still ``...``)
  or not run;
- ``score``: how many are right;
- ``problem``: empty when the notebook was graded fully, else what went wrong, in words, several
  joined by "; ": "empty file", "not JSON", "not a Jupyter notebook", "not a notebook of this
  course", "the self-check cell was removed", "the self-check cell was edited: ..." (only each
  ``...`` may be replaced, by an expression; comments may change), "an exception in cell N: ...",
  "ran past the time limit of S s (in cell N)" and "the kernel stopped in cell N". Cells are
  counted from 1 at the top of the notebook, markdown cells included.

The verdicts are not read from what the notebook prints, which a student's own ``print`` could
imitate. The kernel is started with the environment variable ``GDCORE_GRADE_LOG`` set to a file
outside the notebook's folder, to which :func:`gdcore.check` appends a record of each call, and only
the records written while a self-check cell itself runs are counted. When an exercise is checked
more than once there, it is right only if every answer given was right.

What this does not protect against: the students' code runs with the permissions of the teacher
who runs this command (run it in an account or container of its own if that matters), and a
student who rewrites gdcore, ``gd.check`` or the record file from inside the kernel (in a work cell,
or in an answer's expression) can forge a verdict. It checks the exercises, not how the answer was
found.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from .course import CHAPTERS, Chapter
from .selfcheck import EXERCISES, GRADE_LOG

#: Seconds a notebook may run, all its cells together, unless ``--timeout`` says otherwise.
DEFAULT_TIMEOUT = 120.0
#: The tag of a self-check cell (as tools/add_check_cells.py writes it).
SELF_CHECK = "self-check"
#: The first line of a self-check cell: it still finds the cell if its tag was lost.
SELF_CHECK_COMMENT = "# Self-check"
#: A line of a self-check cell, as tools/add_check_cells.py writes it, and the id it checks.
CHECK_CALL = re.compile(r'^gd\.check\("([^"]+)"', re.MULTILINE)
#: Folders that Jupyter fills with backups of the notebooks beside them: not submissions.
CHECKPOINTS = ".ipynb_checkpoints"

__all__ = ["DEFAULT_TIMEOUT", "Grade", "Submission", "find_submissions", "grade_folder", "main"]


def notebook_libraries() -> tuple[ModuleType, ModuleType]:
    """nbformat and nbclient, imported when first needed, so that gdcore and this module's help work
    without them.

    Returns
    -------
    tuple of two modules
        ``nbformat`` and ``nbclient`` (with ``nbclient.exceptions``).

    Raises
    ------
    ImportError
        If either is missing, saying how to install them.
    """
    try:
        import nbclient
        import nbclient.exceptions
        import nbformat
    except ImportError as missing:  # declared as the extra "grade" of pyproject.toml; JupyterLab has both
        raise ImportError(
            f"python -m gdcore.grade runs notebooks with nbformat and nbclient ({missing}): they come "
            "with JupyterLab (`make course`), or pip install 'gdcore[grade]'"
        ) from missing
    return nbformat, nbclient


@dataclass
class Submission:
    """A submitted notebook as read before it runs: its chapter, its self-check cells, what is wrong.

    Parameters
    ----------
    path : Path
        The submitted file.
    name : str
        Its path relative to the submissions folder, with ``/`` between folders.
    notebook : NotebookNode or None
        The notebook, or None when the file is not one.
    chapter : Chapter or None
        The course's chapter it is, or None when it is not a notebook of the course.
    check_cells : list of int
        The indices of its self-check cells.
    checked_ids : list of str
        The exercise ids its self-check cells check, in order.
    problems : list of str
        What is wrong with it already, before it runs.
    """

    path: Path
    name: str
    notebook: Any = None
    chapter: Chapter | None = None
    check_cells: list[int] = field(default_factory=list)
    checked_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class Grade:
    """One row of the grades: a submission, its chapter, its marks and its problems.

    Parameters
    ----------
    submission : str
        The submission's path relative to the submissions folder.
    chapter : str
        The chapter's two digits ("04"), or "" when unknown.
    marks : dict of str to int
        1 (right) or 0 (wrong) for each exercise id answered.
    problems : list of str
        What went wrong, in words; empty when it was graded fully.
    """

    submission: str
    chapter: str = ""
    marks: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        """How many exercises are right."""
        return sum(self.marks.values())

    def row(self, ids: Sequence[str]) -> dict[str, str]:
        """The grade as a row of the CSV file, with a column for each exercise id of ``ids``.

        Parameters
        ----------
        ids : sequence of str
            The exercise ids of the file's columns.

        Returns
        -------
        dict of str to str
            ``submission``, ``chapter``, each id's mark ("1", "0" or ""), ``score`` and ``problem``.
        """
        marks = {exercise: str(self.marks[exercise]) if exercise in self.marks else "" for exercise in ids}
        return {
            "submission": self.submission,
            "chapter": self.chapter,
            **marks,
            "score": str(self.score),
            "problem": "; ".join(self.problems),
        }


# --- finding and reading the submissions ---------------------------------------------------------


def find_submissions(folder: Path) -> list[Path]:
    """Every notebook under ``folder``, in any subfolder, in the order of their relative paths.

    Parameters
    ----------
    folder : Path
        The folder of submissions.

    Returns
    -------
    list of Path
        The ``*.ipynb`` files, leaving out Jupyter's backups in ``.ipynb_checkpoints`` folders.
    """
    found = [
        path
        for path in folder.rglob("*.ipynb")
        if path.is_file() and CHECKPOINTS not in path.relative_to(folder).parts
    ]
    return sorted(found, key=lambda path: path.relative_to(folder).as_posix())


def read_notebook(data: bytes) -> tuple[Any, str]:
    """The notebook in a file's bytes, or None and the reason it is not one.

    Parameters
    ----------
    data : bytes
        What the file holds.

    Returns
    -------
    tuple
        (the notebook, "") or (None, "empty file" / "not JSON" / "not a Jupyter notebook").
    """
    if not data.strip():
        return None, "empty file"
    try:
        text = data.decode("utf-8")
        json.loads(text)
    except ValueError:  # also a UnicodeDecodeError: a notebook is JSON in UTF-8
        return None, "not JSON"
    nbformat, _ = notebook_libraries()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat warns of what it repairs, such as missing cell ids
            notebook = nbformat.reads(text, as_version=4)
            nbformat.validate(notebook)
    except Exception:  # valid JSON that nbformat refuses, in any of its ways
        return None, "not a Jupyter notebook"
    return notebook, ""


def title_of(notebook: Any) -> str:
    """The notebook's first heading, without its ``# ``; "" when it has none."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def is_self_check(cell: Any) -> bool:
    """Whether a cell is a self-check: a code cell tagged "self-check"."""
    return cell.cell_type == "code" and SELF_CHECK in cell.get("metadata", {}).get("tags", [])


def self_check_cells(notebook: Any) -> list[int]:
    """The indices of the notebook's self-check cells; those that start as one does, if none is tagged."""
    tagged = [k for k, cell in enumerate(notebook.cells) if is_self_check(cell)]
    if tagged:
        return tagged
    return [
        k
        for k, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and cell.source.lstrip().startswith(SELF_CHECK_COMMENT)
    ]


def checked_id(statement: ast.stmt) -> str | None:
    """The exercise id of a line ``gd.check("NN.k", answer)``; None for any other statement."""
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return None
    call = statement.value
    is_check = (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "check"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "gd"
    )
    if not is_check or call.keywords or len(call.args) != 2 or isinstance(call.args[1], ast.Starred):
        return None
    first = call.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def read_check_cell(source: str) -> tuple[list[str], list[str]]:
    """The exercise ids a self-check cell checks, and how it was edited, in words.

    Parameters
    ----------
    source : str
        The cell's code.

    Returns
    -------
    tuple of two lists of str
        The ids, in order, and the edits found (empty when it is only ``gd.check`` lines).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:  # the ids its lines start with still tell the chapter
        return CHECK_CALL.findall(source), [f"it is not valid Python (line {error.lineno}: {error.msg})"]
    ids, edits = [], []
    for statement in tree.body:
        exercise = checked_id(statement)
        if exercise is None:
            edits.append(f'line {statement.lineno} is not gd.check("NN.k", answer)')
        else:
            ids.append(exercise)
    return ids, edits


def chapter_by_heading(notebook: Any) -> Chapter | None:
    """The chapter whose heading (``04 · Title``) is the notebook's first heading, or None."""
    title = title_of(notebook)
    return next((chapter for chapter in CHAPTERS if chapter.heading == title), None)


def chapter_by_ids(ids: Sequence[str]) -> Chapter | None:
    """The chapter of the first of ``ids`` that is an exercise of the course, or None."""
    for exercise in ids:
        if exercise in EXERCISES:
            return next(chapter for chapter in CHAPTERS if exercise.startswith(chapter.id + "."))
    return None


def check_cell_problems(
    chapter: Chapter, cells: Sequence[int], ids: Sequence[str], edits: list[str]
) -> list[str]:
    """What is wrong with a notebook's self-check cells, compared with its chapter's exercises."""
    expected = [exercise.id for exercise in chapter.exercises]
    if not cells:
        return ["the self-check cell was removed"] if expected else []
    if list(ids) != expected:
        edits = [
            *edits,
            f"it checks {', '.join(ids) or 'nothing'} instead of {', '.join(expected) or 'nothing'}",
        ]
    return ["the self-check cell was edited: " + ", and ".join(edits)] if edits else []


def inspect_submission(path: Path, folder: Path) -> Submission:
    """Read a submission without running it: its notebook, chapter and self-check cells, and what is wrong.

    Parameters
    ----------
    path : Path
        The submitted file.
    folder : Path
        The submissions folder, which ``path`` is in.

    Returns
    -------
    Submission
        What was found; a file that is not a notebook of the course has its problem and nothing else.
    """
    submission = Submission(path, path.relative_to(folder).as_posix())
    notebook, problem = read_notebook(path.read_bytes())
    if notebook is None:
        submission.problems.append(problem)
        return submission
    submission.notebook = notebook
    submission.check_cells = self_check_cells(notebook)
    edits = []
    for index in submission.check_cells:
        ids, cell_edits = read_check_cell(notebook.cells[index].source)
        submission.checked_ids += ids
        edits += cell_edits
    submission.chapter = chapter_by_heading(notebook) or chapter_by_ids(submission.checked_ids)
    if submission.chapter is None:
        submission.problems.append("not a notebook of this course")
    else:
        submission.problems += check_cell_problems(
            submission.chapter, submission.check_cells, submission.checked_ids, edits
        )
    return submission


# --- running a submission ------------------------------------------------------------------------


@dataclass
class Run:
    """What running a notebook gave: the records of its self-check cells, and what went wrong."""

    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def first_error(cell: Any) -> str:
    """The exception a cell's outputs show, as "NameError: name 'x' is not defined"; "" if none."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            name, message = output.get("ename", "Exception"), str(output.get("evalue", "")).strip()
            line = f"{name}: {message.splitlines()[0]}" if message else name
            return line if len(line) <= 200 else line[:199] + "…"
    return ""


def records_since(log: Path, start: int) -> list[dict[str, Any]]:
    """The records :func:`gdcore.check` appended to ``log`` after its first ``start`` bytes."""
    if not log.exists():
        return []
    with log.open("rb") as records:
        records.seek(start)
        lines = records.read().decode("utf-8", errors="replace").splitlines()
    found = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue  # not gd.check's: written by something else
        if isinstance(record, dict) and isinstance(record.get("exercise"), str):
            found.append(record)
    return found


def size_of(log: Path) -> int:
    """The size of the log in bytes; 0 before its first record."""
    return log.stat().st_size if log.exists() else 0


def run_notebook(
    notebook: Any, workdir: Path, log: Path, check_cells: Sequence[int], timeout: float, kernel_name: str
) -> Run:
    """Run every cell of ``notebook`` in a new kernel working in ``workdir``, within ``timeout`` seconds.

    Parameters
    ----------
    notebook : NotebookNode
        The notebook; its cells get their new outputs.
    workdir : Path
        The kernel's working directory.
    log : Path
        The file the kernel's :func:`gdcore.check` appends its records to.
    check_cells : sequence of int
        The indices of the self-check cells, whose records count.
    timeout : float
        Seconds for all the cells together.
    kernel_name : str
        The Jupyter kernel to run it in.

    Returns
    -------
    Run
        The records written while a self-check cell ran, and the first exception, a time-out or a
        stopped kernel, in words.
    """
    _, nbclient = notebook_libraries()
    run = Run()
    client = nbclient.NotebookClient(
        notebook,
        timeout=math.ceil(timeout),
        kernel_name=kernel_name,
        allow_errors=True,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(workdir)}},
    )
    environment = {**os.environ, GRADE_LOG: str(log)}
    exception = ""
    # setup_kernel stops the kernel when the block ends, however it ends (nbclient also stops one
    # that fails to start)
    with client.setup_kernel(
        env=environment, cwd=str(workdir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ):
        deadline = time.monotonic() + timeout
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                run.problems.append(f"ran past the time limit of {timeout:g} s (in cell {index + 1})")
                break
            client.timeout = math.ceil(left)
            start = size_of(log)
            try:
                client.execute_cell(cell, index)
            except nbclient.exceptions.CellTimeoutError:
                run.problems.append(f"ran past the time limit of {timeout:g} s (in cell {index + 1})")
                break
            except nbclient.exceptions.DeadKernelError:
                run.problems.append(f"the kernel stopped in cell {index + 1}")
                break
            if index in check_cells:
                run.records += records_since(log, start)
            if not exception and first_error(cell):
                exception = f"an exception in cell {index + 1}: {first_error(cell)}"
    if exception:
        run.problems.insert(0, exception)
    return run


def marks_of(records: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Each exercise's mark from its records: 1 when answered and every answer right, 0 when answered
    otherwise; an exercise never answered has no mark."""
    answers: dict[str, list[bool]] = {}
    for record in records:
        if record.get("answered") is True:
            answers.setdefault(record["exercise"], []).append(record.get("right") is True)
    return {exercise: int(all(rights)) for exercise, rights in answers.items()}


def grade_submission(submission: Submission, timeout: float, kernel_name: str = "python3") -> Grade:
    """Grade one submission: run a scratch copy of it (if it is a notebook of the course) and mark it.

    Parameters
    ----------
    submission : Submission
        The submission, as :func:`inspect_submission` read it.
    timeout : float
        Seconds for all its cells together.
    kernel_name : str
        The Jupyter kernel to run it in.

    Returns
    -------
    Grade
        Its row of the grades. Whatever goes wrong is told in its problems, never raised.
    """
    grade = Grade(submission.name, submission.chapter.id if submission.chapter else "")
    grade.problems += submission.problems
    if submission.notebook is None or submission.chapter is None:
        return grade
    try:
        with tempfile.TemporaryDirectory(prefix="gdcore-grade-", ignore_cleanup_errors=True) as scratch:
            workdir, log = Path(scratch) / "notebook", Path(scratch) / "records.jsonl"
            workdir.mkdir()
            copy = workdir / submission.path.name
            shutil.copyfile(submission.path, copy)
            notebook, _ = read_notebook(copy.read_bytes())
            run = run_notebook(notebook, workdir, log, submission.check_cells, timeout, kernel_name)
        grade.marks = marks_of(run.records)
        grade.problems += run.problems
    except Exception as error:  # the grader's own trouble: the row says so, and the others go on
        grade.problems.append(f"the grader failed on it: {type(error).__name__}: {error}")
    return grade


# --- the whole folder ----------------------------------------------------------------------------


def inspect_safely(path: Path, folder: Path) -> Submission:
    """:func:`inspect_submission`, with any failure told as the submission's problem."""
    try:
        return inspect_submission(path, folder)
    except Exception as error:  # an unreadable file, say: its row still comes out
        submission = Submission(path, path.relative_to(folder).as_posix())
        submission.problems.append(f"the grader could not read it: {type(error).__name__}: {error}")
        return submission


def exercise_columns(submissions: Sequence[Submission]) -> list[str]:
    """The course's exercise ids in its order, then the other ids the submissions' self-checks check."""
    others = {exercise for submission in submissions for exercise in submission.checked_ids}
    return [*EXERCISES, *sorted(others - set(EXERCISES))]


def grade_folder(
    folder: Path,
    out: Path,
    timeout: float = DEFAULT_TIMEOUT,
    kernel_name: str = "python3",
    progress: Callable[[int, int, str, Grade | None], None] | None = None,
) -> list[Grade]:
    """Grade every notebook under ``folder`` and write the grades to the CSV file ``out``.

    Parameters
    ----------
    folder : Path
        The folder of submissions.
    out : Path
        The CSV file to write; each row is written as soon as its submission is graded.
    timeout : float
        Seconds each notebook may run, all its cells together.
    kernel_name : str
        The Jupyter kernel to run them in.
    progress : callable, optional
        Called as ``progress(k, total, name, None)`` before the k-th submission (from 1) runs and
        ``progress(k, total, name, grade)`` after.

    Returns
    -------
    list of Grade
        The grades, in the order of the rows.

    Raises
    ------
    ValueError
        If ``folder`` is not a folder or ``timeout`` is not a positive number of seconds.
    ImportError
        If nbformat or nbclient is missing (see :func:`notebook_libraries`).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder must be a folder of submissions; got {str(folder)!r}, which is not one")
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not 0 < timeout < math.inf:
        raise ValueError(f"timeout must be a positive finite number of seconds; got {timeout!r}")
    notebook_libraries()  # missing, they would fail every submission: say so once, now
    submissions = [inspect_safely(path, folder) for path in find_submissions(folder)]
    ids = exercise_columns(submissions)
    grades = []
    with Path(out).open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=["submission", "chapter", *ids, "score", "problem"])
        writer.writeheader()
        for k, submission in enumerate(submissions, start=1):
            if progress:
                progress(k, len(submissions), submission.name, None)
            grade = grade_submission(submission, timeout, kernel_name)
            writer.writerow(grade.row(ids))
            file.flush()
            grades.append(grade)
            if progress:
                progress(k, len(submissions), submission.name, grade)
    return grades


class ProgressBar:
    """Progress on a terminal's stderr: one line redrawn in place, or one line per submission when
    stderr is not a terminal (a log file).

    Parameters
    ----------
    stream : text file
        Where to write it.
    width : int
        The bar's width in characters.
    """

    def __init__(self, stream: TextIO = sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.redraw = stream.isatty()

    def __call__(self, k: int, total: int, name: str, grade: Grade | None) -> None:
        """Show that submission ``k`` of ``total``, ``name``, is starting (``grade`` None) or done."""
        if self.redraw:
            done = k - (grade is None)
            filled = self.width * done // total
            shown = name if len(name) <= 40 else "…" + name[-39:]
            self.stream.write(f"\r[{'#' * filled}{'-' * (self.width - filled)}] {done}/{total} {shown:<40}")
            if grade is not None and k == total:
                self.stream.write("\n")
        elif grade is not None:
            outcome = "; ".join(grade.problems) or "graded"
            self.stream.write(f"{k}/{total} {name}: score {grade.score}, {outcome}\n")
        self.stream.flush()


def summary(grades: Sequence[Grade], folder: Path, out: Path) -> str:
    """The last line the command prints: how many submissions, how many with a problem, and where.

    Parameters
    ----------
    grades : sequence of Grade
        The grades written.
    folder, out : Path
        The submissions folder and the CSV file.

    Returns
    -------
    str
        "12 submissions: 10 graded fully, 2 with a problem; grades.csv", or, for an empty folder,
        "no notebooks (*.ipynb) in <folder>: grades.csv holds only the header".
    """
    if not grades:
        return f"no notebooks (*.ipynb) in {folder}: {out} holds only the header"
    troubled = sum(bool(grade.problems) for grade in grades)
    count = "1 submission" if len(grades) == 1 else f"{len(grades)} submissions"
    return f"{count}: {len(grades) - troubled} graded fully, {troubled} with a problem; {out}"


def positive_seconds(text: str) -> float:
    """``--timeout``'s value: a positive finite number of seconds."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds; got {text!r}")
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    """The command ``python -m gdcore.grade SUBMISSIONS_DIR --out grades.csv [--timeout SECONDS]``.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments; those of the command line when None.

    Returns
    -------
    int
        0 once the grades are written. Bad arguments exit with code 2 and a message (argparse's way).
    """
    parser = argparse.ArgumentParser(
        prog="python -m gdcore.grade",
        description="Run every submitted notebook (*.ipynb, any subfolder); write its checks to a CSV file.",
    )
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR", help="the folder of submissions")
    parser.add_argument(
        "--out", type=Path, default=Path("grades.csv"), help="the CSV file to write (grades.csv)"
    )
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"how long each notebook may run, all its cells together ({DEFAULT_TIMEOUT:g})",
    )
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"SUBMISSIONS_DIR must be a folder; {str(args.submissions)!r} is not one")
    if not args.out.parent.is_dir():
        parser.error(f"--out must be in a folder that exists; {str(args.out.parent)!r} does not")
    try:
        notebook_libraries()
    except ImportError as missing:
        parser.exit(1, f"{parser.prog}: {missing}\n")
    grades = grade_folder(args.submissions, args.out, args.timeout, progress=ProgressBar())
    print(summary(grades, args.submissions, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
