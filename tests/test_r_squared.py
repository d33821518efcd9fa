"""R², introduced in notebook 11: values worked by hand, and bad input named."""

import numpy as np
import pytest

import gdcore as gd


def test_r_squared_by_hand():
    # targets 1, 2, 3 (mean 2, spread 2); predictions 1, 2, 4 miss by 1 once: 1 − 1/2
    assert gd.r_squared([1.0, 2.0, 3.0], [1.0, 2.0, 4.0]) == pytest.approx(0.5)
    # the mean everywhere explains nothing; the targets themselves everything; worse than the mean is negative
    assert gd.r_squared([1.0, 2.0, 3.0], [2.0, 2.0, 2.0]) == pytest.approx(0.0)
    assert gd.r_squared([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == pytest.approx(1.0)
    assert gd.r_squared([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(1 - 8 / 2)


def test_r_squared_agrees_with_least_squares_on_its_own_data():
    # with an intercept, R² on the fitted rows is the squared correlation of x and y
    rng = np.random.default_rng(3)
    x = rng.normal(size=50)
    y = 2 * x + rng.normal(size=50)
    X = gd.design_matrix(x)
    fitted = X @ gd.least_squares(X, y)
    assert gd.r_squared(y, fitted) == pytest.approx(np.corrcoef(x, y)[0, 1] ** 2)


@pytest.mark.parametrize(
    ("y", "predictions", "message"),
    [([1.0, 1.0], [1.0, 2.0], "constant"), ([1.0, 2.0], [1.0], "one entry per target"), ("ab", [1.0], "y")],
)
def test_r_squared_names_bad_input(y, predictions, message):
    with pytest.raises((ValueError, TypeError), match=message):
        gd.r_squared(y, predictions)
