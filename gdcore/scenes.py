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
from concurrent.futures import ThreadPoolExecutor
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
    half_mse_grid,
    iterations_for_rate,
    iterations_needed,
    least_squares,
    predict,
    residuals,
    sum_of_squares,
)
from .variants import minibatch_descent, momentum_descent, momentum_limit, momentum_roots

__all__ = [
    "DISPLAY_DPI",
    "PIXEL_RATIO",
    "BowlScene",
    "Control",
    "CostCurveScene",
    "DescentScene",
    "LineFitScene",
    "MinibatchScene",
    "MomentumScene",
    "ScalingScene",
    "Scene",
    "StepScene",
    "TrainingSizeScene",
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
        [_PNG_SIGNATURE, _png_chunk(b"IHDR", header), _png_chunk(b"IDAT", deflate_in_parts(rows)),
         _png_chunk(b"IEND", b"")]
    )  # fmt: skip


def deflate_in_parts(rows: np.ndarray, parts: int = 2) -> bytes:
    """``zlib.compress(rows, 1)``'s format, with the rows compressed in ``parts`` threads at once.

    A zlib stream is a two-byte header, deflate blocks and the Adler-32 of the data (RFC 1950).
    Deflate blocks may be cut anywhere a compressor flushes to a byte boundary, so each part is
    compressed alone (raw deflate, ``Z_FULL_FLUSH``; the last part finishes the stream) and the
    parts are joined: the way pigz compresses in parallel. zlib releases the GIL while it works, so
    on two cores a frame's compression (the largest part of its time) takes about half as long.
    """
    pieces = np.array_split(rows, min(parts, len(rows)))
    last = len(pieces) - 1
    done = list(_threads().map(_deflate_piece, pieces, [k == last for k in range(len(pieces))]))
    checksum = done[0][1]
    for piece, (_, piece_checksum) in zip(pieces[1:], done[1:], strict=True):
        checksum = adler32_combine(checksum, piece_checksum, piece.size)
    return b"\x78\x01" + b"".join(data for data, _ in done) + struct.pack(">I", checksum)  # level-1 header


def _deflate_piece(piece: np.ndarray, finishes: bool) -> tuple[bytes, int]:
    """One part compressed as raw deflate (no header, no checksum), and its own Adler-32."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    data = compressor.compress(piece) + compressor.flush(zlib.Z_FINISH if finishes else zlib.Z_FULL_FLUSH)
    return data, zlib.adler32(piece)


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two pieces of data joined, from each one's Adler-32 (zlib's adler32_combine).

    Adler-32 is two sums modulo 65521: a = 1 + Σ bytes, b = Σ of the running a's. Joining adds the
    second piece's byte sum to a, and to b the second's b plus the first's a − 1 once per byte of
    the second piece.
    """
    base = 65521
    a1, b1, a2, b2 = first & 0xFFFF, first >> 16, second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % base
    b = (b1 + b2 + second_length * (a1 - 1)) % base
    return (b << 16) | a


_POOL: ThreadPoolExecutor | None = None


def _threads() -> ThreadPoolExecutor:
    """Two worker threads, made on first use and kept (a frame cannot wait for threads to start)."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="gdcore-png")
    return _POOL


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def first_outside(path: np.ndarray, view: Sequence[float]) -> int | None:
    """Index of the first row (θ₀, θ₁) of ``path`` outside ``view`` (low0, high0, low1, high1), or None."""
    low0, high0, low1, high1 = view
    outside = (path[:, 0] < low0) | (path[:, 0] > high0) | (path[:, 1] < low1) | (path[:, 1] > high1)
    return int(np.argmax(outside)) if outside.any() else None


def plural(count: int, noun: str) -> str:
    """ "1 update", "10 updates"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def in_bold(message: str) -> str:
    """A message written on the figure (in lines), as one bold line of the readout's HTML."""
    return f"<b>{message.replace(chr(10), ' ')}</b>"


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
    names: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.names is not None:
            if len(self.names) < 2 or not all(isinstance(n, str) for n in self.names):
                raise ValueError(f"{self.name}: names must be two or more strings; got {self.names!r}")
            if (self.low, self.high, self.step, self.integer) != (0, len(self.names) - 1, 1, True):
                raise ValueError(
                    f"{self.name}: a named control runs over the positions 0..{len(self.names) - 1}"
                )
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

    @classmethod
    def choice(cls, name: str, label: str, names: Sequence[str], start: int = 0) -> Control:
        """A control over a few named options (a slider shows the names; the scene gets the position)."""
        names = tuple(names)
        return cls(name, label, 0, len(names) - 1, 1, start, integer=True, readout_format="d", names=names)

    def describe(self, value: float) -> str:
        """The value as a reader should see it: its name for a named control, else the number."""
        return self.names[int(value)] if self.names is not None else f"{value:g}"

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
            + (f"<br>{in_bold(message)}" if message else "")
        )

    def caption(self) -> str:
        if self.values["diverged"]:
            return "diverges"
        return f"θ₀ = {fmt(self.values['theta0'])}, θ₁ = {fmt(self.values['theta1'])}"


# --------------------------------------------------------------------------------------------------
# Notebook 06: two parameters, the bowl


