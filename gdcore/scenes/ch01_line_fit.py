"""Notebook 01 · Three sales, no line: a line through the data, moved by its intercept and slope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from numpy.typing import ArrayLike

from .. import plots
from ..regression import (
    design_matrix,
    least_squares,
    predict,
    residuals,
    sum_of_squares,
)
from .base import (
    Control,
    Scene,
    fmt,
    line_span,
    new_figure,
    span_of_lines,
)


class LineFitValues(TypedDict):
    """The numbers behind :class:`LineFitScene`'s frame: the line and its sum of squared residuals."""

    theta0: float
    theta1: float
    sum_of_squares: float


class LineFitScene(Scene):
    """Notebook 01: an intercept and a slope; the line, its residuals and their sum of squares.

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature (carats) and the target (price) of each observation.
    intercept, slope : (low, high, step)
        The ranges of the intercept θ₀ and slope θ₁ sliders.
    start : (intercept, slope)
        The sliders' first values.
    """

    values: LineFitValues

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
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        intercept : float
            The intercept θ₀ (the θ₀ slider).
        slope : float
            The slope θ₁ (the θ₁ slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
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

    def describe(self) -> str:
        """The frame in words: the data, the line and its residuals, and their sum of squares.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        theta = np.array([self.values["theta0"], self.values["theta1"]])
        misses = ", ".join(fmt(v) for v in residuals(theta, self.X, self.y))
        return (
            f"The {len(self.y)} sales as points, price against carats, and your line "
            f"price = {fmt(theta[0])} + {fmt(theta[1])}·carats, with a vertical gap from each sale to "
            f"the line. Residuals (prediction − price): {misses}; sum of squared residuals "
            f"{fmt(self.values['sum_of_squares'])}, the least possible {fmt(self.best_ss)}."
        )
