"""Self-checks: the right answers (from the solutions' hand derivations or counted by running
descent, never from the checker), each anticipated mistake's hint, near misses, and bad input."""

import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import gdcore as gd
from gdcore.course import CHAPTERS
from gdcore.selfcheck import EXERCISES, verdict

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _intercept_count(alpha: float, iterations: int, within: float = 0.01) -> int:
    """Iterations until the rings' intercept is within ``within`` dollars of least squares, counted by
    running descent."""
    carats, price = gd.jewelry_rings()
    X = gd.design_matrix(carats)
    best = gd.least_squares(X, price)
    path = gd.gradient_descent(np.zeros(2), X, price, alpha, iterations).theta_history
    return int(np.argmax(np.abs(path[:, 0] - best[0]) < within))


def _first_step_at_one_over_lambda_max():
    """06.1 by running descent one step (06's solution: "then check with gd.gradient_descent")."""
    X = gd.design_matrix(gd.jewelry_sales().x)
    lam_max = np.linalg.eigvalsh(X.T @ X / len(X))[-1]
    return tuple(gd.gradient_descent([0.0, 0.0], X, gd.jewelry_sales().y, 1 / lam_max, 1).theta_history[1])


def _rms_c():
    """07's cosine between the ones and the carats, c = mean(x)/sqrt(mean(x²))."""
    carats = gd.jewelry_rings().x
    return carats.mean() / np.sqrt(np.mean(carats**2))


def _measured_count_at_rms_scale():
    """07.2 counted by running descent at α* = 2/((1 + c) + (1 − c)) = 1, as 07's measured_count does."""
    carats, price = gd.jewelry_rings()
    U = gd.design_matrix(carats / np.sqrt(np.mean(carats**2)))
    best = gd.least_squares(U, price)
    sizes = np.linalg.norm(gd.gradient_descent(np.zeros(2), U, price, 1.0, 200).theta_history - best, axis=1)
    return int(np.flatnonzero(sizes <= 1e-6 * sizes[0])[0])


def _largest_kappa_by_search(m=10**6, n=1000):
    """08.2: the break-even formula and the step count written out, κ searched over the whole numbers."""
    k_even = n / 4 + 1 / 2 + n**2 / (12 * m)  # (m n² + 2mn + n³/3) / (4mn)
    return max(k for k in range(2, 100) if math.ceil(math.log(1e-6) / math.log(1 - 1 / k)) < k_even)


def _quadratic_diabetes():
    """13's data written out: notebook 11's split, the ten measurements, their products and squares
    (sex's square left out: it takes two values), standardised with the training rows."""
    from itertools import combinations_with_replacement

    from sklearn.datasets import load_diabetes

    data = load_diabetes(scaled=False)
    train = np.random.default_rng(11).permutation(442)[100:]
    x, y = data.data[train], data.target[train]
    columns = [x[:, i] for i in range(10)]
    for i, j in combinations_with_replacement(range(10), 2):
        if not (i == j and len(set(x[:, i])) == 2):
            columns.append(x[:, i] * x[:, j])
    return np.column_stack(columns), y


def _quadratic_block_curvatures():
    """The smallest and largest eigenvalue of H's weights' block, from the singular values: λ = σ²/m."""
    features, _ = _quadratic_diabetes()
    z = (features - features.mean(axis=0)) / features.std(axis=0)
    sigma = np.linalg.svd(z, compute_uv=False)
    return sigma.min() ** 2 / len(z), sigma.max() ** 2 / len(z)


def _kappa_and_limit(gamma=1.0):
    low, high = _quadratic_block_curvatures()
    return (high + gamma) / (low + gamma), 2 / (high + gamma)


