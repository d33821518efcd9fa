"""Notebook 09's noise floors in gdcore, against values worked independently: the independent-batch
floor by hand and with tr(Σ) summed in a loop; the shuffled floor by enumerating every shuffle of a small
data set, and by simulating the linearised descent e ← (1 − α)e − αξ with real shuffles.

The small data sets have H = XᵀX/m = I, as the formulas assume; then θ* = Xᵀy/m (the normal equations
with XᵀX = mI), which the tests use instead of gd.least_squares.
"""

import itertools

import numpy as np
import pytest

import gdcore as gd

# z = ±1, twice each: H = I. θ* = (1.5, 0.5), the residuals r* = Xθ* − y are (1, −1, 1, −1), so
# Σ = (1/m) Σ r_i*² x_i x_iᵀ = H = I and tr(Σ) = 2.
ROUND_X = gd.design_matrix([1.0, 1.0, -1.0, -1.0])
ROUND_Y = np.array([1.0, 3.0, 0.0, 2.0])


def standardised(values, targets):
    x = np.asarray(values, dtype=float)
    return gd.design_matrix((x - x.mean()) / x.std()), np.asarray(targets, dtype=float)


SIX_X, SIX_Y = standardised([0, 1, 2, 3, 4, 5], [3.0, 1.0, 4.0, 1.0, 5.0, 9.0])


def gradients_at_minimum(X, y):
    """Row i: r_i* x_i, one example's gradient at θ* (θ* = Xᵀy/m, since H = I)."""
    theta_star = X.T @ y / len(y)
    return (X @ theta_star - y)[:, None] * X


def trace_sigma_by_loop(X, y):
    """tr(Σ) = (1/m) Σ_i r_i*² ‖x_i‖², one example at a time."""
    g = gradients_at_minimum(X, y)
    return sum(float(row @ row) for row in g) / len(y)


@pytest.mark.parametrize(
    ("alpha", "b", "floor"),
    [
        (0.5, 1, 1 / 3),  # 0.5·2/(2·1·1.5)
        (0.5, 2, 1 / 6),  # twice the batch, half the floor
        (0.1, 4, 0.1 * 2 / (2 * 4 * 1.9)),
        (1.0, 1, 1.0),  # α = 1: 1·2/(2·1·1)
    ],
)
def test_independent_floor_by_hand(alpha, b, floor):
    assert gd.noise_floor_independent(ROUND_X, ROUND_Y, alpha, b) == pytest.approx(floor, rel=1e-12)


@pytest.mark.parametrize(("alpha", "b"), [(0.05, 1), (0.3, 2), (1.5, 6)])
def test_independent_floor_with_sigma_summed_by_hand(alpha, b):
    tr_sigma = trace_sigma_by_loop(SIX_X, SIX_Y)
    expected = alpha * tr_sigma / (2 * b * (2 - alpha))
    assert gd.noise_floor_independent(SIX_X, SIX_Y, alpha, b) == pytest.approx(expected, rel=1e-10)


def test_independent_floor_on_the_standardised_rings():
    # notebook 09: tr(Σ) = 13992.47, so α·tr(Σ)/(2b(2 − α)) at α = 0.05, b = 5 is 35.878
    data = gd.jewelry_rings()
    Z, y = standardised(data.x, data.y)
    tr_sigma = trace_sigma_by_loop(Z, y)
    assert round(tr_sigma, 2) == 13992.47
    assert gd.noise_floor_independent(Z, y, 0.05, 5) == pytest.approx(0.05 * tr_sigma / 19.5, rel=1e-10)


