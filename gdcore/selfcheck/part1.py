"""The exercises of part 1 (notebooks 01-05): each answer and each anticipated mistake, computed.

Each function below works an exercise the way its solution does, with gdcore and the course's
data, and returns an :class:`~gdcore.selfcheck.core.Answer`. The hints name the mistake, never the
answer.
"""

from __future__ import annotations

import numpy as np

from ..data import jewelry_rings, jewelry_sales, toy_line
from ..regression import (
    bowl,
    design_matrix,
    gradient_descent,
    half_mse,
    iterations_for_rate,
    least_squares,
    mse,
    sum_of_squares,
)
from .core import Answer, Exercise

# ---------------------------------------------------------------------------------------------
# 01 · Three sales, no line


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


# ---------------------------------------------------------------------------------------------
# 02 · The cost, by hand


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


# ---------------------------------------------------------------------------------------------
# 03 · The cost parabola


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


# ---------------------------------------------------------------------------------------------
# 04 · One step at a time


def steps_to_a_hundredth() -> Answer:
    x, y = toy_line()
    X = x[:, None]

    def count(alpha: float) -> int:
        errors = np.abs(gradient_descent(X, y, [0.0], alpha, 2000).theta_history[:, 0] - 3)
        return int(np.argmax(errors < 0.01))

    steps = count(0.2)
    return Answer(
        right=steps,
        relative=0,
        mistakes=[
            (steps + 1, "Count the steps, not the points: the start θ₁ = 0 is before the first step."),
            (steps - 1, "One step short: after that many steps the error is not yet below 0.01."),
            (count(0.01), "That is the count at α = 0.01. The exercise takes α = 0.2."),
        ],
        hint="Each step multiplies the error by q = 1 − αλ with λ = 14/3 here: find the first k with "
        "3·|q|ᵏ < 0.01.",
    )


# ---------------------------------------------------------------------------------------------
# 05 · Full descent on the jewelry data


def _flat_count(alpha: float, leading: bool = True) -> int:
    """Iterations until the intercept is within a cent, from the flat direction's factor alone."""
    carats, price = jewelry_rings()
    X = design_matrix(carats)
    shape = bowl(X)
    best = least_squares(X, price)
    flat = shape.directions[:, 0]
    c0 = (np.zeros(2) - best) @ flat
    q = 1 - alpha * shape.curvatures[0]
    size = abs(flat[0] * c0) if leading else abs(c0)
    return int(iterations_for_rate(q, 0.01 / size))  # the least k with size·qᵏ ≤ 0.01


def intercept_count_at_one_hundredth() -> Answer:
    count = _flat_count(0.01)
    return Answer(
        right=count,
        relative=0,
        mistakes=[
            (count - 1, "Round up: the count is the first whole k at which 0.998·c₀·qᵏ is below 0.01."),
            (
                count + 1,
                "One too many: the count is the first whole k at which 0.998·c₀·qᵏ is below 0.01. "
                "(Leaving out the 0.998, the flat direction's first entry, also gives this.)",
            ),
        ],
        hint="Solve 0.998·c₀·qᵏ < 0.01 for k with logarithms: k > ln(0.01/(0.998·c₀))/ln q, with "
        "q = 1 − α·λ_flat.",
    )


def intercept_count_at_half_the_rate() -> Answer:
    count, before = _flat_count(0.005), _flat_count(0.01)
    return Answer(
        right=count,
        relative=0.002,
        mistakes=[
            (before, "That is the count at α = 0.01. Halving α halves 1 − q, the part removed per step."),
            (before // 2, "A smaller α takes smaller steps: it needs more of them, not fewer."),
        ],
        hint="With α = 0.005, q_flat = 1 − 0.005·λ_flat: the fraction removed per step is halved. "
        "Redo the count with this q.",
    )


EXERCISES = [
    Exercise("01.1", "the best line (θ₀, θ₁) with a fourth sale", best_line_with_a_fourth_sale),
    Exercise("01.2", "its sum of squared residuals S", squares_with_a_fourth_sale),
    Exercise("02.1", "J(1.5) on y = 3x", cost_at_one_and_a_half),
    Exercise("02.2", "J(0) with a fourth point (4, 12)", cost_at_zero_with_a_fourth_point),
    Exercise("03.1", "(the vertex, J(0)) for y = 2x", vertex_and_cost_of_y_equals_2x),
    Exercise("04.1", "steps from θ₁ = 0 until |θ₁ − 3| < 0.01, at α = 0.2", steps_to_a_hundredth),
    Exercise(
        "05.1", "iterations until the intercept is within a cent, α = 0.01", intercept_count_at_one_hundredth
    ),
    Exercise("05.2", "the same count at α = 0.005", intercept_count_at_half_the_rate),
]
