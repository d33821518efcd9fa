"""Chapter 10, "Momentum": its entry in the course (:mod:`gdcore.course`) and its exercises. Each
function below works an exercise the way the notebook's solution does, with gdcore, and returns an
:class:`~gdcore.selfcheck.core.Answer`; its hints name the mistake, never the answer.
"""

from __future__ import annotations

import math

import numpy as np

from ..course import Chapter, ExplorerSetup
from ..data import jewelry_rings
from ..regression import bowl, design_matrix, iterations_for_rate, iterations_to_tolerance, least_squares
from ..selfcheck.core import Answer, Exercise
from ..variants import momentum_descent, momentum_limit, momentum_roots

BETA_10 = 0.5  # the exercise's β
ALPHA_10_2 = 0.009  # part 2's α: not the 0.0095 whose counts the notebook prints before the exercise


def _rings_bowl():
    carats, price = jewelry_rings()
    X = design_matrix(carats)
    return X, price, bowl(X)


def _larger_root(curvature: float, alpha: float, beta: float) -> float:
    return float(np.abs(momentum_roots([curvature], alpha, beta)[0]).max())


def largest_alpha_with_complex_roots() -> Answer:
    X, _, shape = _rings_bowl()
    lam_min, lam_max = (float(value) for value in shape.curvatures)
    root = math.sqrt(BETA_10)
    top = (1 + root) ** 2 / lam_max  # (1 + β − αλ_max)² = 4β, the far end
    rate = _larger_root(lam_min, top, BETA_10)
    low = (1 - root) ** 2 / lam_max
    no_beta = (1 + 2 * root) / lam_max  # 1 − αλ = −2√β: the β of 1 + β left out
    return Answer(
        right=(top, rate),
        # The rate is near 1, so 0.5% of it would accept plain descent's; ±5e-5 on both numbers
        # keeps the α within 0.4% and the rate within its fifth decimal.
        relative=0,
        absolute=5e-5,
        mistakes=[
            ((rate, top), "Give (α, rate), in that order."),
            (
                (low, _larger_root(lam_min, low, BETA_10)),
                "That is the smallest α with complex steep roots. The question asks for the largest.",
            ),
            (
                (top, 1 - top * lam_min),
                "α is right; 1 − αλ_min is plain descent's factor. With momentum the rate is the larger "
                "root of z² − (1 + β − αλ_min)z + β.",
            ),
            ((top, root), "α is right; √β is the steep direction's |z|. The rate there is the flat one's."),
            (
                (top, float(np.abs(momentum_roots([lam_min], top, BETA_10)[0]).min())),
                "α is right; that is the smaller flat root. The rate is the larger one.",
            ),
            (
                (no_beta, _larger_root(lam_min, no_beta, BETA_10)),
                "The middle coefficient is 1 + β − αλ, not 1 − αλ: solve 1 + β − αλ_max = −2√β.",
            ),
            (
                ((1 + root) ** 2 / lam_min, 1.0),
                "That α uses λ_min. The steep direction's roots are those of λ_max.",
            ),
            (
                (momentum_limit(X, BETA_10), _larger_root(lam_min, momentum_limit(X, BETA_10), BETA_10)),
                "That α is the heavy ball's stability limit 2(1 + β)/λ_max. The question asks where the "
                "steep roots stop being complex, before it.",
            ),
            (
                (top, _larger_root(lam_min, ALPHA_10_2, BETA_10)),
                "α is right; that rate is the flat one at α = 0.009 (part 2). Take it at this α.",
            ),
        ],
        hint="Complex roots need (1 + β − αλ_max)² < 4β: the upper end has 1 + β − αλ_max = −2√β. The flat "
        "rate is the larger root of z² − (1 + β − αλ_min)z + β.",
    )


def _count_to_million(X: np.ndarray, y: np.ndarray, alpha: float, beta: float, most: int = 8000) -> int:
    """Notebook 10's count_to_million: the first k from which ‖e_j‖ ≤ 10⁻⁶‖e₀‖ for every later j."""
    best = least_squares(X, y)
    run = momentum_descent(np.zeros(2), X, y, alpha, beta, most)
    return int(iterations_to_tolerance(np.linalg.norm(run.theta_history - best, axis=1), 1e-6))


def predicted_and_counted_iterations() -> Answer:
    X, price, shape = _rings_bowl()
    alpha = ALPHA_10_2
    roots = np.abs(momentum_roots(shape.curvatures, alpha, BETA_10))
    predicted = int(iterations_for_rate(float(roots.max()), 1e-6))
    counted = _count_to_million(X, price, alpha, BETA_10)
    steep = int(iterations_for_rate(float(roots[-1].max()), 1e-6))
    plain_predicted = int(iterations_for_rate(float(shape.rate(alpha)), 1e-6))
    plain_counted = _count_to_million(X, price, alpha, 0.0)
    return Answer(
        right=(predicted, counted),
        relative=0,
        mistakes=[
            ((counted, predicted), "Give (predicted, counted), in that order."),
            (
                (plain_predicted, plain_counted),
                "Those are plain descent's (β = 0). The exercise takes β = 0.5.",
            ),
            (
                (plain_predicted, counted),
                "The count is right; the prediction is plain descent's rate. Use the heavy ball's.",
            ),
            (
                (steep, counted),
                "The count is right; that prediction uses the steep direction's |z|. The slowest "
                "direction, the flat one, sets the rate.",
            ),
            (
                (predicted - 1, counted),
                "The count is right; round the prediction up: the least k with rateᵏ ≤ 10⁻⁶.",
            ),
            (
                (predicted, counted + 1),
                "The prediction is right; the count is one too many. θ₀ is iteration 0, and the count is the "
                "first k from which the error stays at or below 10⁻⁶‖e₀‖.",
            ),
            (
                (predicted, counted - 1),
                "The prediction is right; the count is one short: at that k the error is not yet below "
                "10⁻⁶‖e₀‖ for good.",
            ),
        ],
        hint="The rate is the largest |z| of momentum_roots at α = 0.009, β = 0.5; the prediction is "
        "⌈ln 10⁻⁶/ln rate⌉. Count with count_to_million on gd.momentum_descent from (0, 0).",
    )


CHAPTER = Chapter(
    number=10,
    notebook="10_momentum.ipynb",
    title="Momentum",
    part=2,
    short_title="",
    summary=(
        r"the heavy ball and Nesterov; the tuned $\alpha$, $\beta$ and the rate $(\sqrt\kappa - "
        r"1)/(\sqrt\kappa + 1)$; the wider limit; Distill's claims checked on the rings"
    ),
    explorers=(ExplorerSetup("MomentumScene", ("carats", "price"), jewelry_rings, {}),),
    exercises=(
        Exercise(
            "10.1",
            "at β = 0.5: (the upper end of the α with complex steep roots, flat rate there)",
            largest_alpha_with_complex_roots,
        ),
        Exercise(
            "10.2",
            "at α = 0.009, β = 0.5: iterations (predicted by the rate, counted)",
            predicted_and_counted_iterations,
        ),
    ),
)
