"""Descent beyond the full batch: mini-batch and stochastic descent (notebook 09), momentum (notebook 10),
preconditioning, Newton's step and the adaptive methods AdaGrad, RMSProp and Adam (notebook 12).

Both return a :class:`~gdcore.regression.DescentResult`, like :func:`~gdcore.gradient_descent`, and
reduce to it exactly: ``minibatch_descent`` with one batch of all m examples and no schedule, and
``momentum_descent`` with ``beta = 0``, make the same updates, number for number. Like it, they
import no plotting library, never modify their input, and report divergence once, in words, as a
:class:`~gdcore.regression.DivergenceWarning`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    as_float_array,
    check_alpha,
    check_batch_size,
    check_beta,
    check_count,
    check_data,
    check_decay,
    check_design,
    check_flag,
    check_nonnegative,
    check_problem,
    check_schedule,
    check_schedule_factor,
)
from .descent import DescentResult, DivergenceWarning, History, theta_first
from .regression import bowl, least_squares

__all__ = [
    "ADAPTIVE_METHODS",
    "TunedAlpha",
    "adam_curvatures",
    "adaptive_descent",
    "minibatch_descent",
    "minibatch_gaps",
    "momentum_descent",
    "momentum_limit",
    "momentum_roots",
    "momentum_tuning",
    "newton_step",
    "noise_floor_independent",
    "noise_floor_shuffled",
    "preconditioned_curvatures",
    "preconditioned_descent",
    "tune_minibatch_alpha",
]


def _schedule_factor(schedule: Callable[[int], float] | None, t: int) -> float:
    """The factor ``schedule(t)`` that multiplies alpha at update t, checked."""
    return 1.0 if schedule is None else check_schedule_factor(schedule(t), t)


class _CostOfRows:
    r""":func:`~gdcore.half_mse` of many parameter rows, O(n²) a row after one O(mn²) set-up.

    For least squares the cost is exactly :math:`J(\theta) = J^* + \tfrac12 e^\top H e` with
    :math:`e = \theta - \theta^*` and :math:`H = X^\top X/m` (notebook 06), so recording the cost of
    every one of m single-example updates does not cost m passes over the data, and nothing cancels:
    a cost just above :math:`J^*` keeps its digits.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray):
        m = len(y)
        self.best = least_squares(X, y)
        residual = X @ self.best - y
        self.lowest = float(residual @ residual) / (2 * m)
        self.H = X.T @ X / m

    def __call__(self, thetas: np.ndarray) -> np.ndarray:
        errors = thetas - self.best
        with np.errstate(over="ignore", invalid="ignore"):
            return self.lowest + 0.5 * np.einsum("ij,jk,ik->i", errors, self.H, errors)


