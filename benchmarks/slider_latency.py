"""How quickly does each slider redraw its figure, in the kernel and in a real browser?

For every slider of every explorer in the notebooks, this measures the time from a value change to
the new figure, twice, side by side in one run:

* in the kernel: setting the slider's value until the explorer has its new PNG (the callback);
* in the browser: a key press on the slider in JupyterLab until the image on the page has changed
  (needs Debian's chromium; skipped with a message otherwise).

Each is measured for the course's explorers (blitting the moving artists onto a kept background)
and for a naive version of the same explorer that lays out and redraws the whole figure on every
change, and printed as median, 95th percentile and the ratio naive/ours.
Targets: median <= 30 ms in the kernel, <= 150 ms in the browser.
Run: ``python benchmarks/slider_latency.py`` (``--kernel-only`` to skip the browser).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

import gdcore as gd
from gdcore import plots, widgets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

# The explorers as the notebooks build them.
SETUP = {
    "01 line fit": "widgets.LineFitExplorer(*gd.jewelry_sales())",
    "03 cost curve": "widgets.CostCurveExplorer(*gd.toy_line(), theta1=(-2, 14, 0.01))",
    "04 steps": "widgets.StepExplorer(*gd.toy_line(), alpha=(0.005, 0.6, 0.005), steps=(0, 30, 1))",
    "05 descent": "widgets.DescentExplorer(*gd.jewelry_rings(), alpha=(0.0005, 0.011, 0.0005), "
    "iterations=(0, 5000, 100))",
}


class FullRedraw:
    """Mix-in: lay out and redraw the whole figure on every change (what a re-plotting callback does)."""

    def png(self) -> bytes:
        for artist in self.moving:
            artist.set_animated(False)
        self.figure.set_layout_engine("constrained")
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()


def naive(explorer_class):
    return type(f"Naive{explorer_class.__name__}", (FullRedraw, explorer_class), {})


def build(expression: str, slow: bool = False):
    explorer = eval(expression, {"gd": gd, "widgets": widgets})  # the notebooks' own expressions
    if slow:
        args, kwargs = explorer._arguments
        explorer = naive(type(explorer))(*args, **kwargs)
    return explorer


def slider_values(slider, count: int) -> list[float]:
    """``count`` values across the middle of the range, each different from the one before it."""
    low, high, step = slider.min, slider.max, slider.step
    grid = np.linspace(low + (high - low) * 0.2, low + (high - low) * 0.8, count)
    distinct = [v for v in np.unique(np.round(grid / step) * step) if not np.isclose(v, slider.value)]
    there_and_back = distinct + distinct[-2:0:-1] if len(distinct) > 2 else distinct
    return [float(there_and_back[i % len(there_and_back)]) for i in range(count)]


def kernel_times(explorer, count: int) -> dict[str, list[float]]:
    result = {}
    for slider in explorer.sliders:
        start_value, samples = slider.value, []
        for value in slider_values(slider, count):
            begin = time.perf_counter()
            slider.value = value
            samples.append(time.perf_counter() - begin)
        slider.value = start_value
        result[slider.description] = samples
    return result


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def latency_notebook(expression: str) -> dict:
    """A notebook that shows the course's explorer and then its naive twin."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r})",
        "import gdcore as gd",
        "from gdcore import plots, widgets",
        "from slider_latency import build",
        "plots.use_course_style()",
    ]
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": text}
        for text in ["\n".join(lines), f"build({expression!r})", f"build({expression!r}, slow=True)"]
    ]
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
            "nbformat": 4, "nbformat_minor": 5}  # fmt: skip


def browser_times(lab, browser, name: str, expression: str, count: int) -> dict[tuple[str, str], list[float]]:
    from lab_harness import open_and_run_all

    path = lab.root / f"latency_{name[:2]}.ipynb"
    path.write_text(json.dumps(latency_notebook(expression)))
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    results = {}
    try:
        open_and_run_all(page, lab, path.name)
        boxes = page.locator(".widget-vbox:visible").filter(has=page.locator(".widget-image"))
        for kind, box in (("ours", boxes.nth(0)), ("naive", boxes.nth(1))):
            sliders = box.locator(".widget-slider")
            image = box.locator("img.widget-image").element_handle()
            for k in range(sliders.count()):
                slider = sliders.nth(k)
                slider.scroll_into_view_if_needed()
                label = slider.locator(".widget-label").inner_text()
                handle = slider.locator(".noUi-handle")
                samples = []
                for i in range(count):
                    src = image.get_attribute("src")
                    begin = time.perf_counter()
                    handle.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
                    page.wait_for_function(
                        "([i, s]) => i.getAttribute('src') !== s && i.complete", arg=[image, src]
                    )
                    samples.append(time.perf_counter() - begin)
                results[(kind, label)] = samples
    finally:
        page.close()
    return results


HEADER = (
    f"{'explorer':<14}{'slider':<30}{'median':>8}{'p95':>8}{'naive med':>11}{'naive p95':>11}{'ratio':>8}"
)


def row(name: str, label: str, ours: list[float], slow: list[float]) -> str:
    (m, p), (nm, np95) = (np.array(summary(x)) * 1e3 for x in (ours, slow))  # in ms
    return f"{name:<14}{label:<30}{m:>8.1f}{p:>8.1f}{nm:>11.1f}{np95:>11.1f}{nm / m:>7.1f}×"


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Slider latency, kernel and browser, against a naive redraw."
    )
    parser.add_argument("--kernel-only", action="store_true")
    parser.add_argument("--count", type=int, default=30, help="changes per slider")
    args = parser.parse_args()
    plots.use_course_style()
    print("KERNEL: value change -> new PNG (ms), ours vs a naive full redraw")
    print(
        f"{'explorer':<14}{'slider':<30}{'median':>8}{'p95':>8}{'naive med':>11}{'naive p95':>11}{'ratio':>8}"
    )
    for name, expression in SETUP.items():
        ours, slow = (
            kernel_times(build(expression), args.count),
            kernel_times(build(expression, True), args.count),
        )
        for label in ours:
            print(row(name, label, ours[label], slow[label]))
    if args.kernel_only:
        return
    from lab_harness import JupyterLab, chromium, find_chromium

    if find_chromium() is None:
        print("\nBROWSER: skipped, Debian's chromium is not installed (apt-get install chromium)")
        return
    print("\nBROWSER: key press -> changed image on the page (ms), ours vs a naive full redraw")
    print(
        f"{'explorer':<14}{'slider':<30}{'median':>8}{'p95':>8}{'naive med':>11}{'naive p95':>11}{'ratio':>8}"
    )
    with JupyterLab() as lab, chromium() as browser:
        for name, expression in SETUP.items():
            times = browser_times(lab, browser, name, expression, args.count)
            for (kind, label), samples in times.items():
                if kind != "ours":
                    continue
                print(row(name, label, samples, times[("naive", label)]))


if __name__ == "__main__":
    main()
