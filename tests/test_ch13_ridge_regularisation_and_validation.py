"""Notebook 13's math and scene: ridge's cost, closed form and descent, k-fold cross-validation.

By hand. For X = [[1, 0], [1, 1], [1, 2]], y = (0, 1, 3): H = [[1, 1], [1, 5/3]], Xᵀy/m = (4/3, 7/3).
Ridge solves [[1, 1], [1, 5/3 + γ]]θ = (4/3, 7/3): θ₀ = 4/3 − θ₁ and (2/3 + γ)θ₁ = 1. At γ = 1/3,
θ = (1/3, 1); its residuals are (1/3, 1/3, −2/3), so J = (1/9 + 1/9 + 4/9)/6 = 1/9 and
J_γ = 1/9 + (1/3)/2 = 5/18. At θ = (0, 0) the gradient is −Xᵀy/m = (−4/3, −7/3).
For X = [[1, −1], [1, 1]], y = (0, 2): H = I, Xᵀy/m = (1, 1), so θ_γ = (1, 1/(1 + γ)).
Ridge minimises ‖Xθ − y‖² + mγ‖w‖² = 2m J_γ, which is least squares on the augmented rows
[X; √(mγ) I′] against [y; 0]: an independent solve with numpy's lstsq.
"""

import warnings
from fractions import Fraction

import numpy as np
import pytest

import gdcore as gd
from gdcore import scenes as S

pytestmark = pytest.mark.usefixtures("no_warnings_escape")  # see conftest.py

THREE_X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
THREE_Y = np.array([0.0, 1.0, 3.0])


def random_problem(seed, m=40, p=4, centred=False):
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(m, p)) * rng.uniform(0.5, 3.0, size=p) + (0.0 if centred else 2.0)
    if centred:
        features -= features.mean(axis=0)
    X = np.column_stack([np.ones(m), features])
    return X, X @ rng.normal(size=p + 1) + rng.normal(size=m)


def augmented(X, y, gamma):
    """Ridge as least squares on [X; √(mγ) I′] against [y; 0]."""
    m, n = X.shape
    rows = np.sqrt(m * gamma) * np.eye(n)[1:]
    return np.linalg.lstsq(np.vstack([X, rows]), np.r_[y, np.zeros(n - 1)], rcond=None)[0]


# --- the penalised cost and its closed form ----------------------------------------------------


def test_the_three_point_problem_by_hand():
    gamma = 1 / 3
    np.testing.assert_allclose(gd.ridge(THREE_X, THREE_Y, gamma), [1 / 3, 1.0], atol=1e-14)
    assert gd.ridge_cost([1 / 3, 1.0], THREE_X, THREE_Y, gamma) == pytest.approx(
        float(Fraction(5, 18)), abs=1e-15
    )
    np.testing.assert_allclose(gd.ridge_gradient([0.0, 0.0], THREE_X, THREE_Y, gamma), [-4 / 3, -7 / 3])
    np.testing.assert_allclose(
        gd.ridge_gradient([1 / 3, 1.0], THREE_X, THREE_Y, gamma), [0.0, 0.0], atol=1e-14
    )
    np.testing.assert_allclose(gd.ridge_hessian(THREE_X, gamma), [[1.0, 1.0], [1.0, 2.0]])


@pytest.mark.parametrize("gamma", [0.0, 0.5, 3.0])
def test_the_two_point_problem_by_hand(gamma):
    np.testing.assert_allclose(gd.ridge([[1.0, -1.0], [1.0, 1.0]], [0.0, 2.0], gamma), [1.0, 1 / (1 + gamma)])


