"""Linear regression by gradient descent: every formula the course uses, and nothing else.

Conventions (the same in every notebook):

* ``X`` is the design matrix, shape ``(m, n)``: one row per example, the column of ones (the bias)
  first when there is one;
* ``theta`` has shape ``(n,)``, so the hypothesis is :math:`h = X\\theta`;
* ``y`` has shape ``(m,)``.

This module imports no plotting library. Every function checks its input and never modifies the
arrays it is given.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_float_array, check_alpha, check_count, check_design, check_problem

__all__ = [
    "DescentResult",
    "DivergenceWarning",
    "descent_regime",
    "design_matrix",
    "gradient",
    "gradient_descent",
    "half_mse",
    "half_mse_each",
    "hessian",
    "least_squares",
    "mse",
    "predict",
    "residuals",
    "stability_limit",
    "step",
    "step_factor",
    "sum_of_squares",
]

#: Descent is declared divergent when the cost exceeds this many times its starting value (or 1,
#: whichever is larger). Below the stability limit the cost of a quadratic never rises above its
#: starting value, so crossing this bound can only mean divergence.
DIVERGENCE_FACTOR = 1e10

#: How many residuals :func:`half_mse_each` computes at a time (8 MB of floats).
_BLOCK_SIZE = 1_000_000


class DivergenceWarning(UserWarning):
    """Gradient descent stopped because the cost blew up (alpha above the stability limit)."""


def design_matrix(x: ArrayLike) -> np.ndarray:
    """Put a column of ones in front of the features.

    Parameters
    ----------
    x : array_like, shape (m,) or (m, k)
        The feature values, one row per example.

    Returns
    -------
    X : ndarray, shape (m, k + 1)
        ``[1, x]``: the first column multiplies :math:`\\theta_0` (the intercept).

    Notes
    -----
    Introduced in notebook 01. With it the hypothesis :math:`\\theta_0 + \\theta_1 x` becomes
    the single matrix product :math:`X\\theta`.

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


def predict(theta: ArrayLike, X: ArrayLike) -> np.ndarray:
    """The hypothesis: one prediction per row of ``X``.

    Parameters
    ----------
    theta : array_like, shape (n,)
    X : array_like, shape (m, n)

    Returns
    -------
    h : ndarray, shape (m,)

    Notes
    -----
    .. math:: h_\\theta(x^{(i)}) = \\sum_j \\theta_j X_{ij}, \\qquad h = X\\theta

    Examples
    --------
    >>> predict([116.0, 50.0], design_matrix([1, 2]))
    array([166., 216.])
    """
    X = check_design(X)
    theta = as_float_array(theta, "theta", 1)
    if theta.shape[0] != X.shape[1]:
        raise ValueError(
            f"theta must have one entry per column of X ({X.shape[1]}); got {theta.shape[0]} entries"
        )
    return X @ theta


