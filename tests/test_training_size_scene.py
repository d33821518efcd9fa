"""Notebook 11's explorer: the training-set size and the draw; train and test cost, coefficients.

Expected values come from independent computations or hand derivations:

* every fit is the least-squares fit of its m examples (numpy's lstsq on the raw features, another
  route: standardising changes the coefficients' units, not the predictions);
* at m = n (as many examples as parameters) the fit passes through every training example: J = 0;
* on the whole pool every draw gives the same fit, and its test R² is LinearRegression's score.
"""

import numpy as np
import pytest
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression

from gdcore import scenes as S

DIABETES = load_diabetes(scaled=False)
ORDER = np.random.default_rng(11).permutation(442)
TEST, POOL = ORDER[:100], ORDER[100:]
X_POOL, Y_POOL = DIABETES.data[POOL], DIABETES.target[POOL]
X_TEST, Y_TEST = DIABETES.data[TEST], DIABETES.target[TEST]


@pytest.fixture(scope="module")
def scene():
    return S.TrainingSizeScene(X_POOL, Y_POOL, X_TEST, Y_TEST, names=DIABETES.feature_names, draws=4)


@pytest.mark.parametrize(("size", "draw"), [(11, 1), (25, 2), (120, 3), (342, 4)])
def test_each_fit_is_least_squares_on_its_examples(scene, size, draw):
    scene.show(size=size, draw=draw)
    rows = scene.orders[draw - 1, :size]
    design = np.column_stack([np.ones(size), X_POOL[rows]])
    theta_raw = np.linalg.lstsq(design, Y_POOL[rows], rcond=None)[0]
    test_design = np.column_stack([np.ones(100), X_TEST])
    expected = 0.5 * np.mean((test_design @ theta_raw - Y_TEST) ** 2)
    assert scene.values["test_cost"] == pytest.approx(expected, rel=1e-6)
    # per pool SD: the raw coefficient times the feature's standard deviation in the pool
    np.testing.assert_allclose(scene.values["theta"][1:], theta_raw[1:] * X_POOL.std(axis=0), rtol=1e-6)


def test_as_many_examples_as_parameters_fit_exactly(scene):
    scene.show(size=11, draw=1)
    assert scene.values["exact_fit"]
    assert scene.values["train_cost"] < 1e-12
    assert scene.values["r2_train"] == pytest.approx(1.0)
    assert "0 (exact fit)" in scene.readout
    assert scene.status.get_visible()


def test_the_whole_pool_is_linear_regression_for_every_draw(scene):
    sk = LinearRegression().fit(X_POOL, Y_POOL)
    for draw in (1, 4):
        scene.show(size=342, draw=draw)
        assert scene.values["r2_test"] == pytest.approx(sk.score(X_TEST, Y_TEST), abs=1e-9)
        np.testing.assert_allclose(scene.values["theta"][1:], sk.coef_ * X_POOL.std(axis=0), rtol=1e-8)
    assert "test 0.365" in scene.readout  # notebook 11's test R²


def test_small_fits_put_bars_off_the_chart_and_say_so(scene):
    scene.show(size=30, draw=1)
    off = np.abs(scene.values["theta"][1:]) > scene.coefficient_bound
    assert scene.values["clipped"] == off.sum()
    shown = len(scene.clipped_up.get_xdata()) + len(scene.clipped_down.get_xdata())
    assert shown == off.sum()
    if off.any():
        assert "off the chart" in scene.readout


@pytest.mark.parametrize("setting", [{"size": 11, "draw": 1}, {"size": 342, "draw": 4}])
def test_every_slider_end_renders(scene, setting):
    png = scene.render(**setting)
    assert png.startswith(b"\x89PNG")
    assert scene.size == (960, 400)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"size": (10, 342, 1)}, "size must start at 11"),
        ({"size": (11, 400, 1)}, "size must end at most at the pool.s 40"),
        ({"draws": 1}, "draws must be a whole number, 2 or more"),
        ({"start": (30,)}, "start must be two values"),
        ({"names": ["a", "b"]}, "names must have one entry per feature"),
        ({"coefficient_bound": 0.0}, "coefficient_bound must be a positive number; got 0.0"),
        ({"start": (400, 1)}, "the start of size must lie inside its range"),
    ],
)
def test_bad_settings_raise_naming_the_argument(options, message):
    with pytest.raises(ValueError, match=message):
        S.TrainingSizeScene(X_POOL[:40], Y_POOL[:40], X_TEST, Y_TEST, **({"size": (11, 40, 1)} | options))


def test_the_coefficient_bound_is_the_axis_and_the_clipping_edge():
    scene = S.TrainingSizeScene(
        X_POOL[:40], Y_POOL[:40], X_TEST, Y_TEST, size=(11, 40, 1), coefficient_bound=5.0
    )
    assert scene.figure.axes[1].get_ylim() == (-5.0, 5.0)
    scene.show(size=11, draw=1)
    assert np.abs(scene.values["theta"][1:]).max() > 5.0  # so that something is clipped
    heights = np.array([bar.get_height() for bar in scene.bars])
    assert np.abs(heights).max() == 5.0
    assert scene.values["clipped"] == np.sum(np.abs(scene.values["theta"][1:]) > 5.0)


def test_the_old_name_coefficient_limit_still_works_for_one_release():
    with pytest.warns(
        DeprecationWarning, match=r"coefficient_limit=\.\.\.\) is deprecated.*coefficient_bound"
    ):
        scene = S.TrainingSizeScene(
            X_POOL[:40], Y_POOL[:40], X_TEST, Y_TEST, size=(11, 40, 1), coefficient_limit=5.0
        )
    assert scene.coefficient_bound == 5.0
    with (
        pytest.warns(DeprecationWarning),
        pytest.raises(ValueError, match="coefficient_limit must be a positive number"),
    ):
        S.TrainingSizeScene(X_POOL[:40], Y_POOL[:40], X_TEST, Y_TEST, size=(11, 40, 1), coefficient_limit=0.0)
