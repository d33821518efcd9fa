"""Build the lecture decks: ``build/slides/NN_name.slides.html``, one reveal.js deck per notebook.

``make slides`` runs it; ``python tools/make_slides.py [folder]`` writes to another folder. Each deck
is the notebook itself, converted by nbconvert's SlidesExporter: the slide metadata in the notebooks
(written by ``tools/slide_metadata.py``) says which cells start a slide, which are skipped and which
show their output only; the tag ``slides-output-only`` hides a cell's code through nbconvert's
TagRemovePreprocessor. ``tools/slides/`` holds the template (nbconvert's reveal template with every
script taken from the deck's own folder, and each figure's alt text) and ``lecture.css`` (large text,
colours at 4.5:1).

Every slide fits the 1280 × 720 canvas, since a presenter's remote moves to the next slide and never
down: before nbconvert sees the notebook, :func:`slide_pieces` cuts each cell taller than the screen
into pieces, as ``tools/slide_metadata.py`` decided (its functions do the cutting here too), each
piece after the first on a subslide; draws each key state of an explorer on a slide of its own
(from the scene, at the settings ``widgets.key_states`` keeps in its output's metadata, the setting
written above the picture as text); shows each figure at 96 px per inch of the figure, so that its
12 pt text is 16 px; and moves a timing cell's printed numbers, which differ on every machine, to
the speaker notes (S opens the speaker view, which is part of reveal.js's notes plugin). Every deck
also gets the lecturer's notes of ``tools/speaker_notes.py``: what the chapter reaches on its title
slide, an explorer's sliders on its first key state, each self-check's answer, anticipated mistakes
and worked solution on the exercise's slide.

The decks need no network at lecture time: open ``build/slides/index.html`` from the disk. reveal.js,
MathJax and require.js are copied next to the decks, into ``build/slides/_static/``, from the npm
registry's tarballs, pinned by version and sha256 below and kept in ``~/.cache/gdcore-course/``, so
only the first build needs the network.
"""

from __future__ import annotations

import argparse
import ast
import base64
import copy
import fnmatch
import hashlib
import html
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import slide_metadata  # noqa: E402
import speaker_notes  # noqa: E402
from slide_metadata import CANVAS_HEIGHT, CANVAS_WIDTH, OUTPUT_ONLY  # noqa: E402
from tidy_notebooks import notebook_files, title_of  # noqa: E402

TEMPLATE = ROOT / "tools" / "slides"
CACHE = Path.home() / ".cache" / "gdcore-course"
REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    sha256: str
    keep: tuple[str, ...]  # the files the decks load (globs inside the tarball's package/ folder)

    @property
    def url(self) -> str:
        return f"{REGISTRY}/{self.name}/-/{self.name}-{self.version}.tgz"


# The versions nbconvert 7's reveal template is written for: its default reveal_url_prefix names
# reveal.js 4.0.2, its require.js is 2.1.10, and its MathJax configuration (MathJax.Hub, tex2jax)
# is MathJax 2's API, whose last release is 2.7.7 with the TeX-AMS_CHTML-full config. Of the
# packages only what the decks load is copied (MathJax's 71 MB hold other fonts and outputs).
PACKAGES = (
    Package(
        "reveal.js",
        "4.0.2",
        "0c234d5bfe539606c1af4bcc031f0d21ed99e264d90b7859abad34f7e3a0c587",
        (
            "LICENSE",
            "dist/reveal.css",
            "dist/reveal.js",
            "dist/theme/white.css",
            "dist/theme/fonts/source-sans-pro/*",
            "plugin/notes/notes.js",
        ),
    ),
    Package(
        "mathjax",
        "2.7.7",
        "f0054315d40f7288b2373b23520677fd1132a405702dfca05ee6ebe5cd0a8677",
        (
            "LICENSE",
            "MathJax.js",
            "config/TeX-AMS_CHTML-full.js",
            "config/Safe.js",
            "extensions/*",
            "jax/input/TeX/*",
            "jax/element/*",
            "jax/output/CommonHTML/*",
            "fonts/HTML-CSS/TeX/woff/*",
        ),
    ),
    Package(
        "requirejs",
        "2.1.10",
        "4f951a198b4ea218c75bafe88056056947fb0b72daefcd5f3a022281c5600c60",
        ("require.js",),
    ),
)


