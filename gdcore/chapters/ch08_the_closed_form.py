"""Chapter 08, "The closed form, and when descent wins": its entry in the course (:mod:`gdcore.course`)
and its exercises. Each function below works an exercise the way the notebook's solution does, with
gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its hints name the mistake, never the
answer.
"""

from __future__ import annotations

import math

import numpy as np

from ..cost_model import break_even_iterations, iterations_for_condition
from ..course import Chapter
from ..data import jewelry_rings
from ..regression import iterations_for_rate, polynomial_design
from ..selfcheck.core import Answer, Exercise


def _predicted_digits(x: np.ndarray, degree: int) -> tuple[float, float]:
    """The rule of thumb: lstsq keeps 16 − log10 κ(X) digits, solve 16 − 2 log10 κ(X) (never below 0)."""
    log_kappa = float(np.log10(np.linalg.cond(polynomial_design(x, degree))))
    return max(0.0, 16 - log_kappa), max(0.0, 16 - 2 * log_kappa)


def predicted_digits_at_degree_nine() -> Answer:
    carats, _ = jewelry_rings()
    lstsq, solve = _predicted_digits(carats / 25, 9)
    lost = 16 - lstsq
    return Answer(
        right=(lstsq, solve),
        # The digits are read to a tenth, and solve's doubles the rounding of log10 κ(X): ±0.1.
        relative=0,
        absolute=0.1,
        mistakes=[
            ((solve, lstsq), "Give (lstsq, solve), in that order."),
            ((lost, 2 * lost), "Those are the digits lost. The question asks for the digits kept, of 16."),
            (
                (lstsq, lstsq),
                "lstsq is right; solve works with XᵀX, whose κ is κ(X)²: it loses twice the digits.",
            ),
            (_predicted_digits(carats / 25, 8), "That is degree 8, the table's last row. Build degree 9."),
            (_predicted_digits(carats, 9), "That is the raw carats. The exercise takes x/25."),
            (
                _predicted_digits((carats - carats.mean()) / carats.std(), 9),
                "That is the standardised design. The exercise takes x/25.",
            ),
        ],
        hint="log10 κ(X) of gd.polynomial_design(carats / 25, 9); lstsq keeps 16 − log10 κ(X) digits and "
        "solve 16 − 2·log10 κ(X).",
    )


def _largest_kappa(m: int, n: int, count) -> int:
    """The largest whole κ whose step count ``count(κ)`` is below the break-even k."""
    k_even = break_even_iterations(m, n)
    return max(kappa for kappa in range(2, 1000) if count(kappa) < k_even)


def largest_kappa_for_descent() -> Answer:
    m, n, shrink = 10**6, 1000, 1e-6
    k_even = break_even_iterations(m, n)

    def steps(kappa: float) -> float:  # α = 1/λ_max: the flattest direction shrinks by 1 − 1/κ per step
        return iterations_for_condition(kappa, shrink)

    def steps_at_best_alpha(kappa: float) -> float:
        return float(iterations_for_rate((kappa - 1) / (kappa + 1), shrink))

    kappa = _largest_kappa(m, n, steps)
    return Answer(
        right=kappa,
        relative=0,
        mistakes=[
            (
                math.floor(k_even),
                "That is the break-even step count k. The question asks for the largest κ whose steps "
                "stay below it.",
            ),
            (math.ceil(k_even), "That is the break-even step count, rounded up. The question asks for κ."),
            (kappa + 1, "One too many: at that κ descent needs more steps than the break-even k."),
            (
                _largest_kappa(m, n, steps_at_best_alpha),
                "That is with the best α, rate (κ − 1)/(κ + 1). Here α = 1/λ_max: the rate is 1 − 1/κ.",
            ),
            (
                math.floor(k_even / math.log10(1 / shrink)),
                "Steps ≈ κ·ln 10⁶, the natural logarithm (13.8), not log10 10⁶ = 6.",
            ),
        ],
        hint="Break-even k = n/4 + 1/2 + n²/(12m); the steps needed are ⌈ln 10⁻⁶/ln(1 − 1/κ)⌉. Find the "
        "largest whole κ whose steps stay below k.",
    )


CHAPTER = Chapter(
    number=8,
    notebook="08_the_closed_form.ipynb",
    title="The closed form, and when descent wins",
    part=2,
    short_title="",
    summary=(
        r"the normal equations solved by LU, Cholesky, QR and SVD; $\kappa(X^\top X) = \kappa(X)^2$ in "
        r"lost digits against exact answers, and the residual's $\kappa^2\tan\psi$; flops and time; "
        r"when descent wins; conjugate gradients"
    ),
    exercises=(
        Exercise(
            "08.1",
            "the rule's correct digits (lstsq, solve) at degree 9, x/25",
            predicted_digits_at_degree_nine,
        ),
        Exercise("08.2", "the largest whole κ(XᵀX) for which descent is cheaper", largest_kappa_for_descent),
    ),
)