def _k_fold(folds=6, seed=7):
    """13.2 written out: a seeded shuffle cut in 6, each fold's ridge by least squares on [Z; √(mγ)I′]."""
    features, y = _quadratic_diabetes()
    parts = np.array_split(np.random.default_rng(seed).permutation(len(y)), folds)
    gammas = 10.0 ** np.arange(-4.0, 1.51, 0.25)
    errors = np.zeros((len(gammas), 2))  # validation, training
    for fold in parts:
        keep = np.setdiff1d(np.arange(len(y)), fold)
        mean, sd = features[keep].mean(axis=0), features[keep].std(axis=0)
        fit = np.column_stack([np.ones(len(keep)), (features[keep] - mean) / sd])
        held = np.column_stack([np.ones(len(fold)), (features[fold] - mean) / sd])
        n = fit.shape[1]
        for g, gamma in enumerate(gammas):
            rows = np.vstack([fit, np.sqrt(len(keep) * gamma) * np.eye(n)[1:]])
            theta = np.linalg.lstsq(rows, np.r_[y[keep], np.zeros(n - 1)], rcond=None)[0]
            errors[g] += [np.mean((held @ theta - y[fold]) ** 2), np.mean((fit @ theta - y[keep]) ** 2)]
    errors /= folds
    return gammas, errors[:, 0], errors[:, 1]


def _cross_validated_gamma(folds=6, seed=7):
    gammas, validation, _ = _k_fold(folds, seed)
    return float(gammas[validation.argmin()]), float(validation.min())


def _ring_curvatures():
    X = gd.design_matrix(gd.jewelry_rings().x)
    return np.linalg.eigvalsh(X.T @ X / len(X))


def _larger_root(lam, alpha, beta=0.5):
    """The quadratic formula for z² − (1 + β − αλ)z + β = 0: the root of larger size."""
    b = 1 + beta - alpha * lam
    disc = b * b - 4 * beta
    return (b + math.sqrt(disc)) / 2 if disc >= 0 else math.sqrt(beta)


def _complex_limit():
    """10.1: (1 + β − αλ_max)² = 4β at its far end, α = (1 + √β)²/λ_max; the flat rate there."""
    lam_min, lam_max = _ring_curvatures()
    alpha = (1 + math.sqrt(0.5)) ** 2 / lam_max
    return alpha, _larger_root(lam_min, alpha)


def _heavy_ball_rate(alpha, beta):
    """The largest |z| of z² − (1 + β − αλ)z + β over the rings' two curvatures, by numpy's roots."""
    return max(np.abs(np.roots([1, -(1 + beta - alpha * lam), beta])).max() for lam in _ring_curvatures())


def _adam_two_steps(corrected, reuse_g0=False, first_corrections=False):
    """θ₁ after two of Adam's steps on the rings at α = 10, δ = 0, β = (0.9, 0.999), from (0, 0),
    written out in plain numpy; the flags make the mistakes (g₀ reused; 1 − β, not 1 − β², at step 2)."""
    rings = gd.jewelry_rings()
    X, y = np.column_stack([np.ones(len(rings.x)), rings.x]), rings.y
    theta, mean, square = np.zeros(2), np.zeros(2), np.zeros(2)
    g0 = X.T @ (X @ theta - y) / len(y)
    for k in (1, 2):
        g = g0 if (k == 1 or reuse_g0) else X.T @ (X @ theta - y) / len(y)
        mean, square = 0.9 * mean + 0.1 * g, 0.999 * square + 0.001 * g**2
        power = 1 if first_corrections else k
        scale = (1 / (1 - 0.9**power), 1 / (1 - 0.999**power)) if corrected else (1, 1)
        theta = theta - 10 * mean * scale[0] / np.sqrt(square * scale[1])
    return theta[1]


