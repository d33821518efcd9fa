"""Chapter 02, "The cost, by hand": its entry in the course (:mod:`gdcore.course`) and its exercises.
Each function below works an exercise the way the notebook's solution does, with gdcore, and returns
an :class:`~gdcore.selfcheck.core.Answer`; its hints name the mistake, never the answer.
"""

from __future__ import annotations

import numpy as np

from ..course import Chapter
from ..data import toy_line
from ..regression import (
    half_mse,
    mse,
    sum_of_squares,
)
from ..selfcheck.core import Answer, Exercise


def cost_at_one_and_a_half() -> Answer:
    x, y = toy_line()
    X = x[:, None]
    theta = [1.5]
    J = half_mse(theta, X, y)
    return Answer(
        right=float(J),
        mistakes=[
            (
                float(mse(theta, X, y)),
                "That is the mean of the squared residuals. The cost has a ½ in front: J = (1/2m)·Σ r².",
            ),
            (
                float(sum_of_squares(theta, X, y)),
                "That is the sum of the squares: the cost divides it by 2m.",
            ),
            (
                float(sum_of_squares(theta, X, y) / 2),
                "You divided by 2 but not by m: J = (1/2m)·Σ r², m = 3.",
            ),
            (
                float(half_mse(theta, X, y) ** 0.5),
                "That is a square root: J itself is the halved mean of the squares, with no root.",
            ),
        ],
        hint="Five steps: predictions θ₁·x, residuals (prediction − y), squares, their sum, divided by 2m.",
    )


def cost_at_zero_with_a_fourth_point() -> Answer:
    x4 = np.arange(1.0, 5.0)
    X4, y4 = x4[:, None], 3 * x4
    x, y = toy_line()
    return Answer(
        right=float(half_mse([0.0], X4, y4)),
        mistakes=[
            (float(half_mse([0.0], x[:, None], y)), "That is J(0) of the first three points: add (4, 12)."),
            (float(mse([0.0], X4, y4)), "That is the mean of the squares: the cost has a ½ in front."),
            (float(sum_of_squares([0.0], X4, y4)), "That is the sum of the squares: divide by 2m."),
            (
                float(sum_of_squares([0.0], X4, y4) / 6),
                "You divided by 2m with m = 3: there are four points now.",
            ),
        ],
        hint="Every residual is (θ₁ − 3)·xᵢ, so J(θ₁) = Σxᵢ²/(2m) · (θ₁ − 3)²; with four points m = 4.",
    )


CHAPTER = Chapter(
    number=2,
    notebook="02_the_cost_by_hand.ipynb",
    title="The cost, by hand",
    part=1,
    short_title="",
    summary=(
        r"the half-MSE step by step to 21; the table for $\theta_1 = 0..6$; why the $\tfrac12$, and "
        r"why no factor moves the minimum"
    ),
    exercises=(
        Exercise("02.1", "J(1.5) on y = 3x", cost_at_one_and_a_half),
        Exercise("02.2", "J(0) with a fourth point (4, 12)", cost_at_zero_with_a_fourth_point),
    ),
)
