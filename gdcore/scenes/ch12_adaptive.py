"""Notebook 12 · Preconditioning, Newton's step, and adaptive learning rates: five methods, two valleys."""

from __future__ import annotations

import math
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
    iterations_to_tolerance,
    least_squares,
)
from ..variants import adaptive_descent, momentum_descent
from .base import Control, Scene, check_count_from, new_panels, quietly, set_status

#: The explorer's methods, in the order of its method slider.
METHOD_NAMES = ("plain", "momentum", "AdaGrad", "RMSProp", "Adam")
#: The momentum of the explorer's heavy ball (and, as β₁, of its Adam).
EXPLORER_BETA = 0.9


class AdaptiveValues(TypedDict):
    """The numbers behind :class:`AdaptiveScene`'s frame: the method, α, and each valley's run."""

    method: str
    alpha: float
    steps: int
    kappa: tuple[float, float]  # raw, standardised
    shrink: tuple[float, float]  # ‖e_k‖/‖e_0‖ after the run, raw and standardised
    count: tuple[int | None, int | None]  # first k from which ‖e_j‖ ≤ 10⁻⁶‖e_0‖ up to the last drawn j
    diverged: tuple[bool, bool]


class AdaptiveScene(Scene):
    r"""Notebook 12: one method and one α on the rings' raw valley and on their standardised one.

    Each panel draws the first ``steps`` iterations from θ = (0, 0) on level curves of the cost, in
    coordinates centred on θ* and measured in units of the starting distance
    :math:`\lVert\theta_0 - \theta^*\rVert` (the start is on the dotted unit circle, a square marks
    where the path is after ``steps`` iterations), so that both
    valleys fit one fixed view. Left, the raw carats (:math:`\kappa \approx 822`); right, the
    standardised carats (:math:`\kappa = 1`). The methods: plain descent, the heavy ball with
    β = 0.9, and AdaGrad, RMSProp and Adam (:func:`~gdcore.adaptive_descent`, β₁ = 0.9,
    β₂ = 0.999, δ = 10⁻⁸). α is chosen on a log scale, since good rates of the methods differ by
    factors of a thousand. A run that blows up says so on its panel.

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature (carats) and the target (price) of each observation.
    log_alpha : (low, high, step)
        The range of the slider of :math:`\log_{10}\alpha`.
    steps : (low, high, step)
        The range of the iterations slider (whole numbers, 1 or more).
    start : (method, log_alpha, steps)
        The sliders' first values; the method as its position in :data:`METHOD_NAMES`.
    """

    values: AdaptiveValues

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        log_alpha: Sequence[float] = (-3.0, 3.0, 0.25),
        steps: Sequence[int] = (10, 400, 10),
        start: Sequence[float] = (4, 1.0, 200),
    ):
        X = design_matrix(x)
        if X.shape[1] != 2:
            raise ValueError(f"x must hold one feature (one value per example); got shape {np.shape(x)}")
        carats, self.y = X[:, 1], np.asarray(y, float)
        if np.ptp(carats) == 0:
            raise ValueError("x must hold at least two different values (else the valley has no bottom)")
        if isinstance(start, (str, bytes)) or len(start) != 3:
            raise ValueError(f"start must be three values (method, log_alpha, steps); got {start!r}")
        controls = [
            Control.choice("method", "method", METHOD_NAMES, int(start[0])),
            Control.from_range("log_alpha", "log₁₀α learning rate", log_alpha, start[1],
                               readout_format=".2f"),
            Control.from_range("steps", "k iterations", steps, start[2], integer=True, readout_format="d"),
        ]  # fmt: skip
        check_count_from(int(controls[2].low), "steps", 1)
        self.designs = (X, design_matrix((carats - carats.mean()) / carats.std()))
        self.bests = tuple(least_squares(design, self.y) for design in self.designs)
        self.shapes = tuple(bowl(design) for design in self.designs)
        self.most = int(controls[2].high)
        self._runs: dict[tuple[int, float], tuple[DescentResult, DescentResult]] = {}

        figure, axes = new_panels(11.0, 5.4, 2)
        colors = plots.COLORS
        turn = np.linspace(0, 2 * np.pi, 181)
        grid = np.linspace(-1.3, 1.3, 161)
        U0, U1 = np.meshgrid(grid, grid)
        self.paths, self.ends, self.statuses = [], [], []
        titles = ("raw carats", "standardised carats")
        for ax, shape, best, title in zip(axes, self.shapes, self.bests, titles, strict=True):
            start_error = -best
            H = shape.hessian
            # J − J* = ½ eᵀHe, e = ‖e₀‖u: in units of the start's J − J*
            scale = float(start_error @ H @ start_error)
            gaps = (
                (H[0, 0] * U0**2 + 2 * H[0, 1] * U0 * U1 + H[1, 1] * U1**2)
                * (start_error @ start_error)
                / scale
            )
            plots.cost_contours(grid, grid, gaps, ax=ax, levels=[0.001, 0.01, 0.1, 1.0], linewidths=1.0)
            ax.plot(np.cos(turn), np.sin(turn), ":", color=colors["muted"], linewidth=1.2,
                    label="distance of the start")  # fmt: skip
            path = plots.descent_path([], [], ax=ax, markersize=3, linewidth=1.0, label="the path")
            ax.plot(*(start_error / np.linalg.norm(start_error)), "o", markersize=10, markerfacecolor="white",
                    markeredgecolor=colors["path"], markeredgewidth=2.2, zorder=5,
                    label="start θ = (0, 0)")  # fmt: skip
            ax.plot([0], [0], "*", color=colors["data"], markersize=15, zorder=6, label="θ*")
            (end,) = ax.plot([], [], "s", markersize=9, color=colors["path"], markeredgecolor="black",
                             zorder=7, label="after k iterations")  # fmt: skip
            self.ends.append(end)
            ax.set_xlim(-1.3, 1.3)
            ax.set_ylim(-1.3, 1.3)
            ax.set_aspect("equal", adjustable="box")
            ax.set_xlabel(r"$(\theta_0 - \theta_0^*)\ /\ \|e_0\|$")
            ax.set_ylabel(r"$(\theta_1 - \theta_1^*)\ /\ \|e_0\|$")
            ax.set_title(f"{title}: κ = {shape.condition_number:.4g}")
            self.paths.append(path)
            self.statuses.append(plots.status_text(ax, y=0.97))
        plots.legend_below(figure, axes[0], ncols=5, handlelength=1.6, columnspacing=1.0)
        # the setting in words on the figure: every slider's move changes the picture, even when the
        # path's new points fall on old ones
        self.setting = plots.status_text(
            axes[1], y=0.03, va="bottom", color="0.15", fontweight="normal",
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.5", "alpha": 0.9},
        )  # fmt: skip
        super().__init__(figure, [*self.paths, *self.ends, *self.statuses, self.setting], controls)

    def run(self, method: int, alpha: float) -> tuple[DescentResult, DescentResult]:
        """The method's runs from (0, 0) on both valleys, for the most iterations, kept per setting.

        Parameters
        ----------
        method : int
            The position of the method in :data:`METHOD_NAMES`.
        alpha : float
            The learning rate.

        Returns
        -------
        (DescentResult, DescentResult)
            On the raw valley and on the standardised one; a run that blew up stops there.
        """
        key = (method, round(alpha, 12))
        if key not in self._runs:
            if len(self._runs) > 200:
                self._runs.clear()
            runs = []
            for design in self.designs:
                start = np.zeros(2)
                if method == 0:
                    run = quietly(gradient_descent, start, design, self.y, alpha, self.most)
                elif method == 1:
                    run = quietly(momentum_descent, start, design, self.y, alpha, EXPLORER_BETA, self.most)
                else:
                    kind = ("adagrad", "rmsprop", "adam")[method - 2]
                    run = quietly(
                        lambda *a, kind=kind: adaptive_descent(*a, method=kind), start, design, self.y, alpha,
                        self.most,
                    )  # fmt: skip
                runs.append(run)
            self._runs[key] = (runs[0], runs[1])
        return self._runs[key]

    def draw(self, method: int, log_alpha: float, steps: int) -> str:
        r"""Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        method : int
            The position of the method in :data:`METHOD_NAMES` (the method slider).
        log_alpha : float
            :math:`\log_{10}` of the learning rate (the α slider).
        steps : int
            How many iterations to draw (the iterations slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
        alpha = 10.0**log_alpha
        name = METHOD_NAMES[method]
        shrinks, counts, diverged = [], [], []
        for run, best, path, end, status in zip(
            self.run(method, alpha), self.bests, self.paths, self.ends, self.statuses, strict=True
        ):
            history = run.theta_history[: steps + 1]
            start_size = float(np.linalg.norm(best))
            units = (history - best) / start_size
            path.set_data(plots.safe_for_drawing(units[:, 0]), plots.safe_for_drawing(units[:, 1]))
            last = units[-1]
            shown = bool(np.all(np.isfinite(last)) and np.all(np.abs(last) < 1.3))
            end.set_data([last[0]] if shown else [], [last[1]] if shown else [])
            errors = np.linalg.norm(history - best, axis=1)
            blew = run.iterations < steps or not math.isfinite(float(errors[-1]))
            shrink = math.inf if blew else float(errors[-1] / errors[0])
            below = iterations_to_tolerance(errors, 1e-6) if not blew else math.inf
            shrinks.append(shrink)
            counts.append(None if math.isinf(below) else int(below))
            diverged.append(bool(blew or shrink > 1e3))
            set_status(
                status, f"Diverges: the cost blew up\nafter {run.iterations} iterations" if blew else ""
            )
        self.setting.set_text(f"{name}, α = {alpha:.3g}, k = {steps}")
        self.values = {
            "method": name,
            "alpha": alpha,
            "steps": steps,
            "kappa": (self.shapes[0].condition_number, self.shapes[1].condition_number),
            "shrink": (shrinks[0], shrinks[1]),
            "count": (counts[0], counts[1]),
            "diverged": (diverged[0], diverged[1]),
        }
        parts = [f"<b>{name}</b>, α = {alpha:.4g}, {steps} iterations"]
        for label, shrink, count, blew in zip(
            ("raw", "standardised"), shrinks, counts, diverged, strict=True
        ):
            parts.append(f"{label}: {self._words(shrink, count, blew, steps)}")
        return "; ".join(parts)

    @staticmethod
    def _words(shrink: float, count: int | None, blew: bool, steps: int) -> str:
        if blew:
            return "diverges"
        if count is not None:
            return f"error below 10⁻⁶ of the start's from iteration {count} to {steps}, the last drawn"
        return f"error {shrink:.3g} of the start's"

    def caption(self) -> str:
        values = self.values
        return f"{values['method']}, α = {values['alpha']:.3g}"

    def describe(self) -> str:
        """The frame in words: the method, α, and where each valley's path ends.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        text = (
            f"{values['method']} at α = {values['alpha']:.4g}, {values['steps']} iterations from θ = (0, 0), "
            f"drawn on level curves of the cost in units of the starting distance. "
        )
        for label, kappa, shrink, count, blew in zip(
            ("Left, the raw valley", "Right, the standardised valley"),
            values["kappa"],
            values["shrink"],
            values["count"],
            values["diverged"],
            strict=True,
        ):
            text += f"{label} (κ = {kappa:.4g}): {self._words(shrink, count, blew, values['steps'])}. "
        return text.strip()
