r"""Linear regression by gradient descent: every formula the course uses, and nothing else.

Conventions (the same in every notebook):

* ``X`` is the design matrix, shape ``(m, n)``: one row per example, the column of ones (the bias)
  first when there is one;
* ``theta`` has shape ``(n,)``, so the hypothesis is :math:`h = X\theta`;
* ``y`` has shape ``(m,)``.

This module imports no plotting library. Every function checks its input and never modifies the
arrays it is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    as_float_array,
    check_alpha,
    check_count,
    check_data,
    check_design,
    check_entries,
    check_factor,
    check_problem,
    check_rates,
    check_tolerance,
)
from ._deprecation import deprecated

# DescentResult, DivergenceWarning and DIVERGENCE_FACTOR live in .descent (shared by every descent) and
# are re-exported here, where they were first defined.
from .descent import DIVERGENCE_FACTOR as DIVERGENCE_FACTOR
from .descent import ROUNDING_SLACK, DescentResult, DivergenceWarning, History, theta_first

__all__ = [
    "Bowl",
    "DescentResult",
    "DivergenceWarning",
    "best_alpha",
    "bowl",
    "condition_number",
    "conjugate_gradient",
    "descent_regime",
    "design_matrix",
    "gradient",
    "gradient_descent",
    "half_mse",
    "half_mse_each",
    "half_mse_grid",
    "hessian",
    "iterations_for_rate",
    "iterations_from_parts",
    "iterations_needed",
    "iterations_to_tolerance",
    "least_squares",
    "mse",
    "normal_equations",
    "optimal_alpha",
    "polynomial_design",
    "predict",
    "r_squared",
    "residuals",
    "stability_limit",
    "step",
    "step_factor",
    "step_factors",
    "sum_of_squares",
    "theta_in_original_units",
]

#: How many residuals :func:`half_mse_each` computes at a time (8 MB of floats).
_BLOCK_SIZE = 1_000_000


def design_matrix(x: ArrayLike) -> np.ndarray:
    r"""Put a column of ones in front of the features.

    Parameters
    ----------
    x : array_like, shape (m,) or (m, k)
        The feature values, one row per example.

    Returns
    -------
    X : ndarray, shape (m, k + 1)
        ``[1, x]``: the first column multiplies :math:`\theta_0` (the intercept).

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    Introduced in notebook 01. With it the hypothesis :math:`\theta_0 + \theta_1 x` becomes
    the single matrix product :math:`X\theta`.

    Examples
    --------
    >>> design_matrix([1, 2, 3])
    array([[1., 1.],
           [1., 2.],
           [1., 3.]])
    """
    x = as_float_array(x, "x", (1, 2))
    features = x.reshape(len(x), -1)
    return np.hstack([np.ones((len(x), 1)), features])


def polynomial_design(x: ArrayLike, degree: int) -> np.ndarray:
    r"""The design matrix of a polynomial in one feature: columns :math:`1, x, x^2, \dots, x^d`.

    Parameters
    ----------
    x : array_like, shape (m,)
        The feature values, one per example.
    degree : int
        The polynomial's degree d, 1 or more.

    Returns
    -------
    X : ndarray, shape (m, degree + 1)
        Row i is :math:`(1, x_i, x_i^2, \dots, x_i^d)`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: h_\theta(x) = \theta_0 + \theta_1 x + \theta_2 x^2 + \dots + \theta_d x^d = X\theta

    Still linear regression, linear in :math:`\theta`: only the columns are more. Each power is made
    by :func:`numpy.vander`, which multiplies the one before by x: every product rounded exactly as
    IEEE prescribes, so the same bits on every machine (``x**j`` would call the platform's ``pow``,
    whose last bit differs between machines). Notebook 08 teaches it.

    Examples
    --------
    >>> polynomial_design([1, 2, 3], 2)
    array([[1., 1., 1.],
           [1., 2., 4.],
           [1., 3., 9.]])
    """
    x = as_float_array(x, "x", 1)
    degree = check_count(degree, "degree", 1)
    return design_matrix(np.vander(x, degree + 1, increasing=True)[:, 1:])


def predict(theta: ArrayLike, X: ArrayLike) -> np.ndarray:
    r"""The hypothesis: one prediction per row of ``X``.

    Parameters
    ----------
    theta : array_like, shape (n,)
    X : array_like, shape (m, n)

    Returns
    -------
    h : ndarray, shape (m,)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: h_\theta(x^{(i)}) = \sum_j \theta_j X_{ij}, \qquad h = X\theta

    Introduced in notebook 01.

    Examples
    --------
    >>> predict([116.0, 50.0], design_matrix([1, 2]))
    array([166., 216.])
    """
    X = check_design(X)
    theta = check_entries(as_float_array(theta, "theta", 1), "theta", X.shape[1])
    return X @ theta


def _residual(theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return X @ theta - y


def residuals(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""How far each prediction misses: prediction minus observation.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The parameters.
    X : array_like, shape (m, n)
        The design matrix, one row per example.
    y : array_like, shape (m,)
        The targets, one per example.

    Returns
    -------
    r : ndarray, shape (m,)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: r_i = h_\theta(x^{(i)}) - y^{(i)}, \qquad r = X\theta - y

    Introduced in notebook 01.

    Examples
    --------
    >>> residuals([0.0, 100.0], design_matrix([1, 2, 3]), [150, 250, 250])
    array([-50., -50.,  50.])
    """
    theta, X, y = check_problem(theta, X, y)
    return _residual(theta, X, y)


