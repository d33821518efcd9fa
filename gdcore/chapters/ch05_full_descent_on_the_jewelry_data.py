"""Chapter 05, "Full descent on the jewelry data": its entry in the course (:mod:`gdcore.course`) and
its exercises. Each function below works an exercise the way the notebook's solution does, with
gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its hints name the mistake, never the
answer.
"""

from __future__ import annotations

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_rings
from ..regression import (
    bowl,
    design_matrix,
    iterations_for_rate,
    least_squares,
)
from ..selfcheck.core import Answer, Exercise


def _flat_count(alpha: float, within: float = 0.01, leading: bool = True) -> int:
    """Iterations until the intercept is within ``within`` dollars, from the flat direction alone."""
    carats, price = jewelry_rings()
    X = design_matrix(carats)
    shape = bowl(X)
    best = least_squares(X, price)
    flat = shape.directions[:, 0]
    a0 = (np.zeros(2) - best) @ flat
    q = 1 - alpha * shape.curvatures[0]
    size = abs(flat[0] * a0) if leading else abs(a0)
    return int(iterations_for_rate(q, within / size))  # the least k with size·qᵏ ≤ within


def intercept_count_within_a_tenth_of_a_cent() -> Answer:
    count, cent = _flat_count(0.01, 0.001), _flat_count(0.01, 0.01)
    return Answer(
        right=count,
        relative=0,
        mistakes=[
            (cent, "That is the count for a cent, printed above: a tenth of a cent takes more steps."),
            (count - 1, "Round up: the count is the first whole k at which 0.998·a_start·qᵏ is below 0.001."),
            (
                count + 1,
                "One too many: the count is the first whole k at which 0.998·a_start·qᵏ is below 0.001. "
                "(Leaving out the 0.998, the flat direction's first entry, also gives this.)",
            ),
        ],
        hint="Solve 0.998·a_start·qᵏ < 0.001 for k with logarithms: k > ln(0.001/(0.998·a_start))/ln q, with "
        "q = 1 − α·λ_flat and λ_flat at all the digits printed.",
    )


def intercept_count_at_half_the_rate() -> Answer:
    count, before = _flat_count(0.005), _flat_count(0.01)
    return Answer(
        right=count,
        relative=0,
        mistakes=[
            (before, "That is the count at α = 0.01. Halving α halves 1 − q, the part removed per step."),
            (
                2 * before,
                "Close to twice the count at α = 0.01, but not exactly: compute q = 1 − 0.005·λ_flat and "
                "solve for k again.",
            ),
            (before // 2, "A smaller α takes smaller steps: it needs more of them, not fewer."),
            (count - 1, "Round up: the count is the first whole k at which 0.998·a_start·qᵏ is below 0.01."),
        ],
        hint="With α = 0.005, q_flat = 1 − 0.005·λ_flat: the fraction removed per step is halved. "
        "Redo the count with this q.",
    )


CHAPTER = Chapter(
    number=5,
    notebook="05_full_descent_on_the_jewelry_data.ipynb",
    title="Full descent on the jewelry data",
    part=1,
    short_title="",
    summary=(
        r"100 seeded rings; a lucky learning rate; a valley with $\kappa = 822$ and $e_{k+1} = (I -"
        r" \alpha H)e_k$ on it; the lagging intercept; RMSE, not $\sqrt{J}$"
    ),
    explorers=(
        ExplorerSetup(
            "DescentScene",
            ("carats", "price"),
            jewelry_rings,
            {"alpha": (0.0005, 0.011, 0.0005), "iterations": (0, 5000, 100)},
        ),
    ),
    exercises=(
        Exercise(
            "05.1",
            "iterations until the intercept is within $0.001, α = 0.01",
            intercept_count_within_a_tenth_of_a_cent,
        ),
        Exercise(
            "05.2",
            "iterations until the intercept is within a cent, α = 0.005",
            intercept_count_at_half_the_rate,
        ),
    ),
)