# The answers, worked by hand in the notebooks' solutions (or counted independently).
RIGHT = {
    "01.1": (100, 60),  # 01's solution: price = 100 + 60·carats
    "01.2": 2000,  # residuals of that line at (1, 2, 3, 4) carats
    "02.1": 5.25,  # 31.5 / 6
    "02.2": 33.75,  # 30/8 · 9
    "03.1": (2, 28 / 3),  # vertex at 2; 7/3 · 4
    "04.1": 3,  # 3 → 0.2 → 0.0133 → 0.00089
    "05.1": lambda: _intercept_count(0.01, 10_000, within=0.001),
    "05.2": lambda: _intercept_count(0.005, 20_000),
    "06.1": _first_step_at_one_over_lambda_max,  # 06's solution: (39.06, 84.14)
    "06.2": 5.5465 / 0.1202 / 2,  # 06's printed eigenvalues: 1/λ_min over 2/λ_max = κ/2, "23 times"
    "07.1": lambda: ((1 + _rms_c()) / (1 - _rms_c()), _rms_c()),  # 07's solution: (14.72, 0.8727)
    "07.2": _measured_count_at_rms_scale,  # 07's solution: ⌈101.5⌉ = 102, measured 102
    "08.1": (9.3, 2.6),  # 08's solution: 16 − 6.7 and 16 − 13.4
    "08.2": _largest_kappa_by_search,  # 08's solution: 18
    "09.1": (35.878, 17.939),  # 09's solution: gd.noise_floor_independent(Z, price, 0.05, 5) and (…, 10)
    # the shuffled floors at α = 0.05 worked from their formula (tests/test_noise_floors.py checks it against
    # enumerated shuffles): 9.7442 at b = 5 and 2.7108 at b = 10, a factor 3.59, more than the 2 of 1/b
    "09.2": "more",
    "10.1": _complex_limit,  # 10's solution: (0.01493, 0.99286)
    # 10.2 at α = 0.009, β = 0.5: ⌈ln 10⁻⁶/ln 0.99571⌉ = 3213; counted by a written-out loop: 3053
    "10.2": (3213, 3053),
    "11.1": (
        16,
        256,
        0.01 / (30 * 342) ** 0.25,
    ),  # t^(1/4) doubles at t = 2⁴, again at 2⁸; 0.000994 at t = 30·342
    "11.2": 342 * 1e-4,  # a = m·γ
    # 12.1: the first step is 10 corrected and α(1 − β₁)/√(1 − β₂) = √1000 uncorrected; the second written out
    "12.1": lambda: (_adam_two_steps(True), _adam_two_steps(False)),
    # 12.2: d_(k+1) = β₁d_k − (α/δ)(1 − β₁)g_k: the heavy ball with 100·0.1/1000 = 0.01 and β = 0.9;
    # its rate by numpy's roots, and the count ⌈ln 10⁻⁶ / ln ρ⌉: 383
    "12.2": lambda: (
        _heavy_ball_rate(0.01, 0.9),
        math.ceil(math.log(1e-6) / math.log(_heavy_ball_rate(0.01, 0.9))),
    ),
    # 13.1: centred features, so the weights' curvatures are λ_i + γ: ((λmax + 1)/(λmin + 1), 2/(λmax + 1))
    "13.1": _kappa_and_limit,
    # 13.2: 6-fold cross-validation (seed 7) written out, each fit an independent augmented least squares
    "13.2": _cross_validated_gamma,
}

