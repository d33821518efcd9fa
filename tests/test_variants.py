"""Mini-batch and momentum descent against independent facts: the equalities that define them, a
loop written out from their formulas, the limits worked out by hand, and what theory predicts.

Hand limits on y = 3x at x = 1, 2, 3 (λ = 14/3): the heavy ball with β = 0.5 is stable below
2·1.5/(14/3) = 9/14; Nesterov with β = 0.5 below 2·1.5/(2·14/3) = 9/28.
"""

import math

import numpy as np
import pytest

import gdcore as gd

TOY_X = np.array([[1.0], [2.0], [3.0]])
TOY_Y = np.array([3.0, 6.0, 9.0])


@pytest.fixture(scope="module")
def rings():
    data = gd.jewelry_rings()
    return gd.design_matrix(data.x), data.y


@pytest.fixture(scope="module")
def standard_rings():
    data = gd.jewelry_rings()
    return gd.design_matrix((data.x - data.x.mean()) / data.x.std()), data.y


pytestmark = pytest.mark.usefixtures("no_warnings_escape")  # see conftest.py


def test_one_batch_of_everything_is_gradient_descent_number_for_number(rings):
    X, y = rings
    full = gd.minibatch_descent([0.0, 0.0], X, y, 0.01, 300, len(y), seed=7)
    plain = gd.gradient_descent([0.0, 0.0], X, y, 0.01, 300)
    np.testing.assert_array_equal(full.theta_history, plain.theta_history)
    np.testing.assert_allclose(full.cost_history, plain.cost_history, rtol=1e-9)


def written_out(X, y, theta, alpha, epochs, batch_size, schedule, seed):
    """The update rule of the docstring, as a plain loop."""
    rng, t, thetas = np.random.default_rng(seed), 0, [np.array(theta, float)]
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for first in range(0, len(y), batch_size):
            batch = np.sort(order[first : first + batch_size])
            residual = X[batch] @ thetas[-1] - y[batch]
            rate = alpha * (1.0 if schedule is None else schedule(t)) / len(batch)
            thetas.append(thetas[-1] - rate * (X[batch].T @ residual))
            t += 1
    return np.array(thetas)


