"""The course's interactive figures as scenes: a figure that shows the lesson at given values.

A scene owns one matplotlib figure and the few artists in it that move. Its one method,
:meth:`Scene.show`, takes values (``scene.show(alpha=0.2, steps=10)``), asks :mod:`gdcore` for the
numbers, moves the artists and returns the readout: a line of HTML with the numbers behind the
picture. :meth:`Scene.png` renders the figure as it is now. A scene knows nothing of sliders: the
thin shells of :mod:`gdcore.widgets` bind one slider to each of its :attr:`Scene.controls`, and
:func:`gdcore.widgets.key_states` renders a scene at chosen values for readers without a kernel.

How a frame is made, and why. The static parts (axes, ticks, labels, data, curves) are drawn once
and kept as a bitmap; a frame pastes that bitmap back and draws only the moving artists on it
(matplotlib's "blitting"), then encodes PNG. Frames are rendered at twice their display size
(:data:`PIXEL_RATIO`), so they stay sharp on a projector and on a HiDPI screen.
``benchmarks/slider_latency.py`` measures the time per frame against a full redraw.

This module imports matplotlib but not ipywidgets.
"""

from __future__ import annotations

import math
import struct
import warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from . import plots
from .regression import (
    DescentResult,
    DivergenceWarning,
    bowl,
    design_matrix,
    gradient_descent,
    half_mse,
    half_mse_each,
    least_squares,
    predict,
    residuals,
    sum_of_squares,
)

__all__ = [
    "DISPLAY_DPI",
    "PIXEL_RATIO",
    "Control",
    "CostCurveScene",
    "DescentScene",
    "LineFitScene",
    "Scene",
    "StepScene",
    "fmt",
]

#: Dots per inch of a figure as it is displayed (its size on screen).
DISPLAY_DPI = 80
#: Frames are rendered with this many pixels per displayed pixel in each direction.
PIXEL_RATIO = 2


def png_bytes(rgba: np.ndarray) -> bytes:
    """An RGBA image (shape (height, width, 4), uint8) as the bytes of a PNG file.

    Written out here rather than with Pillow because this is the time of a frame: for the 1760 × 672
    pixels of a two-panel scene, Pillow's PNG writer took 27-36 ms here and this takes about 10 ms
    (rows unfiltered, zlib at level 1: mostly flat colours compress well without PNG's filters).
    The format is the PNG specification's simplest: signature, header, one data chunk, end.
    """
    height, width, channels = rgba.shape
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 ("none") at the start of every row
    rows[:, 1:] = rgba.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    return b"".join(
        [_PNG_SIGNATURE, _png_chunk(b"IHDR", header), _png_chunk(b"IDAT", zlib.compress(rows, 1)),
         _png_chunk(b"IEND", b"")]
    )  # fmt: skip


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def fmt(value: float, digits: int = 4) -> str:
    """A number for a readout: plain when moderate, scientific when huge or tiny, words when not finite."""
    if not np.isfinite(value):
        return "overflow (not a finite number)"
    if value != 0 and not 1e-3 <= abs(value) < 1e6:
        return f"{value:.3e}"
    return f"{value:.{digits}g}" if abs(value) < 1 else f"{value:,.{digits - 2}f}"