@theta_first
def minibatch_descent(
    theta: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    epochs: int,
    batch_size: int,
    *,
    schedule: Callable[[int], float] | None = None,
    seed: int | None = None,
) -> DescentResult:
    r"""Mini-batch gradient descent: each epoch shuffles the examples, then makes one update per batch.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point (not modified).
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    alpha : float
        The learning rate, a positive finite number.
    epochs : int
        How many passes over the data, zero or more.
    batch_size : int
        Examples per update, 1 to m: 1 is stochastic gradient descent, m is full-batch descent. The
        last batch of an epoch is smaller when m is not a multiple of it.
    schedule : callable, optional
        ``schedule(t)`` for the update number t = 0, 1, 2, ... returns the factor (finite, zero or
        more) that multiplies alpha for that update, e.g. ``lambda t: 1 / (1 + t / 100)``. None keeps
        alpha constant.
    seed : int, optional
        Seed of the :func:`numpy.random.default_rng` that shuffles; the same seed gives the same run.

    Returns
    -------
    DescentResult
        ``theta_history`` has one row per update, starting with ``theta``: ``epochs·⌈m/batch_size⌉``
        updates plus one. ``cost_history[k]`` is the full-data cost :func:`~gdcore.half_mse` at row
        k, computed from the exact quadratic form of the cost (see Notes): what each update
        did to the objective, not the noisy cost of its own batch. ``iterations`` counts updates.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Warns
    -----
    DivergenceWarning
        Once, in words, if the cost blows up (no longer finite, or above ``DIVERGENCE_FACTOR``
        times the starting cost): the histories end at the first update where it did. (It is
        checked between epochs, every ``CHECK_EVERY`` = 64 updates or more, for all of their rows
        at once.) Too large an alpha for
        small batches can do this even below the full-batch stability limit, since one example's
        own curvature
        :math:`\lVert x_i\rVert^2` can exceed :math:`\lambda_{\max}`.

    Notes
    -----
    With :math:`B_t` the examples of update t and :math:`s_t` the schedule's factor:

    .. math:: \theta_{t+1} = \theta_t
              - \frac{\alpha s_t}{|B_t|} \sum_{i \in B_t} \left(x_i^\top\theta_t - y_i\right) x_i

    Each batch's examples are taken in increasing order, so that a single batch of all m examples
    computes exactly what :func:`~gdcore.gradient_descent` computes. The recorded costs use
    :math:`J(\theta) = J^* + \tfrac12 (\theta - \theta^*)^\top H (\theta - \theta^*)`, exact for
    least squares and O(n²) each after one least-squares solve. Small batches (b·n up to
    :data:`FLOAT_UPDATES`) are updated in Python floats, the same formula (equal to NumPy's up to the
    last bits of rounding): NumPy's cost per call would be most of their time. Introduced in notebook 09.

    Examples
    --------
    >>> run = minibatch_descent([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0], 0.01, 2, 3, seed=0)
    >>> run.theta_history.ravel().round(6)  # one batch of all three: notebook 04's two steps
    array([0.      , 0.14    , 0.273467])
    """
    theta, X, y = check_problem(theta, X, y)
    alpha = check_alpha(alpha)
    epochs = check_count(epochs, "epochs")
    m = len(y)
    batch_size = check_batch_size(batch_size, m)
    schedule = check_schedule(schedule)
    rng = np.random.default_rng(seed)
    per_epoch = -(-m // batch_size)
    cost_of = _CostOfRows(X, y)
    history = History(theta, float(cost_of(theta[None, :])[0]), epochs * per_epoch)
    thetas = history.thetas
    t, blew_up, checked = 0, False, 0
    # Nothing is checked inside an epoch (a check per single-example update would double its
    # cost): after an epoch, the rows since the last check are checked together once there are
    # CHECK_EVERY of them (or at the end), and a blow-up is cut at its first row.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(epochs):
            if batch_size == m:  # one batch of everything, in increasing order: no shuffle can matter
                X_shuffled, y_shuffled = X, y
            else:
                order = _sorted_within_batches(rng.permutation(m), batch_size)
                X_shuffled, y_shuffled = X[order], y[order]  # each batch is then a slice: a view, no copy
            if batch_size < m and batch_size * X.shape[1] <= FLOAT_UPDATES:
                sizes = [min(batch_size, m - first) for first in range(0, m, batch_size)]
                rates = [
                    alpha / size if schedule is None else alpha * _schedule_factor(schedule, t + k) / size
                    for k, size in enumerate(sizes)
                ]
                path = _updates_in_floats(
                    thetas[t].tolist(), X_shuffled.tolist(), y_shuffled.tolist(), sizes, rates
                )
                thetas[t + 1 : t + 1 + len(path)] = path
                t += len(path)  # theta itself is read from thetas[t] at the next epoch
            else:
                for first in range(0, m, batch_size):
                    Xb, yb = X_shuffled[first : first + batch_size], y_shuffled[first : first + batch_size]
                    rate = (
                        alpha / len(yb)
                        if schedule is None
                        else alpha * _schedule_factor(schedule, t) / len(yb)
                    )
                    theta = theta - rate * (Xb.T @ (Xb @ theta - yb))
                    t += 1
                    thetas[t] = theta
            if t - checked < CHECK_EVERY and epoch < epochs - 1:
                continue
            bad = history.first_blow_up(checked + 1, cost_of(thetas[checked + 1 : t + 1]))
            if bad is not None:
                t, blew_up = bad, True
                break
            checked = t
    message = ""
    if blew_up:
        message = (
            f"mini-batch descent diverges: at update {t} (epoch {(t - 1) // per_epoch + 1}) the cost blew "
            f"up, so descent was stopped. alpha = {alpha:g} is too large for batches of {batch_size} "
            f"(the full-batch stability limit is {bowl(X).stability_limit:.4g}); choose a smaller alpha."
        )
    return history.result(t, "blow-up" if blew_up else "iterations", message)


#: Updates between two checks for a blow-up in :func:`minibatch_descent` (at least: checks fall between
#: epochs). A check costs about as much as a full-batch update, so checking every one-update epoch of
#: a full batch would cost half its time; a blow-up grows by a fixed factor per update and is cut at
#: its first row anyway.
CHECK_EVERY = 64


#: The most numbers in a batch (examples × parameters) that :func:`minibatch_descent` updates in Python
#: floats rather than in NumPy: below about 8, NumPy's cost per call (an update makes six) is most of an
#: update's time. 1000 single-example updates of two parameters, notebook 09's explorer at every slider
#: move: the whole run took 2.9 ms and takes 1.0 ms in floats (in Pyodide, the JupyterLite site's
#: kernel, the NumPy loop alone took 5.0 ms; the whole run now takes 2.0 ms).
FLOAT_UPDATES = 8


def _updates_in_floats(
    theta: list[float], rows: list[list[float]], targets: list[float], sizes: list[int], rates: list[float]
) -> list[list[float]]:
    r"""One epoch of updates in Python floats: theta after each batch, for a few numbers per batch.

    The NumPy update :math:`\theta - r\,X_b^\top(X_b\theta - y_b)`, in the order NumPy's own loops
    (without BLAS, as in Pyodide) take it: each fitted value summed term by term from the first
    parameter, then the residual, each gradient entry summed over the batch's examples in turn,
    then the step. NumPy with a BLAS (OpenBLAS, which may fuse a multiply and an add and sum in
    another order) can differ from it in the last bits, as two BLAS kernels differ from each other.
    """
    path = []
    first, parameters = 0, range(len(theta))
    # indices, not zip: zip's iterator per example took 3x as long
    for size, rate in zip(sizes, rates, strict=True):
        gradient = [0.0] * len(theta)
        for i in range(first, first + size):
            x = rows[i]
            fitted = 0.0
            for j in parameters:
                fitted += x[j] * theta[j]
            residual = fitted - targets[i]
            for j in parameters:
                gradient[j] += x[j] * residual
        theta = [theta[j] - rate * gradient[j] for j in parameters]
        path.append(theta)
        first += size
    return path


def _sorted_within_batches(order: np.ndarray, batch_size: int) -> np.ndarray:
    """``order`` with each run of ``batch_size`` entries (the last may be shorter) in increasing order.

    One sort per epoch instead of one per batch: the same batches, a thousand fewer calls per epoch
    of single examples.
    """
    whole = len(order) - len(order) % batch_size
    order[:whole].reshape(-1, batch_size).sort(axis=1)
    order[whole:].sort()
    return order


def minibatch_gaps(
    theta: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    epochs: int,
    batch_size: int,
    seeds: int = 20,
) -> np.ndarray:
    r""":math:`J - J^*` after every update of ``seeds`` seeded runs of :func:`minibatch_descent`.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point of every run.
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    alpha : float
        The learning rate, a positive finite number (constant: no schedule).
    epochs : int
        How many epochs each run makes, 1 or more.
    batch_size : int
        Examples per update b, 1 to m.
    seeds : int
        How many runs, 1 or more: run s shuffles with seed s, for s = 0, 1, ..., ``seeds`` − 1.

    Returns
    -------
    gaps : ndarray, shape (seeds, epochs·⌈m/b⌉ + 1)
        Row s, column t: the full-data :math:`J - J^*` of run s after t updates (column 0 is the
        start), computed as :math:`\tfrac12 e^\top H e` with :math:`e = \theta - \theta^*` (exact for
        least squares, and no digits lost to cancellation near :math:`J^*`). A run that blows up has
        ``inf`` from that update on; its :class:`~gdcore.DivergenceWarning` is not shown.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    The median of a column over the runs is what :func:`tune_minibatch_alpha` compares. Introduced in
    notebook 09.

    Examples
    --------
    >>> X = [[1.0, 1.0], [1.0, -1.0]]  # H = I, θ* = (1, 1): one full-batch update at α = 1 is exact
    >>> minibatch_gaps([0.0, 0.0], X, [2.0, 0.0], 1.0, 2, 2, seeds=1).round(12)
    array([[1., 0., 0.]])
    """
    theta_, X_, y_ = check_problem(theta, X, y)
    alpha_ = check_alpha(alpha)
    epochs_ = check_count(epochs, "epochs", 1)
    m = len(y_)
    b = check_batch_size(batch_size, m)
    seeds_ = check_count(seeds, "seeds", 1)
    best = least_squares(X_, y_)
    H = X_.T @ X_ / m
    updates = epochs_ * -(-m // b)
    gaps = np.full((seeds_, updates + 1), np.inf)
    for s in range(seeds_):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DivergenceWarning)
            run = minibatch_descent(theta_, X_, y_, alpha_, epochs_, b, seed=s)
        errors = run.theta_history - best
        with np.errstate(over="ignore", invalid="ignore"):
            row = 0.5 * np.einsum("ij,jk,ik->i", errors, H, errors)
        row[~np.isfinite(row)] = np.inf
        gaps[s, : len(row)] = row
    return gaps


@dataclass(frozen=True)
class TunedAlpha:
    """What :func:`tune_minibatch_alpha` found: the chosen learning rate and the whole grid's scores.

    Attributes
    ----------
    alpha : float
        The chosen learning rate: the smallest of the grid with the least median.
    gap : float
        Its median :math:`J - J^*` after the budget.
    alphas : ndarray
        The grid that was tried, increasing.
    medians : ndarray
        The median :math:`J - J^*` after the budget for each entry of ``alphas`` (``inf`` when more
        than half of its runs blew up).
    at_edge : bool
        True when the chosen alpha is the grid's first or last entry: the best may lie outside it,
        so widen the grid.
    """

    alpha: float
    gap: float
    alphas: np.ndarray
    medians: np.ndarray
    at_edge: bool


def tune_minibatch_alpha(
    theta: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    batch_size: int,
    epochs: int,
    alphas: ArrayLike,
    seeds: int = 20,
) -> TunedAlpha:
    r"""The learning rate of a grid that leaves mini-batch descent closest to :math:`J^*` after a budget.

    The rule: for each α of ``alphas``, run :func:`minibatch_descent` with batches of ``batch_size``
    from ``theta`` for ``epochs`` epochs, once per seed 0, 1, ..., ``seeds`` − 1 (the shuffles
    differ, nothing else does); score α by the median over the runs of the last iterate's
    :math:`J - J^*` (a run that blew up scores ``inf``); choose the α with the least score, the
    smallest such α on a tie.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point of every run.
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    batch_size : int
        Examples per update b, 1 to m.
    epochs : int
        The budget: how many epochs each run makes, 1 or more.
    alphas : array_like, shape (k,)
        The grid of learning rates to try: positive, finite, increasing (a log grid such as
        ``10 ** (np.arange(-30, 3) / 10)`` suits, since good rates differ by factors).
    seeds : int
        How many seeded runs each α gets, 1 or more.

    Returns
    -------
    TunedAlpha
        The chosen α, its median, the grid and every median, and whether the choice is at the edge
        of the grid.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (``alphas`` not positive, finite and increasing,
        among others); the message names the argument.

    Notes
    -----
    With :math:`g_s(\alpha)` the :math:`J - J^*` of run s after the budget,

    .. math:: \hat\alpha = \min\operatorname*{arg\,min}_{\alpha \in \text{grid}}
              \operatorname{median}_s g_s(\alpha).

    The median, not the mean, because one unlucky shuffle can put a single run's last iterate far
    up (notebook 09's schedules): the median says what a typical run gives. Tuning each batch size
    so before comparing them is what makes the comparison fair: at one shared α some batch size is
    always handicapped. Introduced in notebook 09.

    Examples
    --------
    >>> X = [[1.0, 1.0], [1.0, -1.0]]  # H = I: the full batch at α = 1 is exact after one update
    >>> tuned = tune_minibatch_alpha([0.0, 0.0], X, [2.0, 0.0], 2, 1, [0.5, 1.0, 1.5], seeds=1)
    >>> float(tuned.alpha), tuned.medians.round(12).tolist()  # (1 − α)² times J − J* = 1 at the start
    (1.0, [0.25, 0.0, 0.25])
    """
    theta_, X_, y_ = check_problem(theta, X, y)
    b = check_batch_size(batch_size, len(y_))
    epochs_ = check_count(epochs, "epochs", 1)
    seeds_ = check_count(seeds, "seeds", 1)
    grid = as_float_array(alphas, "alphas", 1)
    if np.any(grid <= 0):
        raise ValueError(f"alphas must be positive learning rates; got {grid.min()!r} among them")
    if np.any(np.diff(grid) <= 0):
        raise ValueError("alphas must be increasing (each entry above the one before it)")
    medians = np.array(
        [np.median(minibatch_gaps(theta_, X_, y_, a, epochs_, b, seeds_)[:, -1]) for a in grid]
    )
    best = int(np.argmin(medians))  # the first, so the smallest alpha, on a tie
    return TunedAlpha(
        alpha=float(grid[best]),
        gap=float(medians[best]),
        alphas=grid,
        medians=medians,
        at_edge=best in (0, len(grid) - 1),
    )


def momentum_limit(X: ArrayLike, beta: float, nesterov: bool = False) -> float:
    r"""The largest learning rate for which momentum descent on :func:`~gdcore.half_mse` converges.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.
    beta : float
        The momentum, in [0, 1).
    nesterov : bool
        False: the heavy ball; True: Nesterov's accelerated gradient.

    Returns
    -------
    alpha_max : float

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    Along an eigenvector with curvature :math:`\lambda` the heavy ball's error obeys
    :math:`e_{k+1} = (1 + \beta - \alpha\lambda)e_k - \beta e_{k-1}`; both roots of
    :math:`z^2 - (1 + \beta - \alpha\lambda)z + \beta` lie inside the unit circle exactly when
    :math:`0 < \alpha\lambda < 2(1 + \beta)` (for :math:`0 \le \beta < 1`). Nesterov's look-ahead gives
    :math:`z^2 - (1 - \alpha\lambda)(1 + \beta)z + (1 - \alpha\lambda)\beta`, stable for
    :math:`0 < \alpha\lambda < 2(1 + \beta)/(1 + 2\beta)`. So

    .. math:: \alpha_{\max} = \frac{2(1 + \beta)}{\lambda_{\max}} \ \text{(heavy ball)}, \qquad
              \frac{2(1 + \beta)}{(1 + 2\beta)\lambda_{\max}} \ \text{(Nesterov)}

    and :math:`\beta = 0` gives plain descent's :math:`2/\lambda_{\max}`. Introduced in notebook 10.

    Examples
    --------
    >>> round(momentum_limit([[1.0], [2.0], [3.0]], 0.5), 6)  # 2·1.5/(14/3)
    0.642857
    """
    beta = check_beta(beta)
    nesterov = check_flag(nesterov, "nesterov")
    limit = bowl(X).stability_limit
    return limit * (1 + beta) / ((1 + 2 * beta) if nesterov else 1.0)


def momentum_roots(curvatures: ArrayLike, alpha: float, beta: float, nesterov: bool = False) -> np.ndarray:
    r"""The two roots of momentum's characteristic polynomial along each eigen-direction, shape (n, 2).

    Along an eigenvector with curvature :math:`\lambda` the error obeys a two-term recursion whose
    characteristic polynomial is :math:`z^2 - (1 + \beta - \alpha\lambda)z + \beta` (heavy ball) or
    :math:`z^2 - (1 - \alpha\lambda)(1 + \beta)z + (1 - \alpha\lambda)\beta` (Nesterov); see
    :func:`~gdcore.momentum_limit`. The rate,
    what the error's size is multiplied by per step in the long run, is the largest :math:`|z|`.
    Complex roots (conjugate pairs) are returned as complex numbers. Introduced in notebook 10.

    Parameters
    ----------
    curvatures : array_like, shape (n,)
        The curvatures :math:`\lambda_i` of the bowl, e.g. ``bowl(X).curvatures``.
    alpha : float
        The learning rate, a positive finite number.
    beta : float
        The momentum, in [0, 1).
    nesterov : bool
        False: the heavy ball; True: Nesterov's accelerated gradient.

    Returns
    -------
    z : ndarray, shape (n, 2), complex
        Row i holds the two roots for ``curvatures[i]``.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Examples
    --------
    >>> np.abs(momentum_roots([1.0], alpha=0.25, beta=0.25)).round(6)  # z² − z + 1/4 = (z − 1/2)²
    array([[0.5, 0.5]])
    """
    lam = as_float_array(curvatures, "curvatures", 1)
    alpha, beta = check_alpha(alpha), check_beta(beta)
    nesterov = check_flag(nesterov, "nesterov")
    if nesterov:
        b, c = (1 - alpha * lam) * (1 + beta), (1 - alpha * lam) * beta
    else:
        b, c = 1 + beta - alpha * lam, np.full_like(lam, beta)
    root = np.sqrt((b**2 - 4 * c).astype(complex))
    return np.column_stack([(b + root) / 2, (b - root) / 2])


def momentum_tuning(curvatures: ArrayLike, nesterov: bool = False) -> tuple[float, float, float]:
    r"""The best constant :math:`(\alpha, \beta)` of momentum on a quadratic, and the rate they give.

    Parameters
    ----------
    curvatures : array_like, shape (n,)
        The curvatures :math:`\lambda_i` of the bowl, e.g. ``bowl(X).curvatures``; only the least,
        :math:`\lambda_{\min} > 0`, and the largest, :math:`\lambda_{\max}`, matter.
    nesterov : bool
        False: the heavy ball; True: Nesterov's accelerated gradient.

    Returns
    -------
    alpha, beta, rate : float
        The tuning and its rate, the largest :math:`|z|` of :func:`momentum_roots` over
        :math:`\lambda_{\min}` and :math:`\lambda_{\max}` (and every curvature between).

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind; ValueError for a
        wrong value or shape, such as a curvature of 0 or less); the message names the argument.

    Notes
    -----
    With :math:`\kappa = \lambda_{\max}/\lambda_{\min}`, the heavy ball's (Polyak, 1964), a double
    root :math:`+\rho` along :math:`\lambda_{\min}` and :math:`-\rho` along :math:`\lambda_{\max}`:

    .. math:: \alpha = \frac{4}{(\sqrt{\lambda_{\max}} + \sqrt{\lambda_{\min}})^2}, \qquad
              \beta = \Big(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\Big)^2, \qquad
              \rho = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}.

    Nesterov's (Lessard, Recht and Packard, 2016, SIAM J. Optim. 26(1)): a double root
    :math:`\rho` along :math:`\lambda_{\min}` and the root :math:`-\rho` along :math:`\lambda_{\max}`:

    .. math:: \alpha = \frac{4}{3\lambda_{\max} + \lambda_{\min}}, \qquad
              \beta = \frac{\sqrt{3\kappa + 1} - 2}{\sqrt{3\kappa + 1} + 2}, \qquad
              \rho = 1 - \frac{2}{\sqrt{3\kappa + 1}}.

    Not Nesterov's general tuning :math:`\alpha = 1/\lambda_{\max}`,
    :math:`\beta = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`, rate :math:`1 - 1/\sqrt\kappa` on a
    quadratic, which comes with a guarantee on every smooth, strongly convex function but is slower
    here. Introduced in notebook 10.

    Examples
    --------
    >>> momentum_tuning([1.0, 4.0])  # κ = 4: 4/9, (1/3)², 1/3
    (0.4444444444444444, 0.1111111111111111, 0.3333333333333333)
    >>> momentum_tuning([1.0, 5.0], nesterov=True)  # κ = 5, √16 = 4: 4/16, 2/6, 1 − 2/4
    (0.25, 0.3333333333333333, 0.5)
    """
    lam = as_float_array(curvatures, "curvatures", 1)
    nesterov = check_flag(nesterov, "nesterov")
    low, top = float(lam.min()), float(lam.max())
    if low <= 0:
        raise ValueError(f"curvatures must all be positive (a bowl with a bottom); got a least of {low!r}")
    kappa = top / low
    if nesterov:
        root = math.sqrt(3 * kappa + 1)
        return 4 / (3 * top + low), (root - 2) / (root + 2), 1 - 2 / root
    root = math.sqrt(kappa)
    rate = (root - 1) / (root + 1)
    return 4 / (math.sqrt(top) + math.sqrt(low)) ** 2, rate**2, rate


@theta_first
def momentum_descent(
    theta: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    beta: float,
    num_iters: int,
    *,
    nesterov: bool = False,
) -> DescentResult:
    r"""Gradient descent with momentum: the heavy ball, or Nesterov's accelerated gradient.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point (not modified); descent starts at rest, :math:`\theta_{-1} = \theta_0`.
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    alpha : float
        The learning rate, a positive finite number.
    beta : float
        The momentum, in [0, 1): how much of the last step is carried into the next. 0 is plain
        gradient descent.
    num_iters : int
        How many updates to make, zero or more.
    nesterov : bool
        False: the heavy ball (gradient where we are). True: Nesterov (gradient where the momentum
        is about to carry us).

    Returns
    -------
    DescentResult
        Histories of theta and of the cost :func:`~gdcore.half_mse`, row 0 the start, as for
        :func:`~gdcore.gradient_descent`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Warns
    -----
    DivergenceWarning
        Once, in words, at once, when alpha is at or above :func:`momentum_limit`; if the cost then
        blows up, descent stops there.

    Notes
    -----
    .. math:: \text{heavy ball:}\quad \theta^{(k+1)} = \theta^{(k)} - \alpha\nabla J(\theta^{(k)})
              + \beta(\theta^{(k)} - \theta^{(k-1)})

    .. math:: \text{Nesterov:}\quad \theta^{(k+1)} = \theta^{(k)} + \beta(\theta^{(k)} - \theta^{(k-1)})
              - \alpha\nabla J\big(\theta^{(k)} + \beta(\theta^{(k)} - \theta^{(k-1)})\big)

    With :math:`\beta = 0` both are :func:`~gdcore.gradient_descent`, update for update. Introduced
    in notebook 10.

    Examples
    --------
    >>> run = momentum_descent([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0], 0.01, 0.5, 2)
    >>> run.theta_history.ravel().round(6)  # 0.14, then 0.273467 + 0.5·0.14
    array([0.      , 0.14    , 0.343467])
    """
    theta, X, y = check_problem(theta, X, y)
    alpha = check_alpha(alpha)
    beta = check_beta(beta)
    num_iters = check_count(num_iters, "num_iters")
    nesterov = check_flag(nesterov, "nesterov")
    m = len(y)
    limit = momentum_limit(X, beta, nesterov)
    residual = X @ theta - y
    history = History(theta, float(residual @ residual) / (2 * m), num_iters)
    record = history.record
    velocity = np.zeros_like(theta)  # θ_k − θ_{k−1}
    new: np.ndarray  # θ_{k+1}
    done = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, num_iters + 1):
            if nesterov:
                ahead = theta + beta * velocity
                step = (alpha / m) * (X.T @ (X @ ahead - y))
                new = ahead - step
            else:
                new = (theta - (alpha / m) * (X.T @ residual)) + beta * velocity
            velocity, theta = new - theta, new
            residual = X @ theta - y
            done = k
            if record(k, theta, float(residual @ residual) / (2 * m)):
                break
    message = ""
    if alpha >= limit:
        kind = "Nesterov's momentum" if nesterov else "the heavy ball"
        costs = history.costs
        if done < num_iters:
            fate = history.cost_went(done, num_iters)
        else:
            fate = f" The cost went from {costs[0]:.4g} to {costs[done]:.4g}."
        message = (
            f"momentum descent diverges: alpha = {alpha:g} is at or above the stability limit "
            f"{limit:.4g} of {kind} with beta = {beta:g}.{fate if done else ''} "
            f"Choose alpha below {limit:.4g}."
        )
    return history.result(done, "blow-up" if done < num_iters else "iterations", message)


