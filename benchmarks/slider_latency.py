"""How quickly does each slider redraw its figure, in the kernel and in a real browser?

For every slider of every explorer in the notebooks, this measures the time from a value change to
the new figure, side by side in one run:

* in the kernel: setting the slider's value until the explorer has its new PNG (the callback);
* in the browser: a key press on the slider in JupyterLab until the image on the page has changed
  (needs Debian's chromium; skipped with a message otherwise).

Three things are measured in the same run: the course's explorers (a scene blits its moving artists
onto a kept background and encodes the frame), a naive twin of each that lays out and redraws the
whole figure on every change, and the floor: a slider whose callback only sets a label's text (the
cost of the key press, the message to the kernel and back, and the page update, with no figure).
Targets: kernel median <= 30 ms for every slider; browser median <= 2x the floor's.
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

import ipywidgets as w
import numpy as np

from gdcore import plots, widgets
from gdcore.course import CHAPTERS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

# The explorers as the notebooks build them, from the course's list: "04 StepScene" -> its setup.
SETUP = {f"{chapter.id} {setup.scene}": setup for chapter in CHAPTERS for setup in chapter.explorers}
KERNEL_TARGET_MS = 30
BROWSER_TARGET_FLOORS = 2


class FullRedraw:
    """Mix-in for a scene: lay out and redraw the whole figure on every frame (a re-plotting callback)."""

    def png(self) -> bytes:
        for artist in self.moving:
            artist.set_animated(False)
        self.figure.set_layout_engine("constrained")
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=self.figure.dpi)
        return buffer.getvalue()


def build(name: str, slow: bool = False) -> widgets.Explorer:
    """The explorer of ``SETUP[name]``, or its naive twin."""
    setup = SETUP[name]
    if slow:  # the same scene, from the same data and options, redrawn whole on every frame
        return widgets.Explorer(
            setup.build(type(f"Naive{setup.scene}", (FullRedraw, setup.scene_class()), {}))
        )
    return widgets.Explorer(setup.build())


def build_floor() -> w.VBox:
    """A slider whose callback only writes its value into a label: the least any slider can take."""
    slider = w.IntSlider(min=0, max=1000, value=500, description="floor", continuous_update=True)
    label = w.Label(value="500")
    slider.observe(lambda change: setattr(label, "value", str(change["new"])), names="value")
    return w.VBox([slider, label])


def slider_values(slider, count: int) -> list[float]:
    """``count`` values across the middle of the range, each different from the one before it."""
    if isinstance(slider, w.SelectionSlider):  # a named choice: every position, there and back
        positions = [value for _, value in slider.options]
        there_and_back = positions + positions[-2:0:-1]
        return [there_and_back[i % len(there_and_back)] for i in range(count)]
    low, high, step = slider.min, slider.max, slider.step
    grid = np.linspace(low + (high - low) * 0.2, low + (high - low) * 0.8, count)
    distinct = [v for v in np.unique(np.round(grid / step) * step) if not np.isclose(v, slider.value)]
    there_and_back = distinct + distinct[-2:0:-1] if len(distinct) > 2 else distinct
    return [float(there_and_back[i % len(there_and_back)]) for i in range(count)]


def kernel_times(sliders, count: int) -> dict[str, list[float]]:
    result = {}
    for slider in sliders:
        start_value, samples = slider.value, []
        for value in slider_values(slider, count):
            value = int(value) if isinstance(slider, w.IntSlider) else value
            begin = time.perf_counter()
            slider.value = value
            samples.append(time.perf_counter() - begin)
        slider.value = start_value
        result[slider.description] = samples
    return result


def summary(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in ms."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return statistics.median(ordered) * 1e3, p95 * 1e3


def latency_notebook(name: str) -> dict:
    """A notebook that shows the floor, the course's explorer and its naive twin, each marked by a class."""
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r})",
        "from gdcore import plots",
        "from slider_latency import build, build_floor",
        "plots.use_course_style()",
    ]
    cells = [
        "\n".join(lines),
        "floor = build_floor(); floor.add_class('latency-floor'); floor",
        f"ours = build({name!r}); ours.ui.add_class('latency-ours'); ours",
        f"naive = build({name!r}, slow=True); naive.ui.add_class('latency-naive'); naive",
    ]
    return {
        "cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": text}
            for text in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def press_times(page, box, changed, count: int) -> dict[str, list[float]]:
    """For each slider in ``box``: key presses, each timed until ``changed`` (a locator) changes."""
    results = {}
    sliders = box.locator(".widget-slider")
    target = changed.element_handle()
    for k in range(sliders.count()):
        slider = sliders.nth(k)
        slider.scroll_into_view_if_needed()
        label = slider.locator(".widget-label").text_content().strip()  # also when not laid out
        handle = slider.locator(".noUi-handle")
        # step away from the end the slider starts at (a choice starts at its first name), then back
        at_minimum = float(handle.get_attribute("aria-valuenow")) <= float(
            handle.get_attribute("aria-valuemin")
        )
        keys = ("ArrowRight", "ArrowLeft") if at_minimum else ("ArrowLeft", "ArrowRight")
        samples = []
        for i in range(count):
            before = target.evaluate("t => t.getAttribute('src') || t.textContent")
            begin = time.perf_counter()
            handle.press(keys[i % 2])
            page.wait_for_function(
                "([t, b]) => (t.getAttribute('src') || t.textContent) !== b && (t.complete !== false)",
                arg=[target, before],
            )
            samples.append(time.perf_counter() - begin)
        results[label] = samples
    return results


