"""The HTML edition of ``make html``: a page per notebook that a screen reader reads, offline.

The pages are built once, into a temporary folder, by ``tools/make_html.py``'s ``build`` (MathJax
and require.js come from the cache the slides fill, ``~/.cache/gdcore-course/``). Then Debian's
Chromium opens each page from the disk, every non-local request refused, one browser page for all,
and axe-core (``tools/axe.py``) checks it against WCAG 2.0/2.1 A and AA: no violation at all. Every
image has alternative text of its own, never nbconvert's placeholder.

Without Chromium the browser tests are skipped with a message; with ``REQUIRE_BROWSER=1`` (as
``.ci/run`` sets) they fail instead, as in tests/test_browser.py.
"""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import axe  # noqa: E402
import make_html  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TYPESET = (
    "window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0"
)
IMAGES = """() => [...document.querySelectorAll('img')].map(i => ({
    alt: i.getAttribute('alt'), loaded: i.complete && i.naturalWidth > 0}))"""
# a tiny PNG (1 × 1, white), for a notebook of one figure
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAG7buVgAAAABJRU5ErkJggg=="


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    built = make_html.build(out)
    return {page.name[:2]: page for page in built}


def test_there_is_a_page_per_notebook_and_an_index_that_links_them(pages):
    assert sorted(pages) == [p.name[:2] for p in NOTEBOOKS]
    index = (next(iter(pages.values())).parent / "index.html").read_text(encoding="utf-8")
    for page in pages.values():
        assert f'href="{page.name}"' in index


def test_the_pages_link_to_each_other_not_to_the_notebooks_and_show_no_badges(pages):
    page = pages["04"].read_text(encoding="utf-8")
    assert 'href="03_the_cost_parabola.html"' in page and 'href="05_' in page
    assert 'href="03_the_cost_parabola.ipynb"' not in page
    assert "colab-badge.svg" not in page and "mybinder.org/badge" not in page  # images from the web


def test_the_tables_of_00_and_04_have_a_header_in_every_column(pages):
    for number in ("00", "04"):
        page = pages[number].read_text(encoding="utf-8")
        assert "<th></th>" not in page and "<th>" in page


def one_figure_notebook(tmp_path, metadata):
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "a1",
        "metadata": {},
        "source": "show()",
        "outputs": [{"output_type": "display_data", "data": {"image/png": PIXEL}, "metadata": metadata}],
    }
    nb = {
        "cells": [{"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# 99 · A test"}, cell],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "99_a_test.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def test_a_figure_keeps_the_alt_text_the_notebook_gave_it(tmp_path):
    path = one_figure_notebook(tmp_path, {"image/png": {"alt": "A white dot & nothing else"}})
    (page,) = make_html.build(tmp_path / "out", [path])
    assert 'alt="A white dot &amp; nothing else"' in page.read_text(encoding="utf-8")


def test_a_figure_without_alt_text_stops_the_build_and_says_which_notebook(tmp_path):
    path = one_figure_notebook(tmp_path, {})
    with pytest.raises(ValueError, match=r"99_a_test\.ipynb: a figure has no alt text"):
        make_html.build(tmp_path / "out", [path])


@pytest.fixture(scope="module")
def page(browser):
    """One browser page for every HTML page: local files only, errors collected."""
    opened = browser.new_page(viewport={"width": 1280, "height": 800})
    opened.problems, opened.refused = [], []
    opened.on("console", lambda m: m.type == "error" and opened.problems.append(f"console error: {m.text}"))
    opened.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))

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
@pytest.mark.parametrize("name", ["index", *(p.name[:2] for p in NOTEBOOKS)])
def test_the_page_passes_wcag_aa_offline_with_alt_text_on_every_image(page, pages, name):
    path = next(iter(pages.values())).parent / "index.html" if name == "index" else pages[name]
    page.problems.clear()
    page.refused.clear()
    page.goto(path.as_uri())
    if name != "index":
        page.wait_for_function(TYPESET, timeout=30_000)
        assert page.evaluate("document.querySelectorAll('.MathJax_Error, .mjx-merror').length") == 0
    found = axe.violations(page)
    assert found == [], "\n".join(str(v) for v in found)
    images = page.evaluate(IMAGES)
    assert all(image["loaded"] for image in images), "every figure loaded"
    for image in images:
        assert image["alt"] and image["alt"].strip(), "an image has no alt text"
        assert make_html.NO_ALT not in image["alt"]
    figures = sum("image/png" in o.get("data", {}) for c in cells(name) for o in c.get("outputs", []))
    assert len(images) == figures, "every figure of the notebook is on its page"
    assert page.refused == [], "the page asked for the network"
    assert page.problems == []


def cells(name):
    if name == "index":
        return []
    path = next(p for p in NOTEBOOKS if p.name.startswith(name))
    return json.loads(path.read_text(encoding="utf-8"))["cells"]