@dataclass(frozen=True)
class Control:
    """One value a scene is driven by: its name, what a slider would say, its range and start.

    Raises ``ValueError`` naming the control when the range is empty, the step not positive or the
    start outside the range, and ``TypeError`` when a number is not a number.
    """

    name: str
    label: str
    low: float
    high: float
    step: float
    start: float
    integer: bool = False
    readout_format: str = ".3f"

    def __post_init__(self) -> None:
        for part in ("low", "high", "step", "start"):
            value = getattr(self, part)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise TypeError(f"{self.name}: {part} must be a number; got {value!r}")
            if not math.isfinite(value):
                raise ValueError(f"{self.name}: {part} must be finite; got {value!r}")
        if not self.low < self.high:
            raise ValueError(
                f"{self.name} must be a range (low, high, step) with low < high; got low = {self.low:g}, "
                f"high = {self.high:g}"
            )
        if not self.step > 0:
            raise ValueError(f"{self.name}: step must be positive; got {self.step:g}")
        if not self.low <= self.start <= self.high:
            raise ValueError(
                f"the start of {self.name} must lie inside its range {self.low:g}..{self.high:g}; "
                f"got {self.start:g}"
            )

    @classmethod
    def from_range(cls, name: str, label: str, bounds: Sequence[float], start: float, **options) -> Control:
        """A control from a ``(low, high, step)`` triple, checked like the rest."""
        if isinstance(bounds, (str, bytes)) or len(bounds) != 3:
            raise ValueError(f"{name} must be a range (low, high, step); got {bounds!r}")
        low, high, step = bounds
        return cls(name, label, low, high, step, start, **options)

    @property
    def symbol(self) -> str:
        """The first word of the label (``"α"`` for ``"α learning rate"``), for short texts."""
        return self.label.split()[0]

    def accept(self, value: object) -> float | int:
        """``value`` as this control's kind of number, or ``ValueError``/``TypeError`` naming it."""
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"{self.name} must be a number; got {value!r}")
        tolerance = 1e-9 * (self.high - self.low)
        if not (self.low - tolerance <= value <= self.high + tolerance):
            raise ValueError(f"{self.name} must lie in {self.low:g}..{self.high:g}; got {value:g}")
        if self.integer:
            if value != int(value):
                raise ValueError(f"{self.name} must be a whole number; got {value:g}")
            return int(value)
        return float(value)