def tarball(
    package: Package, needed_by: str = "make slides", pinned_in: str = "tools/make_slides.py"
) -> bytes:
    """The package's tarball, from the cache or else from the npm registry (then cached).

    A download that fails or differs from the pinned sha256 stops the build with one sentence naming
    the file, where it comes from, and (``needed_by``, ``pinned_in``) which build needs it and where
    it is pinned.
    """
    cached = CACHE / f"{package.name}-{package.version}.tgz"
    if cached.exists():
        data = cached.read_bytes()
        if hashlib.sha256(data).hexdigest() == package.sha256:
            return data
    try:
        with urllib.request.urlopen(package.url, timeout=60) as response:
            data = response.read()
    except OSError as error:
        raise SystemExit(
            f"{needed_by} needs {package.name} {package.version} once, from {package.url}, and could not "
            f"download it ({error}); connect to the network for one build, or put that file in {CACHE}/."
        ) from error
    if hashlib.sha256(data).hexdigest() != package.sha256:
        raise SystemExit(f"{package.url} does not have the sha256 pinned in {pinned_in}.")
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    return data


def unpack(package: Package, static: Path) -> None:
    target = static / package.name
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(tarball(package)), mode="r:gz") as archive:
        for member in archive.getmembers():
            inner = member.name.removeprefix("package/")
            if member.isfile() and any(fnmatch.fnmatch(inner, pattern) for pattern in package.keep):
                path = target / inner
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.extractfile(member).read())


