"""Write each notebook's self-check cells from its exercises: step 1 of ``make notebooks``.

After editing a notebook or an exercise, run ``make notebooks ONLY=NN`` (tools/build_notebooks.py),
which runs this first; alone it is ``python tools/add_check_cells.py [--check] [NN ...]``.

A self-check cell is a code cell tagged "self-check" (the student copies and the slides find it by
that tag) with one ``gd.check`` line per exercise id and a comment that says what the answer looks
like (from the exercise's ``asks`` and tolerance). It is generated, never typed: an existing cell is
rewritten from the ids it holds, keeping its cell id, outputs and metadata, so that nothing changes
when nothing changed; the notebook's ids that no cell holds are added to its last self-check cell,
or, when it has none, to a new cell right after the markdown cell holding "## Exercise". An id that
is no longer an exercise of the notebook is dropped. ``--check`` changes nothing and exits 1 if a
notebook is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from tidy_notebooks import as_written, notebook_files, write_or_check  # noqa: E402

from gdcore.course import chapter  # noqa: E402
from gdcore.selfcheck import EXERCISES, Answer, tolerance_words  # noqa: E402

SELF_CHECK = "self-check"
EXERCISE_HEADING = "## Exercise"
CHECK_CALL = re.compile(r'^gd\.check\("([^"]+)"', re.MULTILINE)


def exercise_ids(number: str) -> list[str]:
    """The ids of notebook ``number``'s exercises ("04" -> ["04.1"]), as its chapter lists them.

    The one place that knows where a notebook's exercises are listed: the chapter's entry in the
    course, :func:`gdcore.course.chapter`.
    """
    return [exercise.id for exercise in chapter(number).exercises]


def answer_form(answer: Answer) -> str:
    """What the answer looks like and how close it must be, e.g. "a number, within 0.5%"."""
    if isinstance(answer.right, str):
        return "a word, in quotes"
    if isinstance(answer.right, tuple):
        blanks = ", ".join("…" for _ in answer.right)
        return f"{len(answer.right)} numbers, ({blanks}), each {tolerance_words(answer)}"
    whole = answer.relative == 0 and answer.absolute == 0
    return f"{'a whole number' if whole else 'a number'}, {tolerance_words(answer)}"


def check_source(ids: list[str]) -> list[str]:
    """The lines of a self-check cell for these exercise ids (as nbformat stores a cell's source)."""
    lines = ["# Self-check: put your answer in place of each ... and run the cell.\n"]
    for exercise in ids:
        lines.append(f'gd.check("{exercise}", ...)  # {answer_form(EXERCISES[exercise].answer())}\n')
    lines[-1] = lines[-1].rstrip("\n")
    return lines


def is_self_check(cell: dict) -> bool:
    return SELF_CHECK in cell.get("metadata", {}).get("tags", [])


def held_ids(cell: dict) -> list[str]:
    """The exercise ids a self-check cell checks, in its order."""
    return CHECK_CALL.findall("".join(cell["source"]))


def new_check_cell(name: str) -> dict:
    """An empty self-check cell; its id comes from the notebook's name, so a rerun writes the same."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": hashlib.sha1(f"{name} self-check".encode()).hexdigest()[:8],
        "metadata": {"tags": [SELF_CHECK]},
        "outputs": [],
        "source": [],
    }


def insert_check_cell(name: str, cells: list[dict]) -> dict:
    """A new self-check cell, put right after the exercise's text (the markdown with "## Exercise")."""
    headings = [
        k
        for k, cell in enumerate(cells)
        if cell["cell_type"] == "markdown" and EXERCISE_HEADING in "".join(cell["source"])
    ]
    if len(headings) != 1:
        raise SystemExit(f"{name}: has exercises but {len(headings)} cells with {EXERCISE_HEADING!r}")
    cell = new_check_cell(name)
    cells.insert(headings[0] + 1, cell)
    return cell


def set_check_cells(name: str, cells: list[dict], wanted: list[str]) -> None:
    """Make the self-check cells of notebook ``name`` check exactly the exercise ids ``wanted``."""
    checks = [cell for cell in cells if is_self_check(cell)]
    held = [exercise for cell in checks for exercise in held_ids(cell)]
    missing = [exercise for exercise in wanted if exercise not in held]
    if missing and not checks:
        checks = [insert_check_cell(name, cells)]
    for k, cell in enumerate(checks):
        ids = [exercise for exercise in held_ids(cell) if exercise in wanted]
        if k == len(checks) - 1:
            ids += missing
        if ids:
            cell["source"] = check_source(ids)
        else:  # every id it held is gone from the exercises
            cells.remove(cell)


def updated_notebooks(paths: list[Path]) -> dict[Path, str]:
    """The text each notebook of ``paths`` should have, written as tools/tidy_notebooks.py writes."""
    result = {}
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        set_check_cells(path.name, nb["cells"], exercise_ids(path.name[:2]))
        result[path] = as_written(nb)
    return result


def chosen(numbers: list[str]) -> list[Path]:
    """The notebooks numbered ``numbers`` ("4" or "04"), or all of them if none is given."""
    files = notebook_files()
    if not numbers:
        return files
    if not all(number.isdigit() for number in numbers):
        raise SystemExit(f"notebook numbers are digits, like 04; got {' '.join(numbers)}")
    wanted = {f"{int(number):02d}" for number in numbers}
    unknown = wanted - {path.name[:2] for path in files}
    if unknown:
        raise SystemExit(f"no notebook numbered {', '.join(sorted(unknown))}")
    return [path for path in files if path.name[:2] in wanted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", help="notebook numbers, e.g. 04 05 (default: all)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    args = parser.parse_args(argv)
    return write_or_check(updated_notebooks(chosen(args.numbers)), args.check, "tools/add_check_cells.py")


if __name__ == "__main__":
    sys.exit(main())
