r"""Ridge regression: the penalised cost, its closed form and its descent, and choosing the penalty by
cross-validation (notebook 13).

The penalised cost adds :math:`\tfrac{\gamma}{2}\lVert w\rVert^2` to the course's :math:`J`, where
:math:`w = (\theta_1, \dots, \theta_{n-1})` are the weights without the intercept :math:`\theta_0`:

.. math:: J_\gamma(\theta) = J(\theta) + \frac{\gamma}{2}\,\theta^\top I'\theta,

with :math:`I'` the identity with a 0 in the intercept's corner (:func:`penalty_matrix`). The penalty is
written :math:`\gamma` (scikit-learn's ``SGDRegressor(alpha=...)``), never :math:`\lambda`, which the
course keeps for the eigenvalues of :math:`H`. The first column of ``X`` is the intercept's column of
ones everywhere in this module.

This module imports no plotting library. Every function checks its input and never modifies the
arrays it is given.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    as_float_array,
    check_alpha,
    check_count,
    check_data,
    check_design,
    check_nonnegative,
    check_problem,
)
from .descent import DescentResult, History, theta_first

__all__ = [
    "CrossValidation",
    "cross_validation_error",
    "kfold",
    "learning_curve",
    "penalty_matrix",
    "quadratic_features",
    "ridge",
    "ridge_cost",
    "ridge_descent",
    "ridge_gradient",
    "ridge_hessian",
    "ridge_path",
]


def _check_gamma(gamma: object) -> float:
    return check_nonnegative(gamma, "gamma")


def _check_gammas(gammas: object) -> np.ndarray:
    values = as_float_array(gammas, "gammas", (0, 1)).ravel()
    if np.any(values < 0):
        raise ValueError(f"gammas must be zero or more; got {values[values < 0][0]!r}")
    return values


def penalty_matrix(n: int) -> np.ndarray:
    r""":math:`I'`, the identity with a 0 in the intercept's corner: the penalty's matrix.

    Parameters
    ----------
    n : int
        The number of parameters, 1 or more (the intercept first).

    Returns
    -------
    ndarray, shape (n, n)
        :math:`I' = \operatorname{diag}(0, 1, \dots, 1)`.

    Raises
    ------
    TypeError, ValueError
        If ``n`` is not a whole number, 1 or more.

    Notes
    -----
    .. math::

        \tfrac12\,\theta^\top I'\theta = \tfrac12\lVert w\rVert^2, \quad w = (\theta_1, \dots, \theta_{n-1})

    Introduced in notebook 13.

    Examples
    --------
    >>> penalty_matrix(3)
    array([[0., 0., 0.],
           [0., 1., 0.],
           [0., 0., 1.]])
    """
    n = check_count(n, "n", 1)
    identity = np.eye(n)
    identity[0, 0] = 0.0
    return identity


def ridge_cost(theta: ArrayLike, X: ArrayLike, y: ArrayLike, gamma: float) -> float:
    r"""The penalised cost :math:`J_\gamma(\theta) = J(\theta) + \tfrac{\gamma}{2}\lVert w\rVert^2`.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The parameters, the intercept first.
    X : array_like, shape (m, n)
        The design matrix, its first column the ones.
    y : array_like, shape (m,)
    gamma : float
        The penalty's strength, zero or more.

    Returns
    -------
    float

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    .. math::

        J_\gamma(\theta) = \frac{1}{2m}\lVert X\theta - y\rVert^2 + \frac{\gamma}{2}\sum_{j\ge1}\theta_j^2

    The intercept :math:`\theta_0` is not penalised. Introduced in notebook 13.

    Examples
    --------
    >>> ridge_cost([1.0, 2.0], [[1.0, 0.0], [1.0, 1.0]], [1.0, 1.0], gamma=0.5)  # (0 + 4)/4 + 0.25·4
    2.0
    """
    theta, X, y = check_problem(theta, X, y)
    gamma = _check_gamma(gamma)
    residual = X @ theta - y
    return float(residual @ residual) / (2 * len(y)) + gamma / 2 * float(theta[1:] @ theta[1:])


def ridge_gradient(theta: ArrayLike, X: ArrayLike, y: ArrayLike, gamma: float) -> np.ndarray:
    r"""The gradient of :func:`ridge_cost`: :math:`\nabla J + \gamma I'\theta`.

    Parameters
    ----------
    theta : array_like, shape (n,)
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    gamma : float
        The penalty's strength, zero or more.

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    .. math:: \nabla J_\gamma(\theta) = \frac1m X^\top(X\theta - y) + \gamma I'\theta

    Introduced in notebook 13.

    Examples
    --------
    >>> ridge_gradient([1.0, 2.0], [[1.0, 0.0], [1.0, 1.0]], [1.0, 1.0], gamma=0.5)  # (1, 1) + (0, 1)
    array([1., 2.])
    """
    theta, X, y = check_problem(theta, X, y)
    gamma = _check_gamma(gamma)
    grad = X.T @ (X @ theta - y) / len(y)
    grad[1:] += gamma * theta[1:]
    return grad


def ridge_hessian(X: ArrayLike, gamma: float) -> np.ndarray:
    r"""The Hessian of :func:`ridge_cost`, :math:`H + \gamma I'`.

    Parameters
    ----------
    X : array_like, shape (m, n)
    gamma : float
        The penalty's strength, zero or more.

    Returns
    -------
    ndarray, shape (n, n)

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    .. math:: H_\gamma = \frac1m X^\top X + \gamma I'

    When the features (the columns after the first) have mean 0, :math:`H` has no entries between the
    intercept and the weights, and the eigenvalues of :math:`H_\gamma` are :math:`H`'s own plus
    :math:`\gamma`, except the intercept's, which stays. Introduced in notebook 13.

    Examples
    --------
    >>> ridge_hessian([[1.0, -1.0], [1.0, 1.0]], gamma=0.5)
    array([[1. , 0. ],
           [0. , 1.5]])
    """
    X = check_design(X)
    gamma = _check_gamma(gamma)
    H = X.T @ X / len(X)
    H[np.arange(1, H.shape[0]), np.arange(1, H.shape[0])] += gamma
    return H


def ridge(X: ArrayLike, y: ArrayLike, gamma: float) -> np.ndarray:
    r"""The exact minimiser of :func:`ridge_cost`, in closed form.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The design matrix, its first column the ones.
    y : array_like, shape (m,)
    gamma : float
        The penalty's strength, zero or more. At 0 it is least squares (and needs :math:`X` of full
        column rank).

    Returns
    -------
    ndarray, shape (n,)
        :math:`\theta_\gamma`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.
    numpy.linalg.LinAlgError
        When :math:`H + \gamma I'` is singular (at :math:`\gamma = 0` with dependent columns).

    Notes
    -----
    Setting the gradient to zero:

    .. math:: \left(\frac1m X^\top X + \gamma I'\right)\theta_\gamma = \frac1m X^\top y

    Introduced in notebook 13.

    Examples
    --------
    >>> ridge([[1.0, -1.0], [1.0, 1.0]], [0.0, 2.0], gamma=1.0)  # θ₀ = 1, (1 + 1)θ₁ = 1
    array([1. , 0.5])
    """
    X, y = check_data(X, y)
    gamma = _check_gamma(gamma)
    return np.linalg.solve(ridge_hessian(X, gamma), X.T @ y / len(y))


def ridge_path(X: ArrayLike, y: ArrayLike, gammas: ArrayLike) -> np.ndarray:
    r"""The closed form :func:`ridge` at many penalties at once: one row per :math:`\gamma`.

    Parameters
    ----------
    X : array_like, shape (m, n)
    y : array_like, shape (m,)
    gammas : array_like, shape (g,)
        Penalties, each zero or more.

    Returns
    -------
    ndarray, shape (g, n)
        Row i is :math:`\theta_{\gamma_i}`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    .. math:: \left(H + \gamma_i I'\right)\theta_{\gamma_i} = \frac1m X^\top y, \quad i = 1, \dots, g

    Introduced in notebook 13.

    Examples
    --------
    >>> ridge_path([[1.0, -1.0], [1.0, 1.0]], [0.0, 2.0], [0.0, 1.0])
    array([[1. , 1. ],
           [1. , 0.5]])
    """
    X, y = check_data(X, y)
    gammas = _check_gammas(gammas)
    return _ridge_many(X, y, gammas)


def _ridge_many(X: np.ndarray, y: np.ndarray, gammas: np.ndarray) -> np.ndarray:
    """Checked inputs: one batched solve of (H + γI′)θ = Xᵀy/m for every γ."""
    m, n = X.shape
    H = X.T @ X / m
    systems = np.broadcast_to(H, (len(gammas), n, n)).copy()
    diagonal = np.arange(1, n)
    systems[:, diagonal, diagonal] += gammas[:, None]
    right = np.broadcast_to(X.T @ y / m, (len(gammas), n))[..., None]
    return np.linalg.solve(systems, right)[..., 0]


@theta_first
def ridge_descent(
    theta: ArrayLike, X: ArrayLike, y: ArrayLike, gamma: float, alpha: float, num_iters: int
) -> DescentResult:
    r"""Gradient descent on the penalised cost :func:`ridge_cost`, keeping the history.

    Parameters
    ----------
    theta : array_like, shape (n,)
        The starting point (not modified).
    X : array_like, shape (m, n)
        The design matrix, its first column the ones.
    y : array_like, shape (m,)
    gamma : float
        The penalty's strength, zero or more (0 is :func:`~gdcore.gradient_descent`'s cost).
    alpha : float
        The learning rate, a positive finite number.
    num_iters : int
        How many updates to make, zero or more.

    Returns
    -------
    DescentResult
        Histories of theta and of the penalised cost :math:`J_\gamma`, row 0 the start, as for
        :func:`~gdcore.gradient_descent`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Warns
    -----
    DivergenceWarning
        Once, in words, when alpha is at or above the limit :math:`2/\lambda_{\max}(H + \gamma I')`;
        if the cost then blows up, descent stops there.

    Notes
    -----
    .. math::

        \theta^{(k+1)} = \theta^{(k)}
        - \alpha\left(\frac1m X^\top(X\theta^{(k)} - y) + \gamma I'\theta^{(k)}\right)

    The weights shrink by :math:`1 - \alpha\gamma` before the data's step ("weight decay"); the
    error obeys :math:`e_{k+1} = (I - \alpha(H + \gamma I'))e_k`. Introduced in notebook 13.

    Examples
    --------
    >>> run = ridge_descent([0.0, 0.0], [[1.0, -1.0], [1.0, 1.0]], [0.0, 2.0], 1.0, 0.5, 40)
    >>> run.theta.round(6)  # the closed form (1, 0.5)
    array([1. , 0.5])
    """
    start, X_, y_ = check_problem(theta, X, y)
    gamma = _check_gamma(gamma)
    alpha = check_alpha(alpha)
    num_iters = check_count(num_iters, "num_iters")
    m = len(y_)
    limit = 2 / float(np.linalg.eigvalsh(ridge_hessian(X_, gamma))[-1])
    current = start
    residual = X_ @ current - y_
    half_gamma = gamma / 2
    history = History(
        current,
        float(residual @ residual) / (2 * m) + half_gamma * float(current[1:] @ current[1:]),
        num_iters,
    )
    record = history.record
    done = 0
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, num_iters + 1):
            grad = (X_.T @ residual) / m
            grad[1:] += gamma * current[1:]
            current = current - alpha * grad
            residual = X_ @ current - y_
            weights = current[1:]
            done = k
            if record(
                k, current, float(residual @ residual) / (2 * m) + half_gamma * float(weights @ weights)
            ):
                break
    message = ""
    if alpha >= limit:
        fate = history.cost_went(done, num_iters) if done < num_iters else ""
        message = (
            f"ridge descent diverges: alpha = {alpha:g} is at or above its stability limit "
            f"2/λ_max(H + γI′) = {limit:.4g}.{fate} Choose alpha below {limit:.4g}."
        )
    return history.result(done, "blow-up" if done < num_iters else "iterations", message)


def kfold(m: int, folds: int, seed: int) -> list[np.ndarray]:
    r"""Split the rows 0..m−1 into ``folds`` validation folds, from a seeded shuffle.

    Parameters
    ----------
    m : int
        The number of examples, at least ``folds``.
    folds : int
        K, the number of folds, 2 or more.
    seed : int
        The seed of the :func:`numpy.random.default_rng` that shuffles the rows.

    Returns
    -------
    list of ndarray
        K arrays of row numbers, sorted within each, that together hold every row once: the
        shuffled rows cut into K consecutive pieces whose sizes differ by at most one
        (:func:`numpy.array_split`).

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    Fold :math:`k` is validated by a fit on the other :math:`K - 1` folds. Introduced in notebook 13.

    Examples
    --------
    >>> [len(fold) for fold in kfold(10, 3, seed=0)]
    [4, 3, 3]
    """
    folds = check_count(folds, "folds", 2)
    m = check_count(m, "m", folds)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be a whole number; got {seed!r} of type {type(seed).__name__}")
    order = np.random.default_rng(seed).permutation(m)
    return [np.sort(part) for part in np.array_split(order, folds)]


def _check_folds(folds: object, m: int) -> list[np.ndarray]:
    """Validation folds: two or more arrays of row numbers that together hold each of 0..m−1 once."""
    if not isinstance(folds, (list, tuple)) or len(folds) < 2:
        raise ValueError("folds must be a list of two or more arrays of row numbers (see gdcore.kfold)")
    parts = [np.asarray(fold) for fold in folds]
    if any(part.dtype.kind not in "iu" or part.ndim != 1 or part.size == 0 for part in parts):
        raise TypeError("folds must be non-empty 1-d arrays of whole row numbers")
    rows = np.sort(np.concatenate(parts))
    if not np.array_equal(rows, np.arange(m)):
        raise ValueError(f"folds must hold every row 0..{m - 1} exactly once")
    return parts


def _standardised_design(fit_rows: np.ndarray, *others: np.ndarray) -> list[np.ndarray]:
    """Design matrices (ones first), the features standardised with ``fit_rows``' mean and deviation."""
    shift, scale = fit_rows.mean(axis=0), fit_rows.std(axis=0)
    if np.any(scale == 0):
        raise ValueError("every feature must take two or more values in the rows a fit learns from")
    return [np.column_stack([np.ones(len(rows)), (rows - shift) / scale]) for rows in (fit_rows, *others)]


class CrossValidation(NamedTuple):
    """Training and validation errors of :func:`cross_validation_error` or :func:`learning_curve`.

    Attributes
    ----------
    train : ndarray, shape (K, g)
        The mean squared error :math:`2J` of each fold's fit on the rows it learnt from, one row per
        fold, one column per penalty (or per training-set size).
    validation : ndarray, shape (K, g)
        Its mean squared error on the fold it did not see.
    """

    train: np.ndarray
    validation: np.ndarray


def cross_validation_error(
    x: ArrayLike, y: ArrayLike, gammas: ArrayLike, folds: list[np.ndarray]
) -> CrossValidation:
    r"""K-fold cross-validation of :func:`ridge` at each penalty, standardising inside each fold.

    Parameters
    ----------
    x : array_like, shape (m, p)
        The features, without the column of ones.
    y : array_like, shape (m,)
    gammas : array_like, shape (g,)
        The penalties to try, each zero or more.
    folds : list of array_like
        The validation folds, which together hold each row once (:func:`kfold`).

    Returns
    -------
    CrossValidation
        ``train`` and ``validation``, each of shape (K, g): the mean squared errors of each fold's fit.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    For fold :math:`k`, the other rows' mean and standard deviation standardise the features (the
    fold helps choose nothing, not even a mean), :math:`\theta_\gamma` is :func:`ridge` on those rows,
    and the fold's error is :math:`\frac{1}{|F_k|}\sum_{i \in F_k}(x_i\theta_\gamma - y_i)^2`. The
    cross-validation error at :math:`\gamma` is the mean over the K folds. Introduced in notebook 13.

    Examples
    --------
    >>> x, y = [[0.0], [1.0], [2.0], [3.0]], [0.0, 1.0, 2.0, 3.0]
    >>> cross_validation_error(x, y, [0.0], kfold(4, 2, seed=0)).validation.round(12)  # a line: no error
    array([[0.],
           [0.]])
    """
    x_, y_ = check_data(x, y)
    gammas_ = _check_gammas(gammas)
    parts = _check_folds(folds, len(y_))
    train = np.empty((len(parts), len(gammas_)))
    validation = np.empty_like(train)
    for k, fold in enumerate(parts):
        keep = np.setdiff1d(np.arange(len(y_)), fold)
        X_fit, X_val = _standardised_design(x_[keep], x_[fold])
        thetas = _ridge_many(X_fit, y_[keep], gammas_)
        train[k] = np.mean((thetas @ X_fit.T - y_[keep]) ** 2, axis=1)
        validation[k] = np.mean((thetas @ X_val.T - y_[fold]) ** 2, axis=1)
    return CrossValidation(train, validation)


def learning_curve(
    x: ArrayLike, y: ArrayLike, sizes: ArrayLike, gamma: float, folds: list[np.ndarray]
) -> CrossValidation:
    r"""Errors against the training-set size: each fold's fit on the first ``size`` rows of the others.

    Parameters
    ----------
    x : array_like, shape (m, p)
        The features, without the column of ones.
    y : array_like, shape (m,)
    sizes : array_like of int, shape (s,)
        Training-set sizes, each from 2 to the fewest rows outside a fold.
    gamma : float
        The penalty, zero or more.
    folds : list of array_like
        The validation folds (:func:`kfold`); each fit takes the first ``size`` of the other rows in
        the order the folds list them.

    Returns
    -------
    CrossValidation
        ``train`` and ``validation``, each of shape (K, s): the mean squared errors of each fold's fit
        on its ``size`` rows and on the fold.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    As :func:`cross_validation_error`, with the fit of fold :math:`k` made on only the first
    :math:`m'` rows outside it (standardised with their own mean and standard deviation) and judged
    on the whole fold. Introduced in notebook 13.

    Examples
    --------
    >>> x, y = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]], [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    >>> learning_curve(x, y, [2, 3], 0.0, kfold(6, 2, seed=0)).validation.round(12)
    array([[0., 0.],
           [0., 0.]])
    """
    x_, y_ = check_data(x, y)
    gamma = _check_gamma(gamma)
    parts = _check_folds(folds, len(y_))
    sizes_ = as_float_array(sizes, "sizes", 1)
    fewest = len(y_) - max(len(part) for part in parts)
    if np.any(sizes_ != np.round(sizes_)) or np.any(sizes_ < 2) or np.any(sizes_ > fewest):
        raise ValueError(f"sizes must be whole numbers from 2 to {fewest} (the fewest rows outside a fold)")
    order = np.concatenate(parts)
    train = np.empty((len(parts), len(sizes_)))
    validation = np.empty_like(train)
    for k, fold in enumerate(parts):
        others = order[~np.isin(order, fold)]
        for s, size in enumerate(sizes_.astype(int)):
            rows = others[:size]
            X_fit, X_val = _standardised_design(x_[rows], x_[fold])
            theta = _ridge_many(X_fit, y_[rows], np.array([gamma]))[0]
            train[k, s] = np.mean((X_fit @ theta - y_[rows]) ** 2)
            validation[k, s] = np.mean((X_val @ theta - y_[fold]) ** 2)
    return CrossValidation(train, validation)


def quadratic_features(x: ArrayLike, names: list[str] | None = None) -> tuple[np.ndarray, list[str]]:
    r"""The features, then every product of two different ones and every square: a quadratic model.

    Parameters
    ----------
    x : array_like, shape (m, p)
        The features, without the column of ones.
    names : list of str, optional
        The p features' names (``x1``, ``x2``, ... when not given).

    Returns
    -------
    features : ndarray, shape (m, q)
        The p features, then for each pair i ≤ j the product :math:`x_i x_j`, in the order
        (0, 0), (0, 1), ..., (p−1, p−1), leaving out the square of a feature that takes only two
        values (its square is a linear function of it and the ones: the columns would be dependent).
    names : list of str
        Their names: ``"bmi"``, ``"bmi·s5"``, ``"bmi²"``.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says; the message names the argument.

    Notes
    -----
    A model linear in these columns is quadratic in the measurements,
    :math:`h(x) = \theta_0 + \sum_i \theta_i x_i + \sum_{i\le j}\theta_{ij} x_i x_j`. Each column is a
    function of one example alone: no statistics of the data enter. Introduced in notebook 13.

    Examples
    --------
    >>> features, names = quadratic_features([[1.0, 2.0], [0.0, 3.0], [1.0, 5.0]], ["a", "b"])
    >>> names  # a takes two values: a² = a is left out
    ['a', 'b', 'a·b', 'b²']
    >>> features[0]
    array([1., 2., 2., 4.])
    """
    x_ = check_design(x, "x")
    p = x_.shape[1]
    labels = [f"x{j + 1}" for j in range(p)] if names is None else list(names)
    if len(labels) != p or not all(isinstance(label, str) for label in labels):
        raise ValueError(f"names must be {p} strings, one per column of x; got {names!r}")
    columns, out = [x_], list(labels)
    for i in range(p):
        for j in range(i, p):
            if i == j and len(np.unique(x_[:, i])) <= 2:
                continue
            columns.append((x_[:, i] * x_[:, j])[:, None])
            out.append(f"{labels[i]}²" if i == j else f"{labels[i]}·{labels[j]}")
    return np.hstack(columns), out
