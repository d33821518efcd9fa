"""Give every notebook cell its slide metadata, by rules, so that ``make slides`` can build a deck.

After adding or changing a notebook, run ``make notebooks ONLY=NN`` (tools/build_notebooks.py),
which runs this last, after executing and tidying the notebook (the rules look at its outputs);
alone it is ``python tools/slide_metadata.py``. It rewrites only ``metadata.slideshow`` and the
``slides-output-only`` tag of each cell, from the rules below, and can be run any number of times;
``--check`` changes nothing and exits 1 if a notebook is stale (the tests run it that way, through
``make notebooks``' check, so the committed metadata is always what the rules say). It writes the
files as ``tools/tidy_notebooks.py`` does, and tidying keeps the metadata.

The rules, in order (the first that matches decides):

- the navigation bars at the top and the bottom (``tidy_notebooks`` writes them): skip;
- the setup cell (the code cell that sets ``COURSE_REPO`` and imports gdcore): skip;
- a cell that displays a live explorer (``Explorer(`` in its source): skip; the next cell draws the
  explorer's key states with ``widgets.key_states(...)``, and that cell is shown, output only;
- a self-check cell (tag ``self-check``) and a markdown cell holding a ``<details>`` solution: skip;
- a markdown cell that starts with ``# `` or ``## ``: a new slide;
- a code cell that draws the key states or whose source starts with ``# extra code``: its output
  only (tag ``slides-output-only``, which ``tools/make_slides.py`` hands to nbconvert's
  TagRemovePreprocessor); every other code cell shows its code, since students should see it. The
  key states (one picture per setting, stacked) also get the tag ``slides-key-states``: they are
  drawn at the slide's width, as large as on a student's screen, and the slide scrolls through them;
- any other cell continues the slide ("-"), unless the slide would then be taller than the screen:
  then it starts a subslide (the next one down); a markdown cell counts with the code cells after
  it, so that a sentence stays with the code and the figure it announces, and a code cell never
  leaves the sentence just before it.

The height of a cell is estimated in pixels of the deck's 1280 × 720 canvas with the font sizes of
``tools/slides/lecture.css``. A single cell taller than the screen (the key-state figures, the table
of notebook 00) scrolls; see ``tools/make_slides.py``.
"""

from __future__ import annotations

import argparse
import base64
import json
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from tidy_notebooks import BOTTOM, TOP, notebook_files, write_or_check  # noqa: E402

OUTPUT_ONLY = "slides-output-only"
TALL = "slides-key-states"  # lecture.css draws these figures at the slide's width, and the slide scrolls
SELF_CHECK = "self-check"
KEY_STATES = "widgets.key_states("
# Cells whose slide type the rules would get wrong, by notebook and cell id: {"01_...": {"id": "skip"}}.
OVERRIDES: dict[str, dict[str, str]] = {}

# The 16:9 canvas reveal.js scales to the projector (make_slides.py sets it) and what fits on it,
# in canvas pixels (lecture.css).
CANVAS_WIDTH, CANVAS_HEIGHT = 1280, 720
ROOM = CANVAS_HEIGHT - 60  # the slide's padding and the progress bar
TEXT_LINE, TEXT_CHARS = 44, 70  # 30 px text with its line height; characters per line
CODE_LINE, CODE_CHARS = 30, 95  # 22 px code and printed output
IMAGE_WIDTH, IMAGE_HEIGHT = 1180, 500  # the largest a figure is drawn (lecture.css)


