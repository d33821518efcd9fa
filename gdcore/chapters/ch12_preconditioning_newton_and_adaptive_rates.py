"""Chapter 12, "Preconditioning, Newton's step, and adaptive learning rates": its entry in the course
(:mod:`gdcore.course`) and its exercise. The function below works the exercise the way the notebook's
solution does, with gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its hints name the
mistake, never the answer.
"""

from __future__ import annotations

import math

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_rings
from ..regression import bowl, design_matrix, hessian, iterations_for_rate, iterations_to_tolerance, least_squares
from ..selfcheck.core import Answer, Exercise
from ..variants import preconditioned_curvatures, preconditioned_descent


def _predicted(kappa: float) -> int:
    """Iterations the best α's rate (κ − 1)/(κ + 1) alone needs to shrink the error 10⁶-fold."""
    return int(iterations_for_rate((kappa - 1) / (kappa + 1), 1e-6))


def jacobi_condition_and_count() -> Answer:
    carats, price = jewelry_rings()
    X = design_matrix(carats)
    P = np.diag(1 / np.diag(hessian(X)))
    low, high = (float(value) for value in preconditioned_curvatures(X, P))
    kappa_P = high / low
    predicted = _predicted(kappa_P)
    raw = bowl(X).condition_number
    run = preconditioned_descent(np.zeros(2), X, price, 2 / (low + high), 2000, P)
    errors = np.linalg.norm(run.theta_history - least_squares(X, price), axis=1)
    counted = int(iterations_to_tolerance(errors, 1e-6))
    return Answer(
        right=(kappa_P, predicted),
        mistakes=[
            ((predicted, kappa_P), "Give (κ_P, predicted iterations), in that order."),
            ((raw, _predicted(raw)), "Those are H's own κ and count: without the preconditioner. Use PH = D⁻¹H."),
            ((1.0, 1), "κ = 1 is the standardised carats', which are centred as well. Jacobi only rescales."),
            (
                (kappa_P, predicted - 1),
                "κ_P is right; round the count up: the least k with rateᵏ ≤ 10⁻⁶.",
            ),
            (
                (kappa_P, int(iterations_for_rate(1 - 1 / kappa_P, 1e-6))),
                "κ_P is right; 1 − 1/κ_P is the rate at α = 1/λ_max. At the best α the rate is (κ_P − 1)/(κ_P + 1).",
            ),
            (
                (math.sqrt(kappa_P), _predicted(math.sqrt(kappa_P))),
                "√κ_P is how much longer than wide the level curves are. κ_P is the ratio of the curvatures.",
            ),
            (
                (kappa_P, counted),
                "κ_P is right; that count is descent's, measured. The question asks what the rate alone predicts.",
            ),
        ],
        hint="PH has diagonal (1, 1): trace 2, determinant det H/det D; its eigenvalues are 1 ± √(1 − det H/det D). "
        "The prediction is ⌈ln 10⁻⁶ / ln((κ_P − 1)/(κ_P + 1))⌉.",
    )


CHAPTER = Chapter(
    number=12,
    notebook="12_preconditioning_newton_and_adaptive_rates.ipynb",
    title="Preconditioning, Newton's step, and adaptive learning rates",
    part=3,
    short_title="",
    summary=(
        r"standardising as a preconditioner $P$; Newton's step $P = H^{-1}$ and Jacobi's $D^{-1}$; "
        r"AdaGrad, RMSProp and Adam raced, and why Adam wanders"
    ),
    explorers=(ExplorerSetup("AdaptiveScene", ("carats", "price"), jewelry_rings, {}),),
    exercises=(
        Exercise(
            "12.1",
            "Jacobi's preconditioner on the raw rings: (κ of PH, iterations predicted at the best α)",
            jacobi_condition_and_count,
        ),
    ),
)
