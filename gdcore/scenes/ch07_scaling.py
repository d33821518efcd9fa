"""Notebook 07 · Conditioning and feature scaling: shift and scale the feature, watch κ and the count."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import plots
from ..regression import (
    bowl,
    design_matrix,
    iterations_for_rate,
    iterations_from_parts,
    least_squares,
)
from .base import (
    DISPLAY_DPI,
    PIXEL_RATIO,
    Control,
    Scene,
    check_count_from,
    in_bold,
    plural,
    set_status,
)

#: κ within this of 1 is a round bowl (the standardised carats give 1 to rounding): its eigenvectors are
#: any two perpendicular directions, so the scene draws no "flat" and "steep" lines.
ROUND = 1e-9
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class ScalingValues(TypedDict):
    """The numbers behind :class:`ScalingScene`'s frame: the bowl of the scaled feature and its counts."""

    shift: float
    scale: float
    alpha_fraction: float  # α ÷ the stability limit
    alpha: float
    limit: float
    kappa: float
    curvatures: tuple[float, ...]
    semi_axes_ratio: float
    best: tuple[float, ...]
    best_alpha: float
    best_rate: float
    best_count: float
    rate: float
    q_flat: float
    q_steep: float
    guaranteed: float  # inf when descent diverges
    needed: float
    diverged: bool
    path: np.ndarray  # the errors e_k ÷ ‖e_0‖, one row per step