def escaped_dollars(nb, resources):
    """A ``\\$`` in markdown (a price, "\\$30") stays a dollar sign on the slide.

    nbconvert turns it into a bare ``$``, which MathJax then pairs with the next ``$`` into a formula
    (JupyterLab does not). Written as an entity, nbconvert does not see it, and inside
    ``tex2jax_ignore`` MathJax leaves it alone.
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace("\\$", '<span class="tex2jax_ignore">&#36;</span>')
    return nb, resources


def slide_type(cell) -> str:
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def with_type(cell, kind: str, number: int = 0, **changes):
    """A copy of ``cell`` as its piece ``number``: of slide type ``kind``, with ``changes`` made (and
    an id of its own, after the first)."""
    piece = copy.deepcopy(cell)
    piece.metadata["slideshow"] = {"slide_type": kind}
    if number and "id" in cell:
        piece["id"] = f"{cell['id']}-{number}"
    for name, value in changes.items():
        piece[name] = value
    return piece


def explorer_scenes(nb, chapter_id: str) -> dict:
    """The notebook's explorers by variable name, each as its scene built the notebook's way (the
    chapter's ``ExplorerSetup``; tests/test_notebooks.py checks that the cells build them so)."""
    from gdcore.course import chapter

    setups = {setup.call(): setup for setup in chapter(chapter_id).explorers}
    found = {}
    for cell in nb.cells:
        for line in cell.source.splitlines() if cell.cell_type == "code" else []:
            name, _, call = line.partition(" = ")
            if call.strip() in setups:
                found[name.strip()] = setups[call.strip()]
    return found


def key_states_target(cell) -> str:
    """The name of the explorer whose key states ``cell`` draws (``widgets.key_states(stepper, ...)``)."""
    call = next(
        node
        for node in ast.walk(ast.parse(cell.source))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "widgets.key_states"
    )
    return ast.unparse(call.args[0])


def key_state_cells(cell, explorers: dict) -> list:
    """The cell that draws an explorer's key states, as one cell per key state, each its own slide:
    the scene's picture (at its size in the notebook, where its words are 16.7 px) with the scene's
    alt text of that picture, under its title written as text."""
    from gdcore import widgets
    from gdcore.scenes import PIXEL_RATIO

    scene = explorers[key_states_target(cell)].build()
    (settings,) = [
        output["metadata"]["image/png"]["key_states"]
        for output in cell.outputs
        if "key_states" in output.get("metadata", {}).get("image/png", {})
    ]
    pictures = widgets.key_state_pictures(scene, settings)
    cells = []
    for k, (png, title, described) in enumerate(pictures):
        data = base64.b64encode(png).decode("ascii")
        alt = f"The explorer at key state {k + 1} of {len(pictures)}: {described}"
        # at its size in the notebook (DISPLAY_DPI px per inch), where its words, SCENE_FONT_SIZE
        # points, are 16.7 px: at 96 px per inch the tallest frames (09's, 10's) overran the slide
        width = slide_metadata.png_size(data)[0] // PIXEL_RATIO
        caption = f'<p class="key-state">{html.escape(title)}</p>'
        outputs = [
            {"output_type": "display_data", "metadata": {}, "data": {"text/html": caption}},
            {
                "output_type": "display_data",
                "metadata": {"image/png": {"alt": alt, "width": width}},
                "data": {"image/png": data, "text/plain": alt},
            },
        ]
        cells.append(with_type(cell, slide_type(cell) if k == 0 else "subslide", k, outputs=outputs))
    return cells


def notes_cell(cell, outputs: list):
    """A timing cell's printed numbers, for the speaker notes (they differ on every machine)."""
    said = "<p>Measured on the machine that built this deck (the numbers differ on every machine):</p>"
    heading = {"output_type": "display_data", "metadata": {}, "data": {"text/html": said}}
    notes = with_type(cell, "notes", 99, outputs=[heading, *outputs])
    notes.metadata["tags"] = [*notes.metadata.get("tags", []), OUTPUT_ONLY]  # the numbers, not the code
    return notes


def notes(markdown: str, after, number: int = 98):
    """A markdown cell of speaker notes (``tools/speaker_notes.py``), on the slide of ``after``, the
    cell it follows (its id is that cell's, numbered)."""
    import nbformat

    cell = nbformat.v4.new_markdown_cell(markdown, metadata={"slideshow": {"slide_type": "notes"}})
    cell["id"] = f"{after.get('id', 'cell')}-{number}"
    return cell


def skipped_as_notes(cell) -> list:
    """A skipped cell, and the notes it gives the lecturer: a self-check's answer and the anticipated
    mistakes, a solution's working (the students see neither on the slides)."""
    text = cell.source
    if cell.cell_type == "code" and slide_metadata.SELF_CHECK in cell.metadata.get("tags", []):
        said = speaker_notes.self_checks(text)
        return [cell, notes(said, cell)] if said else [cell]
    if cell.cell_type == "markdown" and "<details>" in text:
        return [cell, notes(speaker_notes.solution(text), cell)]
    return [cell]


def pieces_of(cell, explorers: dict) -> list:
    """The cells that show ``cell`` on the slides, cut as tools/slide_metadata.py cuts it."""
    kind = slide_type(cell)
    if kind == "skip":
        return skipped_as_notes(cell)
    if cell.cell_type == "markdown":
        parts = slide_metadata.markdown_pieces(cell.source)
        return [with_type(cell, kind if k == 0 else "subslide", k, source=p) for k, p in enumerate(parts)]
    if cell.cell_type != "code":
        return [cell]
    if slide_metadata.KEY_STATES in cell.source:
        states = key_state_cells(cell, explorers)
        scene = explorers[key_states_target(cell)].build()
        return [states[0], notes(speaker_notes.explorer(scene), cell), *states[1:]]
    hidden = OUTPUT_ONLY in cell.metadata.get("tags", [])
    cells = []
    for k, (code, outputs) in enumerate(slide_metadata.code_pieces(cell, hidden)):
        kind_k = kind if k == 0 else "subslide"
        piece = with_type(cell, kind_k, k, source=code or cell.source, outputs=outputs)
        tags = piece.metadata.get("tags", [])
        if not code and OUTPUT_ONLY not in tags:  # the outputs of a cut cell, on a slide of their own
            piece.metadata["tags"] = [*tags, OUTPUT_ONLY]
        cells.append(piece)
    printed = [output for output in cell.outputs if not slide_metadata.is_figure(output)]
    if slide_metadata.is_timing(cell) and printed:  # its figures stay on the slide (code_pieces)
        cells.append(notes_cell(cell, printed))
    return cells


def figures_at_96_per_inch(cell) -> None:
    """Each figure shown at 96 px of the canvas per inch (its PNG says its dpi): 12 pt text is 16 px."""
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            shown = output.setdefault("metadata", {}).setdefault("image/png", {})
            shown.setdefault("width", slide_metadata.shown_width(data["image/png"]))


def slide_pieces(nb, name: str):
    """Every cell cut into pieces that fit on a slide (tools/slide_metadata.py), each key state on a
    slide of its own, timing numbers in the speaker notes, figures at their size."""
    explorers = explorer_scenes(nb, name[:2])
    cells = []
    opened = False
    for cell in nb.cells:
        for piece in pieces_of(cell, explorers):
            figures_at_96_per_inch(piece)
            cells.append(piece)
            if not opened and piece.cell_type == "markdown" and piece.source.startswith("# "):
                cells.append(notes(speaker_notes.opening(int(name[:2])), piece, 97))
                opened = True
    nb.cells = cells
    return nb


def exporter():
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATE.parent)]
    config.SlidesExporter.template_name = TEMPLATE.name
    config.SlidesExporter.reveal_url_prefix = "_static/reveal.js"
    config.SlidesExporter.reveal_theme = "white"  # the default, "simple", imports Google's fonts
    config.SlidesExporter.reveal_width = str(CANVAS_WIDTH)
    config.SlidesExporter.reveal_height = str(CANVAS_HEIGHT)
    config.SlidesExporter.reveal_transition = "none"  # a slide appears at once, as in a lecture with a remote
    config.SlidesExporter.reveal_number = "c/t"  # "12/40" in the corner: where the lecture is
    config.SlidesExporter.mathjax_url = "_static/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.SlidesExporter.require_js_url = "_static/requirejs/require.js"
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {OUTPUT_ONLY}
    slides = SlidesExporter(config=config)
    slides.register_preprocessor(escaped_dollars, enabled=True)
    return slides


