"""The course's sliders: one explorer per interactive figure, reused by the notebooks.

How a redraw works, and why. Each explorer owns one matplotlib figure for its whole life. The static
parts (axes, ticks, labels, the data, the parabola) are drawn once and kept as a bitmap. When a
slider moves, it asks :mod:`gdcore` for the numbers, moves the few moving artists with ``set_data``,
pastes the kept bitmap back and draws only those artists on it (matplotlib's "blitting"), then
encodes PNG and hands the bytes to an ``ipywidgets.Image``. Redrawing the whole figure took about
80 ms here; blitting takes a few (``benchmarks/slider_latency.py`` measures both).

This runs unchanged on ipywidgets 7.7 (Colab) and 8, in JupyterLab 4 and in Colab, and needs no
ipympl (whose Colab support is broken); and a changed image is easy to test in a browser.

Numerical trouble never breaks an explorer: divergence is caught and reported in words, on the
figure and in the readout, and any unexpected error is shown in the readout instead of a traceback.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

import ipywidgets as w
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from . import plots
from .regression import (
    DivergenceWarning,
    descent_regime,
    design_matrix,
    gradient_descent,
    half_mse,
    least_squares,
    predict,
    residuals,
    stability_limit,
    step_factor,
    sum_of_squares,
)

__all__ = [
    "CostCurveExplorer",
    "DescentExplorer",
    "Explorer",
    "LineFitExplorer",
    "StepExplorer",
    "fmt",
    "key_states",
]

SLIDER_STYLE = {"description_width": "initial"}
SLIDER_LAYOUT = {"width": "420px"}


def fmt(value: float, digits: int = 4) -> str:
    """A number for a readout: plain when moderate, scientific when huge or tiny, words when not finite."""
    if not np.isfinite(value):
        return "overflow (not a finite number)"
    if value != 0 and not 1e-3 <= abs(value) < 1e6:
        return f"{value:.3e}"
    return f"{value:.{digits}g}" if abs(value) < 1 else f"{value:,.{digits - 2}f}"


class ExplorerBox(w.VBox):
    """The explorer's layout. Where widgets cannot be shown (GitHub, nbviewer, a plain terminal), its
    text stands in for it and says what to do."""

    def __repr__(self) -> str:
        names = ", ".join(child.description for child in self.children if hasattr(child, "min"))
        return f"[Interactive explorer with sliders for {names}: run the notebook to use it.]"


def _slider(kind, description: str, bounds: Sequence[float], value: float, readout_format: str | None = None):
    low, high, step = bounds
    options = {"min": low, "max": high, "step": step, "value": value, "description": description}
    if readout_format:
        options["readout_format"] = readout_format
    return kind(**options, style=SLIDER_STYLE, layout=SLIDER_LAYOUT, continuous_update=True)


class Explorer:
    """Sliders, a readout and a figure that follows them.

    Subclasses build ``self.figure``, pass the artists that move as ``moving``, and implement
    :meth:`redraw`, which moves them and returns the readout's HTML. The axes limits stay fixed.
    ``values`` holds the numbers behind the last redraw, for the notebook's text and for tests.
    """

    def __new__(cls, *args, **kwargs):
        explorer = super().__new__(cls)
        explorer._arguments = (args, kwargs)  # what copy() needs to build a twin
        return explorer

    def copy(self) -> Explorer:
        """A new, independent explorer built from the same arguments (at its starting values)."""
        args, kwargs = self._arguments
        return type(self)(*args, **kwargs)

    def __init__(self, sliders: Sequence[w.Widget], figure: Figure, moving: Sequence[Artist]):
        self.sliders = list(sliders)
        self.figure = figure
        self.moving = list(moving)
        canvas = FigureCanvasAgg(figure)
        for artist in self.moving:
            artist.set_animated(True)  # left out of a full draw: drawn by png() on the kept background
        canvas.draw()  # lays the figure out (constrained layout) and draws the static parts
        figure.set_layout_engine("none")  # keep that layout: the kept background must stay valid
        self.background = canvas.copy_from_bbox(figure.bbox)
        self.readout = w.HTML()
        # shown at its own size: a browser stretching it to the cell's width would blur it
        self.image = w.Image(format="png", width=str(canvas.get_width_height()[0]))
        self.values: dict[str, float | str] = {}
        self.ui = ExplorerBox([*self.sliders, self.readout, self.image])
        for slider in self.sliders:
            slider.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, change=None) -> None:
        self.update()

    def update(self) -> None:
        """Recompute, move the artists, refresh readout and image. Never raises into the widget."""
        try:
            html = self.redraw()
        except Exception as error:  # a teaching widget must stay alive; say what went wrong instead
            html = f"<b>Could not redraw:</b> {type(error).__name__}: {error}"
        self.readout.value = html
        self.image.value = self.png()

    def redraw(self) -> str:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def caption(self) -> str:
        """The key number of the current state, in a few words (titles of :func:`key_states`)."""
        return ""

    def png(self) -> bytes:
        """The figure as it is now, rendered to PNG bytes (kept background + moving artists)."""
        canvas = self.figure.canvas
        canvas.restore_region(self.background)
        for artist in self.moving:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        # compress_level=1: a fifth of the encoding time of the default, files a little larger
        Image.fromarray(np.asarray(canvas.buffer_rgba())).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.ui)


def _two_panels(width: float = 11.0, height: float = 4.2) -> tuple[Figure, np.ndarray]:
    figure = Figure(figsize=(width, height), dpi=80, layout="constrained")
    return figure, figure.subplots(1, 2)


class LineFitExplorer(Explorer):
    """Notebook 01: choose an intercept and a slope; see the residuals and their sum of squares."""

    def __init__(
        self,
        x: Sequence[float],
        y: Sequence[float],
        intercept: tuple[float, float, float] = (0.0, 300.0, 1.0),
        slope: tuple[float, float, float] = (-50.0, 150.0, 1.0),
        start: tuple[float, float] = (100.0, 60.0),
    ):
        self.x, self.y = np.asarray(x, float), np.asarray(y, float)
        self.X = design_matrix(self.x)
        self.best = least_squares(self.X, self.y)
        self.best_ss = sum_of_squares(self.best, self.X, self.y)
        self.intercept = _slider(w.FloatSlider, "θ₀ intercept (dollars)", intercept, start[0], ".0f")
        self.slope = _slider(w.FloatSlider, "θ₁ slope (dollars per carat)", slope, start[1], ".0f")
        figure = Figure(figsize=(6.5, 4.5), dpi=80, layout="constrained")
        ax = figure.subplots()
        plots.data_scatter(self.x, self.y, ax=ax)
        self.span = np.array([0.0, self.x.max() + 1])
        self.line = plots.model_line(self.span, 0 * self.span, ax=ax, label="your line")
        self.gaps = plots.residual_lines(self.x, self.y, self.y, ax=ax)
        ax.set_xlim(*self.span)
        ax.set_ylim(0, 1.6 * self.y.max())
        ax.legend(loc="upper left")
        super().__init__([self.intercept, self.slope], figure, [self.line, self.gaps])

    def redraw(self) -> str:
        theta = np.array([self.intercept.value, self.slope.value])
        r = residuals(theta, self.X, self.y)
        ss = sum_of_squares(theta, self.X, self.y)
        self.line.set_data(self.span, predict(theta, design_matrix(self.span)))
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


class CostCurveExplorer(Explorer):
    """Notebook 03: one slope θ₁ (θ₀ held at 0); its line over the data and its point on the parabola."""

    def __init__(
        self,
        x: Sequence[float],
        y: Sequence[float],
        theta1: tuple[float, float, float] = (-2.0, 14.0, 0.01),
        start: float = 0.0,
    ):
        self.x, self.y = np.asarray(x, float), np.asarray(y, float)
        self.X = self.x[:, None]
        self.theta1 = _slider(w.FloatSlider, "θ₁", theta1, start, ".2f")
        self.theta1_bounds = theta1[:2]
        figure, (left, right) = _two_panels()
        plots.data_scatter(self.x, self.y, ax=left, xlabel="x", ylabel="y")
        self.span = np.array([0.0, self.x.max() + 0.5])
        self.line = plots.model_line(self.span, self.span * start, ax=left, label=r"$h(x) = \theta_1 x$")
        self.gaps = plots.residual_lines(self.x, self.y, self.y, ax=left)
        left.set_xlim(*self.span)
        left.set_ylim(-5, 45)
        left.legend(loc="upper left")
        grid = np.linspace(theta1[0], theta1[1], 321)
        plots.cost_curve(grid, [half_mse([t], self.X, self.y) for t in grid], ax=right)
        (self.point,) = right.plot([start], [0.0], "o", color=plots.COLORS["path"], markersize=11, zorder=5)
        self.label = right.annotate("", (start, 0.0), textcoords="offset points", xytext=(10, 10))
        right.set_title("the cost of each slope")
        super().__init__([self.theta1], figure, [self.line, self.gaps, self.point, self.label])

    def redraw(self) -> str:
        t = float(self.theta1.value)
        cost = half_mse([t], self.X, self.y)
        self.line.set_data(self.span, t * self.span)
        self.gaps.set_segments(plots.residual_segments(self.x, self.y, t * self.x))
        self.point.set_data([t], [cost])
        self.label.xy = (t, cost)
        self.label.set_text(f"J = {cost:.2f}")
        # keep the label inside the axes: to the left of the point on the right half
        self.label.set_position((-95, 0) if t > np.mean(self.theta1_bounds) else (12, 8))
        self.values = {"theta1": t, "cost": cost}
        return f"θ₁ = {t:.2f} &nbsp;→&nbsp; <b>J(θ₁) = {cost:.2f}</b>"

    def caption(self) -> str:
        return f"J = {self.values['cost']:.2f}"


class StepExplorer(Explorer):
    """Notebook 04: a learning rate and a number of steps; the path on the parabola, and why it
    converges, oscillates or diverges (the factor each step multiplies the error by)."""

    def __init__(
        self,
        x: Sequence[float],
        y: Sequence[float],
        alpha: tuple[float, float, float] = (0.005, 0.6, 0.005),
        steps: tuple[int, int, int] = (0, 30, 1),
        start: tuple[float, int] = (0.01, 2),
        theta_start: float = 0.0,
    ):
        self.x, self.y = np.asarray(x, float), np.asarray(y, float)
        self.X = self.x[:, None]
        self.theta_start = theta_start
        self.limit = stability_limit(self.X)
        self.best = float(least_squares(self.X, self.y)[0])
        self.alpha = _slider(w.FloatSlider, "α learning rate", alpha, start[0], ".3f")
        self.steps = _slider(w.IntSlider, "steps", steps, start[1])
        figure, (left, right) = _two_panels()
        reach = abs(self.best - theta_start) * 1.6
        grid = np.linspace(self.best - reach, self.best + reach, 241)
        plots.cost_curve(grid, [half_mse([t], self.X, self.y) for t in grid], ax=left)
        self.path = plots.descent_path([theta_start], [half_mse([theta_start], self.X, self.y)], ax=left)
        left.set_xlim(grid[0], grid[-1])
        edge = half_mse([grid[0]], self.X, self.y)
        left.set_ylim(-0.05 * edge, 1.15 * edge)
        self.status = plots.status_text(left)
        rates = np.linspace(alpha[1] / 200, alpha[1], 200)
        right.plot(rates, [abs(step_factor(self.X, a)) for a in rates], color=plots.COLORS["model"])
        right.axhline(1, color=plots.COLORS["muted"], linewidth=1)
        plots.mark_vertical(self.limit, f"stability limit α = {self.limit:.4g}", ax=right)
        (self.rate_point,) = right.plot([start[0]], [0], "o", color=plots.COLORS["path"], markersize=11)
        right.set_xlabel("learning rate α")
        right.set_ylabel("|error after| ÷ |error before|")
        right.set_title("what one step does to the error")
        right.set_ylim(0, 2)
        right.legend(loc="upper left")
        super().__init__([self.alpha, self.steps], figure, [self.path, self.status, self.rate_point])

    def redraw(self) -> str:
        alpha, steps = float(self.alpha.value), int(self.steps.value)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)  # reported on the figure instead
            result = gradient_descent(self.X, self.y, [self.theta_start], alpha, steps)
        regime = descent_regime(self.X, alpha)
        thetas, costs = result.theta_history[:, 0], result.cost_history
        self.path.set_data(plots.safe_for_drawing(thetas), plots.safe_for_drawing(costs))
        factor = abs(step_factor(self.X, alpha))
        self.rate_point.set_data([alpha], [min(factor, 1.95)])
        theta, cost = float(thetas[-1]), float(costs[-1])
        if regime == "divergent":
            # the path soon leaves the chart: say where it is, so the figure changes with every step
            message = (
                f"Diverging: α = {alpha:.3f} is above the stability limit {self.limit:.4f}.\n"
                f"Each step multiplies the error by {factor:.2f}.\n"
                f"After {result.iterations} step(s): θ₁ = {fmt(theta)}, J = {fmt(cost)}"
            )
            if result.diverged:
                message += f"\nStopped after {result.iterations} steps: the cost blew up."
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


class DescentExplorer(Explorer):
    """Notebook 05: learning rate and iterations on the rings; the fitted line and the cost history."""

    def __init__(
        self,
        x: Sequence[float],
        y: Sequence[float],
        alpha: tuple[float, float, float] = (0.0005, 0.011, 0.0005),
        iterations: tuple[int, int, int] = (0, 5000, 100),
        start: tuple[float, int] = (0.01, 1000),
        query: float = 15.0,
    ):
        self.x, self.y = np.asarray(x, float), np.asarray(y, float)
        self.X = design_matrix(self.x)
        self.query = query
        self.best = least_squares(self.X, self.y)
        self.best_cost = half_mse(self.best, self.X, self.y)
        self.limit = stability_limit(self.X)
        self.max_iterations = iterations[1]
        self._runs: dict[float, object] = {}  # one full run per alpha; the iterations slider slices it
        self.alpha = _slider(w.FloatSlider, "α learning rate", alpha, start[0], ".4f")
        self.iterations = _slider(w.IntSlider, "iterations", iterations, start[1])
        figure, (left, right) = _two_panels()
        plots.data_scatter(self.x, self.y, ax=left, s=18, alpha=0.6)
        self.span = np.array([0.0, 25.0])
        plots.model_line(
            self.span,
            predict(self.best, design_matrix(self.span)),
            ax=left,
            color=plots.COLORS["best"],
            linestyle="--",
            label="least squares",
        )
        self.line = plots.model_line(self.span, 0 * self.span, ax=left, label="gradient descent")
        left.set_xlim(*self.span)
        left.set_ylim(0, 1.1 * self.y.max())
        left.legend(loc="upper left")
        # the gap to the least cost, J − J*, shows both the plunge and the slow slide that follows
        self.history = plots.cost_history([1.0], ax=right, ylabel="$J - J^*$", label="cost above the least")
        right.set_xlim(0, self.max_iterations)
        right.set_ylim(1e-8, 1e8)
        right.legend(loc="upper right")
        self.status = plots.status_text(right, y=0.6)
        super().__init__([self.alpha, self.iterations], figure, [self.line, self.history, self.status])

    def run(self, alpha: float):
        """The full run for ``alpha`` (cached), with divergence caught and kept as words."""
        key = round(alpha, 10)
        if key not in self._runs:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DivergenceWarning)  # reported on the figure instead
                self._runs[key] = gradient_descent(self.X, self.y, np.zeros(2), alpha, self.max_iterations)
        return self._runs[key]

    def redraw(self) -> str:
        alpha, wanted = float(self.alpha.value), int(self.iterations.value)
        result = self.run(alpha)
        done = min(wanted, result.iterations)
        theta = result.theta_history[done]
        costs = result.cost_history[: done + 1]
        self.line.set_data(self.span, plots.safe_for_drawing(predict(theta, design_matrix(self.span))))
        gap = np.maximum(costs - self.best_cost, 1e-12)  # rounding can dip a hair below J*
        self.history.set_data(np.arange(done + 1), plots.safe_for_drawing(gap))
        diverged = result.diverged and wanted >= result.iterations
        if diverged:
            message = (
                f"Diverged at iteration {result.iterations}:\nα = {alpha:.4f} is above the "
                f"stability limit {self.limit:.5f}."
            )
        elif alpha >= self.limit:
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
            "diverged": diverged,
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
            return "diverged"
        return f"θ₀ = {fmt(self.values['theta0'])}, θ₁ = {fmt(self.values['theta1'])}"


def key_states(explorer: Explorer, settings: Sequence[dict[str, float]], columns: int = 1) -> None:
    """A static figure of the explorer at a few slider settings, for readers without a kernel.

    Each setting maps slider attribute names to values, e.g. ``{"alpha": 0.4, "steps": 10}``. The
    pictures are rendered by a copy of the explorer, so they show exactly what the sliders show, and
    the explorer on screen is never touched: moving a displayed slider from the kernel races with
    the browser, which can send a stale value back. The figure is shown at once
    (``pyplot.show``); nothing is returned, so a notebook cell does not display it twice.
    """
    import matplotlib.pyplot as plt

    twin = explorer.copy()
    pictures, titles = [], []
    for setting in settings:
        for name, value in setting.items():
            getattr(twin, name).value = value
        pictures.append(plt.imread(io.BytesIO(twin.image.value)))
        chosen = ", ".join(
            f"{getattr(twin, n).description.split(' (')[0]} = {v:g}" for n, v in setting.items()
        )
        titles.append(f"{chosen}  →  {twin.caption()}".replace("$", r"\$"))
    rows = -(-len(pictures) // columns)
    height, width = pictures[0].shape[:2]
    scale = 1 / 80  # the explorers render at 80 dpi: keep their size
    figure, axes = plt.subplots(
        rows, columns, figsize=(columns * width * scale, rows * (height * scale + 0.4)), squeeze=False
    )
    for ax in axes.flat:
        ax.axis("off")
    for ax, picture, title in zip(axes.flat, pictures, titles, strict=False):
        ax.imshow(picture)
        ax.set_title(title, fontsize=11, loc="left")
    figure.tight_layout()
    plt.show()