def sum_of_squares(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    r"""The plain sum of squared residuals, with no factor in front.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The parameters.
    X : array_like, shape (m, n)
        The design matrix, one row per example.
    y : array_like, shape (m,)
        The targets, one per example.

    Returns
    -------
    S : float

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: S(\theta) = \sum_{i=1}^{m} \left(h_\theta(x^{(i)}) - y^{(i)}\right)^2 = 2m\,J(\theta)

    The quantity "least squares" makes least. Introduced in notebook 01.

    Examples
    --------
    >>> sum_of_squares([0.0, 100.0], design_matrix([1, 2, 3]), [150, 250, 250])
    7500.0
    """
    theta, X, y = check_problem(theta, X, y)
    r = _residual(theta, X, y)
    return float(r @ r)


def half_mse(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    r"""The course's cost: half the mean of the squared errors.

    Parameters
    ----------
    theta : array_like, shape (n,)
    X : array_like, shape (m, n)
    y : array_like, shape (m,)

    Returns
    -------
    J : float

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: J(\theta) = \frac{1}{2m} \sum_{i=1}^{m} \left(h_\theta(x^{(i)}) - y^{(i)}\right)^2

    The :math:`\tfrac12` is there only so that the 2 from differentiating the square cancels
    (see :func:`gradient`); it does not move the minimum. Introduced in notebook 02.

    Examples
    --------
    >>> half_mse([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0])
    21.0
    """
    theta, X, y = check_problem(theta, X, y)
    r = _residual(theta, X, y)
    return float(r @ r) / (2 * len(y))


def half_mse_each(thetas: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""The cost :func:`half_mse` of many parameter vectors at once: one row of ``thetas`` each.

    Parameters
    ----------
    thetas : array_like, shape (k, n)
        k parameter vectors, for example every point of a grid over (θ₀, θ₁) flattened to rows.
    X : array_like, shape (m, n)
    y : array_like, shape (m,)

    Returns
    -------
    costs : ndarray, shape (k,)
        ``costs[i] == half_mse(thetas[i], X, y)``.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: J(\theta_i) = \frac{1}{2m} \lVert X\theta_i - y \rVert^2, \qquad i = 1, \dots, k

    All residuals are computed as one matrix product :math:`\Theta X^\top - y` (in blocks, so that a
    fine grid on a large data set needs little memory) instead of a Python loop over the grid. The
    cost curves and contour plots of notebooks 03 to 05 use it.

    Examples
    --------
    >>> half_mse_each([[0.0], [3.0], [14.0]], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0]).round(2)
    array([ 21.  ,   0.  , 282.33])
    """
    thetas = as_float_array(thetas, "thetas", 2)
    X, y = check_data(X, y)
    m, n = X.shape
    if thetas.shape[1] != n:
        raise ValueError(f"thetas must have one column per column of X ({n}); got shape {thetas.shape}")
    costs = np.empty(len(thetas))
    rows = max(1, _BLOCK_SIZE // m)  # thetas per block: a block's residuals hold about _BLOCK_SIZE numbers
    for start in range(0, len(thetas), rows):
        block = thetas[start : start + rows] @ X.T - y
        costs[start : start + rows] = np.einsum("ij,ij->i", block, block) / (2 * m)
    return costs


def half_mse_grid(theta0: ArrayLike, theta1: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""The cost :func:`half_mse` at every point of a grid over (θ₀, θ₁), ready for a contour plot.

    Parameters
    ----------
    theta0 : array_like, shape (p,)
        The values of θ₀ along the grid's horizontal axis.
    theta1 : array_like, shape (q,)
        The values of θ₁ along its vertical axis.
    X : array_like, shape (m, 2)
        A design matrix with two columns (the bias and one feature).
    y : array_like, shape (m,)

    Returns
    -------
    costs : ndarray, shape (q, p)
        ``costs[i, j] == half_mse([theta0[j], theta1[i]], X, y)``: rows follow θ₁, as
        :func:`matplotlib.pyplot.contour` expects.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \text{costs}_{ij} = J\big(\theta_0^{(j)}, \theta_1^{(i)}\big)

    The grid's points are the rows of one (p·q, 2) array, costed at once by :func:`half_mse_each`.
    Used for the bowls of notebooks 03 and 05 onwards.

    Examples
    --------
    >>> half_mse_grid([0.0, 1.0], [0.0, 3.0], [[1.0, 1.0], [1.0, 2.0]], [3.0, 6.0])
    array([[11.25,  7.25],
           [ 0.  ,  0.5 ]])
    """
    theta0 = as_float_array(theta0, "theta0", 1)
    theta1 = as_float_array(theta1, "theta1", 1)
    X = check_design(X)
    if X.shape[1] != 2:
        raise ValueError(f"X must have two columns (θ₀ and θ₁) for a grid over them; got {X.shape[1]}")
    grid0, grid1 = np.meshgrid(theta0, theta1)
    thetas = np.column_stack([grid0.ravel(), grid1.ravel()])
    return half_mse_each(thetas, X, y).reshape(grid0.shape)


def mse(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    r"""The mean squared error, without the one half.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The parameters.
    X : array_like, shape (m, n)
        The design matrix, one row per example.
    y : array_like, shape (m,)
        The targets, one per example.

    Returns
    -------
    mse : float

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \mathrm{MSE}(\theta)
              = \frac{1}{m} \sum_{i=1}^{m} \left(h_\theta(x^{(i)}) - y^{(i)}\right)^2
              = 2 J(\theta)

    The convention of the "10 lines of code" tutorial (source 001). Its square root is the
    root-mean-square error, the typical size of a prediction error. Introduced in notebook 02.

    Examples
    --------
    >>> mse([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0])
    42.0
    """
    theta, X, y = check_problem(theta, X, y)
    r = _residual(theta, X, y)
    return float(r @ r) / len(y)


def r_squared(y: ArrayLike, predictions: ArrayLike) -> float:
    r"""The share of the targets' spread that the predictions explain, :math:`R^2`.

    Parameters
    ----------
    y : array_like, shape (m,)
        The targets, one per example, not all equal.
    predictions : array_like, shape (m,)
        The predictions for the same examples, from a fit that may or may not have seen them.

    Returns
    -------
    r2 : float
        1 for perfect predictions, 0 for predicting the mean of ``y`` everywhere, below 0 for worse.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (the message names it), or ``y`` is constant.

    Notes
    -----
    .. math:: R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}

    On examples the fit has not seen it can be below 0. Introduced in notebook 11.

    Examples
    --------
    >>> r_squared([1.0, 2.0, 3.0], [1.0, 2.0, 4.0])  # 1 - 1/2
    0.5
    """
    y = as_float_array(y, "y", 1)
    predictions = as_float_array(predictions, "predictions", 1)
    if predictions.shape != y.shape:
        raise ValueError(f"predictions must have one entry per target ({len(y)}); got {len(predictions)}")
    spread = float(np.sum((y - y.mean()) ** 2))
    if spread == 0:
        raise ValueError("y must not be constant: R^2 divides by the targets' spread about their mean")
    return 1 - float(np.sum((y - predictions) ** 2)) / spread


def gradient(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""The gradient of :func:`half_mse` with respect to theta.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The parameters.
    X : array_like, shape (m, n)
        The design matrix, one row per example.
    y : array_like, shape (m,)
        The targets, one per example.

    Returns
    -------
    grad : ndarray, shape (n,)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \nabla J(\theta) = \frac{1}{m} X^\top (X\theta - y), \qquad
              \frac{\partial J}{\partial \theta_j} = \frac{1}{m}\sum_{i=1}^{m}
              \left(h_\theta(x^{(i)}) - y^{(i)}\right) x_j^{(i)}

    Introduced in notebook 04.

    Examples
    --------
    >>> gradient([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0])
    array([-14.])
    """
    theta, X, y = check_problem(theta, X, y)
    return X.T @ _residual(theta, X, y) / len(y)


def step(theta: ArrayLike, X: ArrayLike, y: ArrayLike, alpha: float) -> np.ndarray:
    r"""One update of gradient descent.

    Parameters
    ----------
    theta : array_like, shape (n,)
        Where we stand. Any n works, including a single column with no bias.
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    alpha : float
        The learning rate, a positive finite number.

    Returns
    -------
    theta_new : ndarray, shape (n,)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \theta := \theta - \alpha \nabla J(\theta)

    Introduced in notebook 04.

    Examples
    --------
    >>> step([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0], alpha=0.01)
    array([0.14])
    """
    alpha = check_alpha(alpha)
    theta, X, y = check_problem(theta, X, y)
    return theta - alpha * (X.T @ _residual(theta, X, y) / len(y))


def _divergence_message(
    alpha: float, shape: Bowl, history: History, done: int, num_iters: int, rose_at: int | None
) -> str:
    """The words of a :class:`DivergenceWarning`: what alpha did, against the limit, and what followed."""
    limit = shape.stability_limit
    if alpha >= limit:
        factor = shape.step_factor(alpha)
        cause = (
            f"alpha = {alpha:g} is at or above the stability limit {limit:.4g} (2/λ_max), so each update "
            f"multiplies the error along the steepest direction by {factor:.3g}."
        )
    else:  # only rounding trouble can get here: below the limit the cost of a quadratic never rises
        cause = (
            f"the cost rose at iteration {rose_at} although alpha = {alpha:g} is below the limit {limit:.4g}."
        )
    costs = history.costs
    if done < num_iters:
        fate = history.cost_went(done, num_iters)
    elif done > 0:
        fate = f" In {done} iterations the cost went from {costs[0]:.4g} to {costs[done]:.4g}."
    else:
        fate = ""
    return f"gradient descent diverges: {cause}{fate} Choose alpha below {limit:.4g}."


@theta_first
def gradient_descent(
    theta: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    alpha: float,
    num_iters: int,
    *,
    gradient_tolerance: float | None = None,
    cost_tolerance: float | None = None,
) -> DescentResult:
    r"""Run ``num_iters`` updates of gradient descent on :func:`half_mse`, keeping the history.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point (not modified).
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    alpha : float
        The learning rate, a positive finite number.
    num_iters : int
        How many updates to make, zero or more: the most there will be.
    gradient_tolerance : float, optional
        Stop, before updating, as soon as :math:`\lVert\nabla J(\theta^{(k)})\rVert \le`
        ``gradient_tolerance``. On this cost it guarantees
        :math:`\lVert\theta^{(k)} - \theta^*\rVert \le \lVert\nabla J\rVert / \lambda_{\min}`.
    cost_tolerance : float, optional
        Stop after an update that changed the cost by at most this fraction of it,
        :math:`|J_{k} - J_{k-1}| \le \text{cost\_tolerance}\cdot J_{k-1}`. It says nothing
        certain about the distance to :math:`\theta^*`: a slow slide changes the cost little.

    Returns
    -------
    DescentResult
        Final theta, the histories (starting with the initial theta and its cost), whether it
        diverged, how many updates were made and why it stopped, and the warning's words if any.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Warns
    -----
    DivergenceWarning
        Once, in words, whenever descent cannot converge: alpha is at or above
        :func:`stability_limit` (known before the first update, so it is said however few
        iterations are run), or the cost rose at some update. The message names alpha, the limit
        and what the cost did. Below the limit there is never a warning. If the cost blows up
        (stops being a finite number or grows past ``DIVERGENCE_FACTOR`` times its start),
        descent stops there. NumPy's overflow warnings are never shown.

    Notes
    -----
    .. math:: \theta^{(k+1)} = \theta^{(k)} - \frac{\alpha}{m} X^\top \left(X\theta^{(k)} - y\right)

    Each iteration computes the residual :math:`r = X\theta - y` once and uses it for both the
    cost :math:`r^\top r / 2m` and the next gradient :math:`X^\top r / m`. Introduced in notebook 05;
    the stopping rules in notebook 07.

    Examples
    --------
    >>> result = gradient_descent([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0], 0.01, 2)
    >>> result.theta_history.ravel().round(6)
    array([0.      , 0.14    , 0.273467])
    """
    theta, X, y = check_problem(theta, X, y)
    alpha = check_alpha(alpha)
    num_iters = check_count(num_iters, "num_iters")
    gradient_tolerance = check_tolerance(gradient_tolerance, "gradient_tolerance")
    cost_tolerance = check_tolerance(cost_tolerance, "cost_tolerance")
    shape = bowl(X)
    m = len(y)
    # One residual buffer, reused: r = Xθ − y serves both the cost and the next gradient.
    residual = np.empty(m)
    np.matmul(X, theta, out=residual)
    residual -= y
    cost = float(residual @ residual) / (2 * m)
    history = History(theta, cost, num_iters)
    record = history.record
    slack = ROUNDING_SLACK * cost  # rounding near the minimum may lift the cost by about this much
    done, rose_at, stopped_by = 0, None, "iterations"
    # the update is alpha·∇J, so ‖∇J‖ ≤ tolerance exactly when ‖update‖ ≤ alpha·tolerance
    update_floor = None if gradient_tolerance is None else alpha * gradient_tolerance
    # Overflow is expected when alpha is too large; we detect it ourselves and say so in words.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, num_iters + 1):
            update = (alpha / m) * (X.T @ residual)
            if update_floor is not None and math.sqrt(update @ update) <= update_floor:
                stopped_by = "gradient"
                break
            theta = theta - update
            np.matmul(X, theta, out=residual)
            residual -= y
            previous, cost = cost, float(residual @ residual) / (2 * m)
            blew_up = record(k, theta, cost)
            done = k
            if rose_at is None and cost > previous * (1 + ROUNDING_SLACK) + slack:
                rose_at = k
            if blew_up:
                stopped_by = "blow-up"
                break
            if cost_tolerance is not None and abs(previous - cost) <= cost_tolerance * previous:
                stopped_by = "cost change"
                break
    message = ""
    if alpha >= shape.stability_limit or rose_at is not None:
        message = _divergence_message(alpha, shape, history, done, num_iters, rose_at)
    return history.result(done, stopped_by, message)


def least_squares(X: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""The exact minimiser of the cost, in closed form.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.
    y : array_like, shape (m,)
        The targets, one per example.

    Returns
    -------
    theta_star : ndarray, shape (n,)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \theta^\star = \arg\min_\theta \lVert X\theta - y \rVert^2,
              \text{ the solution of } X^\top X \theta = X^\top y

    Computed with :func:`numpy.linalg.lstsq` (an SVD), which is stable even when
    :math:`X^\top X` is badly conditioned and returns the smallest solution when there are many.
    Any positive multiple of the squared error (``half_mse``, ``mse``, the plain sum) has this same
    minimiser. Introduced in notebook 01.

    Examples
    --------
    >>> least_squares(design_matrix([1, 2, 3]), [150, 250, 250]).round(4)
    array([116.6667,  50.    ])
    """
    X, y = check_data(X, y)
    theta_star, *_ = np.linalg.lstsq(X, y, rcond=None)
    return theta_star


def normal_equations(X: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""The minimiser of the cost from the normal equations, solved by Cholesky.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example, with independent columns.
    y : array_like, shape (m,)
        The targets, one per example.

    Returns
    -------
    theta_star : ndarray, shape (n,)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument. ValueError
        also when :math:`X^\top X`, as stored in floats, is not positive definite (the columns of X
        are dependent, or so nearly that rounding made them so): use :func:`least_squares`.

    Notes
    -----
    :math:`X^\top X` is symmetric and positive definite when the columns of X are independent,
    so it factors as :math:`X^\top X = GG^\top` with G lower triangular, the Cholesky factor
    (:func:`numpy.linalg.cholesky`, :math:`\tfrac13 n^3` flops, half of LU). Then two triangular
    solves, each :math:`n^2` flops, written out here:

    .. math:: G z = X^\top y \ \text{(forward, from the first row down)}, \qquad
              G^\top \theta = z \ \text{(back, from the last row up)}.

    It works with :math:`X^\top X`, so it can lose :math:`2\log_{10}\kappa(X)` digits.
    Introduced in notebook 08.

    Examples
    --------
    >>> normal_equations(design_matrix([1, 2, 3]), [150, 250, 250]).round(4)
    array([116.6667,  50.    ])
    """
    X, y = check_data(X, y)
    gram = X.T @ X
    try:
        G = np.linalg.cholesky(gram)  # the Cholesky factor, X^T X = G G^T
    except np.linalg.LinAlgError:
        raise ValueError(
            "X^T X is not positive definite in floating point: the columns of X are dependent or "
            "nearly so. Use least_squares(X, y), which never forms X^T X."
        ) from None
    n = len(gram)
    rhs = X.T @ y
    z = np.empty(n)
    for i in range(n):  # forward substitution: G z = X^T y
        z[i] = (rhs[i] - G[i, :i] @ z[:i]) / G[i, i]
    theta = np.empty(n)
    for i in reversed(range(n)):  # back substitution: G^T theta = z
        theta[i] = (z[i] - G[i + 1 :, i] @ theta[i + 1 :]) / G[i, i]
    return theta


@theta_first
def conjugate_gradient(
    theta: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    num_iters: int,
    *,
    gradient_tolerance: float | None = None,
) -> DescentResult:
    r"""Run ``num_iters`` iterations of conjugate gradients on the normal equations (CGLS), with history.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point (not modified).
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    num_iters : int
        How many iterations to make, zero or more: the most there will be. It stops earlier, with
        ``stopped_by == "gradient"``, when the gradient is exactly zero (nothing is left to do), and
        with ``stopped_by == "rounding"`` when it has fallen to the rounding level of its own
        computation, :math:`\lVert X^\top r\rVert \le 10\,\epsilon\,\lVert X\rVert_F\lVert r\rVert`
        (:math:`\epsilon = 2^{-53}`): beyond it the iterations only stir rounding errors, and in
        floating point can make them grow without bound.
    gradient_tolerance : float, optional
        Stop, before an iteration, as soon as :math:`\lVert\nabla J(\theta^{(k)})\rVert \le`
        ``gradient_tolerance``.

    Returns
    -------
    DescentResult
        Final theta, the histories (starting with the initial theta and its cost
        :func:`half_mse`), how many iterations were made and why it stopped. It never diverges:
        there is no learning rate to choose.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    With the residuals :math:`r_k = X\theta^{(k)} - y` and :math:`g_k = X^\top r_k = m\nabla J(\theta^{(k)})`,
    start downhill, :math:`p_0 = -g_0`; then each iteration

    .. math:: \alpha_k = \frac{g_k^\top g_k}{\lVert X p_k\rVert^2}, \quad
              \theta^{(k+1)} = \theta^{(k)} + \alpha_k p_k, \quad
              r_{k+1} = r_k + \alpha_k X p_k, \quad
              g_{k+1} = X^\top r_{k+1},

    .. math:: p_{k+1} = -g_{k+1} + \frac{g_{k+1}^\top g_{k+1}}{g_k^\top g_k}\, p_k .

    The first iteration is steepest descent with the step that minimises J along the gradient
    (exact line search); later ones step along directions conjugate to all earlier ones,
    :math:`p_j^\top X^\top X p_k = 0`, so that in exact arithmetic it lands on
    :math:`\theta^*` in at most n iterations. Without knowing any λ, the error in the norm
    :math:`\lVert e\rVert_H = \sqrt{e^\top H e}` (H the Hessian, :math:`X^\top X/m`) shrinks at least as
    :math:`2\left(\frac{\sqrt\kappa-1}{\sqrt\kappa+1}\right)^k` (:func:`~gdcore.cg_iterations_for_condition`).
    One iteration costs :math:`Xp` and :math:`X^\top r`, :math:`4mn` flops, as a step of descent,
    plus :math:`O(m + n)`. Introduced in notebook 08.

    Examples
    --------
    >>> run = conjugate_gradient([0.0, 0.0], design_matrix([1, 2, 3]), [150, 250, 250], 2)
    >>> run.theta.round(4)  # two parameters: exact after two iterations
    array([116.6667,  50.    ])
    """
    theta, X, y = check_problem(theta, X, y)
    num_iters = check_count(num_iters, "num_iters")
    gradient_tolerance = check_tolerance(gradient_tolerance, "gradient_tolerance")
    m = len(y)
    residual = X @ theta - y  # r = Xθ − y
    history = History(theta, float(residual @ residual) / (2 * m), num_iters)
    s = X.T @ residual  # g = m ∇J
    direction = -s  # downhill
    gamma = float(s @ s)
    # ‖∇J‖ ≤ tolerance exactly when ‖s‖ ≤ m·tolerance
    floor = 0.0 if gradient_tolerance is None else (m * gradient_tolerance) ** 2
    # X^T r, computed, is off by about ε‖X‖_F‖r‖: below ten times that the gradient is rounding
    noise = 10 * 2.0**-53 * float(np.linalg.norm(X))
    done, stopped_by = 0, "iterations"
    for k in range(1, num_iters + 1):
        q = X @ direction
        curvature = float(q @ q)
        if gamma <= floor or curvature == 0.0:  # the gradient vanished: θ is the minimiser
            stopped_by = "gradient"
            break
        if math.sqrt(gamma) <= noise * math.sqrt(float(residual @ residual)):
            stopped_by = "rounding"
            break
        step = gamma / curvature
        theta = theta + step * direction
        residual = residual + step * q
        s = X.T @ residual
        gamma, previous = float(s @ s), gamma
        direction = (gamma / previous) * direction - s
        history.record(k, theta, float(residual @ residual) / (2 * m))
        done = k
    return history.result(done, stopped_by)


def hessian(X: ArrayLike) -> np.ndarray:
    r"""The Hessian of :func:`half_mse`: how the gradient changes as theta moves.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.

    Returns
    -------
    H : ndarray, shape (n, n)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: H = \nabla^2 J = \frac{1}{m} X^\top X

    It does not depend on theta or y: the cost is a quadratic bowl whose shape X alone sets. Its
    eigenvalues are the bowl's curvatures along its axes; the largest sets the stability limit and
    the smallest how slowly descent crawls. Introduced in notebook 05.

    Examples
    --------
    >>> hessian(design_matrix([1, 2, 3]))
    array([[1.        , 2.        ],
           [2.        , 4.66666667]])
    """
    X = check_design(X)
    return X.T @ X / X.shape[0]


@dataclass(frozen=True, eq=False, repr=False)
class Bowl:
    r"""The shape of the cost :math:`J(\theta)`: its Hessian and that matrix's eigen-decomposition.

    The cost of linear regression is a quadratic bowl whose shape depends on X alone. Along each
    eigenvector of the Hessian (a *direction* of the bowl) its curvature is the eigenvalue, and
    gradient descent acts on each direction separately: one update multiplies the error along
    direction i by :math:`q_i = 1 - \alpha\lambda_i`. Computed once by :func:`bowl`; everything
    about step sizes below reads from it.

    Attributes
    ----------
    hessian : ndarray, shape (n, n)
        :math:`H = X^\top X / m` (see :func:`hessian`).
    curvatures : ndarray, shape (n,)
        The eigenvalues :math:`\lambda_1 \le \dots \le \lambda_n` of H, smallest first.
    directions : ndarray, shape (n, n)
        Column i is the unit eigenvector of ``curvatures[i]``, turned so that its last non-zero
        entry is positive.
    """

    hessian: np.ndarray
    curvatures: np.ndarray
    directions: np.ndarray

    @property
    def stability_limit(self) -> float:
        r"""The stability limit :math:`2/\lambda_{\max}` (``inf`` for a flat bowl): see
        :func:`stability_limit`. Notebook 04."""
        top = float(self.curvatures[-1])
        return math.inf if top <= 0 else 2.0 / top

    @property
    def limit(self) -> float:
        r"""Deprecated since gdcore 0.3, removed in 0.4: the old name of :attr:`stability_limit`.

        The stability limit :math:`2/\lambda_{\max}` (notebook 04); reading it warns, with a
        :class:`DeprecationWarning` that points at the line that read it.
        """
        deprecated("Bowl.limit", "Bowl.stability_limit")
        return self.stability_limit

    @property
    def condition_number(self) -> float:
        r""":math:`\kappa = \lambda_{\max}/\lambda_{\min}`: how much narrower the bowl is one way than the
        other (``inf`` when some direction is flat). Notebook 07."""
        low, top = float(self.curvatures[0]), float(self.curvatures[-1])
        return math.inf if low <= 0 else top / low

    @property
    def best_alpha(self) -> float:
        r"""The constant learning rate that shrinks the error fastest:
        :math:`2/(\lambda_{\max} + \lambda_{\min})`.

        It balances the slowest direction against the steepest: there
        :math:`1 - \alpha\lambda_{\min} = -(1 - \alpha\lambda_{\max})`. Notebook 07."""
        low, top = float(self.curvatures[0]), float(self.curvatures[-1])
        return math.inf if top + low <= 0 else 2.0 / (top + low)

    @property
    def best_rate(self) -> float:
        r""":math:`(\kappa - 1)/(\kappa + 1)`: what each update multiplies the error's size by, at most,
        with ``best_alpha`` (1 for a bowl with a flat direction). Notebook 07."""
        kappa = self.condition_number
        return 1.0 if math.isinf(kappa) else (kappa - 1) / (kappa + 1)

    def rate(self, alpha: float) -> float:
        r"""The most one update multiplies the error's size by: :math:`\max_i |1 - \alpha\lambda_i|`.

        Parameters
        ----------
        alpha : float
            The learning rate, a positive finite number.

        Returns
        -------
        rate : float
            :math:`\lVert e_{k}\rVert \le \text{rate}^k \lVert e_0\rVert` at every update. Below 1
            exactly when alpha is below the limit (and no direction is flat). Notebook 07.
        """
        return float(np.max(np.abs(self.step_factors(alpha))))

    def iterations_to_shrink(self, alpha: float, factor: float) -> float:
        r"""How many updates make sure the error has shrunk by ``factor``, from every start.

        Parameters
        ----------
        alpha : float
            The learning rate, a positive finite number.
        factor : float
            How much the error must shrink, between 0 and 1 (say 1e-6).

        Returns
        -------
        k : float
            :math:`\lceil \ln(\text{factor})/\ln(\text{rate}) \rceil`, from
            :math:`\text{rate}^k \le \text{factor}` (see :meth:`rate` and :func:`iterations_for_rate`);
            ``inf`` when descent does not converge. A start with little error along the slowest
            direction gets there sooner. Notebook 07.
        """
        return float(iterations_for_rate(self.rate(alpha), factor))

    def iterations_needed(self, alpha: float, error: ArrayLike, factor: float) -> float:
        r"""The first k with :math:`\lVert e_k\rVert \le \text{factor}\,\lVert e_0\rVert` from this start.

        Parameters
        ----------
        alpha : float
            The learning rate, a positive finite number.
        error : array_like, shape (n,)
            The start's error :math:`e_0 = \theta_0 - \theta^\star`.
        factor : float
            How much the error must shrink, between 0 and 1.

        Returns
        -------
        k : float
            Exactly, from the error's parts along the directions (:func:`iterations_from_parts`);
            never more than :meth:`iterations_to_shrink`. Notebook 07.
        """
        start_error = check_entries(
            as_float_array(error, "error", 1), "error", len(self.curvatures), "parameter"
        )
        return iterations_from_parts(self.directions.T @ start_error, self.step_factors(alpha), factor)

    def step_factors(self, alpha: float) -> np.ndarray:
        r"""What one update multiplies the error by along each direction: :math:`q_i = 1 - \alpha\lambda_i`.

        Parameters
        ----------
        alpha : float
            The learning rate, a positive finite number.

        Returns
        -------
        q : ndarray, shape (n,)
            In the order of ``curvatures`` (the steepest direction last). Notebook 06.
        """
        return 1.0 - check_alpha(alpha) * self.curvatures

    def step_factor(self, alpha: float) -> float:
        r"""What one update multiplies the error by along the steepest direction:
        :math:`1 - \alpha\lambda_{\max}`, the last of :meth:`step_factors`; see :func:`step_factor`.

        Parameters
        ----------
        alpha : float
            The learning rate, a positive finite number.

        Returns
        -------
        q : float
            Notebook 04.
        """
        return float(self.step_factors(alpha)[-1])

    def descent_regime(self, alpha: float) -> str:
        r"""``"smooth"``, ``"oscillating"`` or ``"divergent"``: see :func:`descent_regime`.

        Parameters
        ----------
        alpha : float
            The learning rate, a positive finite number.

        Returns
        -------
        regime : str
            ``"smooth"`` for :math:`\alpha \le \alpha_{\max}/2`, ``"oscillating"`` below
            :math:`\alpha_{\max}`, ``"divergent"`` from it on. Notebook 04.
        """
        alpha = check_alpha(alpha)
        if alpha >= self.stability_limit:
            return "divergent"
        return "oscillating" if alpha > self.stability_limit / 2 else "smooth"

    def regime(self, alpha: float) -> str:
        r"""Deprecated since gdcore 0.3, removed in 0.4: the old name of :meth:`descent_regime`.

        Parameters
        ----------
        alpha : float
            The learning rate, a positive finite number.

        Returns
        -------
        regime : str
            As :meth:`descent_regime`: ``"smooth"`` for :math:`\alpha \le \alpha_{\max}/2`,
            ``"oscillating"`` below :math:`\alpha_{\max}`, ``"divergent"`` from it on. Notebook 04.

        Warns
        -----
        DeprecationWarning
            Always, pointing at the calling line.
        """
        deprecated("Bowl.regime(alpha)", "Bowl.descent_regime(alpha)")
        return self.descent_regime(alpha)

    def __repr__(self) -> str:
        curvatures = np.array2string(self.curvatures, precision=6, separator=", ")
        return (
            f"Bowl(curvatures={curvatures}, stability_limit={self.stability_limit:.6g}, "
            f"condition_number={self.condition_number:.6g})"
        )


def bowl(X: ArrayLike) -> Bowl:
    r"""The shape of the cost for the design matrix X: Hessian, curvatures and directions, computed once.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.

    Returns
    -------
    Bowl

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: H = \frac{1}{m} X^\top X = V \,\mathrm{diag}(\lambda_1, \dots, \lambda_n)\, V^\top

    H is symmetric, so :func:`numpy.linalg.eigh` gives real eigenvalues (ascending) and orthonormal
    eigenvectors. Each eigenvector is turned so that its last non-zero entry is positive (its sign
    is otherwise arbitrary). Introduced in notebook 05.

    Examples
    --------
    >>> shape = bowl([[1.0], [2.0], [3.0]])  # one column: H = mean(x²) = 14/3
    >>> round(float(shape.curvatures[0]), 4), round(shape.stability_limit, 4)
    (4.6667, 0.4286)
    """
    H = hessian(X)
    curvatures, directions = np.linalg.eigh(H)
    # An eigenvector's sign is arbitrary (LAPACK's choice can differ between machines): make the
    # last non-zero entry of each positive (for (θ₀, θ₁): the θ₁ part), so every reader sees the same.
    for column in directions.T:
        last = column[np.flatnonzero(np.abs(column) > 1e-12)[-1]]
        column *= np.sign(last)
    return Bowl(hessian=H, curvatures=curvatures, directions=directions)


def stability_limit(X: ArrayLike) -> float:
    r"""The largest learning rate for which gradient descent on :func:`half_mse` converges.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.

    Returns
    -------
    alpha_max : float
        ``inf`` when X is all zeros (the cost is then flat).

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \alpha_{\max} = \frac{2}{\lambda_{\max}\left(X^\top X / m\right)}

    :math:`X^\top X / m` is the Hessian of :math:`J`. Along its top eigenvector one update
    multiplies the error by :math:`1 - \alpha\lambda_{\max}`, whose size is below 1 exactly when
    :math:`\alpha < 2/\lambda_{\max}`. With a cost written :math:`\tfrac1m\sum` the Hessian
    doubles and the limit halves; with a plain :math:`\sum` it is :math:`m` times smaller again.
    Introduced in notebook 04. (``bowl(X).stability_limit`` is the same number.)

    Examples
    --------
    >>> round(stability_limit([[1.0], [2.0], [3.0]]), 6)  # 2 / mean(x**2) = 3/7
    0.428571
    """
    return bowl(X).stability_limit


def step_factor(X: ArrayLike, alpha: float) -> float:
    r"""What one step of descent multiplies the error by, along the steepest direction of the bowl.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.
    alpha : float
        The learning rate, a positive finite number.

    Returns
    -------
    q : float
        Below 1 in size: the error there shrinks; negative: it changes sign at every step (descent
        jumps across the valley); -1 or below: it does not shrink, and descent diverges.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: q = 1 - \alpha\lambda_{\max}\left(X^\top X / m\right) = 1 - 2\alpha / \alpha_{\max}

    In one dimension, :math:`\theta_1 - \theta_1^\star` becomes :math:`q\,(\theta_1 - \theta_1^\star)`
    after each step. With n parameters each direction of the bowl has its own factor
    :math:`1 - \alpha\lambda_i` (``bowl(X).step_factors(alpha)``); this is the one of the steepest
    direction, the one that decides stability. Introduced in notebook 04.

    Examples
    --------
    >>> round(step_factor([[1.0], [2.0], [3.0]], 0.01), 6)  # 1 - 0.01 * 14/3
    0.953333
    """
    alpha = check_alpha(alpha)
    return bowl(X).step_factor(alpha)


def step_factors(X: ArrayLike, alpha: float) -> np.ndarray:
    r"""What one step of descent multiplies the error by, along each direction of the bowl.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix.
    alpha : float
        The learning rate, a positive finite number.

    Returns
    -------
    q : ndarray, shape (n,)
        One factor per direction, in the order of ``bowl(X).curvatures`` (the steepest last, which
        is :func:`step_factor`).

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: q_i = 1 - \alpha\lambda_i, \qquad e_{k+1} = \sum_i c_i\, q_i^{k+1} v_i

    Each direction of the bowl shrinks (or flips) on its own. Introduced in notebook 06.

    Examples
    --------
    >>> step_factors([[1.0, -1.0], [1.0, 1.0]], 0.25)  # H = I: both curvatures are 1
    array([0.75, 0.75])
    """
    alpha = check_alpha(alpha)
    return bowl(X).step_factors(alpha)


def descent_regime(X: ArrayLike, alpha: float) -> str:
    r"""How gradient descent on :func:`half_mse` behaves with learning rate ``alpha``.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.
    alpha : float
        The learning rate, a positive finite number.

    Returns
    -------
    regime : {"smooth", "oscillating", "divergent"}
        ``"smooth"`` when :math:`\alpha \le \alpha_{\max}/2`: every component of the error shrinks
        without changing sign, so descent walks down one side of the valley;
        ``"oscillating"`` when :math:`\alpha_{\max}/2 < \alpha < \alpha_{\max}`: the fastest component
        changes sign at every step, so descent jumps across the valley, closer each time;
        ``"divergent"`` when :math:`\alpha \ge \alpha_{\max}`: it jumps further out each time (at the
        limit itself it bounces for ever, which does not converge either).

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    The regimes are the signs and sizes of the step factors :math:`q_i = 1 - \alpha\lambda_i` of
    every direction of the bowl; the steepest decides: :math:`q_{\min} \ge 0`,
    :math:`-1 < q_{\min} < 0` and :math:`q_{\min} \le -1`. They are decided by comparing
    :math:`\alpha` with the limit, which is exact at the boundaries. The same holds for any number of
    parameters. Introduced in notebook 04.

    Examples
    --------
    >>> [descent_regime([[1.0], [2.0], [3.0]], a) for a in (0.01, 0.3, 0.5)]
    ['smooth', 'oscillating', 'divergent']
    """
    alpha = check_alpha(alpha)
    return bowl(X).descent_regime(alpha)


def condition_number(X: ArrayLike) -> float:
    r"""The condition number of the Hessian: :math:`\kappa = \lambda_{\max}/\lambda_{\min}`.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.

    Returns
    -------
    kappa : float
        ``inf`` when some direction of the bowl is flat.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    How many times more sharply the bowl curves along its steepest direction than along its
    flattest: 1 for a round bowl, large for a narrow valley. It is :math:`\kappa(X)^2`, the square
    of the ratio of X's largest to smallest singular value. Introduced in notebook 07
    (``bowl(X).condition_number`` is the same number).

    Examples
    --------
    >>> round(condition_number([[1.0, -1.0], [1.0, 1.0]]), 6)  # H = I: a round bowl
    1.0
    """
    return bowl(X).condition_number


def best_alpha(X: ArrayLike) -> float:
    r"""The constant learning rate that makes gradient descent on :func:`half_mse` fastest.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.

    Returns
    -------
    alpha_star : float
        ``inf`` when X is all zeros.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \alpha^\star = \frac{2}{\lambda_{\max} + \lambda_{\min}}, \qquad
              \lVert e_{k}\rVert \le \left(\frac{\kappa - 1}{\kappa + 1}\right)^k \lVert e_0\rVert

    Introduced in notebook 07 (``bowl(X).best_alpha``).

    Examples
    --------
    >>> best_alpha([[1.0, -1.0], [1.0, 1.0]])  # H = I: one step lands on the minimum
    1.0
    """
    return bowl(X).best_alpha


def theta_in_original_units(theta: ArrayLike, shift: ArrayLike, scale: ArrayLike) -> np.ndarray:
    r"""Parameters fitted on shifted and scaled features, rewritten for the original features.

    Parameters
    ----------
    theta : array_like, shape (k + 1,)
        Intercept first, then one weight per scaled feature
        :math:`u_j = (x_j - \text{shift}_j)/\text{scale}_j`.
    shift, scale : array_like, shape (k,) or scalars
        What was subtracted from each feature, and what it was divided by (non-zero).

    Returns
    -------
    theta_x : ndarray, shape (k + 1,)
        The same line (or plane) in the original units: the same predictions for every x.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \theta_0 + \sum_j \theta_j \frac{x_j - s_j}{d_j}
              = \Big(\theta_0 - \sum_j \frac{\theta_j s_j}{d_j}\Big) + \sum_j \frac{\theta_j}{d_j}\,x_j

    Exact algebra, not an approximation. Introduced in notebook 07.

    Examples
    --------
    >>> theta_in_original_units([100.0, 20.0], shift=10.0, scale=2.0)  # 100 + 20(x - 10)/2 = 0 + 10x
    array([ 0., 10.])
    """
    theta = as_float_array(theta, "theta", 1)
    shift = as_float_array(np.atleast_1d(shift), "shift", 1)
    scale = as_float_array(np.atleast_1d(scale), "scale", 1)
    k = len(theta) - 1
    for name, values in (("shift", shift), ("scale", scale)):
        if values.shape[0] != k:
            raise ValueError(f"{name} must have one entry per feature ({k}); got {values.shape[0]}")
    if np.any(scale == 0):
        raise ValueError("scale must not contain zeros (a feature cannot be divided by 0)")
    weights = theta[1:] / scale
    return np.concatenate([[theta[0] - weights @ shift], weights])


def iterations_for_rate(rate: ArrayLike, factor: float) -> np.ndarray | float:
    r"""How many updates at ``rate`` make sure an error has shrunk by ``factor``, for one rate or many.

    Parameters
    ----------
    rate : float or array_like
        What one update multiplies the error's size by, at most: zero or more (``inf`` allowed).
    factor : float
        How much the error must shrink, between 0 and 1 (say 1e-6).

    Returns
    -------
    k : float or ndarray
        :math:`\lceil \ln(\text{factor})/\ln(\text{rate}) \rceil`, the least k with
        :math:`\text{rate}^k \le \text{factor}`; 1 for a rate of 0, ``inf`` for a rate of 1 or more.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    With :math:`\rho = \max_i |1 - \alpha\lambda_i|` (:meth:`Bowl.rate`),
    :math:`\lVert e_k\rVert \le \rho^k \lVert e_0\rVert` from every start. Introduced in notebook 07.

    Examples
    --------
    >>> iterations_for_rate([0.8, 0.0, 1.0], 1e-6)  # ln(1e-6)/ln(0.8) = 61.9
    array([62.,  1., inf])
    """
    rates = check_rates(rate)
    factor = check_factor(factor)
    counts = np.full(rates.shape, math.inf)
    below = rates < 1
    with np.errstate(divide="ignore"):
        ratio = math.log(factor) / np.log(rates[below])  # 0 where the rate is 0
    counts[below] = np.maximum(np.ceil(ratio - 1e-9), 1.0)  # 1e-9: no extra step for a rounding hair
    return float(counts) if counts.ndim == 0 else counts


def iterations_from_parts(parts: ArrayLike, factors: ArrayLike, factor: float) -> float:
    r"""The first k with :math:`\lVert e_k\rVert \le \text{factor}\,\lVert e_0\rVert`, exactly.

    Parameters
    ----------
    parts : array_like, shape (n,)
        The start error's parts along the orthonormal eigenvectors, :math:`c = V^\top e_0`.
    factors : array_like, shape (n,)
        What one update multiplies each part by, :math:`q_i = 1 - \alpha\lambda_i`.
    factor : float
        How much the error must shrink, below 1.

    Returns
    -------
    k : float
        ``inf`` when some part with a non-zero size does not shrink.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    :math:`e_k = \sum_i c_i q_i^k v_i` (notebook 05), so
    :math:`\lVert e_k\rVert^2 = \sum_i c_i^2 q_i^{2k}`, which never grows when every
    :math:`|q_i| < 1`. The first k is found by bisection below the guarantee
    :func:`iterations_for_rate` (where it holds): about 20 evaluations even for a count of a
    million. Introduced in notebook 07.

    Examples
    --------
    >>> iterations_from_parts([0.0, 1.0], [0.8, 0.2], 1e-6)  # all the error shrinks by 0.2: ⌈8.6⌉
    9.0
    """
    factor = check_factor(factor)
    squares = as_float_array(parts, "parts", 1) ** 2
    sizes = np.abs(as_float_array(factors, "factors", 1))
    if squares.shape != sizes.shape:
        raise ValueError(f"parts and factors must have the same length; got {len(squares)} and {len(sizes)}")
    live = squares > 0
    if not live.any():
        return 0.0
    guaranteed = iterations_for_rate(float(sizes[live].max()), factor)
    if math.isinf(guaranteed):
        return math.inf
    target = factor**2 * float(squares.sum())

    def reached(k: int) -> bool:
        return float(squares @ sizes ** (2 * k)) <= target

    high = int(guaranteed)
    while not reached(high):  # rounding in the guaranteed count: a step more
        high += 1
    low = 0  # never reached at k = 0: factor < 1
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if reached(middle) else (middle, high)
    return float(high)


def iterations_to_tolerance(distances: ArrayLike, factor: float) -> float:
    r"""Iterations to tolerance, measured on a run: the first k from which the error stays shrunk.

    Parameters
    ----------
    distances : array_like, shape (K + 1,)
        The error's size at each iteration of a run, :math:`\lVert e_k\rVert = \lVert\theta^{(k)} -
        \theta^*\rVert` for k = 0, ..., K, e.g. ``np.linalg.norm(run.theta_history - best, axis=1)``.
    factor : float
        How much the error must shrink, between 0 and 1 (say 1e-6).

    Returns
    -------
    k : float
        The first k with :math:`\lVert e_j\rVert \le \text{factor}\,\lVert e_0\rVert` for every
        :math:`j \ge k` of the run ("below for good"); ``inf`` when the last one is still above (or
        is not a number: a diverged run).

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind; ValueError for a
        wrong value or shape); the message names the argument.

    Notes
    -----
    An error that oscillates (momentum, notebook 10) can dip below the tolerance and come back
    above it; that dip does not count. For plain descent below its limit every part
    :math:`|a_i q_i^k|` shrinks at every step, so :math:`\lVert e_k\rVert` never grows and the first
    k below is also below for good (notebook 07, :func:`iterations_from_parts`). Introduced in
    notebook 07; used again in notebook 10.

    Examples
    --------
    >>> iterations_to_tolerance([1.0, 0.5, 0.05, 0.2, 0.01, 0.001], 0.1)  # 0.05 dips, 0.2 comes back
    4.0
    """
    factor = check_factor(factor)
    if isinstance(distances, (str, bytes)):
        raise TypeError(f"distances must be an array of numbers; got a {type(distances).__name__}")
    sizes = np.array(distances, dtype=float) if np.asarray(distances).dtype.kind in "iuf" else None
    if sizes is None:
        raise TypeError(f"distances must hold real numbers; got dtype {np.asarray(distances).dtype}")
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError(f"distances must be a non-empty 1-d array; got shape {sizes.shape}")
    if not (np.isfinite(sizes[0]) and sizes[0] > 0) or np.any(sizes < 0):
        raise ValueError("distances must be sizes, zero or more, with a finite positive first one (e_0)")
    above = np.flatnonzero(~(sizes <= factor * sizes[0]))  # NaN (a blown-up run) counts as above
    if above.size == 0:
        return 0.0
    if above[-1] == sizes.size - 1:
        return math.inf
    return float(above[-1] + 1)


# The names of gdcore 0.2: they still work, and warn.


def optimal_alpha(X: ArrayLike) -> float:
    r"""Deprecated since gdcore 0.3, removed in 0.4: the old name of :func:`best_alpha`.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, one row per example.

    Returns
    -------
    alpha_star : float
        As :func:`best_alpha`: :math:`2/(\lambda_{\max} + \lambda_{\min})`. Notebook 07.

    Raises
    ------
    TypeError, ValueError
        As :func:`best_alpha`.

    Warns
    -----
    DeprecationWarning
        Always, pointing at the calling line.
    """
    deprecated("optimal_alpha(X)", "best_alpha(X)")
    return best_alpha(X)


def iterations_needed(parts: ArrayLike, factors: ArrayLike, factor: float) -> float:
    r"""Deprecated since gdcore 0.3, removed in 0.4: the old name of :func:`iterations_from_parts`
    (the method :meth:`Bowl.iterations_needed` keeps its name).

    Parameters
    ----------
    parts : array_like, shape (n,)
        The start error's parts along the orthonormal eigenvectors, :math:`c = V^\top e_0`.
    factors : array_like, shape (n,)
        What one update multiplies each part by, :math:`q_i = 1 - \alpha\lambda_i`.
    factor : float
        How much the error must shrink, below 1.

    Returns
    -------
    k : float
        As :func:`iterations_from_parts`. Notebook 07.

    Raises
    ------
    TypeError, ValueError
        As :func:`iterations_from_parts`.

    Warns
    -----
    DeprecationWarning
        Always, pointing at the calling line.
    """
    deprecated("iterations_needed(parts, factors, factor)", "iterations_from_parts(parts, factors, factor)")
    return iterations_from_parts(parts, factors, factor)
