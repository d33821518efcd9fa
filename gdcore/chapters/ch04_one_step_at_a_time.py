"""Chapter 04, "One step at a time: the gradient and the learning rate": its entry in the course
(:mod:`gdcore.course`) and its exercises. Each function below works an exercise the way the
notebook's solution does, with gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its
hints name the mistake, never the answer.
"""

from __future__ import annotations

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import toy_line
from ..regression import (
    gradient_descent,
)
from ..selfcheck.core import Answer, Exercise


def steps_to_a_hundredth() -> Answer:
    x, y = toy_line()
    X = x[:, None]

    def count(alpha: float) -> int:
        errors = np.abs(gradient_descent([0.0], X, y, alpha, 2000).theta_history[:, 0] - 3)
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


CHAPTER = Chapter(
    number=4,
    notebook="04_one_step_at_a_time.ipynb",
    title="One step at a time: the gradient and the learning rate",
    part=1,
    short_title="One step at a time",
    summary=(
        r"the gradient $-14$; steps to 0.14 and 0.273467; creep, oscillation, divergence; the "
        r"stability limit $3/7$; two parameters: descent to $116.67 + 50x$; by hand, the Hessian, its "
        r"eigenvalues and eigenvectors, the limit $2/\lambda_{\max}$ and the level ellipses; source 002's run"
    ),
    explorers=(
        ExplorerSetup("StepScene", ("x", "y"), toy_line, {"alpha": (0.005, 0.6, 0.005), "steps": (0, 30, 1)}),
    ),
    exercises=(
        Exercise("04.1", "steps from θ₁ = 0 until |θ₁ − 3| < 0.01, at α = 0.2", steps_to_a_hundredth),
    ),
)
