"""The record every descent shares (gdcore.descent) and the two argument orders of the descents.

Hand facts used: on y = 3x at x = 1, 2, 3 (one column, no bias) J(t) = (7/3)(t − 3)², so J(0) = 21
and the blow-up bound is 1e10 · 21; one update at alpha = 0.01 from 0 gives 0.14 (notebook 04).
"""

import re
import warnings

import numpy as np
import pytest

import gdcore as gd
from gdcore.descent import DIVERGENCE_FACTOR, History

TOY_X = [[1.0], [2.0], [3.0]]
TOY_Y = [3.0, 6.0, 9.0]

# each descent with its other arguments, positional and as keywords
DESCENTS = {
    "gradient_descent": (gd.gradient_descent, (0.01, 4), {"alpha": 0.01, "num_iters": 4}),
    "minibatch_descent": (gd.minibatch_descent, (0.01, 4, 3), {"alpha": 0.01, "epochs": 4, "batch_size": 3}),
    "momentum_descent": (gd.momentum_descent, (0.01, 0.5, 4), {"alpha": 0.01, "beta": 0.5, "num_iters": 4}),
}


def test_the_bound_is_the_factor_times_the_start_or_one():
    assert History(np.zeros(1), 21.0, 3).bound == DIVERGENCE_FACTOR * 21
    assert History(np.zeros(1), 0.25, 3).bound == DIVERGENCE_FACTOR  # a start below 1 counts as 1


def test_record_keeps_the_row_and_says_when_the_cost_blew_up():
    history = History(np.zeros(2), 21.0, 4)
    assert history.record(1, np.array([1.0, 2.0]), 21e10) is False  # at the bound: not yet
    assert history.record(2, np.array([3.0, 4.0]), 21e10 * 1.0001) is True
    assert history.record(3, np.array([5.0, 6.0]), float("nan")) is True
    assert history.record(4, np.array([5.0, 6.0]), float("inf")) is True
    np.testing.assert_array_equal(history.thetas[:3], [[0, 0], [1, 2], [3, 4]])
    assert history.costs[1] == 21e10


def test_a_block_of_rows_is_cut_at_its_first_bad_cost():
    history = History(np.zeros(1), 2.0, 6)
    assert history.first_blow_up(1, np.array([1.0, 3.0, 2.0])) is None
    assert history.first_blow_up(4, np.array([5.0, np.nan, 3e10])) == 5  # NaN at row 5 comes first
    np.testing.assert_array_equal(history.costs[1:4], [1.0, 3.0, 2.0])
    assert history.first_blow_up(4, np.array([5.0, 6.0, 2e10 + 1e6])) == 6  # above 1e10 · 2


def test_the_result_is_cut_to_copies_and_warns_only_with_a_message():
    history = History(np.array([0.0]), 21.0, 5)
    history.record(1, np.array([0.14]), 19.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = history.result(1, "blow-up")
    assert result.iterations == 1 and not result.diverged and result.stopped_by == "blow-up"
    assert result.theta_history.shape == (2, 1) and result.theta_history.base is None
    np.testing.assert_array_equal(result.cost_history, [21.0, 19.0])
    with pytest.warns(gd.DivergenceWarning, match="^it went wrong$"):
        told = history.result(1, "blow-up", "it went wrong")
    assert told.diverged and told.message == "it went wrong"


def old_order(name):
    """pytest.warns for a call in gdcore 0.2's order: it says what to write instead, and when it goes."""
    return pytest.warns(
        DeprecationWarning,
        match=re.escape(
            f"{name}(X, y, theta, ...) is deprecated since gdcore 0.3, removed in 0.4: "
            f"write {name}(theta, X, y, ...) instead."
        ),
    )


@pytest.mark.parametrize("name", DESCENTS)
def test_the_new_order_and_the_old_give_the_same_run(name):
    descent, knobs, keywords = DESCENTS[name]
    seed = {"seed": 1} if name == "minibatch_descent" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new order, positional or by keyword, does not warn
        new = descent([0.0], TOY_X, TOY_Y, *knobs, **seed)
        assert descent([0.0], TOY_X, y=TOY_Y, **keywords, **seed) == new
        assert descent(theta=[0.0], X=TOY_X, y=TOY_Y, **keywords, **seed) == new  # notebook 05's call
    assert new.theta_history[1, 0] == pytest.approx(0.14)  # 0 + 0.01 · 14 (notebook 04)
    with old_order(name) as caught:
        assert descent(TOY_X, TOY_Y, [0.0], *knobs, **seed) == new  # gdcore 0.2's order
    assert len(caught) == 1 and caught[0].filename == __file__  # once, at the line that called descent
    with old_order(name):
        assert descent(TOY_X, TOY_Y, theta=[0.0], **keywords, **seed) == new  # notebook 05's call in 0.2
    with old_order(name):
        assert descent(TOY_X, y=TOY_Y, theta=[0.0], **keywords, **seed) == new


def test_keywords_after_the_three_arrays_work_in_both_orders():
    new = gd.gradient_descent([0.0], TOY_X, TOY_Y, alpha=0.01, num_iters=3)
    with old_order("gradient_descent"):
        assert gd.gradient_descent(TOY_X, TOY_Y, [0.0], alpha=0.01, num_iters=3) == new
    with old_order("gradient_descent"):
        assert gd.gradient_descent(TOY_X, TOY_Y, alpha=0.01, num_iters=3, theta=[0.0]) == new
    # in either order a number after the three arrays is alpha, as it always was
    with old_order("gradient_descent"):
        assert gd.gradient_descent(TOY_X, TOY_Y, [0.0], 0.01, num_iters=3) == new


def test_an_argument_given_twice_in_the_old_order_is_named():
    with pytest.raises(TypeError, match="gradient_descent\\(\\) got multiple values for argument 'theta'"):
        gd.gradient_descent(TOY_X, TOY_Y, [0.0], 0.01, 3, theta=[0.0])
    with pytest.raises(TypeError, match="missing argument\\(s\\): theta"):
        gd.gradient_descent(TOY_X, TOY_Y, alpha=0.01, num_iters=3)


@pytest.mark.parametrize("in_old_order", [False, True])
@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("gradient_descent", (1.0, 3)),  # alpha 1 > 3/7: told at once
        ("minibatch_descent", (1.0, 300, 3)),  # one batch of all three: blows up within 300 updates
        ("momentum_descent", (1.0, 0.5, 3)),  # above 2 · 1.5 / (14/3) = 9/14
    ],
)
def test_the_warning_points_at_the_line_that_called_descent(name, arguments, in_old_order):
    descent = getattr(gd, name)
    arrays = (TOY_X, TOY_Y, [0.0]) if in_old_order else ([0.0], TOY_X, TOY_Y)
    with warnings.catch_warnings(record=True) as caught:  # both kinds, none passed on
        warnings.simplefilter("always")
        descent(*arrays, *arguments)
    divergence = [w for w in caught if issubclass(w.category, gd.DivergenceWarning)]
    assert len(divergence) == 1
    assert divergence[0].filename == __file__, divergence[0].filename
    # the old order is also told, once, at the same line
    deprecation = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecation) == (1 if in_old_order else 0)
    assert all(w.filename == __file__ for w in deprecation), [w.filename for w in deprecation]


def test_the_wrapped_descents_keep_their_names_signatures_and_docstrings():
    import inspect

    for name in DESCENTS:
        descent = getattr(gd, name)
        assert descent.__name__ == name and "Parameters" in descent.__doc__
        assert list(inspect.signature(descent).parameters)[:3] == ["theta", "X", "y"]
