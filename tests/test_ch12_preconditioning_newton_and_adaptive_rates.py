"""Notebook 12's math and scene: Newton's step, preconditioned descent, AdaGrad, RMSProp and Adam.

By hand: for X = [[1, 1], [1, 2], [1, 3]], H = [[1, 2], [2, 14/3]], so D = diag(1, 14/3) and
D^(-1/2) H D^(-1/2) = [[1, r], [r, 1]] with r = 2/√(14/3): Jacobi's curvatures are 1 ± r. With
y = (1, 2, 3), θ* = (0, 1). Adam's first step with bias correction is α ĝ/√(ĝ²) = α g/|g| per
coordinate (δ = 0); AdaGrad's is α g/√(g²), the same; RMSProp's is α g/√((1 − β₂)g²).
The adaptive updates are checked against loops written out here, independently of gdcore.
"""

import math
import warnings

import numpy as np
import pytest

import gdcore as gd
from gdcore import scenes as S

pytestmark = pytest.mark.usefixtures("no_warnings_escape")  # see conftest.py

SMALL_X = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])
SMALL_Y = np.array([1.0, 2.0, 3.0])


def random_problem(seed, m=40, n=3):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(m), rng.normal(size=(m, n - 1)) * [1.0, 30.0][: n - 1] + 5.0])
    y = X @ rng.normal(size=n) + rng.normal(size=m)
    return X, y


def written_out(X, y, alpha, iters, method, beta1=0.9, beta2=0.999, delta=1e-8, correct=True, schedule=None):
    """The updates of notebook 12, one line each, with nothing else."""
    m = len(y)
    theta = np.zeros(X.shape[1])
    average, squares = np.zeros_like(theta), np.zeros_like(theta)
    thetas = [theta]
    for k in range(iters):
        g = X.T @ (X @ theta - y) / m
        a = alpha * (1.0 if schedule is None else schedule(k))
        if method == "adagrad":
            squares = squares + g**2
            theta = theta - a * g / (np.sqrt(squares) + delta)
        elif method == "rmsprop":
            squares = beta2 * squares + (1 - beta2) * g**2
            theta = theta - a * g / (np.sqrt(squares) + delta)
        else:
            average = beta1 * average + (1 - beta1) * g
            squares = beta2 * squares + (1 - beta2) * g**2
            if correct:
                theta = theta - a * (average / (1 - beta1 ** (k + 1))) / (
                    np.sqrt(squares / (1 - beta2 ** (k + 1))) + delta
                )
            else:
                theta = theta - a * average / (np.sqrt(squares) + delta)
        thetas.append(theta)
    return np.array(thetas)


# --- Newton's step and preconditioned descent --------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_newtons_step_lands_on_least_squares_from_anywhere(seed):
    X, y = random_problem(seed)
    best = np.linalg.lstsq(X, y, rcond=None)[0]
    start = np.random.default_rng(100 + seed).normal(size=3) * 1000
    assert np.allclose(gd.newton_step(start, X, y), best, rtol=0, atol=1e-8 * (1 + np.abs(best).max()))


def test_newtons_step_on_the_hand_worked_line():
    assert np.allclose(gd.newton_step([5.0, -7.0], SMALL_X, SMALL_Y), [0.0, 1.0], atol=1e-12)


def test_newtons_step_refuses_a_singular_hessian():
    with pytest.raises(ValueError, match="independent columns"):
        gd.newton_step([0.0, 0.0], [[1.0, 2.0], [2.0, 4.0]], [1.0, 2.0])


def test_jacobis_curvatures_by_hand():
    D = np.diag([1.0, 14 / 3])
    r = 2 / math.sqrt(14 / 3)
    assert np.allclose(gd.preconditioned_curvatures(SMALL_X, np.linalg.inv(D)), [1 - r, 1 + r], atol=1e-12)


