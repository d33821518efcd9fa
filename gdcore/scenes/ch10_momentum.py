"""Notebook 10 · Momentum: the heavy ball and Nesterov on the rings' narrow valley."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypedDict

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import plots
from ..regression import (
    DescentResult,
    bowl,
    design_matrix,
    gradient_descent,
    half_mse,
    half_mse_grid,
    iterations_to_tolerance,
    least_squares,
)
from ..variants import momentum_descent, momentum_limit, momentum_roots, momentum_tuning
from .base import (
    DISPLAY_DPI,
    PIXEL_RATIO,
    Control,
    Scene,
    check_count_from,
    first_outside,
    in_bold,
    padded,
    quietly,
    set_status,
)


class MomentumValues(TypedDict):
    """The numbers behind :class:`MomentumScene`'s frame: the method's limit, rate and run."""

    alpha: float
    beta: float
    nesterov: bool
    limit: float  # of the method at this β
    plain_limit: float  # plain descent's 2/λ_max
    roots: np.ndarray
    rate: float
    shrink: float
    count: int | None  # the iteration the error shrank 10⁶-fold, if it did
    rises: int
    diverged: bool
    iterations: int
    left_view_at: int | None
    theta: np.ndarray


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

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature (carats) and the target (price) of each observation.
    alpha : (low, high, step)
        The range of the learning rate α slider (above 0).
    beta : (low, high, step)
        The range of the momentum β slider, within [0, 1).
    nesterov : (low, high, step)
        0 for the heavy ball, 1 for Nesterov; (0, 1, 1) makes a slider that names the two methods.
    start : (alpha, beta, nesterov)
        The sliders' first values.
    steps : int
        How many iterations each run makes, 1 or more.
    """

    values: MomentumValues

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
        self.steps = check_count_from(steps, "steps", 1)
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
        self.shape = bowl(self.X)
        low_curvature, top = (float(c) for c in self.shape.curvatures)
        if low_curvature <= 0:
            raise ValueError("x must hold at least two different values (else the valley has no bottom)")
        self.limit = self.shape.stability_limit  # plain descent's 2/λ_max
        self.best = least_squares(self.X, self.y)
        self.best_cost = half_mse(self.best, self.X, self.y)
        self.theta_start = np.zeros(2)
        self.tuned = momentum_tuning(self.shape.curvatures)[:2]  # Polyak's α and β
        self._runs: dict[tuple[float, float, int], DescentResult] = {}
        plain = gradient_descent(self.theta_start, self.X, self.y, self.shape.best_alpha, self.steps)
        tuned = momentum_descent(self.theta_start, self.X, self.y, *self.tuned, self.steps)

        figure = Figure(figsize=(11.0, 6.6), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
        panels = figure.subplot_mosaic(
            [["path", "cost"], ["path", "plane"]], width_ratios=[1, 1.1], height_ratios=[1, 1.6]
        )
        path_ax, cost_ax, plane_ax = panels["path"], panels["cost"], panels["plane"]
        colors = plots.COLORS

        # the path on the level curves: a view of the valley's floor, θ₁ squeezed
        # the whole path of the tuned heavy ball, its swings across the valley included, centred on θ*
        seen = np.vstack([tuned.theta_history, self.theta_start, self.best])
        low0, high0 = padded(seen[:, 0].min(), seen[:, 0].max(), 0.12)
        across = 1.05 * float(np.abs(seen[:, 1] - self.best[1]).max())
        low1, high1 = self.best[1] - across, self.best[1] + across
        self.view = (low0, high0, low1, high1)
        grid0, grid1 = np.linspace(low0, high0, 161), np.linspace(low1, high1, 161)
        gaps = half_mse_grid(grid0, grid1, self.X, self.y) - self.best_cost
        levels = 0.5 * top * (np.array([0.25, 0.5, 1, 2, 4, 8]) * (high1 - low1) / 16) ** 2
        plots.cost_contours(grid0, grid1, gaps, ax=path_ax, levels=levels, linewidths=1.0)
        path_ax.set_xlim(low0, high0)
        path_ax.set_ylim(low1, high1)
        # thin, light joins and solid dots: hundreds of swings read as their envelope, not a smear
        self.path = plots.descent_path(
            [0.0], [0.0], ax=path_ax, markersize=3, linewidth=0.5, color=to_rgba(colors["path"], 0.45),
            markerfacecolor=colors["path"], markeredgewidth=0, label=f"first {self.steps} iterations",
        )  # fmt: skip
        path_ax.plot([0], [0], "o", markersize=10, markerfacecolor="white", markeredgecolor=colors["path"],
                     markeredgewidth=2.2, zorder=5, label="start θ = (0, 0)")  # fmt: skip
        path_ax.plot(*self.best, "*", color=colors["data"], markersize=16, zorder=6, label="θ*")
        path_ax.set_xlabel(r"$\theta_0$ (dollars)")
        path_ax.set_ylabel(r"$\theta_1$ (dollars per carat)")
        path_ax.set_title("the path along the valley's floor\n(θ₁ squeezed: level curves look straight)")
        path_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2)
        self.status = plots.status_text(path_ax, y=0.97)

        # J − J* against the iteration, beside plain descent at its best α
        start_gap = half_mse(self.theta_start, self.X, self.y) - self.best_cost
        self.gap_floor = max(1e-13 * self.best_cost, 1e-300)  # J's rounding floor
        cost_ax.plot(
            np.arange(self.steps + 1), np.maximum(plain.cost_history - self.best_cost, self.gap_floor),
            color=colors["muted"], linewidth=2.5, linestyle="--",
            label=f"plain descent, best α = {self.shape.best_alpha:.4f}",
        )  # fmt: skip
        self.history = plots.cost_history([1.0], ax=cost_ax, ylabel="$J - J^*$", label="your α and β")
        cost_ax.set_xlim(0, self.steps)
        cost_ax.set_ylim(self.gap_floor, 1e4 * start_gap)
        cost_ax.legend(loc="lower left")

        # the α–β plane: where the limits are, and where you are
        betas = np.linspace(0, momenta.high, 200)
        heavy_edge = 2 * (1 + betas) / top
        # where= given: without it matplotlib 3.6.0 (the oldest allowed) fails on NumPy 1.24 (IndexError)
        everywhere = np.ones_like(betas, dtype=bool)
        plane_ax.fill_betweenx(
            betas, heavy_edge, rates.high, where=everywhere, color=colors["limit"], alpha=0.12, linewidth=0
        )
        plane_ax.plot(heavy_edge, betas, color=colors["limit"], linewidth=2.5)
        plane_ax.plot(2 * (1 + betas) / ((1 + 2 * betas) * top), betas, color=colors["limit"],
                      linestyle="--", linewidth=2)  # fmt: skip
        plane_ax.axvline(self.limit, color=colors["muted"], linestyle=":", linewidth=2.5)
        plane_ax.plot(*self.tuned, "*", color=colors["best"], markersize=16, zorder=5)
        words: dict[str, Any] = {  # bold, on white: 4.5:1 even over the shaded region
            "fontweight": "bold", "zorder": 3, "textcoords": "offset points",
            "bbox": {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        }  # fmt: skip
        # plain descent's limit named above the panel, where no line or point can run through it
        plane_ax.annotate(f"plain descent's limit {self.limit:.4f}", (self.limit, 1.0), xytext=(0, 3),
                          ha="center", va="bottom", color=colors["muted"], annotation_clip=False,
                          **(words | {"bbox": None}))  # fmt: skip
        # in the bottom right corner, clear of the heavy ball's line, which leaves it at β ≈ 0.3
        plane_ax.annotate("heavy ball's limit\n2(1 + β)/λ_max;\ndiverges beyond", (rates.high, 0.02),
                          xytext=(-4, 0), ha="right", va="bottom", color=colors["limit"],
                          **words)  # fmt: skip
        plane_ax.annotate("Nesterov's\nlimit", (2 * 1.3 / (1.6 * top), 0.3), xytext=(-8, 0),
                          ha="right", va="center", color=colors["limit"], **words)  # fmt: skip
        plane_ax.annotate("tuned heavy ball", self.tuned, xytext=(-8, -12), ha="right", va="top",
                          color=colors["best"], **words)  # fmt: skip
        (self.point,) = plane_ax.plot([], [], "o", color=colors["path"], markersize=11, zorder=6)
        (self.edge,) = plane_ax.plot([], [], color=colors["path"], linewidth=1.5, zorder=4)
        plane_ax.set_xlim(0, rates.high)
        plane_ax.set_ylim(0, 1)
        plane_ax.set_xlabel("learning rate α   (you: ● heavy ball, ◆ Nesterov)")
        plane_ax.set_ylabel("momentum β")
        super().__init__(figure, [self.path, self.status, self.history, self.point, self.edge], controls)

    def run(self, alpha: float, beta: float, nesterov: int) -> DescentResult:
        """Momentum descent from (0, 0) for ``steps`` iterations, kept per setting, warnings as words.

        Parameters
        ----------
        alpha : float
            The learning rate.
        beta : float
            The momentum.
        nesterov : int
            1 for Nesterov's method, 0 for the heavy ball.

        Returns
        -------
        DescentResult
            The run of :func:`~gdcore.momentum_descent`; it stops where the cost blew up.
        """
        key = (round(alpha, 12), round(beta, 12), nesterov)
        if key not in self._runs:
            if len(self._runs) > 500:
                self._runs.clear()
            self._runs[key] = quietly(
                lambda *a: momentum_descent(*a, nesterov=bool(nesterov)),
                self.theta_start, self.X, self.y, alpha, beta, self.steps,
            )  # fmt: skip
        return self._runs[key]

    def draw(self, alpha: float, beta: float, nesterov: int) -> str:
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        alpha : float
            The learning rate (the α slider).
        beta : float
            The momentum (the β slider).
        nesterov : int
            1 for Nesterov's method, 0 for the heavy ball (the method slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
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
        below = iterations_to_tolerance(errors, 1e-6)  # below for good, within the run
        count = None if math.isinf(below) else int(below)
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
        set_status(self.status, message)
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

    def describe(self) -> str:
        """The frame in words: the method and its limit, the path, the cost and the α–β plane.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        kind = "Nesterov's method" if values["nesterov"] else "The heavy ball"
        text = (
            f"{kind} at α = {values['alpha']:.4f}, β = {values['beta']:.2f}: α is "
            f"{values['alpha'] / values['limit']:.3f} of its limit {values['limit']:.5f}. Left: the first "
            f"{self.steps} iterations from θ = (0, 0) on level curves of the cost. Top right: J − J* "
            f"against the iteration, beside plain descent at its best α. Bottom right: the α–β plane, "
            f"with the chosen point and the limits. "
        )
        if values["limit"] <= values["alpha"]:
            return text + f"Descent diverges: the error grows {values['rate']:.2f}-fold a step."
        after = (
            f"the error shrank 10⁶-fold by iteration {values['count']}"
            if values["count"] is not None
            else f"after {self.steps} iterations the error is {values['shrink']:.3g} of the start's"
        )
        return text + f"Predicted rate {values['rate']:.5f} per iteration; {after}."
