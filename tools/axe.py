"""Accessibility checks in the real browser: axe-core on a page, WCAG 2.0 and 2.1 at levels A and AA.

axe-core (Deque's rules engine, the one accessibility offices audit with) is taken from the npm
registry's tarball, pinned by version and sha256 below and kept in ``~/.cache/gdcore-course/`` with
the slides' assets (``tools/make_slides.py``), so only the first run needs the network. It is injected
into a page opened by Playwright; :func:`violations` runs it and returns what it finds, in words.

Used by the tests of the HTML edition, of the slide decks and of JupyterLab with an explorer
(tests/test_html.py, tests/test_slides.py, tests/test_browser.py).
"""

from __future__ import annotations

import io
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from make_slides import Package, tarball  # noqa: E402

AXE = Package(
    "axe-core",
    "4.14.1",
    "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745",
    ("axe.min.js",),
)
#: The rules of the law (WCAG 2.1 level AA includes every 2.0 and 2.1 rule at levels A and AA).
WCAG_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@dataclass(frozen=True)
class Violation:
    """One rule broken on a page: its id, how bad, what it asks, and where (CSS selectors)."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        more = f" and {len(self.targets) - 5} more" if len(self.targets) > 5 else ""
        where = ", ".join(self.targets[:5]) + more
        return f"{self.rule} ({self.impact}): {self.help}; at {where}"


def script() -> str:
    """axe-core's ``axe.min.js``, from the cache or the npm registry (pinned)."""
    with tarfile.open(fileobj=io.BytesIO(tarball(AXE)), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode("utf-8")


def violations(page, include: str | None = None, exclude: tuple[str, ...] = ()) -> list[Violation]:
    """Run axe-core on ``page`` (a Playwright page) against WCAG 2.0/2.1 A and AA; what it finds.

    Parameters
    ----------
    page : playwright.sync_api.Page
        The page, loaded and settled (fonts, MathJax, images).
    include : str, optional
        A CSS selector: check only what is inside it (the course's output in JupyterLab, say).
    exclude : tuple of str
        CSS selectors of parts not to check (third-party interface, listed in the docs).

    Returns
    -------
    list of Violation
        Empty when the page passes.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=script())
    context: dict = {}
    if include:
        context["include"] = [include]
    if exclude:
        context["exclude"] = [[selector] for selector in exclude]
    found = page.evaluate(
        """([context, tags]) => axe.run(Object.keys(context).length ? context : document,
               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
             .then(r => r.violations.map(v => ({rule: v.id, impact: v.impact || '', help: v.help,
                                                targets: v.nodes.map(n => n.target.join(' '))})))""",
        [context, list(WCAG_AA)],
    )
    return [Violation(v["rule"], v["impact"], v["help"], tuple(v["targets"])) for v in found]
