r"""What every descent shares, whatever its update rule: the record of the way it went.

:func:`~gdcore.gradient_descent` (notebook 05), :func:`~gdcore.minibatch_descent` (notebook 09) and
:func:`~gdcore.momentum_descent` (notebook 10) each make their own updates; around the updates they
all do the same things, and do them here, once:

* keep the history: theta and the cost :math:`J(\theta)` at every update, in two buffers allocated
  once at the most rows the run can need (:class:`History`);
* watch for a blow-up: the cost is no longer a finite number, or it is above
  ``DIVERGENCE_FACTOR`` times its start (or 1, whichever is larger);
* cut the history at the first update that blew up, as arrays of their own, not views;
* say what went wrong in words, once, as a :class:`DivergenceWarning`, and return a
  :class:`DescentResult`.

This module imports no plotting library.
"""

from __future__ import annotations

import functools
import math
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike

from ._deprecation import deprecated

__all__ = [
    "DIVERGENCE_FACTOR",
    "ROUNDING_SLACK",
    "DescentResult",
    "DivergenceWarning",
    "History",
    "theta_first",
]

#: Divergent descent is stopped when the cost exceeds this many times its starting value (or 1,
#: whichever is larger), before it overflows. (Divergence itself is known before: alpha is at or
#: above the stability limit, or the cost rose.)
DIVERGENCE_FACTOR = 1e10

#: A rise of the cost smaller than this fraction of it (plus the same fraction of the starting cost)
#: is rounding, not divergence: near the minimum the computed cost wobbles in its last digits.
ROUNDING_SLACK = 1e-9


class DivergenceWarning(UserWarning):
    """Descent cannot converge: alpha is at or above the stability limit, or the cost rose."""


@dataclass(frozen=True, eq=False)
class DescentResult:
    r"""What a run of descent did: where it ended, the way it went, and whether it diverged.

    Attributes
    ----------
    theta : ndarray, shape (n,)
        The last parameters reached.
    theta_history : ndarray, shape (iterations + 1, n)
        Row k holds theta after k updates; row 0 is the starting point. An array of its own, exactly
        this size (never a view into a larger buffer).
    cost_history : ndarray, shape (iterations + 1,)
        The :func:`~gdcore.half_mse` at each row of ``theta_history``.
    diverged : bool
        True exactly when descent with this alpha cannot converge: alpha is at or above the
        stability limit :math:`2/\lambda_{\max}`, or the cost rose at some update by more than
        rounding (on a quadratic cost that can only happen above the limit). A
        :class:`DivergenceWarning` with ``message`` was then issued.
    iterations : int
        How many updates were made: ``num_iters``, or fewer when the cost blew up and descent was
        stopped (it is then no longer a finite number, or larger than ``DIVERGENCE_FACTOR`` times
        its start).
    message : str
        What went wrong, in words (the warning's text), or ``""``.
    stopped_by : str
        Why descent stopped: ``"iterations"`` (it made all ``num_iters``), ``"gradient"`` (the
        gradient's norm fell to ``gradient_tolerance``, or to zero), ``"cost change"`` (one update
        changed the cost by at most ``cost_tolerance`` of it), ``"rounding"`` (conjugate gradients
        only: the gradient fell to the rounding level of its own computation) or ``"blow-up"``.

    Notes
    -----
    Two results are equal (``==``) when their histories, ``diverged`` and ``iterations`` are equal.
    Introduced in notebook 05.
    """

    theta: np.ndarray
    theta_history: np.ndarray
    cost_history: np.ndarray
    diverged: bool
    iterations: int
    message: str = ""
    stopped_by: str = "iterations"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DescentResult):
            return NotImplemented
        return (
            self.diverged == other.diverged
            and self.iterations == other.iterations
            and np.array_equal(self.theta_history, other.theta_history)
            and np.array_equal(self.cost_history, other.cost_history, equal_nan=True)
        )

    __hash__ = None  # type: ignore[assignment]  # holds arrays: not hashable

    def __repr__(self) -> str:
        theta = np.array2string(self.theta, precision=6, separator=", ")
        cost = self.cost_history[-1]
        return (
            f"DescentResult(theta={theta}, cost={cost:.6g}, iterations={self.iterations}, "
            f"diverged={self.diverged})"
        )


