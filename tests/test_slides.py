"""The lecture decks of ``make slides``: built from the notebooks' slide metadata, shown offline.

The decks are built once, into a temporary folder, by ``tools/make_slides.py``'s ``build`` (the
first build on a machine downloads reveal.js, MathJax and require.js from the npm registry into
``~/.cache/gdcore-course/``). Then Debian's Chromium opens every deck from the disk with every
non-local request refused, walks through every slide and checks what the back row would see:
no error, every figure loaded, every formula typeset, nothing that is skipped, and no slide taller
or wider than the 1280 × 720 canvas (a presenter's remote moves to the next slide, never down). On
each slide axe-core (tools/axe.py) finds no WCAG 2.1 AA violation, every image has alt text of its
own, and every figure is shown large enough that its 12 pt text is 16 px on the canvas. Screenshots
of every slide go to tests/browser-screenshots/slides/ for a person to look at.

Without Chromium the browser tests are skipped with a message; with ``REQUIRE_BROWSER=1`` (as
``.ci/run`` sets) they fail instead, as in tests/test_browser.py.
"""

import base64
import io
import json
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from PIL import Image

from gdcore.course import chapter
from gdcore.scenes import DISPLAY_DPI, PIXEL_RATIO
from gdcore.scenes.base import SCENE_FONT_SIZE

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import axe  # noqa: E402
import make_slides  # noqa: E402
import slide_metadata  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SHOTS = ROOT / "tests" / "browser-screenshots" / "slides"
# What a skipped cell holds; none of it may reach a slide.
# what only skipped cells hold: the setup cell, a live explorer, a self-check cell (its first line), the
# key states' code (their figure stays), the navigation
SKIPPED = ("import gdcore", "COURSE_REPO", "Explorer(", "# Self-check:", "widgets.key_states(", "nav:top")
SOLUTION = "Solution (try it yourself first)"


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def slide_type(cell):
    return cell["metadata"].get("slideshow", {}).get("slide_type")


# That the slide metadata is what the rules say is checked with the other generated parts, by make
# notebooks' check (tests/test_build_notebooks.py); here, that the rules hold and the decks work.


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name[:2] for p in NOTEBOOKS])
def test_the_rules_hold_in_the_committed_notebook(path):
    shown_code = 0
    for cell in cells(path):
        text, kind = source(cell), slide_type(cell)
        tags = cell["metadata"].get("tags", [])
        assert kind in {"slide", "subslide", "-", "skip"}, text[:60]
        if text.startswith(("<!-- nav:", "<details>")) or "<details>" in text:
            assert kind == "skip", text[:60]
        elif cell["cell_type"] == "markdown" and text.startswith(("# ", "## ")):
            assert kind == "slide", text[:60]
        if cell["cell_type"] != "code":
            continue
        if "import gdcore" in text or "Explorer(" in text or "self-check" in tags:
            assert kind == "skip", text[:60]
        elif "widgets.key_states(" in text or text.startswith("# extra code"):
            assert kind != "skip" and "slides-output-only" in tags, text[:60]
        else:
            assert kind != "skip" and "slides-output-only" not in tags, text[:60]
            shown_code += 1
    assert shown_code > 0 or path.name.startswith("00_"), "students see the code on the slides"


def test_a_key_state_cell_starts_a_slide_of_its_own():
    for path in NOTEBOOKS:
        for cell in cells(path):
            if "widgets.key_states(" in source(cell):
                assert slide_type(cell) == "subslide" and "slides-key-states" in cell["metadata"]["tags"]


ROWS = [f"| $x_{{{k}}}$ | row {k} of the table, with a few words |" for k in range(40)]
TABLE = "## Notation\n\n| symbol | meaning |\n|---|---|\n" + "\n".join(ROWS) + "\n\nAfter the table."


def test_a_table_taller_than_the_screen_is_cut_between_rows_and_repeats_its_header():
    pieces = slide_metadata.markdown_pieces(TABLE)
    assert len(pieces) >= 2
    assert pieces[0].startswith("## Notation\n\n| symbol | meaning |\n|---|---|\n| $x_{0}$")
    for piece in pieces:
        assert slide_metadata.markdown_height(piece) <= slide_metadata.ROOM
        assert "| symbol | meaning |\n|---|---|\n" in piece
    rows = [line for piece in pieces for line in piece.splitlines() if line.startswith("| $x_")]
    assert rows == ROWS  # every row once, in order
    assert pieces[-1].endswith(ROWS[-1] + "\n\nAfter the table.")  # the last row in its table