def index_page(decks: list[tuple[Path, str]]) -> str:
    rows = "\n".join(f'<li><a href="{d.name}">{html.escape(title)}</a></li>' for d, title in decks)
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Linear regression by gradient descent: slides</title>
<style>body {{ font: 24px/1.5 sans-serif; margin: 2em auto; max-width: 50em; }}</style></head>
<body>
<h1>Linear regression by gradient descent: slides</h1>
<p>One deck per notebook. Arrow keys, space or a presenter's remote move on; F is full screen,
S the speaker view (the next slide, a clock and the notes), Esc the overview. Every slide fits the
screen: what does not fit on one goes on to the next.</p>
<ul>
{rows}
</ul>
</body>
</html>
"""


def build(out: Path = ROOT / "build" / "slides", notebooks: list[Path] | None = None) -> list[Path]:
    """Write one deck per notebook, the assets they load, and ``index.html`` into ``out``."""
    import nbformat

    out.mkdir(parents=True, exist_ok=True)
    static = out / "_static"
    for package in PACKAGES:
        unpack(package, static)
    # the shared code colours first, then the lecture hall's sizes: one file for the deck to load
    styles = (ROOT / "tools" / "code-colours.css", TEMPLATE / "lecture.css")
    (static / "lecture.css").write_text(
        "\n".join(p.read_text(encoding="utf-8") for p in styles), encoding="utf-8"
    )
    convert = exporter()
    decks = []
    for path in notebooks or notebook_files():
        # cut before nbconvert's own preprocessors run: they mark where each slide starts and ends
        nb = slide_pieces(nbformat.read(path, as_version=4), path.stem)
        body, _ = convert.from_notebook_node(nb, {"metadata": {"name": path.stem, "path": str(path.parent)}})
        deck = out / f"{path.stem}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append((deck, title_of(json.loads(path.read_text(encoding="utf-8")))))
    (out / "index.html").write_text(index_page(decks), encoding="utf-8")
    return [deck for deck, _ in decks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "build" / "slides")
    args = parser.parse_args(argv)
    decks = build(args.out)
    size = sum(f.stat().st_size for f in (args.out / "_static").rglob("*") if f.is_file())
    print(f"wrote {len(decks)} decks, their assets ({size / 1e6:.1f} MB) and index.html to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
