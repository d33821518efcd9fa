"""Chapter 12, "Preconditioning, Newton's step, and adaptive learning rates": its entry in the course
(:mod:`gdcore.course`) and its exercises. Each function below works an exercise the way the notebook's
solution does, with gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its hints name the
mistake, never the answer.
"""

from __future__ import annotations

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_rings
from ..regression import bowl, design_matrix
from ..selfcheck.core import Answer, Exercise
from ..variants import adaptive_descent, momentum_roots

ALPHA_12, BETA1_12, BETA2_12 = 10.0, 0.9, 0.999  # 12.1's α and Adam's default decays
ALPHA_12_2, DELTA_12_2 = 100.0, 1000.0  # 12.2's α and large δ


def _rings():
    carats, price = jewelry_rings()
    return design_matrix(carats), price


def first_steps() -> Answer:
    X, price = _rings()
    steps = []
    for corrected in (True, False):
        run = adaptive_descent(np.zeros(2), X, price, ALPHA_12, 1, delta=0.0, bias_correction=corrected)
        steps.append(float(run.theta_history[1, 1]))
    with_it, without = steps
    return Answer(
        right=(with_it, without),
        mistakes=[
            ((without, with_it), "Give (with bias correction, without), in that order."),
            (
                (-with_it, -without),
                "Mind the sign: the step goes against the gradient, and g₁ at (0, 0) is negative.",
            ),
            (
                (with_it, with_it),
                "The first is right; without the correction the averages are not divided by 1 − β.",
            ),
            (
                (with_it, ALPHA_12 * (1 - BETA1_12) / (1 - BETA2_12)),
                "The first is right; the second divides by √(ḡ²), so by √(1 − β₂), not by 1 − β₂.",
            ),
            (
                (with_it, ALPHA_12 / np.sqrt(1 - BETA2_12)),
                "The first is right; that second step is RMSProp's. Adam's ḡ₁ is (1 − β₁)g₀, not g₀.",
            ),
            (
                (with_it, ALPHA_12 * (1 - BETA1_12)),
                "The first is right; without the correction ḡ²₁ = (1 − β₂)g₀² too: divide by its root.",
            ),
        ],
        hint="ḡ₁ = (1 − β₁)g₀ and ḡ²₁ = (1 − β₂)g₀²; the correction divides them by 1 − β₁ and 1 − β₂. "
        "The step is −α ḡ/√(ḡ²), per coordinate.",
    )


def large_delta_as_momentum() -> Answer:
    X, _ = _rings()
    rate_of = (ALPHA_12_2 / DELTA_12_2) * (1 - BETA1_12)
    curvatures = bowl(X).curvatures

    def rate(alpha: float, beta: float) -> float:
        return float(np.abs(momentum_roots(curvatures, alpha, beta)).max())

    no_average = ALPHA_12_2 / DELTA_12_2
    return Answer(
        right=(rate_of, BETA1_12, rate(rate_of, BETA1_12)),
        mistakes=[
            (
                (no_average, BETA1_12, rate(no_average, BETA1_12)),
                "β is right; ḡ is an average, (1 − β₁)g in each step: the learning rate has that factor.",
            ),
            (
                (rate_of, 1 - BETA1_12, rate(rate_of, 1 - BETA1_12)),
                "The learning rate is right; the step keeps β₁ of the last one, so β = β₁, not 1 − β₁.",
            ),
            (
                (rate_of, BETA2_12, rate(rate_of, BETA2_12)),
                "The learning rate is right; β₂ is the squared gradients' memory. The step's memory is β₁.",
            ),
            (
                (rate_of, BETA1_12, 1 - rate_of * float(curvatures[0])),
                "The learning rate and β are right; 1 − αλ_min is plain descent's rate. Take the largest "
                "|root| "
                "of gd.momentum_roots.",
            ),
        ],
        hint="Near θ*, √(ḡ²) ≪ δ and the corrections are 1: the step is −(α/δ)ḡ. Write ḡ's update as one for "
        "θ's steps and compare with notebook 10's heavy ball.",
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
            "Adam's first step in θ₁ at α = 10, δ = 0: (with bias correction, without)",
            first_steps,
        ),
        Exercise(
            "12.2",
            "Adam at α = 100 with δ = 1000 near θ* as a heavy ball: (its learning rate, its β, its rate)",
            large_delta_as_momentum,
        ),
    ),
)