def test_a_list_taller_than_the_screen_is_cut_between_items_and_stays_one_list_per_piece():
    items = [
        f"- item {k}: a sentence long enough to fill most of a line on the slide, or more" for k in range(30)
    ]
    pieces = slide_metadata.markdown_pieces("What to look for:\n" + "\n".join(items))
    assert len(pieces) >= 2 and pieces[0].startswith("What to look for:")
    for piece in pieces:
        assert slide_metadata.markdown_height(piece) <= slide_metadata.ROOM
        assert "more\n\n- " not in piece  # no blank line between items: a tight list, as written
    assert [line for piece in pieces for line in piece.splitlines() if line.startswith("- ")] == items


def code_cell(text, printed):
    return {"cell_type": "code", "source": text, "outputs": [{"output_type": "stream", "text": printed}]}


def test_a_timing_cells_numbers_are_left_off_the_slide():
    cell = code_cell("# NBVAL_IGNORE_OUTPUT\n# (timing: machine-dependent numbers)\nprint(t)", "0.31 s\n")
    assert slide_metadata.is_timing(cell)
    assert slide_metadata.code_pieces(cell, hidden=False) == [(cell["source"], [])]


def test_a_timing_cells_figure_stays_on_the_slide_and_its_numbers_go_to_the_notes():
    cell = code_cell("# NBVAL_IGNORE_OUTPUT\n# (timing: machine-dependent numbers)\nprint(t)", "0.31 s\n")
    png = io.BytesIO()
    Figure(figsize=(2, 1), dpi=100).savefig(png, format="png")
    picture = base64.b64encode(png.getvalue()).decode()
    figure = {"output_type": "display_data", "data": {"image/png": picture}, "metadata": {}}
    cell["outputs"].append(figure)
    assert slide_metadata.code_pieces(cell, hidden=False) == [(cell["source"], [figure])]


def test_printed_text_taller_than_the_screen_goes_on_the_next_pieces_cut_between_lines():
    lines = [f"line {k}" for k in range(50)]
    cell = code_cell("for k in range(50):\n    print(f'line {k}')", "\n".join(lines) + "\n")
    pieces = slide_metadata.code_pieces(cell, hidden=False)
    assert pieces[0][0] == cell["source"] and len(pieces) >= 3  # 50 lines of 30 px: three screens
    printed = "".join(o["text"] for _, outputs in pieces for o in outputs)
    assert printed.splitlines() == lines
    for code, outputs in pieces:
        height = slide_metadata.code_height(code) + sum(map(slide_metadata.output_height, outputs))
        assert height <= slide_metadata.ROOM


@pytest.mark.parametrize(("dpi", "width"), [((150, 150), 256), (None, 384)])
def test_a_figure_is_shown_at_96_pixels_per_inch_of_its_png(dpi, width):
    saved = io.BytesIO()
    Image.new("RGB", (400, 100), "white").save(saved, format="png", **({"dpi": dpi} if dpi else {}))
    data = base64.b64encode(saved.getvalue()).decode()
    # 400 px at 150 dpi are 2.67 inches: 256 px at 96 per inch; without a dpi, 100 is assumed
    assert slide_metadata.shown_width(data) == width


