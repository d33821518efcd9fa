"""Shared test set-up: matplotlib writes its cache to a temporary folder, never to stderr; the
``no_warnings_escape`` fixture, which a test module turns on with
``pytestmark = pytest.mark.usefixtures("no_warnings_escape")``; and ``browser``, one Chromium for
the real-browser tests of the notebooks (test_browser.py) and of the slides (test_slides.py)."""

import os
import sys
import tempfile
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from lab_harness import chromium, find_chromium

ENABLE = "install Debian's chromium (apt-get install chromium), as .ci/run does, to enable them"

# Before anything imports matplotlib (here or in a notebook kernel started by nbval, which inherits it).
# (No MPLBACKEND here: the kernels would inherit it and stop showing figures inline.)
os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="mpl-"))


@pytest.fixture
def no_warnings_escape():
    """Any warning a test does not expect fails it (a DivergenceWarning, a numpy RuntimeWarning, ...)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def missing_browser() -> str | None:
    """Why the real-browser tests cannot run here, or None if they can."""
    if find_chromium() is None:
        return f"Real-browser tests skipped: Chromium not found; {ENABLE}."
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Real-browser tests skipped: the playwright package is missing (make test installs it)."
    return None


@pytest.fixture(scope="session")
def browser():
    """Chromium, driven by playwright; skipped with the reason, or failed if REQUIRE_BROWSER=1 (.ci/run)."""
    reason = missing_browser()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason.replace("skipped", "required (REQUIRE_BROWSER=1) but cannot run"))
        pytest.skip(reason)
    with chromium() as launched:
        yield launched