def enumerated_shuffled_floor(X, y, alpha, b):
    """The shuffled floor of the linearised descent, every expectation taken over all m! shuffles.

    Within an epoch e_k = q^k e_0 − α Σ_{j<k} q^(k−1−j) ξ_j (q = 1 − α); e_0 does not depend on this
    epoch's shuffle and each ξ_j has mean 0, so E‖e_k‖² = q^(2k) v_0 + α² E‖Σ_{j<k} q^(k−1−j) ξ_j‖², and the
    stationary v_0 solves v_0 = q^(2K) v_0 + α² E‖Σ_{j<K} q^(K−1−j) ξ_j‖².
    """
    m, n = X.shape
    K, q = m // b, 1 - alpha
    g = gradients_at_minimum(X, y)
    shuffles = list(itertools.permutations(range(m)))
    noises = np.array([[g[list(p[k * b : (k + 1) * b])].mean(axis=0) for k in range(K)] for p in shuffles])

    def second_moment(k):  # E‖Σ_{j<k} q^(k−1−j) ξ_j‖² over every shuffle
        weights = q ** (k - 1 - np.arange(k))
        sums = np.einsum("j,sjn->sn", weights, noises[:, :k]) if k else np.zeros((len(shuffles), n))
        return float(np.mean(np.sum(sums**2, axis=1)))

    v0 = alpha**2 * second_moment(K) / (1 - q ** (2 * K))
    return 0.5 * np.mean([q ** (2 * k) * v0 + alpha**2 * second_moment(k) for k in range(K)])


def test_shuffled_floor_by_hand():
    # b = 2: the pairs' noises are 0 ({1,2}, {3,4}) or ±(1, 0), ±(0, 1), and the second is minus the
    # first. v_0 = α²(1 − q)²·(2/3)/(1 − q⁴) = 2/45, v_1 = q² v_0 + α²·2/3 = 8/45: the floor is 1/18.
    assert gd.noise_floor_shuffled(ROUND_X, ROUND_Y, 0.5, 2) == pytest.approx(1 / 18, rel=1e-12)


@pytest.mark.parametrize(
    ("data", "alpha", "b"),
    [
        ("round", 0.5, 1),
        ("round", 0.5, 2),
        ("round", 1.2, 1),
        ("six", 0.05, 1),
        ("six", 0.3, 2),
        ("six", 0.3, 3),
        ("six", 1.0, 1),
    ],
)
def test_shuffled_floor_against_every_shuffle(data, alpha, b):
    X, y = (ROUND_X, ROUND_Y) if data == "round" else (SIX_X, SIX_Y)
    expected = enumerated_shuffled_floor(X, y, alpha, b)
    assert gd.noise_floor_shuffled(X, y, alpha, b) == pytest.approx(expected, rel=1e-9)


def test_shuffled_floor_against_a_simulation_of_shuffled_epochs():
    # 20 000 chains of e ← (1 − α)e − αξ, each epoch a fresh shuffle; ½‖e‖² averaged over every update
    # after a burn-in. The standard error of the mean is about 1%.
    X, y, alpha, b = SIX_X, SIX_Y, 0.3, 2
    m, K = len(y), len(y) // b
    g = gradients_at_minimum(X, y)
    rng = np.random.default_rng(9)
    chains = 20_000
    e = np.zeros((chains, 2))
    total, count = 0.0, 0
    for epoch in range(60):
        order = rng.permuted(np.tile(np.arange(m), (chains, 1)), axis=1)
        for k in range(K):
            xi = g[order[:, k * b : (k + 1) * b]].mean(axis=1)
            e = (1 - alpha) * e - alpha * xi
            if epoch >= 20:
                total += 0.5 * float(np.mean(np.sum(e**2, axis=1)))
                count += 1
    assert gd.noise_floor_shuffled(X, y, alpha, b) == pytest.approx(total / count, rel=0.04)


def test_one_batch_of_everything_has_no_floor():
    # b = m: the batch's noise is the full gradient at θ*, zero
    assert gd.noise_floor_shuffled(SIX_X, SIX_Y, 0.5, 6) == 0.0


@pytest.mark.parametrize(("alpha", "b"), [(0.05, 1), (0.3, 2), (1.0, 3)])
def test_shuffled_epochs_sit_below_independent_batches(alpha, b):
    assert gd.noise_floor_shuffled(SIX_X, SIX_Y, alpha, b) < gd.noise_floor_independent(
        SIX_X, SIX_Y, alpha, b
    )


def test_the_floors_do_not_modify_their_input():
    X, y = SIX_X.copy(), SIX_Y.copy()
    gd.noise_floor_independent(X, y, 0.3, 2)
    gd.noise_floor_shuffled(X, y, 0.3, 2)
    np.testing.assert_array_equal(X, SIX_X)
    np.testing.assert_array_equal(y, SIX_Y)