def test_the_identity_preconditioner_is_plain_descent_update_for_update():
    X, y = random_problem(3)
    alpha = 0.9 * gd.stability_limit(X)
    plain = gd.gradient_descent(np.zeros(3), X, y, alpha, 50)
    bent = gd.preconditioned_descent(np.zeros(3), X, y, alpha, 50, np.eye(3))
    assert np.allclose(bent.theta_history, plain.theta_history, rtol=1e-12, atol=1e-12)
    assert np.allclose(bent.cost_history, plain.cost_history, rtol=1e-12)


def test_the_inverse_hessian_with_alpha_one_is_newtons_step():
    H = SMALL_X.T @ SMALL_X / 3
    run = gd.preconditioned_descent([5.0, -7.0], SMALL_X, SMALL_Y, 1.0, 3, np.linalg.inv(H))
    assert np.allclose(run.theta_history[1:], [0.0, 1.0], atol=1e-12)
    assert not run.diverged


def test_preconditioned_descent_diverges_just_above_its_limit_and_not_below():
    r = 2 / math.sqrt(14 / 3)
    P = np.diag([1.0, 3 / 14])
    limit = 2 / (1 + r)
    below = gd.preconditioned_descent([0.0, 0.0], SMALL_X, SMALL_Y, 0.99 * limit, 3000, P)
    assert not below.diverged and np.allclose(below.theta, [0.0, 1.0], atol=1e-8)
    with pytest.warns(gd.DivergenceWarning, match="at or above its stability limit"):
        above = gd.preconditioned_descent([0.0, 0.0], SMALL_X, SMALL_Y, 1.01 * limit, 3000, P)
    assert above.diverged


@pytest.mark.parametrize(
    ("P", "message"),
    [
        ([[1.0, 0.5], [0.0, 1.0]], "symmetric"),
        ([[1.0, 0.0], [0.0, -1.0]], "positive definite"),
        (np.eye(3), "2×2"),
    ],
)
def test_a_bad_preconditioner_is_named(P, message):
    with pytest.raises(ValueError, match=f"preconditioner must .*{message}"):
        gd.preconditioned_descent([0.0, 0.0], SMALL_X, SMALL_Y, 0.1, 3, P)


# --- AdaGrad, RMSProp, Adam -------------------------------------------------------------------


@pytest.mark.parametrize("method", ["adagrad", "rmsprop", "adam"])
@pytest.mark.parametrize("seed", [0, 1])
def test_adaptive_descent_makes_the_written_out_updates(method, seed):
    X, y = random_problem(seed)
    run = gd.adaptive_descent(np.zeros(3), X, y, 0.3, 200, method=method)
    assert np.allclose(run.theta_history, written_out(X, y, 0.3, 200, method), rtol=1e-10, atol=1e-10)
    residuals = run.theta_history @ X.T - y
    assert np.allclose(run.cost_history, (residuals**2).sum(axis=1) / (2 * len(y)), rtol=1e-10)


