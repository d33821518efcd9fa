"""The JupyterLite site (``make site``) against JupyterLab with a server, side by side in one run.

For one notebook with an explorer (04 by default), in each of the two:

* first frame: from opening the notebook's page in a fresh browser context (nothing cached) until the
  first explorer's image is on the page, its cells run with Run All as soon as the kernel is idle
  (in the site, the kernel is Pyodide, started in the page: its packages load then); the two
  kinds' visits in turn;
* slider: a key press on each of the explorer's sliders (one step, alternately right and left), timed
  in the page from the key event's time stamp until the explorer's next image is decoded, ready to
  paint (``ARM_TIMER``); ``--count`` presses per slider. The server's page and the site's are open
  at once and pressed in turn, one press each, which one first alternating, so that the rest of the
  machine's load falls on both alike;
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
from slider_latency import summary  # noqa: E402

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


# Armed before each key press: the time from the press (the key event's own time stamp) until the
# next image the explorer shows is decoded, ready to paint, in the page's clock. Polling from
# Playwright instead (``slider_latency.press_times``) adds its round trips and waits for an
# animation frame (16.7 ms apart) to look, a step as large as a fifth of these times.
ARM_TIMER = """([handle, image]) => {
    window.gdLatency = null;
    let pressed = null;
    handle.addEventListener('keydown', (event) => { pressed = event.timeStamp; },
                            {capture: true, once: true});
    const observer = new MutationObserver(() => {
        observer.disconnect();
        image.decode().then(() => { window.gdLatency = pressed === null ? -2 : performance.now() - pressed; },
                            () => { window.gdLatency = -1; });
    });
    observer.observe(image, {attributes: true, attributeFilter: ['src']});
    return true;
}"""


def sliders_of(page) -> list[tuple[str, object, tuple[str, str]]]:
    """The first explorer's sliders: label, handle, and the two keys that step away from its end and back."""
    sliders = []
    box = page.locator(".gd-explorer").first.locator(".widget-slider")
    for k in range(box.count()):
        slider = box.nth(k)
        handle = slider.locator(".noUi-handle")
        at_minimum = float(handle.get_attribute("aria-valuenow")) <= float(
            handle.get_attribute("aria-valuemin")
        )
        keys = ("ArrowRight", "ArrowLeft") if at_minimum else ("ArrowLeft", "ArrowRight")
        sliders.append((slider.locator(".widget-label").text_content().strip(), handle, keys))
    return sliders


def timed_press(page, handle, key: str) -> float:
    """Seconds from pressing ``key`` on a slider's handle until the explorer's next image is decoded."""
    image = page.locator(".gd-explorer").first.locator("img.widget-image").element_handle()
    handle.scroll_into_view_if_needed()
    page.evaluate(ARM_TIMER, [handle.element_handle(), image])
    handle.press(key)
    page.wait_for_function("() => window.gdLatency !== null", polling=20)
    latency = page.evaluate("() => window.gdLatency")
    if latency < 0:
        what = "could not be decoded" if latency == -1 else "changed before the key reached the slider"
        raise RuntimeError(f"the image after {key} on {handle} {what}")
    return latency / 1000


def interleaved_presses(pages: dict[str, object], count: int) -> dict[str, dict[str, list[float]]]:
    """Key presses on each slider, one in each page in turn, ``count`` in each: kind -> label -> seconds.

    In turn, so that whatever else the machine does at the time (these are 2-core machines) falls
    on both alike; one after the other, a quiet minute for one and a busy one for the other moved
    the ratio by 0.3. Which page goes first alternates (ABBA), so that what one page's press leaves
    running after its image (the kernel's last messages) delays each side's presses alike.
    """
    sliders = {kind: sliders_of(page) for kind, page in pages.items()}
    labels = [[label for label, _, _ in found] for found in sliders.values()]
    if any(found != labels[0] for found in labels):
        raise RuntimeError(f"the pages show different sliders: {labels}")
    times: dict[str, dict[str, list[float]]] = {kind: {} for kind in pages}
    for k, label in enumerate(labels[0]):
        for kind in pages:
            times[kind][label] = []
        for i in range(count):
            for kind in in_turn(list(pages), i):
                _, handle, keys = sliders[kind][k]
                times[kind][label].append(timed_press(pages[kind], handle, keys[i % 2]))
    return times


def in_turn(kinds: list[str], i: int) -> list[str]:
    """The order of round ``i``: as given in even rounds, reversed in odd ones (A B, B A, A B, ...)."""
    return kinds if i % 2 == 0 else kinds[::-1]


def first_frame(page, url: str) -> float:
    """Seconds from opening ``url`` to the first explorer image on the page (cells run when idle)."""
    begin = time.perf_counter()
    page.goto(url)
    page.wait_for_function(KERNEL_IDLE, timeout=600_000, polling=100)
    page.evaluate(f"() => {{ ({RUN_ALL})(); return true; }}")  # not awaited: the image is the end
    page.wait_for_function(FIRST_IMAGE_DRAWN, timeout=600_000, polling=50)
    return time.perf_counter() - begin


def first_frames(browser, bases: dict[str, str], name: str, visits: int) -> dict[str, dict]:
    """``visits`` fresh visits of each kind, in turn (see :func:`in_turn`), each timed to its first
    frame: kind -> {"first": seconds per visit, "bytes": fetched per visit, "blocked": URLs}."""
    runs: dict[str, dict] = {kind: {"first": [], "bytes": [], "blocked": []} for kind in bases}
    for visit in range(visits):
        for kind in in_turn(list(bases), visit):
            fetched: list[int] = []
            with closed_context(browser, runs[kind]["blocked"], viewport=VIEWPORT) as context:
                # the context's requests: the page's, its web workers' (Pyodide's), its service worker's
                context.on("requestfinished", functools.partial(record_size, fetched))
                page = context.new_page()
                runs[kind]["first"].append(first_frame(page, notebook_url(kind, bases[kind], name)))
                runs[kind]["bytes"].append(sum(size for size in fetched if size > 0))
                # a server's kernel outlives the page (it would still be running cells in the next
                # visit); the site's dies with it
                page.evaluate(SHUT_DOWN_KERNELS)
    return runs


def slider_times(browser, bases: dict[str, str], name: str, count: int) -> dict[str, dict[str, list[float]]]:
    """Both pages open at once, every cell run; then :func:`interleaved_presses`; kernels shut down."""
    blocked: list[str] = []
    with contextlib.ExitStack() as stack:
        pages = {}
        for kind, base in bases.items():
            context = stack.enter_context(closed_context(browser, blocked, viewport=VIEWPORT))
            pages[kind] = context.new_page()
            first_frame(pages[kind], notebook_url(kind, base, name))
        for page in pages.values():  # once every cell has run: a key press then waits for no other cell
            page.wait_for_function(KERNEL_IDLE_AND_ALL_RUN, timeout=600_000, polling=250)
        times = interleaved_presses(pages, count)
        for page in pages.values():
            page.evaluate(SHUT_DOWN_KERNELS)
    return times


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
        with chromium() as browser, JupyterLab() as lab, StaticSite(site_dir) as site:
            bases = {"server": lab.url, "site": site.url}
            runs = first_frames(browser, bases, name, args.visits)
            sliders = slider_times(browser, bases, name, args.count)
        for kind, run in runs.items():
            run["sliders"] = sliders[kind]
        report(name, runs["server"], runs["site"], site_dir)


if __name__ == "__main__":
    main()
