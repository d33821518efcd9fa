"""Notebook 11 · Many features, real data: how many training examples, and which, the fit learns from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from .. import plots
from .._checks import check_positive
from .._deprecation import deprecated
from ..regression import (
    design_matrix,
    half_mse,
    least_squares,
)
from .base import (
    DISPLAY_DPI,
    PIXEL_RATIO,
    Control,
    Scene,
    check_count_from,
    fmt,
    set_status,
)


class TrainingSizeValues(TypedDict):
    """The numbers behind :class:`TrainingSizeScene`'s frame: the fit, its costs and its R²."""

    size: int
    draw: int
    theta: np.ndarray
    train_cost: float
    test_cost: float
    r2_train: float
    r2_test: float
    exact_fit: bool
    clipped: int  # coefficients off the chart
    largest: str  # the name of the largest coefficient


class TrainingSizeScene(Scene):
    """Notebook 11: how many patients the fit learns from, and which ones; its costs and coefficients.

    Why these two sliders. With ten features a fit can look excellent on its own examples and be
    poor on new ones, and nothing in notebooks 01-10 shows that: every fit there was judged on the
    data it was fitted to. The training-set size is the one number that moves a fit from
    memorising to generalising. At m = n (as many examples as parameters, 11 here) least squares
    passes through every training point, so the training cost is 0 and the test cost is huge; as m
    grows the two costs meet. The second slider draws another set of m training examples from the
    same pool: at small m the coefficients jump from draw to draw (mostly those of the correlated
    serum measurements), at large m they settle. (Sliders for α and epochs would only replay
    notebooks 05-09: with least squares computed exactly, what is left to see is the data.)

    Left: the training (solid) and test (dashed) cost :math:`J` against the training-set size for the
    chosen draw, on a log scale, with the means over all draws (thin) and the test cost of predicting
    the test set's own mean for everyone (test :math:`R^2 = 0`, dotted). Right: the fitted coefficients, each
    in units of the target per standard deviation of its feature in the whole pool (fixed
    scales, so bars of different fits compare), with the fit on the whole pool as black marks.
    Coefficients beyond the axis are clipped and marked with a triangle at its edge.

    Every fit is least squares (:func:`~gdcore.least_squares`), computed for every size and draw
    once, when the scene is made: a frame only looks numbers up.

    Parameters
    ----------
    x_pool, y_pool : array_like, shapes (p, k) and (p,)
        The examples the training sets are drawn from (the training part of a split).
    x_test, y_test : array_like, shapes (q, k) and (q,)
        The held-out examples every fit is judged on.
    names : sequence of str, optional
        The k feature names, for the bars.
    size : (low, high, step)
        Training-set sizes m; low at least k + 1 (one example per parameter), high at most p.
    draws : int
        How many different random orders of the pool to draw the training sets from (2 or more).
    seed : int
        Seed of the :func:`numpy.random.default_rng` that draws those orders.
    start : (size, draw)
        The sliders' first values.
    coefficient_bound : float
        The coefficients' axis runs from ``-coefficient_bound`` to ``coefficient_bound`` (target per
        standard deviation of its feature in the pool); a coefficient beyond it is clipped and
        marked. (Not a stability limit, which is what ``limit`` means in the other scenes.)
    coefficient_limit : float, optional
        The name of ``coefficient_bound`` in gdcore 0.2: still accepted, with a DeprecationWarning,
        until 0.4.
    """

    values: TrainingSizeValues

    def __init__(
        self,
        x_pool: ArrayLike,
        y_pool: ArrayLike,
        x_test: ArrayLike,
        y_test: ArrayLike,
        names: Sequence[str] | None = None,
        size: Sequence[float] = (11, 342, 1),
        draws: int = 20,
        seed: int = 2004,
        start: Sequence[float] = (30, 1),
        coefficient_bound: float = 160.0,
        *,
        coefficient_limit: float | None = None,
    ):
        pool, test = design_matrix(x_pool), design_matrix(x_test)
        if pool.shape[1] != test.shape[1]:
            raise ValueError(
                f"x_test must have the same features as x_pool ({pool.shape[1] - 1}); got {test.shape[1] - 1}"
            )
        self.y_pool, self.y_test = np.asarray(y_pool, float), np.asarray(y_test, float)
        if self.y_pool.shape != (len(pool),) or self.y_test.shape != (len(test),):
            raise ValueError("y_pool and y_test must have one value per example of x_pool and x_test")
        n = pool.shape[1]
        features = n - 1
        self.names = [f"x{j + 1}" for j in range(features)] if names is None else list(names)
        if len(self.names) != features:
            raise ValueError(f"names must have one entry per feature ({features}); got {len(self.names)}")
        self.draws = check_count_from(draws, "draws", 2)
        if isinstance(start, (str, bytes)) or len(start) != 2:
            raise ValueError(f"start must be two values (size, draw); got {start!r}")
        controls = [
            Control.from_range(
                "size", "m training examples", size, start[0], integer=True, readout_format="d"
            ),
            Control("draw", "draw (which examples)", 1, self.draws, 1, start[1], integer=True,
                    readout_format="d"),
        ]  # fmt: skip
        sizes = controls[0]
        if sizes.low < n:
            raise ValueError(
                f"size must start at {n} or more (one example per parameter, n = {n}); "
                f"got low = {sizes.low:g}"
            )
        if sizes.high > len(pool):
            raise ValueError(
                f"size must end at most at the pool's {len(pool)} examples; got high = {sizes.high:g}"
            )
        # standardise with the pool's statistics: the same predictions as raw features (exact
        # algebra), better conditioned for lstsq, and coefficients in units per standard deviation
        # of each feature in the pool
        self.mean, self.sd = pool[:, 1:].mean(axis=0), pool[:, 1:].std(axis=0)
        if np.any(self.sd == 0):
            raise ValueError("every feature of x_pool must take at least two different values")
        self.pool = np.column_stack([pool[:, 0], (pool[:, 1:] - self.mean) / self.sd])
        self.test = np.column_stack([test[:, 0], (test[:, 1:] - self.mean) / self.sd])
        self.sizes = np.arange(int(sizes.low), int(sizes.high) + 1, int(sizes.step))
        rng = np.random.default_rng(seed)
        self.orders = np.array([rng.permutation(len(pool)) for _ in range(self.draws)])
        self.thetas = np.empty((self.draws, len(self.sizes), n))
        for d, order in enumerate(self.orders):
            for s, m in enumerate(self.sizes):
                rows = order[:m]
                self.thetas[d, s] = least_squares(self.pool[rows], self.y_pool[rows])
        self.train_costs = np.array(
            [[half_mse(self.thetas[d, s], self.pool[order[:m]], self.y_pool[order[:m]])
              for s, m in enumerate(self.sizes)] for d, order in enumerate(self.orders)]
        )  # fmt: skip
        test_residuals = np.einsum("dsj,ij->dsi", self.thetas, self.test) - self.y_test
        self.test_costs = 0.5 * np.mean(test_residuals**2, axis=2)
        self.full = least_squares(self.pool, self.y_pool)
        self.test_spread = 0.5 * np.mean((self.y_test - self.y_test.mean()) ** 2)  # J of R² = 0 on test
        bound_name = "coefficient_bound"
        if coefficient_limit is not None:
            deprecated(
                "TrainingSizeScene(coefficient_limit=...)",
                "coefficient_bound=... (in the other scenes a limit is the stability limit)",
            )
            coefficient_bound, bound_name = coefficient_limit, "coefficient_limit"
        self.coefficient_bound = check_positive(coefficient_bound, bound_name, "a positive number")

        figure = Figure(figsize=(12.0, 5.0), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")
        left, right = figure.subplots(1, 2, width_ratios=[1.1, 1])
        colors = plots.COLORS
        left.plot(
            self.sizes,
            self.train_costs.mean(axis=0),
            color=colors["model"],
            linewidth=1,
            alpha=0.8,
            label="mean of all draws",
        )
        left.plot(
            self.sizes, self.test_costs.mean(axis=0), "--", color=colors["path"], linewidth=1, alpha=0.8
        )
        left.axhline(
            self.test_spread,
            color=colors["muted"],
            linestyle=":",
            linewidth=2,
            label=r"test $R^2 = 0$ (its own mean)",
        )
        (self.train_line,) = left.plot([], [], color=colors["model"], linewidth=2.5, label="training cost")
        (self.test_line,) = left.plot([], [], "--", color=colors["path"], linewidth=2.5, label="test cost")
        (self.points,) = left.plot([], [], "o", color=colors["data"], markersize=9, zorder=5)
        self.floor = 10.0
        left.set_yscale("log")
        left.set_xscale("log")
        left.set_xlim(self.sizes[0] * 0.97, self.sizes[-1] * 1.03)
        ticks = [t for t in (10, 20, 50, 100, 200) if self.sizes[0] < t < 0.8 * self.sizes[-1]]
        left.set_xticks([int(self.sizes[0]), *ticks, int(self.sizes[-1])])
        left.xaxis.set_major_formatter("{x:.0f}")
        left.xaxis.set_minor_formatter("")
        left.set_ylim(self.floor, 1e6)
        left.set_xlabel("m, the number of training examples (log scale)")
        left.set_ylabel(r"cost $J = \frac{1}{2m}\sum r_i^2$")
        left.set_title("training and test cost against the training-set size")
        left.legend(loc="upper right")
        self.status = plots.status_text(left, y=0.08, va="bottom")

        slots = np.arange(features)
        self.bars = right.bar(slots, np.zeros(features), color=colors["model"], alpha=0.8, width=0.7)
        (self.full_marks,) = right.plot(
            slots, self.full[1:], "_", color=colors["data"], markersize=28, markeredgewidth=3, zorder=4
        )
        (self.clipped_up,) = right.plot(
            [], [], "^", color=colors["path"], markersize=11, zorder=6, label="off the chart"
        )
        (self.clipped_down,) = right.plot([], [], "v", color=colors["path"], markersize=11, zorder=6)
        right.axhline(0, color=colors["data"], linewidth=0.8)
        right.set_xticks(slots, self.names)
        right.set_xlim(-0.6, features - 0.4)
        right.set_ylim(-self.coefficient_bound, self.coefficient_bound)
        right.set_ylabel("coefficient, per standard deviation\nof its feature in the pool")
        right.set_title(f"fitted coefficients (black —: the fit\non all {len(pool)}; ▲ ▼: off the chart)")
        super().__init__(
            figure,
            [
                self.train_line,
                self.test_line,
                self.points,
                self.status,
                *self.bars,
                self.full_marks,
                self.clipped_up,
                self.clipped_down,
            ],
            controls,
        )

    def draw(self, size: int, draw: int) -> str:
        """Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        size : int
            The number of training examples m (the size slider; a size between its steps counts as
            the one below).
        draw : int
            Which of the random orders of the pool the examples are taken from, 1 to ``draws``
            (the draw slider).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
        s, d = int(np.searchsorted(self.sizes, size)), int(draw) - 1
        if s >= len(self.sizes) or self.sizes[s] != size:  # a size between the steps: the one below
            s = max(s - 1, 0)
        m = int(self.sizes[s])
        train, test = self.train_costs[d], self.test_costs[d]
        self.train_line.set_data(self.sizes, np.maximum(train, self.floor * 0.5))
        self.test_line.set_data(self.sizes, test)
        self.points.set_data([m, m], [max(train[s], self.floor * 0.5), test[s]])
        theta = self.thetas[d, s]
        for bar, height in zip(
            self.bars, np.clip(theta[1:], -self.coefficient_bound, self.coefficient_bound), strict=True
        ):
            bar.set_height(height)
        off = np.abs(theta[1:]) > self.coefficient_bound
        up, down = (
            np.flatnonzero(theta[1:] > self.coefficient_bound),
            np.flatnonzero(theta[1:] < -self.coefficient_bound),
        )
        self.clipped_up.set_data(up, np.full(len(up), 0.94 * self.coefficient_bound))
        self.clipped_down.set_data(down, np.full(len(down), -0.94 * self.coefficient_bound))
        r2_train = 1 - train[s] / (0.5 * np.var(self.y_pool[self.orders[d, :m]]))
        r2_test = 1 - test[s] / self.test_spread
        exact = train[s] < 1e-9 * self.test_spread
        message = "m = n: the fit passes through\nevery training example (J = 0)" if exact else ""
        set_status(self.status, message)
        largest = int(np.argmax(np.abs(theta[1:])))
        self.values = {
            "size": m,
            "draw": int(draw),
            "theta": theta,
            "train_cost": float(train[s]),
            "test_cost": float(test[s]),
            "r2_train": float(r2_train),
            "r2_test": float(r2_test),
            "exact_fit": bool(exact),
            "clipped": int(off.sum()),
            "largest": self.names[largest],
        }
        train_text = "0 (exact fit)" if exact else fmt(train[s])
        return (
            f"m = {m} training examples (draw {int(draw)}), n = {len(theta)} parameters &nbsp;|&nbsp; "
            f"cost J: training {train_text}, <b>test {fmt(test[s])}</b> "
            f"(R² = 0 at {fmt(self.test_spread)})<br>"
            f"R²: training {r2_train:.3f}, <b>test {r2_test:.3f}</b> &nbsp;|&nbsp; largest coefficient "
            f"{self.names[largest]} = {theta[1 + largest]:+.1f} (on all {len(self.y_pool)}: "
            f"{self.full[1 + largest]:+.1f}){f'; {off.sum()} off the chart' if off.any() else ''}"
        )

    def caption(self) -> str:
        values = self.values
        return f"test R² = {values['r2_test']:.2f}, training R² = {values['r2_train']:.2f}"

    def describe(self) -> str:
        """The frame in words: the costs against the training-set size, and the fitted coefficients.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        train = "0 (an exact fit)" if values["exact_fit"] else fmt(values["train_cost"])
        largest = self.names.index(values["largest"])
        off = f"; {values['clipped']} off the chart" if values["clipped"] else ""
        return (
            f"m = {values['size']} training examples (draw {values['draw']}). Left: the training and test "
            f"cost J against the training-set size, on a log scale: training {train}, test "
            f"{fmt(values['test_cost'])}. Right: the {len(self.names)} fitted coefficients as bars; the "
            f"largest, {values['largest']}, is {values['theta'][1 + largest]:+.1f}{off}. R²: training "
            f"{values['r2_train']:.3f}, test {values['r2_test']:.3f}."
        )