def _noise_at_minimum(X: ArrayLike, y: ArrayLike, alpha: float) -> tuple[float, int, float]:
    """Checked alpha, m and tr(Σ) for the noise floors, whose formulas assume H = I."""
    X_, y_ = check_data(X, y)
    alpha_ = check_alpha(alpha)
    m, n = X_.shape
    H = X_.T @ X_ / m
    if not np.allclose(H, np.eye(n), rtol=0, atol=1e-8):
        raise ValueError(
            "X must have the Hessian XᵀX/m = I (standardised features, as in notebook 09): the noise "
            f"floor's formula assumes it; got entries of H - I up to {np.abs(H - np.eye(n)).max():.3g}"
        )
    if alpha_ >= 2:
        raise ValueError(f"alpha must be below 2, the stability limit of H = I; got {alpha_!r}")
    r_star = X_ @ least_squares(X_, y_) - y_  # the residuals at the minimum
    weighted = X_ * r_star[:, None]  # row i: one example's gradient at θ*, r_i* x_i
    return alpha_, m, float(np.trace(weighted.T @ weighted / m))


def noise_floor_independent(X: ArrayLike, y: ArrayLike, alpha: float, batch_size: int) -> float:
    r"""Where :math:`E[J] - J^*` settles with a constant ``alpha`` and batches drawn independently.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, with :math:`H = X^\top X/m = I` (standardised features).
    y : array_like, shape (m,)
        The targets, one per example.
    alpha : float
        The learning rate, between 0 and 2 (the stability limit of :math:`H = I`).
    batch_size : int
        The examples per batch b, drawn with replacement, from 1 to m.

    Returns
    -------
    floor : float
        :math:`\alpha\operatorname{tr}(\Sigma)/(2b(2 - \alpha))`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape, or an X whose H is not I); the message names the
        argument.

    Notes
    -----
    Near :math:`\theta^*` the error :math:`e = \theta - \theta^*` follows
    :math:`e_{t+1} = (1 - \alpha)e_t - \alpha\xi_t`, where the batch's noise :math:`\xi_t` has mean 0 and
    :math:`E\lVert\xi_t\rVert^2 = \operatorname{tr}(\Sigma)/b`, with
    :math:`\Sigma = \frac1m\sum_i r_i^{*2} x_i x_i^\top` and :math:`r_i^* = h_{\theta^*}(x_i) - y_i`.
    The stationary :math:`v = E\lVert e\rVert^2` solves :math:`v = (1 - \alpha)^2 v + \alpha^2
    \operatorname{tr}(\Sigma)/b`, and :math:`J - J^* = \frac12\lVert e\rVert^2`, so

    .. math:: E[J] - J^* = \frac{\alpha\,\operatorname{tr}(\Sigma)}{2b\,(2 - \alpha)}
              \approx \frac{\alpha}{4}\,\frac{\operatorname{tr}(\Sigma)}{b}.

    :func:`minibatch_descent` shuffles its epochs instead, and sits lower:
    :func:`noise_floor_shuffled`. Notebook 09 teaches it.

    Examples
    --------
    >>> from gdcore import design_matrix
    >>> X = design_matrix([1.0, 1.0, -1.0, -1.0])  # H = I; θ* = (1.5, 0.5), r* = ±1, tr(Σ) = 2
    >>> round(noise_floor_independent(X, [1.0, 3.0, 0.0, 2.0], 0.5, 1), 6)  # 0.5·2/(2·1·1.5) = 1/3
    0.333333
    """
    alpha, m, tr_sigma = _noise_at_minimum(X, y, alpha)
    b = check_batch_size(batch_size, m)
    return alpha * tr_sigma / (2 * b * (2 - alpha))


