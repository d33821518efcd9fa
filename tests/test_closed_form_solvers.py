"""Notebook 08's solvers in gdcore: the normal equations by Cholesky, conjugate gradients (CGLS), and the
problem with a chosen κ(X) and residual, against answers worked by hand or computed exactly with
fractions."""

import math
from fractions import Fraction

import numpy as np
import pytest

import gdcore as gd

EPS = 2.0**-53  # the unit roundoff: half the gap between 1 and the next float


def exact_least_squares(X, y):
    """The exact solution of X^T X theta = X^T y for the floats in X and y (Gauss-Jordan on fractions)."""
    rows = [[Fraction(v) for v in row] for row in np.asarray(X)]
    ys = [Fraction(v) for v in np.asarray(y)]
    n = len(rows[0])
    A = [
        [sum(r[j] * r[k] for r in rows) for k in range(n)]
        + [sum(r[j] * t for r, t in zip(rows, ys, strict=True))]
        for j in range(n)
    ]
    for c in range(n):
        A[c] = [a / A[c][c] for a in A[c]]
        for r in range(n):
            if r != c:
                A[r] = [a - A[r][c] * b for a, b in zip(A[r], A[c], strict=True)]
    return [row[-1] for row in A]


# --- the normal equations by Cholesky ---


def test_normal_equations_on_notebook_01s_three_sales():
    # X^T X = [[3, 6], [6, 14]], X^T y = [650, 1400]: theta = (350/3, 50) by hand (notebook 01)
    theta = gd.normal_equations(gd.design_matrix([1.0, 2.0, 3.0]), [150.0, 250.0, 250.0])
    np.testing.assert_allclose(theta, [350 / 3, 50.0], rtol=1e-14)


def test_normal_equations_by_hand_on_a_triangular_case():
    # X = I (2 x 2) scaled: X^T X = diag(4, 9), L = diag(2, 3); X^T y = (2·1, 3·6) -> theta = (1/2, 2)
    theta = gd.normal_equations([[2.0, 0.0], [0.0, 3.0]], [1.0, 6.0])
    np.testing.assert_allclose(theta, [0.5, 2.0], rtol=1e-15)


def test_normal_equations_agree_with_lstsq_on_the_rings():
    carats, price = gd.jewelry_rings()
    X = gd.design_matrix(carats)
    np.testing.assert_allclose(gd.normal_equations(X, price), gd.least_squares(X, price), rtol=1e-10)


def test_normal_equations_do_not_modify_their_input():
    X, y = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 4.0]]), np.array([1.0, 2.0, 3.0])
    gd.normal_equations(X, y)
    np.testing.assert_array_equal(X, [[1.0, 1.0], [1.0, 2.0], [1.0, 4.0]])
    np.testing.assert_array_equal(y, [1.0, 2.0, 3.0])


# --- conjugate gradients on the normal equations ---

# X = [[1, 0], [1, 1], [1, 2]], y = (1, 2, 2): X^T X = [[3, 3], [3, 5]], X^T y = (5, 6), determinant 6, so
# theta* = [[5, -3], [-3, 3]] (5, 6) / 6 = (7/6, 1/2); the residuals (-1/6, 1/3, -1/6) meet both columns at 0.
SMALL_X = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]
SMALL_Y = [1.0, 2.0, 2.0]


def test_cg_is_exact_after_two_iterations_on_two_parameters():
    run = gd.conjugate_gradient([0.0, 0.0], SMALL_X, SMALL_Y, 2)
    np.testing.assert_allclose(run.theta, [7 / 6, 1 / 2], rtol=1e-14)
    assert run.iterations == 2 and not run.diverged


def test_cgs_first_step_is_steepest_descent_with_exact_line_search():
    # From 0: the gradient of J is g = -X^T y / m = -(5, 6)/3. Along -g, J is least at step t = g.g / (g.Hg),
    # H = X^T X / m: g.g = 61/9, g.Hg = |Xg|^2 / m = (25 + 121 + 289)/9/3 = 435/27, so t = 183/435 and
    # theta_1 = -t g = (61/435)(5, 6).
    run = gd.conjugate_gradient([0.0, 0.0], SMALL_X, SMALL_Y, 1)
    np.testing.assert_allclose(run.theta_history[1], [61 * 5 / 435, 61 * 6 / 435], rtol=1e-15)
    # the same step, taken by steepest descent with that exact step
    g = gd.gradient(np.zeros(2), SMALL_X, SMALL_Y)
    H = gd.hessian(SMALL_X)
    np.testing.assert_allclose(run.theta_history[1], -(g @ g) / (g @ H @ g) * g, rtol=1e-15)


def test_cg_lands_on_the_rings_in_two_iterations():
    carats, price = gd.jewelry_rings()
    X = gd.design_matrix(carats)
    best = gd.least_squares(X, price)
    run = gd.conjugate_gradient(np.zeros(2), X, price, 2)
    assert np.linalg.norm(run.theta - best) / np.linalg.norm(best) < 1e-12
    # descent at its best alpha is still 2e-2 away, relatively, after 2 iterations
    assert np.linalg.norm(run.theta_history[1] - best) / np.linalg.norm(best) > 1e-3


