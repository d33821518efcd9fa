"""Chapter 09, "Stochastic and mini-batch descent": its entry in the course (:mod:`gdcore.course`) and
its exercises. Each function below works an exercise the way the notebook's solution does, with
gdcore, and returns an :class:`~gdcore.selfcheck.core.Answer`; its hints name the mistake, never the
answer.
"""

from __future__ import annotations

from collections.abc import Callable

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_rings
from ..regression import design_matrix
from ..selfcheck.core import Answer, Exercise
from ..variants import noise_floor_independent, noise_floor_shuffled


def _noise_floors() -> tuple[Callable[[float, int], float], Callable[[float, int], float]]:
    """Notebook 09's two floors on the standardised rings, as functions of alpha and the batch size b."""
    carats, price = jewelry_rings()
    Z = design_matrix((carats - carats.mean()) / carats.std())
    return (
        lambda alpha, b: noise_floor_independent(Z, price, alpha, b),
        lambda alpha, b: noise_floor_shuffled(Z, price, alpha, b),
    )


def independent_floors() -> Answer:
    floor, shuffled = _noise_floors()
    alpha = 0.05
    five, ten = floor(alpha, 5), floor(alpha, 10)
    approximation = 2 / (2 - alpha)  # α·tr(Σ)/(4b) = floor · (2 − α)/2
    return Answer(
        right=(five, ten),
        mistakes=[
            ((ten, five), "Give (b = 5, b = 10), in that order."),
            ((five, 2 * five), "A larger batch averages more noise away: the floor shrinks as b grows."),
            ((2 * five, 2 * ten), "Twice the floor: J − J* = ½‖e‖², the ½ is missing."),
            (
                (five / approximation, ten / approximation),
                "That is the approximation α·tr(Σ)/(4b). The question takes the formula itself, "
                "α·tr(Σ)/(2b(2 − α)).",
            ),
            (
                (shuffled(alpha, 5), shuffled(alpha, 10)),
                "Those are the shuffled epochs' floors. The question asks for independent batches.",
            ),
            ((5 * five, 5 * five), "The batch size b is missing: the floor divides by it."),
        ],
        hint="E[J] − J* = α·tr(Σ)/(2b(2 − α)), with tr(Σ) from the notebook's cell: once with b = 5 and once "
        "with b = 10.",
    )


def shuffled_factor_more_or_less() -> Answer:
    """Doubling b from 5 to 10 at α = 0.05: does the shuffled floor shrink by more or less than 2?

    The independent floor shrinks by exactly 2 (it is proportional to 1/b); the answer compares the
    shuffled floors' ratio, computed with gdcore as the solution does, with that 2.
    """
    _, shuffled = _noise_floors()
    factor = shuffled(0.05, 5) / shuffled(0.05, 10)
    right = "more" if factor > 2 else "less"
    wrong = "less" if right == "more" else "more"
    return Answer(
        right=right,
        mistakes=[
            (
                wrong,
                "Doubling b halves the batches of an epoch, K = m/b: with fewer of them the weights ω_k "
                "are nearer equal, so the epoch's noises cancel better, and the factor (m − b)/(m − 1) "
                "shrinks too. Compare gd.noise_floor_shuffled(Z, price, 0.05, 5) with (…, 10).",
            ),
            (
                "exactly",
                "Exactly 2 is the independent formula's 1/b. In a shuffled epoch the cancellation also "
                "depends on b, through K = m/b.",
            ),
        ],
        hint='Answer with one word, "more", "exactly" or "less": how the shuffled floor\'s shrinking '
        "compares with the factor 2 of the independent formula.",
        words={
            "more than 2": "more",
            "more than two": "more",
            "greater": "more",
            "larger": "more",
            "bigger": "more",
            "faster": "more",
            "less than 2": "less",
            "less than two": "less",
            "fewer": "less",
            "smaller": "less",
            "slower": "less",
            "2": "exactly",
            "two": "exactly",
            "exactly 2": "exactly",
            "equal": "exactly",
            "same": "exactly",
            "the same": "exactly",
        },
    )


CHAPTER = Chapter(
    number=9,
    notebook="09_stochastic_and_mini_batch_descent.ipynb",
    title="Stochastic and mini-batch descent",
    part=2,
    short_title="",
    summary=(
        r"epochs, shuffles, batches; the wandering path; the noise floor predicted and measured; "
        r"schedules and averaging"
    ),
    explorers=(ExplorerSetup("MinibatchScene", ("carats", "price"), jewelry_rings, {}),),
    exercises=(
        Exercise("09.1", "the independent-batch floor at α = 0.05: (b = 5, b = 10)", independent_floors),
        Exercise(
            "09.2",
            'the shuffled floor at α = 0.05, b from 5 to 10: shrinks by "more", "exactly" or "less" than 2',
            shuffled_factor_more_or_less,
        ),
    ),
)