# Anticipated mistakes, by hand, and a word each hint must contain.
MISTAKES = {
    "01.1": [((60, 100), "intercept"), ((700 / 6, 50), "three sales")],
    "01.2": [(250, "J = S/(2m)"), (500, "mean"), (math.sqrt(2000), "root"), (5000 / 3, "three sales")],
    "02.1": [(10.5, "½ in front"), (31.5, "divides it by 2m"), (15.75, "not by m")],
    "02.2": [(21, "first three points"), (67.5, "½ in front"), (270, "divide by 2m"), (45, "m = 3")],
    "03.1": [((3, 21), "y = 3x"), ((2, 56 / 3), "½"), ((2, 28), "2m"), ((28 / 3, 2), "order")],
    "04.1": [(4, "not the points"), (2, "not yet below"), (120, "α = 0.01")],
    "05.1": [(3360, "for a cent"), (4328, "Round up"), (4330, "One too many")],
    "05.2": [(3360, "halves 1 − q"), (6720, "not exactly"), (1680, "more of them"), (6723, "Round up")],
    "06.1": [
        ((84.14, 39.06), "intercept first"),
        ((0, 0), "the start"),
        ((116.67, 50), "θ*"),
        ((39.06 - 116.67, 84.14 - 50), "e₁"),
        ((116.67 + (39.06 - 116.67) / 0.9783, 50 + (84.14 - 50) / 0.9783), "q_flat once"),
        ((116.67 - (39.06 - 116.67), 50 - (84.14 - 50)), "wrong sign"),
        ((21.67, 46.67), "α = 0.1"),  # 06's first step at α = 0.1
        ((2.167, 4.667), "α = 0.01"),
        ((0.3606 * 216.67, 0.3606 * 466.67), "2/λ_max"),
    ],
    "06.2": [(2 * 0.1202 / 5.5465, "Upside down"), (46.1, "κ"), (8.32, "itself"), (-45.1, "q_steep")],
    "07.1": [
        ((0.8727, 14.72), "order"),
        ((1.8727, 0.1273), "eigenvalues"),
        ((math.sqrt(14.72), 0.8727), "np.linalg.cond"),
        ((14.72, 1 - 1 / 14.72), "1/λ_max"),
        ((822.07, 0.8727), "raw carats"),
    ],
    "07.2": [(101, "Round up"), (5679, "raw carats"), (320, "centred"), (197, "1/λ_max"), (51, "cost")],
    "08.1": [
        ((2.6, 9.3), "order"),
        ((6.7, 13.4), "digits lost"),
        ((9.3, 9.3), "twice"),
        ((10.1, 4.2), "degree 8"),  # 08's table: κ(X) = 8.2e5 at degree 8
        ((2.6, 0), "raw carats"),  # log10 κ(X) = 13.4 raw: solve keeps nothing
        ((12.6, 9.2), "standardised"),
    ],
    "08.2": [(250, "break-even"), (251, "rounded up"), (19, "One too many"), (36, "best α"), (41, "natural")],
    "09.1": [
        ((17.939, 35.878), "order"),
        ((35.878, 71.756), "shrinks as b grows"),
        ((71.756, 35.878), "½"),
        ((0.05 / 4 * 13992.47 / 5, 0.05 / 4 * 13992.47 / 10), "approximation"),
        ((9.7442, 2.7108), "shuffled"),
        ((5 * 35.878, 5 * 35.878), "b is missing"),
    ],
    "09.2": [("less", "nearer equal"), ("Smaller", "nearer equal"), ("exactly", "1/b"), ("2", "1/b")],
    "10.1": [
        ((0.99286, 0.01493), "order"),
        ((0.2929**2 / 195.146, _larger_root(0.23738, 0.2929**2 / 195.146)), "smallest α"),
        ((0.01493, 1 - 0.01493 * 0.23738), "plain descent"),
        ((0.01493, math.sqrt(0.5)), "√β"),
        ((0.01493, (1.5 - 0.01493 * 0.23738 - math.sqrt((1.5 - 0.01493 * 0.23738) ** 2 - 2)) / 2), "smaller"),
        ((2.41421 / 195.146, _larger_root(0.23738, 2.41421 / 195.146)), "1 + β − αλ"),
        ((1.70711**2 / 0.23738, 1.0), "λ_min"),
        ((3 / 195.146, _larger_root(0.23738, 3 / 195.146)), "stability limit"),  # 2(1 + β)/λ_max
        ((0.01493, 0.99571), "part 2"),  # the flat rate at part 2's α = 0.009
    ],
    "10.2": [
        ((3053, 3213), "order"),
        ((6460, 6137), "β = 0"),  # plain descent at α = 0.009: rate 0.997864, counted by a written-out loop
        ((6460, 3053), "plain descent's rate"),
        ((40, 3053), "steep"),  # ⌈ln 10⁻⁶/ln 0.70711⌉
        ((3212, 3053), "round the prediction up"),
        ((3213, 3054), "one too many"),
        ((3213, 3052), "one short"),
    ],
    "11.1": [
        ((0.000994, 256, 16), "order"),
        ((15, 255, 0.000994), "after the first"),
        ((16, 32, 0.000994), "same factor"),  # doubling t once more halves t^(1/4) by only 2^(1/4)
        ((2, 4, 0.01 / 10260), "0.01/t"),
        ((4, 16, 0.01 / math.sqrt(10260)), "0.01/√t"),
        ((16, 256, 0.01 / (30 * 442) ** 0.25), "all the patients"),
        ((16, 256, 0.01 / 30**0.25), "number of epochs"),
    ],
    "11.2": [
        (1e-4, "γ itself"),
        (0.0684, "Twice"),
        (0.0171, "Half"),
        (1e-4 / 342, "Divided"),
        (0.0442, "all the"),
    ],
    "12.1": [
        ((_adam_two_steps(False), _adam_two_steps(True)), "order"),
        ((_adam_two_steps(True) - 10, _adam_two_steps(False) - math.sqrt(1000)), "second steps"),
        ((-_adam_two_steps(True), -_adam_two_steps(False)), "sign"),
        ((_adam_two_steps(True, reuse_g0=True), _adam_two_steps(False, reuse_g0=True)), "g₀ again"),
        ((_adam_two_steps(True, first_corrections=True), _adam_two_steps(False)), "1 − β₁²"),
    ],
    "12.2": [
        (
            (
                _heavy_ball_rate(0.01, 0.999),
                math.ceil(math.log(1e-6) / math.log(_heavy_ball_rate(0.01, 0.999))),
            ),
            "β₂",
        ),
        ((1 - 0.01 * min(_ring_curvatures()), 5814), "plain descent"),  # ⌈ln 10⁻⁶ / ln(1 − 0.01 λmin)⌉
        ((0.96451, 382), "round the count up"),
    ],
    "13.1": [
        (lambda: _kappa_and_limit()[::-1], "order"),
        (lambda: _kappa_and_limit(0.0), "without the penalty"),
        (lambda: (_kappa_and_limit()[0], _kappa_and_limit()[1] / 2), "not 1 over"),
        (
            lambda: (
                (_quadratic_block_curvatures()[1] + 1) / _quadratic_block_curvatures()[0],
                _kappa_and_limit()[1],
            ),
            "the smallest too",
        ),
    ],
    "13.2": [
        (lambda: (1e-4, _k_fold()[2].min()), "training error"),  # the least training error: no penalty
        (lambda: (285 * _cross_validated_gamma()[0], _cross_validated_gamma()[1]), "A = mγ"),  # 342 − 57 rows
        (lambda: _cross_validated_gamma(9, 13), "9-fold"),
        (lambda: _cross_validated_gamma(6, 13), "seed 7"),
    ],
}