@pytest.mark.parametrize("seed", range(4))
def test_ridge_at_zero_is_least_squares(seed):
    X, y = random_problem(seed)
    np.testing.assert_allclose(gd.ridge(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-10)


@pytest.mark.parametrize(("seed", "gamma"), [(0, 0.01), (1, 1.0), (2, 30.0)])
def test_ridge_is_least_squares_on_the_augmented_rows(seed, gamma):
    X, y = random_problem(seed)
    np.testing.assert_allclose(gd.ridge(X, y, gamma), augmented(X, y, gamma), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gd.ridge_path(X, y, [gamma, 0.0])[0], augmented(X, y, gamma), rtol=1e-9)


def test_the_gradient_matches_central_differences():
    X, y = random_problem(5)
    theta, step = np.random.default_rng(5).normal(size=5), 1e-6
    numeric = [
        (gd.ridge_cost(theta + step * e, X, y, 0.7) - gd.ridge_cost(theta - step * e, X, y, 0.7)) / (2 * step)
        for e in np.eye(5)
    ]
    np.testing.assert_allclose(gd.ridge_gradient(theta, X, y, 0.7), numeric, rtol=1e-6, atol=1e-6)


def test_the_penalty_leaves_the_intercept_alone():
    # shifting every target by a constant moves the intercept by it and nothing else
    X, y = random_problem(3)
    before, after = gd.ridge(X, y, 2.0), gd.ridge(X, y + 1000.0, 2.0)
    assert after[0] - before[0] == pytest.approx(1000.0)
    np.testing.assert_allclose(after[1:], before[1:], atol=1e-9)
    np.testing.assert_array_equal(gd.penalty_matrix(3), np.diag([0.0, 1.0, 1.0]))


@pytest.mark.parametrize("gamma", [0.1, 1.0, 10.0])
def test_on_centred_features_the_penalty_adds_gamma_to_every_curvature_of_the_weights(gamma):
    X, _ = random_problem(7, centred=True)
    block = np.linalg.eigvalsh(X[:, 1:].T @ X[:, 1:] / len(X))
    expected = np.sort(np.r_[1.0, block + gamma])  # the intercept's curvature 1 stays
    np.testing.assert_allclose(np.linalg.eigvalsh(gd.ridge_hessian(X, gamma)), expected, rtol=1e-12)


def test_on_uncentred_features_it_does_not():
    X, _ = random_problem(7)
    plain = np.linalg.eigvalsh(X.T @ X / len(X))
    assert np.abs(np.linalg.eigvalsh(gd.ridge_hessian(X, 1.0)) - (plain + 1.0)).max() > 0.1


# --- ridge descent ---------------------------------------------------------------------------------


def test_ridge_descent_makes_the_written_out_updates_and_reaches_the_closed_form():
    X, y = random_problem(2, centred=True)
    gamma, alpha = 0.5, 0.05
    theta, expected = np.zeros(5), [np.zeros(5)]
    for _ in range(30):
        theta = theta - alpha * (X.T @ (X @ theta - y) / len(y) + gamma * np.r_[0.0, theta[1:]])
        expected.append(theta)
    run = gd.ridge_descent(np.zeros(5), X, y, gamma, alpha, 30)
    np.testing.assert_allclose(run.theta_history, expected, rtol=1e-12, atol=1e-12)
    assert run.cost_history[-1] == pytest.approx(gd.ridge_cost(expected[-1], X, y, gamma))
    long = gd.ridge_descent(np.zeros(5), X, y, gamma, 0.2, 3000)
    np.testing.assert_allclose(long.theta, augmented(X, y, gamma), rtol=1e-9)
    assert not long.diverged and long.stopped_by == "iterations"


def test_ridge_descent_diverges_just_above_its_limit_and_not_below():
    X, y = random_problem(4, centred=True)
    gamma = 2.0
    limit = 2 / (np.linalg.eigvalsh(X[:, 1:].T @ X[:, 1:] / len(X))[-1] + gamma)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not gd.ridge_descent(np.zeros(5), X, y, gamma, 0.99 * limit, 200).diverged
    with pytest.warns(gd.DivergenceWarning, match=r"ridge descent diverges: alpha = .* 2/λ_max\(H \+ γI′\)"):
        run = gd.ridge_descent(np.zeros(5), X, y, gamma, 1.01 * limit, 100000)
    assert run.diverged and run.stopped_by == "blow-up" and run.iterations < 100000


# --- folds, cross-validation, learning curves ----------------------------------------------------------


@pytest.mark.parametrize(("m", "folds"), [(342, 9), (342, 5), (10, 3), (7, 7)])
def test_the_folds_partition_the_rows_in_nearly_equal_parts(m, folds):
    parts = gd.kfold(m, folds, seed=1)
    assert len(parts) == folds
    np.testing.assert_array_equal(np.sort(np.concatenate(parts)), np.arange(m))
    assert {len(part) for part in parts} <= {m // folds, -(-m // folds)}
    assert all(np.array_equal(part, np.sort(part)) for part in parts)
    assert all(np.array_equal(a, b) for a, b in zip(parts, gd.kfold(m, folds, seed=1), strict=True))


def written_out_cross_validation(x, y, gamma, folds):
    """Each fold: standardise on the other rows, ridge by the augmented least squares, MSE on the fold."""
    errors = []
    for fold in folds:
        keep = np.setdiff1d(np.arange(len(y)), fold)
        mean, sd = x[keep].mean(axis=0), x[keep].std(axis=0)
        fit = np.column_stack([np.ones(len(keep)), (x[keep] - mean) / sd])
        held = np.column_stack([np.ones(len(fold)), (x[fold] - mean) / sd])
        theta = augmented(fit, y[keep], gamma)
        errors.append(np.mean((held @ theta - y[fold]) ** 2))
    return errors


def test_cross_validation_error_is_the_written_out_loop():
    X, y = random_problem(9, m=45, p=6)
    x = X[:, 1:] * [1.0, 10.0, 100.0, 1.0, 1.0, 5.0]
    folds = gd.kfold(45, 5, seed=3)
    result = gd.cross_validation_error(x, y, [0.01, 1.0], folds)
    assert result.validation.shape == result.train.shape == (5, 2)
    for j, gamma in enumerate([0.01, 1.0]):
        np.testing.assert_allclose(
            result.validation[:, j], written_out_cross_validation(x, y, gamma, folds), rtol=1e-9
        )


def test_a_straight_line_has_no_validation_error_and_training_error_grows_with_the_penalty():
    x = np.arange(12.0)[:, None]
    result = gd.cross_validation_error(x, 3 * x[:, 0] + 1, [0.0, 0.1, 10.0], gd.kfold(12, 4, seed=0))
    assert np.abs(result.validation[:, 0]).max() < 1e-20
    assert np.all(np.diff(result.train.mean(axis=0)) > 0)


def test_the_learning_curve_at_full_size_is_cross_validation():
    X, y = random_problem(11, m=30, p=3)
    folds = gd.kfold(30, 3, seed=2)  # 10 rows each: 20 outside every fold
    curve = gd.learning_curve(X[:, 1:], y, [5, 20], 0.3, folds)
    np.testing.assert_allclose(
        curve.validation[:, 1], written_out_cross_validation(X[:, 1:], y, 0.3, folds), rtol=1e-9
    )
    assert curve.validation.shape == (3, 2)


def test_quadratic_features_by_hand():
    features, names = gd.quadratic_features(
        [[1.0, 2.0, 0.0], [0.0, 3.0, 1.0], [1.0, 5.0, 2.0]], ["a", "b", "c"]
    )
    assert names == ["a", "b", "c", "a·b", "a·c", "b²", "b·c", "c²"]  # a takes two values: a² = a left out
    np.testing.assert_array_equal(features[2], [1.0, 5.0, 2.0, 5.0, 2.0, 25.0, 10.0, 4.0])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: gd.ridge(THREE_X, THREE_Y, -1.0),
            ValueError,
            r"^gamma must be a finite number, zero or more",
        ),
        (lambda: gd.ridge(THREE_X, THREE_Y, "1"), TypeError, r"^gamma must be"),
        (lambda: gd.ridge_path(THREE_X, THREE_Y, [1.0, -2.0]), ValueError, r"^gammas must be zero or more"),
        (lambda: gd.ridge_descent(np.zeros(2), THREE_X, THREE_Y, 1.0, 0.0, 5), ValueError, r"^alpha must be"),
        (lambda: gd.kfold(5, 1, seed=0), ValueError, r"^folds must be at least 2"),
        (lambda: gd.kfold(3, 4, seed=0), ValueError, r"^m must be at least 4"),
        (lambda: gd.kfold(5, 2, seed=0.5), TypeError, r"^seed must be a whole number"),
        (
            lambda: gd.cross_validation_error(THREE_X[:, 1:], THREE_Y, [1.0], [np.array([0]), np.array([1])]),
            ValueError,
            r"^folds must hold every row 0\.\.2 exactly once",
        ),
        (
            lambda: gd.learning_curve(THREE_X[:, 1:], THREE_Y, [3], 1.0, [np.array([0]), np.array([1, 2])]),
            ValueError,
            r"^sizes must be whole numbers from 2 to 1",
        ),
        (lambda: gd.quadratic_features([[1.0, 2.0]], ["a"]), ValueError, r"^names must be 2 strings"),
    ],
)
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_no_input_is_modified():
    X, y = random_problem(1)
    X0, y0 = X.copy(), y.copy()
    gd.ridge(X, y, 1.0)
    gd.ridge_descent(np.zeros(5), X, y, 1.0, 0.01, 3)
    gd.cross_validation_error(X[:, 1:], y, [1.0], gd.kfold(40, 4, seed=0))
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