class BowlScene(Scene):
    """Notebook 06: a learning rate, a number of steps and a start (θ₀, θ₁); three linked panels.

    Left, the path of descent on the level curves of the cost over (θ₀, θ₁), drawn at equal scales
    (so that the gradient, and with it the first step, is perpendicular to the level curve), with the
    two eigen-directions of the Hessian through the minimum θ*. Top right, the line of the last step
    over the data; bottom right, the cost above the least, J − J*, against the iteration. Past the
    stability limit 2/λ_max the figure says in words that descent diverges, and along which
    direction.

    The view holds every start the sliders reach, θ*, and every point a converging descent from the
    first start can visit (from a far corner a path may leave it). A diverging path is drawn until
    it leaves the view. The level curves are computed once, when the scene is made.
    """

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        alpha: Sequence[float] = (0.005, 0.4, 0.005),
        steps: Sequence[int] = (0, 100, 1),
        theta0: Sequence[float] = (-50.0, 300.0, 5.0),
        theta1: Sequence[float] = (-100.0, 200.0, 5.0),
        start: Sequence[float] = (0.1, 30, 0.0, 0.0),
    ):
        self.X = design_matrix(x)
        if self.X.shape[1] != 2:
            raise ValueError(f"x must hold one feature (one value per example); got shape {np.shape(x)}")
        self.x, self.y = self.X[:, 1], np.asarray(y, float)
        if isinstance(start, (str, bytes)) or len(start) != 4:
            raise ValueError(f"start must be four values (alpha, steps, theta0, theta1); got {start!r}")
        controls = [
            Control.from_range("alpha", "α learning rate", alpha, start[0]),
            Control.from_range("steps", "steps", steps, start[1], integer=True, readout_format="d"),
            Control.from_range("theta0", "θ₀ start (dollars)", theta0, start[2], readout_format=".0f"),
            Control.from_range(
                "theta1", "θ₁ start (dollars per carat)", theta1, start[3], readout_format=".0f"
            ),
        ]
        count, first0, first1 = controls[1:]
        self.shape = bowl(self.X)
        self.limit = self.shape.limit
        self.best = least_squares(self.X, self.y)
        self.best_cost = half_mse(self.best, self.X, self.y)
        self.flat, self.steep = self.shape.directions.T  # eigenvectors, smallest curvature first

        figure = Figure(figsize=(11.0, 5.2), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
        panels = figure.subplot_mosaic([["bowl", "line"], ["bowl", "cost"]], width_ratios=[1.2, 1])
        bowl_ax, line_ax, cost_ax = panels["bowl"], panels["line"], panels["cost"]

        # The view. A converging path keeps each eigen-part of its error no larger than at the start
        # (|q| < 1), so it stays in the box of those parts around θ*; for the first start, that box
        # is in view, and so are the corners of the start's ranges and θ*.
        parts = np.abs(self.shape.directions.T @ (np.array(start[2:], float) - self.best))
        reach = np.abs(self.shape.directions) @ parts
        low0, high0 = padded(
            min(first0.low, self.best[0] - reach[0]), max(first0.high, self.best[0] + reach[0])
        )
        low1, high1 = padded(
            min(first1.low, self.best[1] - reach[1]), max(first1.high, self.best[1] + reach[1])
        )
        self.view = (low0, high0, low1, high1)
        grid0, grid1 = np.linspace(low0, high0, 241), np.linspace(low1, high1, 241)
        gaps = half_mse_grid(grid0, grid1, self.X, self.y) - self.best_cost
        # level curves evenly spaced in distance from θ* (the gap grows as its square); dark near θ*
        rings = np.arange(1, 9) ** 2 * float(gaps.max()) / 8**2 / 2
        plots.cost_contours(
            grid0, grid1, gaps, ax=bowl_ax, levels=rings, linewidths=1.0, vmin=0, vmax=1.6 * rings[-1]
        )
        bowl_ax.set_xlim(low0, high0)
        bowl_ax.set_ylim(low1, high1)
        for direction, curvature, name, color in [
            (self.flat, self.shape.curvatures[0], "flat", plots.COLORS["best"]),
            (self.steep, self.shape.curvatures[-1], "steep", plots.COLORS["limit"]),
        ]:
            bowl_ax.axline(
                tuple(self.best),
                tuple(self.best + direction),
                color=color,
                linestyle="--",
                linewidth=2,
                zorder=2,
            )
            # labelled on the line, in its upper part (each direction's θ₁ part is positive)
            room = min(
                (edge - middle) / part
                for edge, middle, part in [
                    (high0 if direction[0] > 0 else low0, self.best[0], direction[0]),
                    (high1, self.best[1], direction[1]),
                ]
                if abs(part) > 1e-12
            )
            bowl_ax.annotate(
                f"{name}, λ = {curvature:.3g}", tuple(self.best + 0.72 * room * direction), color=color,
                fontsize=12, fontweight="bold", ha="center", va="center", zorder=3,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )  # fmt: skip
        # θ* moves with nothing, but is drawn after the path, which would otherwise hide it
        (self.star,) = bowl_ax.plot(*self.best, "*", color=plots.COLORS["data"], markersize=16, zorder=6)
        bowl_ax.annotate(
            "θ*", tuple(self.best), textcoords="offset points", xytext=(-8, 10), ha="right", fontsize=13
        )
        self.path = plots.descent_path([start[2]], [start[3]], ax=bowl_ax, markersize=5, linewidth=1.4)
        (self.start_point,) = bowl_ax.plot(
            [start[2]], [start[3]], "o", markersize=11, markerfacecolor="white",
            markeredgecolor=plots.COLORS["path"], markeredgewidth=2.4, zorder=5,
        )  # fmt: skip
        bowl_ax.grid(False)
        bowl_ax.set_aspect("equal", adjustable="box")  # equal scales: right angles look right
        bowl_ax.set_xlabel(r"$\theta_0$ (dollars)")
        bowl_ax.set_ylabel(r"$\theta_1$ (dollars per carat)")
        bowl_ax.set_title("descent from ○ on the level curves of J")

        # the line of the last step over the data
        plots.data_scatter(self.x, self.y, ax=line_ax)
        self.span = line_span(self.x)
        best_line = predict(self.best, design_matrix(self.span))
        plots.model_line(
            self.span,
            best_line,
            ax=line_ax,
            color=plots.COLORS["best"],
            linestyle="--",
            label="least squares",
        )
        self.line = plots.model_line(self.span, 0 * self.span, ax=line_ax, label="after the last step")
        line_ax.set_xlim(*self.span)
        low, high = span_of_lines(self.span, self.y, [best_line, 0 * self.span])
        line_ax.set_ylim(low, high + 0.35 * (high - low))  # room for the legend above the data
        line_ax.legend(loc="upper left", fontsize=11, ncols=2, handlelength=1.5, columnspacing=1)

        # the cost above the least against the iteration, on a log scale
        corners = np.array([[a, b] for a in (first0.low, first0.high) for b in (first1.low, first1.high)])
        top_gap = float((half_mse_each(corners, self.X, self.y) - self.best_cost).max())
        self.gap_floor = max(1e-13 * self.best_cost, 1e-16 * top_gap, 1e-300)  # J's rounding floor
        self.history = plots.cost_history([1.0], ax=cost_ax, ylabel="$J - J^*$")
        cost_ax.set_xlim(0, count.high)
        cost_ax.set_ylim(self.gap_floor, 100 * max(top_gap, self.gap_floor))
        self.status = plots.status_text(cost_ax, y=0.66, fontsize=11)
        super().__init__(
            figure, [self.path, self.start_point, self.star, self.line, self.history, self.status], controls
        )

    def draw(self, alpha: float, steps: int, theta0: float, theta1: float) -> str:
        result = quietly(gradient_descent, self.X, self.y, [theta0, theta1], alpha, steps)
        regime = self.shape.regime(alpha)
        q_flat, q_steep = (float(q) for q in self.shape.step_factors(alpha))
        path, costs = result.theta_history, result.cost_history
        left_at = first_outside(path, self.view)
        if regime == "divergent" and left_at is not None:
            path = path[: left_at + 1]  # drawn until it leaves the view: beyond, only words help
        self.path.set_data(plots.safe_for_drawing(path[:, 0]), plots.safe_for_drawing(path[:, 1]))
        self.start_point.set_data([theta0], [theta1])
        theta, cost = result.theta, float(costs[-1])
        self.line.set_data(self.span, plots.safe_for_drawing(predict(theta, design_matrix(self.span))))
        gap = np.maximum(costs - self.best_cost, self.gap_floor)  # rounding can dip a hair below J*
        self.history.set_data(np.arange(len(costs)), plots.safe_for_drawing(gap))
        if regime == "divergent":
            message = (
                f"Diverging: α = {alpha:.3f} is {'at' if alpha == self.limit else 'above'}\n"
                f"the stability limit 2/λ_max = {self.limit:.4f}.\n"
                f"Each step multiplies the error by\n{q_steep:.3f} along the steep direction\n"
                f"(and by {q_flat:.3f} along the flat one)."
            )
            if left_at is not None:
                message += f"\nThe path left the chart at step {left_at}."
            if result.iterations < steps:
                message += f"\nThe cost blew up: stopped after\n{result.iterations} of {steps} steps."
        else:
            message = ""
        self.status.set_text(message)
        self.status.set_visible(bool(message))
        self.values = {
            "alpha": alpha,
            "steps": steps,
            "start": (theta0, theta1),
            "theta0": float(theta[0]),
            "theta1": float(theta[1]),
            "cost": cost,
            "gap": cost - self.best_cost,
            "q_flat": q_flat,
            "q_steep": q_steep,
            "regime": regime,
            "diverged": result.diverged,
            "iterations": result.iterations,
            "left_view_at": left_at,
        }
        words = {
            "smooth": "neither part changes sign: no zig-zag",
            "oscillating": "the steep part changes sign at every step: the path <b>zig-zags</b> across",
            "divergent": "the steep part grows at every step: descent <b>diverges</b>",
        }[regime]
        return (
            f"after {result.iterations} step(s): θ = ({fmt(theta[0])}, {fmt(theta[1])}), "
            f"J = {fmt(cost)} (least possible {fmt(self.best_cost)} at θ* = ({self.best[0]:.2f}, "
            f"{self.best[1]:.2f}))<br>each step multiplies the error along the flat direction by "
            f"{q_flat:.3f} and along the steep one by {q_steep:.3f}: {words}"
            + (f"<br>{in_bold(message)}" if message else "")
        )

    def caption(self) -> str:
        values = self.values
        if values["regime"] == "divergent":
            return f"diverges (steep factor {values['q_steep']:.2f})"
        return f"θ = ({fmt(values['theta0'])}, {fmt(values['theta1'])}) ({values['regime']})"


# --------------------------------------------------------------------------------------------------
# Notebook 07: conditioning and feature scaling


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class ScalingScene(Scene):
    """Notebook 07: shift and scale the feature, choose α; the bowl's shape, κ and the iteration count.

    Descent fits :math:`h = \\theta_0 + \\theta_1 u` to the feature :math:`u = (x - \\text{shift})/
    \\text{scale}`, from :math:`\\theta = (0, 0)`. Left, its first ``steps`` steps on level curves of
    the cost. They are drawn in coordinates centred on θ* and measured in units of the starting
    distance :math:`\\lVert\\theta_0 - \\theta^*\\rVert`, so that every problem of the family fits one
    fixed view (the start is always on the dotted unit circle). A level curve
    :math:`J - J^* = c` is the ellipse with axes along the eigenvectors of H and half-lengths
    :math:`\\sqrt{2c/\\lambda_i}`: drawn exactly, as lines, with no contouring per frame. Right, the
    number of iterations that shrink the error's size by ``tolerance``, against κ, on log axes: the
    count guaranteed by the best constant α, :math:`\\lceil\\ln\\text{tol}/\\ln\\frac{\\kappa-1}{\\kappa+1}
    \\rceil`, for every κ (fixed); the count guaranteed at the chosen α, for every κ (it moves with
    α); and this problem's guaranteed and needed counts.

    α is set as a fraction of the stability limit 2/λ_max, not in absolute units. Across the default
    shifts and scales the limit runs from 0.0024 (carats shifted past the data, scale 0.5) to 2
    (standardised): an absolute slider would diverge at one end of the family and crawl at the
    other. As a fraction, 1 is always the edge, 0.5 is always 1/λ_max, and the best α is always
    κ/(κ + 1) of the limit: 0.5 for a round bowl, just under 1 for a narrow valley.

    The needed count is exact (:func:`~gdcore.iterations_needed`): the first k with
    ‖θ_k − θ*‖ ≤ tolerance·‖θ_0 − θ*‖, the count notebook 07 measures with runs of descent.
    """

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        shift: Sequence[float] = (0.0, 25.0, 0.01),
        scale: Sequence[float] = (0.5, 25.0, 0.01),
        alpha: Sequence[float] = (0.02, 1.1, 0.01),
        start: Sequence[float] = (0.0, 1.0, 0.5),
        tolerance: float = 1e-6,
        steps: int = 40,
    ):
        X = design_matrix(x)
        if X.shape[1] != 2:
            raise ValueError(f"x must hold one feature (one value per example); got shape {np.shape(x)}")
        self.x, self.y = X[:, 1], np.asarray(y, float)
        if np.ptp(self.x) == 0:
            raise ValueError("x must hold at least two different values (else no shift or scale helps)")
        if isinstance(start, (str, bytes)) or len(start) != 3:
            raise ValueError(f"start must be three values (shift, scale, alpha); got {start!r}")
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float, np.floating)):
            raise TypeError(f"tolerance must be a number; got {tolerance!r}")
        if not 0 < tolerance < 1:
            raise ValueError(f"tolerance must lie strictly between 0 and 1; got {tolerance!r}")
        if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
            raise ValueError(f"steps must be a whole number, 1 or more; got {steps!r}")
        controls = [
            Control.from_range("shift", "shift (carats)", shift, start[0], readout_format=".2f"),
            Control.from_range("scale", "scale (carats)", scale, start[1], readout_format=".2f"),
            Control.from_range("alpha", "α ÷ stability limit", alpha, start[2], readout_format=".2f"),
        ]
        shifts, scales, rates = controls
        if scales.low <= 0:
            raise ValueError(f"scale must stay above 0 (x is divided by it); got low = {scales.low:g}")
        if rates.low <= 0:
            raise ValueError(f"alpha must stay above 0 (a fraction of the limit); got low = {rates.low:g}")
        self.tolerance, self.steps = float(tolerance), int(steps)
        self.best_x = least_squares(X, self.y)  # in carats: the same line for every shift and scale
        self.mean, self.mean_square = float(self.x.mean()), float(np.mean(self.x**2))
        kappas = self._kappa_range(shifts, scales)
        figure = Figure(figsize=(11.0, 4.5), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
        left, right = figure.subplots(1, 2, width_ratios=[1, 1.2])

        # left: the path on the level curves, error ÷ starting distance
        turn = np.linspace(0, 2 * np.pi, 181)
        self.circle = np.column_stack([np.cos(turn), np.sin(turn)])
        colors = plots.COLORS
        left.plot(*self.circle.T, ":", color=colors["muted"], linewidth=1.2, label="distance of the start")
        (self.rings,) = left.plot([], [], color=colors["model"], linewidth=1.2, label="level curves of J")
        dashes = {"linestyle": "--", "linewidth": 1.8}
        (self.flat_line,) = left.plot([], [], color=colors["best"], label="flat direction", **dashes)
        (self.steep_line,) = left.plot([], [], color=colors["limit"], label="steep direction", **dashes)
        path_label = f"first {steps} steps"
        self.path = plots.descent_path([], [], ax=left, markersize=4, linewidth=1.2, label=path_label)
        (self.start_point,) = left.plot(
            [], [], "o", markersize=10, markerfacecolor="white", markeredgecolor=plots.COLORS["path"],
            markeredgewidth=2.2, zorder=5, label="start θ = (0, 0)",
        )  # fmt: skip
        left.plot([0], [0], "*", color=plots.COLORS["data"], markersize=15, zorder=6, label="θ*")
        self.view = 1.3
        left.set_xlim(-self.view, self.view)
        left.set_ylim(-self.view, self.view)
        left.set_aspect("equal", adjustable="box")
        left.set_xlabel(r"$(\theta_0 - \theta_0^*)\ /\ \|e_0\|$")
        left.set_ylabel(r"$(\theta_1 - \theta_1^*)\ /\ \|e_0\|$")
        left.set_title(r"the error $e_k = \theta_k - \theta^*$, in units of $\|e_0\|$", fontsize=12)
        left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncols=3, fontsize=10, handlelength=1.6)
        self.status = plots.status_text(left, fontsize=11)

        # right: iterations to shrink the error by the tolerance, against κ
        self.kappa_grid = np.geomspace(1.0, 1.5 * kappas[1], 400)
        best_rates = (self.kappa_grid - 1) / (self.kappa_grid + 1)
        right.plot(
            self.kappa_grid, iterations_for_rate(best_rates, self.tolerance), color=plots.COLORS["best"],
            linewidth=2.5, label="best α, guaranteed",
        )  # fmt: skip
        self.alpha_curve = right.plot(
            [], [], color=plots.COLORS["model"], linewidth=1.8, linestyle="--", label="your α, guaranteed"
        )[0]
        (self.guaranteed_point,) = right.plot(
            [], [], "o", markersize=13, markerfacecolor="white", markeredgecolor=plots.COLORS["model"],
            markeredgewidth=2.2, zorder=5, label="this problem: guaranteed",
        )  # fmt: skip
        (self.needed_point,) = right.plot(
            [], [], "o", markersize=8, color=plots.COLORS["path"], zorder=6, label="this problem: needed"
        )
        right.set_xscale("log")
        right.set_yscale("log")
        right.set_xlim(0.8, self.kappa_grid[-1])
        worst = iterations_for_rate([1 - 2 * rates.low / self.kappa_grid[-1]], self.tolerance)[0]
        right.set_ylim(0.7, 3 * worst)
        right.set_xlabel(r"condition number $\kappa = \lambda_{\max}/\lambda_{\min}$")
        power = round(math.log10(self.tolerance))
        if self.tolerance == 10.0**power:
            mathtext, self.tolerance_text = f"10^{{{power}}}", "10" + str(power).translate(_SUPERSCRIPTS)
        else:
            mathtext = self.tolerance_text = f"{self.tolerance:g}"
        right.set_ylabel(rf"iterations $k$ until $\|e_k\| \leq {mathtext}\,\|e_0\|$")
        right.set_title("iterations against the condition number", fontsize=12)
        right.legend(loc="upper left", fontsize=10)
        super().__init__(
            figure,
            [self.rings, self.flat_line, self.steep_line, self.path, self.start_point, self.status,
             self.alpha_curve, self.guaranteed_point, self.needed_point],
            controls,
        )  # fmt: skip

    def _kappa_range(self, shifts: Control, scales: Control) -> tuple[float, float]:
        """The least and largest κ over a grid of the sliders' shifts and scales (for the axis).

        For u = (x − s)/d, H = [[1, ū], [ū, mean(u²)]] with ū = (x̄ − s)/d; its determinant is
        var(x)/d², so λ_min = det/λ_max and κ = λ_max²/det."""
        s, d = np.meshgrid(
            np.linspace(shifts.low, shifts.high, 61), np.geomspace(scales.low, scales.high, 61)
        )
        u_mean = (self.mean - s) / d
        u_square = (self.mean_square - 2 * s * self.mean + s**2) / d**2
        half_trace = (1 + u_square) / 2
        top = half_trace + np.sqrt(((1 - u_square) / 2) ** 2 + u_mean**2)
        kappas = top**2 / (u_square - u_mean**2)
        return float(kappas.min()), float(kappas.max())

    def draw(self, shift: float, scale: float, alpha: float) -> str:
        U = design_matrix((self.x - shift) / scale)
        shape = bowl(U)
        best = np.array([self.best_x[0] + self.best_x[1] * shift, self.best_x[1] * scale])  # θ* for u
        start_error = -best  # the start is θ = (0, 0)
        distance = float(np.linalg.norm(start_error))
        directions, curvatures = shape.directions, shape.curvatures
        kappa, limit = shape.condition_number, shape.limit
        rate_alpha = alpha * limit
        factors = shape.step_factors(rate_alpha)  # flat first, steep last
        parts = directions.T @ start_error / distance  # the start's parts along the eigenvectors
        # the path: e_k = Σ c_i q_iᵏ v_i, computed exactly (descent itself is compared in the tests)
        powers = factors[None, :] ** np.arange(self.steps + 1)[:, None]
        path = (powers * parts) @ directions.T
        self.path.set_data(plots.safe_for_drawing(path[:, 0]), plots.safe_for_drawing(path[:, 1]))
        self.start_point.set_data([path[0, 0]], [path[0, 1]])
        # level curves through the start and at 1/5 ... 4/5 of its distance: J − J* = ½ Σ λ_i c_i²
        level = 0.5 * float(curvatures @ parts**2)
        semi_axes = np.sqrt(2 * level / curvatures)
        ellipse = (self.circle * semi_axes) @ directions.T
        rings = [np.vstack([fraction * ellipse, [np.nan, np.nan]]) for fraction in (0.2, 0.4, 0.6, 0.8, 1.0)]
        rings = np.vstack(rings)
        self.rings.set_data(rings[:, 0], rings[:, 1])  # finite (every λ > 0); NaN rows separate the curves
        reach = 3 * self.view
        for line, direction in ((self.flat_line, directions[:, 0]), (self.steep_line, directions[:, 1])):
            line.set_data(*np.outer(direction, [-reach, reach]))  # a segment through θ*, past the view

        best_alpha, best_rate = shape.best_alpha, shape.best_rate
        best_count = shape.iterations_to_shrink(best_alpha, self.tolerance)
        rate = shape.rate(rate_alpha)
        q_flat, q_steep = float(factors[0]), float(factors[-1])
        diverges = alpha >= 1  # α at or above the limit: the steep part does not shrink
        fractions = 2 * alpha / self.kappa_grid  # α·λ_min across κ, with α·λ_max = 2·alpha
        curve = iterations_for_rate(np.maximum(np.abs(1 - fractions), abs(1 - 2 * alpha)), self.tolerance)
        if diverges:
            guaranteed = needed = math.inf
            self.alpha_curve.set_data([], [])
            self.guaranteed_point.set_data([], [])
            self.needed_point.set_data([], [])
            at = "at" if alpha == 1 else f"{alpha:.2f} ×"
            fate = "bounces across the valley for ever" if alpha == 1 else "jumps further out each time"
            message = (
                f"Diverges: α is {at} the stability limit.\nEach step multiplies the error along\n"
                f"the steep direction by {q_steep:.2f}: descent\n{fate}. No count."
            )
        else:
            guaranteed = shape.iterations_to_shrink(rate_alpha, self.tolerance)
            needed = iterations_needed(parts, factors, self.tolerance)
            self.alpha_curve.set_data(self.kappa_grid, curve)
            self.guaranteed_point.set_data([kappa], [guaranteed])
            self.needed_point.set_data([kappa], [needed])
            message = ""
        self.status.set_text(message)
        self.status.set_visible(bool(message))
        self.values = {
            "shift": shift,
            "scale": scale,
            "alpha_fraction": alpha,
            "alpha": rate_alpha,
            "limit": limit,
            "kappa": kappa,
            "curvatures": tuple(float(c) for c in curvatures),
            "semi_axes_ratio": float(semi_axes[0] / semi_axes[1]),
            "best": tuple(float(b) for b in best),
            "best_alpha": best_alpha,
            "best_rate": best_rate,
            "best_count": best_count,
            "rate": rate,
            "q_flat": q_flat,
            "q_steep": q_steep,
            "guaranteed": guaranteed,
            "needed": needed,
            "diverged": diverges,
            "path": path,
        }
        u = U[:, 1]
        goal = f"‖e_k‖ ≤ {self.tolerance_text}·‖e_0‖"
        head = (
            f"u = (carats − {shift:.2f}) / {scale:.2f}: mean {u.mean():.2f}, standard deviation {u.std():.2f}"
            f" &nbsp;|&nbsp; λ = {curvatures[0]:.4g} and {curvatures[1]:.4g}: <b>κ = {kappa:.4g}</b><br>"
            f"best α = {best_alpha:.4g} ({best_alpha / limit:.4f} of the limit): rate (κ − 1)/(κ + 1) = "
            f"{best_rate:.5f}, {goal} after {best_count:.0f} iterations<br>"
            f"your α = {alpha:.2f} × the limit {limit:.4g} = {rate_alpha:.4g}: "
        )
        if diverges:
            return head + in_bold(message)
        return head + (
            f"rate {rate:.5f}, <b>{guaranteed:.0f}</b> iterations guaranteed; "
            f"from θ = (0, 0) descent needs <b>{needed:.0f}</b>"
        )

    def caption(self) -> str:
        values = self.values
        if values["diverged"]:
            return f"κ = {values['kappa']:.4g}: diverges"
        return f"κ = {values['kappa']:.4g}: needs {values['needed']} (≤ {values['guaranteed']:.0f})"


