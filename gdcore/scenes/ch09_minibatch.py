"""Notebook 09 · Stochastic and mini-batch descent: batch size, learning rate and schedule."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import plots
from .._checks import check_positive
from ..regression import (
    DescentResult,
    design_matrix,
    half_mse,
    half_mse_grid,
    least_squares,
)
from ..variants import minibatch_descent
from .base import (
    DISPLAY_DPI,
    PIXEL_RATIO,
    Control,
    Scene,
    check_count_from,
    first_outside,
    fmt,
    plural,
    quietly,
    set_status,
)

#: The batch sizes of :class:`MinibatchScene`'s batch slider, one per slider position.
BATCH_SIZES = (1, 2, 4, 10, 20, 50, 100)
#: The schedules of :class:`MinibatchScene`'s schedule slider, one per slider position.
SCHEDULE_NAMES = ("constant", "1/(1 + t/τ)", "1/√(1 + t/τ)", "step: halve every 2 epochs")


def schedule_for(name: str, tau: float):
    """The schedule called ``name`` (one of :data:`SCHEDULE_NAMES`) as a function of the update t.

    ``tau`` is the number of updates in one epoch, so that every batch size decays alike per epoch:
    ``1/(1 + t/τ)`` has halved after one epoch, ``1/√(1 + t/τ)`` after three, the step schedule after
    two. ``None`` for the constant schedule (:func:`~gdcore.minibatch_descent`'s own constant α).

    Parameters
    ----------
    name : str
        One of :data:`SCHEDULE_NAMES`.
    tau : float
        The number of updates in one epoch.

    Returns
    -------
    callable or None
        The factor of α at update t, a function of t; None for the constant schedule.

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`SCHEDULE_NAMES`.
    """
    if name == SCHEDULE_NAMES[0]:
        return None
    if name == SCHEDULE_NAMES[1]:
        return lambda t: 1.0 / (1.0 + t / tau)
    if name == SCHEDULE_NAMES[2]:
        return lambda t: 1.0 / math.sqrt(1.0 + t / tau)
    if name == SCHEDULE_NAMES[3]:
        return lambda t: 0.5 ** (t // (2 * tau))
    raise ValueError(f"name must be one of {', '.join(SCHEDULE_NAMES)}; got {name!r}")


class MinibatchValues(TypedDict):
    """The numbers behind :class:`MinibatchScene`'s frame: the run and how close it got."""

    batch_size: int
    alpha: float
    schedule: str
    updates: int
    per_epoch: int
    diverged: bool
    theta: tuple[float, ...]
    gap: float
    late_mean_gap: float
    average: tuple[float, ...]
    average_gap: float
    left_view_at: int | None
    path: np.ndarray


class MinibatchScene(Scene):
    r"""Notebook 09: a batch size, a learning rate and a schedule; the wandering path and its cost.

    Descent fits :math:`h = \theta_0 + \theta_1 z` to the standardised feature
    :math:`z = (x - \bar x)/s_x` (population :math:`s_x`), whose bowl is round (:math:`H = I`), so
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

    Parameters
    ----------
    x, y : array_like, shape (m,)
        The feature (standardised here) and the target of each observation.
    alpha : (low, high, step)
        The range of the learning rate α slider.
    start : (batch, alpha, schedule)
        The sliders' first values: a position in the batch sizes (those of :data:`BATCH_SIZES`
        below m, then m), α, and a position in :data:`SCHEDULE_NAMES`.
    epochs : int
        How many shuffled epochs each run makes, 1 or more.
    seed : int
        The seed of the shuffles, 0 or more.
    theta_start : sequence of two floats, optional
        Where descent starts, (θ₀, θ₁); by default θ* + (−0.6, −0.5)·``reach``, rounded.
    reach : float
        Half the width of the view around θ*, in the units of θ (positive).
    """

    values: MinibatchValues

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
        self.epochs, self.seed = check_count_from(epochs, "epochs", 1), check_count_from(seed, "seed", 0)
        reach = check_positive(reach, "reach", "a positive number")
        self.sizes = (*(size for size in BATCH_SIZES if size < self.m), self.m)
        controls = [
            Control.choice("batch", "batch size b", [str(size) for size in self.sizes], start[0]),
            Control.from_range("alpha", "α learning rate", alpha, start[1], readout_format=".2f"),
            Control.choice("schedule", "schedule", SCHEDULE_NAMES, start[2]),
        ]
        self.mean, self.sd = float(x.mean()), float(x.std())
        self.X = design_matrix((x - self.mean) / self.sd)
        self.H = self.X.T @ self.X / self.m
        # one example's own curvature, ‖xᵢ‖² = 1 + zᵢ²: above 2/max of it a single update can overshoot
        self.steepest = float(np.max(np.sum(self.X**2, axis=1)))
        self.best = least_squares(self.X, self.y)
        self.best_cost = half_mse(self.best, self.X, self.y)
        chosen = np.round(self.best + np.array([-0.6, -0.5]) * reach) if theta_start is None else theta_start
        self.theta_start = np.asarray(chosen, float)
        if self.theta_start.shape != (2,) or not np.isfinite(self.theta_start).all():
            raise ValueError(f"theta_start must be two finite numbers (θ₀, θ₁); got {chosen!r}")
        start_gap = self._gaps(self.theta_start[None, :])[0]

        figure = Figure(figsize=(11.0, 6.0), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
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
        (self.dots,) = path_ax.plot([], [], "o", color=plots.COLORS["path"], markersize=2.6, alpha=0.8,
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
        path_ax.set_title("the path on the level curves of J")
        plots.legend_below(figure, path_ax, ncols=3, handlelength=1.4)
        self.status = plots.status_text(path_ax)

        self.top = self.epochs * self.m
        (self.history,) = cost_ax.plot([], [], color=plots.COLORS["path"], linewidth=1.2,
                                       label="last iterate")  # fmt: skip
        (self.averaged,) = cost_ax.plot([], [], "--", color=plots.COLORS["best"], linewidth=2.2,
                                        label="running average from halfway")  # fmt: skip
        cost_ax.set_xscale("log")
        cost_ax.set_yscale("log")
        self.gap_floor = 1e-3
        cost_ax.set_xlim(0.8, 1.25 * self.top)
        cost_ax.set_ylim(self.gap_floor, 50 * max(start_gap, 1.0))
        cost_ax.set_xlabel("update t (log scale)")
        cost_ax.set_ylabel(r"$J - J^*$ on all the data (log scale)")
        cost_ax.set_title(f"the cost after each update, {self.epochs} epochs")
        cost_ax.legend(loc="lower left")
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
        """The descent behind the frame at these slider positions (seeded: the same every time).

        Parameters
        ----------
        batch : int
            The position of the batch size (the batch size slider).
        alpha : float
            The learning rate (the α slider).
        schedule : int
            The position of the schedule in :data:`SCHEDULE_NAMES` (the schedule slider).

        Returns
        -------
        DescentResult
            The run of :func:`~gdcore.minibatch_descent`; it stops where the cost blew up.
        """
        size = self.sizes[batch]
        plan = schedule_for(SCHEDULE_NAMES[schedule], -(-self.m // size))
        return quietly(
            lambda: minibatch_descent(
                self.theta_start, self.X, self.y, alpha, self.epochs, size, schedule=plan, seed=self.seed
            )
        )

    def draw(self, batch: int, alpha: float, schedule: int) -> str:
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        batch : int
            The position of the batch size (the batch size slider).
        alpha : float
            The learning rate (the α slider).
        schedule : int
            The position of the schedule in :data:`SCHEDULE_NAMES` (the schedule slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
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

        set_status(self.status, message)
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
        last, mean = fmt(values["gap"]), fmt(values["average_gap"])
        gaps = (
            f"J − J* = {last} at ■, {mean} at ◆"  # the legend's last iterate and average of the second half
        )
        return f"{head}: {gaps}{off}"

    def describe(self) -> str:
        """The frame in words: the run's settings, the wandering path and the cost after each update.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        text = (
            f"Batch size b = {values['batch_size']} ({plural(values['per_epoch'], 'update')} per epoch), "
            f"α = {values['alpha']:.2f}, schedule {values['schedule']}: {values['updates']} updates. "
            f"Left: the path of the updates on level curves of the cost, with θ* and the average of "
            f"the second half's iterates. Right: J − J* after every update, on log axes"
        )
        if values["diverged"]:
            return text + f". Descent diverges: the cost blew up at update {values['updates']}."
        text += (
            f": {fmt(values['gap'])} for the last iterate, {fmt(values['average_gap'])} for the average of "
            "the second half's iterates (J − J* at their mean point θ, not the mean of their costs)."
        )
        if values["left_view_at"] is not None:
            text += f" The path leaves the chart at update {values['left_view_at']}."
        return text