def browser_times(lab, browser, name: str, count: int) -> dict[str, dict[str, list[float]]]:
    from lab_harness import open_and_run_all

    path = lab.root / f"latency_{name[:2]}.ipynb"
    path.write_text(json.dumps(latency_notebook(name)))
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    try:
        open_and_run_all(page, lab, path.name)
        floor = page.locator(".latency-floor")
        times = {"floor": press_times(page, floor, floor.locator(":scope > .widget-label"), count)}
        for kind in ("ours", "naive"):
            box = page.locator(f".latency-{kind}")
            times[kind] = press_times(page, box, box.locator("img.widget-image"), count)
    finally:
        page.close()
    return times


HEADER = (
    f"{'explorer':<24}{'slider':<30}{'median':>8}{'p95':>8}{'naive med':>11}{'naive p95':>11}"
    f"{'naive/ours':>12}{'ours/floor':>12}"
)


def row(
    name: str, label: str, ours: list[float], slow: list[float], floor_median: float | None = None
) -> str:
    (m, p), (nm, np95) = summary(ours), summary(slow)
    against_floor = f"{m / floor_median:>11.2f}×" if floor_median else ""
    return f"{name:<24}{label:<30}{m:>8.1f}{p:>8.1f}{nm:>11.1f}{np95:>11.1f}{nm / m:>11.1f}×{against_floor}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Slider latency, kernel and browser, against a naive redraw."
    )
    parser.add_argument("--kernel-only", action="store_true")
    parser.add_argument("--count", type=int, default=30, help="changes per slider")
    parser.add_argument("--only", default="", help="only the explorers whose name starts with this, e.g. 09")
    args = parser.parse_args()
    chosen = [name for name in SETUP if name.startswith(args.only)]
    plots.use_course_style()
    floor = build_floor()
    floor_median, floor_p95 = summary(kernel_times([floor.children[0]], args.count)["floor"])
    print(f"KERNEL: value change -> new PNG (ms); floor (a label's text): median {floor_median:.2f}, "
          f"p95 {floor_p95:.2f}; target median <= {KERNEL_TARGET_MS} ms")  # fmt: skip
    print(HEADER.removesuffix(f"{'ours/floor':>12}"))
    worst = 0.0
    for name in chosen:
        ours, slow = (
            kernel_times(build(name).sliders, args.count),
            kernel_times(build(name, True).sliders, args.count),
        )
        for label in ours:
            print(row(name, label, ours[label], slow[label]))
            worst = max(worst, summary(ours[label])[0])
    verdict = "within" if worst <= KERNEL_TARGET_MS else "OVER"
    print(f"slowest kernel median {worst:.1f} ms: {verdict} the target")
    if args.kernel_only:
        return
    from lab_harness import JupyterLab, chromium, find_chromium

    if find_chromium() is None:
        print("\nBROWSER: skipped, Debian's chromium is not installed (apt-get install chromium)")
        return
    print("\nBROWSER: key press -> changed image on the page (ms), ours vs a naive full redraw vs the floor")
    with JupyterLab() as lab, chromium() as browser:
        results = {name: browser_times(lab, browser, name, args.count) for name in chosen}
    floors = [s for times in results.values() for s in times["floor"]["floor"]]
    browser_floor, browser_floor_p95 = summary(floors)
    target = BROWSER_TARGET_FLOORS * browser_floor
    print(
        f"floor (a label's text), all notebooks: median {browser_floor:.1f}, p95 {browser_floor_p95:.1f}; "
        f"target median <= {BROWSER_TARGET_FLOORS}x the floor = {target:.1f}"
    )
    print(HEADER)
    worst = 0.0
    for name, times in results.items():
        for label, samples in times["ours"].items():
            print(row(name, label, samples, times["naive"][label], browser_floor))
            worst = max(worst, summary(samples)[0] / browser_floor)
    print(f"slowest browser median {worst:.2f}x the floor: "
          f"{'within' if worst <= BROWSER_TARGET_FLOORS else 'OVER'} the target")  # fmt: skip


if __name__ == "__main__":
    main()
