"""Input checks shared by every public function of gdcore.

Each check converts its argument to a fresh float array (so the caller's data are never modified)
or raises ``TypeError``/``ValueError`` with a message that names the argument, says what it must be
and what it got, in the style of scikit-learn: ``"alpha must be a positive finite number; got -0.1"``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

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


def check_entries(vector: np.ndarray, name: str, n: int, per: str = "column of X") -> np.ndarray:
    """A 1-d ``vector`` with ``n`` entries, one per ``per``, returned as it is."""
    if vector.shape[0] != n:
        raise ValueError(f"{name} must have one entry per {per} ({n}); got {vector.shape[0]} entries")
    return vector


def check_problem(theta: object, X: object, y: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check theta (n,), X (m, n) and y (m,) together and return them as new float arrays."""
    theta_ = as_float_array(theta, "theta", 1)
    X_, y_ = check_data(X, y)
    return check_entries(theta_, "theta", X_.shape[1]), X_, y_


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


def check_count(value: object, name: str, at_least: int = 0) -> int:
    """A count: a whole number (not a bool, not 2.5), ``at_least`` or more (zero by default)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        kind = type(value).__name__
        raise TypeError(f"{name} must be a whole number; got {value!r} of type {kind}")
    count = int(value)
    if count < at_least:
        wanted = "zero or more" if at_least == 0 else f"at least {at_least}"
        raise ValueError(f"{name} must be {wanted}; got {count}")
    return count


def check_batch_size(batch_size: object, m: int) -> int:
    """A batch size: a whole number from 1 to the number of examples m."""
    wanted = f"a whole number from 1 to m = {m}"
    if isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral):
        kind = type(batch_size).__name__
        raise TypeError(f"batch_size must be {wanted}; got {batch_size!r} of type {kind}")
    size = int(batch_size)
    if not 1 <= size <= m:
        raise ValueError(f"batch_size must be {wanted}; got {size}")
    return size


def check_beta(beta: object) -> float:
    """A momentum: a real number in [0, 1)."""
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real):
        raise TypeError(f"beta must be a number in [0, 1); got {beta!r} of type {type(beta).__name__}")
    value = float(beta)
    if not 0 <= value < 1:
        raise ValueError(f"beta must be a number in [0, 1); got {value!r}")
    return value


def check_decay(value: object, name: str) -> float:
    """A decay rate such as Adam's beta1 or beta2: a real number in [0, 1), the message naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in [0, 1); got {value!r} of type {type(value).__name__}")
    number = float(value)
    if not 0 <= number < 1:
        raise ValueError(f"{name} must be a number in [0, 1); got {number!r}")
    return number


def check_flag(value: object, name: str) -> bool:
    """A switch: True or False (NumPy's booleans too), not 1 or "yes"."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r} of type {type(value).__name__}")
    return bool(value)


def check_schedule(schedule: object) -> Callable[[int], float] | None:
    """A learning-rate schedule: None, or a function of the update number."""
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be None or a function of the update number; got {schedule!r}")
    return schedule


def check_schedule_factor(factor: object, t: int) -> float:
    """What a schedule returned for update t: a real number, finite, zero or more."""
    if type(factor) is float and 0.0 <= factor < math.inf:  # the usual answer, without abc's isinstance
        return factor
    if (
        isinstance(factor, bool)
        or not isinstance(factor, numbers.Real)
        or not math.isfinite(factor)
        or factor < 0
    ):
        raise ValueError(
            "schedule must return a finite number zero or more for every update; "
            f"schedule({t}) returned {factor!r}"
        )
    return float(factor)


def check_factor(factor: object) -> float:
    """How much an error must shrink: a real number, strictly between 0 and 1."""
    value = check_positive(factor, "factor", "a positive finite number")
    if value >= 1:
        raise ValueError(f"factor must be below 1 (the error shrinks by it); got {value!r}")
    return value


def check_rates(rate: object) -> np.ndarray:
    """Rates of shrinking, one or many: real numbers, zero or more (``inf`` allowed), as a float array."""
    if isinstance(rate, (str, bytes)):
        raise TypeError(f"rate must be a number or an array of numbers; got a {type(rate).__name__}")
    try:
        raw = np.asarray(rate)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"rate must be a number or a rectangular array of numbers; {exc}") from None
    if raw.dtype.kind not in "iuf":  # not "b": True is not a rate
        raise TypeError(f"rate must hold real numbers; got {rate!r} of dtype {raw.dtype}")
    rates = np.array(raw, dtype=float)
    if np.any(np.isnan(rates)) or np.any(rates < 0):
        raise ValueError(f"rate must be zero or more (the size of a factor, |q|), not NaN; got {rate!r}")
    return rates


def check_tolerance(value: object, name: str) -> float | None:
    """A tolerance: None (not used), or a real number, finite and strictly positive."""
    return None if value is None else check_positive(value, name, "a positive finite number or None")


def check_condition_number(value: object) -> float:
    """A condition number: a real number, finite, 1 or more (a ratio of the largest to the smallest)."""
    wanted = "a finite number, 1 or more"
    number = check_positive(value, "condition_number", wanted)
    if number < 1:
        raise ValueError(f"condition_number must be {wanted} (largest over smallest); got {number!r}")
    return number


def check_nonnegative(value: object, name: str) -> float:
    """A real number, finite, zero or more (not a bool)."""
    wanted = "a finite number, zero or more"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = type(value).__name__
        raise TypeError(f"{name} must be {wanted}; got {value!r} of type {kind}")
    number = float(value)
    if not (np.isfinite(number) and number >= 0):
        raise ValueError(f"{name} must be {wanted}; got {number!r}")
    return number
