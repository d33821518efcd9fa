"""Divergence is always told, at once, in words; below the limit nothing is ever said.

The limits are worked out by hand for three problems, one each with one, two and three columns:

* y = 3x at x = 1, 2, 3, one column: H = mean(x²) = 14/3, limit 2/(14/3) = 3/7;
* the three sales (notebook 01), X = [1, x] at x = 1, 2, 3: H = [[1, 2], [2, 14/3]], trace 17/3,
  determinant 2/3, so λ = (17 ± √265)/6 and the limit is 12/(17 + √265);
* four points with orthogonal columns 1, 2·(±1), 3·(±1): H = diag(1, 4, 9), limit 2/9.
"""

import math
import warnings

import numpy as np
import pytest

import gdcore as gd

ONE_COLUMN = (np.array([[1.0], [2.0], [3.0]]), np.array([3.0, 6.0, 9.0]), 3 / 7)
TWO_COLUMNS = (gd.design_matrix([1.0, 2.0, 3.0]), np.array([150.0, 250.0, 250.0]), 12 / (17 + math.sqrt(265)))
THREE_COLUMNS = (
    np.array([[1.0, 2, 3], [1, -2, 3], [1, 2, -3], [1, -2, -3]]),
    np.array([1.0, 2.0, 3.0, 5.0]),
    2 / 9,
)
PROBLEMS = {"one column": ONE_COLUMN, "two columns": TWO_COLUMNS, "three columns": THREE_COLUMNS}


def start_off_the_minimum(X, y):
    """A start whose error has a part along every direction of the bowl."""
    return gd.least_squares(X, y) + np.linspace(1.0, 2.0, X.shape[1])


@pytest.mark.parametrize("name", PROBLEMS)
def test_the_limits_worked_out_by_hand(name):
    X, _, limit = PROBLEMS[name]
    assert gd.stability_limit(X) == pytest.approx(limit, rel=1e-12)
    assert gd.bowl(X).stability_limit == pytest.approx(limit, rel=1e-12)


@pytest.mark.parametrize("fraction", [0.5, 0.9, 0.99])
@pytest.mark.parametrize("name", PROBLEMS)
def test_below_the_limit_no_warning_ever_and_the_cost_never_rises(name, fraction):
    X, y, limit = PROBLEMS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning at all fails the test
        result = gd.gradient_descent(start_off_the_minimum(X, y), X, y, fraction * limit, 2000)
    assert not result.diverged and result.message == "" and result.iterations == 2000
    rises = np.diff(result.cost_history)
    assert np.all(rises <= 1e-12 * result.cost_history[0]), rises.max()


@pytest.mark.parametrize("factor", [1.001, 1.01, 1.1, 2.0])
@pytest.mark.parametrize("name", PROBLEMS)
def test_at_or_above_the_limit_one_warning_at_once_naming_alpha_and_the_limit(name, factor):
    X, y, limit = PROBLEMS[name]
    alpha = factor * limit
    for num_iters in (0, 1, 500):  # "at once": even before the first update
        with pytest.warns(gd.DivergenceWarning) as caught:
            result = gd.gradient_descent(start_off_the_minimum(X, y), X, y, alpha, num_iters)
        assert len(caught) == 1
        message = str(caught[0].message)
        assert f"alpha = {alpha:g} is at or above the stability limit {limit:.4g}" in message
        assert result.diverged and result.message == message
    # along the steepest direction the error grows by |1 − αλ_max| = 2·factor − 1 per update
    costs = result.cost_history
    assert costs[-1] > costs[0]
    assert f"by {1 - 2 * factor:.3g}" in message


def test_the_case_that_used_to_pass_in_silence():
    # toy_line at 1.01 × the limit for 500 updates: the cost climbs from 21 to billions, and
    # before gdcore 0.2 that was reported as diverged=False with no warning.
    X, y, limit = ONE_COLUMN
    with pytest.warns(gd.DivergenceWarning, match="In 500 iterations the cost went from 21 to"):
        result = gd.gradient_descent([0.0], X, y, 1.01 * limit, 500)
    assert result.diverged and result.iterations == 500
    # the error is multiplied by −1.02 per update: the cost by 1.02² = 1.0404
    assert result.cost_history[-1] == pytest.approx(21 * 1.0404**500, rel=1e-6)


def test_at_the_limit_itself_descent_bounces_for_ever_and_is_told():
    X, y, limit = ONE_COLUMN
    with pytest.warns(gd.DivergenceWarning, match="by -1"):
        result = gd.gradient_descent([0.0], X, y, limit, 6)
    np.testing.assert_allclose(result.theta_history[:, 0], [0, 6, 0, 6, 0, 6, 0], atol=1e-9)