def test_adam_without_bias_correction_and_with_a_schedule_makes_the_written_out_updates():
    X, y = random_problem(4)
    schedule = lambda k: 1 / (1 + k / 10)  # noqa: E731
    run = gd.adaptive_descent(
        np.zeros(3),
        X,
        y,
        0.5,
        100,
        beta1=0.8,
        beta2=0.99,
        delta=1e-3,
        bias_correction=False,
        schedule=schedule,
    )
    expected = written_out(X, y, 0.5, 100, "adam", 0.8, 0.99, 1e-3, correct=False, schedule=schedule)
    assert np.allclose(run.theta_history, expected, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("method", ["adam", "adagrad"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_first_step_is_alpha_times_the_sign_against_the_gradient(method, seed):
    X, y = random_problem(seed)
    g = X.T @ (X @ np.zeros(3) - y) / len(y)
    run = gd.adaptive_descent(np.zeros(3), X, y, 0.7, 1, method=method, delta=0.0)
    assert np.allclose(run.theta_history[1], -0.7 * np.sign(g), rtol=0, atol=1e-14)


def test_rmsprops_first_step_is_one_over_root_one_minus_beta2_larger():
    X, y = random_problem(5)
    g = X.T @ (X @ np.zeros(3) - y) / len(y)
    run = gd.adaptive_descent(np.zeros(3), X, y, 0.7, 1, method="rmsprop", delta=0.0, beta2=0.99)
    assert np.allclose(run.theta_history[1], -0.7 * np.sign(g) / math.sqrt(0.01), rtol=1e-12)


def test_adams_uncorrected_first_step():
    X, y = random_problem(6)
    g = X.T @ (X @ np.zeros(3) - y) / len(y)
    run = gd.adaptive_descent(np.zeros(3), X, y, 1.0, 1, delta=0.0, bias_correction=False)
    assert np.allclose(run.theta_history[1], -np.sign(g) * 0.1 / math.sqrt(0.001), rtol=1e-12)


def test_adagrad_settles_and_adam_with_a_constant_rate_leaves_the_minimum_again():
    rings = gd.jewelry_rings()
    X = gd.design_matrix(rings.x)
    best = np.linalg.lstsq(X, rings.y, rcond=None)[0]
    start_error = np.linalg.norm(best)
    adagrad = gd.adaptive_descent(np.zeros(2), X, rings.y, 100.0, 4000, method="adagrad")
    assert np.linalg.norm(adagrad.theta_history[2000:] - best, axis=1).max() < 1e-9 * start_error
    adam = gd.adaptive_descent(np.zeros(2), X, rings.y, 100.0, 4000)
    errors = np.linalg.norm(adam.theta_history - best, axis=1)
    lowest = int(errors.argmin())
    assert errors[lowest] < 1e-9 * start_error and errors[lowest:].max() > 1e-3 * start_error


def test_adams_heavy_ball_curvature_by_hand_for_two_steps():
    # X = I (m = 2): H = I/2 and g = (theta - y)/2. From 0 with y = (4, -2): g_0 = (-2, 1); alpha = 1,
    # delta = 1. Step 0: v-hat = g_0^2, so P_0 = diag(1/(2 + 1), 1/(1 + 1)) and P_0 H = diag(1/6, 1/4).
    X, y = np.eye(2), np.array([4.0, -2.0])
    b1, b2 = 0.9, 0.999
    history = np.array([[0.0, 0.0], [1.0, -1.0], [0.0, 0.0]])
    # step 1 at theta = (1, -1): g_1 = (-3/2, 1/2); v_2 = b2 (1 - b2) g_0^2 + (1 - b2) g_1^2, over 1 - b2^2
    g0, g1 = np.array([-2.0, 1.0]), np.array([-1.5, 0.5])
    v_hat = (b2 * (1 - b2) * g0**2 + (1 - b2) * g1**2) / (1 - b2**2)
    p1 = (1 - b1) / ((1 - b1**2) * (np.sqrt(v_hat) + 1.0))
    expected = [max(1 / 6, 1 / 4), max(p1) / 2]
    got = gd.adam_curvatures(history, X, y, 1.0, beta1=b1, beta2=b2, delta=1.0)
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_adams_heavy_ball_curvature_is_that_of_the_written_out_denominators(seed):
    X, y = random_problem(seed)
    alpha, b1, b2, delta = 0.5, 0.8, 0.99, 1e-3
    thetas = written_out(X, y, alpha, 60, "adam", beta1=b1, beta2=b2, delta=delta)
    H, m = X.T @ X / len(y), len(y)
    squares, expected = np.zeros(X.shape[1]), []
    for k, theta in enumerate(thetas[:-1]):
        g = X.T @ (X @ theta - y) / m
        squares = b2 * squares + (1 - b2) * g**2
        root = np.sqrt(squares / (1 - b2 ** (k + 1)))
        P = np.diag(alpha * (1 - b1) / ((1 - b1 ** (k + 1)) * (root + delta)))
        expected.append(max(np.linalg.eigvals(P @ H).real))  # P H itself, not the symmetric form
    got = gd.adam_curvatures(thetas, X, y, alpha, beta1=b1, beta2=b2, delta=delta)
    assert got == pytest.approx(expected, rel=1e-9)


def test_a_large_delta_caps_adams_heavy_ball_curvature():
    X, y = random_problem(3)
    alpha, delta = 50.0, 400.0
    thetas = written_out(X, y, alpha, 300, "adam", delta=delta)
    got = gd.adam_curvatures(thetas, X, y, alpha, delta=delta)
    lam_max = np.linalg.eigvalsh(X.T @ X / len(y))[-1]
    k = np.arange(1, 301)
    assert np.all(got <= alpha * 0.1 * lam_max / (delta * (1 - 0.9**k)) * (1 + 1e-12))


def test_adams_heavy_ball_curvature_names_a_bad_history():
    with pytest.raises(ValueError, match="theta_history"):
        gd.adam_curvatures(np.zeros((3, 3)), SMALL_X, SMALL_Y, 1.0)


def test_adaptive_descent_reports_a_blow_up_in_words():
    with pytest.warns(gd.DivergenceWarning, match="Adam diverges: the cost blew up"):
        run = gd.adaptive_descent([0.0, 0.0], SMALL_X, SMALL_Y, 1e12, 10)
    assert run.diverged and run.stopped_by == "blow-up" and run.iterations < 10


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"method": "sgd"}, ValueError, "method must be one of"),
        ({"beta1": 1.0}, ValueError, "beta1 must be a number in"),
        ({"beta2": -0.1}, ValueError, "beta2 must be a number in"),
        ({"delta": -1e-8}, ValueError, "delta must be a finite number"),
        ({"delta": "small"}, TypeError, "delta must be"),
        ({"bias_correction": 1}, TypeError, "bias_correction must be True or False"),
    ],
)
def test_bad_options_are_named(options, error, message):
    with pytest.raises(error, match=message):
        gd.adaptive_descent([0.0, 0.0], SMALL_X, SMALL_Y, 0.1, 3, **options)