def noise_floor_shuffled(X: ArrayLike, y: ArrayLike, alpha: float, batch_size: int) -> float:
    r"""Where :math:`E[J] - J^*` settles with a constant ``alpha`` and shuffled epochs, as in
    :func:`minibatch_descent`.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, with :math:`H = X^\top X/m = I` (standardised features).
    y : array_like, shape (m,)
        The targets, one per example.
    alpha : float
        The learning rate, between 0 and 2 (the stability limit of :math:`H = I`).
    batch_size : int
        The examples per batch b, a divisor of m (so that every batch has b examples).

    Returns
    -------
    floor : float
        The average of :math:`\frac12 E\lVert e\rVert^2` over the K = m/b positions of an epoch; 0 for
        b = m.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape, an X whose H is not I, or a batch size that does
        not divide m); the message names the argument.

    Notes
    -----
    An epoch uses every example once, so its K noises add up to zero. A batch drawn without
    replacement has :math:`E\lVert\xi\rVert^2 = \nu = \frac{\operatorname{tr}(\Sigma)}{b}\frac{m-b}{m-1}`,
    and two batches of one epoch :math:`E[\xi_j^\top\xi_k] = -\nu/(K-1)`, so with :math:`q = 1 - \alpha`

    .. math:: s(\omega) = E\Big\lVert\sum_k \omega_k\xi_k\Big\rVert^2
              = \nu\,\frac{K\sum_k\omega_k^2 - \big(\sum_k\omega_k\big)^2}{K-1}, \qquad
              v_0 = \frac{\alpha^2 s(1, q, \dots, q^{K-1})}{1 - q^{2K}},

    :math:`v_k = q^{2k}v_0 + \alpha^2 s(1, q, \dots, q^{k-1})` at position k of an epoch, and
    :math:`E[J] - J^* = \frac1K\sum_{k<K} \frac12 v_k`. Below :func:`noise_floor_independent`, the
    more so the smaller :math:`\alpha K`. Notebook 09 teaches it.

    Examples
    --------
    >>> from gdcore import design_matrix
    >>> X = design_matrix([1.0, 1.0, -1.0, -1.0])  # H = I; r* = ±1, tr(Σ) = 2
    >>> round(noise_floor_shuffled(X, [1.0, 3.0, 0.0, 2.0], 0.5, 2), 6)  # v0 = 2/45, v1 = 8/45: 1/18
    0.055556
    """
    alpha, m, tr_sigma = _noise_at_minimum(X, y, alpha)
    b = check_batch_size(batch_size, m)
    if m % b:
        raise ValueError(f"batch_size must divide m = {m} (so that every batch has b examples); got {b}")
    K, q = m // b, 1 - alpha
    if K == 1:
        return 0.0  # one batch of all m: its noise is the full gradient at θ*, zero
    nu = tr_sigma / b * (m - b) / (m - 1)  # E||xi||^2 of one batch drawn without replacement

    def spread(w: np.ndarray) -> float:  # s(w) = E||sum_k w_k xi_k||^2 within one epoch
        return float(nu * (K * np.sum(w**2) - np.sum(w) ** 2) / (K - 1)) if len(w) else 0.0

    v0 = alpha**2 * spread(q ** np.arange(K)) / (1 - q ** (2 * K))  # at the start of an epoch
    inside = [q ** (2 * k) * v0 + alpha**2 * spread(q ** np.arange(k)) for k in range(K)]
    return float(0.5 * np.mean(inside))


