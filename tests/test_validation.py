"""Bad input gets a clear ValueError or TypeError naming the argument and the problem."""

import numpy as np
import pytest

import gdcore as gd

X = [[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]]
Y = [150.0, 250.0, 250.0]
THETA = [0.0, 0.0]

# Functions taking (theta, X, y); step also takes alpha.
PROBLEM_FUNCTIONS = {
    "predict": lambda theta, X, y: gd.predict(theta, X),
    "half_mse": gd.half_mse,
    "mse": gd.mse,
    "residuals": gd.residuals,
    "sum_of_squares": gd.sum_of_squares,
    "gradient": gd.gradient,
    "step": lambda theta, X, y: gd.step(theta, X, y, 0.01),
    "gradient_descent": lambda theta, X, y: gd.gradient_descent(X, y, theta, 0.01, 3),
    "least_squares": lambda theta, X, y: gd.least_squares(X, y),
    "stability_limit": lambda theta, X, y: gd.stability_limit(X),
    "hessian": lambda theta, X, y: gd.hessian(X),
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
}
USES_Y = USES_THETA - {"predict"} | {"least_squares"}

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
        lambda a: gd.gradient_descent(X, Y, THETA, a, 3),
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
        gd.gradient_descent(X, Y, THETA, 0.01, num_iters)


def test_numpy_integer_counts_are_accepted():
    result = gd.gradient_descent(X, Y, THETA, 0.01, np.int64(2))
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