def right_answer(exercise):
    value = RIGHT[exercise]
    return value() if callable(value) else value


def test_every_exercise_is_known():
    assert set(EXERCISES) == set(RIGHT)
    # the ids a teacher's guide refers to: NN.1, NN.2, ... for every chapter after 00, in order
    for chapter in CHAPTERS[1:]:
        ids = [exercise.id for exercise in chapter.exercises]
        assert ids == [f"{chapter.id}.{part}" for part in range(1, len(ids) + 1)] and ids, chapter.id
    assert len(EXERCISES) >= 20  # the twenty of 0.2


@pytest.mark.parametrize("exercise", sorted(RIGHT))
def test_the_right_answer_is_accepted(exercise):
    result = verdict(exercise, right_answer(exercise))
    assert result.right and result.text.startswith(f"✔ {exercise}")


def test_the_counted_answers_are_the_notebooks():
    # notebook 05 prints these counts (its exercise and solution): the checker must agree
    assert right_answer("05.1") == 4329 and right_answer("05.2") == 6724
    # and the solutions of 06-10 print these (the checker's own answers are compared with them above)
    assert np.round(right_answer("06.1"), 2).tolist() == [39.06, 84.14]
    assert round(right_answer("06.2")) == 23
    kappa, rate = right_answer("07.1")
    assert (round(kappa, 2), round(rate, 4)) == (14.72, 0.8727)
    assert right_answer("07.2") == 102 and right_answer("08.2") == 18
    assert np.round(right_answer("10.1"), 5).tolist() == [0.01493, 0.99286]
    assert right_answer("11.1")[:2] == (16, 256) and round(right_answer("11.1")[2], 6) == 0.000994


# What the solutions of 06-11 print, rounded as printed: typed in, each must be accepted.
AS_PRINTED = {
    "06.1": (39.06, 84.14),
    "06.2": 23,
    "07.1": (14.72, 0.8727),
    "07.2": 102,
    "08.1": (9.3, 2.6),
    "08.2": 18,
    "09.1": (35.878, 17.939),
    "09.2": "more",
    "10.1": (0.01493, 0.99286),
    "10.2": (3213, 3053),
    "11.1": (16, 256, 0.000994),
    "11.2": 0.0342,
    "12.1": (19.873, 68.767),
    "12.2": (0.96451, 383),
    "13.1": (29.763, 0.067196),
    "13.2": (0.03162, 2751.6),
}


@pytest.mark.parametrize("exercise", sorted(AS_PRINTED))
def test_the_solutions_printed_answers_are_accepted(exercise):
    assert verdict(exercise, AS_PRINTED[exercise]).right


def test_the_measured_digits_are_not_checked():
    # 08.1 asks for the rule's prediction: the measured digits (11.2 and 3.2 on the solution's
    # machine) depend on the BLAS, so they are neither right nor an anticipated mistake
    for measured in [(11.2, 3.2), (11.0, 3.5)]:
        result = verdict("08.1", measured)
        assert not result.right and "not yet." in result.text and "08.1" in result.text


