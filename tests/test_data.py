"""The course's data sets: the right values, and the same on every run."""

import numpy as np
import pytest

import gdcore as gd
from gdcore.data import draw_rings, stored_rings


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


def test_the_default_rings_are_the_frozen_values_every_output_was_computed_from():
    x, y = gd.jewelry_rings()
    assert x.shape == y.shape == (100,) and x.dtype == y.dtype == np.float64
    # the first ring is the one notebook 05 prints first (19.35 carats, $939.40); the last row of the file
    assert (x[0], y[0]) == (19.348901213899083, 939.4)
    assert (x[-1], y[-1]) == (24.047441613737863, 991.9)


def test_the_documented_recipe_still_reproduces_the_stored_rings_bit_for_bit():
    # NumPy promises the same stream only on the same build: if this fails after a NumPy upgrade, the
    # course still shows the stored values; the recipe in the docstring no longer regenerates them.
    drawn, stored = draw_rings(100, gd.RING_SEED), stored_rings()
    np.testing.assert_array_equal(drawn.x, stored.x)
    np.testing.assert_array_equal(drawn.y, stored.y)


def test_each_stored_ring_is_30_dollars_plus_a_whole_dollar_gold_price_per_carat():
    x, y = stored_rings()
    gold = (y - 30) / x
    whole = np.round(gold)
    assert np.all(np.abs((gold - whole) * x) <= 0.005 + 1e-9)  # rounding to cents, nothing more
    assert np.all((whole >= 40) & (whole <= 59)) and np.all((x >= 0) & (x < 25))


def test_changing_the_returned_rings_does_not_change_the_next_call():
    first = gd.jewelry_rings()
    first.x[:] = 0.0
    assert gd.jewelry_rings().x[0] == 19.348901213899083


def test_other_draws_are_generated_by_the_recipe():
    np.testing.assert_array_equal(gd.jewelry_rings(n=7, seed=5).y, draw_rings(7, 5).y)
    assert gd.jewelry_rings(n=99).x[0] == draw_rings(99, gd.RING_SEED).x[0]


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
        ({"seed": 4.2}, TypeError, "seed must be a whole number"),
        ({"seed": -1}, ValueError, "seed must be zero or more; got -1"),
    ],
)
def test_rings_reject_bad_arguments(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        gd.jewelry_rings(**kwargs)