#: The code of descent's own functions (the public descent functions, their order-switching wrapper,
#: :meth:`History.result`): a :class:`DivergenceWarning` points past them at the line that called descent.
_OWN_CODE: set[CodeType] = set()

Descent = TypeVar("Descent", bound=Callable[..., DescentResult])


def _rank(value: object) -> int:
    """How deep ``value`` is nested: 1 for a vector, 2 for a matrix (2 for ragged nested lists)."""
    try:
        return int(np.ndim(value))  # type: ignore[arg-type]
    except ValueError:  # ragged nested lists: a bad matrix, which the checks then name
        return 2


def _in_old_order(args: tuple[Any, ...]) -> bool:
    """Whether the positional arguments of a descent are ``X, y, theta, ...`` (the old order) rather
    than ``theta, X, y, ...``: X is a matrix, theta and y are vectors. A matrix second is the new
    order even when the first is a matrix too: the checks then name theta, not a y it never was."""
    if not args:
        return False
    if len(args) >= 2 and _rank(args[1]) == 2:
        return False
    if _rank(args[0]) == 2:
        return True
    if len(args) < 2 or _rank(args[0]) == 1:
        return False
    return True  # neither order fits: the checks then name X, as they always have


def theta_first(descent: Descent) -> Descent:
    """Let ``descent(theta, X, y, ...)`` also be called in the old order, ``descent(X, y, theta, ...)``.

    Parameters
    ----------
    descent : callable
        A descent function whose first three parameters are ``theta, X, y``.

    Returns
    -------
    callable
        The same function (same name, signature and docstring), which also accepts the order of
        gdcore 0.2, ``X, y, theta``, with theta positional or a keyword, with a
        :class:`DeprecationWarning` (deprecated since gdcore 0.3, removed in 0.4) that points at the
        calling line. The two orders cannot be
        confused: X is a 2-d design matrix, theta and y are 1-d vectors. A 2-d second argument, or a
        1-d first one, is the new order; otherwise a first argument nested two deep is X (the old
        order).
    """
    name = descent.__name__

    def either_order(*args: Any, **kwargs: Any) -> DescentResult:
        if not _in_old_order(args):
            return descent(*args, **kwargs)
        given = dict(zip(("X", "y", "theta"), args[:3], strict=False))  # the old order
        for clash in sorted(given.keys() & kwargs.keys()):
            raise TypeError(f"{name}() got multiple values for argument {clash!r}")
        given.update(kwargs)
        missing = [arg for arg in ("X", "y", "theta") if arg not in given]
        if missing:
            raise TypeError(f"{name}() missing argument(s): {', '.join(missing)}")
        theta, X, y = given.pop("theta"), given.pop("X"), given.pop("y")
        # one frame more than the caller of either_order: the warning is issued inside deprecated()
        deprecated(f"{name}(X, y, theta, ...)", f"{name}(theta, X, y, ...)", _caller_stacklevel() + 1)
        return descent(theta, X, y, *args[3:], **given)

    _OWN_CODE.update({descent.__code__, either_order.__code__})
    return cast(Descent, functools.update_wrapper(either_order, descent))


def _caller_stacklevel() -> int:
    """The ``stacklevel`` for :func:`warnings.warn`, called in one of descent's own functions, that
    names the line which called the public descent function (every frame of ``_OWN_CODE`` skipped)."""
    frame = sys._getframe(1)  # the function about to warn: stacklevel 1
    level = 1
    while frame.f_back is not None and frame.f_code in _OWN_CODE:
        frame, level = frame.f_back, level + 1
    return level