class Scene:
    """A figure driven by values: subclasses draw it and implement :meth:`draw`.

    A subclass builds ``figure`` with :func:`new_figure`, passes the artists that move as
    ``moving`` and its :class:`Control` list, and implements ``draw(**values)``, which moves
    the artists, fills :attr:`values` with the numbers behind the picture and returns the
    readout's HTML. :meth:`caption` says the key number in a few words.

    Attributes
    ----------
    controls : dict[str, Control]
        What the scene is driven by, in slider order.
    state : dict[str, float]
        The values last shown.
    values : dict
        The numbers behind the last frame, for the notebook's text and for tests.
    readout : str
        The HTML returned by the last :meth:`show`.
    """

    def __init__(self, figure: Figure, moving: Sequence[Artist], controls: Sequence[Control]):
        self.controls = {control.name: control for control in controls}
        self.figure = figure
        self.moving = list(moving)
        canvas = FigureCanvasAgg(figure)
        for artist in self.moving:
            artist.set_animated(True)  # left out of a full draw: drawn by png() on the kept background
        canvas.draw()  # lays the figure out (constrained layout) and draws the static parts
        figure.set_layout_engine("none")  # keep that layout: the kept background must stay valid
        self.background = canvas.copy_from_bbox(figure.bbox)
        self.state = {name: control.start for name, control in self.controls.items()}
        self.values: dict[str, float | str | bool] = {}
        self.readout = ""
        self.show()

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of a frame on screen, in pixels (it is rendered at PIXEL_RATIO times that)."""
        width, height = self.figure.canvas.get_width_height()
        return width // PIXEL_RATIO, height // PIXEL_RATIO

    def show(self, **values: float) -> str:
        """Show the scene at these values (the others stay as they were); return the readout's HTML."""
        for name in values:
            if name not in self.controls:
                known = ", ".join(self.controls)
                raise TypeError(f"{type(self).__name__} has no value {name!r}; it has: {known}")
        accepted = {name: self.controls[name].accept(value) for name, value in values.items()}
        self.state.update(accepted)
        self.readout = self.draw(**self.state)
        return self.readout

    def draw(self, **values: float) -> str:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def caption(self) -> str:
        """The key number of the current state, in a few words (titles of the key-state figures)."""
        return ""

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes: the kept background plus the moving artists."""
        canvas = self.figure.canvas
        canvas.restore_region(self.background)
        for artist in self.moving:
            self.figure.draw_artist(artist)
        return png_bytes(np.asarray(canvas.buffer_rgba()))

    def render(self, **values: float) -> bytes:
        """:meth:`show` these values and return the frame as PNG bytes."""
        self.show(**values)
        return self.png()


def new_figure(width: float, height: float, panels: int = 1) -> tuple[Figure, object]:
    """A figure of ``width`` × ``height`` inches on screen, rendered at PIXEL_RATIO× the pixels."""
    figure = Figure(figsize=(width, height), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
    return figure, (figure.subplots() if panels == 1 else figure.subplots(1, panels))


def padded(low: float, high: float, fraction: float = 0.05) -> tuple[float, float]:
    """The interval [low, high] widened by ``fraction`` of its length on each side."""
    pad = fraction * (high - low) if high > low else max(abs(high), 1.0)
    return low - pad, high + pad


def line_span(x: ArrayLike) -> np.ndarray:
    """Where to draw a fitted line: from 0 (where the intercept is read) to a little past the data."""
    x = np.asarray(x, float)
    low, high = min(0.0, x.min()), max(0.0, x.max())
    return np.array([low, high + 0.1 * (high - low)])


def span_of_lines(span: np.ndarray, y: np.ndarray, predictions: Sequence[np.ndarray]) -> tuple[float, float]:
    """Y-limits that hold the data and every line in ``predictions`` (each drawn over ``span``)."""
    values = np.concatenate([y, *predictions])
    return padded(float(values.min()), float(values.max()))


class LineFitScene(Scene):
    """Notebook 01: an intercept and a slope; the line, its residuals and their sum of squares."""

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        intercept: Sequence[float] = (0.0, 300.0, 1.0),
        slope: Sequence[float] = (-50.0, 150.0, 1.0),
        start: Sequence[float] = (100.0, 60.0),
    ):
        self.X = design_matrix(x)
        self.x, self.y = self.X[:, 1], np.asarray(y, float)
        self.best = least_squares(self.X, self.y)
        self.best_ss = sum_of_squares(self.best, self.X, self.y)
        controls = [
            Control.from_range(
                "intercept", "θ₀ intercept (dollars)", intercept, start[0], readout_format=".0f"
            ),
            Control.from_range(
                "slope", "θ₁ slope (dollars per carat)", slope, start[1], readout_format=".0f"
            ),
        ]
        figure, ax = new_figure(6.5, 4.5)
        plots.data_scatter(self.x, self.y, ax=ax)
        self.span = line_span(self.x)
        self.line = plots.model_line(self.span, 0 * self.span, ax=ax, label="your line")
        self.gaps = plots.residual_lines(self.x, self.y, self.y, ax=ax)
        ax.set_xlim(*self.span)
        # the data and the least-squares line set the view; lines far off it leave the chart
        low, high = span_of_lines(self.span, self.y, [predict(self.best, design_matrix(self.span))])
        ax.set_ylim(min(low, 0.0), high + 0.5 * (high - min(low, 0.0)))
        ax.legend(loc="upper left")
        super().__init__(figure, [self.line, self.gaps], controls)

    def draw(self, intercept: float, slope: float) -> str:
        theta = np.array([intercept, slope])
        r = residuals(theta, self.X, self.y)
        ss = sum_of_squares(theta, self.X, self.y)
        self.line.set_data(self.span, plots.safe_for_drawing(predict(theta, design_matrix(self.span))))
        self.gaps.set_segments(plots.residual_segments(self.x, self.y, self.y + r))
        self.values = {"theta0": theta[0], "theta1": theta[1], "sum_of_squares": ss}
        misses = ", ".join(fmt(v) for v in r)
        return (
            f"line: price = {fmt(theta[0])} + {fmt(theta[1])}·carats &nbsp;|&nbsp; "
            f"residuals (prediction − price): {misses}<br>"
            f"<b>sum of squared residuals = {fmt(ss)}</b> &nbsp;(the least possible is {fmt(self.best_ss)})"
        )

    def caption(self) -> str:
        return f"S = {fmt(self.values['sum_of_squares'])}"


class CostCurveScene(Scene):
    """Notebook 03: one slope θ₁ (θ₀ held at 0); its line over the data and its point on the parabola."""

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        theta1: Sequence[float] = (-2.0, 14.0, 0.01),
        start: float = 0.0,
    ):
        self.X = np.asarray(x, float).reshape(-1, 1)
        self.x, self.y = self.X[:, 0], np.asarray(y, float)
        control = Control.from_range("theta1", "θ₁", theta1, start, readout_format=".2f")
        figure, (left, right) = new_figure(11.0, 4.2, panels=2)
        plots.data_scatter(self.x, self.y, ax=left, xlabel="x", ylabel="y")
        self.span = line_span(self.x)
        self.line = plots.model_line(self.span, self.span * start, ax=left, label=r"$h(x) = \theta_1 x$")
        self.gaps = plots.residual_lines(self.x, self.y, self.y, ax=left)
        left.set_xlim(*self.span)
        # every line the slider can reach stays on the chart
        left.set_ylim(*span_of_lines(self.span, self.y, [control.low * self.span, control.high * self.span]))
        left.legend(loc="upper left")
        grid = np.linspace(control.low, control.high, 321)
        plots.cost_curve(grid, half_mse_each(grid[:, None], self.X, self.y), ax=right)
        (self.point,) = right.plot([start], [0.0], "o", color=plots.COLORS["path"], markersize=11, zorder=5)
        self.label = right.annotate("", (start, 0.0), textcoords="offset points", xytext=(10, 10))
        self.middle = (control.low + control.high) / 2
        right.set_title("the cost of each slope")
        super().__init__(figure, [self.line, self.gaps, self.point, self.label], [control])

    def draw(self, theta1: float) -> str:
        cost = half_mse([theta1], self.X, self.y)
        self.line.set_data(self.span, theta1 * self.span)
        self.gaps.set_segments(plots.residual_segments(self.x, self.y, theta1 * self.x))
        self.point.set_data([theta1], [cost])
        self.label.xy = (theta1, cost)
        self.label.set_text(f"J = {cost:.2f}")
        # keep the label inside the axes: to the left of the point on the right half
        self.label.set_position((-95, 0) if theta1 > self.middle else (12, 8))
        self.values = {"theta1": theta1, "cost": cost}
        return f"θ₁ = {theta1:.2f} &nbsp;→&nbsp; <b>J(θ₁) = {cost:.2f}</b>"

    def caption(self) -> str:
        return f"J = {self.values['cost']:.2f}"


def quietly(run, *args):
    """Call a descent, returning its result; its DivergenceWarning is shown on the figure instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        return run(*args)


