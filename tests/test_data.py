"""The course's data sets: the right values, and the same on every run."""

import numpy as np
import pytest

import gdcore as gd


def test_small_data_sets_are_the_sources_numbers():
    np.testing.assert_array_equal(gd.jewelry_sales().x, [1, 2, 3])
    np.testing.assert_array_equal(gd.jewelry_sales().y, [150, 250, 250])
    np.testing.assert_array_equal(gd.toy_line().y, [3, 6, 9])
    np.testing.assert_array_equal(gd.five_points().x, [1, 2, 3, 4, 5])
    np.testing.assert_array_equal(gd.five_points().y, [1, 3, 3, 3, 5])


def test_rings_are_the_same_on_every_call_and_differ_between_seeds():
    a, b = gd.jewelry_rings(), gd.jewelry_rings()
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(gd.jewelry_rings(seed=1).x, a.x)


def test_rings_follow_the_stated_recipe():
    carats, price = gd.jewelry_rings(n=500, seed=3)
    assert carats.shape == price.shape == (500,)
    assert np.all((carats >= 0) & (carats < 25))
    gold = (price - 30) / carats  # whole dollars per carat, up to the rounding to cents
    whole = np.round(gold)
    assert np.all(np.abs((gold - whole) * carats) <= 0.005 + 1e-9)
    assert whole.min() == 40 and whole.max() == 59
    np.testing.assert_array_equal(price, np.round(price, 2))


def test_default_draw_keeps_the_sources_learning_rate_just_stable():
    x, _ = gd.jewelry_rings()
    limit = gd.stability_limit(gd.design_matrix(x))
    assert 0.01 < limit < 0.0105


def test_the_jewelry_system_is_inconsistent():
    x, y = gd.jewelry_sales()
    X = gd.design_matrix(x)
    assert np.linalg.matrix_rank(X) == 2
    assert np.linalg.matrix_rank(np.column_stack([X, y])) == 3  # y is not in the column space


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"n": 0}, ValueError, "n must be at least 1"),
        ({"n": 2.5}, TypeError, "n must be a whole number"),
        ({"n": True}, TypeError, "n must be a whole number"),
        ({"seed": "42"}, TypeError, "seed must be a whole number"),
    ],
)
def test_rings_reject_bad_arguments(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.jewelry_rings(**kwargs)
