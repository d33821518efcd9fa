r"""What the closed form and descent cost, counted in flops, and when descent wins (notebook 08).

One flop is one addition or one multiplication of two floats. For ``m`` rows and ``n`` parameters
the normal equations cost :math:`mn^2 + 2mn + \tfrac13 n^3` once (solved by Cholesky), a step of
descent :math:`4mn`; a bowl of condition number :math:`\kappa` needs about
:math:`\kappa \ln(1/\text{factor})` steps at :math:`\alpha = 1/\lambda_{\max}`, and conjugate gradients
about :math:`\tfrac12\sqrt\kappa \ln(2/\text{factor})` iterations at most.
Pure arithmetic on counts: no data, no plotting library.
"""

from __future__ import annotations

import math

from ._checks import check_condition_number, check_count, check_factor
from .regression import iterations_for_rate

__all__ = [
    "break_even_iterations",
    "cg_iterations_for_condition",
    "closed_form_flops",
    "descent_flops",
    "iterations_for_condition",
]


def closed_form_flops(m: int, n: int) -> float:
    r"""The flops of the normal equations: form :math:`X^\top X` and :math:`X^\top y`, solve by Cholesky.

    Parameters
    ----------
    m : int
        The number of rows (examples), 1 or more.
    n : int
        The number of parameters (columns of X), 1 or more.

    Returns
    -------
    flops : float
        :math:`mn^2 + 2mn + \tfrac13 n^3`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    .. math:: \underbrace{mn^2}_{X^\top X} + \underbrace{2mn}_{X^\top y}
              + \underbrace{\tfrac13 n^3}_{\text{Cholesky}}

    :math:`X^\top X` has :math:`n(n+1)/2` different entries, each a sum of m products: about
    :math:`mn^2` flops. :math:`X^\top X` is symmetric and positive definite, so it factors as
    :math:`GG^\top` (Cholesky, :func:`~gdcore.normal_equations`) in :math:`\tfrac13 n^3` flops, half
    of LU's :math:`\tfrac23 n^3`; the two triangular solves add only :math:`2n^2`, left out. Paid
    once, whatever the start. Notebook 08 teaches it.

    Examples
    --------
    >>> closed_form_flops(10, 2)  # 10·4 + 2·10·2 + 8/3 = 40 + 40 + 2.67
    82.66666666666667
    """
    m = check_count(m, "m", 1)
    n = check_count(n, "n", 1)
    return m * n**2 + 2 * m * n + n**3 / 3


def descent_flops(m: int, n: int, num_iters: int) -> float:
    r"""The flops of ``num_iters`` steps of full-batch gradient descent.

    Parameters
    ----------
    m : int
        The number of rows (examples), 1 or more.
    n : int
        The number of parameters (columns of X), 1 or more.
    num_iters : int
        The number of steps k, zero or more.

    Returns
    -------
    flops : float
        :math:`4kmn`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    One step computes :math:`X\theta` (:math:`2mn` flops) and :math:`X^\top r` (:math:`2mn` more):

    .. math:: 4mn \text{ per step}, \qquad 4kmn \text{ for } k \text{ steps}.

    Notebook 08 teaches it.

    Examples
    --------
    >>> descent_flops(10, 2, 100)  # 4·100·10·2
    8000.0
    """
    m = check_count(m, "m", 1)
    n = check_count(n, "n", 1)
    k = check_count(num_iters, "num_iters")
    return float(4 * k * m * n)


def break_even_iterations(m: int, n: int) -> float:
    r"""The number of descent steps that cost as much as the closed form: descent wins below it.

    Parameters
    ----------
    m : int
        The number of rows (examples), 1 or more.
    n : int
        The number of parameters (columns of X), 1 or more.

    Returns
    -------
    k_even : float
        :math:`\frac n4 + \frac12 + \frac{n^2}{12m}`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    :math:`k` steps cost less than the closed form when :math:`4kmn < mn^2 + 2mn + \tfrac13 n^3`,
    that is

    .. math:: k < k_{\text{even}} = \frac{mn^2 + 2mn + \tfrac13 n^3}{4mn}
              = \frac n4 + \frac12 + \frac{n^2}{12m}.

    It grows with n; the steps needed do not (:func:`iterations_for_condition`). Notebook 08 teaches it.

    Examples
    --------
    >>> round(break_even_iterations(10**6, 1000), 2)  # 250 + 0.5 + 0.083
    250.58
    """
    m = check_count(m, "m", 1)
    n = check_count(n, "n", 1)
    return closed_form_flops(m, n) / (4 * m * n)