def source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def wrapped_lines(text: str, width: int) -> int:
    return sum(max(1, -(-len(line) // width)) for line in text.splitlines())


def png_size(data: str) -> tuple[int, int]:
    header = base64.b64decode(data[:44])
    return struct.unpack(">II", header[16:24])


def figure_height(data: str, tall: bool) -> float:
    width, height = png_size(data)
    shown = min(1.0, IMAGE_WIDTH / width) if tall else min(1.0, IMAGE_WIDTH / width, IMAGE_HEIGHT / height)
    return height * shown


def markdown_height(text: str) -> float:
    height = 0.0
    in_math = False
    for line in text.splitlines():
        if line.strip() == "$$":
            in_math = not in_math
            height += 0.2 * TEXT_LINE
        elif in_math:
            height += 1.0 * TEXT_LINE  # fractions and sums are taller than a line of text
        elif line.startswith("#"):
            height += 1.8 * TEXT_LINE
        elif not line.strip():
            height += 0.4 * TEXT_LINE
        else:
            height += wrapped_lines(line, TEXT_CHARS) * TEXT_LINE
    return height


def code_height(cell: dict, output_only: bool) -> float:
    tall = KEY_STATES in source(cell)
    height = 0.0 if output_only else wrapped_lines(source(cell), CODE_CHARS) * CODE_LINE + 20
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            height += figure_height(data["image/png"], tall) + 10
        elif output.get("output_type") == "stream":
            height += wrapped_lines("".join(output["text"]), CODE_CHARS) * CODE_LINE + 10
        elif "text/plain" in data:
            height += wrapped_lines("".join(data["text/plain"]), CODE_CHARS) * CODE_LINE + 10
    return height


def is_setup(cell: dict) -> bool:
    text = source(cell)
    return cell["cell_type"] == "code" and "COURSE_REPO = " in text and "import gdcore" in text


def rule(cell: dict) -> tuple[str, bool]:
    """The slide type a cell gets whatever comes before it ("" when it depends on the slide's height),
    and whether its input is hidden."""
    text = source(cell)
    tags = cell.get("metadata", {}).get("tags", [])
    if cell["cell_type"] == "markdown":
        if text.startswith((TOP, BOTTOM)) or "<details>" in text:
            return "skip", False
        if text.startswith(("# ", "## ")):
            return "slide", False
        return "", False
    if cell["cell_type"] != "code" or not text.strip():
        return "skip", False
    if is_setup(cell) or "Explorer(" in text or SELF_CHECK in tags:
        return "skip", False
    return "", KEY_STATES in text or text.startswith("# extra code")


def cell_height(cell: dict, hidden: bool) -> float:
    if cell["cell_type"] == "markdown":
        return markdown_height(source(cell))
    return code_height(cell, hidden)


def slide_types(name: str, cells: list[dict]) -> list[tuple[str, bool]]:
    """(slide type, input hidden) for every cell of the notebook ``name``.

    A markdown cell and the code cells after it are a unit: a unit that does not fit on what is left
    of the slide starts a subslide, so that a sentence stays with the code and figure it announces;
    inside a unit taller than the screen, a code cell after a code cell that does not fit starts
    the next subslide, and the first code cell stays with its sentence (that slide scrolls).
    """
    overrides = OVERRIDES.get(name, {})
    decided = []
    for cell in cells:
        kind, hidden = rule(cell)
        decided.append([overrides.get(cell.get("id", ""), kind), hidden])
    shown = [i for i, (kind, _) in enumerate(decided) if kind not in ("skip", "notes")]
    sizes = {i: cell_height(cells[i], decided[i][1]) for i in shown}
    height = 0.0
    for position, i in enumerate(shown):
        kind = decided[i][0]
        if not kind:
            if cells[i]["cell_type"] == "markdown":
                unit = sizes[i]
                for j in shown[position + 1 :]:
                    if cells[j]["cell_type"] == "markdown" or decided[j][0]:
                        break
                    unit += sizes[j]
                full = height + unit > ROOM
            else:  # a code cell right after its sentence stays with it (the slide scrolls)
                full = height + sizes[i] > ROOM and cells[shown[position - 1]]["cell_type"] == "code"
            kind = "subslide" if full and position > 0 and height > 0 else "-"
            decided[i][0] = kind
        if kind in ("slide", "subslide"):
            height = 0.0
        height += sizes[i]
    return [(kind, hidden) for kind, hidden in decided]


def apply(name: str, nb: dict) -> None:
    for cell, (kind, hidden) in zip(nb["cells"], slide_types(name, nb["cells"]), strict=True):
        metadata = cell.setdefault("metadata", {})
        metadata["slideshow"] = {"slide_type": kind}
        tags = [t for t in metadata.get("tags", []) if t not in (OUTPUT_ONLY, TALL)]
        if hidden:
            tags.append(OUTPUT_ONLY)
        if hidden and KEY_STATES in source(cell):
            tags.append(TALL)
        if tags:
            metadata["tags"] = tags
        else:
            metadata.pop("tags", None)


def updated_notebooks(paths: list[Path] | None = None) -> dict[Path, str]:
    """The text each notebook of ``paths`` (default: all) should have, written as tidy writes it."""
    result = {}
    for path in notebook_files() if paths is None else paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        apply(path.name, nb)
        result[path] = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"  # as tidy writes
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    args = parser.parse_args(argv)
    return write_or_check(updated_notebooks(), args.check, "tools/slide_metadata.py")


if __name__ == "__main__":
    sys.exit(main())
