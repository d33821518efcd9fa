"""The lecture decks of ``make slides``: built from the notebooks' slide metadata, shown offline.

The decks are built once, into a temporary folder, by ``tools/make_slides.py``'s ``build`` (the
first build on a machine downloads reveal.js, MathJax and require.js from the npm registry into
``~/.cache/gdcore-course/``). Then Debian's Chromium opens every deck from the disk with every
non-local request refused, walks through every slide and checks what the back row would see:
no error, every figure loaded, every formula typeset, nothing cut off, nothing that is skipped.
Screenshots of every slide go to tests/browser-screenshots/slides/ for a person to look at.

Without Chromium the browser tests are skipped with a message; with ``REQUIRE_BROWSER=1`` (as
``.ci/run`` sets) they fail instead, as in tests/test_browser.py.
"""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_slides  # noqa: E402

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
SLIDE = """() => {
    const s = Reveal.getCurrentSlide();
    const scroller = s.scrollHeight > s.clientHeight + 2;
    let scrolls = false;
    if (scroller) { s.scrollTop = 100000; scrolls = s.scrollTop > 0; s.scrollTop = 0; }
    const prose = [...s.querySelectorAll('.jp-RenderedMarkdown')].map(m => m.innerText).join(' ');
    return {text: prose, tall: scroller, scrolls: scrolls,
            wide: s.scrollWidth > s.clientWidth + 2, indices: Reveal.getIndices()};
}"""
MATH = """() => ({
    sources: document.querySelectorAll('script[type^="math/tex"]').length,
    typeset: document.querySelectorAll('.MathJax_CHTML').length,
    errors: document.querySelectorAll('.MathJax_Error, .mjx-merror').length,
})"""
IMAGES = "() => [...document.querySelectorAll('.reveal img')].map(i => i.complete && i.naturalWidth > 0)"


@pytest.mark.browser
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name[:2] for p in NOTEBOOKS])
def test_the_deck_shows_every_slide_offline_without_error(browser, decks, path):
    deck = decks[path.name[:2]]
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    problems, refused = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url[:120]} {r.failure}"))

    def local_only(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    try:
        page.goto(deck.as_uri())
        page.evaluate(REVEAL)
        page.wait_for_function(f"Reveal.isReady() && {TYPESET}", timeout=30_000)
        wanted = sum(slide_type(c) in ("slide", "subslide") for c in cells(path))
        assert page.evaluate("Reveal.getTotalSlides()") == wanted
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob(f"{path.name[:2]}_*.png"):
            old.unlink()
        seen = 0
        while True:
            page.wait_for_function(DRAWN, timeout=15_000)
            slide = page.evaluate(SLIDE)
            where = f"slide {seen + 1} {slide['indices']}"
            page.screenshot(path=SHOTS / f"{path.name[:2]}_{seen + 1:02d}.png")
            seen += 1
            assert problems == [], where
            assert "$$" not in slide["text"] and "\\(" not in slide["text"], f"raw TeX on {where}"
            assert "\\frac" not in slide["text"] and "\\theta" not in slide["text"], f"raw TeX on {where}"
            assert not slide["tall"] or slide["scrolls"], f"{where} is cut off at the bottom"
            assert not slide["wide"], f"{where} is cut off at the right"
            if page.evaluate("Reveal.isLastSlide()"):
                break
            page.evaluate("Reveal.next()")
        assert seen == wanted
        assert all(page.evaluate(IMAGES)), "every figure loaded"
        math = page.evaluate(MATH)
        has_math = any("$" in source(c) for c in cells(path) if slide_type(c) != "skip")
        assert math["errors"] == 0 and math["typeset"] == math["sources"]
        assert math["typeset"] > 0 or not has_math
        text = page.evaluate("document.querySelector('.reveal').textContent")
        for needle in (*SKIPPED, SOLUTION):
            assert needle not in text, f"a skipped cell's {needle!r} is on a slide"
        assert refused == [], "the deck asked for the network"
        assert problems == []
    finally:
        page.close()