class StepScene(Scene):
    """Notebook 04: a learning rate and a number of steps; the path on the parabola, and why it
    converges, oscillates or diverges (the factor each step multiplies the error by)."""

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        alpha: Sequence[float] = (0.005, 0.6, 0.005),
        steps: Sequence[int] = (0, 30, 1),
        start: Sequence[float] = (0.01, 2),
        theta_start: float = 0.0,
    ):
        self.X = np.asarray(x, float).reshape(-1, 1)
        self.x, self.y = self.X[:, 0], np.asarray(y, float)
        self.theta_start = float(theta_start)
        self.shape = bowl(self.X)
        self.limit = self.shape.limit
        self.best = float(least_squares(self.X, self.y)[0])
        rate = Control.from_range("alpha", "α learning rate", alpha, start[0])
        count = Control.from_range("steps", "steps", steps, start[1], integer=True, readout_format="d")
        figure, (left, right) = new_figure(11.0, 4.2, panels=2)
        reach = max(abs(self.best - self.theta_start), 1e-3 * (1 + abs(self.best))) * 1.6
        grid = np.linspace(self.best - reach, self.best + reach, 241)
        costs = half_mse_each(grid[:, None], self.X, self.y)
        plots.cost_curve(grid, costs, ax=left)
        start_cost = half_mse([self.theta_start], self.X, self.y)
        self.path = plots.descent_path([self.theta_start], [start_cost], ax=left)
        left.set_xlim(grid[0], grid[-1])
        lowest = costs.min()
        left.set_ylim(lowest - 0.05 * (costs.max() - lowest), lowest + 1.15 * (costs.max() - lowest))
        self.status = plots.status_text(left)
        rates = np.linspace(rate.high / 200, rate.high, 200)
        factors = np.abs(1 - rates * self.shape.curvatures[-1])  # |q| of the steepest direction
        right.plot(rates, factors, color=plots.COLORS["model"])
        right.axhline(1, color=plots.COLORS["muted"], linewidth=1)
        plots.mark_vertical(self.limit, f"stability limit α = {self.limit:.4g}", ax=right)
        (self.rate_point,) = right.plot([rate.start], [0], "o", color=plots.COLORS["path"], markersize=11)
        right.set_xlabel("learning rate α")
        right.set_ylabel("|error after| ÷ |error before|")
        right.set_title("what one step does to the error")
        self.factor_ceiling = max(2.0, 1.1 * min(factors.max(), 4.0))
        right.set_ylim(0, self.factor_ceiling)
        right.legend(loc="upper left")
        super().__init__(figure, [self.path, self.status, self.rate_point], [rate, count])

    def draw(self, alpha: float, steps: int) -> str:
        result = quietly(gradient_descent, self.X, self.y, [self.theta_start], alpha, steps)
        regime = self.shape.regime(alpha)
        thetas, costs = result.theta_history[:, 0], result.cost_history
        self.path.set_data(plots.safe_for_drawing(thetas), plots.safe_for_drawing(costs))
        factor = abs(float(self.shape.step_factors(alpha)[-1]))
        self.rate_point.set_data([alpha], [min(factor, 0.97 * self.factor_ceiling)])
        theta, cost = float(thetas[-1]), float(costs[-1])
        if regime == "divergent":
            # the path soon leaves the chart: say where it is, so the figure changes with every step
            message = (
                f"Diverging: α = {alpha:.3f} is above\nthe stability limit {self.limit:.4f}.\n"
                f"Each step multiplies the error by {factor:.2f}.\n"
                f"After {result.iterations} step(s): θ₁ = {fmt(theta)}, J = {fmt(cost)}"
            )
            if result.iterations < steps:
                message += (
                    f"\nStopped after {result.iterations} of {steps} steps: the cost blew up,"
                    "\nso more steps change nothing."
                )
        else:
            message = ""
        self.status.set_text(message)
        self.status.set_visible(bool(message))
        self.values = {
            "alpha": alpha,
            "steps": steps,
            "theta1": theta,
            "cost": cost,
            "regime": regime,
            "diverged": result.diverged,
            "iterations": result.iterations,
        }
        words = {
            "smooth": "walks down one side of the valley",
            "oscillating": "jumps across the valley, closer each time",
            "divergent": "jumps further out each time: it <b>diverges</b>",
        }[regime]
        return (
            f"after {result.iterations} step(s): θ₁ = {fmt(theta)}, <b>J = {fmt(cost)}</b> &nbsp;|&nbsp; "
            f"each step multiplies the distance to θ₁ = {self.best:g} by {factor:.3f}: descent {words}"
        )

    def caption(self) -> str:
        verdict = "diverges" if self.values["regime"] == "divergent" else self.values["regime"]
        return f"θ₁ = {fmt(self.values['theta1'])}, J = {fmt(self.values['cost'])} ({verdict})"


