"""Conditioning, the best constant step, stopping rules and unscaling (notebook 07).

Hand-worked problem: four points with orthogonal columns 1, 2·(±1), 3·(±1), so H = diag(1, 4, 9):
κ = 9, the best α = 2/(1 + 9) = 0.2, its rate (9 − 1)/(9 + 1) = 0.8, and at α = 0.2 the three
step factors are 0.8, 0.2 and −0.8.
"""

import math
import re
import warnings

import numpy as np
import pytest

import gdcore as gd

X = np.array([[1.0, 2, 3], [1, -2, 3], [1, 2, -3], [1, -2, -3]])
Y = np.array([1.0, 2.0, 3.0, 5.0])


def test_best_alpha_and_its_rate_by_hand():
    shape = gd.bowl(X)
    assert shape.condition_number == pytest.approx(9)
    assert shape.best_alpha == pytest.approx(0.2) == gd.best_alpha(X)
    assert shape.best_rate == pytest.approx(0.8)
    assert shape.rate(0.2) == pytest.approx(0.8)
    assert shape.rate(0.1) == pytest.approx(0.9)  # |1 − 0.1·1|: the flat direction is slowest
    assert shape.rate(0.25) == pytest.approx(1.25)  # |1 − 0.25·9|: above the limit 2/9


def test_the_predicted_count_is_a_bound_met_exactly_when_both_extremes_are_present():
    shape = gd.bowl(X)
    # ln(1e-6)/ln(0.8) = 61.9...: 62 updates
    assert shape.iterations_to_shrink(0.2, 1e-6) == 62
    best = gd.least_squares(X, Y)
    start = best + np.array([1.0, 0.0, 1.0])  # equal parts along λ = 1 and λ = 9, none along 4
    run = gd.gradient_descent(start, X, Y, 0.2, 80)
    sizes = np.linalg.norm(run.theta_history - best, axis=1)
    np.testing.assert_allclose(sizes / sizes[0], 0.8 ** np.arange(81), rtol=1e-9, atol=1e-14)
    assert int(np.argmax(sizes <= 1e-6 * sizes[0])) == 62
    # from a start along the middle direction only (factor 0.2) it gets there far sooner
    middle = gd.gradient_descent(best + np.array([0.0, 1.0, 0.0]), X, Y, 0.2, 80)
    sizes = np.linalg.norm(middle.theta_history - best, axis=1)
    assert int(np.argmax(sizes <= 1e-6)) == math.ceil(math.log(1e-6) / math.log(0.2))  # 9


def test_no_convergence_no_count():
    assert gd.bowl(X).iterations_to_shrink(0.25, 1e-6) == math.inf
    with pytest.raises(ValueError, match="factor must be below 1"):
        gd.bowl(X).iterations_to_shrink(0.1, 2.0)


def test_the_condition_number_is_the_square_of_x_s():
    rings = gd.jewelry_rings()
    Xr = gd.design_matrix(rings.x)
    # np.linalg.cond uses the singular values of X: an independent route to λ_max/λ_min of XᵀX/m
    assert gd.condition_number(Xr) == pytest.approx(np.linalg.cond(Xr) ** 2, rel=1e-9)


def test_stopping_on_the_gradient_guarantees_the_distance():
    rings = gd.jewelry_rings()
    Xr = gd.design_matrix(rings.x)
    best = gd.least_squares(Xr, rings.y)
    run = gd.gradient_descent(np.zeros(2), Xr, rings.y, 0.01, 100_000, gradient_tolerance=1e-3)
    assert run.stopped_by == "gradient" and run.iterations < 100_000
    norm = np.linalg.norm(gd.gradient(run.theta, Xr, rings.y))
    before = np.linalg.norm(gd.gradient(run.theta_history[-2], Xr, rings.y))
    assert norm <= 1e-3 < before
    # ‖e‖ ≤ ‖∇J‖/λ_min, since ∇J = H e and H shrinks nothing by more than λ_min; here the error
    # left lies along the flat direction, where the bound is met with equality (up to rounding)
    distance, bound = np.linalg.norm(run.theta - best), norm / gd.bowl(Xr).curvatures[0]
    assert distance <= bound * (1 + 1e-6)
    assert distance == pytest.approx(bound, rel=1e-4)


def test_stopping_on_the_cost_change_can_stop_far_from_the_minimum():
    rings = gd.jewelry_rings()
    Xr = gd.design_matrix(rings.x)
    best = gd.least_squares(Xr, rings.y)
    run = gd.gradient_descent(np.zeros(2), Xr, rings.y, 0.01, 100_000, cost_tolerance=1e-6)
    assert run.stopped_by == "cost change"
    costs = run.cost_history
    assert abs(costs[-2] - costs[-1]) <= 1e-6 * costs[-2]
    assert np.linalg.norm(run.theta - best) > 0.1  # the slide along the valley floor is not over


def test_a_full_run_says_it_used_every_iteration_and_a_blow_up_says_so():
    run = gd.gradient_descent([0.0, 0.0, 0.0], X, Y, 0.1, 5)
    assert run.stopped_by == "iterations" and run.iterations == 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gd.DivergenceWarning)
        blown = gd.gradient_descent([0.0, 0.0, 0.0], X, Y, 0.5, 10_000)
    assert blown.stopped_by == "blow-up"


