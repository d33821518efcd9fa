"""Every number the three source tutorials state that gdcore can produce.

Expected values are worked out by hand in the comments (never copied from gdcore's output).
On y = 3x at x = 1, 2, 3 with theta0 = 0: J(t) = (1/6)·Σ(t·x − 3x)² = (14/6)(t − 3)² = (7/3)(t − 3)²
and dJ/dt = (14/3)(t − 3).
"""

import warnings

import numpy as np
import pytest

import gdcore as gd


@pytest.fixture
def toy():
    x, y = gd.toy_line()
    return x[:, None], y  # one column, no bias: theta0 held at zero as in source 000


# Source 000's table, to its two decimals: 21, 9.33, 2.33, 0, 2.33, 9.33, 21.
@pytest.mark.parametrize(
    ("theta1", "cost"),
    [(0, 21.0), (1, 9.33), (2, 2.33), (3, 0.0), (4, 2.33), (5, 9.33), (6, 21.0)],
)
def test_cost_table_on_y_equals_3x(toy, theta1, cost):
    X, y = toy
    assert round(gd.half_mse([theta1], X, y), 2) == cost


def test_cost_at_zero_is_126_over_6(toy):
    X, y = toy
    # squares 9 + 36 + 81 = 126, times 1/(2·3)
    np.testing.assert_array_equal(gd.residuals([0.0], X, y), [-3, -6, -9])
    assert gd.sum_of_squares([0.0], X, y) == 126
    assert gd.half_mse([0.0], X, y) == pytest.approx(126 / 6)
    assert gd.mse([0.0], X, y) == pytest.approx(126 / 3)


def test_gradient_at_zero_is_minus_14(toy):
    X, y = toy
    # (1/3)·((0−3)·1 + (0−6)·2 + (0−9)·3) = −42/3
    np.testing.assert_allclose(gd.gradient([0.0], X, y), [-14.0])


def test_raw_step_lands_on_14_with_cost_282_33(toy):
    X, y = toy
    theta = gd.step([0.0], X, y, alpha=1.0)
    np.testing.assert_allclose(theta, [14.0])
    assert round(gd.half_mse(theta, X, y), 2) == 282.33  # (7/3)·11² = 847/3


def test_two_small_steps_give_0_14_then_0_273467(toy):
    X, y = toy
    first = gd.step([0.0], X, y, alpha=0.01)
    np.testing.assert_allclose(first, [0.14])
    assert round(gd.half_mse(first, X, y), 2) == 19.09  # (7/3)·2.86²
    second = gd.step(first, X, y, alpha=0.01)
    # 0.14 + 0.01·(14/3)·2.86 = 0.14 + 0.1334666…
    np.testing.assert_allclose(second, [0.14 + 0.01 * 14 / 3 * 2.86])
    assert round(second[0], 6) == 0.273467
    assert round(gd.half_mse(second, X, y), 2) == 17.35


def test_gradient_descent_history_matches_the_walk_through(toy):
    X, y = toy
    result = gd.gradient_descent([0.0], X, y, alpha=0.01, num_iters=2)
    np.testing.assert_allclose(result.theta_history[:, 0], [0.0, 0.14, 0.14 + 0.14 * 2.86 / 3])
    np.testing.assert_allclose(result.cost_history, [21.0, 7 / 3 * 2.86**2, 7 / 3 * (3 - 0.273466667) ** 2])
    assert result.iterations == 2 and not result.diverged


def test_stability_limit_of_the_walk_through_is_3_over_7(toy):
    X, _ = toy
    assert gd.stability_limit(X) == pytest.approx(3 / 7)  # 2 / mean(x²) = 2 / (14/3)


def test_with_bias_the_gradient_at_zero_has_both_parts():
    x, y = gd.toy_line()
    # ∂J/∂θ0 = (1/3)·Σ(0 − y) = −18/3 ; ∂J/∂θ1 = −14 as before
    np.testing.assert_allclose(gd.gradient([0.0, 0.0], gd.design_matrix(x), y), [-6.0, -14.0])


def test_five_points_least_squares_line_is_0_8x_plus_0_6():
    x, y = gd.five_points()
    # slope = Σ(x−3)(y−3) / Σ(x−3)² = 8/10, intercept = 3 − 0.8·3
    np.testing.assert_allclose(gd.least_squares(gd.design_matrix(x), y), [0.6, 0.8], atol=1e-12)


def test_jewelry_system_least_squares_line():
    x, y = gd.jewelry_sales()
    # slope = 100/2 = 50 ; intercept = 650/3 − 50·2 = 350/3
    np.testing.assert_allclose(gd.least_squares(gd.design_matrix(x), y), [350 / 3, 50.0])