class History:
    r"""The way a descent goes: theta and the cost at every update, and the watch for a blow-up.

    Parameters
    ----------
    theta : ndarray, shape (n,)
        The starting point, row 0.
    cost : float
        Its cost :math:`J(\theta_0)`, which sets the blow-up bound.
    updates : int
        The most updates the run can make: the buffers get ``updates + 1`` rows, once.

    Attributes
    ----------
    thetas : ndarray, shape (updates + 1, n)
        Row k is theta after k updates. A loop may write rows itself and check them later with
        :meth:`first_blow_up`.
    costs : ndarray, shape (updates + 1,)
        Row k is the cost of ``thetas[k]`` once recorded.
    bound : float
        ``DIVERGENCE_FACTOR`` times the starting cost (or 1, whichever is larger): a cost above it,
        or one that is not a finite number, has blown up.
    """

    __slots__ = ("bound", "costs", "thetas")

    def __init__(self, theta: np.ndarray, cost: float, updates: int) -> None:
        self.thetas = np.empty((updates + 1, len(theta)))
        self.costs = np.empty(updates + 1)
        self.thetas[0], self.costs[0] = theta, cost
        self.bound = DIVERGENCE_FACTOR * max(cost, 1.0)

    def record(self, k: int, theta: ArrayLike, cost: float) -> bool:
        """Keep row k, theta after k updates and its cost; say whether that cost has blown up.

        Parameters
        ----------
        k : int
            The number of updates made, 1 or more.
        theta : array_like, shape (n,)
            Theta after them.
        cost : float
            Its cost.

        Returns
        -------
        bool
            True when the cost is not a finite number or is above ``bound``.
        """
        self.thetas[k], self.costs[k] = theta, cost
        return not math.isfinite(cost) or cost > self.bound

    def first_blow_up(self, first: int, costs: np.ndarray) -> int | None:
        """Keep the costs of a block of rows whose thetas are written already; find the first blow-up.

        Parameters
        ----------
        first : int
            The first row of the block.
        costs : ndarray, shape (rows,)
            The costs of rows ``first``, ``first + 1``, ...

        Returns
        -------
        int or None
            The first of those rows whose cost has blown up, or None.
        """
        self.costs[first : first + len(costs)] = costs
        bad = ~(np.isfinite(costs) & (costs <= self.bound))
        return first + int(np.argmax(bad)) if bad.any() else None

    def cost_went(self, done: int, planned: int) -> str:
        """Where the cost went, in words, for a run stopped early.

        Parameters
        ----------
        done : int
            The updates made.
        planned : int
            The updates asked for.

        Returns
        -------
        str
            " The cost went from J₀ to J_done: stopped after done of planned iterations."
        """
        return (
            f" The cost went from {self.costs[0]:.4g} to {self.costs[done]:.4g}: stopped after {done} of "
            f"{planned} iterations."
        )

    def result(self, done: int, stopped_by: str, message: str = "") -> DescentResult:
        """The :class:`DescentResult` of a run; warns once, in words, if there is a message.

        Parameters
        ----------
        done : int
            The updates made: the histories are cut after row ``done`` (as copies, when rows are
            left over).
        stopped_by : str
            Why the run stopped: ``"iterations"``, ``"gradient"``, ``"cost change"``, ``"rounding"``
            or ``"blow-up"``.
        message : str
            What went wrong, in words, or ``""``; ``diverged`` is True exactly when there is one.

        Returns
        -------
        DescentResult

        Warns
        -----
        DivergenceWarning
            With ``message``, if any, pointing at the line that called the descent function.
        """
        if message:  # the warning points at the line that called the descent function
            warnings.warn(DivergenceWarning(message), stacklevel=_caller_stacklevel())
        thetas, costs = self.thetas, self.costs
        if done + 1 < len(thetas):  # stopped early: keep copies of just the part that was filled
            thetas, costs = thetas[: done + 1].copy(), costs[: done + 1].copy()
        return DescentResult(
            theta=thetas[done].copy(),
            theta_history=thetas,
            cost_history=costs,
            diverged=bool(message),
            iterations=done,
            message=message,
            stopped_by=stopped_by,
        )


_OWN_CODE.add(History.result.__code__)
