"""Bad input gets a clear ValueError or TypeError naming the argument and the problem."""

import numpy as np
import pytest

import gdcore as gd

X = [[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
Y = [150.0, 250.0, 250.0]
THETA = [0.0, 0.0]
# A design whose H = XᵀX/m is I, as the noise floors require (their formula assumes it).
ROUND_X = [[1.0, 1.0], [1.0, 1.0], [1.0, -1.0], [1.0, -1.0]]
ROUND_Y = [1.0, 3.0, 0.0, 2.0]

# Functions taking (theta, X, y); step also takes alpha.
PROBLEM_FUNCTIONS = {
    "predict": lambda theta, X, y: gd.predict(theta, X),
    "half_mse": gd.half_mse,
    "mse": gd.mse,
    "residuals": gd.residuals,
    "sum_of_squares": gd.sum_of_squares,
    "gradient": gd.gradient,
    "step": lambda theta, X, y: gd.step(theta, X, y, 0.01),
    "gradient_descent": lambda theta, X, y: gd.gradient_descent(theta, X, y, 0.01, 3),
    "least_squares": lambda theta, X, y: gd.least_squares(X, y),
    "normal_equations": lambda theta, X, y: gd.normal_equations(X, y),
    "conjugate_gradient": lambda theta, X, y: gd.conjugate_gradient(theta, X, y, 3),
    "stability_limit": lambda theta, X, y: gd.stability_limit(X),
    "hessian": lambda theta, X, y: gd.hessian(X),
    "noise_floor_independent": lambda theta, X, y: gd.noise_floor_independent(X, y, 0.5, 1),
    "noise_floor_shuffled": lambda theta, X, y: gd.noise_floor_shuffled(X, y, 0.5, 1),
}
USES_THETA = {
    "predict",
    "residuals",
    "half_mse",
    "mse",
    "sum_of_squares",
    "gradient",
    "step",
    "gradient_descent",
    "conjugate_gradient",
}
USES_Y = USES_THETA - {"predict"} | {
    "least_squares",
    "normal_equations",
    "noise_floor_independent",
    "noise_floor_shuffled",
}

nan_X = [[1.0, np.nan], [1.0, 2.0], [1.0, 3.0]]
inf_y = [150.0, np.inf, 250.0]

CASES = [
    # (which argument is bad, the bad value as (theta, X, y), error type, message pattern)
    ("y", (THETA, [[1.0, 1.0], [1.0, 2.0]], Y), ValueError, "y must have one entry per row of X"),
    ("theta", ([0.0, 0.0, 0.0], X, Y), ValueError, "theta must have one entry per column of X"),
    ("X", (THETA, nan_X, Y), ValueError, "X must contain only finite numbers"),
    ("y", (THETA, X, inf_y), ValueError, "y must contain only finite numbers"),
    ("theta", ([np.nan, 0.0], X, Y), ValueError, "theta must contain only finite numbers"),
    ("X", (THETA, np.empty((0, 2)), []), ValueError, "X must not be empty"),
    ("y", ([0.0], [[1.0]], []), ValueError, "y must not be empty"),
    ("X", (THETA, [["a", "b"], ["c", "d"], ["e", "f"]], Y), TypeError, "X must hold real numbers"),
    ("y", (THETA, X, ["150", "250", "250"]), TypeError, "y must hold real numbers"),
    ("theta", ([None, None], X, Y), TypeError, "theta must hold real numbers"),
    ("X", (THETA, [1.0, 2.0, 3.0], Y), ValueError, "X must be a 2-d array; got 1-d"),
    ("y", (THETA, X, [[150.0], [250.0], [250.0]]), ValueError, "y must be a 1-d array; got 2-d"),
    ("theta", ([[0.0, 0.0]], X, Y), ValueError, "theta must be a 1-d array; got 2-d"),
    ("X", (THETA, "not a matrix", Y), TypeError, "X must be an array of numbers"),
    ("X", (THETA, [[1.0, 1.0], [1.0]], Y), ValueError, "X must be a rectangular array"),
]


def applies(name, bad):
    return bad == "X" or (bad == "theta" and name in USES_THETA) or (bad == "y" and name in USES_Y)


@pytest.mark.parametrize(
    ("name", "args", "error", "pattern"),
    [
        pytest.param(name, args, error, pattern, id=f"{name}-{pattern}")
        for name in PROBLEM_FUNCTIONS
        for bad, args, error, pattern in CASES
        if applies(name, bad)
    ],
)
def test_bad_arrays_are_rejected_by_name(name, args, error, pattern):
    with pytest.raises(error, match=pattern):
        PROBLEM_FUNCTIONS[name](*args)


@pytest.mark.parametrize(
    ("alpha", "error", "pattern"),
    [
        (-0.1, ValueError, r"alpha must be a positive finite number; got -0\.1"),
        (0, ValueError, "alpha must be a positive finite number; got 0"),
        (np.inf, ValueError, "alpha must be a positive finite number; got inf"),
        (np.nan, ValueError, "alpha must be a positive finite number; got nan"),
        ("0.01", TypeError, "alpha must be a positive finite number; got '0.01'"),
        (True, TypeError, "alpha must be a positive finite number; got True"),
        (None, TypeError, "alpha must be a positive finite number; got None"),
    ],
)
@pytest.mark.parametrize(
    "run",
    [
        lambda a: gd.step(THETA, X, Y, a),
        lambda a: gd.gradient_descent(THETA, X, Y, a, 3),
        lambda a: gd.step_factor(X, a),
        lambda a: gd.descent_regime(X, a),
    ],
    ids=["step", "gradient_descent", "step_factor", "descent_regime"],
)
def test_bad_alpha(run, alpha, error, pattern):
    with pytest.raises(error, match=pattern):
        run(alpha)


@pytest.mark.parametrize(
    ("num_iters", "error", "pattern"),
    [
        (2.5, TypeError, "num_iters must be a whole number"),
        (3.0, TypeError, "num_iters must be a whole number"),
        (True, TypeError, "num_iters must be a whole number"),
        ("10", TypeError, "num_iters must be a whole number"),
        (-1, ValueError, "num_iters must be zero or more; got -1"),
    ],
)
def test_bad_num_iters(num_iters, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.gradient_descent(THETA, X, Y, 0.01, num_iters)


def test_numpy_integer_counts_are_accepted():
    result = gd.gradient_descent(THETA, X, Y, 0.01, np.int64(2))
    assert result.iterations == 2


@pytest.mark.parametrize(
    ("x", "error", "pattern"),
    [
        ([], ValueError, "x must not be empty"),
        ([[[1.0]]], ValueError, "x must be a 1-d or 2-d array; got 3-d"),
        ([1.0, np.nan], ValueError, "x must contain only finite numbers"),
        (["1", "2"], TypeError, "x must hold real numbers"),
    ],
)
def test_design_matrix_rejects_bad_x(x, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.design_matrix(x)


def test_design_matrix_accepts_a_column_or_a_matrix():
    np.testing.assert_array_equal(gd.design_matrix([[2.0, 5.0]]), [[1.0, 2.0, 5.0]])
    np.testing.assert_array_equal(gd.design_matrix([2.0, 5.0]), [[1.0, 2.0], [1.0, 5.0]])


@pytest.mark.parametrize(
    ("thetas", "y", "error", "pattern"),
    [
        ([0.0, 0.0], Y, ValueError, "thetas must be a 2-d array; got 1-d"),
        ([[0.0, 0.0, 0.0]], Y, ValueError, r"thetas must have one column per column of X \(2\)"),
        ([[0.0, np.nan]], Y, ValueError, "thetas must contain only finite numbers"),
        ([[0.0, 0.0]], Y[:2], ValueError, "y must have one entry per row of X"),
        ("theta", Y, TypeError, "thetas must be an array of numbers"),
    ],
)
def test_half_mse_each_names_the_bad_argument(thetas, y, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.half_mse_each(thetas, X, y)


# Every public function of the math layer checks through gdcore._checks, with the same contract:
# the argument's name, what it must be, what it got; a non-number (or a non-integer count) is a
# TypeError, a number out of range a ValueError.

ONE_COLUMN_X, ONE_COLUMN_Y = [[1.0], [2.0], [3.0]], [3.0, 6.0, 9.0]

# Every function that takes a whole-number count, with the count's name.
COUNTS = {
    "gradient_descent-num_iters": (lambda k: gd.gradient_descent(THETA, X, Y, 0.01, k), "num_iters"),
    "momentum_descent-num_iters": (lambda k: gd.momentum_descent(THETA, X, Y, 0.01, 0.5, k), "num_iters"),
    "minibatch_descent-epochs": (lambda k: gd.minibatch_descent(THETA, X, Y, 0.01, k, 1), "epochs"),
    "minibatch_descent-batch_size": (lambda k: gd.minibatch_descent(THETA, X, Y, 0.01, 1, k), "batch_size"),
    "jewelry_rings-n": (lambda k: gd.jewelry_rings(n=k), "n"),
    "jewelry_rings-seed": (lambda k: gd.jewelry_rings(seed=k), "seed"),
    "draw_rings-n": (lambda k: gd.data.draw_rings(k, 0), "n"),
    "draw_rings-seed": (lambda k: gd.data.draw_rings(5, k), "seed"),
    "polynomial_design-degree": (lambda k: gd.polynomial_design([1.0, 2.0], k), "degree"),
    "closed_form_flops-m": (lambda k: gd.closed_form_flops(k, 2), "m"),
    "closed_form_flops-n": (lambda k: gd.closed_form_flops(10, k), "n"),
    "descent_flops-m": (lambda k: gd.descent_flops(k, 2, 100), "m"),
    "descent_flops-n": (lambda k: gd.descent_flops(10, k, 100), "n"),
    "descent_flops-num_iters": (lambda k: gd.descent_flops(10, 2, k), "num_iters"),
    "break_even_iterations-m": (lambda k: gd.break_even_iterations(k, 2), "m"),
    "break_even_iterations-n": (lambda k: gd.break_even_iterations(10, k), "n"),
    "conjugate_gradient-num_iters": (lambda k: gd.conjugate_gradient(THETA, X, Y, k), "num_iters"),
    "problem_with_residual-m": (lambda k: gd.problem_with_residual(10.0, 0.1, m=k, n=2), "m"),
    "problem_with_residual-n": (lambda k: gd.problem_with_residual(10.0, 0.1, m=20, n=k), "n"),
    "problem_with_residual-seed": (lambda k: gd.problem_with_residual(10.0, 0.1, seed=k), "seed"),
    "noise_floor_independent-batch_size": (
        lambda k: gd.noise_floor_independent(ROUND_X, ROUND_Y, 0.5, k),
        "batch_size",
    ),
    "noise_floor_shuffled-batch_size": (
        lambda k: gd.noise_floor_shuffled(ROUND_X, ROUND_Y, 0.5, k),
        "batch_size",
    ),
}


@pytest.mark.parametrize("value", [2.5, 3.0, True, "3", None], ids=repr)
@pytest.mark.parametrize("name", COUNTS)
def test_a_count_that_is_not_a_whole_number_is_a_type_error(name, value):
    run, argument = COUNTS[name]
    with pytest.raises(TypeError, match=f"{argument} must be a whole number.*; got {value!r} of type"):
        run(value)


@pytest.mark.parametrize(
    ("name", "value", "pattern"),
    [
        ("gradient_descent-num_iters", -1, "num_iters must be zero or more; got -1"),
        ("momentum_descent-num_iters", -1, "num_iters must be zero or more; got -1"),
        ("minibatch_descent-epochs", -1, "epochs must be zero or more; got -1"),
        ("minibatch_descent-batch_size", 4, "batch_size must be a whole number from 1 to m = 3; got 4"),
        ("jewelry_rings-n", 0, "n must be at least 1; got 0"),
        ("draw_rings-n", 0, "n must be at least 1; got 0"),
        ("draw_rings-seed", -1, "seed must be zero or more; got -1"),
        ("polynomial_design-degree", 0, "degree must be at least 1; got 0"),
        ("closed_form_flops-m", 0, "m must be at least 1; got 0"),
        ("closed_form_flops-n", 0, "n must be at least 1; got 0"),
        ("descent_flops-m", 0, "m must be at least 1; got 0"),
        ("descent_flops-n", -1, "n must be at least 1; got -1"),
        ("descent_flops-num_iters", -1, "num_iters must be zero or more; got -1"),
        ("break_even_iterations-m", 0, "m must be at least 1; got 0"),
        ("break_even_iterations-n", 0, "n must be at least 1; got 0"),
        ("conjugate_gradient-num_iters", -1, "num_iters must be zero or more; got -1"),
        ("problem_with_residual-m", 3, "m must be at least 4; got 3"),
        ("problem_with_residual-m", 5, r"m must be even \(the rows come in pairs\); got 5"),
        ("problem_with_residual-n", 1, "n must be at least 2; got 1"),
        ("problem_with_residual-seed", -1, "seed must be zero or more; got -1"),
        ("noise_floor_independent-batch_size", 5, "batch_size must be a whole number from 1 to m = 4; got 5"),
        ("noise_floor_shuffled-batch_size", 0, "batch_size must be a whole number from 1 to m = 4; got 0"),
        ("noise_floor_shuffled-batch_size", 3, r"batch_size must divide m = 4 \(so that every batch has b"),
    ],
)
def test_a_count_out_of_range_is_a_value_error(name, value, pattern):
    with pytest.raises(ValueError, match=pattern):
        COUNTS[name][0](value)


def test_numpy_integer_counts_are_accepted_everywhere():
    assert gd.momentum_descent(THETA, X, Y, 0.01, 0.5, np.int32(2)).iterations == 2
    run = gd.minibatch_descent(THETA, X, Y, 0.01, np.int64(2), np.int64(3))
    assert run.iterations == 2  # one batch of all three, two epochs
    assert len(gd.data.draw_rings(np.int64(4), np.uint8(1)).x) == 4


# Every function that takes a learning rate alpha beyond those of test_bad_alpha above.
ALPHAS = {
    "momentum_descent": lambda a: gd.momentum_descent(THETA, X, Y, a, 0.5, 3),
    "minibatch_descent": lambda a: gd.minibatch_descent(THETA, X, Y, a, 1, 1),
    "momentum_roots": lambda a: gd.momentum_roots([1.0], a, 0.5),
    "Bowl.step_factors": lambda a: gd.bowl(X).step_factors(a),
    "Bowl.rate": lambda a: gd.bowl(X).rate(a),
    "Bowl.iterations_to_shrink": lambda a: gd.bowl(X).iterations_to_shrink(a, 1e-3),
    "noise_floor_independent": lambda a: gd.noise_floor_independent(ROUND_X, ROUND_Y, a, 1),
    "noise_floor_shuffled": lambda a: gd.noise_floor_shuffled(ROUND_X, ROUND_Y, a, 1),
}


@pytest.mark.parametrize(
    ("alpha", "error", "pattern"),
    [
        (-0.1, ValueError, r"alpha must be a positive finite number; got -0\.1"),
        (np.nan, ValueError, "alpha must be a positive finite number; got nan"),
        ("0.01", TypeError, "alpha must be a positive finite number; got '0.01'"),
        (None, TypeError, "alpha must be a positive finite number; got None"),
    ],
)
@pytest.mark.parametrize("name", ALPHAS)
def test_bad_alpha_everywhere(name, alpha, error, pattern):
    with pytest.raises(error, match=pattern):
        ALPHAS[name](alpha)


# Every function that takes a momentum beta, and the nesterov switch.
BETAS = {
    "momentum_descent": lambda b, n=False: gd.momentum_descent(THETA, X, Y, 0.01, b, 3, nesterov=n),
    "momentum_limit": lambda b, n=False: gd.momentum_limit(X, b, n),
    "momentum_roots": lambda b, n=False: gd.momentum_roots([1.0, 4.0], 0.1, b, n),
}


@pytest.mark.parametrize(
    ("beta", "error", "pattern"),
    [
        (-0.1, ValueError, r"beta must be a number in \[0, 1\); got -0.1"),
        (1, ValueError, r"beta must be a number in \[0, 1\); got 1.0"),
        (np.inf, ValueError, r"beta must be a number in \[0, 1\); got inf"),
        ("0.5", TypeError, r"beta must be a number in \[0, 1\); got '0.5' of type str"),
        (False, TypeError, r"beta must be a number in \[0, 1\); got False of type bool"),
    ],
)
@pytest.mark.parametrize("name", BETAS)
def test_bad_beta_everywhere(name, beta, error, pattern):
    with pytest.raises(error, match=pattern):
        BETAS[name](beta)


@pytest.mark.parametrize("nesterov", [1, "yes", None], ids=repr)
@pytest.mark.parametrize("name", BETAS)
def test_nesterov_must_be_true_or_false(name, nesterov):
    with pytest.raises(TypeError, match=f"nesterov must be True or False; got {nesterov!r}"):
        BETAS[name](0.5, nesterov)


def test_nesterov_may_be_a_numpy_boolean():
    # X's curvatures: H = [[1, 2], [2, 14/3]]; Nesterov's limit 2(1 + β)/((1 + 2β)λ_max) < the heavy ball's
    assert gd.momentum_limit(X, 0.5, np.bool_(True)) == gd.momentum_limit(X, 0.5, True)
    assert gd.momentum_limit(X, 0.5, np.bool_(True)) < gd.momentum_limit(X, 0.5, np.bool_(False))


@pytest.mark.parametrize(
    ("curvatures", "error", "pattern"),
    [
        ("steep", TypeError, "curvatures must be an array of numbers; got a str"),
        ([1.0, np.nan], ValueError, "curvatures must contain only finite numbers"),
        ([[1.0, 4.0]], ValueError, "curvatures must be a 1-d array; got 2-d"),
        ([], ValueError, "curvatures must not be empty"),
        ([None], TypeError, "curvatures must hold real numbers"),
    ],
)
def test_momentum_roots_names_bad_curvatures(curvatures, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.momentum_roots(curvatures, 0.1, 0.5)


# Every function that takes how much an error must shrink, ``factor``.
FACTORS = {
    "iterations_for_rate": lambda f: gd.iterations_for_rate(0.5, f),
    "iterations_from_parts": lambda f: gd.iterations_from_parts([1.0], [0.5], f),
    "Bowl.iterations_to_shrink": lambda f: gd.bowl(X).iterations_to_shrink(0.1, f),
    "Bowl.iterations_needed": lambda f: gd.bowl(X).iterations_needed(0.1, [1.0, 1.0], f),
    "iterations_for_condition": lambda f: gd.iterations_for_condition(10, f),
}


@pytest.mark.parametrize(
    ("factor", "error", "pattern"),
    [
        (1.0, ValueError, r"factor must be below 1 \(the error shrinks by it\); got 1.0"),
        (2, ValueError, r"factor must be below 1 \(the error shrinks by it\); got 2.0"),
        (0.0, ValueError, "factor must be a positive finite number; got 0.0"),
        (np.nan, ValueError, "factor must be a positive finite number; got nan"),
        (None, TypeError, "factor must be a positive finite number; got None of type NoneType"),
        ("1e-6", TypeError, "factor must be a positive finite number; got '1e-6' of type str"),
    ],
)
@pytest.mark.parametrize("name", FACTORS)
def test_bad_factor_everywhere(name, factor, error, pattern):
    with pytest.raises(error, match=pattern):
        FACTORS[name](factor)


@pytest.mark.parametrize(
    ("rate", "error", "pattern"),
    [
        (-0.5, ValueError, r"rate must be zero or more \(the size of a factor, \|q\|\), not NaN; got -0.5"),
        ([0.5, np.nan], ValueError, "rate must be zero or more .*not NaN; got"),
        ("fast", TypeError, "rate must be a number or an array of numbers; got a str"),
        ([0.5, None], TypeError, "rate must hold real numbers"),
        ([True], TypeError, "rate must hold real numbers"),
        ([[0.5], [0.5, 0.5]], ValueError, "rate must be a number or a rectangular array of numbers"),
    ],
)
def test_iterations_for_rate_names_a_bad_rate(rate, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.iterations_for_rate(rate, 1e-6)


def test_an_infinite_rate_never_gets_there():
    # a rate of inf is "1 or more": inf updates, as the docstring says, not an error
    assert gd.iterations_for_rate(np.inf, 1e-6) == np.inf


def test_the_start_error_of_bowl_iterations_needed_has_one_entry_per_parameter():
    with pytest.raises(ValueError, match=r"error must have one entry per parameter \(2\); got 3 entries"):
        gd.bowl(X).iterations_needed(0.1, [1.0, 0.0, 0.0], 1e-3)


@pytest.mark.parametrize(
    ("x", "error", "pattern"),
    [
        ([], ValueError, "x must not be empty"),
        ([[1.0], [2.0]], ValueError, "x must be a 1-d array; got 2-d"),
        ([1.0, np.inf], ValueError, "x must contain only finite numbers"),
        (["1", "2"], TypeError, "x must hold real numbers"),
        ("carats", TypeError, "x must be an array of numbers; got a str"),
    ],
)
def test_polynomial_design_names_a_bad_x(x, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.polynomial_design(x, 2)


@pytest.mark.parametrize(
    ("kappa", "error", "pattern"),
    [
        (
            0.5,
            ValueError,
            r"condition_number must be a finite number, 1 or more \(largest over smallest\); got 0.5",
        ),
        (0, ValueError, "condition_number must be a finite number, 1 or more; got 0.0"),
        (np.inf, ValueError, "condition_number must be a finite number, 1 or more; got inf"),
        (np.nan, ValueError, "condition_number must be a finite number, 1 or more; got nan"),
        ("10", TypeError, "condition_number must be a finite number, 1 or more; got '10' of type str"),
        (True, TypeError, "condition_number must be a finite number, 1 or more; got True of type bool"),
    ],
)
def test_iterations_for_condition_names_a_bad_condition_number(kappa, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.iterations_for_condition(kappa, 1e-6)


@pytest.mark.parametrize("floor", [gd.noise_floor_independent, gd.noise_floor_shuffled])
def test_the_noise_floors_need_alpha_below_two(floor):
    # with H = I each step multiplies the error by 1 - alpha: from alpha = 2 on it never settles
    with pytest.raises(ValueError, match=r"alpha must be below 2, the stability limit of H = I; got 2\.0"):
        floor(ROUND_X, ROUND_Y, 2.0, 1)


@pytest.mark.parametrize("floor", [gd.noise_floor_independent, gd.noise_floor_shuffled])
def test_the_noise_floors_need_a_round_bowl(floor):
    # X of this module has H = [[1, 2], [2, 14/3]]: the formulas, derived for H = I, do not apply
    with pytest.raises(ValueError, match=r"X must have the Hessian XᵀX/m = I \(standardised features"):
        floor(X, Y, 0.5, 1)


@pytest.mark.parametrize(
    ("tan_psi", "error", "pattern"),
    [
        (-0.1, ValueError, "tan_psi must be a finite number, zero or more; got -0.1"),
        (np.inf, ValueError, "tan_psi must be a finite number, zero or more; got inf"),
        ("1", TypeError, "tan_psi must be a finite number, zero or more; got '1' of type str"),
    ],
)
def test_problem_with_residual_names_a_bad_tan_psi(tan_psi, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.problem_with_residual(10.0, tan_psi)


def test_problem_with_residual_names_a_bad_condition_number():
    with pytest.raises(ValueError, match="condition_number must be a finite number, 1 or more"):
        gd.problem_with_residual(0.5, 0.1)


def test_normal_equations_say_in_words_when_xtx_is_singular():
    with pytest.raises(ValueError, match=r"X\^T X is not positive definite.*least_squares"):
        gd.normal_equations([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [1.0, 2.0, 3.0])