def test_a_build_without_the_network_says_what_it_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(make_slides, "CACHE", tmp_path / "empty-cache")

    def offline(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(make_slides.urllib.request, "urlopen", offline)
    with pytest.raises(SystemExit) as stopped:
        make_slides.unpack(make_slides.PACKAGES[0], tmp_path / "_static")
    message = str(stopped.value)
    assert make_slides.PACKAGES[0].url in message and "network" in message


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    built = make_slides.build(out)
    assert (out / "index.html").exists()
    return {deck.name[:2]: deck for deck in built}


def test_there_is_a_deck_per_notebook_and_an_index(decks):
    assert sorted(decks) == [p.name[:2] for p in NOTEBOOKS]
    index = (next(iter(decks.values())).parent / "index.html").read_text(encoding="utf-8")
    for deck in decks.values():
        assert f'href="{deck.name}"' in index


# The template loads reveal.js through require.js, which keeps it out of window: fetch it the same way.
REVEAL = "new Promise(ok => require(['_static/reveal.js/dist/reveal.js'], R => { window.Reveal = R; ok(); }))"
TYPESET = "MathJax.Hub && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0"
# the slide's formulas drawn (the template has MathJax draw them again when a slide is shown)
DRAWN = f"""{TYPESET} && [...Reveal.getCurrentSlide().querySelectorAll('script[type^="math/tex"]')].every(
    m => m.previousSibling && m.previousSibling.getBoundingClientRect().width > 0)"""
# sizes in pixels of the canvas (offsetWidth and offsetHeight ignore reveal.js's scaling to the window)
SLIDE = """() => {
    const s = Reveal.getCurrentSlide();
    const prose = [...s.querySelectorAll('.jp-RenderedMarkdown')].filter(m => !m.closest('aside.notes'))
        .map(m => m.innerText).join(' ');  // the speaker notes keep their TeX: they are not typeset
    const images = [...s.querySelectorAll('img')].map(i => ({
        alt: i.getAttribute('alt'), src: i.src.split(',')[1] || '',
        loaded: i.complete && i.naturalWidth > 0, shown: i.offsetWidth, natural: i.naturalWidth}));
    return {text: prose, height: s.offsetHeight, width: s.scrollWidth, images: images,
            indices: Reveal.getIndices()};
}"""
MATH = """() => ({
    sources: document.querySelectorAll('script[type^="math/tex"]').length,
    typeset: document.querySelectorAll('.MathJax_CHTML').length,
    errors: document.querySelectorAll('.MathJax_Error, .mjx-merror').length,
})"""
IMAGES = "() => [...document.querySelectorAll('.reveal img')].map(i => i.complete && i.naturalWidth > 0)"
# what the slides show: the deck's text without its speaker notes
ON_SLIDES = """() => { const copy = document.querySelector('.reveal').cloneNode(true);
    copy.querySelectorAll('aside.notes').forEach(n => n.remove()); return copy.textContent; }"""
NOTES = "() => [...document.querySelectorAll('.reveal aside.notes')].map(n => n.textContent)"
CURRENT = ".reveal .slides section.present:not(.stack)"
# axe-core reads each stylesheet again with an XMLHttpRequest, which Chromium refuses for a file://
# page; those refusals are axe's, not the deck's (it checks every colour all the same, from the
# computed styles), and only they are let pass: a stylesheet asked for by XHR
AXE_NOISE = ("Access to XMLHttpRequest at 'file://", "Failed to load resource: net::ERR_FAILED")


def smallest_text(png: str) -> tuple[float, float]:
    """The smallest words of a figure, in points, and the dpi it was drawn at. A notebook's figure says
    its dpi in its PNG (matplotlib's pHYs, read by Pillow here) and writes nothing under 12 pt; a frame
    of a scene, without one, is drawn at DISPLAY_DPI × PIXEL_RATIO, every word at SCENE_FONT_SIZE
    (gdcore.scenes; tests/test_figure_accessibility.py checks both)."""
    with Image.open(io.BytesIO(base64.b64decode(png))) as picture:
        dpi = picture.info.get("dpi")
    return (12.0, float(dpi[0])) if dpi else (float(SCENE_FONT_SIZE), float(DISPLAY_DPI * PIXEL_RATIO))


def console_error(problems):
    def seen(message):
        if message.type == "error" and not message.text.startswith(AXE_NOISE):
            problems.append(f"console error: {message.text}")

    return seen


def request_failed(problems):
    def seen(request):
        if not (request.resource_type == "xhr" and request.url.endswith(".css")):
            problems.append(f"request failed: {request.url[:120]} {request.failure}")

    return seen


@pytest.fixture(scope="module")
def page(browser):
    """One browser page for every deck: local files only, errors collected."""
    opened = browser.new_page(viewport={"width": 1280, "height": 720})
    opened.problems, opened.refused = [], []
    opened.on("console", console_error(opened.problems))
    opened.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    opened.on("requestfailed", request_failed(opened.problems))

    def local_only(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            opened.refused.append(route.request.url)
            route.abort()

    opened.route("**/*", local_only)
    yield opened
    opened.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name[:2] for p in NOTEBOOKS])