# 1 to 4 examples of two parameters are updated in Python floats (FLOAT_UPDATES = 8 numbers), 5 and
# more in NumPy; 3 leaves a last batch of one example
@pytest.mark.parametrize("batch_size", [1, 3, 4, 5, 32, 100])
def test_each_epoch_shuffles_and_makes_one_update_per_batch(standard_rings, batch_size):
    X, y = standard_rings
    schedule = lambda t: 1 / (1 + t / 50)  # noqa: E731
    run = gd.minibatch_descent([0.0, 0.0], X, y, 0.1, 3, batch_size, schedule=schedule, seed=3)
    assert run.iterations == 3 * math.ceil(100 / batch_size)  # 32: batches of 32, 32, 32 and 4
    expected = written_out(X, y, [0.0, 0.0], 0.1, 3, batch_size, schedule, 3)
    np.testing.assert_allclose(run.theta_history, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("batch_size", [1, 2, 3])  # 3, 6 and 9 numbers: floats, floats, NumPy
def test_three_parameters_update_as_the_docstring_says(batch_size):
    rng = np.random.default_rng(2)
    X = np.column_stack([np.ones(10), rng.standard_normal((10, 2))])
    y = X @ [1.0, -2.0, 0.5] + 0.1 * rng.standard_normal(10)
    run = gd.minibatch_descent([0.0, 0.0, 0.0], X, y, 0.05, 4, batch_size, seed=1)
    expected = written_out(X, y, [0.0, 0.0, 0.0], 0.05, 4, batch_size, None, 1)
    np.testing.assert_allclose(run.theta_history, expected, rtol=1e-12, atol=1e-12)


def test_the_same_seed_gives_the_same_run_and_another_seed_another(standard_rings):
    X, y = standard_rings
    one = gd.minibatch_descent([0.0, 0.0], X, y, 0.05, 2, 8, seed=11)
    assert one == gd.minibatch_descent([0.0, 0.0], X, y, 0.05, 2, 8, seed=11)
    assert one != gd.minibatch_descent([0.0, 0.0], X, y, 0.05, 2, 8, seed=12)


def test_the_recorded_cost_is_the_full_data_cost(standard_rings):
    X, y = standard_rings
    run = gd.minibatch_descent([0.0, 0.0], X, y, 0.05, 2, 8, seed=1)
    np.testing.assert_allclose(run.cost_history, gd.half_mse_each(run.theta_history, X, y), rtol=1e-10)


def test_with_a_decaying_schedule_sgd_approaches_least_squares(standard_rings):
    X, y = standard_rings
    best = gd.least_squares(X, y)
    constant = gd.minibatch_descent([0.0, 0.0], X, y, 0.1, 200, 1, seed=5)
    decaying = gd.minibatch_descent(
        [0.0, 0.0], X, y, 0.1, 200, 1, seed=5, schedule=lambda t: 1 / (1 + t / 1000)
    )
    far = np.linalg.norm(constant.theta - best)
    near = np.linalg.norm(decaying.theta - best)
    assert near < far / 5  # constant alpha keeps bouncing at the noise floor; decay settles
    assert decaying.cost_history[-1] - gd.half_mse(best, X, y) < 1e-3 * gd.half_mse(best, X, y)


@pytest.mark.parametrize("nesterov", [False, True])
def test_no_momentum_is_gradient_descent_number_for_number(rings, nesterov):
    X, y = rings
    heavy = gd.momentum_descent([0.0, 0.0], X, y, 0.01, 0.0, 500, nesterov=nesterov)
    plain = gd.gradient_descent([0.0, 0.0], X, y, 0.01, 500)
    np.testing.assert_array_equal(heavy.theta_history, plain.theta_history)
    np.testing.assert_array_equal(heavy.cost_history, plain.cost_history)


@pytest.mark.parametrize(("nesterov", "limit"), [(False, 9 / 14), (True, 9 / 28)])
def test_the_momentum_limit_by_hand(nesterov, limit):
    assert gd.momentum_limit(TOY_X, 0.5, nesterov) == pytest.approx(limit, rel=1e-12)
    below = gd.momentum_descent([0.0], TOY_X, TOY_Y, 0.98 * limit, 0.5, 3000, nesterov=nesterov)
    assert not below.diverged and abs(below.theta[0] - 3) < 1e-6
    with pytest.warns(gd.DivergenceWarning, match=f"stability limit {limit:.4g}") as caught:
        above = gd.momentum_descent([0.0], TOY_X, TOY_Y, 1.02 * limit, 0.5, 3000, nesterov=nesterov)
    assert len(caught) == 1 and above.diverged
    assert above.cost_history[-1] > above.cost_history[0]


def test_the_warning_comes_at_once(rings):
    X, y = rings
    with pytest.warns(gd.DivergenceWarning, match="momentum descent diverges"):
        run = gd.momentum_descent([0.0, 0.0], X, y, 1.0, 0.9, 0)
    assert run.iterations == 0 and run.diverged


def iterations_to(run, best, factor=1e-6):
    sizes = np.linalg.norm(run.theta_history - best, axis=1)
    return int(np.argmax(sizes <= factor * sizes[0]))


def test_tuned_heavy_ball_is_about_root_kappa_times_faster_than_the_best_descent(rings):
    X, y = rings
    shape = gd.bowl(X)
    low, top = shape.curvatures
    alpha = 4 / (math.sqrt(top) + math.sqrt(low)) ** 2
    beta = ((math.sqrt(top) - math.sqrt(low)) / (math.sqrt(top) + math.sqrt(low))) ** 2
    best = gd.least_squares(X, y)
    plain = iterations_to(gd.gradient_descent([0.0, 0.0], X, y, shape.best_alpha, 8000), best)
    heavy = iterations_to(gd.momentum_descent([0.0, 0.0], X, y, alpha, beta, 8000), best)
    root_kappa = math.sqrt(shape.condition_number)  # 28.7 on the rings
    assert 0 < heavy < plain
    assert root_kappa / 2 < plain / heavy < 2 * root_kappa


def test_a_blow_up_in_mini_batches_is_told_and_stops(rings):
    X, y = rings
    with pytest.warns(gd.DivergenceWarning, match="mini-batch descent diverges") as caught:
        run = gd.minibatch_descent([0.0, 0.0], X, y, 0.05, 50, 1, seed=0)
    assert len(caught) == 1 and run.diverged and run.stopped_by == "blow-up"
    assert run.iterations < 50 * 100 and len(run.theta_history) == run.iterations + 1


def test_a_full_batch_blow_up_is_cut_at_its_first_update_though_checks_come_in_blocks(rings):
    # one update per epoch, checked every 64 updates: the history must still end exactly where
    # the cost first passes DIVERGENCE_FACTOR times its start, as plain descent's costs say
    X, y = rings
    alpha = 1.05 * gd.stability_limit(X)
    with pytest.warns(gd.DivergenceWarning):
        plain = gd.gradient_descent([0.0, 0.0], X, y, alpha, 400)
    costs = plain.cost_history
    first_bad = int(np.argmax(~np.isfinite(costs) | (costs > 1e10 * max(costs[0], 1.0))))
    assert 64 < first_bad < 400 and first_bad % 64 != 0  # inside a block, not at its edge
    with pytest.warns(gd.DivergenceWarning, match=f"at update {first_bad} "):
        run = gd.minibatch_descent([0.0, 0.0], X, y, alpha, 400, len(y), seed=0)
    assert run.iterations == first_bad and len(run.theta_history) == first_bad + 1
    np.testing.assert_array_equal(run.theta_history, plain.theta_history[: first_bad + 1])


@pytest.mark.parametrize(
    ("options", "error", "pattern"),
    [
        ({"batch_size": 0}, ValueError, "batch_size must be a whole number from 1 to m = 3; got 0"),
        ({"batch_size": 4}, ValueError, "batch_size must be a whole number from 1 to m = 3; got 4"),
        ({"batch_size": 2.5}, TypeError, "batch_size must be a whole number"),
        ({"batch_size": True}, TypeError, "batch_size must be a whole number"),
        ({"epochs": -1}, ValueError, "epochs must be zero or more"),
        ({"epochs": 1.5}, TypeError, "epochs must be a whole number"),
        ({"schedule": lambda t: -1.0}, ValueError, r"schedule\(0\) returned -1.0"),
        ({"schedule": lambda t: float("nan")}, ValueError, r"schedule must return a finite number"),
        ({"schedule": lambda t: float("inf")}, ValueError, r"schedule\(0\) returned inf"),
        ({"schedule": lambda t: 1.0 if t < 2 else -0.5}, ValueError, r"schedule\(2\) returned -0.5"),
        ({"schedule": lambda t: "fast"}, ValueError, r"schedule\(0\) returned 'fast'"),
        ({"schedule": 0.5}, TypeError, "schedule must be None or a function"),
    ],
)
def test_minibatch_bad_input_is_named(options, error, pattern):
    arguments = {"epochs": 1, "batch_size": 1} | options
    with pytest.raises(error, match=pattern):
        gd.minibatch_descent([0.0], TOY_X, TOY_Y, 0.01, **arguments)


@pytest.mark.parametrize(
    ("beta", "error", "pattern"),
    [
        (-0.1, ValueError, r"beta must be a number in \[0, 1\); got -0.1"),
        (1.0, ValueError, r"beta must be a number in \[0, 1\); got 1.0"),
        ("0.5", TypeError, "beta must be a number"),
        (None, TypeError, "beta must be a number"),
    ],
)
def test_momentum_bad_beta_is_named(beta, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.momentum_descent([0.0], TOY_X, TOY_Y, 0.01, beta, 5)


# The best tuning on a quadratic, worked by hand. The heavy ball at κ = 4 (λ = 1, 4): α = 4/(1 + 2)² = 4/9,
# β = (1/3)² = 1/9; along λ = 1, z² − (1 + 1/9 − 4/9)z + 1/9 = (z − 1/3)²; along λ = 4,
# z² + (2/3)z + 1/9 = (z + 1/3)². Nesterov at κ = 5 (λ = 1, 5), s = √16 = 4: α = 4/16 = 1/4,
# β = 2/6 = 1/3; along λ = 1, q = 3/4: z² − (3/4)(4/3)z + 1/4 = (z − 1/2)²; along λ = 5, q = −1/4:
# z² + z/3 − 1/12 = (z + 1/2)(z − 1/6). Rate 1/2 = 1 − 2/4. At κ = 1 both take α = 1/λ, β = 0, rate 0.
@pytest.mark.parametrize(
    ("curvatures", "nesterov", "tuning", "roots"),
    [
        ([1.0, 4.0], False, (4 / 9, 1 / 9, 1 / 3), [[1 / 3, 1 / 3], [-1 / 3, -1 / 3]]),
        ([4.0, 1.0, 2.5], False, (4 / 9, 1 / 9, 1 / 3), None),  # order and middle curvatures do not matter
        ([1.0, 5.0], True, (1 / 4, 1 / 3, 1 / 2), [[1 / 2, 1 / 2], [1 / 6, -1 / 2]]),
        ([3.0, 3.0], False, (1 / 3, 0.0, 0.0), [[0.0, 0.0], [0.0, 0.0]]),
        ([3.0, 3.0], True, (1 / 3, 0.0, 0.0), [[0.0, 0.0], [0.0, 0.0]]),
    ],
)
def test_momentum_tuning_by_hand(curvatures, nesterov, tuning, roots):
    got = gd.momentum_tuning(curvatures, nesterov=nesterov)
    np.testing.assert_allclose(got, tuning, rtol=1e-12, atol=1e-15)
    if roots is not None:
        two = sorted(curvatures)
        found = gd.momentum_roots(two, got[0], got[1], nesterov=nesterov)
        np.testing.assert_allclose(np.sort_complex(found).real, np.sort(roots), atol=1e-7)


def spectral_radius(lam, alpha, beta, nesterov):
    """The largest |eigenvalue| of the 2×2 iteration matrix, by numpy, for each curvature."""
    worst = 0.0
    for curvature in lam:
        if nesterov:
            q = 1 - alpha * curvature
            M = np.array([[q * (1 + beta), -q * beta], [1.0, 0.0]])
        else:
            M = np.array([[1 + beta - alpha * curvature, -beta], [1.0, 0.0]])
        worst = max(worst, float(np.abs(np.linalg.eigvals(M)).max()))
    return worst


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("kappa", [4.0, 822.0])
def test_momentum_tuning_is_the_best_on_a_grid(kappa, nesterov):
    # Independent of the formulas: numpy's eigenvalues of the iteration matrices, searched over a grid
    # of (α, β) around the tuning (±30% in α, β in [0, 0.999)), never beat the tuned rate, and the rate
    # at the tuning is the formula's.
    lam = [1.0, kappa]
    alpha, beta, rate = gd.momentum_tuning(lam, nesterov=nesterov)
    assert spectral_radius(lam, alpha, beta, nesterov) == pytest.approx(rate, abs=1e-6)
    best = min(
        spectral_radius(lam, a, b, nesterov)
        for a in np.linspace(0.7 * alpha, 1.3 * alpha, 81)
        for b in np.linspace(0.0, 0.999, 121)
    )
    assert best >= rate - 1e-9
    assert best < rate + 0.02  # the grid comes close: the optimum is in the searched box


def test_nesterov_at_its_best_beats_its_general_tuning_on_the_rings(rings):
    # Lessard, Recht and Packard's tuning against α = 1/λ_max, β = (√κ − 1)/(√κ + 1) (rate 1 − 1/√κ)
    X, _ = rings
    lam = gd.bowl(X).curvatures
    kappa = lam[1] / lam[0]
    rate = gd.momentum_tuning(lam, nesterov=True)[2]
    general = 1 - 1 / math.sqrt(kappa)
    assert spectral_radius(
        lam, 1 / lam[1], (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1), True
    ) == pytest.approx(general, abs=1e-6)
    assert rate < general
    assert gd.momentum_tuning(lam)[2] < rate  # and the heavy ball at its best is faster still


@pytest.mark.parametrize(
    ("curvatures", "error", "pattern"),
    [
        ([0.0, 4.0], ValueError, "curvatures must all be positive"),
        ([-1.0, 4.0], ValueError, "curvatures must all be positive"),
        ("steep", TypeError, "curvatures must be an array of numbers"),
        ([[1.0, 4.0]], ValueError, "curvatures must be a 1-d array"),
    ],
)
def test_momentum_tuning_names_bad_curvatures(curvatures, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.momentum_tuning(curvatures)


def test_momentum_tuning_nesterov_must_be_a_flag():
    with pytest.raises(TypeError, match="nesterov must be True or False; got 1"):
        gd.momentum_tuning([1.0, 4.0], 1)


@pytest.mark.parametrize(
    ("distances", "factor", "count"),
    [
        ([1.0, 0.5, 0.05, 0.2, 0.01, 0.001], 0.1, 4),  # dips below at 2, back above at 3: below for good at 4
        ([1.0, 0.5, 0.05, 0.01], 0.1, 2),  # never grows: the first below
        ([1.0, 0.1, 0.2], 0.1, math.inf),  # exactly at the tolerance counts as below, but the last is above
        ([1.0, 0.5, np.nan], 0.1, math.inf),  # a blown-up run never gets there
        ([2.0, 0.0], 0.1, 1),
    ],
)
def test_iterations_to_tolerance_by_hand(distances, factor, count):
    assert gd.iterations_to_tolerance(distances, factor) == count


def test_iterations_to_tolerance_of_plain_descent_is_the_exact_first_below(rings):
    # plain descent's error never grows, so below for good is first below, which iterations_from_parts
    # finds from the eigen-parts alone
    X, y = rings
    shape = gd.bowl(X)
    best = gd.least_squares(X, y)
    run = gd.gradient_descent([0.0, 0.0], X, y, shape.best_alpha, 6000)
    sizes = np.linalg.norm(run.theta_history - best, axis=1)
    assert np.all(np.diff(sizes) <= 1e-12 * sizes[0])
    exact = shape.iterations_needed(shape.best_alpha, -best, 1e-6)
    assert gd.iterations_to_tolerance(sizes, 1e-6) == exact == int(np.argmax(sizes <= 1e-6 * sizes[0]))


@pytest.mark.parametrize(
    ("distances", "factor", "error", "pattern"),
    [
        ([1.0, 0.5], 1.5, ValueError, "factor must be below 1"),
        ("far", 0.1, TypeError, "distances must be an array of numbers"),
        ([[1.0, 0.5]], 0.1, ValueError, "distances must be a non-empty 1-d array"),
        ([], 0.1, ValueError, "distances must be a non-empty 1-d array"),
        ([0.0, 0.5], 0.1, ValueError, "distances must be sizes"),
        ([1.0, -0.5], 0.1, ValueError, "distances must be sizes"),
    ],
)
def test_iterations_to_tolerance_names_bad_input(distances, factor, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.iterations_to_tolerance(distances, factor)


# Tuning alpha per batch size (notebook 09's fair comparison), against computations written out here.


def sgd_by_hand(theta, X, y, alpha, epochs, seed):
    """Single-example descent from its formula: each epoch a permutation of default_rng(seed), then
    θ ← θ − α (x_iᵀθ − y_i) x_i for each example i in that order."""
    rng = np.random.default_rng(seed)
    theta = np.array(theta, dtype=float)
    for _ in range(epochs):
        for i in rng.permutation(len(y)):
            theta = theta - alpha * (X[i] @ theta - y[i]) * X[i]
    return theta


def test_the_full_batch_on_a_round_bowl_is_tuned_to_alpha_one(standard_rings):
    # H = I: a full-batch update multiplies the error by 1 − α, so after E epochs (E updates)
    # J − J* = (1 − α)^(2E) · ½‖e₀‖², zero at α = 1 and the same at α = 0.5 and 1.5.
    Z, price = standard_rings
    start = np.array([600.0, 310.0])
    e0 = start - np.linalg.lstsq(Z, price, rcond=None)[0]
    alphas = [0.25, 0.5, 1.0, 1.5]
    tuned = gd.tune_minibatch_alpha(start, Z, price, len(price), 2, alphas, seeds=3)
    expected = [(1 - a) ** 4 * 0.5 * float(e0 @ e0) for a in alphas]
    np.testing.assert_allclose(tuned.medians, expected, rtol=1e-9, atol=1e-9)
    assert tuned.alpha == 1.0 and tuned.gap < 1e-9 and not tuned.at_edge


def test_single_examples_tuned_by_medians_of_runs_written_out(standard_rings):
    Z, price = standard_rings
    start = np.array([600.0, 310.0])
    best = np.linalg.lstsq(Z, price, rcond=None)[0]
    alphas = [0.01, 0.03, 0.1]
    tuned = gd.tune_minibatch_alpha(start, Z, price, 1, 1, alphas, seeds=5)
    # H = I here, so J − J* = ½‖θ − θ*‖²
    by_hand = [
        np.median([0.5 * np.sum((sgd_by_hand(start, Z, price, a, 1, s) - best) ** 2) for s in range(5)])
        for a in alphas
    ]
    np.testing.assert_allclose(tuned.medians, by_hand, rtol=1e-9)
    assert tuned.alpha == alphas[int(np.argmin(by_hand))]
    assert tuned.gap == pytest.approx(min(by_hand), rel=1e-9)


def test_the_gaps_of_every_update_are_those_of_each_seeded_run(standard_rings):
    Z, price = standard_rings
    best = np.linalg.lstsq(Z, price, rcond=None)[0]
    gaps = gd.minibatch_gaps([600.0, 310.0], Z, price, 0.05, 2, 10, seeds=3)
    assert gaps.shape == (3, 2 * 10 + 1)
    for s in range(3):
        run = gd.minibatch_descent([600.0, 310.0], Z, price, 0.05, 2, 10, seed=s)
        np.testing.assert_allclose(gaps[s], 0.5 * np.sum((run.theta_history - best) ** 2, axis=1), rtol=1e-9)


def test_a_rate_that_blows_up_scores_infinity_and_is_not_chosen(standard_rings):
    # one example's own curvature 1 + z_i² reaches about 4.2 on the rings: α = 1.9 makes single
    # examples blow up, though it is below the full batch's limit 2
    Z, price = standard_rings
    tuned = gd.tune_minibatch_alpha([600.0, 310.0], Z, price, 1, 20, [0.01, 1.9], seeds=3)
    assert tuned.medians[1] == np.inf and tuned.alpha == 0.01
    assert tuned.at_edge  # the smallest of the grid: the best may lie below it


def test_a_tie_goes_to_the_smaller_alpha():
    X = [[1.0, 1.0], [1.0, -1.0]]  # H = I, θ* = (1, 1); from (0, 0) J − J* = 1, times (1 − α)² per update
    tuned = gd.tune_minibatch_alpha([0.0, 0.0], X, [2.0, 0.0], 2, 1, [0.5, 1.5], seeds=1)
    assert tuned.medians.round(12).tolist() == [0.25, 0.25] and tuned.alpha == 0.5


@pytest.mark.parametrize(
    ("options", "error", "pattern"),
    [
        ({"alphas": [0.1, 0.01]}, ValueError, "alphas must be increasing"),
        ({"alphas": [0.0, 0.1]}, ValueError, "alphas must be positive"),
        ({"alphas": [[0.1]]}, ValueError, "alphas must be a 1-d array"),
        ({"alphas": "fast"}, TypeError, "alphas must be an array of numbers"),
        ({"seeds": 0}, ValueError, "seeds must be at least 1"),
        ({"epochs": 0}, ValueError, "epochs must be at least 1"),
        ({"batch_size": 4}, ValueError, "batch_size must be a whole number from 1 to m = 3"),
    ],
)
def test_tuning_bad_input_is_named(options, error, pattern):
    arguments = {"batch_size": 1, "epochs": 1, "alphas": [0.01, 0.02], "seeds": 2} | options
    with pytest.raises(error, match=pattern):
        gd.tune_minibatch_alpha([0.0], TOY_X, TOY_Y, **arguments)
