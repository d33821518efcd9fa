"""One-off: put a self-check cell after the exercise text of a notebook (kept for new notebooks).

    python tools/add_check_cells.py notebooks/04_one_step_at_a_time.ipynb 04.1 [04.2 ...]

The cell goes right after the markdown cell that holds "## Exercise", tagged "self-check" (the
student copies and the slides find it by that tag), with one ``gd.check`` line per id and a comment
that says what the answer is (from the exercise's ``asks``).
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gdcore.selfcheck import EXERCISES, Answer, tolerance_words


def answer_form(answer: Answer) -> str:
    """What the answer looks like and how close it must be, e.g. "a number, within 0.5%"."""
    if isinstance(answer.right, str):
        return "a word, in quotes"
    if isinstance(answer.right, tuple):
        return f"{len(answer.right)} numbers, (…, …), each {tolerance_words(answer)}"
    whole = answer.relative == 0 and answer.absolute == 0
    return f"{'a whole number' if whole else 'a number'}, {tolerance_words(answer)}"


def check_cell(ids: list[str]) -> dict:
    lines = ["# Self-check: put your answer in place of each ... and run the cell.\n"]
    for exercise in ids:
        lines.append(f'gd.check("{exercise}", ...)  # {answer_form(EXERCISES[exercise].answer())}\n')
    lines[-1] = lines[-1].rstrip("\n")
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": uuid.uuid4().hex[:8],
        "metadata": {"tags": ["self-check"]},
        "outputs": [],
        "source": lines,
    }


def main(path: str, ids: list[str]) -> None:
    notebook = json.loads(Path(path).read_text())
    cells = notebook["cells"]
    old = [k for k, cell in enumerate(cells) if "self-check" in cell.get("metadata", {}).get("tags", [])]
    for k in reversed(old):  # replaced: run it again after changing an exercise
        del cells[k]
    (where,) = [
        k
        for k, cell in enumerate(cells)
        if cell["cell_type"] == "markdown" and "## Exercise" in "".join(cell["source"])
    ]
    cells.insert(where + 1, check_cell(ids))
    Path(path).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
