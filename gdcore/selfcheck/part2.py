"""The exercises of part 2 (notebooks 06-11): each answer and each anticipated mistake, computed.

Each function below works an exercise the way its solution does, with gdcore, the course's data
and the notebook's own definitions (copied here where the notebook defines them in a cell), and
returns an :class:`~gdcore.selfcheck.core.Answer`. The hints name the mistake, never the answer.
Nothing here imports scikit-learn or matplotlib: notebook 11's numbers that come from its data
split are stated as data of the exercise.
"""

from __future__ import annotations

import math

import numpy as np

from ..data import jewelry_rings, jewelry_sales
from ..regression import bowl, design_matrix, iterations_for_rate, least_squares
from ..variants import momentum_descent, momentum_limit, momentum_roots
from .core import Answer, Exercise

# ---------------------------------------------------------------------------------------------
# 06 · Two parameters: the bowl


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
                "That is θ* + a₀·v_flat, the flat part before the step: multiply it by q_flat once.",
            ),
            (
                (float(flipped[0]), float(flipped[1])),
                "The flat part has the wrong sign: a₀ = (θ₀ − θ*)·v_flat, the same v_flat in both places.",
            ),
            (_first_point(X, price, 0.1), "That is the first step at α = 0.1. Take α = 1/λ_max."),
            (_first_point(X, price, 0.01), "That is the first step at α = 0.01. Take α = 1/λ_max."),
            (
                _first_point(X, price, shape.limit),
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
    ratio = (1 / lam_min) / shape.limit
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


# ---------------------------------------------------------------------------------------------
# 07 · Conditioning and feature scaling

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
            ((top, low), "Those are the two eigenvalues, 1 + c and 1 − c: κ is their ratio."),
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


# ---------------------------------------------------------------------------------------------
# 08 · The closed form


def _polynomial_design(x: np.ndarray, degree: int) -> np.ndarray:
    """Notebook 08's ``polynomial_design``: columns 1, x, ..., x^degree, each power by np.vander."""
    return design_matrix(np.vander(x, degree + 1, increasing=True)[:, 1:])


def _predicted_digits(x: np.ndarray, degree: int) -> tuple[float, float]:
    """The rule of thumb: lstsq keeps 16 − log10 κ(X) digits, solve 16 − 2 log10 κ(X) (never below 0)."""
    log_kappa = float(np.log10(np.linalg.cond(_polynomial_design(x, degree))))
    return max(0.0, 16 - log_kappa), max(0.0, 16 - 2 * log_kappa)


def predicted_digits_at_degree_nine() -> Answer:
    carats, _ = jewelry_rings()
    lstsq, solve = _predicted_digits(carats / 25, 9)
    lost = 16 - lstsq
    return Answer(
        right=(lstsq, solve),
        # The digits are read to a tenth, and solve's doubles the rounding of log10 κ(X): ±0.1.
        relative=0,
        absolute=0.1,
        mistakes=[
            ((solve, lstsq), "Give (lstsq, solve), in that order."),
            ((lost, 2 * lost), "Those are the digits lost. The question asks for the digits kept, of 16."),
            (
                (lstsq, lstsq),
                "lstsq is right; solve works with XᵀX, whose κ is κ(X)²: it loses twice the digits.",
            ),
            (_predicted_digits(carats / 25, 8), "That is degree 8, the table's last row. Build degree 9."),
            (_predicted_digits(carats, 9), "That is the raw carats. The exercise takes x/25."),
            (
                _predicted_digits((carats - carats.mean()) / carats.std(), 9),
                "That is the standardised design. The exercise takes x/25.",
            ),
        ],
        hint="log10 κ(X) of polynomial_design(carats / 25, 9); lstsq keeps 16 − log10 κ(X) digits and solve "
        "16 − 2·log10 κ(X).",
    )


def _closed_form_flops(m: int, n: int) -> float:
    """Notebook 08's ``closed_form_flops``: XᵀX, Xᵀy and an LU solve."""
    return m * n**2 + 2 * m * n + 2 * n**3 / 3


def _largest_kappa(m: int, n: int, count) -> int:
    """The largest whole κ whose step count ``count(κ)`` is below the break-even k."""
    k_even = _closed_form_flops(m, n) / (4 * m * n)
    return max(kappa for kappa in range(2, 1000) if count(kappa) < k_even)


def largest_kappa_for_descent() -> Answer:
    m, n, shrink = 10**6, 1000, 1e-6
    k_even = _closed_form_flops(m, n) / (4 * m * n)

    def steps(kappa: float) -> float:  # notebook 08's steps_needed: α = 1/λ_max, the flat rate 1 − 1/κ
        return float(iterations_for_rate(1 - 1 / kappa, shrink))

    def steps_at_best_alpha(kappa: float) -> float:
        return float(iterations_for_rate((kappa - 1) / (kappa + 1), shrink))

    kappa = _largest_kappa(m, n, steps)
    return Answer(
        right=kappa,
        relative=0,
        mistakes=[
            (
                math.floor(k_even),
                "That is the break-even step count k. The question asks for the largest κ whose steps "
                "stay below it.",
            ),
            (math.ceil(k_even), "That is the break-even step count, rounded up. The question asks for κ."),
            (kappa + 1, "One too many: at that κ descent needs more steps than the break-even k."),
            (
                _largest_kappa(m, n, steps_at_best_alpha),
                "That is with the best α, rate (κ − 1)/(κ + 1). Here α = 1/λ_max: the rate is 1 − 1/κ.",
            ),
            (
                math.floor(k_even / math.log10(1 / shrink)),
                "Steps ≈ κ·ln 10⁶, the natural logarithm (13.8), not log10 10⁶ = 6.",
            ),
        ],
        hint="Break-even k = n/4 + 1/2 + n²/(6m); the steps needed are ⌈ln 10⁻⁶/ln(1 − 1/κ)⌉. Find the "
        "largest whole κ whose steps stay below k.",
    )


# ---------------------------------------------------------------------------------------------
# 09 · Stochastic and mini-batch descent


def _noise_floors():
    """Notebook 09's tr(Σ), floor_independent and floor_shuffled, on the standardised rings."""
    carats, price = jewelry_rings()
    Z = design_matrix((carats - carats.mean()) / carats.std())
    m = len(price)
    r_star = Z @ least_squares(Z, price) - price
    weighted = Z * r_star[:, None]
    tr_sigma = float(np.trace(weighted.T @ weighted / m))

    def floor_independent(alpha: float, b: int) -> float:
        return alpha * tr_sigma / (2 * b * (2 - alpha))

    def floor_shuffled(alpha: float, b: int) -> float:
        K, q = m // b, 1 - alpha
        c = tr_sigma / b * (m - b) / (m - 1)

        def spread(w: np.ndarray) -> float:
            return c * (K * np.sum(w**2) - np.sum(w) ** 2) / (K - 1) if len(w) else 0.0

        v0 = alpha**2 * spread(q ** np.arange(K)) / (1 - q ** (2 * K))
        inside = [q ** (2 * k) * v0 + alpha**2 * spread(q ** np.arange(k)) for k in range(K)]
        return float(0.5 * np.mean(inside))

    return tr_sigma, floor_independent, floor_shuffled


def independent_floors() -> Answer:
    tr_sigma, floor, shuffled = _noise_floors()
    alpha = 0.05
    five, ten = floor(alpha, 5), floor(alpha, 10)
    return Answer(
        right=(five, ten),
        mistakes=[
            ((ten, five), "Give (b = 5, b = 10), in that order."),
            ((five, 2 * five), "A larger batch averages more noise away: the floor shrinks as b grows."),
            ((2 * five, 2 * ten), "Twice the floor: J − J* = ½‖e‖², the ½ is missing."),
            (
                (alpha / 4 * tr_sigma / 5, alpha / 4 * tr_sigma / 10),
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


def shuffled_above_or_below() -> Answer:
    _, floor, shuffled = _noise_floors()
    below = shuffled(0.05, 5) < floor(0.05, 5)
    right, wrong = ("below", "above") if below else ("above", "below")
    return Answer(
        right=right,
        mistakes=[
            (
                wrong,
                "Within an epoch every example is used once, so the noises of its batches add up to zero: "
                "a push one way is paid back later in the same epoch. Compare floor_shuffled(0.05, 5) with "
                "floor_independent(0.05, 5).",
            ),
            ("same", "The two differ: in a shuffled epoch the batches' noises are not independent."),
        ],
        hint='Answer with one word, "above" or "below": where the shuffled floor sits against the '
        "independent one.",
        words={
            "lower": "below",
            "under": "below",
            "less": "below",
            "smaller": "below",
            "beneath": "below",
            "higher": "above",
            "over": "above",
            "more": "above",
            "larger": "above",
            "greater": "above",
            "equal": "same",
            "the same": "same",
        },
    )


# ---------------------------------------------------------------------------------------------
# 10 · Momentum

BETA_10 = 0.5  # the exercise's β


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
                (top, _larger_root(lam_min, 0.0095, BETA_10)),
                "α is right; that rate is the flat one at α = 0.0095 (part 2). Take it at this α.",
            ),
        ],
        hint="Complex roots need (1 + β − αλ_max)² < 4β: the largest α has 1 + β − αλ_max = −2√β. The flat "
        "rate is the larger root of z² − bz + β with b = 1 + β − αλ_min.",
    )


def _count_to_million(X: np.ndarray, y: np.ndarray, alpha: float, beta: float, most: int = 8000) -> int:
    """Notebook 10's count_to_million: the first k from which ‖e_j‖ ≤ 10⁻⁶‖e₀‖ for every later j."""
    best = least_squares(X, y)
    run = momentum_descent(X, y, np.zeros(2), alpha, beta, most)
    sizes = np.linalg.norm(run.theta_history - best, axis=1)
    return int(np.flatnonzero(sizes > 1e-6 * sizes[0])[-1]) + 1


def predicted_and_counted_iterations() -> Answer:
    X, price, shape = _rings_bowl()
    alpha = 0.0095
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
        hint="The rate is the largest |z| of momentum_roots at α = 0.0095, β = 0.5; the prediction is "
        "⌈ln 10⁻⁶/ln rate⌉. Count with count_to_million on gd.momentum_descent from (0, 0).",
    )