def _residual(theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return X @ theta - y


def residuals(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """How far each prediction misses: prediction minus observation.

    Returns
    -------
    r : ndarray, shape (m,)

    Notes
    -----
    .. math:: r_i = h_\\theta(x^{(i)}) - y^{(i)}, \\qquad r = X\\theta - y

    Introduced in notebook 01.

    Examples
    --------
    >>> residuals([0.0, 100.0], design_matrix([1, 2, 3]), [150, 250, 250])
    array([-50., -50.,  50.])
    """
    theta, X, y = check_problem(theta, X, y)
    return _residual(theta, X, y)


def sum_of_squares(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    """The plain sum of squared residuals, with no factor in front.

    Notes
    -----
    .. math:: S(\\theta) = \\sum_{i=1}^{m} \\left(h_\\theta(x^{(i)}) - y^{(i)}\\right)^2 = 2m\\,J(\\theta)

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
    """The course's cost: half the mean of the squared errors.

    Parameters
    ----------
    theta : array_like, shape (n,)
    X : array_like, shape (m, n)
    y : array_like, shape (m,)

    Returns
    -------
    J : float

    Notes
    -----
    .. math:: J(\\theta) = \\frac{1}{2m} \\sum_{i=1}^{m} \\left(h_\\theta(x^{(i)}) - y^{(i)}\\right)^2

    The :math:`\\tfrac12` is there only so that the 2 from differentiating the square cancels
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
    """The cost :func:`half_mse` of many parameter vectors at once: one row of ``thetas`` each.

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

    Notes
    -----
    .. math:: J(\\theta_i) = \\frac{1}{2m} \\lVert X\\theta_i - y \\rVert^2, \\qquad i = 1, \\dots, k

    All residuals are computed as one matrix product :math:`\\Theta X^\\top - y` (in blocks, so that a
    fine grid on a large data set needs little memory) instead of a Python loop over the grid. The
    cost curves and contour plots of notebooks 03 to 05 use it.

    Examples
    --------
    >>> half_mse_each([[0.0], [3.0], [14.0]], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0]).round(2)
    array([ 21.  ,   0.  , 282.33])
    """
    X = check_design(X)
    thetas = as_float_array(thetas, "thetas", 2)
    y = as_float_array(y, "y", 1)
    m, n = X.shape
    if thetas.shape[1] != n:
        raise ValueError(
            f"thetas must have one column per column of X ({n}); got shape {thetas.shape}"
        )
    if y.shape[0] != m:
        raise ValueError(f"y must have one entry per row of X ({m}); got {y.shape[0]} entries")
    costs = np.empty(len(thetas))
    rows = max(1, _BLOCK_SIZE // m)  # thetas per block: a block's residuals hold about _BLOCK_SIZE numbers
    for start in range(0, len(thetas), rows):
        block = thetas[start : start + rows] @ X.T - y
        costs[start : start + rows] = np.einsum("ij,ij->i", block, block) / (2 * m)
    return costs


def mse(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    """The mean squared error, without the one half.

    Notes
    -----
    .. math:: \\mathrm{MSE}(\\theta)
              = \\frac{1}{m} \\sum_{i=1}^{m} \\left(h_\\theta(x^{(i)}) - y^{(i)}\\right)^2
              = 2 J(\\theta)

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


def gradient(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """The gradient of :func:`half_mse` with respect to theta.

    Returns
    -------
    grad : ndarray, shape (n,)

    Notes
    -----
    .. math:: \\nabla J(\\theta) = \\frac{1}{m} X^\\top (X\\theta - y), \\qquad
              \\frac{\\partial J}{\\partial \\theta_j} = \\frac{1}{m}\\sum_{i=1}^{m}
              \\left(h_\\theta(x^{(i)}) - y^{(i)}\\right) x_j^{(i)}

    Introduced in notebook 04.

    Examples
    --------
    >>> gradient([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0])
    array([-14.])
    """
    theta, X, y = check_problem(theta, X, y)
    return X.T @ _residual(theta, X, y) / len(y)


def step(theta: ArrayLike, X: ArrayLike, y: ArrayLike, alpha: float) -> np.ndarray:
    """One update of gradient descent.

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

    Notes
    -----
    .. math:: \\theta := \\theta - \\alpha \\nabla J(\\theta)

    Introduced in notebook 04.

    Examples
    --------
    >>> step([0.0], [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0], alpha=0.01)
    array([0.14])
    """
    alpha = check_alpha(alpha)
    theta, X, y = check_problem(theta, X, y)
    return theta - alpha * (X.T @ _residual(theta, X, y) / len(y))


@dataclass(frozen=True)
class DescentResult:
    """What :func:`gradient_descent` did.

    Attributes
    ----------
    theta : ndarray, shape (n,)
        The last parameters reached.
    theta_history : ndarray, shape (iterations + 1, n)
        Row k holds theta after k updates; row 0 is the starting point.
    cost_history : ndarray, shape (iterations + 1,)
        The :func:`half_mse` at each row of ``theta_history``.
    diverged : bool
        True when descent stopped early because the cost blew up.
    iterations : int
        How many updates were actually made.
    """

    theta: np.ndarray
    theta_history: np.ndarray
    cost_history: np.ndarray
    diverged: bool
    iterations: int


def gradient_descent(
    X: ArrayLike, y: ArrayLike, theta: ArrayLike, alpha: float, num_iters: int
) -> DescentResult:
    """Run ``num_iters`` updates of gradient descent on :func:`half_mse`, keeping the history.

    Parameters
    ----------
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    theta : array_like, shape (n,)
        The starting point (not modified).
    alpha : float
        The learning rate, a positive finite number.
    num_iters : int
        How many updates to make, zero or more.

    Returns
    -------
    DescentResult
        Final theta, the histories (starting with the initial theta and its cost), whether it
        diverged and how many updates were made.

    Warns
    -----
    DivergenceWarning
        Once, in words, when the cost stops being finite or grows past
        ``DIVERGENCE_FACTOR`` times its starting value; descent then stops and the histories end
        at that iteration. NumPy's overflow warnings are never shown.

    Notes
    -----
    .. math:: \\theta^{(k+1)} = \\theta^{(k)} - \\frac{\\alpha}{m} X^\\top \\left(X\\theta^{(k)} - y\\right)

    Each iteration computes the residual :math:`r = X\\theta - y` once and uses it for both the
    cost :math:`r^\\top r / 2m` and the next gradient :math:`X^\\top r / m`. Introduced in notebook 05.

    Examples
    --------
    >>> result = gradient_descent([[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0], [0.0], 0.01, 2)
    >>> result.theta_history.ravel().round(6)
    array([0.      , 0.14    , 0.273467])
    """
    theta, X, y = check_problem(theta, X, y)
    alpha = check_alpha(alpha)
    num_iters = check_count(num_iters, "num_iters")
    m = len(y)
    theta_history = np.empty((num_iters + 1, len(theta)))
    cost_history = np.empty(num_iters + 1)

    # One residual buffer, reused: r = Xθ − y serves both the cost and the next gradient.
    residual = np.empty(m)
    np.matmul(X, theta, out=residual)
    residual -= y
    cost = float(residual @ residual) / (2 * m)
    theta_history[0], cost_history[0] = theta, cost
    bound = DIVERGENCE_FACTOR * max(cost, 1.0)
    done, diverged = 0, False
    # Overflow is expected when alpha is too large; we detect it ourselves and say so in words.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, num_iters + 1):
            theta = theta - (alpha / m) * (X.T @ residual)
            np.matmul(X, theta, out=residual)
            residual -= y
            cost = float(residual @ residual) / (2 * m)
            theta_history[k], cost_history[k] = theta, cost
            done = k
            if not math.isfinite(cost) or cost > bound:
                diverged = True
                break
    if diverged:
        limit = stability_limit(X)
        warnings.warn(
            DivergenceWarning(
                f"gradient descent diverged at iteration {done}: the cost reached {cost:.3g}. "
                f"alpha = {alpha:g} is above the stability limit {limit:.4g}; "
                f"choose alpha below it."
            ),
            stacklevel=2,
        )
    return DescentResult(
        theta=theta_history[done].copy(),
        theta_history=theta_history[: done + 1],
        cost_history=cost_history[: done + 1],
        diverged=diverged,
        iterations=done,
    )


def least_squares(X: ArrayLike, y: ArrayLike) -> np.ndarray:
    """The exact minimiser of the cost, in closed form.

    Returns
    -------
    theta_star : ndarray, shape (n,)

    Notes
    -----
    .. math:: \\theta^\\star = \\arg\\min_\\theta \\lVert X\\theta - y \\rVert^2,
              \\text{ the solution of } X^\\top X \\theta = X^\\top y

    Computed with :func:`numpy.linalg.lstsq` (an SVD), which is stable even when
    :math:`X^\\top X` is badly conditioned and returns the smallest solution when there are many.
    Any positive multiple of the squared error (``half_mse``, ``mse``, the plain sum) has this same
    minimiser. Introduced in notebook 01.

    Examples
    --------
    >>> least_squares(design_matrix([1, 2, 3]), [150, 250, 250]).round(4)
    array([116.6667,  50.    ])
    """
    X = check_design(X)
    y = as_float_array(y, "y", 1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one entry per row of X ({X.shape[0]}); got {y.shape[0]} entries")
    theta_star, *_ = np.linalg.lstsq(X, y, rcond=None)
    return theta_star


def hessian(X: ArrayLike) -> np.ndarray:
    """The Hessian of :func:`half_mse`: how the gradient changes as theta moves.

    Returns
    -------
    H : ndarray, shape (n, n)

    Notes
    -----
    .. math:: H = \\nabla^2 J = \\frac{1}{m} X^\\top X

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


def stability_limit(X: ArrayLike) -> float:
    """The largest learning rate for which gradient descent on :func:`half_mse` converges.

    Returns
    -------
    alpha_max : float
        ``inf`` when X is all zeros (the cost is then flat).

    Notes
    -----
    .. math:: \\alpha_{\\max} = \\frac{2}{\\lambda_{\\max}\\left(X^\\top X / m\\right)}

    :math:`X^\\top X / m` is the Hessian of :math:`J`. Along its top eigenvector one update
    multiplies the error by :math:`1 - \\alpha\\lambda_{\\max}`, whose size is below 1 exactly when
    :math:`\\alpha < 2/\\lambda_{\\max}`. With a cost written :math:`\\tfrac1m\\sum` the Hessian
    doubles and the limit halves; with a plain :math:`\\sum` it is :math:`m` times smaller again.
    Introduced in notebook 04.

    Examples
    --------
    >>> round(stability_limit([[1.0], [2.0], [3.0]]), 6)  # 2 / mean(x**2) = 3/7
    0.428571
    """
    top = float(np.linalg.eigvalsh(hessian(X))[-1])
    return math.inf if top <= 0 else 2.0 / top


def step_factor(X: ArrayLike, alpha: float) -> float:
    """What one step of descent multiplies the error by, along the steepest direction of the bowl.

    Returns
    -------
    q : float
        Below 1 in size: the error there shrinks; negative: it changes sign at every step (descent
        jumps across the valley); below -1: it grows, and descent diverges.

    Notes
    -----
    .. math:: q = 1 - \\alpha\\lambda_{\\max}\\left(X^\\top X / m\\right) = 1 - 2\\alpha / \\alpha_{\\max}

    In one dimension, :math:`\\theta_1 - \\theta_1^\\star` becomes :math:`q\\,(\\theta_1 - \\theta_1^\\star)`
    after each step. Introduced in notebook 04.

    Examples
    --------
    >>> round(step_factor([[1.0], [2.0], [3.0]], 0.01), 6)  # 1 - 0.01 * 14/3
    0.953333
    """
    alpha = check_alpha(alpha)
    top = float(np.linalg.eigvalsh(hessian(X))[-1])
    return 1.0 - alpha * top


def descent_regime(X: ArrayLike, alpha: float) -> str:
    """How gradient descent on :func:`half_mse` behaves with learning rate ``alpha``.

    Returns
    -------
    regime : {"smooth", "oscillating", "divergent"}
        ``"smooth"`` when :math:`\\alpha \\le \\alpha_{\\max}/2`: every component of the error shrinks
        without changing sign, so descent walks down one side of the valley;
        ``"oscillating"`` when :math:`\\alpha_{\\max}/2 < \\alpha < \\alpha_{\\max}`: the fastest component
        changes sign at every step, so descent jumps across the valley, closer each time;
        ``"divergent"`` when :math:`\\alpha \\ge \\alpha_{\\max}`: it jumps further out each time (at the
        limit itself it bounces for ever, which does not converge either).

    Notes
    -----
    The regimes are the signs and sizes of :func:`step_factor` :math:`q = 1 - 2\\alpha/\\alpha_{\\max}`:
    :math:`q \\ge 0`, :math:`-1 < q < 0` and :math:`q \\le -1`; they are decided by comparing
    :math:`\\alpha` with the limit, which is exact at the boundaries. Introduced in notebook 04.

    Examples
    --------
    >>> [descent_regime([[1.0], [2.0], [3.0]], a) for a in (0.01, 0.3, 0.5)]
    ['smooth', 'oscillating', 'divergent']
    """
    alpha = check_alpha(alpha)
    limit = stability_limit(X)
    if alpha >= limit:
        return "divergent"
    return "oscillating" if alpha > limit / 2 else "smooth"
