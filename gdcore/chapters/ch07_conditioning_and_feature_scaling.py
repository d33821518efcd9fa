"""Chapter 07, "Conditioning and feature scaling": its entry in the course (:mod:`gdcore.course`) and
its exercises. Each function below works an exercise the way the notebook's solution does, with
gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its hints name the mistake, never the
answer.
"""

from __future__ import annotations

import math

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_rings
from ..regression import bowl, design_matrix, iterations_for_rate
from ..selfcheck.core import Answer, Exercise

TOL_07 = 1e-6  # notebook 07's tol: the error shrunk a million-fold


def _rms_scaled_bowl():
    carats, _ = jewelry_rings()
    return bowl(design_matrix(carats / np.sqrt(np.mean(carats**2))))


def kappa_and_rate_at_rms_scale() -> Answer:
    shape = _rms_scaled_bowl()
    kappa, rate = shape.condition_number, shape.best_rate
    low, top = (float(value) for value in shape.curvatures)
    carats, _ = jewelry_rings()
    return Answer(
        right=(kappa, rate),
        mistakes=[
            ((rate, kappa), "Give (κ, best rate), in that order."),
            ((top, low), "Those are the two eigenvalues, 1 + cos φ and 1 − cos φ: κ is their ratio."),
            (
                (math.sqrt(kappa), rate),
                "The rate is right; that κ is np.linalg.cond(X), the root of the Hessian's κ.",
            ),
            (
                (kappa, 1 - 1 / kappa),
                "κ is right; 1 − 1/κ is the rate at α = 1/λ_max. The best α gives (κ − 1)/(κ + 1).",
            ),
            (
                (bowl(design_matrix(carats)).condition_number, rate),
                "That κ is the raw carats'. Dividing by a scale changes κ, even if not the angle.",
            ),
        ],
        hint="Find the two eigenvalues of the scaled Hessian (their sum is its trace, their product its "
        "determinant); κ is their ratio, and the best rate follows from κ.",
    )


def guaranteed_count_at_rms_scale() -> Answer:
    shape = _rms_scaled_bowl()
    count = int(shape.iterations_to_shrink(shape.best_alpha, TOL_07))
    carats, _ = jewelry_rings()
    raw = bowl(design_matrix(carats))
    centred = bowl(design_matrix(carats - carats.mean()))
    return Answer(
        right=count,
        relative=0,
        mistakes=[
            (count - 1, "Round up: the count is the least whole k with rateᵏ ≤ 10⁻⁶."),
            (
                int(raw.iterations_to_shrink(raw.best_alpha, TOL_07)),
                "That is the count of the raw carats. This bowl is the carats divided by sqrt(mean(x²)).",
            ),
            (
                int(centred.iterations_to_shrink(centred.best_alpha, TOL_07)),
                "That is the count of the centred carats. Here there is no shift, only the scale.",
            ),
            (
                int(iterations_for_rate(1 - 1 / shape.condition_number, TOL_07)),
                "That is the count at α = 1/λ_max, rate 1 − 1/κ. Take the best α, rate (κ − 1)/(κ + 1).",
            ),
            (
                int(iterations_for_rate(shape.best_rate, math.sqrt(TOL_07))),
                "That shrinks the cost a million-fold (the square of the error). The error itself must "
                "shrink by 10⁻⁶.",
            ),
        ],
        hint="k = ⌈ln(10⁻⁶)/ln ρ*⌉ with ρ* the best rate of part 1.",
    )


CHAPTER = Chapter(
    number=7,
    notebook="07_conditioning_and_feature_scaling.ipynb",
    title="Conditioning and feature scaling",
    part=2,
    short_title="",
    summary=(
        r"$\kappa$ = 822, 46.3, 1 for raw, centred, standardised carats; the best constant $\alpha$ "
        r"and its rate; iterations predicted and measured over 45 problems; stopping rules; back to "
        r"the original units"
    ),
    explorers=(ExplorerSetup("ScalingScene", ("carats", "price"), jewelry_rings, {}),),
    exercises=(
        Exercise("07.1", "(κ, best rate) at scale = sqrt(mean(x²))", kappa_and_rate_at_rms_scale),
        Exercise(
            "07.2", "the guaranteed iterations to tol = 10⁻⁶ at the best α", guaranteed_count_at_rms_scale
        ),
    ),
)