# ---------------------------------------------------------------------------------------------
# 11 · Real data and scikit-learn

# Notebook 11's split: scikit-learn's diabetes data have 442 patients, the first 100 of a seeded
# shuffle are the test set. Data of the exercise, stated here: gdcore does not import scikit-learn.
DIABETES_PATIENTS, TEST_PATIENTS = 442, 100
TRAINING_PATIENTS = DIABETES_PATIENTS - TEST_PATIENTS
EPOCHS_11, GAMMA_11 = 30, 1e-4  # the 30 epochs of its SGDRegressor runs; SGDRegressor's default alpha


def _eta(t: int, power: float = 0.25) -> float:
    """SGDRegressor's default 'invscaling' schedule: eta0 / t^power_t with eta0 = 0.01."""
    return 0.01 / t**power


def _halving_update(power: float = 0.25) -> int:
    """The first update t at which η is at most half of η at t = 1."""
    t = 1
    while _eta(t, power) > _eta(1, power) / 2:
        t += 1
    return t


def halving_and_last_rate() -> Answer:
    halved = _halving_update()
    last = _eta(EPOCHS_11 * TRAINING_PATIENTS)
    return Answer(
        right=(halved, last),
        mistakes=[
            ((last, halved), "Give (t, η), in that order."),
            (
                (halved - 1, last),
                "η is right; that counts the updates after the first. Give the update number t itself "
                "(the first update is t = 1).",
            ),
            (
                (_halving_update(1.0), _eta(EPOCHS_11 * TRAINING_PATIENTS, 1.0)),
                "That is η = 0.01/t. The default power_t is 0.25: η halves when t^0.25 doubles.",
            ),
            (
                (_halving_update(0.5), _eta(EPOCHS_11 * TRAINING_PATIENTS, 0.5)),
                "That is η = 0.01/√t. The default power_t is 0.25: η halves when t^0.25 doubles.",
            ),
            (
                (halved, _eta(EPOCHS_11 * DIABETES_PATIENTS)),
                "t is right; that last η counts all the patients. The epochs run over the training set only.",
            ),
            (
                (halved, _eta(EPOCHS_11)),
                "t is right; that η takes t = the number of epochs. t counts updates, one per example.",
            ),
        ],
        hint="η_t = 0.01/t^0.25 halves when t^0.25 doubles; the last update's t is epochs × training "
        "patients.",
    )


