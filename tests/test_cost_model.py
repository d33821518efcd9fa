"""Notebook 08's counts in gdcore: polynomial_design, the flops of the closed form and of descent, the
break-even step count and the steps a bowl of condition number κ needs, against values worked by hand
and against other parts of gdcore that reach them another way."""

import math

import numpy as np
import pytest

import gdcore as gd


def test_polynomial_design_by_hand():
    np.testing.assert_array_equal(
        gd.polynomial_design([2.0, -1.0, 0.5], 3),
        [[1.0, 2.0, 4.0, 8.0], [1.0, -1.0, 1.0, -1.0], [1.0, 0.5, 0.25, 0.125]],
    )
    np.testing.assert_array_equal(gd.polynomial_design([3.0], 1), gd.design_matrix([3.0]))


def test_polynomial_design_makes_each_power_by_one_rounded_product():
    # the promise of np.vander: column j is column j - 1 times x, rounded once, bit for bit (x**j calls
    # the platform's pow, which need not round the same way)
    x = np.random.default_rng(8).uniform(0, 25, 200)
    X = gd.polynomial_design(x, 9)
    assert X.shape == (200, 10)
    np.testing.assert_array_equal(X[:, 0], 1.0)
    for j in range(1, 10):
        np.testing.assert_array_equal(X[:, j], X[:, j - 1] * x)


def test_polynomial_design_does_not_modify_its_input():
    x = np.array([1.0, 2.0])
    gd.polynomial_design(x, 3)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_closed_form_flops_by_hand():
    # m n² + 2 m n + n³/3 (Cholesky) with m = 10, n = 2: 40 + 40 + 8/3
    assert gd.closed_form_flops(10, 2) == pytest.approx(80 + 8 / 3, rel=1e-15)
    # m = 1000, n = 100: 10^7 + 2·10^5 + 10^6/3 (notebook 08's first row, 1.05e+07)
    assert gd.closed_form_flops(1000, 100) == pytest.approx(10_200_000 + 1_000_000 / 3, rel=1e-15)
    assert gd.closed_form_flops(1, 1) == pytest.approx(1 + 2 + 1 / 3, rel=1e-15)


def test_descent_flops_by_hand():
    assert gd.descent_flops(10, 2, 100) == 8000  # 4·100·10·2
    assert gd.descent_flops(1000, 100, 1) == 400_000
    assert gd.descent_flops(10, 2, 0) == 0


def test_doubling_n_multiplies_the_closed_form_by_four_to_eight():
    # m ≫ n: the m n² term rules, ×4; m = n: the n³ term weighs in, towards ×8 (notebook 08: 3.96, 7.97)
    many_rows = gd.closed_form_flops(10**6, 200) / gd.closed_form_flops(10**6, 100)
    square = gd.closed_form_flops(400, 400) / gd.closed_form_flops(200, 200)
    assert many_rows == pytest.approx((4e10 + 4e8 + 8e6 / 3) / (1e10 + 2e8 + 1e6 / 3), rel=1e-12)
    assert round(many_rows, 2) == 3.96
    # (6.4e7 + 3.2e5 + 6.4e7/3) / (8e6 + 8e4 + 8e6/3) = 7.970
    assert square == pytest.approx((6.4e7 + 3.2e5 + 6.4e7 / 3) / (8e6 + 8e4 + 8e6 / 3), rel=1e-12)
    assert round(square, 2) == 7.97
    # doubling m doubles a step of descent exactly
    assert gd.descent_flops(2000, 100, 1) == 2 * gd.descent_flops(1000, 100, 1)


@pytest.mark.parametrize(("m", "n"), [(10**6, 1000), (100, 2), (2000, 400), (7, 13)])
def test_break_even_is_the_simplified_formula(m, n):
    # (m n² + 2 m n + n³/3) / (4 m n) = n/4 + 1/2 + n²/(12m), simplified by hand
    assert gd.break_even_iterations(m, n) == pytest.approx(n / 4 + 1 / 2 + n**2 / (12 * m), rel=1e-12)


def test_break_even_separates_cheaper_from_dearer_descent():
    m, n = 10**6, 1000
    k_even = gd.break_even_iterations(m, n)
    assert k_even == pytest.approx(250 + 0.5 + 1 / 12, rel=1e-12)  # notebook 08's 250.58
    assert gd.descent_flops(m, n, 250) < gd.closed_form_flops(m, n) < gd.descent_flops(m, n, 251)


@pytest.mark.parametrize(
    ("kappa", "steps"),
    [
        (10, 132),  # ln(1e-6)/ln(0.9) = 131.13
        (18, 242),  # ln(1e-6)/ln(17/18) = 241.7
        (19, 256),  # ln(1e-6)/ln(18/19) = 255.5
        (50, 684),  # ln(1e-6)/ln(0.98) = 683.8
        (1, 1),  # a round bowl: α = 1/λ lands in one step
    ],
)
def test_iterations_for_condition_by_hand(kappa, steps):
    assert gd.iterations_for_condition(kappa, 1e-6) == steps
    if kappa > 1:
        assert steps == math.ceil(math.log(1e-6) / math.log(1 - 1 / kappa))


def test_iterations_for_condition_is_what_the_bowl_counts():
    # X = [[1, a], [1, -a]] has H = diag(1, a²): κ = a², and alpha = 1/λ_max leaves the rate 1 - 1/κ
    for kappa in (4.0, 10.0, 822.0):
        X = np.array([[1.0, math.sqrt(kappa)], [1.0, -math.sqrt(kappa)]])
        shape = gd.bowl(X)
        assert shape.condition_number == pytest.approx(kappa, rel=1e-12)
        expected = shape.iterations_to_shrink(1 / shape.curvatures[-1], 1e-6)
        assert gd.iterations_for_condition(kappa, 1e-6) == expected


def test_iterations_for_condition_returns_a_whole_number():
    steps = gd.iterations_for_condition(10, 1e-6)
    assert type(steps) is int


@pytest.mark.parametrize(
    ("kappa", "iterations"),
    [
        (100, 73),  # rate (10 - 1)/(10 + 1) = 9/11: ln(5e-7)/ln(9/11) = 72.3
        (4, 14),  # rate 1/3: ln(5e-7)/ln(1/3) = 13.2
        (1, 1),  # a round bowl: one iteration lands
    ],
)
def test_cg_iterations_for_condition_by_hand(kappa, iterations):
    assert gd.cg_iterations_for_condition(kappa, 1e-6) == iterations


def test_cg_needs_about_the_square_root_of_descents_iterations():
    # CG's bound ~ (sqrt(kappa)/2) ln(2/factor); descent at alpha = 1/lambda_max ~ kappa ln(1/factor)
    for kappa in (100, 10_000):
        cg = gd.cg_iterations_for_condition(kappa, 1e-6)
        assert cg == math.ceil(math.log(5e-7) / math.log((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)))
        assert cg < gd.iterations_for_condition(kappa, 1e-6) / (math.sqrt(kappa) / 2)
