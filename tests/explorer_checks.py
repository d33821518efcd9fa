"""What a student and a screen reader get from an explorer on a page, checked the same way in a
JupyterLab with a server (test_browser.py) and in the JupyterLite site (test_site.py)."""

from pathlib import Path

from axe import violations  # tools/, on the path by conftest.py

ROOT = Path(__file__).resolve().parent.parent
THIRD_PARTY_DOC = ROOT / "docs" / "accessibility-third-party.md"
#: The notebook's cells: what the course puts on the page (its text, code and outputs).
COURSE_OUTPUT = ".jp-Notebook .jp-Cell"
#: Parts of JupyterLab's own interface inside the cells that break a WCAG rule, by CSS selector: left
#: out of axe's check, each with the rule it breaks (docs/accessibility-third-party.md says why and
#: names the upstream issue; a test checks that the two lists agree).
THIRD_PARTY = {
    ".jp-Cell .cm-content": "aria-input-field-name",
    ".jp-RenderedImage > img": "image-alt",
    ".jp-RenderedMarkdown:has(mjx-assistive-mml)": "scrollable-region-focusable",
}


def readouts(explorer) -> dict[str, str]:
    """Each slider's label and the digits its readout shows."""
    sliders = explorer.locator(".widget-slider")
    return {
        sliders.nth(k).locator(".widget-label").inner_text(): sliders.nth(k)
        .locator(".widget-readout")
        .inner_text()
        for k in range(sliders.count())
    }


def check_what_a_screen_reader_gets(explorer) -> str:
    """Each slider by role and label, saying its readout's digits; the figure's alt text, returned."""
    shown = readouts(explorer)
    for label, digits in shown.items():
        handle = explorer.get_by_role("slider", name=label, exact=True)
        assert handle.count() == 1, label
        assert handle.get_attribute("aria-valuetext") == digits, label
    alt = explorer.locator("img.widget-image").first.get_attribute("alt")
    assert alt and all(f"{label} = {digits}" in alt for label, digits in shown.items()), alt
    return alt


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


def axe_findings(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA findings in the notebook's cells, but for :data:`THIRD_PARTY`'s parts,
    and any rule other than its own that one of those parts breaks: each a line, none if all is well."""
    found = [str(v) for v in violations(page, include=COURSE_OUTPUT, exclude=tuple(THIRD_PARTY))]
    for selector, rule in THIRD_PARTY.items():  # each exclusion hides its one rule, nothing else
        if page.locator(selector).count():
            found += [f"{selector}: {v}" for v in violations(page, include=selector) if v.rule != rule]
    return found


NOTEBOOK_DIRTY = "() => window.jupyterapp.shell.currentWidget.context.model.dirty"


def check_shortcuts_reach_jupyterlab(page, explorer) -> None:
    """With a slider's handle focused, Ctrl+S still saves the notebook: the explorers' script keeps only
    the slider's own keys from JupyterLab (see ``A11Y_SCRIPT`` in gdcore/widgets.py), no shortcut else."""
    # something to save (the run changed the notebook, but an autosave may have saved it since)
    page.evaluate("() => { window.jupyterapp.shell.currentWidget.context.model.dirty = true; }")
    handle = explorer.locator(".widget-slider .noUi-handle").first
    handle.focus()
    handle.press("Control+s")
    page.wait_for_function(f"() => !({NOTEBOOK_DIRTY})()", timeout=30_000)
    assert handle.get_attribute("data-lm-suppress-shortcuts") is None