def ridge_alpha() -> Answer:
    m, gamma = TRAINING_PATIENTS, GAMMA_11
    return Answer(
        right=m * gamma,
        mistakes=[
            (
                gamma,
                "That is γ itself. Ridge's sum of squares is not divided by m: scale the penalty to match.",
            ),
            (
                2 * m * gamma,
                "Twice too much: the penalty is (γ/2)‖w‖², with a ½; multiplying by 2m doubles γ/2, not γ.",
            ),
            (m * gamma / 2, "Half too little: multiplying by 2m turns (γ/2)‖w‖² into m·γ·‖w‖²."),
            (gamma / m, "Divided instead of multiplied: Ridge's objective is 2m times J + (γ/2)‖w‖²."),
            (
                DIABETES_PATIENTS * gamma,
                "That m counts all the patients. The fit uses the training set only.",
            ),
        ],
        hint="J = Σ r²/(2m): multiply J + (γ/2)‖w‖² by 2m to get Σ r² + a‖w‖², and read off a.",
    )


EXERCISES = [
    Exercise(
        "06.1", "the first point (θ₀, θ₁) from (0, 0) at α = 1/λ_max", first_point_at_one_over_lambda_max
    ),
    Exercise(
        "06.2", "1/λ_min as a multiple of the stability limit 2/λ_max", one_over_lambda_min_against_the_limit
    ),
    Exercise("07.1", "(κ, best rate) at scale = sqrt(mean(x²))", kappa_and_rate_at_rms_scale),
    Exercise("07.2", "the guaranteed iterations to tol = 10⁻⁶ at the best α", guaranteed_count_at_rms_scale),
    Exercise(
        "08.1", "the rule's correct digits (lstsq, solve) at degree 9, x/25", predicted_digits_at_degree_nine
    ),
    Exercise("08.2", "the largest whole κ(XᵀX) for which descent is cheaper", largest_kappa_for_descent),
    Exercise("09.1", "the independent-batch floor at α = 0.05: (b = 5, b = 10)", independent_floors),
    Exercise(
        "09.2",
        'shuffled epochs at α = 0.05, b = 5: "above" or "below" the independent-batch floor',
        shuffled_above_or_below,
    ),
    Exercise(
        "10.1",
        "at β = 0.5: (largest α with complex steep roots, flat rate there)",
        largest_alpha_with_complex_roots,
    ),
    Exercise(
        "10.2",
        "at α = 0.0095, β = 0.5: iterations (predicted by the rate, counted)",
        predicted_and_counted_iterations,
    ),
    Exercise("11.1", "(the update t at which η has halved, η at the last update)", halving_and_last_rate),
    Exercise("11.2", "Ridge's a for γ = 10⁻⁴, m = 342", ridge_alpha),
]
