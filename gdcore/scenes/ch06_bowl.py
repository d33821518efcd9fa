"""Notebook 06 · Two parameters, the bowl: the path of descent over the contours of J(θ₀, θ₁)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import plots
from ..regression import (
    bowl,
    design_matrix,
    gradient_descent,
    half_mse,
    half_mse_each,
    half_mse_grid,
    least_squares,
    predict,
)
from .base import (
    DISPLAY_DPI,
    PIXEL_RATIO,
    Control,
    Scene,
    first_outside,
    fmt,
    in_bold,
    line_span,
    padded,
    plural,
    quietly,
    set_status,
    span_of_lines,
)


class BowlValues(TypedDict):
    """The numbers behind :class:`BowlScene`'s frame: the settings, the last step and the step factors."""

    alpha: float
    steps: int
    start: tuple[float, float]
    theta0: float
    theta1: float
    cost: float
    gap: float  # J − J*
    q_flat: float
    q_steep: float
    regime: str
    diverged: bool
    iterations: int
    left_view_at: int | None  # the first step outside the view


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

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature (carats) and the target (price) of each observation.
    alpha : (low, high, step)
        The range of the learning rate α slider.
    steps : (low, high, step)
        The range of the steps slider (whole numbers).
    theta0, theta1 : (low, high, step)
        The ranges of the sliders of the start, θ₀ and θ₁.
    start : (alpha, steps, theta0, theta1)
        The sliders' first values.
    """

    values: BowlValues

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
        self.limit = self.shape.stability_limit
        self.best = least_squares(self.X, self.y)
        self.best_cost = half_mse(self.best, self.X, self.y)
        self.flat, self.steep = self.shape.directions.T  # eigenvectors, smallest curvature first

        figure = Figure(figsize=(11.0, 5.8), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
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
        for direction, curvature, name, color, style in [
            (self.flat, self.shape.curvatures[0], "flat", plots.COLORS["best"], "--"),
            (self.steep, self.shape.curvatures[-1], "steep", plots.COLORS["limit"], "-."),
        ]:
            bowl_ax.axline(
                tuple(self.best),
                tuple(self.best + direction),
                color=color,
                linestyle=style,
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
                f"{name}, λ = {curvature:.3g}", tuple(self.best + 0.55 * room * direction), color=color,
                fontweight="bold", ha="center", va="center", zorder=3,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            )  # fmt: skip
        # θ* moves with nothing, but is drawn after the path, which would otherwise hide it
        (self.star,) = bowl_ax.plot(*self.best, "*", color=plots.COLORS["data"], markersize=16, zorder=6)
        bowl_ax.annotate("θ*", tuple(self.best), textcoords="offset points", xytext=(-8, 10), ha="right")
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
        line_ax.legend(loc="upper left", ncols=2, handlelength=1.5, columnspacing=1)

        # the cost above the least against the iteration, on a log scale
        corners = np.array([[a, b] for a in (first0.low, first0.high) for b in (first1.low, first1.high)])
        top_gap = float((half_mse_each(corners, self.X, self.y) - self.best_cost).max())
        self.gap_floor = max(1e-13 * self.best_cost, 1e-16 * top_gap, 1e-300)  # J's rounding floor
        self.history = plots.cost_history([1.0], ax=cost_ax, ylabel="$J - J^*$")
        cost_ax.set_xlim(0, count.high)
        cost_ax.set_ylim(self.gap_floor, 100 * max(top_gap, self.gap_floor))
        self.status = plots.status_text(cost_ax, y=0.66)
        super().__init__(
            figure, [self.path, self.start_point, self.star, self.line, self.history, self.status], controls
        )

    def draw(self, alpha: float, steps: int, theta0: float, theta1: float) -> str:
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        alpha : float
            The learning rate (the α slider).
        steps : int
            How many steps of descent (the steps slider).
        theta0, theta1 : float
            Where descent starts (the θ₀ and θ₁ sliders).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
        result = quietly(gradient_descent, [theta0, theta1], self.X, self.y, alpha, steps)
        regime = self.shape.descent_regime(alpha)
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
        set_status(self.status, message)
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
            f"after {plural(result.iterations, 'step')}: θ = ({fmt(theta[0])}, {fmt(theta[1])}), "
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

    def describe(self) -> str:
        """The frame in words: the path over the level curves, the last line, the cost and the factors.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        start0, start1 = values["start"]
        fate = {
            "smooth": "neither part changes sign, no zig-zag",
            "oscillating": "the path zig-zags across the valley",
            "divergent": "descent diverges",
        }[values["regime"]]
        text = (
            f"Left: level curves of the cost over (θ₀, θ₁), the flat and steep directions through "
            f"θ* = ({self.best[0]:.2f}, {self.best[1]:.2f}), "
            f"and the path of {plural(values['iterations'], 'step')} "
            f"at α = {values['alpha']:.3f} from ({start0:g}, {start1:g}) to θ = ({fmt(values['theta0'])}, "
            f"{fmt(values['theta1'])}). Top right: the line after the last step, over the data. Bottom "
            f"right: J − J* against the step, now {fmt(values['gap'])}. Each step multiplies the error by "
            f"{values['q_flat']:.3f} along the flat direction and {values['q_steep']:.3f} along the steep "
            f"one: {fate}."
        )
        if values["regime"] == "divergent" and values["left_view_at"] is not None:
            text += f" The path leaves the chart at step {values['left_view_at']}."
        return text
