"""The course's data sets: small, exact and the same on every run.

Each function returns a :class:`DataSet`, a named pair ``(x, y)`` of 1-d float arrays, so both
``x, y = jewelry_sales()`` and ``data.x`` work. Build the design matrix with
:func:`gdcore.design_matrix`.
"""

from __future__ import annotations

from importlib import resources
from typing import NamedTuple

import numpy as np

from ._checks import check_condition_number, check_count, check_nonnegative

__all__ = [
    "RING_SEED",
    "DataSet",
    "draw_rings",
    "five_points",
    "jewelry_rings",
    "jewelry_sales",
    "problem_with_residual",
    "stored_rings",
    "toy_line",
]

#: The seed of :func:`jewelry_rings`. For this draw the source's learning rate 0.01 lies just below
#: the stability limit (about 0.01025), as it did for the source's own draw; notebook 05 shows that
#: for most other draws 0.01 diverges.
RING_SEED = 42

#: The default draw, ``draw_rings(100, RING_SEED)``, stored in the package (see :func:`jewelry_rings`).
RINGS_FILE = "jewelry_rings.csv"


class DataSet(NamedTuple):
    """A feature ``x`` (shape (m,)) and a target ``y`` (shape (m,))."""

    x: np.ndarray
    y: np.ndarray


def jewelry_sales() -> DataSet:
    r"""Three gold rings sold by three stores: carats of gold and price in dollars.

    (1 carat, $150), (2 carats, $250), (3 carats, $250). As equations
    :math:`\theta_0 + \theta_1 x_i = y_i` they form an overdetermined, inconsistent system: three
    equations, two unknowns, no exact solution. From source 000 ("Gradient Descent from Scratch").
    Used in notebook 01.

    Returns
    -------
    DataSet
        ``x``: carats of gold, ``y``: price in dollars.
    """
    return DataSet(np.array([1.0, 2.0, 3.0]), np.array([150.0, 250.0, 250.0]))


def toy_line() -> DataSet:
    r"""Three points on the line y = 3x, at x = 1, 2, 3.

    The one-parameter walk-through of source 000: the cost table, the gradient -14 and the first
    steps of descent, with theta0 held at zero (use ``x[:, None]`` as X), where
    :math:`J(\theta_1) = \tfrac{7}{3}(\theta_1 - 3)^2`. Used in notebooks 02-04.

    Returns
    -------
    DataSet
        ``x = [1, 2, 3]``, ``y = 3x``.
    """
    x = np.array([1.0, 2.0, 3.0])
    return DataSet(x, 3.0 * x)


def five_points() -> DataSet:
    """Five points, x = 1..5 and y = 1, 3, 3, 3, 5, from source 002.

    Their least-squares line is :math:`y = 0.8x + 0.6`. Used in notebook 08.

    Returns
    -------
    DataSet
        ``x = [1, 2, 3, 4, 5]``, ``y = [1, 3, 3, 3, 5]``.
    """
    return DataSet(np.arange(1.0, 6.0), np.array([1.0, 3.0, 3.0, 3.0, 5.0]))


def jewelry_rings(n: int = 100, seed: int = RING_SEED) -> DataSet:
    """Gold rings with $30 of silver each, generated the way source 000 describes, but seeded.

    Parameters
    ----------
    n : int
        How many rings (at least 1).
    seed : int
        Seed of the :class:`numpy.random.Generator` (zero or more); the same seed gives the same rings.

    Returns
    -------
    DataSet
        ``x``: carats of gold; ``y``: price in dollars, rounded to cents (see :func:`draw_rings`).

    Notes
    -----
    The default, 100 rings with seed :data:`RING_SEED`, is read from ``jewelry_rings.csv`` in this
    package: every number printed in the course was computed from it, and NumPy promises the same
    random stream only on the same build, so these values are frozen rather than drawn again. Any
    other ``n`` or ``seed`` is drawn by :func:`draw_rings` (so 50 rings are not the first 50 of the
    default 100). ``tests/test_data.py`` checks that the recipe still reproduces the stored file.
    Used in notebook 05.

    Raises
    ------
    TypeError, ValueError
        If n is not a whole number of at least 1, or seed not a whole number of zero or more.
    """
    n = check_count(n, "n", at_least=1)
    seed = check_count(seed, "seed")
    if (n, seed) == (100, RING_SEED):
        return stored_rings()
    return draw_rings(n, seed)