def test_every_slide_fits_the_screen_passes_wcag_aa_and_shows_its_figures_large_enough(page, decks, path):
    deck = decks[path.name[:2]]
    problems, refused = page.problems, page.refused
    problems.clear()
    refused.clear()
    page.goto(deck.as_uri())
    page.evaluate(REVEAL)
    page.wait_for_function(f"Reveal.isReady() && {TYPESET}", timeout=30_000)
    canvas = page.evaluate("[Reveal.getConfig().width, Reveal.getConfig().height]")
    assert canvas == [slide_metadata.CANVAS_WIDTH, slide_metadata.CANVAS_HEIGHT]
    wanted = sum(slide_type(c) in ("slide", "subslide") for c in cells(path))
    total = page.evaluate("Reveal.getTotalSlides()")
    assert total >= wanted, "a slide of the notebook's metadata is missing"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{path.name[:2]}_*.png"):
        old.unlink()
    found = axe.violations(page)  # the deck's frame (controls, slide number, progress) and slide 1
    assert found == [], "\n".join(map(str, found))
    seen = 0
    while True:
        page.wait_for_function(DRAWN, timeout=15_000)
        slide = page.evaluate(SLIDE)
        where = f"slide {seen + 1} {slide['indices']}"
        page.screenshot(path=SHOTS / f"{path.name[:2]}_{seen + 1:02d}.png")
        seen += 1
        if seen > 1:
            found = axe.violations(page, include=CURRENT)
            assert found == [], f"{where}:\n" + "\n".join(map(str, found))
        assert problems == [], where
        assert "$$" not in slide["text"] and "\\(" not in slide["text"], f"raw TeX on {where}"
        assert "\\frac" not in slide["text"] and "\\theta" not in slide["text"], f"raw TeX on {where}"
        assert slide["height"] <= canvas[1], f"{where} is {slide['height']} px tall: cut off at the bottom"
        assert slide["width"] <= canvas[0], f"{where} is cut off at the right"
        for image in slide["images"]:
            assert image["loaded"], f"a figure on {where} did not load"
            assert image["alt"] and image["alt"].strip(), f"an image on {where} has no alt text"
            assert "No description has been provided" not in image["alt"], where
            # a point is 1/72 of an inch: that many of the PNG's pixels, scaled as shown
            points, dpi = smallest_text(image["src"])
            text = points / 72 * dpi * image["shown"] / image["natural"]
            assert text >= 15.9, f"{points:g} pt text of a figure on {where} is {text:.1f} px: under 16"
        if page.evaluate("Reveal.isLastSlide()"):
            break
        page.evaluate("Reveal.next()")
    assert seen == total
    assert all(page.evaluate(IMAGES)), "every figure loaded"
    math = page.evaluate(MATH)
    has_math = any("$" in source(c) for c in cells(path) if slide_type(c) != "skip")
    assert math["errors"] == 0 and math["typeset"] == math["sources"]
    assert math["typeset"] > 0 or not has_math
    text = page.evaluate(ON_SLIDES)
    for needle in (*SKIPPED, SOLUTION):
        assert needle not in text, f"a skipped cell's {needle!r} is on a slide"
    assert page.evaluate("Reveal.hasPlugin('notes')"), "S opens the speaker view"
    timing = [c for c in cells(path) if slide_metadata.is_timing(c) and c.get("outputs")]
    notes = page.evaluate(NOTES)
    for cell in timing:  # machine-dependent numbers: in the speaker notes, not on a slide
        printed = "".join("".join(o.get("text", "")) for o in cell["outputs"]).splitlines()
        numbers = [line for line in printed if line.strip() and line not in source(cell)]
        assert numbers, "a timing cell prints numbers"
        for line in numbers:
            assert any(line in note for note in notes) and line not in text, line
    # the lecturer's notes (tools/speaker_notes.py): the title slide has some, every self-check of
    # the chapter is there with its answer, every worked solution is there and not on a slide
    assert notes and notes[0].strip(), "the title slide has speaker notes"
    for exercise in chapter(path.name[:2]).exercises:
        assert any(f"Self-check {exercise.id}" in note for note in notes), exercise.id
    solutions = [c for c in cells(path) if "<details>" in source(c)]
    assert sum("The worked solution" in note for note in notes) == len(solutions)
    assert refused == [], "the deck asked for the network"
    assert problems == []
