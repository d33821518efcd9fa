"""Notebook 04 · One step at a time: steps of gradient descent on the parabola at a chosen α."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from numpy.typing import ArrayLike

from .. import plots
from ..regression import (
    bowl,
    gradient_descent,
    half_mse,
    half_mse_each,
    least_squares,
)
from .base import (
    Control,
    Scene,
    fmt,
    new_panels,
    plural,
    quietly,
    set_status,
)


class StepValues(TypedDict):
    """The numbers behind :class:`StepScene`'s frame: the settings, where descent got, and how."""

    alpha: float
    steps: int
    theta1: float
    cost: float
    regime: str  # "smooth", "oscillating" or "divergent"
    diverged: bool
    iterations: int


class StepScene(Scene):
    """Notebook 04: a learning rate and a number of steps; the path on the parabola, and why it
    converges, oscillates or diverges (the factor each step multiplies the error by).

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature and the target of each observation (the model has no intercept: θ₁ only).
    alpha : (low, high, step)
        The range of the learning rate α slider.
    steps : (low, high, step)
        The range of the steps slider (whole numbers).
    start : (alpha, steps)
        The sliders' first values.
    theta_start : float
        Where descent starts, θ₁.
    """

    values: StepValues

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
        self.limit = self.shape.stability_limit
        self.best = float(least_squares(self.X, self.y)[0])
        rate = Control.from_range("alpha", "α learning rate", alpha, start[0])
        count = Control.from_range("steps", "steps", steps, start[1], integer=True, readout_format="d")
        figure, (left, right) = new_panels(11.0, 4.2, 2)
        reach = max(abs(self.best - self.theta_start), 1e-3 * (1 + abs(self.best))) * 1.6
        grid = np.linspace(self.best - reach, self.best + reach, 241)
        costs = half_mse_each(grid[:, None], self.X, self.y)
        plots.cost_curve(grid, costs, ax=left)
        start_cost = half_mse([self.theta_start], self.X, self.y)
        self.path = plots.descent_path([self.theta_start], [start_cost], ax=left)
        left.set_xlim(grid[0], grid[-1])
        lowest = costs.min()
        # headroom above the parabola: the divergence message is written there, clear of the curve
        left.set_ylim(lowest - 0.05 * (costs.max() - lowest), lowest + 1.85 * (costs.max() - lowest))
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
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        alpha : float
            The learning rate (the α slider).
        steps : int
            How many steps of descent (the steps slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
        result = quietly(gradient_descent, [self.theta_start], self.X, self.y, alpha, steps)
        regime = self.shape.descent_regime(alpha)
        thetas, costs = result.theta_history[:, 0], result.cost_history
        self.path.set_data(plots.safe_for_drawing(thetas), plots.safe_for_drawing(costs))
        factor = abs(self.shape.step_factor(alpha))
        self.rate_point.set_data([alpha], [min(factor, 0.97 * self.factor_ceiling)])
        theta, cost = float(thetas[-1]), float(costs[-1])
        if regime == "divergent":
            # the path soon leaves the chart: say where it is, so the figure changes with every step
            message = (
                f"Diverging: α = {alpha:.3f} is above\nthe stability limit {self.limit:.4f}.\n"
                f"Each step multiplies the error by {factor:.2f}.\n"
                f"After {plural(result.iterations, 'step')}: θ₁ = {fmt(theta)}, J = {fmt(cost)}"
            )
            if result.iterations < steps:
                message += f"\nStopped after {result.iterations} of {steps} steps: the cost blew up."
        else:
            message = ""
        set_status(self.status, message)
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
            f"after {plural(result.iterations, 'step')}: θ₁ = {fmt(theta)}, "
            f"<b>J = {fmt(cost)}</b> &nbsp;|&nbsp; "
            f"each step multiplies the distance to θ₁ = {self.best:g} by {factor:.3f}: descent {words}"
        )

    def caption(self) -> str:
        verdict = "diverges" if self.values["regime"] == "divergent" else self.values["regime"]
        return f"θ₁ = {fmt(self.values['theta1'])}, J = {fmt(self.values['cost'])} ({verdict})"

    def describe(self) -> str:
        """The frame in words: the path on the parabola, and the factor each step multiplies the error by.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        factor = abs(self.shape.step_factor(values["alpha"]))
        fate = {
            "smooth": "descent walks down one side of the valley",
            "oscillating": "descent jumps across the valley, closer each time",
            "divergent": "descent diverges, further out at each step",
        }[values["regime"]]
        return (
            f"Left: the cost parabola J(θ₁), lowest at θ₁ = {self.best:g}, and the path of "
            f"{plural(values['iterations'], 'step')} from θ₁ = {self.theta_start:g} "
            f"to θ₁ = {fmt(values['theta1'])}, "
            f"J = {fmt(values['cost'])}. Right: the factor each step multiplies the error by, against α; "
            f"at α = {values['alpha']:.3f} it is {factor:.3f} (stability limit α = {self.limit:.4g}): {fate}."
        )
