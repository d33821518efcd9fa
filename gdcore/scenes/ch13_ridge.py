"""Notebook 13 · Ridge: the penalty γ and the training-set size, against the validation error."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import numpy as np
from matplotlib.collections import LineCollection
from numpy.typing import ArrayLike

from .. import plots
from .._checks import check_data
from ..regularisation import _ridge_many, _standardised_design, kfold
from .base import Control, Scene, check_count_from, fmt, new_panels


class RidgeValues(TypedDict):
    """The numbers behind :class:`RidgeScene`'s frame: the setting, its errors, the best γ at this size."""

    gamma: float
    size: int
    train_error: float  # mean squared error 2J on the rows learnt from, mean over the folds
    validation_error: float  # on the held-out fold, mean over the folds
    best_gamma: float  # the grid's γ of least validation error at this size
    best_error: float
    largest: str  # the name of the largest coefficient (in size) of the fit on `size` patients
    largest_value: float
    off_chart: int  # coefficients beyond the chart's bound
    growing: int  # coefficients whose size grows somewhere along the path of the fit on `size` patients
    predictions_off_chart: int  # held-out predictions beyond the left panel's horizontal axis
    prediction_low: float  # the range and standard deviation of the held-out predictions
    prediction_high: float
    prediction_sd: float


class RidgeScene(Scene):
    r"""Notebook 13: ridge at a penalty γ, fitted on m patients, judged by K-fold cross-validation.

    Why these two sliders. The penalty :math:`\tfrac{\gamma}{2}\lVert w\rVert^2` trades the fit on
    the patients a model learns from against its fit on the others; the training-set size moves
    where that trade is best (few patients need a larger γ). Left: each patient's target against
    its prediction by the fit of the fold that did not see it (out-of-fold predictions), with the
    diagonal of perfect predictions. Middle: the coefficient paths, every standardised coefficient
    of the fit on the first m patients against γ (the ten measurements solid, their products and
    squares thin and dashed), with the current γ marked. Right: the training (solid, circles) and
    validation (dashed, squares) mean squared error against γ at this size, the current γ marked and
    the grid's least validation error starred. Every fit is :func:`~gdcore.ridge`, computed for each
    size, fold and γ of the grid once, when the scene is made: a frame only looks numbers up.

    Parameters
    ----------
    x : array_like, shape (m, p)
        The features, without the column of ones (notebook 13's quadratic features).
    y : array_like, shape (m,)
    names : sequence of str, optional
        The p features' names; the first ``measurements`` are drawn solid.
    log_gamma : (low, high, step)
        The range of the slider of :math:`\log_{10}\gamma`, and the grid of penalties.
    size : (low, high, step)
        Training-set sizes m: from 2 to the rows outside the largest fold.
    folds : int
        K, the number of folds (2 or more).
    seed : int
        The seed of :func:`~gdcore.kfold`'s shuffle.
    start : (log_gamma, size)
        The sliders' first values.
    measurements : int
        How many of the first features are measurements (solid paths); the rest are drawn dashed.
    coefficient_bound : float
        The coefficient chart runs from minus this to this; paths beyond it leave the chart.
    """

    values: RidgeValues

    def __init__(
        self,
        x: ArrayLike,
        y: ArrayLike,
        names: Sequence[str] | None = None,
        log_gamma: Sequence[float] = (-4.0, 1.5, 0.25),
        size: Sequence[float] = (34, 304, 6),
        folds: int = 9,
        seed: int = 13,
        start: Sequence[float] = (-1.25, 304),
        measurements: int = 10,
        coefficient_bound: float = 60.0,
    ):
        x_, y_ = check_data(x, y)
        self.y = y_
        self.x = x_
        p = x_.shape[1]
        self.names = [f"x{j + 1}" for j in range(p)] if names is None else list(names)
        if len(self.names) != p:
            raise ValueError(f"names must have one entry per feature ({p}); got {len(self.names)}")
        if isinstance(start, (str, bytes)) or len(start) != 2:
            raise ValueError(f"start must be two values (log_gamma, size); got {start!r}")
        controls = [
            Control.from_range("log_gamma", "log₁₀γ penalty", log_gamma, start[0], readout_format=".2f"),
            Control.from_range("size", "m training examples", size, start[1], integer=True,
                               readout_format="d"),
        ]  # fmt: skip
        folds = check_count_from(folds, "folds", 2)
        self.folds = kfold(len(y_), folds, seed)
        fewest = len(y_) - max(len(fold) for fold in self.folds)
        sizes = controls[1]
        if sizes.low < 2 or sizes.high > fewest:
            raise ValueError(f"size must run within 2 to {fewest} (the rows outside the largest fold)")
        gammas = controls[0]
        self.log_gammas = np.arange(gammas.low, gammas.high + gammas.step / 2, gammas.step)
        self.gammas = 10.0**self.log_gammas
        self.sizes = np.arange(int(sizes.low), int(sizes.high) + 1, int(sizes.step))
        order = np.concatenate(self.folds)
        S, G = len(self.sizes), len(self.gammas)
        self.train_errors = np.zeros((S, G))
        self.validation_errors = np.zeros((S, G))
        self.predictions = np.empty((S, G, len(y_)))
        self.paths = np.empty((S, G, p))
        for fold in self.folds:
            others = order[~np.isin(order, fold)]
            for s, m in enumerate(self.sizes):
                rows = others[:m]
                X_fit, X_val = _standardised_design(x_[rows], x_[fold])
                thetas = _ridge_many(X_fit, y_[rows], self.gammas)
                fitted, held = thetas @ X_fit.T, thetas @ X_val.T
                self.train_errors[s] += np.mean((fitted - y_[rows]) ** 2, axis=1) / folds
                self.validation_errors[s] += np.mean((held - y_[fold]) ** 2, axis=1) / folds
                self.predictions[s][:, fold] = held
        for s, m in enumerate(self.sizes):
            rows = order[:m]
            (X_fit,) = _standardised_design(x_[rows])
            self.paths[s] = _ridge_many(X_fit, y_[rows], self.gammas)[:, 1:]
        self.measurements = check_count_from(measurements, "measurements", 0)
        self.bound = float(coefficient_bound)

        figure, (fit_ax, path_ax, error_ax) = new_panels(12.8, 6.3, 3)
        colors = plots.COLORS
        low, high = float(y_.min()), float(y_.max())
        fit_ax.plot([low, high], [low, high], ":", color=colors["data"], linewidth=1.5, label="perfect")
        self.scatter = plots.data_scatter([], [], ax=fit_ax, s=14, alpha=0.6, color=colors["model"])
        fit_ax.set_xlim(low - 30, high + 30)
        self.prediction_window = (low - 30, high + 30)
        fit_ax.set_ylim(low - 60, high + 60)
        fit_ax.set_xlabel("prediction (by the fold\nthat did not see it)")
        fit_ax.set_ylabel("target y")
        fit_ax.set_title("held-out predictions")

        # two collections (the measurements solid, the products and squares dashed): one artist each to draw
        self.measured_paths = LineCollection(
            [], colors=colors["model"], linestyles="-", linewidths=1.6, zorder=3
        )
        self.product_paths = LineCollection(
            [], colors=colors["muted"], linestyles="--", linewidths=0.8, alpha=0.7, zorder=2
        )
        path_ax.add_collection(self.product_paths)
        path_ax.add_collection(self.measured_paths)
        path_ax.set_xscale("log")
        path_ax.set_xlim(self.gammas[0] / 1.6, self.gammas[-1] * 1.6)
        path_ax.set_ylim(-self.bound, self.bound)
        path_ax.axhline(0, color=colors["data"], linewidth=0.8)
        path_ax.set_xlabel("γ (log scale)")
        path_ax.set_ylabel("coefficient (per standard deviation)")
        path_ax.set_title("coefficient paths")
        self.path_marker = path_ax.axvline(
            self.gammas[0], color=colors["path"], linewidth=2.0, linestyle="-."
        )

        (self.train_line,) = error_ax.plot(
            [], [], "-o", color=colors["model"], markersize=4, label="training"
        )
        (self.validation_line,) = error_ax.plot(
            [], [], "--s", color=colors["path"], markersize=4, label="validation"
        )
        (self.best_mark,) = error_ax.plot(
            [], [], "*", color=colors["data"], markersize=16, zorder=6, label="least validation"
        )
        self.error_marker = error_ax.axvline(
            self.gammas[0], color=colors["path"], linewidth=2.0, linestyle="-."
        )
        error_ax.set_xscale("log")
        error_ax.set_xlim(self.gammas[0] / 1.6, self.gammas[-1] * 1.6)
        error_ax.set_ylim(0, 6000)
        error_ax.set_xlabel("γ (log scale)")
        error_ax.set_ylabel("mean squared error")
        error_ax.set_title("training and validation error")
        # the path panel's styles and the marker, listed with the errors' in one legend under the figure
        error_ax.plot([], [], "-", color=colors["model"], linewidth=1.6, label="path of a measurement")
        error_ax.plot([], [], "--", color=colors["muted"], linewidth=1.2, label="of a product or square")
        error_ax.plot([], [], "-.", color=colors["path"], linewidth=2.0, label="the γ shown")
        plots.legend_below(figure, error_ax, ncols=3, handlelength=2.2, columnspacing=1.5)
        self.setting = plots.status_text(
            fit_ax, y=0.97, color="0.15", fontweight="normal",
            bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "0.5", "alpha": 0.9},
        )  # fmt: skip
        super().__init__(
            figure,
            [
                self.scatter,
                self.product_paths,
                self.measured_paths,
                self.path_marker,
                self.train_line,
                self.validation_line,
                self.best_mark,
                self.error_marker,
                self.setting,
            ],
            controls,
        )

    def _index(self, grid: np.ndarray, value: float) -> int:
        return int(np.clip(np.argmin(np.abs(grid - value)), 0, len(grid) - 1))

    def draw(self, log_gamma: float, size: int) -> str:
        r"""Show the frame at these values, fill :attr:`values` and return the readout's HTML.

        Parameters
        ----------
        log_gamma : float
            :math:`\log_{10}` of the penalty (the γ slider; the nearest value of the grid is shown).
        size : int
            The training-set size m (the size slider; the nearest size of the grid is shown).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
        g, s = self._index(self.log_gammas, log_gamma), self._index(self.sizes, size)
        gamma, m = float(self.gammas[g]), int(self.sizes[s])
        predictions = self.predictions[s, g]
        self.scatter.set_offsets(np.column_stack([predictions, self.y]))
        segments = np.stack(np.broadcast_arrays(self.gammas[None, :], self.paths[s].T), axis=2)
        self.measured_paths.set_segments(list(segments[: self.measurements]))
        self.product_paths.set_segments(list(segments[self.measurements :]))
        self.path_marker.set_xdata([gamma, gamma])
        self.error_marker.set_xdata([gamma, gamma])
        train, validation = self.train_errors[s], self.validation_errors[s]
        self.train_line.set_data(self.gammas, train)
        self.validation_line.set_data(self.gammas, np.minimum(validation, 1e6))
        best = int(np.argmin(validation))
        self.best_mark.set_data([self.gammas[best]], [validation[best]])
        self.setting.set_text(f"γ = {gamma:.3g}, m = {m}")
        coefficients = self.paths[s, g]
        largest = int(np.argmax(np.abs(coefficients)))
        self.values = {
            "gamma": gamma,
            "size": m,
            "train_error": float(train[g]),
            "validation_error": float(validation[g]),
            "best_gamma": float(self.gammas[best]),
            "best_error": float(validation[best]),
            "largest": self.names[largest],
            "largest_value": float(coefficients[largest]),
            "off_chart": int(np.sum(np.abs(coefficients) > self.bound)),
            "growing": int(np.sum(np.any(np.diff(np.abs(self.paths[s]), axis=0) > 0, axis=0))),
            "predictions_off_chart": int(
                np.sum((predictions < self.prediction_window[0]) | (predictions > self.prediction_window[1]))
            ),
            "prediction_low": float(predictions.min()),
            "prediction_high": float(predictions.max()),
            "prediction_sd": float(predictions.std()),
        }
        return (
            f"γ = {gamma:.3g}, m = {m} training examples &nbsp;|&nbsp; mean squared error: training "
            f"{fmt(train[g])}, <b>validation {fmt(validation[g])}</b> &nbsp;|&nbsp; least validation error "
            f"at this size: {fmt(validation[best])} at γ = {self.gammas[best]:.3g}<br>largest coefficient: "
            f"{self.names[largest]} = {coefficients[largest]:+.1f}; {self.values['off_chart']} of "
            f"{len(coefficients)} off the chart"
        )

    @staticmethod
    def _off_left(count: int) -> str:
        if count == 0:
            return ""
        return f"; {count} of the predictions fall outside the panel's horizontal axis and are not drawn"

    def caption(self) -> str:
        values = self.values
        error = fmt(values["validation_error"])
        return f"γ = {values['gamma']:.3g}, m = {values['size']}: validation error {error}"

    def describe(self) -> str:
        """The frame in words: the setting, the errors, the best γ at this size, the coefficients.

        Returns
        -------
        str
            Plain sentences with the numbers of the readout.
        """
        values = self.values
        return (
            f"Ridge at γ = {values['gamma']:.3g} on m = {values['size']} training examples, "
            f"{len(self.folds)}-fold cross-validation. Left: each patient's target against its held-out "
            f"prediction, with the diagonal of perfect predictions: the predictions run from "
            f"{values['prediction_low']:.0f} to {values['prediction_high']:.0f} (standard deviation "
            f"{values['prediction_sd']:.0f}), the targets from {self.y.min():.0f} to {self.y.max():.0f} "
            f"(standard deviation {self.y.std():.0f}){self._off_left(values['predictions_off_chart'])}. "
            f"Middle: the {len(self.names)} coefficient paths "
            f"against γ, with γ marked; together they shrink toward 0 as γ grows, but "
            f"{values['growing']} of them grow in size somewhere along the way; the largest here is "
            f"{values['largest']} = {values['largest_value']:+.1f}, and {values['off_chart']} are off the "
            f"chart. Right: training and validation mean squared error against γ: training "
            f"{fmt(values['train_error'])}, validation {fmt(values['validation_error'])}; the least "
            f"validation error at this size is {fmt(values['best_error'])} at γ = {values['best_gamma']:.3g}."
        )
