"""Chapter 01, "Three sales, no line: an overdetermined system": its entry in the course
(:mod:`gdcore.course`) and its exercises. Each function below works an exercise the way the
notebook's solution does, with gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its
hints name the mistake, never the answer.
"""

from __future__ import annotations

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_sales
from ..regression import (
    design_matrix,
    least_squares,
    sum_of_squares,
)
from ..selfcheck.core import Answer, Exercise


def _four_sales() -> tuple[np.ndarray, np.ndarray]:
    """The three sales of notebook 01 and the exercise's fourth: a 4-carat ring for $350."""
    carats, price = jewelry_sales()
    return design_matrix(np.append(carats, 4.0)), np.append(price, 350.0)


def best_line_with_a_fourth_sale() -> Answer:
    X4, y4 = _four_sales()
    best = least_squares(X4, y4)
    carats, price = jewelry_sales()
    three = least_squares(design_matrix(carats), price)
    return Answer(
        right=(float(best[0]), float(best[1])),
        mistakes=[
            (
                (float(best[1]), float(best[0])),
                "Give (θ₀, θ₁): the intercept (the price at 0 carats) first, "
                "then the slope (dollars per carat).",
            ),
            (
                (float(three[0]), float(three[1])),
                "That is the best line of the three sales: add the fourth "
                "(4 carats, $350) to X and y, then solve again.",
            ),
        ],
        hint="Append the sale to the carats and the prices, build X with gd.design_matrix, and solve the "
        "normal equations XᵀXθ = Xᵀy (or call gd.least_squares).",
    )


def squares_with_a_fourth_sale() -> Answer:
    X4, y4 = _four_sales()
    best = least_squares(X4, y4)
    S, m = sum_of_squares(best, X4, y4), len(y4)
    carats, price = jewelry_sales()
    X3 = design_matrix(carats)
    return Answer(
        right=float(S),
        mistakes=[
            (
                float(S / (2 * m)),
                "That is the cost J = S/(2m). The question asks for the sum of squared residuals S itself.",
            ),
            (float(S / m), "That is the mean of the squared residuals. The question asks for their sum."),
            (
                float(np.sqrt(S)),
                "That is a square root. S is the sum of the squared residuals, not its root.",
            ),
            (
                float(sum_of_squares(least_squares(X3, price), X3, price)),
                "That is S of the three sales: add the fourth and refit first.",
            ),
        ],
        hint="Compute the residuals of the new best line at all four sales, square them and add them up.",
    )


CHAPTER = Chapter(
    number=1,
    notebook="01_a_system_with_no_solution.ipynb",
    title="Three sales, no line: an overdetermined system",
    part=1,
    short_title="",
    summary=(
        r"three jewelry sales that no line fits; residuals; least squares, with sliders; the normal "
        r"equations"
    ),
    explorers=(ExplorerSetup("LineFitScene", ("carats", "price"), jewelry_sales, {}),),
    exercises=(
        Exercise("01.1", "the best line (θ₀, θ₁) with a fourth sale", best_line_with_a_fourth_sale),
        Exercise("01.2", "its sum of squared residuals S", squares_with_a_fourth_sale),
    ),
)
