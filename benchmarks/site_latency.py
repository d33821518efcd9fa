"""The JupyterLite site (``make site``) against JupyterLab with a server, side by side in one run.

For one notebook with an explorer (04 by default), in each of the two:

* first frame: from opening the notebook's page in a fresh browser context (nothing cached) until the
  first explorer's image is on the page, its cells run with Run All as soon as the kernel is idle
  (in the site, the kernel is Pyodide, started in the page: its packages load then);
* slider: a key press on each of the explorer's sliders (one step, alternately right and left) until
  its image on the page has changed, ``--count`` presses per slider, as ``slider_latency.py`` times
  them in JupyterLab;
* bytes: what the browser fetched for one visit (the first-frame run), and the site's size on disk.

The site is served by a static server on 127.0.0.1 and every request to another host is aborted
(and counted: it must be none). Targets: slider medians within 1.2x of the server's; first frame
within 3x. Run: ``python benchmarks/site_latency.py [--notebook 04] [--count 30] [--visits 3]``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import make_site  # noqa: E402
from lab_harness import KERNEL_IDLE_AND_ALL_RUN, RUN_ALL, JupyterLab, chromium  # noqa: E402
from site_harness import KERNEL_IDLE, StaticSite, closed_context  # noqa: E402
from slider_latency import press_times, summary  # noqa: E402

from gdcore.course import CHAPTERS  # noqa: E402

SLIDER_TARGET = 1.2
FIRST_FRAME_TARGET = 3.0
VIEWPORT = {"width": 1400, "height": 1100}
FIRST_IMAGE = ".widget-vbox img.widget-image"
FIRST_IMAGE_DRAWN = f"""() => {{
    const i = document.querySelector('{FIRST_IMAGE}');
    return !!(i && i.src && i.complete);
}}"""

SHUT_DOWN_KERNELS = """async () => {
    await window.jupyterapp.serviceManager.sessions.shutdownAll();
    return true;
}"""


def notebook_url(kind: str, base: str, name: str) -> str:
    if kind == "site":
        return f"{base}/lab/index.html?path=notebooks/{name}"
    workspace = Path(name).stem.replace("_", "-")
    return f"{base}/lab/workspaces/{workspace}/tree/{name}?reset"


def record_size(fetched: list[int], request) -> None:
    """Append the size of a finished request's response body to ``fetched``.

    A request that finishes as its browser context closes (after the visit's measurements) has no
    size to read any more: it is left out, rather than raise inside Playwright's event loop.
    """
    from playwright.sync_api import Error

    with contextlib.suppress(Error):
        fetched.append(request.sizes()["responseBodySize"])


def first_frame(page, url: str) -> float:
    """Seconds from opening ``url`` to the first explorer image on the page (cells run when idle)."""
    begin = time.perf_counter()
    page.goto(url)
    page.wait_for_function(KERNEL_IDLE, timeout=600_000, polling=100)
    page.evaluate(f"() => {{ ({RUN_ALL})(); return true; }}")  # not awaited: the image is the end
    page.wait_for_function(FIRST_IMAGE_DRAWN, timeout=600_000, polling=50)
    return time.perf_counter() - begin


def measure(kind: str, base: str, browser, name: str, visits: int, count: int) -> dict:
    """First-frame times of ``visits`` fresh visits, bytes fetched per visit, and slider press times."""
    times, visit_bytes, blocked = [], [], []
    sliders: dict[str, list[float]] = {}
    for visit in range(visits):
        fetched: list[int] = []
        with closed_context(browser, blocked, viewport=VIEWPORT) as context:
            # the context's requests: the page's, its web workers' (Pyodide's) and its service worker's
            context.on("requestfinished", functools.partial(record_size, fetched))
            page = context.new_page()
            times.append(first_frame(page, notebook_url(kind, base, name)))
            visit_bytes.append(sum(size for size in fetched if size > 0))
            if visit == visits - 1:  # once every cell has run: a key press then waits for no other cell
                page.wait_for_function(KERNEL_IDLE_AND_ALL_RUN, timeout=600_000, polling=250)
                explorer = page.locator(".gd-explorer").first
                sliders = press_times(page, explorer, explorer.locator("img.widget-image"), count)
            # a server's kernel outlives the page (it would still be running cells in the next visit);
            # the site's dies with it
            page.evaluate(SHUT_DOWN_KERNELS)
    return {"first": times, "bytes": visit_bytes, "sliders": sliders, "blocked": blocked}


def report(name: str, server: dict, site: dict, site_dir: Path) -> None:
    first_server, first_site = statistics.median(server["first"]), statistics.median(site["first"])
    print(f"notebook {name}; first frame (s), each visit in a fresh browser context")
    print(
        f"  JupyterLab + server: {', '.join(f'{t:.1f}' for t in server['first'])}  median {first_server:.1f}"
    )
    print(f"  JupyterLite site:    {', '.join(f'{t:.1f}' for t in site['first'])}  median {first_site:.1f}")
    verdict = "within" if first_site <= FIRST_FRAME_TARGET * first_server else "OVER"
    print(f"  site/server {first_site / first_server:.2f}x: {verdict} the target of {FIRST_FRAME_TARGET}x")
    print(f"\n{'slider':<30}{'server med':>11}{'p95':>8}{'site med':>10}{'p95':>8}{'site/server':>13}")
    worst = 0.0
    for (label, samples), site_samples in zip(
        server["sliders"].items(), site["sliders"].values(), strict=True
    ):
        (sm, sp), (lm, lp) = summary(samples), summary(site_samples)
        worst = max(worst, lm / sm)
        print(f"{label:<30}{sm:>11.1f}{sp:>8.1f}{lm:>10.1f}{lp:>8.1f}{lm / sm:>12.2f}x")
    print(f"slowest slider site/server {worst:.2f}x: {'within' if worst <= SLIDER_TARGET else 'OVER'} "
          f"the target of {SLIDER_TARGET}x")  # fmt: skip
    disk = make_site.size_on_disk(site_dir) / 1e6
    visit_site, visit_server = (statistics.median(run["bytes"]) / 1e6 for run in (site, server))
    print(
        f"\nsite on disk {disk:.1f} MB; fetched per visit: site {visit_site:.1f} MB, "
        f"server {visit_server:.1f} MB"
    )
    print(f"requests to another host: server {len(server['blocked'])}, site {len(site['blocked'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", default="04", help="the chapter whose notebook is measured")
    parser.add_argument("--count", type=int, default=30, help="key presses per slider")
    parser.add_argument("--visits", type=int, default=3, help="fresh visits timed to the first frame")
    args = parser.parse_args()
    name = next(chapter.notebook for chapter in CHAPTERS if chapter.id == args.notebook)
    with tempfile.TemporaryDirectory(prefix="site-bench-") as work:
        site_dir = Path(work) / "site"
        make_site.build(site_dir, expose_app=True)
        with chromium() as browser:
            with JupyterLab() as lab:
                server = measure("server", lab.url, browser, name, args.visits, args.count)
            with StaticSite(site_dir) as site:
                lite = measure("site", site.url, browser, name, args.visits, args.count)
        report(name, server, lite, site_dir)


if __name__ == "__main__":
    main()