def _revealing(shown: str, value: float, answer) -> bool:
    """Whether printing ``shown`` would give the answer away: the checker would accept it."""
    return abs(float(shown) - value) <= max(answer.relative * abs(value), answer.absolute)


@pytest.mark.parametrize(
    ("exercise", "given", "word"), [(e, g, w) for e, ms in MISTAKES.items() for g, w in ms]
)
def test_each_anticipated_mistake_gets_its_hint(exercise, given, word):
    given = given() if callable(given) else given  # 13's: computed from the data
    result = verdict(exercise, given)
    assert not result.right and result.text.startswith(f"✘ {exercise}")
    assert word in result.text


@pytest.mark.parametrize(
    ("exercise", "given", "word"), [(e, g, w) for e, ms in MISTAKES.items() for g, w in ms]
)
def test_no_hint_prints_the_answer(exercise, given, word):
    given = given() if callable(given) else given
    text = verdict(exercise, given).text.split(": not yet.", 1)[1]
    answer = EXERCISES[exercise].answer()
    question = EXERCISES[exercise].asks
    if isinstance(answer.right, str):
        spellings = {answer.right} | {word for word, means in answer.words.items() if means == answer.right}
        assert not any(re.search(rf"\b{word}\b", text, re.IGNORECASE) for word in spellings), text
        return
    right = right_answer(exercise)
    for value in right if isinstance(right, tuple) else (right,):
        for shown in {f"{value:g}", f"{value:.2f}", f"{value:.1f}", str(round(value))}:
            if shown in question or not _revealing(shown, value, answer):  # "y = 2x" gives the 2
                continue
            assert not re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d])", text), (shown, text)


def test_a_count_left_unrounded_is_told_to_round_up():
    # 07.2: ln(1e-6)/ln(0.872746) = 101.5 before rounding up to 102; 05.1: 4328.7 before 4329
    for exercise, given in [("07.2", 101.5), ("05.1", 4328.7), ("10.2", (3212.4, 3053))]:
        result = verdict(exercise, given)
        assert not result.right and "round up" in result.text


def test_close_means_within_ten_tolerances_not_a_wrong_method():
    # a rate near 1 checked to ±5e-5: 1% off is a different number, not a rounding slip
    result = verdict("10.1", (0.01493, 0.983))
    assert not result.right and "close" not in result.text and "Complex roots need" in result.text
    assert "close, but not exactly the answer" in verdict("10.2", (3213, 3061)).text


@pytest.mark.parametrize(
    ("exercise", "given", "tolerance"),
    [
        ("02.1", 5.3, "0.5%"),
        ("02.2", 33.0, "0.5%"),
        ("01.2", 2040, "0.5%"),
        ("06.1", (39.9, 84.1), "0.5%"),
        ("06.2", 22.5, "0.5%"),
        ("07.1", (14.38, 0.87), "0.5%"),  # c rounded to 0.87 before (1 + c)/(1 − c)
        ("08.1", (9.5, 2.6), "±0.1"),
        ("09.1", (36.5, 18.2), "0.5%"),
        ("10.1", (0.0150, 0.9929), "±5e-05"),
        ("10.2", (3300, 3053), "exactly"),
        ("11.1", (16, 256, 0.00097), "0.5%"),
        ("11.2", 0.0335, "0.5%"),
    ],
)
def test_a_near_miss_is_called_close(exercise, given, tolerance):
    result = verdict(exercise, given)
    assert (
        not result.right
        and f"close, but not {'within ' * (tolerance != 'exactly')}{tolerance}" in result.text
    )


@pytest.mark.parametrize("spelling", ["more", "More", " more than 2 ", "greater", "larger"])
def test_a_word_answer_takes_its_spellings(spelling):
    result = verdict("09.2", spelling)
    assert result.right and result.text.startswith("✔ 09.2")


@pytest.mark.parametrize("given", [3.595, ("more",), True])
def test_a_word_answer_refuses_a_number_clearly(given):
    result = verdict("09.2", given)
    assert not result.right and "must be a word in quotes" in result.text
    assert "more" not in result.text.split("must be")[1].split("got")[0]  # its example is not the answer


