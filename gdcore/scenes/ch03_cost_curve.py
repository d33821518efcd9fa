"""Notebook 03 · The cost parabola: one slope, its line over the data and its point on J(θ₁)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from numpy.typing import ArrayLike

from .. import plots
from ..regression import (
    half_mse,
    half_mse_each,
)
from .base import (
    Control,
    Scene,
    line_span,
    new_panels,
    span_of_lines,
)


class CostCurveValues(TypedDict):
    """The numbers behind :class:`CostCurveScene`'s frame: the slope and its cost."""

    theta1: float
    cost: float


class CostCurveScene(Scene):
    """Notebook 03: one slope θ₁ (θ₀ held at 0); its line over the data and its point on the parabola.

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature and the target of each observation (the model has no intercept).
    theta1 : (low, high, step)
        The range of the θ₁ slider; the parabola is drawn over it.
    start : float
        The slider's first value.
    """

    values: CostCurveValues

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
        figure, (left, right) = new_panels(11.0, 4.2, 2)
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
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        theta1 : float
            The slope (the θ₁ slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
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

    def describe(self) -> str:
        """The frame in words: the line over the data, and its point on the cost parabola.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        theta1, cost = self.values["theta1"], self.values["cost"]
        return (
            f"Left: the data and the line h(x) = {theta1:.2f}·x, with a vertical gap from each point to "
            f"the line. Right: the cost J(θ₁), a parabola, with a dot at θ₁ = {theta1:.2f}, "
            f"J = {cost:.2f}."
        )
