"""Properties of gdcore that must hold for any data, checked with hypothesis."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gdcore as gd

finite = st.floats(min_value=-5, max_value=5, allow_nan=False, allow_infinity=False)


@st.composite
def problems(draw, max_features=2):
    """A design matrix with a bias column, targets and a parameter vector."""
    m = draw(st.integers(3, 25))
    k = draw(st.integers(1, max_features))
    features = draw(arrays(float, (m, k), elements=finite))
    X = gd.design_matrix(features)
    y = draw(arrays(float, (m,), elements=st.floats(-50, 50)))
    theta = draw(arrays(float, (k + 1,), elements=finite))
    return X, y, theta


@settings(max_examples=60, deadline=None)
@given(problems())
def test_gradient_matches_central_differences(problem):
    X, y, theta = problem
    h = 1e-5
    units = np.eye(len(theta))
    numeric = np.array(
        [(gd.half_mse(theta + h * e, X, y) - gd.half_mse(theta - h * e, X, y)) / (2 * h) for e in units]
    )
    # J is quadratic, so the central difference is exact up to rounding in J itself.
    scale = 1 + gd.half_mse(theta, X, y)
    np.testing.assert_allclose(gd.gradient(theta, X, y), numeric, atol=1e-6 * scale)


def well_conditioned(X):
    eig = np.linalg.eigvalsh(gd.hessian(X))
    return eig[0] > 1e-3 and eig[-1] / eig[0] < 200


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(problems(), st.floats(0.1, 0.95))
def test_below_the_stability_limit_descent_reaches_least_squares(problem, fraction):
    X, y, theta = problem
    assume(well_conditioned(X))
    alpha = fraction * gd.stability_limit(X)
    result = gd.gradient_descent(theta, X, y, alpha, 20_000)
    assert not result.diverged
    np.testing.assert_allclose(result.theta, gd.least_squares(X, y), rtol=1e-6, atol=1e-6)
    # Below the limit the cost of a quadratic never goes up (up to rounding).
    assert np.all(np.diff(result.cost_history) <= 1e-9 * (1 + result.cost_history[:-1]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(problems(), st.floats(1.1, 4.0))
def test_above_the_stability_limit_descent_diverges_with_a_warning(problem, factor):
    X, y, _ = problem
    assume(well_conditioned(X))
    _, eigenvectors = np.linalg.eigh(gd.hessian(X))
    start = gd.least_squares(X, y) + eigenvectors[:, -1]  # an error along the fastest direction
    alpha = factor * gd.stability_limit(X)
    with pytest.warns(gd.DivergenceWarning, match="diverges") as caught, warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # numpy's overflow warnings must not escape
        result = gd.gradient_descent(start, X, y, alpha, 5_000)
    assert len(caught) == 1
    assert result.diverged
    assert 0 < result.iterations < 5_000
    assert result.theta_history.shape == (result.iterations + 1, X.shape[1])
    assert result.cost_history.shape == (result.iterations + 1,)
    assert result.cost_history[-1] > 1e10 * max(result.cost_history[0], 1)


@settings(max_examples=60, deadline=None)
@given(problems(), arrays(float, (3,), elements=finite))
def test_scaling_the_cost_does_not_move_the_minimiser(problem, direction):
    X, y, _ = problem
    best = gd.least_squares(X, y)
    d = direction[: X.shape[1]]
    for cost in (gd.half_mse, gd.mse, gd.sum_of_squares):
        # the minimiser of 1/(2m)·Σ and of 1/m·Σ is the same point: moving away never helps
        assert cost(best + d, X, y) >= cost(best, X, y) - 1e-9 * (1 + cost(best, X, y))
    theta = best + d
    assert gd.mse(theta, X, y) == pytest.approx(2 * gd.half_mse(theta, X, y))
    assert gd.sum_of_squares(theta, X, y) == pytest.approx(2 * len(y) * gd.half_mse(theta, X, y))


@settings(max_examples=30, deadline=None)
@given(problems())
def test_nothing_is_modified_in_place(problem):
    X, y, theta = problem
    copies = X.copy(), y.copy(), theta.copy()
    gd.predict(theta, X)
    gd.half_mse(theta, X, y)
    gd.mse(theta, X, y)
    gd.residuals(theta, X, y)
    gd.sum_of_squares(theta, X, y)
    gd.gradient(theta, X, y)
    gd.step(theta, X, y, 0.01)
    gd.least_squares(X, y)
    gd.stability_limit(X)
    gd.hessian(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gd.DivergenceWarning)
        result = gd.gradient_descent(theta, X, y, 0.01, 5)
    for before, after in zip(copies, (X, y, theta), strict=True):
        np.testing.assert_array_equal(before, after)
    assert not np.shares_memory(result.theta, theta)


def test_zero_iterations_returns_the_start():
    x, y = gd.toy_line()
    result = gd.gradient_descent([1.5], x[:, None], y, 0.1, 0)
    assert result.iterations == 0 and not result.diverged
    np.testing.assert_array_equal(result.theta_history, [[1.5]])
    assert result.cost_history[0] == pytest.approx(7 / 3 * 1.5**2)


def test_divergence_message_names_alpha_the_limit_and_where_descent_stopped():
    x, y = gd.toy_line()
    with pytest.warns(gd.DivergenceWarning) as caught:
        result = gd.gradient_descent([0.0], x[:, None], y, 1.0, 1000)
    message = str(caught[0].message)
    assert f"stopped after {result.iterations} of 1000 iterations" in message
    assert "alpha = 1 " in message and "limit 0.4286" in message  # 3/7
    assert "by -3.67" in message  # 1 − 1·14/3 = −11/3
    assert result.message == message
    # alpha = 1: each step multiplies the error by 1 − 14/3 = −11/3, the cost by (11/3)²
    assert result.cost_history[1] / result.cost_history[0] == pytest.approx((11 / 3) ** 2)


def test_huge_alpha_overflows_silently_and_stops_at_once():
    x, y = gd.toy_line()
    with pytest.warns(gd.DivergenceWarning), warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = gd.gradient_descent([0.0], x[:, None], y, 1e300, 10)
    assert result.diverged and result.iterations == 1


def test_stability_limit_of_all_zero_features_is_infinite():
    assert gd.stability_limit(np.zeros((3, 1))) == np.inf


@settings(max_examples=40, deadline=None)
@given(problems(), arrays(float, (3,), elements=finite))
def test_the_hessian_is_the_change_of_the_gradient(problem, direction):
    X, y, theta = problem
    d = direction[: X.shape[1]]
    # J is quadratic, so ∇J(θ + d) − ∇J(θ) = H d exactly (up to rounding)
    change = gd.gradient(theta + d, X, y) - gd.gradient(theta, X, y)
    scale = 1 + np.abs(gd.gradient(theta, X, y)).max() + np.abs(gd.hessian(X)).max()
    np.testing.assert_allclose(change, gd.hessian(X) @ d, atol=1e-9 * scale * (1 + np.abs(d).max()))


@settings(max_examples=40, deadline=None)
@given(problems(), st.integers(1, 7))
def test_the_cost_of_many_thetas_is_the_cost_of_each(problem, k):
    X, y, theta = problem
    thetas = theta + np.outer(np.arange(k), np.ones_like(theta))  # k different parameter vectors
    expected = [gd.half_mse(t, X, y) for t in thetas]
    np.testing.assert_allclose(gd.half_mse_each(thetas, X, y), expected, rtol=1e-12, atol=1e-12)


def test_the_cost_of_many_thetas_in_blocks(monkeypatch):
    from gdcore import regression

    monkeypatch.setattr(regression, "_BLOCK_SIZE", 7)  # 7 residuals a block: 2 thetas of 3 rows
    x, y = gd.toy_line()
    # J(t) = (7/3)(t − 3)² on y = 3x, worked out by hand
    thetas = np.arange(7.0)[:, None]
    np.testing.assert_allclose(gd.half_mse_each(thetas, x[:, None], y), 7 / 3 * (thetas[:, 0] - 3) ** 2)
