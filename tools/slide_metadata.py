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
  key states also get the tag ``slides-key-states``: the deck shows each key state on a slide of its
  own (``tools/make_slides.py`` draws them from the scene), so that cell starts a subslide;
- any other cell continues the slide ("-"), unless the slide would then be taller than the screen:
  then it starts a subslide (the next one down); a markdown cell counts with the code cells after
  it, so that a sentence stays with the code and the figure it announces when they fit together.

Nothing on a slide may fall below the 1280 × 720 canvas: a presenter's remote moves to the next
slide, not down. So a cell taller than the screen is cut into pieces (:func:`pieces`), each piece
after the first on a subslide of its own: a markdown cell between its paragraphs, list items or
table rows (the table's header repeated), a code cell between its code and its outputs, and long
code or printed text between lines. ``tools/make_slides.py`` cuts the cells with the same
functions, so the slide types written here are the deck's. The printed output of a timing cell
(``# (timing: machine-dependent numbers)`` on its second line) is not on the slides: it differs on
every machine, and the deck puts it in the speaker notes.

The height of a cell is estimated in pixels of the deck's 1280 × 720 canvas with the font sizes of
``tools/slides/lecture.css``; a figure is shown at 96 pixels of the canvas per inch of the figure
(its PNG says its dpi), so that its 12 pt text is 16 px on the canvas. tests/test_slides.py measures
every slide in Chromium.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from tidy_notebooks import BOTTOM, TOP, notebook_files, write_or_check  # noqa: E402

OUTPUT_ONLY = "slides-output-only"
TALL = "slides-key-states"  # make_slides.py shows each key state on a slide of its own
SELF_CHECK = "self-check"
KEY_STATES = "widgets.key_states("
TIMING = "# (timing:"  # the second line of a cell whose printed numbers depend on the machine
# Cells whose slide type the rules would get wrong, by notebook and cell id: {"01_...": {"id": "skip"}}.
OVERRIDES: dict[str, dict[str, str]] = {}

# The 16:9 canvas reveal.js scales to the projector (make_slides.py sets it) and what fits on it,
# in canvas pixels (lecture.css).
CANVAS_WIDTH, CANVAS_HEIGHT = 1280, 720
ROOM = CANVAS_HEIGHT - 60  # the slide's padding and the progress bar
TEXT_LINE, TEXT_CHARS = 44, 70  # 30 px text with its line height; characters per line
CODE_LINE, CODE_CHARS = 30, 88  # 22 px code and printed output (a character is 13.2 px wide)
IMAGE_WIDTH = 1180  # the widest a figure is drawn (lecture.css)
CSS_DPI = 96  # canvas pixels per inch of a figure: 12 pt is 16 px


def source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def wrapped_lines(text: str, width: int) -> int:
    return sum(max(1, -(-len(line) // width)) for line in text.splitlines())


def png_size(data: str) -> tuple[int, int]:
    header = base64.b64decode(data[:44])
    return struct.unpack(">II", header[16:24])


def png_dpi(data: str, default: float = 100.0) -> float:
    """The dots per inch a PNG (base64) says in its pHYs chunk (matplotlib writes it), else ``default``."""
    raw = base64.b64decode(data[: 4 * 1024])  # the chunks before the pixels
    at = 8
    while at + 8 <= len(raw):
        (length,) = struct.unpack(">I", raw[at : at + 4])
        kind = raw[at + 4 : at + 8]
        if kind == b"pHYs" and at + 17 <= len(raw):
            per_unit, _, unit = struct.unpack(">IIB", raw[at + 8 : at + 17])
            return per_unit * 0.0254 if unit == 1 else default
        if kind == b"IDAT":
            break
        at += 12 + length
    return default


def shown_width(data: str, dpi: float | None = None) -> int:
    """The width in canvas pixels a figure (base64 PNG) is shown at on a slide: its inches at 96 per inch."""
    width, _ = png_size(data)
    return round(width * CSS_DPI / (dpi or png_dpi(data)))


def figure_height(data: str) -> float:
    width, height = png_size(data)
    return height * min(shown_width(data), IMAGE_WIDTH) / width


def table_row_height(line: str) -> float:
    """A row of a table: its columns wrap apart, each in its share of the width; formulas are taller."""
    cells = line.strip().strip("|").split("|")
    if set(line.replace("|", "").strip()) <= set("-: "):
        return 0.0  # the rule under the header
    share = TEXT_CHARS * 0.75 / len(cells)
    # code in a cell is set in a wider font: its characters count 1.5 times
    lengths = [len(cell) + 0.5 * sum(map(len, re.findall(r"`[^`]*`", cell))) for cell in cells]
    return max(1, math.ceil(max(lengths) / share)) * TEXT_LINE * 1.1 + 8


def display_math_height(line: str) -> float:
    """A line of a display formula: sums, fractions and integrals are more than twice a text line."""
    tall = any(big in line for big in ("\\sum", "\\frac", "\\int", "\\prod", "\\begin"))
    return (2.4 if tall else 1.4) * TEXT_LINE


def markdown_height(text: str) -> float:
    height = 0.0
    in_math = False
    for line in text.splitlines():
        if line.strip() == "$$":
            in_math = not in_math
            height += 0.3 * TEXT_LINE
        elif in_math or (line.startswith("$$") and line.rstrip().endswith("$$")):
            height += display_math_height(line)
        elif line.startswith("#"):
            height += 1.8 * TEXT_LINE
        elif line.startswith("|"):
            height += table_row_height(line)
        elif not line.strip():
            height += 0.4 * TEXT_LINE
        else:
            height += wrapped_lines(line, TEXT_CHARS) * TEXT_LINE
    return height


def output_height(output: dict) -> float:
    data = output.get("data", {})
    if "image/png" in data:
        return figure_height(data["image/png"]) + 10
    if output.get("output_type") == "stream":  # with the output area's padding
        return wrapped_lines("".join(output["text"]), CODE_CHARS) * CODE_LINE + 40
    if "text/plain" in data:
        return wrapped_lines("".join(data["text/plain"]), CODE_CHARS) * CODE_LINE + 40
    return 0.0


def code_height(text: str) -> float:
    return wrapped_lines(text, CODE_CHARS) * CODE_LINE + 20 if text.strip() else 0.0


def is_setup(cell: dict) -> bool:
    text = source(cell)
    return cell["cell_type"] == "code" and "COURSE_REPO = " in text and "import gdcore" in text


def is_figure(output: dict) -> bool:
    """Whether a cell's output is a picture (a PNG), not printed text."""
    return "image/png" in output.get("data", {})


def is_timing(cell: dict) -> bool:
    lines = source(cell).splitlines()
    return cell["cell_type"] == "code" and len(lines) > 1 and lines[1].startswith(TIMING)


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
    if KEY_STATES in text:
        return "subslide", True
    return "", text.startswith("# extra code")


# --- cutting a cell taller than the screen into pieces -------------------------------------------

ITEM = re.compile(r"(?:[-*+]|\d+\.) ")


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    """The blocks a markdown cell may be cut between, in order, each with its kind: a ``row`` of a
    table (the header's two lines are a ``header``), an ``item`` of a list, a ``heading``, or a
    ``para`` (a paragraph, or a display formula with its ``$$`` lines)."""
    blocks: list[tuple[str, str]] = []
    lines = text.splitlines()
    at = 0
    while at < len(lines):
        line = lines[at]
        if not line.strip():
            at += 1
        elif line.strip() == "$$":
            end = next((j for j in range(at + 1, len(lines)) if lines[j].strip() == "$$"), len(lines) - 1)
            blocks.append(("para", "\n".join(lines[at : end + 1])))
            at = end + 1
        elif line.startswith("|"):
            below = lines[at + 1] if at + 1 < len(lines) else ""
            ruled = "-" in below and set(below.replace("|", "")) <= set("-: ")
            kind = "header" if ruled else "row"
            size = 2 if kind == "header" else 1
            blocks.append((kind, "\n".join(lines[at : at + size])))
            at += size
        elif line.startswith("#"):
            blocks.append(("heading", line))
            at += 1
        else:
            kind = "item" if ITEM.match(line) else "para"
            end = at + 1
            while end < len(lines) and lines[end].strip() and not lines[end].startswith(("|", "#")):
                if ITEM.match(lines[end]) or lines[end].strip() == "$$":
                    break
                end += 1
            blocks.append((kind, "\n".join(lines[at:end])))
            at = end
    return blocks


def joined(blocks: list[tuple[str, str]]) -> str:
    """Blocks back into markdown: rows of a table and items of a list line after line, the rest apart."""
    text = ""
    for k, (kind, block) in enumerate(blocks):
        close = k > 0 and (kind, blocks[k - 1][0]) in {("row", "header"), ("row", "row"), ("item", "item")}
        text += ("\n" if close else "\n\n" if k else "") + block
    return text


def markdown_pieces(text: str) -> list[str]:
    """A markdown cell cut into pieces that each fit on a slide (one piece if the whole fits).

    A heading stays with what follows it; a table cut in two repeats its header.
    """
    if markdown_height(text) <= ROOM:
        return [text]
    pieces: list[list[tuple[str, str]]] = [[]]
    header: tuple[str, str] | None = None
    for kind, block in markdown_blocks(text):
        header = (kind, block) if kind == "header" else header if kind == "row" else None
        current = pieces[-1]
        if current and markdown_height(joined([*current, (kind, block)])) > ROOM:
            carried = [current.pop()] if current[-1][0] == "heading" else []
            if not current:  # a heading with nothing else: keep it
                current.extend(carried)
                carried = []
            if kind == "row" and header is not None:
                carried.insert(0, header)
            pieces.append(carried)
        pieces[-1].append((kind, block))
    return [joined(piece) for piece in pieces if piece]


def code_lines_pieces(text: str, room: float) -> list[str]:
    """Long code or printed text cut between lines into pieces of at most ``room`` pixels each."""
    pieces, current = [], []
    for line in text.splitlines():
        if current and code_height("\n".join([*current, line])) > room:
            pieces.append("\n".join(current))
            current = []
        current.append(line)
    return [*pieces, "\n".join(current)]


def code_pieces(cell: dict, hidden: bool) -> list[tuple[str, list[dict]]]:
    """A code cell cut into pieces that each fit on a slide: (code shown, outputs) for each piece.

    The code comes first (cut between lines if longer than the screen), the outputs after it on the
    code's last piece as long as they fit, the others on pieces of their own; printed text longer than
    the screen is cut between lines. A timing cell's printed output is left out (its figures stay: a
    figure of measured times is the measurement shown, for the machine that built the deck).
    """
    code = "" if hidden else source(cell)
    outputs = [o for o in cell.get("outputs", []) if not is_timing(cell) or is_figure(o)]
    pieces: list[tuple[str, list[dict]]] = [(part, []) for part in code_lines_pieces(code, ROOM)]
    height = code_height(pieces[-1][0])
    for output in outputs:
        parts = [output]
        if output.get("output_type") == "stream" and output_height(output) > ROOM:
            text = "".join(output["text"])
            parts = [{**output, "text": part + "\n"} for part in code_lines_pieces(text, ROOM - 80)]
        for part in parts:
            size = output_height(part)
            if height > 0 and height + size > ROOM:
                pieces.append(("", []))
                height = 0.0
            pieces[-1][1].append(part)
            height += size
    return pieces


def piece_heights(cell: dict, hidden: bool) -> list[float]:
    """The height of each piece of a cell on the slides (see :func:`markdown_pieces`, :func:`code_pieces`)."""
    if cell["cell_type"] == "markdown":
        return [markdown_height(piece) for piece in markdown_pieces(source(cell))]
    if KEY_STATES in source(cell):
        return [float(ROOM)]  # each key state fills a slide of its own (make_slides.py)
    return [code_height(code) + sum(map(output_height, outs)) for code, outs in code_pieces(cell, hidden)]


def slide_types(name: str, cells: list[dict]) -> list[tuple[str, bool]]:
    """(slide type, input hidden) for every cell of the notebook ``name``.

    The slide type is that of the cell's first piece; each further piece is a subslide. A markdown
    cell and the first pieces of the code cells after it are a unit: a unit that does not fit on what
    is left of the slide starts a subslide, so that a sentence stays with the code and figure it
    announces; any piece that does not fit on what is left starts a subslide.
    """
    overrides = OVERRIDES.get(name, {})
    decided = []
    for cell in cells:
        kind, hidden = rule(cell)
        decided.append([overrides.get(cell.get("id", ""), kind), hidden])
    shown = [i for i, (kind, _) in enumerate(decided) if kind not in ("skip", "notes")]
    sizes = {i: piece_heights(cells[i], decided[i][1]) for i in shown}
    height = 0.0
    for position, i in enumerate(shown):
        kind = decided[i][0]
        if not kind:
            unit = sizes[i][0]
            if cells[i]["cell_type"] == "markdown" and len(sizes[i]) == 1:
                for j in shown[position + 1 :]:
                    if cells[j]["cell_type"] == "markdown" or decided[j][0]:
                        break
                    unit += sizes[j][0]
                    if len(sizes[j]) > 1:
                        break
            full = height + unit > ROOM
            kind = "subslide" if full and position > 0 and height > 0 else "-"
            decided[i][0] = kind
        if kind in ("slide", "subslide"):
            height = 0.0
        height += sizes[i][0]
        for extra in sizes[i][1:]:
            height = extra
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