def test_cg_keeps_below_its_error_bound():
    # ||e_k||_H <= 2 ((sqrt(k) - 1)/(sqrt(k) + 1))^k ||e_0||_H with k = kappa(X^T X) = 10^2 = 100: rate 9/11
    X, y, _ = gd.problem_with_residual(10.0, 0.3, m=200, n=20, seed=3)
    best = gd.least_squares(X, y)
    G = X.T @ X
    run = gd.conjugate_gradient(np.zeros(20), X, y, 20)

    def energy(e):
        return math.sqrt(e @ G @ e)

    e0 = energy(run.theta_history[0] - best)
    for k, theta in enumerate(run.theta_history):
        assert energy(theta - best) <= 2 * (9 / 11) ** k * e0 * (1 + 1e-9) + 1e-12 * e0
    # after n = 20 iterations far below the bound's 2 (9/11)^20 = 0.036 (exact in exact arithmetic; in floats
    # rounding spoils the directions' conjugacy a little, so not to the last digit)
    assert energy(run.theta - best) < 1e-4 * e0


def test_cg_costs_are_the_costs_of_its_thetas():
    X, y, _ = gd.problem_with_residual(30.0, 0.5, m=40, n=6, seed=1)
    run = gd.conjugate_gradient(np.zeros(6), X, y, 6)
    assert run.theta_history.shape == (7, 6) and run.cost_history.shape == (7,)
    np.testing.assert_allclose(run.cost_history, [gd.half_mse(t, X, y) for t in run.theta_history], rtol=1e-9)
    assert np.all(np.diff(run.cost_history) <= 1e-12 * run.cost_history[0])  # J never rises


def test_cg_stops_when_the_gradient_is_zero():
    run = gd.conjugate_gradient([1.0, 2.0], [[1.0, 0.0], [0.0, 1.0]], [1.0, 2.0], 5)
    assert run.iterations == 0 and run.stopped_by == "gradient"
    np.testing.assert_array_equal(run.theta, [1.0, 2.0])


def test_cg_stops_at_the_gradient_tolerance():
    carats, price = gd.jewelry_rings()
    X = gd.design_matrix(carats)
    run = gd.conjugate_gradient(np.zeros(2), X, price, 10, gradient_tolerance=1e-3)
    assert run.stopped_by == "gradient" and run.iterations == 2
    assert np.linalg.norm(gd.gradient(run.theta, X, price)) <= 1e-3


# --- the problem with a chosen kappa(X) and residual ---


@pytest.mark.parametrize("kappa", [1e3, 1e5, 1e7])
@pytest.mark.parametrize("tan_psi", [0.0, 1e-3, 1.0])
def test_problem_with_residual_has_the_kappa_and_residual_asked(kappa, tan_psi):
    X, y, theta_true = gd.problem_with_residual(kappa, tan_psi)
    assert X.shape == (50, 5) and y.shape == (50,)
    # kappa(X): the SVD of the stored X is accurate to eps sigma_max, so sigma_min to eps kappa, relatively
    assert np.linalg.cond(X) == pytest.approx(kappa, rel=100 * EPS * kappa)
    # the rows come in identical pairs, so r = (s, -s) meets every column as a_j.s - a_j.s = 0 exactly
    np.testing.assert_array_equal(X[:25], X[25:])
    fit = X @ theta_true
    r = y - fit
    assert np.linalg.norm(r) == pytest.approx(tan_psi * np.linalg.norm(fit), rel=1e-9, abs=1e-14)
    assert np.all(theta_true == np.round(theta_true)) and theta_true.min() >= 1 and theta_true.max() <= 9


@pytest.mark.parametrize(("kappa", "tan_psi"), [(1e3, 0.0), (1e5, 1e-3), (1e7, 1.0)])
def test_theta_true_is_the_exact_answer_up_to_the_rounding_of_y(kappa, tan_psi):
    # Exactly, X^T (y - X theta_true) = X^T d, where d is what rounding did to y: the product X theta_true
    # (each entry a sum of n products, off by at most n eps sum_j |x_ij theta_j|) and the sum with r
    # (eps |y_i|).
    # So theta* - theta_true = X^+ d, and ||theta* - theta_true|| <= ||d|| / sigma_min(X).
    X, y, theta_true = gd.problem_with_residual(kappa, tan_psi)
    exact = np.array([float(v) for v in exact_least_squares(X, y)])
    d_bound = 5 * EPS * np.linalg.norm(np.abs(X) @ np.abs(theta_true)) + EPS * np.linalg.norm(y)
    sigma_min = np.linalg.svd(X, compute_uv=False)[-1]
    assert np.linalg.norm(exact - theta_true) <= d_bound / sigma_min
    # the exact residual y - X theta_true is orthogonal to the columns up to that same rounding
    rows = [[Fraction(v) for v in row] for row in X]
    residual = [
        Fraction(t) - sum(a * Fraction(b) for a, b in zip(row, theta_true, strict=True))
        for row, t in zip(rows, y, strict=True)
    ]
    cross = [float(sum(row[j] * r for row, r in zip(rows, residual, strict=True))) for j in range(5)]
    assert np.linalg.norm(cross) <= np.linalg.norm(X, 2) * d_bound


def test_problem_with_residual_is_the_same_every_run_and_differs_by_seed():
    a, b, c = (
        gd.problem_with_residual(100.0, 0.1),
        gd.problem_with_residual(100.0, 0.1),
        gd.problem_with_residual(100.0, 0.1, seed=9),
    )
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_cg_stops_at_rounding_instead_of_stirring_it_up():
    # Run on past convergence, plain CGLS lets rounding errors grow without bound (here from 1e-13 at 200
    # iterations to 1e34 at 1000); gdcore's stops once X^T r is down to its own rounding level.
    X, y, _ = gd.problem_with_residual(10.0, 0.1, m=1000, n=100, seed=8)
    best = gd.least_squares(X, y)
    run = gd.conjugate_gradient(np.zeros(100), X, y, 1000)
    assert run.stopped_by == "rounding" and run.iterations < 1000
    assert np.linalg.norm(run.theta - best) <= 1e-12 * np.linalg.norm(best)