class DescentScene(Scene):
    """Notebook 05: learning rate and iterations on the rings; the fitted line and the cost history."""

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        alpha: Sequence[float] = (0.0005, 0.011, 0.0005),
        iterations: Sequence[int] = (0, 5000, 100),
        start: Sequence[float] = (0.01, 1000),
        query: float = 15.0,
    ):
        self.X = design_matrix(x)
        self.x, self.y = self.X[:, 1], np.asarray(y, float)
        self.query = float(query)
        self.best = least_squares(self.X, self.y)
        self.best_cost = half_mse(self.best, self.X, self.y)
        self.limit = bowl(self.X).limit
        rate = Control.from_range("alpha", "α learning rate", alpha, start[0], readout_format=".4f")
        count = Control.from_range(
            "iterations", "iterations", iterations, start[1], integer=True, readout_format="d"
        )
        self.max_iterations = int(count.high)
        self._runs: dict[float, DescentResult] = {}  # one run per alpha; the iterations slider slices it
        figure, (left, right) = new_figure(11.0, 4.2, panels=2)
        plots.data_scatter(self.x, self.y, ax=left, s=18, alpha=0.6)
        self.span = line_span(self.x)
        best_line = predict(self.best, design_matrix(self.span))
        plots.model_line(
            self.span, best_line, ax=left, color=plots.COLORS["best"], linestyle="--", label="least squares"
        )
        self.line = plots.model_line(self.span, 0 * self.span, ax=left, label="gradient descent")
        left.set_xlim(*self.span)
        low, high = span_of_lines(self.span, self.y, [best_line])
        left.set_ylim(min(low, 0.0), high)
        left.legend(loc="upper left")
        # the gap to the least cost, J − J*, shows both the plunge and the slow slide that follows
        self.history = plots.cost_history([1.0], ax=right, ylabel="$J - J^*$", label="cost above the least")
        right.set_xlim(0, self.max_iterations)
        start_gap = half_mse(np.zeros(2), self.X, self.y) - self.best_cost
        # from 100× the starting gap down to the rounding floor of J (about 1e-13 of it)
        self.gap_floor = max(1e-13 * self.best_cost, 1e-16 * start_gap, 1e-300)
        right.set_ylim(self.gap_floor, 100 * max(start_gap, self.gap_floor))
        right.legend(loc="upper right")
        self.status = plots.status_text(right, y=0.6)
        super().__init__(figure, [self.line, self.history, self.status], [rate, count])

    def run(self, alpha: float, iterations: int) -> DescentResult:
        """Descent from (0, 0) with this alpha, at least ``iterations`` long, its warning kept as words.

        Runs are kept, one per alpha, and only as long as the slider has asked for: a longer one
        continues the kept run from where it ended (the same arithmetic as one long run). Above
        the stability limit the whole run is made at once, so it stops where the cost blows up.
        """
        key = round(alpha, 12)
        kept = self._runs.get(key)
        if kept is not None and (kept.iterations >= iterations or kept.diverged):
            return kept
        if alpha >= self.limit:
            run = quietly(gradient_descent, self.X, self.y, np.zeros(2), alpha, self.max_iterations)
        elif kept is None:
            run = gradient_descent(self.X, self.y, np.zeros(2), alpha, iterations)
        else:
            more = gradient_descent(self.X, self.y, kept.theta, alpha, iterations - kept.iterations)
            run = DescentResult(
                theta=more.theta,
                theta_history=np.concatenate([kept.theta_history, more.theta_history[1:]]),
                cost_history=np.concatenate([kept.cost_history, more.cost_history[1:]]),
                diverged=False,
                iterations=iterations,
            )
        self._runs[key] = run
        return run

    def draw(self, alpha: float, iterations: int) -> str:
        result = self.run(alpha, iterations)
        done = min(iterations, result.iterations)
        theta = result.theta_history[done]
        costs = result.cost_history[: done + 1]
        self.line.set_data(self.span, plots.safe_for_drawing(predict(theta, design_matrix(self.span))))
        gap = np.maximum(costs - self.best_cost, self.gap_floor)  # rounding can dip a hair below J*
        self.history.set_data(np.arange(done + 1), plots.safe_for_drawing(gap))
        stopped = result.iterations < iterations
        if stopped:
            message = (
                f"Diverged: α = {alpha:.4f} is above the\nstability limit {self.limit:.5f}. "
                f"The cost blew up\nat iteration {result.iterations}: descent stopped there,\n"
                f"so the {iterations} asked for change nothing."
            )
        elif result.diverged:
            message = f"Diverging: α = {alpha:.4f} is above\nthe stability limit {self.limit:.5f}."
        else:
            message = ""
        self.status.set_text(message)
        self.status.set_visible(bool(message))
        price = float(predict(theta, [[1.0, self.query]])[0])
        self.values = {
            "alpha": alpha,
            "iterations": done,
            "theta0": float(theta[0]),
            "theta1": float(theta[1]),
            "cost": float(costs[-1]),
            "price": price,
            "diverged": result.diverged,
            "stopped": stopped,
        }
        return (
            f"after {done} iterations: silver θ₀ = {fmt(theta[0])} (least squares {fmt(self.best[0])}), "
            f"gold θ₁ = {fmt(theta[1])} (least squares {fmt(self.best[1])})<br>"
            f"cost J = {fmt(costs[-1])} (least possible {fmt(self.best_cost)}); "
            f"a {self.query:g}-carat ring: <b>${fmt(price)}</b>"
            + (f"<br><b>{message.replace(chr(10), ' ')}</b>" if message else "")
        )

    def caption(self) -> str:
        if self.values["diverged"]:
            return "diverges"
        return f"θ₀ = {fmt(self.values['theta0'])}, θ₁ = {fmt(self.values['theta1'])}"
