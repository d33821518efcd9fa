"""The sliders work in front of a class: every widget notebook in a real JupyterLab and Chromium.

For each notebook with an explorer: open it, run all cells, wait for the kernel to be idle, check
that no cell shows an error or a warning, move every slider with the keyboard and check that the
slider's readout, the printed numbers and the figure all change; then drive the learning rate to
its maximum and check that the figure still works and says, in words, that descent diverges.
Screenshots go to tests/browser-screenshots/ (git-ignored) for a person to look at.

And for a screen reader: each slider is found by its role and its visible label, its
``aria-valuetext`` is the digits of its readout before and after a key press, the printed numbers
are a polite live region, and the figure's alt text names every slider's value and changes with
it. Last, axe-core (tools/axe.py, WCAG 2.1 A and AA) finds nothing in the notebook's cells but the
parts of JupyterLab's own interface listed in docs/accessibility-third-party.md (:data:`THIRD_PARTY`).

Needs Debian's Chromium (``apt-get install chromium``). Without it these tests are skipped with a
message; with ``REQUIRE_BROWSER=1`` (as ``.ci/run`` sets) they fail instead.
"""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from explorer_checks import (  # noqa: E402
    THIRD_PARTY,
    THIRD_PARTY_DOC,
    axe_findings,
    check_shortcuts_reach_jupyterlab,
    check_what_a_screen_reader_gets,
    press_and_wait,
)
from lab_harness import JupyterLab, open_and_run_all, problems_on_page  # noqa: E402

from gdcore.course import CHAPTERS  # noqa: E402

pytestmark = pytest.mark.browser
SHOTS = ROOT / "tests" / "browser-screenshots"


def widget_notebooks() -> list[str]:
    names = []
    for chapter in CHAPTERS:
        cells = json.loads((ROOT / "notebooks" / chapter.notebook).read_text(encoding="utf-8"))["cells"]
        if any("Explorer(" in "".join(c["source"]) for c in cells if c["cell_type"] == "code"):
            names.append(chapter.notebook)
    return names


@pytest.fixture(scope="module")
def lab(browser):
    with JupyterLab() as server:
        yield server


def test_widget_notebooks_are_found():
    # the notebooks that display an explorer are the chapters that list one, and there are the nine of 0.2
    assert widget_notebooks() == [chapter.notebook for chapter in CHAPTERS if chapter.explorers]
    assert len(widget_notebooks()) >= 9


def test_the_third_party_exclusions_are_the_documented_ones():
    # the table's rows: | `rule` | `selector` | what | upstream issue |
    rows = re.findall(r"^\| `([a-z-]+)` \| `([^`]+)` \|", THIRD_PARTY_DOC.read_text(encoding="utf-8"), re.M)
    assert {selector: rule for rule, selector in rows} == THIRD_PARTY
    assert len(rows) == len(THIRD_PARTY)


def test_every_figure_the_notebooks_show_carries_alt_text():
    # JupyterLab drops it when it renders a PNG (hence the exclusion of .jp-RenderedImage > img):
    # the course gives it all the same, and HTML exports and other front ends show it
    for name in widget_notebooks():
        cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    assert output["metadata"]["image/png"]["alt"].strip(), name


@pytest.mark.parametrize("name", widget_notebooks())
def test_sliders_move_the_numbers_and_the_figure(lab, browser, name):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    try:
        open_and_run_all(page, lab, name)
        assert problems_on_page(page) == []
        assert page.get_by_text("official Jupyter news").count() == 0, "no news pop-up over the notebook"
        explorer = page.locator(".widget-vbox:visible").filter(has=page.locator(".widget-image")).first
        explorer.scroll_into_view_if_needed()
        SHOTS.mkdir(exist_ok=True)
        explorer.screenshot(path=SHOTS / f"{name[:2]}_start.png")
        sliders = explorer.locator(".widget-slider")
        labels = [sliders.nth(k).locator(".widget-label").inner_text() for k in range(sliders.count())]
        assert labels
        # the accessibility script displayed with the explorer has tied its parts together
        page.wait_for_selector(".gd-explorer[data-gd-a11y='tied']", timeout=30_000)
        readout = explorer.locator(".gd-readout .widget-html-content").first
        assert readout.get_attribute("aria-live") == "polite"
        assert readout.evaluate("e => parseFloat(getComputedStyle(e.firstElementChild).fontSize)") >= 16
        alt = check_what_a_screen_reader_gets(explorer)
        for k, label in enumerate(labels):
            # one step left, or right from a slider that starts at its minimum (a choice's first name)
            handle = sliders.nth(k).locator(".noUi-handle")
            at_minimum = float(handle.get_attribute("aria-valuenow")) <= float(
                handle.get_attribute("aria-valuemin")
            )
            key = "ArrowRight" if at_minimum else "ArrowLeft"
            before, after = press_and_wait(page, explorer, sliders.nth(k), key)
            assert after["slider"] != before["slider"], label
            assert after["numbers"] != before["numbers"], label
            assert after["pixels"] != before["pixels"], label
            alt, before_alt = check_what_a_screen_reader_gets(explorer), alt
            assert alt != before_alt, label
            explorer.screenshot(path=SHOTS / f"{name[:2]}_slider{k}.png")
        alphas = [k for k, label in enumerate(labels) if label.startswith("α")]
        for k in alphas:  # last: once descent has diverged, other sliders rightly change nothing
            slider = sliders.nth(k)
            _, top = press_and_wait(page, explorer, slider, "End")
            origin = slider.locator(".noUi-origin").evaluate("o => o.style.transform")
            assert origin.startswith("translate(0%"), f"End should take α to its maximum; handle at {origin}"
            # in words: "diverges" / "Diverged", or (mini-batches) "too large", the path thrown off the chart
            assert "iverge" in top["numbers"] or "too large" in top["numbers"], top["numbers"]
            size = explorer.locator("img.widget-image").first.evaluate(
                "i => [i.naturalWidth, i.naturalHeight]"
            )
            assert size[0] > 500 and size[1] > 250, "the figure still renders"
            explorer.screenshot(path=SHOTS / f"{name[:2]}_alpha_max.png")
        check_shortcuts_reach_jupyterlab(page, explorer)
        assert problems_on_page(page) == [], "no error or warning after moving the sliders"
        check_what_a_screen_reader_gets(explorer)
        assert axe_findings(page) == []
    finally:
        page.close()
