"""The sliders work in front of a class: every widget notebook in a real JupyterLab and Chromium.

For each notebook with an explorer: open it, run all cells, wait for the kernel to be idle, check
that no cell shows an error or a warning, move every slider with the keyboard and check that the
slider's readout, the printed numbers and the figure all change; then drive the learning rate to
its maximum and check that the figure still works and says, in words, that descent diverges.
Screenshots go to tests/browser-screenshots/ (git-ignored) for a person to look at.

Needs Debian's Chromium (``apt-get install chromium``). Without it these tests are skipped with a
message; with ``REQUIRE_BROWSER=1`` (as ``.ci/run`` sets) they fail instead.
"""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
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


def state(explorer, slider):
    """What a student sees: the slider's readout, the printed numbers, the figure."""
    image = explorer.locator(".widget-image").first
    return {
        "slider": slider.locator(".widget-readout").inner_text(),
        "numbers": explorer.locator(".widget-html-content").first.inner_text(),
        "src": image.get_attribute("src"),
        "pixels": image.screenshot(),
    }


def press_and_wait(page, explorer, slider, key: str):
    """Press ``key`` on the slider's handle and wait until the printed numbers and the image change."""
    slider.scroll_into_view_if_needed()
    before = state(explorer, slider)
    numbers = explorer.locator(".widget-html-content").first.element_handle()
    image = explorer.locator(".widget-image").first.element_handle()
    text_before = numbers.text_content()
    handle = slider.locator(".noUi-handle")
    handle.focus()
    handle.press(key)
    page.wait_for_function(
        "([n, i, text, src]) => n.textContent !== text && i.getAttribute('src') !== src && i.complete",
        arg=[numbers, image, text_before, before["src"]],
        timeout=30_000,
    )
    return before, state(explorer, slider)


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
        assert problems_on_page(page) == [], "no error or warning after moving the sliders"
    finally:
        page.close()