@pytest.mark.parametrize(("name", "value"), [("gradient_tolerance", -1.0), ("cost_tolerance", 0.0)])
def test_tolerances_are_checked_by_name(name, value):
    with pytest.raises(ValueError, match=f"{name} must be a positive finite number or None"):
        gd.gradient_descent([0.0, 0.0, 0.0], X, Y, 0.1, 5, **{name: value})
    with pytest.raises(TypeError, match=name):
        gd.gradient_descent([0.0, 0.0, 0.0], X, Y, 0.1, 5, **{name: "small"})


def test_unscaled_parameters_give_the_same_predictions():
    rings = gd.jewelry_rings()
    shift, scale = rings.x.mean(), rings.x.std()
    Z = gd.design_matrix((rings.x - shift) / scale)
    fitted = gd.least_squares(Z, rings.y)
    back = gd.theta_in_original_units(fitted, shift, scale)
    np.testing.assert_allclose(gd.predict(back, gd.design_matrix(rings.x)), gd.predict(fitted, Z), rtol=1e-12)
    np.testing.assert_allclose(back, gd.least_squares(gd.design_matrix(rings.x), rings.y), rtol=1e-9)


def test_unscaling_checks_its_arguments():
    with pytest.raises(ValueError, match="scale must not contain zeros"):
        gd.theta_in_original_units([1.0, 2.0], 0.0, 0.0)
    with pytest.raises(ValueError, match=r"shift must have one entry per feature \(2\); got 1"):
        gd.theta_in_original_units([1.0, 2.0, 3.0], 0.0, [1.0, 1.0])


def test_the_exact_count_from_a_start_matches_the_runs_above():
    shape = gd.bowl(X)
    # the same two starts as the runs above: both extremes → 62 (the guarantee); the middle only → 9
    assert shape.iterations_needed(0.2, [1.0, 0.0, 1.0], 1e-6) == 62
    assert shape.iterations_needed(0.2, [0.0, 1.0, 0.0], 1e-6) == 9
    assert shape.iterations_needed(0.25, [1.0, 1.0, 1.0], 1e-6) == math.inf  # above the limit 2/9
    with pytest.raises(ValueError, match="parts and factors must have the same length"):
        gd.iterations_from_parts([1.0], [0.5, 0.5], 1e-3)


def test_one_name_per_idea_for_the_function_of_x_and_for_the_bowl():
    # the hand-worked bowl H = diag(1, 4, 9): limit 2/9, best α 2/(1 + 9) = 0.2; at α = 0.1 the step
    # factors are 1 − 0.1·(1, 4, 9) = (0.9, 0.6, 0.1), and 0.15 > (2/9)/2 oscillates
    shape = gd.bowl(X)
    assert shape.stability_limit == pytest.approx(2 / 9) == gd.stability_limit(X)
    assert gd.best_alpha(X) == pytest.approx(0.2) == shape.best_alpha
    np.testing.assert_allclose(gd.step_factors(X, 0.1), [0.9, 0.6, 0.1])
    np.testing.assert_allclose(shape.step_factors(0.1), [0.9, 0.6, 0.1])
    assert shape.step_factor(0.1) == pytest.approx(0.1) == gd.step_factor(X, 0.1)
    assert shape.descent_regime(0.1) == "smooth" == gd.descent_regime(X, 0.1)
    assert shape.descent_regime(0.15) == "oscillating"
    assert shape.descent_regime(2 / 9) == "divergent"
    # all the error along the factor 0.2: the least k with 0.2^k ≤ 1e-6 is ⌈ln 1e-6 / ln 0.2⌉ = ⌈8.58⌉
    assert gd.iterations_from_parts([0.0, 1.0], [0.8, 0.2], 1e-6) == 9


def old_name(old, new):
    """pytest.warns for an old name: a DeprecationWarning naming it, what to write instead, and when."""
    return pytest.warns(
        DeprecationWarning,
        match=re.escape(f"{old} is deprecated since gdcore 0.3, removed in 0.4: write {new} instead."),
    )


def test_the_old_names_still_give_the_same_results_and_warn():
    # the hand-worked bowl H = diag(1, 4, 9): best α 0.2, limit 2/9, and 0.15 > (2/9)/2 oscillates
    shape = gd.bowl(X)
    with old_name("optimal_alpha(X)", "best_alpha(X)") as caught:
        assert gd.optimal_alpha(X) == gd.best_alpha(X) == pytest.approx(0.2)
    with old_name(
        "iterations_needed(parts, factors, factor)", "iterations_from_parts(parts, factors, factor)"
    ):
        assert gd.iterations_needed([0.0, 1.0], [0.8, 0.2], 1e-6) == 9  # ⌈ln 1e-6 / ln 0.2⌉
    with old_name("Bowl.limit", "Bowl.stability_limit"):
        assert shape.limit == shape.stability_limit == pytest.approx(2 / 9)
    with old_name("Bowl.regime(alpha)", "Bowl.descent_regime(alpha)"):
        assert shape.regime(0.15) == shape.descent_regime(0.15) == "oscillating"
    # the warning names the line that used the old name, not gdcore
    assert caught[0].filename == __file__


def test_the_new_names_do_not_warn():
    shape = gd.bowl(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gd.best_alpha(X), gd.iterations_from_parts([0.0, 1.0], [0.8, 0.2], 1e-6)
        shape.stability_limit, shape.descent_regime(0.15), shape.step_factor(0.15)
        shape.iterations_needed(0.2, [0.0, 1.0, 0.0], 1e-6)  # the method keeps its name
