"""Chapter 12, "Preconditioning, Newton's step, and adaptive learning rates": its entry in the course
(:mod:`gdcore.course`) and its exercises. Each function below works an exercise the way the notebook's
solution does, with gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its hints name the
mistake, never the answer.
"""

from __future__ import annotations

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_rings
from ..regression import bowl, design_matrix, gradient
from ..selfcheck.core import Answer, Exercise
from ..variants import adaptive_descent, momentum_roots

ALPHA_12, BETA1_12, BETA2_12 = 10.0, 0.9, 0.999  # 12.1's α and Adam's default decay factors
ALPHA_12_2, DELTA_12_2 = 100.0, 1000.0  # 12.2's α and large δ


def _rings():
    carats, price = jewelry_rings()
    return design_matrix(carats), price


def _two_adam_steps(
    X: np.ndarray,
    y: np.ndarray,
    corrected: bool,
    *,
    same_gradient: bool = False,
    first_corrections: bool = False,
) -> float:
    """θ₁ after two of Adam's steps at 12.1's α and δ = 0, written out; the keywords make a mistake:
    ``same_gradient`` reuses g₀ for the second step, ``first_corrections`` divides the second step's
    averages by 1 − β₁ and 1 − β₂ (the first step's corrections)."""
    theta, mean, squares = np.zeros(2), np.zeros(2), np.zeros(2)
    g = gradient(theta, X, y)
    for k in (1, 2):
        if k == 2 and not same_gradient:
            g = gradient(theta, X, y)
        mean = BETA1_12 * mean + (1 - BETA1_12) * g
        squares = BETA2_12 * squares + (1 - BETA2_12) * g * g
        power = 1 if first_corrections else k
        if corrected:
            theta = theta - ALPHA_12 * (mean / (1 - BETA1_12**power)) / np.sqrt(
                squares / (1 - BETA2_12**power)
            )
        else:
            theta = theta - ALPHA_12 * mean / np.sqrt(squares)
    return float(theta[1])


def two_steps() -> Answer:
    X, price = _rings()
    after = []
    for corrected in (True, False):
        run = adaptive_descent(np.zeros(2), X, price, ALPHA_12, 2, delta=0.0, bias_correction=corrected)
        after.append(run.theta_history[:, 1])
    (_, first_with, with_it), (_, first_without, without) = after
    return Answer(
        right=(float(with_it), float(without)),
        mistakes=[
            ((float(without), float(with_it)), "Give (with bias correction, without), in that order."),
            (
                (float(with_it - first_with), float(without - first_without)),
                "Those are the second steps; θ₁ after two steps adds the first step to them.",
            ),
            (
                (-float(with_it), -float(without)),
                "Mind the sign: each step goes against the gradient, and the gradients here are negative.",
            ),
            (
                (
                    _two_adam_steps(X, price, True, same_gradient=True),
                    _two_adam_steps(X, price, False, same_gradient=True),
                ),
                "The second step uses the gradient at θ⁽¹⁾, not g₀ again: compute it with gd.gradient.",
            ),
            (
                (_two_adam_steps(X, price, True, first_corrections=True), float(without)),
                "The second is right; after two steps the correction divides by 1 − β₁² and 1 − β₂², "
                "not by 1 − β₁ and 1 − β₂.",
            ),
        ],
        hint="Step k: ḡ_k = β₁ḡ_{k−1} + (1 − β₁)g_{k−1}, and ḡ²_k likewise with β₂ and g²; the correction "
        "divides them by 1 − β₁^k and 1 − β₂^k; the step is −α ḡ/√(ḡ²) per coordinate; g₁ is the gradient "
        "at θ⁽¹⁾.",
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
            "θ₁ after two steps of Adam at α = 10, δ = 0: (with bias correction, without)",
            two_steps,
        ),
        Exercise(
            "12.2",
            "Adam at α = 100 with δ = 1000 near θ* as a heavy ball: (its learning rate, its β, its rate)",
            large_delta_as_momentum,
        ),
    ),
)