def iterations_for_condition(condition_number: float, factor: float) -> int:
    r"""The steps descent with :math:`\alpha = 1/\lambda_{\max}` needs to shrink its error by ``factor``.

    Parameters
    ----------
    condition_number : float
        :math:`\kappa = \lambda_{\max}/\lambda_{\min}` of the bowl (of :math:`X^\top X`), 1 or more.
    factor : float
        How much the error must shrink, between 0 and 1 (say 1e-6).

    Returns
    -------
    k : int
        :math:`\lceil \ln(\text{factor})/\ln(1 - 1/\kappa) \rceil`; 1 for :math:`\kappa = 1`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    With :math:`\alpha = 1/\lambda_{\max}` each step multiplies the error along an eigenvector by
    :math:`q = 1 - \lambda/\lambda_{\max}`, at worst by :math:`1 - 1/\kappa` (the flattest direction), so

    .. math:: k = \left\lceil \frac{\ln(\text{factor})}{\ln(1 - 1/\kappa)} \right\rceil
              \approx \kappa \ln(1/\text{factor}),

    :func:`~gdcore.iterations_for_rate` at the rate :math:`1 - 1/\kappa`. For a design X it is
    ``bowl(X).iterations_to_shrink(1 / bowl(X).curvatures[-1], factor)``. Notebook 08 teaches it.

    Examples
    --------
    >>> iterations_for_condition(10, 1e-6)  # ln(1e-6)/ln(0.9) = 131.1
    132
    >>> iterations_for_condition(1, 1e-6)  # a round bowl: one step lands
    1
    """
    kappa = check_condition_number(condition_number)
    factor = check_factor(factor)
    return int(iterations_for_rate(1 - 1 / kappa, factor))


def cg_iterations_for_condition(condition_number: float, factor: float) -> int:
    r"""The iterations after which conjugate gradients' error bound has shrunk by ``factor``.

    Parameters
    ----------
    condition_number : float
        :math:`\kappa = \lambda_{\max}/\lambda_{\min}` of :math:`X^\top X`, 1 or more.
    factor : float
        How much the bound must shrink, between 0 and 1 (say 1e-6).

    Returns
    -------
    k : int
        The smallest k with :math:`2\left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^k \le`
        ``factor``; 1 for :math:`\kappa = 1`.

    Raises
    ------
    TypeError, ValueError
        If an argument is not what Parameters says (TypeError for a wrong kind, such as a count of
        2.5; ValueError for a wrong value or shape); the message names the argument.

    Notes
    -----
    Conjugate gradients (:func:`~gdcore.conjugate_gradient`) on the normal equations keep the error
    in the norm :math:`\lVert e\rVert_{H} = \sqrt{e^\top H e}` of the Hessian :math:`H = X^\top X/m` below

    .. math:: \lVert e_k\rVert_H \le 2\left(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\right)^k
              \lVert e_0\rVert_H,
              \qquad k = \left\lceil \frac{\ln(\text{factor}/2)}
              {\ln\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}} \right\rceil
              \approx \frac{\sqrt\kappa}{2}\ln\frac{2}{\text{factor}},

    where descent with its best α needs about :math:`\frac{\kappa}{2}\ln(1/\text{factor})`. It is
    a bound: in exact arithmetic CG is exact after at most n iterations, whatever κ. Notebook 08
    teaches it.

    Examples
    --------
    >>> cg_iterations_for_condition(100, 1e-6)  # ln(5e-7)/ln(9/11) = 72.3
    73
    >>> cg_iterations_for_condition(1, 1e-6)  # a round bowl: one iteration lands
    1
    """
    kappa = check_condition_number(condition_number)
    factor = check_factor(factor)
    root = math.sqrt(kappa)
    return int(iterations_for_rate((root - 1) / (root + 1), factor / 2))