def newton_step(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""Newton's step on :func:`~gdcore.half_mse`: :math:`\theta - H^{-1}\nabla J(\theta)`.

    Parameters
    ----------
    theta : array_like, shape (n,)
        Where the step starts (not modified).
    X : array_like, shape (m, n)
        The design matrix; its Hessian :math:`H = X^\top X/m` must be invertible (columns independent).
    y : array_like, shape (m,)

    Returns
    -------
    theta_next : ndarray, shape (n,)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says, or H is singular; the message names the argument.

    Notes
    -----
    The cost is exactly quadratic, :math:`J(\theta) = J^* + \tfrac12 e^\top H e` with
    :math:`e = \theta - \theta^*`, so :math:`\nabla J = He` and

    .. math:: \theta - H^{-1}\nabla J(\theta) = \theta - H^{-1}H e = \theta^*

    from any :math:`\theta`: one step lands on the least-squares answer. It solves the normal
    equations (notebook 08's closed form) at about the closed form's cost. Introduced in notebook 12.

    Examples
    --------
    >>> newton_step([5.0, -7.0], [[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]], [1.0, 2.0, 3.0]).round(12)
    array([0., 1.])
    """
    theta_, X_, y_ = check_problem(theta, X, y)
    m = len(y_)
    H = X_.T @ X_ / m
    if np.linalg.matrix_rank(H) < len(theta_):
        raise ValueError(
            "X must have independent columns: its Hessian XᵀX/m is singular, so H⁻¹ does not exist"
        )
    return theta_ - np.linalg.solve(H, X_.T @ (X_ @ theta_ - y_) / m)


def _check_preconditioner(preconditioner: ArrayLike, n: int) -> np.ndarray:
    """P: an n×n symmetric positive definite matrix."""
    P = as_float_array(preconditioner, "preconditioner", 2)
    if P.shape != (n, n):
        raise ValueError(f"preconditioner must be a {n}×{n} matrix (one row per parameter); got {P.shape}")
    if not np.allclose(P, P.T, rtol=1e-12, atol=0):
        raise ValueError("preconditioner must be symmetric")
    if np.linalg.eigvalsh(P).min() <= 0:
        raise ValueError("preconditioner must be positive definite (every eigenvalue above 0)")
    return P


def preconditioned_curvatures(X: ArrayLike, preconditioner: ArrayLike) -> np.ndarray:
    r"""The curvatures that preconditioned descent sees: the eigenvalues of :math:`PH`, increasing.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix.
    preconditioner : array_like, shape (n, n)
        P, symmetric positive definite, e.g. :math:`D^{-1}` with :math:`D = \operatorname{diag}(H)`.

    Returns
    -------
    curvatures : ndarray, shape (n,)
        The eigenvalues of :math:`PH`, smallest first. Their ratio is preconditioned descent's
        :math:`\kappa`, and :math:`2/\lambda_{\max}(PH)` its stability limit.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    :math:`PH` is similar to the symmetric :math:`P^{1/2}HP^{1/2}`, so its eigenvalues are real and
    positive. In the coordinates :math:`u = P^{-1/2}\theta`, descent with P is plain descent on a bowl
    with Hessian :math:`P^{1/2}HP^{1/2}`. :math:`P = H^{-1}` gives every curvature 1 (Newton);
    :math:`P = I` gives plain descent. Introduced in notebook 12.

    Examples
    --------
    >>> X = [[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]  # H = [[1, 2], [2, 14/3]]
    >>> preconditioned_curvatures(X, [[1.0, 0.0], [0.0, 1.0]]).round(4)  # H's own: (17 ∓ √265)/6
    array([0.1202, 5.5465])
    """
    X_ = check_design(X)
    P = _check_preconditioner(preconditioner, X_.shape[1])
    H = X_.T @ X_ / len(X_)
    values, vectors = np.linalg.eigh(P)
    root = (vectors * np.sqrt(values)) @ vectors.T  # P^{1/2}
    return np.linalg.eigvalsh(root @ H @ root)


@theta_first
def preconditioned_descent(
    theta: ArrayLike, X: ArrayLike, y: ArrayLike, alpha: float, num_iters: int, preconditioner: ArrayLike
) -> DescentResult:
    r"""Preconditioned descent: :math:`\theta^{(k+1)} = \theta^{(k)} - \alpha P\nabla J(\theta^{(k)})`.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point (not modified).
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    alpha : float
        The learning rate, a positive finite number.
    num_iters : int
        How many updates to make, zero or more.
    preconditioner : array_like, shape (n, n)
        P, symmetric positive definite: the identity is plain descent, :math:`H^{-1}` with
        :math:`\alpha = 1` Newton's step, :math:`D^{-1}` with :math:`D = \operatorname{diag}(H)`
        Jacobi's preconditioner.

    Returns
    -------
    DescentResult
        Histories of theta and the cost :func:`~gdcore.half_mse`, row 0 the start, as for
        :func:`~gdcore.gradient_descent`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Warns
    -----
    DivergenceWarning
        Once, in words, when alpha is at or above the limit :math:`2/\lambda_{\max}(PH)`; if the cost
        then blows up, descent stops there.

    Notes
    -----
    The error obeys :math:`e_{k+1} = (I - \alpha PH)e_k`, so the curvatures that matter are those of
    :math:`PH` (:func:`preconditioned_curvatures`): the rate at the best
    :math:`\alpha = 2/(\lambda_{\min} + \lambda_{\max})` of :math:`PH` is
    :math:`(\kappa_P - 1)/(\kappa_P + 1)`.
    With P the identity it makes the same updates as :func:`~gdcore.gradient_descent`. Introduced in
    notebook 12.

    Examples
    --------
    >>> X, y = [[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]], [1.0, 2.0, 3.0]
    >>> H_inv = np.linalg.inv(np.array(X).T @ np.array(X) / 3)
    >>> preconditioned_descent([5.0, -7.0], X, y, 1.0, 1, H_inv).theta.round(12)  # Newton: θ* at once
    array([0., 1.])
    """
    theta, X, y = check_problem(theta, X, y)
    alpha = check_alpha(alpha)
    num_iters = check_count(num_iters, "num_iters")
    P = _check_preconditioner(preconditioner, len(theta))
    m = len(y)
    limit = 2 / float(preconditioned_curvatures(X, P)[-1])
    scaled = (alpha / m) * P
    residual = X @ theta - y
    history = History(theta, float(residual @ residual) / (2 * m), num_iters)
    record = history.record
    done = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, num_iters + 1):
            theta = theta - scaled @ (X.T @ residual)
            residual = X @ theta - y
            done = k
            if record(k, theta, float(residual @ residual) / (2 * m)):
                break
    message = ""
    if alpha >= limit:
        fate = history.cost_went(done, num_iters) if done < num_iters else ""
        message = (
            f"preconditioned descent diverges: alpha = {alpha:g} is at or above its stability limit "
            f"2/λ_max(PH) = {limit:.4g}.{fate} Choose alpha below {limit:.4g}."
        )
    return history.result(done, "blow-up" if done < num_iters else "iterations", message)


#: The per-coordinate adaptive methods of :func:`adaptive_descent`, in the order notebook 12 teaches them.
ADAPTIVE_METHODS = ("adagrad", "rmsprop", "adam")


@theta_first
def adaptive_descent(
    theta: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    num_iters: int,
    *,
    method: str = "adam",
    beta1: float = 0.9,
    beta2: float = 0.999,
    delta: float = 1e-8,
    bias_correction: bool = True,
    schedule: Callable[[int], float] | None = None,
) -> DescentResult:
    r"""Full-batch descent with a learning rate per coordinate: AdaGrad, RMSProp or Adam.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point (not modified).
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    alpha : float
        The learning rate, a positive finite number: with these methods, roughly the size of a step
        in each coordinate, in that coordinate's units.
    num_iters : int
        How many updates to make, zero or more.
    method : {"adagrad", "rmsprop", "adam"}
        The update (Notes).
    beta1 : float
        Adam's decay of the average gradient, in [0, 1) (ignored by the others).
    beta2 : float
        The decay of the average squared gradient, in [0, 1), for RMSProp and Adam (AdaGrad sums).
    delta : float
        The small constant added to the root in the denominator (``eps`` in PyTorch and Keras),
        zero or more; 0 is allowed but then a zero gradient coordinate gives 0/0.
    bias_correction : bool
        Adam only: divide the averages by :math:`1 - \beta_1^k` and :math:`1 - \beta_2^k`.
    schedule : callable, optional
        ``schedule(k)`` for k = 0, 1, 2, ... returns the factor (finite, zero or more) that
        multiplies alpha at update k + 1, e.g. ``lambda k: 1 / (1 + k / 100)``. None keeps it constant.

    Returns
    -------
    DescentResult
        Histories of theta and of the cost :func:`~gdcore.half_mse`, row 0 the start, as for
        :func:`~gdcore.gradient_descent`. ``diverged`` is True when the cost blew up.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Warns
    -----
    DivergenceWarning
        Once, in words, if the cost blows up (no longer finite, or above ``DIVERGENCE_FACTOR`` times
        its start); the histories end there.

    Notes
    -----
    With :math:`g_k = \nabla J(\theta^{(k)})`, squares and roots taken per coordinate, :math:`s_k` the
    schedule's factor, and :math:`\overline{g^2}_0 = \bar g_0 = 0`:

    .. math:: \text{AdaGrad:}\quad
              \theta^{(k+1)} = \theta^{(k)}
              - \frac{\alpha s_k\, g_k}{\sqrt{g_0^2 + g_1^2 + \dots + g_k^2} + \delta}

    .. math:: \text{RMSProp:}\quad \overline{g^2}_{k+1} = \beta_2 \overline{g^2}_k + (1 - \beta_2)g_k^2,
              \qquad \theta^{(k+1)} = \theta^{(k)}
              - \frac{\alpha s_k\, g_k}{\sqrt{\overline{g^2}_{k+1}} + \delta}

    .. math:: \text{Adam:}\quad \bar g_{k+1} = \beta_1\bar g_k + (1 - \beta_1)g_k, \quad
              \theta^{(k+1)} = \theta^{(k)} - \alpha s_k \frac{\bar g_{k+1}/(1 - \beta_1^{k+1})}
              {\sqrt{\overline{g^2}_{k+1}/(1 - \beta_2^{k+1})} + \delta}

    with :math:`\overline{g^2}` as in RMSProp. Adam's first step with bias correction and
    :math:`\delta = 0` is :math:`-\alpha\operatorname{sign}(g_0)` in every coordinate. Introduced in
    notebook 12.

    Examples
    --------
    >>> run = adaptive_descent([0.0, 0.0], [[1.0, 1.0], [1.0, 2.0]], [3.0, 5.0], 0.5, 1, delta=0.0)
    >>> run.theta_history[1]  # the gradient is negative in both coordinates: one step of 0.5 each
    array([0.5, 0.5])
    """
    theta, X, y = check_problem(theta, X, y)
    alpha = check_alpha(alpha)
    num_iters = check_count(num_iters, "num_iters")
    if method not in ADAPTIVE_METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, ADAPTIVE_METHODS))}; got {method!r}")
    beta1, beta2 = check_decay(beta1, "beta1"), check_decay(beta2, "beta2")
    if isinstance(delta, bool) or not isinstance(delta, (int, float, np.integer, np.floating)):
        raise TypeError(f"delta must be a finite number zero or more; got {delta!r}")
    delta = float(delta)
    if not (math.isfinite(delta) and delta >= 0):
        raise ValueError(f"delta must be a finite number zero or more; got {delta!r}")
    bias_correction = check_flag(bias_correction, "bias_correction")
    schedule = check_schedule(schedule)
    m = len(y)
    residual = X @ theta - y
    history = History(theta, float(residual @ residual) / (2 * m), num_iters)
    record = history.record
    mean = np.zeros_like(theta)  # ḡ, Adam's average gradient
    squares = np.zeros_like(theta)  # AdaGrad's sum of g², or the average of g², per coordinate
    adam, adagrad = method == "adam", method == "adagrad"
    keep1, keep2 = beta1, beta2
    done = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for k in range(1, num_iters + 1):
            g = (X.T @ residual) / m
            rate = alpha if schedule is None else alpha * _schedule_factor(schedule, k - 1)
            if adagrad:
                squares += g * g
                theta = theta - rate * g / (np.sqrt(squares) + delta)
            else:
                squares = beta2 * squares + (1 - beta2) * (g * g)
                if adam:
                    mean = beta1 * mean + (1 - beta1) * g
                    if bias_correction:
                        theta = theta - rate * (mean / (1 - keep1)) / (np.sqrt(squares / (1 - keep2)) + delta)
                        keep1, keep2 = keep1 * beta1, keep2 * beta2
                    else:
                        theta = theta - rate * mean / (np.sqrt(squares) + delta)
                else:
                    theta = theta - rate * g / (np.sqrt(squares) + delta)
            residual = X @ theta - y
            done = k
            if record(k, theta, float(residual @ residual) / (2 * m)):
                break
    message = ""
    if done < num_iters:
        names = {"adagrad": "AdaGrad", "rmsprop": "RMSProp", "adam": "Adam"}
        message = (
            f"{names[method]} diverges: the cost blew up, so descent was stopped."
            f"{history.cost_went(done, num_iters)} "
            f"Choose a smaller alpha (now {alpha:g})."
        )
    return history.result(done, "blow-up" if done < num_iters else "iterations", message)


def adam_curvatures(
    theta_history: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    *,
    beta1: float = 0.9,
    beta2: float = 0.999,
    delta: float = 1e-8,
) -> np.ndarray:
    r"""The largest curvature of Adam seen as a heavy ball, step by step along a run.

    Parameters
    ----------
    theta_history : array_like, shape (K + 1, n)
        The iterates of a run of :func:`adaptive_descent` with ``method="adam"``, constant alpha and
        bias correction (its ``theta_history``), row 0 the start.
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    alpha : float
        The run's learning rate, a positive finite number.
    beta1, beta2 : float
        The run's decays of the average gradient and of the average squared gradient, in [0, 1).
    delta : float
        The run's small constant added to the root, zero or more.

    Returns
    -------
    curvatures : ndarray, shape (K,)
        Entry k is :math:`\lambda_{\max}(P_k H)` for the step from :math:`\theta^{(k)}` to
        :math:`\theta^{(k+1)}`: the heavy ball with this learning-rate matrix and
        :math:`\beta = \beta_1` is stable exactly while it stays below :math:`2(1 + \beta_1)`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    With :math:`\hat v_{k+1}` Adam's bias-corrected average of the squared gradients after
    :math:`g_k` (per coordinate), :math:`c_{k+1} = 1 - \beta_1^{k+1}` the correction of the average
    gradient and the step :math:`d_{k+1} = \theta^{(k+1)} - \theta^{(k)}`, Adam's update is
    :math:`d_{k+1} = -\alpha \bar g_{k+1} / \big(c_{k+1}(\sqrt{\hat v_{k+1}} + \delta)\big)`.
    While the denominator changes slowly it is, from :math:`\bar g_{k+1} = \beta_1 \bar g_k
    + (1 - \beta_1) g_k`, notebook 10's heavy ball :math:`d_{k+1} = \beta_1 d_k - P_k g_k` with
    the learning-rate matrix

    .. math:: P_k = \operatorname{diag}\Big(\frac{\alpha (1 - \beta_1)}
              {c_{k+1}\,(\sqrt{\hat v_{k+1}} + \delta)}\Big),

    and on the quadratic cost each eigenvector of :math:`P_k H` is a heavy ball with
    :math:`\alpha\lambda` replaced by its eigenvalue: stable while it is below
    :math:`2(1 + \beta_1)` (notebook 10's wider limit). The eigenvalues of :math:`P_k H` are those of
    the symmetric :math:`P_k^{1/2} H P_k^{1/2}`, computed here. Near :math:`\theta^*` the gradients
    vanish, :math:`\hat v` decays by :math:`\beta_2` per step, :math:`P_k` grows, and the largest
    curvature crosses :math:`2(1 + \beta_1)`: Adam is kicked out. A :math:`\delta` with
    :math:`\alpha(1 - \beta_1)\lambda_{\max}(H)/\delta < 2(1 + \beta_1)` keeps it below for good.
    Introduced in notebook 12.

    Examples
    --------
    >>> X, y = [[1.0, 0.0], [0.0, 1.0]], [4.0, -2.0]   # H = I/2; the gradients at 0 are -2 and 1
    >>> adam_curvatures([[0.0, 0.0], [1.0, -1.0]], X, y, 1.0, delta=0.0)  # P_0 = diag(1/2, 1/1)
    array([0.5])
    """
    X, y = check_data(X, y)
    history = as_float_array(theta_history, "theta_history", 2)
    if history.shape[1] != X.shape[1] or history.shape[0] < 1:
        raise ValueError(
            f"theta_history must have one column per column of X ({X.shape[1]}) and at least one row; "
            f"got shape {history.shape}"
        )
    alpha = check_alpha(alpha)
    beta1, beta2 = check_decay(beta1, "beta1"), check_decay(beta2, "beta2")
    delta = check_nonnegative(delta, "delta")
    m = len(y)
    H = X.T @ X / m
    gradients = (history[:-1] @ X.T - y) @ X / m  # g_k at each theta^(k) that made a step
    scales = np.empty_like(gradients)  # the diagonal of P_k, one row per step
    squares = np.zeros(X.shape[1])
    for k, g in enumerate(gradients):
        squares = beta2 * squares + (1 - beta2) * g * g
        root = np.sqrt(squares / (1 - beta2 ** (k + 1)))
        scales[k] = alpha * (1 - beta1) / ((1 - beta1 ** (k + 1)) * (root + delta))
    half = np.sqrt(scales)
    with np.errstate(over="ignore", invalid="ignore"):
        symmetric = half[:, :, None] * H[None, :, :] * half[:, None, :]
        return np.linalg.eigvalsh(symmetric)[:, -1]
