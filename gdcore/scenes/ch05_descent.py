"""Notebook 05 · Full descent on the jewelry data: the fit and the cost after a number of iterations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from numpy.typing import ArrayLike

from .. import plots
from ..regression import (
    DescentResult,
    bowl,
    design_matrix,
    gradient_descent,
    half_mse,
    least_squares,
    predict,
)
from .base import (
    Control,
    Scene,
    fmt,
    in_bold,
    line_span,
    new_panels,
    quietly,
    set_status,
    span_of_lines,
)


class DescentValues(TypedDict):
    """The numbers behind :class:`DescentScene`'s frame: the fit after the iterations shown."""

    alpha: float
    iterations: int
    theta0: float
    theta1: float
    cost: float
    price: float  # the prediction for the query ring
    diverged: bool
    stopped: bool  # the cost blew up before the iterations asked for


class DescentScene(Scene):
    """Notebook 05: learning rate and iterations on the rings; the fitted line and the cost history.

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature (carats) and the target (price) of each observation.
    alpha : (low, high, step)
        The range of the learning rate α slider.
    iterations : (low, high, step)
        The range of the iterations slider (whole numbers).
    start : (alpha, iterations)
        The sliders' first values.
    query : float
        The carats of the ring whose price the readout predicts.
    """

    values: DescentValues

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
        self.limit = bowl(self.X).stability_limit
        rate = Control.from_range("alpha", "α learning rate", alpha, start[0], readout_format=".4f")
        count = Control.from_range(
            "iterations", "iterations", iterations, start[1], integer=True, readout_format="d"
        )
        self.max_iterations = int(count.high)
        self._runs: dict[float, DescentResult] = {}  # one run per alpha; the iterations slider slices it
        figure, (left, right) = new_panels(11.0, 4.2, 2)
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
        # a magnifying glass on the intercepts: dollars apart on an axis of $1400
        self.zoom = left.inset_axes((0.6, 0.08, 0.38, 0.3))
        near = np.array([0.0, 0.4])
        plots.model_line(
            near,
            predict(self.best, design_matrix(near)),
            ax=self.zoom,
            color=plots.COLORS["best"],
            linestyle="--",
        )
        self.zoom_line = plots.model_line(near, 0 * near, ax=self.zoom)
        self.zoom.set_xlim(*near)
        self.zoom.set_ylim(self.best[0] - 12, self.best[0] + 25)
        self.zoom.set_title("zoom: 0 to 0.4 carats", fontsize="medium")
        self.zoom.set_xticks([])  # the title gives the range; ticks here would sit on the main axis' labels
        self.zoom.set_xlabel("")
        self.zoom.set_ylabel("")
        # the gap to the least cost, J − J*, shows both the plunge and the slow slide that follows
        self.history = plots.cost_history([1.0], ax=right, ylabel="$J - J^*$", label="cost above the least")
        self.history_axes = right
        # the iteration axis: 1000, 2000 or the slider's most, the first that holds the run asked for
        self.views = [n for n in (1000, 2000) if n < self.max_iterations] + [self.max_iterations]
        self.view = self.view_for(int(start[1]))
        right.set_xlim(0, self.view)
        start_gap = half_mse(np.zeros(2), self.X, self.y) - self.best_cost
        # from 100× the starting gap down to the rounding floor of J (about 1e-13 of it)
        self.gap_floor = max(1e-13 * self.best_cost, 1e-16 * start_gap, 1e-300)
        right.set_ylim(self.gap_floor, 100 * max(start_gap, self.gap_floor))
        right.legend(loc="upper right")
        self.status = plots.status_text(right, y=0.6)
        super().__init__(figure, [self.line, self.zoom_line, self.history, self.status], [rate, count])

    def view_for(self, iterations: int) -> int:
        """The iteration axis' end for a run of ``iterations``: the first of :attr:`views` that holds it.

        Parameters
        ----------
        iterations : int
            How many iterations the run shows.

        Returns
        -------
        int
            1000, 2000 or the iterations slider's most, whichever is the first at least ``iterations``.
        """
        return next(end for end in self.views if end >= iterations)

    def run(self, alpha: float, iterations: int) -> DescentResult:
        """Descent from (0, 0) with this alpha, at least ``iterations`` long, its warning kept as words.

        Runs are kept, one per alpha, and only as long as the slider has asked for: a longer one
        continues the kept run from where it ended (the same arithmetic as one long run). Above
        the stability limit the whole run is made at once, so it stops where the cost blows up.

        Parameters
        ----------
        alpha : float
            The learning rate.
        iterations : int
            How many iterations the run must hold at least.

        Returns
        -------
        DescentResult
            The kept run: ``iterations`` long or longer, or, above the stability limit, the whole run
            up to the slider's most iterations or to where the cost blew up.
        """
        key = round(alpha, 12)
        kept = self._runs.get(key)
        if kept is not None and (kept.iterations >= iterations or kept.diverged):
            return kept
        if alpha >= self.limit:
            run = quietly(gradient_descent, np.zeros(2), self.X, self.y, alpha, self.max_iterations)
        elif kept is None:
            run = gradient_descent(np.zeros(2), self.X, self.y, alpha, iterations)
        else:
            more = gradient_descent(kept.theta, self.X, self.y, alpha, iterations - kept.iterations)
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
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        alpha : float
            The learning rate (the α slider).
        iterations : int
            How many iterations of descent (the iterations slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
        result = self.run(alpha, iterations)
        done = min(iterations, result.iterations)
        theta = result.theta_history[done]
        costs = result.cost_history[: done + 1]
        self.line.set_data(self.span, plots.safe_for_drawing(predict(theta, design_matrix(self.span))))
        near = np.array([0.0, 0.4])
        self.zoom_line.set_data(near, plots.safe_for_drawing(predict(theta, design_matrix(near))))
        if self.view_for(iterations) != self.view:
            self.view = self.view_for(iterations)
            self.history_axes.set_xlim(0, self.view)
            self.restage()
        gap = np.maximum(costs - self.best_cost, self.gap_floor)  # rounding can dip a hair below J*
        self.history.set_data(np.arange(done + 1), plots.safe_for_drawing(gap))
        stopped = result.iterations < iterations
        if stopped:
            message = (
                f"Diverged: α = {alpha:.4f} is above the\nstability limit {self.limit:.5f}.\n"
                f"The cost blew up at iteration {result.iterations}:\ndescent stopped there, so the\n"
                f"{iterations} asked for change nothing.\nIts line is far off the chart."
            )
        elif result.diverged:
            message = f"Diverging: α = {alpha:.4f} is above\nthe stability limit {self.limit:.5f}."
        else:
            message = ""
        set_status(self.status, message)
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

    def describe(self) -> str:
        """The frame in words: the fitted line after the iterations, and the cost history.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        text = (
            f"Left: the data, price against carats, the least-squares line and the line of gradient "
            f"descent after {values['iterations']} iterations at α = {values['alpha']:.4f}: "
            f"θ₀ = {fmt(values['theta0'])}, θ₁ = {fmt(values['theta1'])} (least squares "
            f"{fmt(self.best[0])}, {fmt(self.best[1])}); an inset magnifies 0 to 0.4 carats, where the two "
            f"lines are {fmt(abs(values['theta0'] - self.best[0]))} dollars apart at 0 carats. Right: the "
            f"cost above the least, J − J*, against the iteration from 0 to {self.view}, on a log scale; "
            f"J = {fmt(values['cost'])}, the least possible {fmt(self.best_cost)}."
        )
        if values["stopped"]:
            return text + f" Descent diverged: the cost blew up at iteration {values['iterations']}."
        if values["diverged"]:
            return text + f" Descent diverges: α is above the stability limit {self.limit:.5f}."
        return text


# --------------------------------------------------------------------------------------------------
# Notebook 06: two parameters, the bowl