class ScalingScene(Scene):
    r"""Notebook 07: shift and scale the feature, choose α; the bowl's shape, κ and the iteration count.

    Descent fits :math:`h = \theta_0 + \theta_1 u` to the feature :math:`u = (x - \text{shift})/
    \text{scale}`, from :math:`\theta = (0, 0)`. Left, its first ``steps`` steps on level curves of
    the cost. They are drawn in coordinates centred on θ* and measured in units of the starting
    distance :math:`\lVert\theta_0 - \theta^*\rVert`, so that every problem of the family fits one
    fixed view (the start is always on the dotted unit circle). A level curve
    :math:`J - J^* = c` is the ellipse with axes along the eigenvectors of H and half-lengths
    :math:`\sqrt{2c/\lambda_i}`: drawn exactly, as lines, with no contouring per frame. Right, the
    number of iterations that shrink the error's size by ``tolerance``, against κ, on log axes: the
    count guaranteed by the best constant α, :math:`\lceil\ln\text{tol}/\ln\frac{\kappa-1}{\kappa+1}
    \rceil`, for every κ (fixed); the count guaranteed at the chosen α, for every κ (it moves with
    α); and this problem's guaranteed and needed counts.

    α is set as a fraction of the stability limit 2/λ_max, not in absolute units. Across the default
    shifts and scales the limit runs from 0.0024 (carats shifted past the data, scale 0.5) to 2
    (standardised): an absolute slider would diverge at one end of the family and crawl at the
    other. As a fraction, 1 is always the edge, 0.5 is always 1/λ_max, and the best α is always
    κ/(κ + 1) of the limit: 0.5 for a round bowl, just under 1 for a narrow valley.

    The needed count is exact (:func:`~gdcore.iterations_from_parts`): the first k with
    ‖θ_k − θ*‖ ≤ tolerance·‖θ_0 − θ*‖, the count notebook 07 measures with runs of descent.

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature (carats) and the target (price) of each observation.
    shift, scale : (low, high, step)
        The ranges of the shift and scale sliders, in carats (scale above 0).
    alpha : (low, high, step)
        The range of the α slider, as a fraction of the stability limit (above 0).
    start : (shift, scale, alpha)
        The sliders' first values.
    tolerance : float
        The fraction of its starting size the error must shrink to, strictly between 0 and 1.
    steps : int
        How many steps of descent the left panel draws, 1 or more.
    """

    values: ScalingValues

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
        self.steps = check_count_from(steps, "steps", 1)
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
        self.tolerance = float(tolerance)
        self.best_x = least_squares(X, self.y)  # in carats: the same line for every shift and scale
        self.mean, self.mean_square = float(self.x.mean()), float(np.mean(self.x**2))
        kappas = self._kappa_range(shifts, scales)
        figure = Figure(figsize=(11.0, 5.6), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
        left, right = figure.subplots(1, 2, width_ratios=[1, 1.2])

        # left: the path on the level curves, error ÷ starting distance
        turn = np.linspace(0, 2 * np.pi, 181)
        self.circle = np.column_stack([np.cos(turn), np.sin(turn)])
        colors = plots.COLORS
        left.plot(*self.circle.T, ":", color=colors["muted"], linewidth=1.2, label="distance of the start")
        (self.rings,) = left.plot([], [], color=colors["model"], linewidth=1.2, label="level curves of J")
        (self.flat_line,) = left.plot(
            [], [], "--", color=colors["best"], linewidth=1.8, label="flat direction"
        )
        (self.steep_line,) = left.plot(
            [], [], "-.", color=colors["limit"], linewidth=1.8, label="steep direction"
        )
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
        left.set_title(r"the error $e_k = \theta_k - \theta^*$, in units of $\|e_0\|$")
        plots.legend_below(figure, left, ncols=4, handlelength=1.6, columnspacing=1.2)
        self.status = plots.status_text(left)

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
        worst = np.asarray(iterations_for_rate([1 - 2 * rates.low / self.kappa_grid[-1]], self.tolerance))[0]
        right.set_ylim(0.7, 3 * worst)
        right.set_xlabel(r"condition number $\kappa = \lambda_{\max}/\lambda_{\min}$")
        power = round(math.log10(self.tolerance))
        if self.tolerance == 10.0**power:
            mathtext, self.tolerance_text = f"10^{{{power}}}", "10" + str(power).translate(_SUPERSCRIPTS)
        else:
            mathtext = self.tolerance_text = f"{self.tolerance:g}"
        right.set_ylabel("iterations $k$")
        right.set_title(rf"iterations until $\|e_k\| \leq {mathtext}\,\|e_0\|$")
        right.legend(loc="upper left")
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
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        shift, scale : float
            The feature is u = (x − shift)/scale (the shift and scale sliders).
        alpha : float
            The learning rate as a fraction of the stability limit (the α slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
        U = design_matrix((self.x - shift) / scale)
        shape = bowl(U)
        best = np.array([self.best_x[0] + self.best_x[1] * shift, self.best_x[1] * scale])  # θ* for u
        start_error = -best  # the start is θ = (0, 0)
        distance = float(np.linalg.norm(start_error))
        directions, curvatures = shape.directions, shape.curvatures
        kappa, limit = shape.condition_number, shape.stability_limit
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
        curves = [np.vstack([fraction * ellipse, [np.nan, np.nan]]) for fraction in (0.2, 0.4, 0.6, 0.8, 1.0)]
        rings = np.vstack(curves)
        self.rings.set_data(rings[:, 0], rings[:, 1])  # finite (every λ > 0); NaN rows separate the curves
        reach = 3 * self.view
        round_bowl = kappa < 1 + ROUND  # every direction is an eigenvector: none is flat or steep
        for line, direction in ((self.flat_line, directions[:, 0]), (self.steep_line, directions[:, 1])):
            segment = np.outer(direction, [-reach, reach])  # a segment through θ*, past the view
            line.set_data(*(([], []) if round_bowl else segment))

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
            needed = iterations_from_parts(parts, factors, self.tolerance)
            self.alpha_curve.set_data(self.kappa_grid, curve)
            self.guaranteed_point.set_data([kappa], [guaranteed])
            self.needed_point.set_data([kappa], [needed])
            message = (
                "Round bowl, κ = 1: every\ndirection is an eigenvector,\nnone is flat or steep."
                if round_bowl
                else ""
            )
        set_status(self.status, message)
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
        return f"κ = {values['kappa']:.4g}: needs {values['needed']:.0f} (≤ {values['guaranteed']:.0f})"

    def describe(self) -> str:
        """The frame in words: the scaled feature's κ, the path, and the counts of iterations.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        round_words = " It is round: its level curves are circles, and no direction is flat or steep."
        text = (
            f"The feature u = (carats − {values['shift']:.2f}) / {values['scale']:.2f} gives a bowl with "
            f"κ = {values['kappa']:.4g}.{round_words if values['kappa'] < 1 + ROUND else ''} "
            f"Left: the first {self.steps} steps from θ = (0, 0) on level curves of the cost, in units of "
            f"the starting distance. Right: iterations until the error is {self.tolerance_text} of its "
            f"start, against κ, on log axes; at α = {values['alpha_fraction']:.2f} × the stability limit "
        )
        if values["diverged"]:
            return text + "descent diverges: no count."
        guaranteed = int(values["guaranteed"])
        verb = "is" if guaranteed == 1 else "are"
        return (
            text + f"{plural(guaranteed, 'iteration')} {verb} guaranteed and {values['needed']:.0f} needed."
        )