# --- the scene -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scene():
    rng = np.random.default_rng(13)
    x = rng.normal(size=(60, 5)) * [1.0, 2.0, 3.0, 1.0, 0.5] + 4.0
    y = x @ [3.0, -1.0, 0.5, 0.0, 2.0] + 5 * rng.normal(size=60)
    return S.RidgeScene(x, y, size=(12, 48, 6), folds=5, seed=1, start=(-1.0, 48), measurements=3)


def test_the_scene_draws_cross_validations_numbers(scene):
    scene.show(log_gamma=-1.0, size=48)
    x, y = scene.x, scene.y
    expected = written_out_cross_validation(x, y, 0.1, scene.folds)
    assert scene.values["validation_error"] == pytest.approx(np.mean(expected), rel=1e-9)
    assert scene.values["gamma"] == pytest.approx(0.1)
    assert f"γ = {0.1:.3g}" in scene.describe()


def test_every_slider_move_changes_the_picture(scene):
    scene.show(log_gamma=-1.0, size=48)
    first = scene.png()
    scene.show(log_gamma=-0.75, size=48)
    second = scene.png()
    scene.show(log_gamma=-0.75, size=42)
    assert len({first, second, scene.png()}) == 3


def test_the_least_validation_error_is_the_grids_least(scene):
    scene.show(log_gamma=0.0, size=30)
    s = int(np.flatnonzero(scene.sizes == 30)[0])
    assert scene.values["best_error"] == pytest.approx(scene.validation_errors[s].min())
    assert scene.values["best_error"] <= scene.values["validation_error"]