# --------------------------------------------------------------------------------------------------
# Notebook 09: stochastic and mini-batch descent

#: The batch sizes of :class:`MinibatchScene`'s batch slider, one per slider position.
BATCH_SIZES = (1, 2, 4, 10, 20, 50, 100)
#: The schedules of :class:`MinibatchScene`'s schedule slider, one per slider position.
SCHEDULE_NAMES = ("constant", "1/(1 + t/τ)", "1/√(1 + t/τ)", "step: halve every 2 epochs")


def schedule_for(name: str, tau: float):
    """The schedule called ``name`` (one of :data:`SCHEDULE_NAMES`) as a function of the update t.

    ``tau`` is the number of updates in one epoch, so that every batch size decays alike per epoch:
    ``1/(1 + t/τ)`` has halved after one epoch, ``1/√(1 + t/τ)`` after three, the step schedule after
    two. ``None`` for the constant schedule (:func:`~gdcore.minibatch_descent`'s own constant α)."""
    if name == SCHEDULE_NAMES[0]:
        return None
    if name == SCHEDULE_NAMES[1]:
        return lambda t: 1.0 / (1.0 + t / tau)
    if name == SCHEDULE_NAMES[2]:
        return lambda t: 1.0 / math.sqrt(1.0 + t / tau)
    if name == SCHEDULE_NAMES[3]:
        return lambda t: 0.5 ** (t // (2 * tau))
    raise ValueError(f"name must be one of {', '.join(SCHEDULE_NAMES)}; got {name!r}")


class MinibatchScene(Scene):
    """Notebook 09: a batch size, a learning rate and a schedule; the wandering path and its cost.

    Descent fits :math:`h = \\theta_0 + \\theta_1 z` to the standardised feature
    :math:`z = (x - \\bar x)/s_x` (population :math:`s_x`), whose bowl is round (:math:`H = I`), so
    that the wandering of the path is not hidden by a narrow valley. It runs ``epochs`` shuffled
    epochs of :func:`~gdcore.minibatch_descent` from ``theta_start`` with a fixed ``seed``: every
    reader who sets the same sliders sees the same path. Left, the path on the level curves of the
    cost (drawn once), with θ* and the average of the iterates of the second half of the run
    (Polyak–Ruppert averaging). Right, the full-data cost above the least, :math:`J - J^*`, after
    every update, both axes logarithmic (so that the 10 updates of the full batch and the 1000 of
    single examples share one axis), with the cost of the running average of the iterates from
    halfway.

    Why the batch size and the schedule are slider *positions* (indices) and not values: a plain
    ipywidgets slider moves in equal steps, while the batch sizes that teach something are 1, 2, 4,
    10, 20, 50 and 100 (:data:`BATCH_SIZES`, the whole data at the end), and a schedule is a name
    (:data:`SCHEDULE_NAMES`), not a number. An integer slider over the positions works everywhere a
    slider works (Colab's ipywidgets 7.7 included, unlike a selection slider's labels in the
    static key states); the readout and the key-state titles name the batch size and the
    schedule. Schedules decay per epoch (:func:`schedule_for` with τ the updates of one epoch).

    Divergence (an α too large for single examples, whose own curvature :math:`1 + z_i^2`
    reaches 4.2 on the rings) is told in words on the figure; descent stops where the cost blew up.
    The path is drawn as a dot per iterate, with a line through the first :attr:`JOINED` updates
    (the way in); the whole path joined up was a scribble, and slow to draw.
    """

    JOINED = 100

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        alpha: Sequence[float] = (0.01, 1.0, 0.01),
        start: Sequence[float] = (0, 0.05, 0),
        epochs: int = 10,
        seed: int = 0,
        theta_start: Sequence[float] | None = None,
        reach: float = 45.0,
    ):
        x = np.asarray(x, float)
        if x.ndim != 1:
            raise ValueError(f"x must hold one feature (one value per example); got shape {x.shape}")
        if np.ptp(x) == 0:
            raise ValueError("x must hold at least two different values (else it cannot be standardised)")
        self.y = np.asarray(y, float)
        self.m = len(self.y)
        if isinstance(start, (str, bytes)) or len(start) != 3:
            raise ValueError(f"start must be three values (batch, alpha, schedule); got {start!r}")
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"epochs must be a whole number, 1 or more; got {epochs!r}")
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a whole number, 0 or more; got {seed!r}")
        if isinstance(reach, bool) or not isinstance(reach, (int, float)) or not reach > 0:
            raise ValueError(f"reach must be a positive number; got {reach!r}")
        self.sizes = (*(size for size in BATCH_SIZES if size < self.m), self.m)
        controls = [
            Control.choice("batch", "batch size b", [str(size) for size in self.sizes], start[0]),
            Control.from_range("alpha", "α learning rate", alpha, start[1], readout_format=".2f"),
            Control.choice("schedule", "schedule", SCHEDULE_NAMES, start[2]),
        ]
        self.epochs, self.seed = int(epochs), int(seed)
        self.mean, self.sd = float(x.mean()), float(x.std())
        self.X = design_matrix((x - self.mean) / self.sd)
        self.H = self.X.T @ self.X / self.m
        # one example's own curvature, ‖xᵢ‖² = 1 + zᵢ²: above 2/max of it a single update can overshoot
        self.steepest = float(np.max(np.sum(self.X**2, axis=1)))
        self.best = least_squares(self.X, self.y)
        self.best_cost = half_mse(self.best, self.X, self.y)
        if theta_start is None:
            theta_start = np.round(self.best + np.array([-0.6, -0.5]) * reach)
        self.theta_start = np.asarray(theta_start, float)
        if self.theta_start.shape != (2,) or not np.isfinite(self.theta_start).all():
            raise ValueError(f"theta_start must be two finite numbers (θ₀, θ₁); got {theta_start!r}")
        start_gap = self._gaps(self.theta_start[None, :])[0]

        figure = Figure(figsize=(11.0, 5.0), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
        path_ax, cost_ax = figure.subplots(1, 2, width_ratios=[1, 1.15])
        low0, high0 = self.best[0] - reach, self.best[0] + reach
        low1, high1 = self.best[1] - reach, self.best[1] + reach
        self.view = (low0, high0, low1, high1)
        grid0, grid1 = np.linspace(low0, high0, 161), np.linspace(low1, high1, 161)
        gaps = half_mse_grid(grid0, grid1, self.X, self.y) - self.best_cost
        rings = 0.5 * (reach * np.arange(1, 9) / 8) ** 2  # round bowl: circles every reach/8
        plots.cost_contours(grid0, grid1, gaps, ax=path_ax, levels=rings, linewidths=1.0,
                            vmin=0, vmax=1.6 * rings[-1])  # fmt: skip
        # Every iterate a dot, the first JOINED joined by a line: a thousand long strokes of a wild
        # path took Agg 25 ms a frame, a thousand dots 1 ms (benchmarks/slider_latency.py).
        (self.path,) = path_ax.plot([], [], color=plots.COLORS["path"], linewidth=1.0, zorder=4,
                                    label=f"the first {self.JOINED} updates, joined")  # fmt: skip
        (self.dots,) = path_ax.plot([], [], "o", color=plots.COLORS["path"], markersize=2.6, alpha=0.55,
                                    markeredgewidth=0, zorder=4, label="every iterate")  # fmt: skip
        path_ax.plot(*self.theta_start, "o", markersize=11, markerfacecolor="white", label="start",
                     markeredgecolor=plots.COLORS["path"], markeredgewidth=2.4, zorder=5)  # fmt: skip
        (self.last,) = path_ax.plot([], [], "s", color=plots.COLORS["path"], markersize=9, zorder=6,
                                    label="last iterate")  # fmt: skip
        (self.average,) = path_ax.plot([], [], "D", color=plots.COLORS["best"], markersize=10,
                                       zorder=7, markeredgecolor="white",
                                       label="average of the second half")  # fmt: skip
        path_ax.plot(*self.best, "*", color=plots.COLORS["data"], markersize=17, zorder=8, label="θ*")
        path_ax.set_xlim(low0, high0)
        path_ax.set_ylim(low1, high1)
        path_ax.set_aspect("equal", adjustable="box")
        path_ax.set_xlabel(r"$\theta_0$ (dollars)")
        path_ax.set_ylabel(r"$\theta_1$ (dollars per standard deviation)")
        path_ax.set_title("the path on the level curves of J", fontsize=13)
        path_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3, fontsize=10,
                       handlelength=1.4)  # fmt: skip
        self.status = plots.status_text(path_ax, fontsize=11)

        self.top = self.epochs * self.m
        (self.history,) = cost_ax.plot([], [], color=plots.COLORS["path"], linewidth=1.2,
                                       label="last iterate")  # fmt: skip
        (self.averaged,) = cost_ax.plot([], [], color=plots.COLORS["best"], linewidth=2.2,
                                        label="running average from halfway")  # fmt: skip
        cost_ax.set_xscale("log")
        cost_ax.set_yscale("log")
        self.gap_floor = 1e-3
        cost_ax.set_xlim(0.8, 1.25 * self.top)
        cost_ax.set_ylim(self.gap_floor, 50 * max(start_gap, 1.0))
        cost_ax.set_xlabel("update t (log scale)")
        cost_ax.set_ylabel(r"$J - J^*$ on all the data (log scale)")
        cost_ax.set_title(f"the cost after each update, {self.epochs} epochs", fontsize=13)
        cost_ax.legend(loc="lower left", fontsize=10)
        super().__init__(
            figure,
            [self.dots, self.path, self.last, self.average, self.status, self.history, self.averaged],
            controls,
        )

    def _gaps(self, thetas: np.ndarray) -> np.ndarray:
        """J − J* of each row, as ½ eᵀHe with e = θ − θ* (exact for a quadratic cost)."""
        errors = thetas - self.best
        with np.errstate(over="ignore", invalid="ignore"):
            return 0.5 * np.einsum("ij,jk,ik->i", errors, self.H, errors)

    def run(self, batch: int, alpha: float, schedule: int) -> DescentResult:
        """The descent behind the frame at these slider positions (seeded: the same every time)."""
        size = self.sizes[batch]
        plan = schedule_for(SCHEDULE_NAMES[schedule], -(-self.m // size))
        return quietly(
            lambda: minibatch_descent(
                self.X, self.y, self.theta_start, alpha, self.epochs, size, schedule=plan, seed=self.seed
            )
        )

    def draw(self, batch: int, alpha: float, schedule: int) -> str:
        size, name = self.sizes[batch], SCHEDULE_NAMES[schedule]
        result = self.run(batch, alpha, schedule)
        path = result.theta_history
        updates = result.iterations
        gaps = self._gaps(path)
        half = updates // 2
        tail = path[half + 1 :] if updates >= 2 else path[-1:]
        average = tail.mean(axis=0)
        running = np.cumsum(tail, axis=0) / np.arange(1, len(tail) + 1)[:, None]
        running_gaps = self._gaps(running)
        left_at = first_outside(path, self.view)
        shown = path if left_at is None or not result.diverged else path[: left_at + 1]
        joined = shown[: self.JOINED + 1]
        self.path.set_data(plots.safe_for_drawing(joined[:, 0]), plots.safe_for_drawing(joined[:, 1]))
        self.dots.set_data(plots.safe_for_drawing(shown[:, 0]), plots.safe_for_drawing(shown[:, 1]))
        steps = np.arange(1, updates + 1)
        self.history.set_data(steps, plots.safe_for_drawing(np.maximum(gaps[1:], self.gap_floor)))
        if result.diverged:
            self.last.set_data([], [])
            self.average.set_data([], [])
            self.averaged.set_data([], [])
            message = f"Diverging: α = {alpha:.2f} is too large\nfor b = {size}: stopped at update {updates}"

        else:
            self.last.set_data([path[-1, 0]], [path[-1, 1]])
            self.average.set_data([average[0]], [average[1]])
            self.averaged.set_data(
                np.arange(half + 1, half + 1 + len(tail)), np.maximum(running_gaps, self.gap_floor)
            )
            message = ""  # leaving the chart is told in the readout: the figure shows it

        self.status.set_text(message)
        self.status.set_visible(bool(message))
        late = float(gaps[half + 1 :].mean()) if updates >= 2 else float(gaps[-1])
        self.values = {
            "batch_size": size,
            "alpha": alpha,
            "schedule": name,
            "updates": updates,
            "per_epoch": -(-self.m // size),
            "diverged": result.diverged,
            "theta": tuple(float(v) for v in path[-1]),
            "gap": float(gaps[-1]),
            "late_mean_gap": late,
            "average": tuple(float(v) for v in average),
            "average_gap": float(running_gaps[-1]),
            "left_view_at": left_at,
            "path": path,
        }
        head = (
            f"batch size <b>b = {size}</b> ({plural(self.values['per_epoch'], 'update')} per epoch), "
            f"α = {alpha:.2f}, "
            f"schedule <b>{name}</b>, seed {self.seed}: {updates} updates<br>"
        )
        if result.diverged:
            return head + (
                f"<b>Diverging: α = {alpha:.2f} is too large for batches of {size}. The cost blew up "
                f"at update {updates}, so descent stopped.</b>"
            )
        too_large = (
            f"α = {alpha:.2f} is too large for the steepest example (above 2/(1 + zᵢ²) = "
            f"{2 / self.steepest:.2f}): "
            if alpha * self.steepest > 2
            else f"At α = {alpha:.2f} "
        )
        off_chart = (
            f"<br><b>{too_large}updates on batches of {size} carry the path off the chart (first at "
            f"update {left_at}); the cost stays finite.</b>"
        )
        return head + (
            f"J − J* of the last iterate {fmt(gaps[-1])}; its mean over the second half "
            f"{fmt(late)}; of the average of the second half's iterates <b>{fmt(running_gaps[-1])}</b>"
            + (off_chart if left_at is not None else "")
        )

    def caption(self) -> str:
        values = self.values
        head = f"b = {values['batch_size']}, {values['schedule']}"
        if values["diverged"]:
            return f"{head}: diverges"
        off = ", off the chart" if values["left_view_at"] is not None else ""
        return f"{head}: J − J* = {fmt(values['gap'])}, averaged {fmt(values['average_gap'])}{off}"


# --------------------------------------------------------------------------------------------------
# Notebook 10: momentum


class MomentumScene(Scene):
    """Notebook 10: the heavy ball (or Nesterov) on the rings' narrow valley; α, β and the method.

    Left, the first ``steps`` iterations from θ = (0, 0) on the level curves of the cost over
    (θ₀, θ₁). The θ₁ axis is squeezed: the valley is κ^½ ≈ 29 times longer than wide, and the swings
    across it are what momentum changes. Top right, the cost above the least, J − J*, against the
    iteration (log scale), beside plain descent at its best α (drawn once). Bottom right, the
    α–β plane: the chosen point, the limits of plain descent (2/λ_max), of the heavy ball
    (2(1 + β)/λ_max) and of Nesterov (2(1 + β)/((1 + 2β)λ_max)), and the tuned heavy ball.
    Past the limit the figure says in words that momentum descent diverges.

    The path is :func:`~gdcore.momentum_descent`, kept per setting (a slider that comes back to a
    value reuses its run). The view holds the start, θ* and the whole path of the tuned heavy ball.
    """

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        alpha: Sequence[float] = (0.0005, 0.0215, 0.0001),
        beta: Sequence[float] = (0.0, 0.99, 0.01),
        nesterov: Sequence[int] = (0, 1, 1),
        start: Sequence[float] = (0.0102, 0.0, 0),
        steps: int = 300,
    ):
        self.X = design_matrix(x)
        if self.X.shape[1] != 2:
            raise ValueError(f"x must hold one feature (one value per example); got shape {np.shape(x)}")
        self.x, self.y = self.X[:, 1], np.asarray(y, float)
        if isinstance(start, (str, bytes)) or len(start) != 3:
            raise ValueError(f"start must be three values (alpha, beta, nesterov); got {start!r}")
        if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
            raise ValueError(f"steps must be a whole number, 1 or more; got {steps!r}")
        controls = [
            Control.from_range("alpha", "α learning rate", alpha, start[0], readout_format=".4f"),
            Control.from_range("beta", "β momentum", beta, start[1], readout_format=".2f"),
            Control.from_range(
                "nesterov", "Nesterov (0 = heavy ball, 1 = Nesterov)", nesterov, start[2], integer=True,
                readout_format="d",
            ),
        ]  # fmt: skip
        rates, momenta, switch = controls
        if rates.low <= 0:
            raise ValueError(f"alpha must stay above 0; got low = {rates.low:g}")
        if momenta.low < 0 or momenta.high >= 1:
            raise ValueError(f"beta must stay in [0, 1); got {momenta.low:g}..{momenta.high:g}")
        if switch.low < 0 or switch.high > 1:
            raise ValueError(f"nesterov must be 0 or 1; got {switch.low:g}..{switch.high:g}")
        if switch.low < switch.high:  # both methods on offer: a slider that names them
            controls[2] = Control.choice("nesterov", "method", ("heavy ball", "Nesterov"), int(switch.start))
        self.steps = int(steps)
        self.shape = bowl(self.X)
        low_curvature, top = (float(c) for c in self.shape.curvatures)
        if low_curvature <= 0:
            raise ValueError("x must hold at least two different values (else the valley has no bottom)")
        self.limit = self.shape.limit  # plain descent's 2/λ_max
        self.best = least_squares(self.X, self.y)
        self.best_cost = half_mse(self.best, self.X, self.y)
        self.theta_start = np.zeros(2)
        root_low, root_top = math.sqrt(low_curvature), math.sqrt(top)
        self.tuned = (4 / (root_low + root_top) ** 2, ((root_top - root_low) / (root_top + root_low)) ** 2)
        self._runs: dict[tuple[float, float, int], DescentResult] = {}
        plain = gradient_descent(self.X, self.y, self.theta_start, self.shape.best_alpha, self.steps)
        tuned = momentum_descent(self.X, self.y, self.theta_start, *self.tuned, self.steps)

        figure = Figure(figsize=(11.0, 5.0), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
        panels = figure.subplot_mosaic([["path", "cost"], ["path", "plane"]], width_ratios=[1.05, 1])
        path_ax, cost_ax, plane_ax = panels["path"], panels["cost"], panels["plane"]
        colors = plots.COLORS

        # the path on the level curves: a view of the valley's floor, θ₁ squeezed
        # along the floor: where the tuned heavy ball goes; across: three times plain descent's zig-zag
        seen = np.vstack([tuned.theta_history, self.theta_start, self.best])
        low0, high0 = padded(seen[:, 0].min(), seen[:, 0].max(), 0.12)
        across = 3 * float(np.abs(plain.theta_history[:, 1] - self.best[1]).max())
        low1, high1 = self.best[1] - across, self.best[1] + across
        self.view = (low0, high0, low1, high1)
        grid0, grid1 = np.linspace(low0, high0, 161), np.linspace(low1, high1, 161)
        gaps = half_mse_grid(grid0, grid1, self.X, self.y) - self.best_cost
        levels = 0.5 * top * (np.array([0.25, 0.5, 1, 2, 4, 8]) * (high1 - low1) / 16) ** 2
        plots.cost_contours(grid0, grid1, gaps, ax=path_ax, levels=levels, linewidths=1.0)
        path_ax.set_xlim(low0, high0)
        path_ax.set_ylim(low1, high1)
        self.path = plots.descent_path(
            [0.0], [0.0], ax=path_ax, markersize=2.5, linewidth=0.8, label=f"first {self.steps} iterations"
        )
        path_ax.plot([0], [0], "o", markersize=10, markerfacecolor="white", markeredgecolor=colors["path"],
                     markeredgewidth=2.2, zorder=5, label="start θ = (0, 0)")  # fmt: skip
        path_ax.plot(*self.best, "*", color=colors["data"], markersize=16, zorder=6, label="θ*")
        path_ax.set_xlabel(r"$\theta_0$ (dollars)")
        path_ax.set_ylabel(r"$\theta_1$ (dollars per carat)")
        path_ax.set_title("the path along the valley's floor\n(θ₁ squeezed: level curves look straight)",
                          fontsize=12)  # fmt: skip
        path_ax.legend(loc="lower right", fontsize=10, framealpha=0.95)
        self.status = plots.status_text(path_ax, y=0.97, fontsize=11)

        # J − J* against the iteration, beside plain descent at its best α
        start_gap = half_mse(self.theta_start, self.X, self.y) - self.best_cost
        self.gap_floor = max(1e-13 * self.best_cost, 1e-300)  # J's rounding floor
        cost_ax.plot(
            np.arange(self.steps + 1), np.maximum(plain.cost_history - self.best_cost, self.gap_floor),
            color=colors["muted"], linewidth=2.5,
            label=f"plain descent, best α = {self.shape.best_alpha:.4f}",
        )  # fmt: skip
        self.history = plots.cost_history([1.0], ax=cost_ax, ylabel="$J - J^*$", label="your α and β")
        cost_ax.set_xlim(0, self.steps)
        cost_ax.set_ylim(self.gap_floor, 1e4 * start_gap)
        cost_ax.legend(loc="lower left", fontsize=10)

        # the α–β plane: where the limits are, and where you are
        betas = np.linspace(0, momenta.high, 200)
        heavy_edge = 2 * (1 + betas) / top
        plane_ax.fill_betweenx(betas, heavy_edge, rates.high, color=colors["limit"], alpha=0.12, linewidth=0)
        plane_ax.plot(heavy_edge, betas, color=colors["limit"], linewidth=2.5)
        plane_ax.plot(2 * (1 + betas) / ((1 + 2 * betas) * top), betas, color=colors["limit"],
                      linestyle="--", linewidth=2)  # fmt: skip
        plane_ax.axvline(self.limit, color=colors["muted"], linestyle=":", linewidth=2.5)
        plane_ax.plot(*self.tuned, "*", color=colors["best"], markersize=16, zorder=5)
        words = {"fontsize": 10, "fontweight": "bold", "zorder": 3}
        plane_ax.annotate(f"plain descent's limit\n2/λ_max = {self.limit:.4f}", (self.limit, 0.97),
                          xytext=(6, 0), textcoords="offset points", ha="left", va="top",
                          color=colors["muted"], **words)  # fmt: skip
        plane_ax.annotate("heavy ball's limit\n2(1 + β)/λ_max;\ndiverges beyond", (2.3 / top, 0.04),
                          xytext=(12, 0), textcoords="offset points", ha="left", va="bottom",
                          color=colors["limit"], **words)  # fmt: skip
        plane_ax.annotate("Nesterov's\nlimit", (2 * 1.9 / (2.8 * top), 0.9), xytext=(-8, 0),
                          textcoords="offset points", ha="right", va="center", color=colors["limit"],
                          **words)  # fmt: skip
        plane_ax.annotate("tuned heavy ball", self.tuned, xytext=(-4, -10), textcoords="offset points",
                          ha="right", va="top", color=colors["best"], **words)  # fmt: skip
        (self.point,) = plane_ax.plot([], [], "o", color=colors["path"], markersize=11, zorder=6)
        (self.edge,) = plane_ax.plot([], [], color=colors["path"], linewidth=1.5, zorder=4)
        plane_ax.set_xlim(0, rates.high)
        plane_ax.set_ylim(0, 1)
        plane_ax.set_xlabel("learning rate α")
        plane_ax.set_ylabel("momentum β")
        plane_ax.set_title("where you are: ● heavy ball, ◆ Nesterov", fontsize=12)
        super().__init__(figure, [self.path, self.status, self.history, self.point, self.edge], controls)

    def run(self, alpha: float, beta: float, nesterov: int) -> DescentResult:
        """Momentum descent from (0, 0) for ``steps`` iterations, kept per setting, warnings as words."""
        key = (round(alpha, 12), round(beta, 12), nesterov)
        if key not in self._runs:
            if len(self._runs) > 500:
                self._runs.clear()
            self._runs[key] = quietly(
                lambda *a: momentum_descent(*a, nesterov=bool(nesterov)),
                self.X, self.y, self.theta_start, alpha, beta, self.steps,
            )  # fmt: skip
        return self._runs[key]

    def draw(self, alpha: float, beta: float, nesterov: int) -> str:
        result = self.run(alpha, beta, nesterov)
        limit = momentum_limit(self.X, beta, bool(nesterov))
        roots = momentum_roots(self.shape.curvatures, alpha, beta, bool(nesterov))
        rate = float(np.abs(roots).max())
        path, costs = result.theta_history, result.cost_history
        left_at = first_outside(path, self.view)
        if left_at is not None and alpha >= limit:
            path = path[: left_at + 1]  # a diverging path is drawn until it leaves the view
        self.path.set_data(plots.safe_for_drawing(path[:, 0]), plots.safe_for_drawing(path[:, 1]))
        gap = np.maximum(costs - self.best_cost, self.gap_floor)  # rounding can dip a hair below J*
        self.history.set_data(np.arange(len(costs)), plots.safe_for_drawing(gap))
        self.point.set_data([alpha], [beta])
        self.point.set_marker("D" if nesterov else "o")  # at β = 0 the two methods are one
        self.edge.set_data([0, limit], [beta, beta])
        self.edge.set_linestyle("--" if nesterov else "-")
        errors = np.linalg.norm(result.theta_history - self.best, axis=1)
        shrink = float(errors[-1] / errors[0])
        reached = errors <= 1e-6 * errors[0]
        count = int(np.argmax(reached)) if reached.any() else None
        # rises of the cost, counted while the gap is well above J's rounding floor
        above = costs[1:] - self.best_cost > 1e3 * self.gap_floor
        rises = int(np.sum((np.diff(costs) > 0) & above))
        kind = "Nesterov" if nesterov else "the heavy ball"
        limit_name = "2(1+β)/((1+2β)λ_max)" if nesterov else "2(1+β)/λ_max"
        diverges = alpha >= limit
        if diverges:
            # short on the figure (text is the slowest thing to draw); the readout says more
            message = f"Diverges: α is {alpha / limit:.2f} × the limit\nof {kind}; error × {rate:.2f} a step"
            more = f" (limit {limit_name} = {limit:.5f} at β = {beta:.2f})."
            if left_at is not None:
                more += f" The path left the chart at iteration {left_at}."
            if result.iterations < self.steps:
                more += f" The cost blew up: stopped after {result.iterations} iterations."
        else:
            message = more = ""
        self.status.set_text(message)
        self.status.set_visible(bool(message))
        self.values = {
            "alpha": alpha,
            "beta": beta,
            "nesterov": bool(nesterov),
            "limit": limit,
            "plain_limit": self.limit,
            "roots": roots,
            "rate": rate,
            "shrink": shrink,
            "count": count,
            "rises": rises,
            "diverged": result.diverged,
            "iterations": result.iterations,
            "left_view_at": left_at,
            "theta": result.theta,
        }
        head = (
            f"<b>{kind.removeprefix('the ')}</b>, α = {alpha:.4f}, β = {beta:.2f}: "
            f"limit {limit_name} = {limit:.5f} "
            f"(plain descent's 2/λ_max = {self.limit:.5f}); α is {alpha / limit:.3f} of the limit<br>"
        )
        if diverges:
            return head + in_bold(message) + more
        after = (
            f"the error shrank 10⁶-fold by iteration <b>{count}</b>"
            if count is not None
            else f"after {self.steps} iterations the error is {shrink:.3g} of the start's"
        )
        return head + (
            f"predicted rate (largest |root|) <b>{rate:.5f}</b> per iteration; {after}; "
            f"the cost rose at {rises} of {self.steps} iterations"
        )

    def caption(self) -> str:
        values = self.values
        if values["diverged"]:
            return "diverges"
        if values["count"] is not None:
            return f"rate {values['rate']:.4f}, error ÷ 10⁶ at {values['count']}"
        return f"rate {values['rate']:.4f}, error × {values['shrink']:.2g} after {self.steps}"


# --------------------------------------------------------------------------------------------------
# Notebook 11: many features, real data, and scikit-learn


class TrainingSizeScene(Scene):
    """Notebook 11: how many patients the fit learns from, and which ones; its costs and coefficients.

    Why these two sliders. With ten features a fit can look excellent on its own examples and be
    poor on new ones, and nothing in notebooks 01-10 shows that: every fit there was judged on the
    data it was fitted to. The training-set size is the one number that moves a fit from
    memorising to generalising. At m = n (as many examples as parameters, 11 here) least squares
    passes through every training point, so the training cost is 0 and the test cost is huge; as m
    grows the two costs meet. The second slider draws another set of m training examples from the
    same pool: at small m the coefficients jump from draw to draw (mostly those of the correlated
    serum measurements), at large m they settle. (Sliders for α and epochs would only replay
    notebooks 05-09: with least squares computed exactly, what is left to see is the data.)

    Left: the training and test cost :math:`J` against the training-set size for the chosen draw,
    on a log scale, with the means over all draws (thin) and the test cost of predicting the
    test set's own mean for everyone (test :math:`R^2 = 0`, dashed). Right: the fitted coefficients, each
    in units of the target per standard deviation of its feature in the whole pool (fixed
    scales, so bars of different fits compare), with the fit on the whole pool as black marks.
    Coefficients beyond the axis are clipped and marked with a triangle at its edge.

    Every fit is least squares (:func:`~gdcore.least_squares`), computed for every size and draw
    once, when the scene is made: a frame only looks numbers up.

    Parameters
    ----------
    x_pool, y_pool : array_like, shapes (p, k) and (p,)
        The examples the training sets are drawn from (the training part of a split).
    x_test, y_test : array_like, shapes (q, k) and (q,)
        The held-out examples every fit is judged on.
    names : sequence of str, optional
        The k feature names, for the bars.
    size : (low, high, step)
        Training-set sizes m; low at least k + 1 (one example per parameter), high at most p.
    draws : int
        How many different random orders of the pool to draw the training sets from (2 or more).
    seed : int
        Seed of the :func:`numpy.random.default_rng` that draws those orders.
    start : (size, draw)
    """

    def __init__(
        self,
        x_pool: ArrayLike,
        y_pool: ArrayLike,
        x_test: ArrayLike,
        y_test: ArrayLike,
        names: Sequence[str] | None = None,
        size: Sequence[float] = (11, 342, 1),
        draws: int = 20,
        seed: int = 2004,
        start: Sequence[float] = (30, 1),
        coefficient_limit: float = 160.0,
    ):
        pool, test = design_matrix(x_pool), design_matrix(x_test)
        if pool.shape[1] != test.shape[1]:
            raise ValueError(
                f"x_test must have the same features as x_pool ({pool.shape[1] - 1}); got {test.shape[1] - 1}"
            )
        self.y_pool, self.y_test = np.asarray(y_pool, float), np.asarray(y_test, float)
        if self.y_pool.shape != (len(pool),) or self.y_test.shape != (len(test),):
            raise ValueError("y_pool and y_test must have one value per example of x_pool and x_test")
        n = pool.shape[1]
        features = n - 1
        self.names = [f"x{j + 1}" for j in range(features)] if names is None else list(names)
        if len(self.names) != features:
            raise ValueError(f"names must have one entry per feature ({features}); got {len(self.names)}")
        if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 2:
            raise ValueError(f"draws must be a whole number, 2 or more; got {draws!r}")
        if isinstance(start, (str, bytes)) or len(start) != 2:
            raise ValueError(f"start must be two values (size, draw); got {start!r}")
        controls = [
            Control.from_range(
                "size", "m training examples", size, start[0], integer=True, readout_format="d"
            ),
            Control("draw", "draw (which examples)", 1, int(draws), 1, start[1], integer=True,
                    readout_format="d"),
        ]  # fmt: skip
        sizes = controls[0]
        if sizes.low < n:
            raise ValueError(
                f"size must start at {n} or more (one example per parameter, n = {n}); "
                f"got low = {sizes.low:g}"
            )
        if sizes.high > len(pool):
            raise ValueError(
                f"size must end at most at the pool's {len(pool)} examples; got high = {sizes.high:g}"
            )
        # standardise with the pool's statistics: the same predictions as raw features (exact
        # algebra), better conditioned for lstsq, and coefficients in units per pool SD
        self.mean, self.sd = pool[:, 1:].mean(axis=0), pool[:, 1:].std(axis=0)
        if np.any(self.sd == 0):
            raise ValueError("every feature of x_pool must take at least two different values")
        self.pool = np.column_stack([pool[:, 0], (pool[:, 1:] - self.mean) / self.sd])
        self.test = np.column_stack([test[:, 0], (test[:, 1:] - self.mean) / self.sd])
        self.sizes = np.arange(int(sizes.low), int(sizes.high) + 1, int(sizes.step))
        self.draws = int(draws)
        rng = np.random.default_rng(seed)
        self.orders = np.array([rng.permutation(len(pool)) for _ in range(self.draws)])
        self.thetas = np.empty((self.draws, len(self.sizes), n))
        for d, order in enumerate(self.orders):
            for s, m in enumerate(self.sizes):
                rows = order[:m]
                self.thetas[d, s] = least_squares(self.pool[rows], self.y_pool[rows])
        self.train_costs = np.array(
            [[half_mse(self.thetas[d, s], self.pool[order[:m]], self.y_pool[order[:m]])
              for s, m in enumerate(self.sizes)] for d, order in enumerate(self.orders)]
        )  # fmt: skip
        test_residuals = np.einsum("dsj,ij->dsi", self.thetas, self.test) - self.y_test
        self.test_costs = 0.5 * np.mean(test_residuals**2, axis=2)
        self.full = least_squares(self.pool, self.y_pool)
        self.test_spread = 0.5 * np.mean((self.y_test - self.y_test.mean()) ** 2)  # J of R² = 0 on test
        self.limit = float(coefficient_limit)
        if not self.limit > 0:
            raise ValueError(f"coefficient_limit must be positive; got {coefficient_limit!r}")

        figure = Figure(figsize=(12.0, 5.0), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
        left, right = figure.subplots(1, 2, width_ratios=[1.1, 1])
        colors = plots.COLORS
        left.plot(
            self.sizes,
            self.train_costs.mean(axis=0),
            color=colors["model"],
            linewidth=1,
            alpha=0.45,
            label="mean of all draws",
        )
        left.plot(self.sizes, self.test_costs.mean(axis=0), color=colors["path"], linewidth=1, alpha=0.45)
        left.axhline(
            self.test_spread,
            color=colors["muted"],
            linestyle="--",
            linewidth=1.5,
            label=r"test $R^2 = 0$ (its own mean)",
        )
        (self.train_line,) = left.plot([], [], color=colors["model"], linewidth=2.5, label="training cost")
        (self.test_line,) = left.plot([], [], color=colors["path"], linewidth=2.5, label="test cost")
        (self.points,) = left.plot([], [], "o", color=colors["data"], markersize=9, zorder=5)
        self.floor = 10.0
        left.set_yscale("log")
        left.set_xscale("log")
        left.set_xlim(self.sizes[0] * 0.97, self.sizes[-1] * 1.03)
        ticks = [t for t in (10, 20, 50, 100, 200) if self.sizes[0] < t < 0.8 * self.sizes[-1]]
        left.set_xticks([int(self.sizes[0]), *ticks, int(self.sizes[-1])])
        left.xaxis.set_major_formatter("{x:.0f}")
        left.xaxis.set_minor_formatter("")
        left.set_ylim(self.floor, 1e6)
        left.set_xlabel("m, the number of training examples (log scale)")
        left.set_ylabel(r"cost $J = \frac{1}{2m}\sum r_i^2$")
        left.set_title("training and test cost against the training-set size", fontsize=12)
        left.legend(loc="upper right", fontsize=10)
        self.status = plots.status_text(left, fontsize=11, y=0.08, va="bottom")

        slots = np.arange(features)
        self.bars = right.bar(slots, np.zeros(features), color=colors["model"], alpha=0.8, width=0.7)
        (self.full_marks,) = right.plot(
            slots, self.full[1:], "_", color=colors["data"], markersize=28, markeredgewidth=3, zorder=4
        )
        (self.clipped_up,) = right.plot(
            [], [], "^", color=colors["path"], markersize=11, zorder=6, label="off the chart"
        )
        (self.clipped_down,) = right.plot([], [], "v", color=colors["path"], markersize=11, zorder=6)
        right.axhline(0, color=colors["data"], linewidth=0.8)
        right.set_xticks(slots, self.names)
        right.set_xlim(-0.6, features - 0.4)
        right.set_ylim(-self.limit, self.limit)
        right.set_ylabel("coefficient (target per pool SD)")
        right.set_title(
            f"the fitted coefficients (black: the fit on all {len(pool)};\n▲ ▼: off the chart)", fontsize=12
        )
        super().__init__(
            figure,
            [
                self.train_line,
                self.test_line,
                self.points,
                self.status,
                *self.bars,
                self.full_marks,
                self.clipped_up,
                self.clipped_down,
            ],
            controls,
        )

    def draw(self, size: int, draw: int) -> str:
        s, d = int(np.searchsorted(self.sizes, size)), int(draw) - 1
        if s >= len(self.sizes) or self.sizes[s] != size:  # a size between the steps: the one below
            s = max(s - 1, 0)
        m = int(self.sizes[s])
        train, test = self.train_costs[d], self.test_costs[d]
        self.train_line.set_data(self.sizes, np.maximum(train, self.floor * 0.5))
        self.test_line.set_data(self.sizes, test)
        self.points.set_data([m, m], [max(train[s], self.floor * 0.5), test[s]])
        theta = self.thetas[d, s]
        for bar, height in zip(self.bars, np.clip(theta[1:], -self.limit, self.limit), strict=True):
            bar.set_height(height)
        off = np.abs(theta[1:]) > self.limit
        up, down = np.flatnonzero(theta[1:] > self.limit), np.flatnonzero(theta[1:] < -self.limit)
        self.clipped_up.set_data(up, np.full(len(up), 0.94 * self.limit))
        self.clipped_down.set_data(down, np.full(len(down), -0.94 * self.limit))
        r2_train = 1 - train[s] / (0.5 * np.var(self.y_pool[self.orders[d, :m]]))
        r2_test = 1 - test[s] / self.test_spread
        exact = train[s] < 1e-9 * self.test_spread
        message = "m = n: the fit passes through\nevery training example (J = 0)" if exact else ""
        self.status.set_text(message)
        self.status.set_visible(bool(message))
        largest = int(np.argmax(np.abs(theta[1:])))
        self.values = {
            "size": m,
            "draw": int(draw),
            "theta": theta,
            "train_cost": float(train[s]),
            "test_cost": float(test[s]),
            "r2_train": float(r2_train),
            "r2_test": float(r2_test),
            "exact_fit": bool(exact),
            "clipped": int(off.sum()),
            "largest": self.names[largest],
        }
        train_text = "0 (exact fit)" if exact else fmt(train[s])
        return (
            f"m = {m} training examples (draw {int(draw)}), n = {len(theta)} parameters &nbsp;|&nbsp; "
            f"cost J: training {train_text}, <b>test {fmt(test[s])}</b> "
            f"(R² = 0 at {fmt(self.test_spread)})<br>"
            f"R²: training {r2_train:.3f}, <b>test {r2_test:.3f}</b> &nbsp;|&nbsp; largest coefficient "
            f"{self.names[largest]} = {theta[1 + largest]:+.1f} (on all {len(self.y_pool)}: "
            f"{self.full[1 + largest]:+.1f}){f'; {off.sum()} off the chart' if off.any() else ''}"
        )

    def caption(self) -> str:
        values = self.values
        return f"test R² = {values['r2_test']:.2f}, training R² = {values['r2_train']:.2f}"