def test_adaptive_descent_does_not_modify_its_input():
    theta = np.array([1.0, 2.0])
    X, y = SMALL_X.copy(), SMALL_Y.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gd.adaptive_descent(theta, X, y, 0.1, 5)
    assert theta.tolist() == [1.0, 2.0] and np.array_equal(X, SMALL_X) and np.array_equal(y, SMALL_Y)


# --- the scene --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scene():
    return S.AdaptiveScene(*gd.jewelry_rings())


def test_the_method_slider_names_the_five_methods(scene):
    control = scene.controls["method"]
    assert control.names == ("plain", "momentum", "AdaGrad", "RMSProp", "Adam")


def test_plain_descent_at_alpha_one_diverges_on_the_raw_valley_and_is_exact_on_the_round_one(scene):
    scene.show(method=0, log_alpha=0.0, steps=50)
    assert scene.values["diverged"] == (True, False)
    assert scene.values["count"][1] == 1  # H = I for standardised carats: one step at α = 1
    assert "diverges" in scene.describe()


def test_the_scene_draws_gdcores_runs(scene):
    rings = gd.jewelry_rings()
    X = gd.design_matrix(rings.x)
    best = np.linalg.lstsq(X, rings.y, rcond=None)[0]
    scene.show(method=4, log_alpha=1.0, steps=120)
    run = gd.adaptive_descent(np.zeros(2), X, rings.y, 10.0, 120)
    expected = np.linalg.norm(run.theta - best) / np.linalg.norm(best)
    assert scene.values["shrink"][0] == pytest.approx(expected, rel=1e-9)
    xs, ys = scene.paths[0].get_data()
    assert len(xs) == 121
    assert np.allclose(np.column_stack([xs, ys])[-1], (run.theta - best) / np.linalg.norm(best))
    assert f"{expected:.3g}" in scene.describe()


def test_the_scene_refuses_a_bad_start():
    with pytest.raises(ValueError, match="start must be three values"):
        S.AdaptiveScene(*gd.jewelry_rings(), start=(1, 2))
