"""Chapter 03, "The cost parabola": its entry in the course (:mod:`gdcore.course`) and its exercises.
Each function below works an exercise the way the notebook's solution does, with gdcore, and returns
an :class:`~gdcore.selfcheck.core.Answer`; its hints name the mistake, never the answer.
"""

from __future__ import annotations

from ..course import Chapter, ExplorerSetup
from ..data import toy_line
from ..regression import (
    half_mse,
    least_squares,
    mse,
    sum_of_squares,
)
from ..selfcheck.core import Answer, Exercise


def vertex_and_cost_of_y_equals_2x() -> Answer:
    x, y3 = toy_line()
    X = x[:, None]
    y2 = 2 * x
    vertex = float(least_squares(X, y2)[0])
    at_zero = float(half_mse([0.0], X, y2))
    return Answer(
        right=(vertex, at_zero),
        mistakes=[
            (
                (float(least_squares(X, y3)[0]), float(half_mse([0.0], X, y3))),
                "That is the parabola of y = 3x, the notebook's data. Here the data come from y = 2x.",
            ),
            (
                (vertex, float(mse([0.0], X, y2))),
                "The vertex is right; the cost at 0 is the mean of the squares without the ½ in front.",
            ),
            (
                (vertex, float(sum_of_squares([0.0], X, y2))),
                "The vertex is right; the cost at 0 is the sum of the squares, not yet divided by 2m.",
            ),
            ((at_zero, vertex), "Give (vertex, cost at θ₁ = 0), in that order."),
        ],
        hint="Each residual is (θ₁ − 2)·xᵢ: J(θ₁) = Σxᵢ²/(2m)·(θ₁ − 2)². Its lowest point is where the "
        "residuals vanish.",
    )


CHAPTER = Chapter(
    number=3,
    notebook="03_the_cost_parabola.ipynb",
    title="The cost parabola",
    part=1,
    short_title="",
    summary="the table becomes a curve; one slider, two views; $\\theta_1 = 14$ costs 282.33; the bowl",
    explorers=(ExplorerSetup("CostCurveScene", ("x", "y"), toy_line, {"theta1": (-2, 14, 0.01)}),),
    exercises=(Exercise("03.1", "(the vertex, J(0)) for y = 2x", vertex_and_cost_of_y_equals_2x),),
)