def test_jewelry_system_has_no_exact_solution():
    x, y = gd.jewelry_sales()
    X = gd.design_matrix(x)
    theta = gd.least_squares(X, y)
    # residuals of the best line: 150−166.67, 250−216.67, 250−266.67 → sum of squares 1666.67
    assert np.sum((X @ theta - y) ** 2) == pytest.approx(5000 / 3)


def test_source_002_start_descends_towards_least_squares():
    x, y = gd.five_points()
    X = gd.design_matrix(x)
    start = [0.75, 0.48]  # source 002: m = 0.48, b = 0.75 (ours is [b, m])
    costs = [gd.gradient_descent(start, X, y, 0.01, k).cost_history[-1] for k in (10, 100, 1000)]
    assert costs[0] > costs[1] > costs[2] > gd.half_mse(gd.least_squares(X, y), X, y)


@pytest.mark.parametrize(
    ("alpha", "regime"),
    # limit 3/7 ≈ 0.4286, half of it 3/14 ≈ 0.2143
    [
        (0.01, "smooth"),
        (3 / 14, "smooth"),
        (0.22, "oscillating"),
        (0.428, "oscillating"),
        (3 / 7, "divergent"),
        (0.5, "divergent"),
    ],
)
def test_regimes_of_the_walk_through(toy, alpha, regime):
    X, _ = toy
    assert gd.descent_regime(X, alpha) == regime


def test_an_oscillating_rate_crosses_the_minimum_at_every_step(toy):
    X, y = toy
    path = gd.gradient_descent([0.0], X, y, 0.4, 6).theta_history[:, 0] - 3  # error to θ1 = 3
    assert np.all(np.sign(path[1:]) == -np.sign(path[:-1]))
    assert np.all(np.abs(path[1:]) < np.abs(path[:-1]))  # |1 − 0.4·14/3| = 13/15 < 1


@pytest.mark.parametrize("alpha", [0.01, 0.2, 0.4, 1.0])
def test_each_step_multiplies_the_error_by_the_step_factor(toy, alpha):
    X, y = toy
    q = gd.step_factor(X, alpha)
    assert q == pytest.approx(1 - alpha * 14 / 3)  # λ = mean(x²) = 14/3; α = 1 gives −11/3: 0 → 14
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gd.DivergenceWarning)  # alpha = 1 is above the limit 3/7
        errors = gd.gradient_descent([0.0], X, y, alpha, 5).theta_history[:, 0] - 3
    np.testing.assert_allclose(errors[1:], q * errors[:-1], atol=1e-12)


def test_source_002_loop_is_half_mse_descent_at_twice_its_alpha():
    # Source 002 updates B[k] -= alpha * (1/len(X)) * sum(2 * (yg - Y) * X[:, k]): the MSE gradient.
    # Its own loop, written out with numpy, against half-MSE descent at 2 * alpha (notebook 04).
    x, y = gd.five_points()
    X = np.column_stack([x, np.ones_like(x)])  # source 002's order: [x, 1], B = [m, b]
    B = np.array([0.48, 0.75])
    for _ in range(1000):
        yg = X @ B
        B = B - 0.01 * (1 / len(X)) * np.array([np.sum(2 * (yg - y) * X[:, k]) for k in range(2)])
    ours = gd.gradient_descent([0.75, 0.48], gd.design_matrix(x), y, 0.02, 1000).theta
    np.testing.assert_allclose(ours, B[::-1], rtol=1e-12)
    assert (round(ours[0], 4), round(ours[1], 4)) == (0.6075, 0.7979)  # not yet 0.6, 0.8


def test_source_000_carats_are_reproducible_and_its_alpha_is_just_stable():
    # np.random.seed(42); 25 * np.random.rand(100, 1): the legacy stream, which RandomState(42) repeats.
    carats = 25 * np.random.RandomState(42).rand(100)
    assert round(carats[0], 2) == 9.36
    assert round(gd.jewelry_rings().x[0], 2) == 19.35  # default_rng(42) is another stream
    # H = [[1, mean x], [mean x, mean x²]]; its larger eigenvalue by the quadratic formula
    a, b, c = 1.0, carats.mean(), np.mean(carats**2)
    top = (a + c) / 2 + np.sqrt(((a - c) / 2) ** 2 + b**2)
    low = (a + c) / 2 - np.sqrt(((a - c) / 2) ** 2 + b**2)
    assert (round(low, 3), round(top, 2)) == (0.283, 193.65)
    limit = gd.stability_limit(gd.design_matrix(carats))
    assert limit == pytest.approx(2 / top)
    assert round(limit, 6) == 0.010328 and 0.01 < limit