def test_a_blow_up_stops_descent_and_the_histories_are_trimmed_copies():
    X, y, _ = ONE_COLUMN
    with pytest.warns(gd.DivergenceWarning, match="stopped after"):
        result = gd.gradient_descent([0.0], X, y, 0.6, 10_000)
    k = result.iterations
    assert 0 < k < 10_000
    assert result.theta_history.shape == (k + 1, 1) and result.cost_history.shape == (k + 1,)
    assert result.theta_history.base is None and result.cost_history.base is None  # not views
    assert result.cost_history[-1] > 1e10 * 21 >= result.cost_history[-2]


def test_results_compare_and_print():
    X, y, _ = TWO_COLUMNS
    one = gd.gradient_descent([0.0, 0.0], X, y, 0.01, 3)
    assert one == gd.gradient_descent([0.0, 0.0], X, y, 0.01, 3)
    assert one != gd.gradient_descent([0.0, 0.0], X, y, 0.01, 4)
    assert (one == "something else") is False
    # first update from 0: gradient = −(1/3)·Xᵀy = −(650/3, 1400/3), so theta = 0.01·that
    assert repr(one).startswith("DescentResult(theta=[") and "iterations=3, diverged=False)" in repr(one)
    first = gd.gradient_descent([0.0, 0.0], X, y, 0.01, 1)
    np.testing.assert_allclose(first.theta, [6.5 / 3, 14 / 3])
    with pytest.raises(TypeError):
        hash(one)


@pytest.mark.parametrize("name", PROBLEMS)
def test_regime_and_step_factor_for_any_number_of_columns(name):
    X, _, limit = PROBLEMS[name]
    top = 2 / limit  # λ_max
    assert gd.step_factor(X, 0.5 * limit) == pytest.approx(1 - 0.5 * limit * top)  # = 0
    assert gd.step_factor(X, 0.9 * limit) == pytest.approx(-0.8)
    assert gd.descent_regime(X, 0.4 * limit) == "smooth"
    assert gd.descent_regime(X, 0.499 * limit) == "smooth"
    assert gd.descent_regime(X, 0.501 * limit) == "oscillating"
    assert gd.descent_regime(X, 0.6 * limit) == "oscillating"
    assert gd.descent_regime(X, 1.0001 * limit) == "divergent"


def test_the_bowl_of_the_orthogonal_design_is_read_off_its_diagonal():
    X, _, _ = THREE_COLUMNS
    shape = gd.bowl(X)
    np.testing.assert_allclose(shape.curvatures, [1, 4, 9])
    np.testing.assert_allclose(np.abs(shape.directions), np.eye(3), atol=1e-12)
    assert shape.condition_number == pytest.approx(9)
    np.testing.assert_allclose(shape.step_factors(0.1), [0.9, 0.6, 0.1])
    assert "stability_limit=0.222222" in repr(shape)  # 2/9: the repr says the attribute's name


def test_the_eigenvalues_are_computed_once_per_call(monkeypatch):
    calls = []
    original = np.linalg.eigh

    def counting(matrix):
        calls.append(matrix.shape)
        return original(matrix)

    monkeypatch.setattr(np.linalg, "eigh", counting)
    monkeypatch.setattr(np.linalg, "eigvalsh", lambda m: pytest.fail("eigvalsh: a second decomposition"))
    X, y, limit = TWO_COLUMNS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gd.DivergenceWarning)
        gd.gradient_descent([0.0, 0.0], X, y, 1.5 * limit, 50)
    assert len(calls) == 1
    shape = gd.bowl(X)
    calls.clear()
    shape.stability_limit, shape.condition_number, shape.step_factors(0.1), shape.descent_regime(0.1)
    assert calls == []  # read from the bowl, not decomposed again


def test_eigenvector_signs_are_fixed_so_every_reader_sees_the_same():
    # the three sales: H = [[1, 2], [2, 14/3]]; (H − λ)v = 0 gives v ∝ (2, λ − 1), turned so θ₁'s part > 0
    X, _, _ = TWO_COLUMNS
    shape = gd.bowl(X)
    for lam, v in zip(shape.curvatures, shape.directions.T, strict=True):
        expected = np.array([2.0, lam - 1.0])
        expected = expected / np.linalg.norm(expected) * np.sign(expected[1])
        np.testing.assert_allclose(v, expected, atol=1e-12)
        assert v[1] > 0
    flipped = gd.bowl(-np.asarray(X))  # the same H: the same directions, whatever eigh returns
    np.testing.assert_allclose(flipped.directions, shape.directions, atol=1e-12)


def test_the_cost_over_a_grid_has_rows_along_theta1():
    X, y, _ = TWO_COLUMNS
    t0, t1 = np.array([0.0, 100.0, 200.0]), np.array([0.0, 50.0])
    grid = gd.half_mse_grid(t0, t1, X, y)
    assert grid.shape == (2, 3)
    # at (100, 50): predictions 150, 200, 250 against 150, 250, 250: (0 + 2500 + 0)/6
    assert grid[1, 1] == pytest.approx(2500 / 6)
    with pytest.raises(ValueError, match="X must have two columns"):
        gd.half_mse_grid(t0, t1, THREE_COLUMNS[0], THREE_COLUMNS[1])