def test_the_scene_refuses_sizes_beyond_the_folds():
    x = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match=r"size must run within 2 to 15"):
        S.RidgeScene(x, x[:, 0], size=(4, 18, 2), folds=4, start=(-1.0, 10))


def test_the_description_gives_the_held_out_predictions_spread(scene):
    scene.show(log_gamma=-1.0, size=48)
    x, y = scene.x, scene.y
    predictions = np.empty(len(y))
    for fold in scene.folds:  # at size 48 every fit learns from all the rows outside its fold
        keep = np.setdiff1d(np.arange(len(y)), fold)
        mean, sd = x[keep].mean(axis=0), x[keep].std(axis=0)
        fit = np.column_stack([np.ones(len(keep)), (x[keep] - mean) / sd])
        held = np.column_stack([np.ones(len(fold)), (x[fold] - mean) / sd])
        predictions[fold] = held @ augmented(fit, y[keep], 0.1)
    assert scene.values["prediction_low"] == pytest.approx(predictions.min(), rel=1e-9)
    assert scene.values["prediction_high"] == pytest.approx(predictions.max(), rel=1e-9)
    assert scene.values["prediction_sd"] == pytest.approx(predictions.std(), rel=1e-9)
    text = scene.describe()
    assert f"from {predictions.min():.0f} to {predictions.max():.0f}" in text
    assert f"(standard deviation {y.std():.0f})" in text
    assert "scattered about the diagonal" not in text and "all shrinking" not in text


def test_the_description_counts_the_paths_that_grow(scene):
    scene.show(log_gamma=-1.0, size=30)
    x, y = scene.x, scene.y
    rows = np.concatenate(scene.folds)[:30]  # the paths' fit: the first 30 of the shuffled rows
    z = np.column_stack([np.ones(30), (x[rows] - x[rows].mean(axis=0)) / x[rows].std(axis=0)])
    paths = np.array([augmented(z, y[rows], g)[1:] for g in scene.gammas])
    growing = int(np.sum(np.any(np.abs(paths[1:]) > np.abs(paths[:-1]), axis=0)))
    assert scene.values["growing"] == growing
    assert f"{growing} of them grow in size" in scene.describe()