def draw_rings(n: int, seed: int) -> DataSet:
    r"""Draw ``n`` rings from a seeded generator: the recipe of :func:`jewelry_rings`.

    Parameters
    ----------
    n : int
        How many rings.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    DataSet
        ``x``: carats of gold, :math:`25\,U(0, 1)`; ``y``: price in dollars, rounded to cents,
        :math:`30 + g_i x_i` with a whole-dollar gold price per carat :math:`g_i` drawn uniformly
        from 40 to 59.

    Notes
    -----
    Source 000 seeds NumPy's legacy generator for the carats but draws the gold prices from Python's
    unseeded ``random`` module, so its numbers cannot be reproduced by anyone. Here both come from
    one seeded generator. Used by :func:`jewelry_rings` (notebook 05).

    Raises
    ------
    TypeError, ValueError
        If n is not a whole number of at least 1, or seed not a whole number of zero or more.
    """
    n = check_count(n, "n", at_least=1)
    seed = check_count(seed, "seed")
    rng = np.random.default_rng(seed)
    carats = 25.0 * rng.random(n)
    gold_per_carat = rng.integers(40, 60, size=n)  # 40..59, like random.randrange(40, 60)
    price = np.round(30.0 + gold_per_carat * carats, 2)
    return DataSet(carats, price)


def stored_rings() -> DataSet:
    """The default 100 rings, read from ``jewelry_rings.csv`` in this package (new arrays each call).

    Each float is stored as Python's ``repr`` and read back with :class:`float`, which round-trips
    exactly. Used by :func:`jewelry_rings` (notebook 05).

    Returns
    -------
    DataSet
        ``x``: carats of gold; ``y``: price in dollars.
    """
    text = resources.files(__package__).joinpath(RINGS_FILE).read_text(encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines() if line and not line.startswith("#")]
    header, *values = rows
    if header != ["carats", "price"]:
        raise RuntimeError(f"{RINGS_FILE} must start with the header carats,price; got {header}")
    carats = np.array([float(x) for x, _ in values])
    price = np.array([float(y) for _, y in values])
    return DataSet(carats, price)


def problem_with_residual(
    condition_number: float, tan_psi: float, m: int = 50, n: int = 5, seed: int = 8
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A least-squares problem whose κ(X), residual and answer are chosen: X, y and θ_true.

    Parameters
    ----------
    condition_number : float
        :math:`\kappa(X) = \sigma_{\max}/\sigma_{\min}` of the design built, 1 or more.
    tan_psi : float
        :math:`\tan\varphi = \lVert r\rVert / \lVert X\theta_{\text{true}}\rVert`, zero or more:
        how far y lies from the column space of X (ψ is the angle between y and its fit).
    m : int
        The number of rows, even, at least 2n.
    n : int
        The number of columns, 2 or more.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    X : ndarray, shape (m, n)
    y : ndarray, shape (m,)
        :math:`X\theta_{\text{true}} + r`, rounded once per entry.
    theta_true : ndarray, shape (n,)
        Whole numbers from 1 to 9: the least-squares answer, up to the rounding of y.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    The top half of X is :math:`A = U\,\mathrm{diag}(\sigma_1, \dots, \sigma_n)\,V^\top`, with U
    (m/2 × n) and V (n × n) orthonormal from seeded QR factorisations and
    :math:`\sigma_i = \kappa^{-(i-1)/(n-1)}`, so :math:`\kappa(A) = \kappa`; the bottom half is A
    again, which leaves κ unchanged (:math:`X^\top X = 2A^\top A`). The residual is
    :math:`r = (s, -s)` for a seeded s, scaled to the asked tan ψ: each column of X meets it as
    :math:`a_j\cdot s - a_j\cdot s = 0`, **exactly** orthogonal to the stored X (a residual
    orthogonalised in floating point would be orthogonal only to a nearby X, whose answer differs
    by :math:`\kappa^2\tan\varphi` rounding units). So :math:`X^\top(y - X\theta_{\text{true}}) = 0`
    up to the rounding of y: θ_true is the least-squares answer to about :math:`\kappa(1 + \tan\varphi)`
    rounding units. Introduced in notebook 08.

    Examples
    --------
    >>> X, y, theta_true = problem_with_residual(100.0, 0.5, m=6, n=2)
    >>> round(float(np.linalg.cond(X)), 6)
    100.0
    >>> r = y - X @ theta_true
    >>> round(float(np.linalg.norm(r) / np.linalg.norm(X @ theta_true)), 6)
    0.5
    """
    kappa = check_condition_number(condition_number)
    tan_psi = check_nonnegative(tan_psi, "tan_psi")
    n = check_count(n, "n", at_least=2)
    m = check_count(m, "m", at_least=2 * n)
    if m % 2:
        raise ValueError(f"m must be even (the rows come in pairs); got {m}")
    seed = check_count(seed, "seed")
    rng = np.random.default_rng(seed)
    half = m // 2
    U, _ = np.linalg.qr(rng.standard_normal((half, n)))
    V, _ = np.linalg.qr(rng.standard_normal((n, n)))
    sigma = kappa ** (-np.arange(n) / (n - 1))
    A = (U * sigma) @ V.T
    X = np.vstack([A, A])
    theta_true = rng.integers(1, 10, size=n).astype(float)
    fit = X @ theta_true
    s = rng.standard_normal(half)
    s *= tan_psi * np.linalg.norm(fit) / (np.sqrt(2) * np.linalg.norm(s))
    return X, fit + np.concatenate([s, -s]), theta_true
