"""Chapter 06, "Two parameters: the bowl": its entry in the course (:mod:`gdcore.course`) and its
exercises. Each function below works an exercise the way the notebook's solution does, with gdcore,
and returns an :class:`~gdcore.selfcheck.core.Answer`; its hints name the mistake, never the answer.
"""

from __future__ import annotations

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_sales
from ..regression import bowl, design_matrix, least_squares
from ..selfcheck.core import Answer, Exercise


def _first_point(X: np.ndarray, y: np.ndarray, alpha: float) -> tuple[float, float]:
    """The first point of descent from (0, 0): θ₁ = θ₀ − α∇J(θ₀), the gradient written out."""
    theta = -alpha * (X.T @ (X @ np.zeros(2) - y)) / len(y)
    return float(theta[0]), float(theta[1])


def first_point_at_one_over_lambda_max() -> Answer:
    carats, price = jewelry_sales()
    X = design_matrix(carats)
    shape = bowl(X)
    best = least_squares(X, price)
    flat = shape.directions[:, 0]
    a0 = (np.zeros(2) - best) @ flat
    q_flat = shape.step_factors(1 / shape.curvatures[-1])[0]
    landing = best + q_flat * a0 * flat  # the solution's prediction: the steep part is gone
    pair = (float(landing[0]), float(landing[1]))
    error = q_flat * a0 * flat
    unshrunk = best + a0 * flat
    flipped = best - q_flat * a0 * flat
    return Answer(
        right=pair,
        mistakes=[
            ((pair[1], pair[0]), "Give (θ₀, θ₁): the intercept first, then the slope."),
            ((0.0, 0.0), "That is the start. The question asks where the first step lands."),
            (
                (float(best[0]), float(best[1])),
                "That is θ*, the bottom: one step removes the steep part only, the flat part is still there.",
            ),
            (
                (float(error[0]), float(error[1])),
                "That is the error e₁ = θ₁ − θ*: add θ* to get the point itself.",
            ),
            (
                (float(unshrunk[0]), float(unshrunk[1])),
                "That is θ* + a_flat·v_flat, the flat part before the step: multiply it by q_flat once.",
            ),
            (
                (float(flipped[0]), float(flipped[1])),
                "The flat part has the wrong sign: a_flat = (θ₀ − θ*)·v_flat, the same v_flat in both "
                "places.",
            ),
            (_first_point(X, price, 0.1), "That is the first step at α = 0.1. Take α = 1/λ_max."),
            (_first_point(X, price, 0.01), "That is the first step at α = 0.01. Take α = 1/λ_max."),
            (
                _first_point(X, price, shape.stability_limit),
                "That is the first step at the limit 2/λ_max. Take half of it, α = 1/λ_max.",
            ),
        ],
        hint="First work out q_steep at α = 1/λ_max: which part of the error survives one step? The "
        "first point is then θ* plus what is left.",
    )


def one_over_lambda_min_against_the_limit() -> Answer:
    carats, _ = jewelry_sales()
    shape = bowl(design_matrix(carats))
    lam_min, lam_max = (float(value) for value in shape.curvatures)
    ratio = (1 / lam_min) / shape.stability_limit
    return Answer(
        right=ratio,
        mistakes=[
            (1 / ratio, "Upside down: divide 1/λ_min by the limit, not the limit by 1/λ_min."),
            (
                shape.condition_number,
                "That is κ, 1/λ_min against 1/λ_max. The stability limit is 2/λ_max.",
            ),
            (1 / lam_min, "That is 1/λ_min itself. Divide it by the stability limit 2/λ_max."),
            (
                1 - lam_max / lam_min,
                "That is q_steep at α = 1/λ_min. The question asks for 1/λ_min divided by the limit.",
            ),
        ],
        hint="The stability limit is 2/λ_max; divide 1/λ_min by it (the ratio is λ_max/(2λ_min)).",
    )


CHAPTER = Chapter(
    number=6,
    notebook="06_two_parameters_the_bowl.ipynb",
    title="Two parameters: the bowl",
    part=2,
    short_title="",
    summary=(
        r"the cost of the three sales as a surface and level ellipses; the gradient perpendicular to"
        r" them; the path of descent with sliders for $\alpha$, steps and start; $e_{k+1} = (I - "
        r"\alpha H)e_k$ one eigenvector at a time"
    ),
    explorers=(
        ExplorerSetup(
            "BowlScene",
            ("carats", "price"),
            jewelry_sales,
            {"alpha": (0.005, 0.4, 0.005), "steps": (0, 100, 1)},
        ),
    ),
    exercises=(
        Exercise(
            "06.1", "the first point (θ₀, θ₁) from (0, 0) at α = 1/λ_max", first_point_at_one_over_lambda_max
        ),
        Exercise(
            "06.2",
            "1/λ_min as a multiple of the stability limit 2/λ_max",
            one_over_lambda_min_against_the_limit,
        ),
    ),
)
