"""MinibatchScene (notebook 09) against gd.minibatch_descent, gradient_descent and hand facts.

On the standardised rings H = I exactly, so J − J* = ½‖θ − θ*‖², and full-batch descent with α = 1
lands on θ* in one update (e₁ = (1 − α)e₀ = 0).
"""

import math

import numpy as np
import pytest

import gdcore as gd
from gdcore import scenes


@pytest.fixture(scope="module")
def rings():
    data = gd.jewelry_rings()
    return data.x, data.y


@pytest.fixture(scope="module")
def scene(rings):
    return scenes.MinibatchScene(*rings)


pytestmark = pytest.mark.usefixtures("no_warnings_escape")  # see conftest.py


def standardised(x):
    return gd.design_matrix((x - x.mean()) / x.std())


def test_the_path_is_minibatch_descents_on_the_standardised_feature(scene, rings):
    x, y = rings
    scene.show(batch=3, alpha=0.1, schedule=1)  # batches of 10, 1/(1 + t/10)
    expected = gd.minibatch_descent(
        scene.theta_start, standardised(x), y, 0.1, 10, 10, schedule=lambda t: 1 / (1 + t / 10), seed=0
    )
    np.testing.assert_array_equal(scene.values["path"], expected.theta_history)
    assert scene.values["updates"] == 100 and scene.values["per_epoch"] == 10
    assert scene.values["gap"] == pytest.approx(expected.cost_history[-1] - scene.best_cost, abs=1e-9)


def test_one_batch_of_everything_is_gradient_descent(scene, rings):
    x, y = rings
    scene.show(batch=len(scene.sizes) - 1, alpha=0.3, schedule=0)
    plain = gd.gradient_descent(scene.theta_start, standardised(x), y, 0.3, 10)
    np.testing.assert_array_equal(scene.values["path"], plain.theta_history)
    # H = I: each update multiplies the error by 1 − α = 0.7, so J − J* by 0.49
    start_gap = 0.5 * np.sum((scene.theta_start - scene.best) ** 2)
    assert scene.values["gap"] == pytest.approx(start_gap * 0.49**10, rel=1e-9)


def test_full_batch_with_alpha_one_lands_on_the_minimum_in_one_update(scene):
    scene.show(batch=len(scene.sizes) - 1, alpha=1.0, schedule=0)
    np.testing.assert_allclose(scene.values["path"][1], scene.best, atol=1e-9)


def test_the_average_is_the_mean_of_the_second_half(scene):
    scene.show(batch=0, alpha=0.05, schedule=0)
    path = scene.values["path"]
    np.testing.assert_allclose(scene.values["average"], path[501:].mean(axis=0), rtol=1e-12)
    gap = 0.5 * np.sum((path[501:].mean(axis=0) - scene.best) ** 2)
    assert scene.values["average_gap"] == pytest.approx(gap, rel=1e-6)
    assert scene.values["average_gap"] < scene.values["late_mean_gap"] / 10  # averaging beats the iterates


def test_the_same_values_give_the_same_frame(scene):
    first = scene.render(batch=1, alpha=0.2, schedule=2)
    scene.render(batch=4, alpha=0.7, schedule=3)
    assert scene.render(batch=1, alpha=0.2, schedule=2) == first


@pytest.mark.parametrize("batch", [0, 6])
@pytest.mark.parametrize("alpha", [0.01, 1.0])
@pytest.mark.parametrize("schedule", [0, 3])
def test_every_control_at_both_ends_renders_a_finite_frame(scene, batch, alpha, schedule):
    png = scene.render(batch=batch, alpha=alpha, schedule=schedule)
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    for line in (scene.path, scene.dots, scene.history):
        for data in line.get_data():
            assert np.isfinite(np.asarray(data, float)).all()
    assert scene.values["batch_size"] == (1, 100)[batch // 6]


def test_every_iterate_is_a_dot_and_the_first_hundred_are_joined(scene):
    scene.show(batch=0, alpha=0.05, schedule=0)  # stays in view: nothing is cut
    path = scene.values["path"]
    np.testing.assert_array_equal(np.column_stack(scene.dots.get_data()), path)
    np.testing.assert_array_equal(np.column_stack(scene.path.get_data()), path[: scene.JOINED + 1])


def test_too_large_an_alpha_for_single_examples_is_told_in_words(scene, rings):
    readout = scene.show(batch=0, alpha=1.0, schedule=0)
    assert "batches of 1 carry the path off the chart (first at update" in readout
    # one example's curvature 1 + z² reaches 4.2 on the rings: above 2/4.2 a single update overshoots
    steepest = 1 + np.max(standardised(rings[0])[:, 1] ** 2)
    assert (
        4 < steepest < 4.5
        and f"too large for the steepest example (above 2/(1 + zᵢ²) = {2 / steepest:.2f})" in readout
    )
    at_a_tenth = scene.show(
        batch=0, alpha=0.1, schedule=0
    )  # the notebook's own α: leaves the chart, not too large
    assert (
        "At α = 0.10 updates on batches of 1 carry the path off" in at_a_tenth
        and "too large" not in at_a_tenth
    )
    assert scene.caption().endswith(", off the chart")
    assert not scene.status.get_visible()  # no divergence: the cost stays finite


def test_a_path_that_stays_in_view_says_nothing_of_the_chart(scene):
    readout = scene.show(batch=0, alpha=0.05, schedule=0)
    assert scene.values["left_view_at"] is None and "off the chart" not in readout + scene.caption()


def test_divergence_is_told_and_the_path_cut(rings):
    x, y = rings
    wide = scenes.MinibatchScene(x, y, alpha=(0.01, 3.0, 0.01))
    readout = wide.show(batch=0, alpha=3.0, schedule=0)
    assert wide.values["diverged"] and "Diverging" in wide.status.get_text() and "Diverging" in readout
    assert wide.values["updates"] < 1000


def test_the_schedules_by_hand():
    assert scenes.schedule_for("constant", 10) is None
    assert scenes.schedule_for("1/(1 + t/τ)", 10)(10) == 0.5
    assert scenes.schedule_for("1/√(1 + t/τ)", 10)(30) == 0.5
    step = scenes.schedule_for("step: halve every 2 epochs", 10)
    assert [step(t) for t in (0, 19, 20, 40)] == [1.0, 1.0, 0.5, 0.25]
    with pytest.raises(ValueError, match="name must be one of"):
        scenes.schedule_for("cosine", 10)


def test_readout_names_the_batch_size_and_the_schedule(scene):
    readout = scene.show(batch=2, alpha=0.1, schedule=2)
    assert "b = 4</b>" in readout and "1/√(1 + t/τ)" in readout and "25 updates per epoch" in readout
    assert scene.caption().startswith("b = 4, 1/√(1 + t/τ)")


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"alpha": (0.5, 0.1, 0.01)}, "alpha must be a range"),
        ({"start": (0, 0.05)}, "start must be three values"),
        ({"start": (9, 0.05, 0)}, "the start of batch must lie inside its range"),
        ({"epochs": 0}, "epochs must be a whole number"),
        ({"seed": -1}, "seed must be a whole number"),
        ({"reach": 0}, "reach must be a positive number"),
        ({"theta_start": (1.0, math.nan)}, "theta_start must be two finite numbers"),
    ],
)
def test_bad_ranges_raise_naming_the_argument(rings, options, pattern):
    with pytest.raises(ValueError, match=pattern):
        scenes.MinibatchScene(*rings, **options)


def test_a_value_outside_a_slider_is_refused(scene):
    with pytest.raises(ValueError, match=r"batch must lie in 0\.\.6"):
        scene.show(batch=7)