def test_an_unforeseen_word_gets_the_general_hint():
    result = verdict("09.2", "sideways")
    assert not result.right and '"more", "exactly" or "less"' in result.text


def test_within_the_tolerance_is_right_and_the_tolerance_is_stated():
    assert verdict("02.1", 5.25 * 1.004).right  # 0.4% off, inside 0.5%
    assert not verdict("02.1", 5.25 * 1.006).right  # 0.6% off
    assert "within 0.5%" in verdict("02.1", 5.25).text
    assert "exactly" in verdict("04.1", 3).text and not verdict("04.1", 3.01).right


def test_a_sign_error_is_named():
    assert "sign" in verdict("02.1", -5.25).text


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("three", "must be a number"),
        (True, "must be a number"),
        ([3, 4], "must be a number; got 2 number(s)"),
        (float("nan"), "must be finite"),
        (None, "no answer yet"),
        (..., "no answer yet"),
    ],
)
def test_an_answer_that_is_not_a_number_gets_a_clear_message(given, words):
    result = verdict("04.1", given)
    assert not result.right and words in result.text


def test_several_numbers_must_come_as_several():
    assert "must be 2 numbers" in verdict("03.1", 2).text
    assert verdict("03.1", np.array([2.0, 28 / 3])).right  # an array is fine


def test_an_unknown_exercise_is_refused_by_name():
    with pytest.raises(ValueError, match=r"exercise must be one of .*04\.1.*got '4.1'"):
        verdict("4.1", 3)


def test_check_prints_the_verdict(capsys):
    gd.check("04.1", 4)
    assert capsys.readouterr().out.startswith("✘ 04.1 · steps")


#: The chapters whose self-checks need scikit-learn's data (the notebook itself loads them with it).
NEED_SCIKIT_LEARN = ("13",)


def test_the_checker_needs_no_widget_or_figure_library():
    probe = (
        "import sys, gdcore; from gdcore.selfcheck import EXERCISES; "
        "[gdcore.selfcheck.verdict(key, 1.0) for key in EXERCISES "
        f"if not key.startswith({NEED_SCIKIT_LEARN!r})]; "
        "print(sorted({'ipywidgets', 'matplotlib', 'sklearn', 'scipy'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")
    # 13's checks load the diabetes data with scikit-learn, and still no widget or figure library
    probe = probe.replace("if not key", "if key").replace("'sklearn', 'scipy'", "'pyplot'")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_every_answer_is_computed_fast(exercise):
    # a student runs the check cell: each answer is computed (once) in well under a second
    start = time.perf_counter()
    EXERCISES[exercise].compute()
    assert time.perf_counter() - start < 0.5


def _check_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text())["cells"]
    return [
        "".join(cell["source"]) for cell in cells if "self-check" in cell.get("metadata", {}).get("tags", [])
    ]


@pytest.mark.parametrize(
    "notebook", [NOTEBOOKS / chapter.notebook for chapter in CHAPTERS], ids=lambda p: p.name[:2]
)
def test_every_exercise_has_its_self_check_cell(notebook):
    text = notebook.read_text()
    has_exercise = "## Exercise" in text
    cells = _check_cells(notebook)
    expected = sorted(key for key in EXERCISES if key.startswith(notebook.name[:2] + "."))
    if not has_exercise:
        assert not cells and not expected
        return
    assert len(cells) == 1, "one self-check cell after the exercise: `make notebooks ONLY=NN` writes it"
    called = re.findall(r'gd\.check\("(\d\d\.\d)", \.\.\.\)', cells[0])
    assert called == expected


def test_notebook_11s_split_is_the_chapters_and_its_data_have_the_stated_patients():
    from sklearn.datasets import load_diabetes

    from gdcore.chapters import ch11_real_data_and_scikit_learn as ch11

    assert len(load_diabetes().target) == ch11.DIABETES_PATIENTS  # scikit-learn's documentation: 442
    split = ch11.diabetes_split()
    # the notebook's cell: rng = default_rng(11); order = rng.permutation(m); test, train = order[:100], ...
    order = np.random.default_rng(11).permutation(442)
    assert np.array_equal(split["y_test"], load_diabetes(scaled=False).target[order[:100]])
    assert (len(split["y_train"]), len(split["y_test"]), len(split["names"])) == (342, 100, 10)
