"""tools/axe.py finds what it should: a page with known faults fails on exactly those rules, and the
same page mended passes (so an empty result elsewhere means something)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import axe  # noqa: E402

pytestmark = pytest.mark.browser

# #999 on white is 2.85:1 (WCAG asks 4.5:1 for text); an image with no alt; a slider with no name
FAULTY = """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>
<p style="color:#999999">grey words</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<div role="slider" tabindex="0" aria-valuenow="1" aria-valuemin="0" aria-valuemax="2"></div>
</main></body></html>"""
MENDED = """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>
<p style="color:#595959">grey words</p><img alt="a dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<div role="slider" aria-label="alpha" tabindex="0"
     aria-valuenow="1" aria-valuemin="0" aria-valuemax="2"></div>
</main></body></html>"""


def test_axe_finds_the_known_faults_and_passes_them_mended(browser):
    page = browser.new_page()
    try:
        page.set_content(FAULTY)
        found = {v.rule for v in axe.violations(page)}
        assert found == {"color-contrast", "image-alt", "aria-input-field-name"}
        page.set_content(MENDED)
        assert axe.violations(page) == []
    finally:
        page.close()
