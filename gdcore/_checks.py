"""Input checks shared by every public function of gdcore.

Each check converts its argument to a fresh float array (so the caller's data are never modified)
or raises ``TypeError``/``ValueError`` with a message that names the argument, says what it must be
and what it got, in the style of scikit-learn: ``"alpha must be a positive finite number; got -0.1"``.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(value: object, name: str, ndim: int | tuple[int, ...]) -> np.ndarray:
    """Return ``value`` as a new finite float array of the given rank, or raise naming ``name``."""
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers; got a {type(value).__name__}")
    try:
        raw = np.asarray(value)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular array of numbers; {exc}") from None
    if raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers; got an array of dtype {raw.dtype}")
    if raw.ndim not in allowed:
        wanted = " or ".join(f"{d}-d" for d in allowed)
        raise ValueError(f"{name} must be a {wanted} array; got {raw.ndim}-d with shape {raw.shape}")
    if raw.size == 0:
        raise ValueError(f"{name} must not be empty; got shape {raw.shape}")
    array = np.array(raw, dtype=float)  # always a copy
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} must contain only finite numbers; got {bad} NaN or infinite value(s)")
    return array


def check_design(X: object, name: str = "X") -> np.ndarray:
    """A design matrix: 2-d, shape (m, n), finite, non-empty."""
    return as_float_array(X, name, 2)


def check_data(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Check X (m, n) and y (m,) together and return them as new float arrays."""
    X = check_design(X)
    y = as_float_array(y, "y", 1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one entry per row of X ({X.shape[0]}); got {y.shape[0]} entries")
    return X, y


def check_problem(theta: object, X: object, y: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check theta (n,), X (m, n) and y (m,) together and return them as new float arrays."""
    theta = as_float_array(theta, "theta", 1)
    X, y = check_data(X, y)
    if theta.shape[0] != X.shape[1]:
        raise ValueError(
            f"theta must have one entry per column of X ({X.shape[1]}); got {theta.shape[0]} entries"
        )
    return theta, X, y


def check_positive(value: object, name: str, wanted: str = "a positive finite number") -> float:
    """A real number, finite and strictly positive (not a bool); the message says ``wanted``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = type(value).__name__
        raise TypeError(f"{name} must be {wanted}; got {value!r} of type {kind}")
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be {wanted}; got {value!r}")
    return value


def check_alpha(alpha: object) -> float:
    """A learning rate: a real number, finite and strictly positive."""
    return check_positive(alpha, "alpha")


def check_count(value: object, name: str) -> int:
    """A count: a whole number (not a bool, not 2.5), zero or more."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        kind = type(value).__name__
        raise TypeError(f"{name} must be a whole number; got {value!r} of type {kind}")
    if value < 0:
        raise ValueError(f"{name} must be zero or more; got {value}")
    return int(value)


def check_tolerance(value: object, name: str) -> float | None:
    """A tolerance: None (not used), or a real number, finite and strictly positive."""
    return None if value is None else check_positive(value, name, "a positive finite number or None")
