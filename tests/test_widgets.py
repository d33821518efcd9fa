"""The sliders do what the notebooks say: set values, check the numbers, the artists and the image.

Expected numbers are worked out by hand in comments, or come from gdcore's tested math.
"""

import warnings

import numpy as np
import pytest

import gdcore as gd
from gdcore import widgets as W


@pytest.fixture(autouse=True)
def no_warnings_escape():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy RuntimeWarning or a DivergenceWarning would fail here
        yield


def changed_image(explorer, set_values):
    before = explorer.image.value
    set_values()
    after = explorer.image.value
    assert after[:8] == b"\x89PNG\r\n\x1a\n"
    return after != before


def test_line_fit_readout_line_and_residuals():
    ex = W.LineFitExplorer(*gd.jewelry_sales())

    def move():
        ex.intercept.value, ex.slope.value = 100, 50

    assert changed_image(ex, move)
    # predictions 150, 200, 250 → residuals 0, −50, 0 → sum of squares 2500
    assert ex.values["sum_of_squares"] == 2500
    assert "sum of squared residuals = 2,500.00" in ex.readout.value
    assert "the least possible is 1,666.67" in ex.readout.value  # 5000/3
    assert ex.image.width == str(int(6.5 * 80))  # its own pixel width: 6.5 in at 80 dpi
    np.testing.assert_allclose(ex.line.get_ydata(), [100, 300])  # at x = 0 and x = 4
    np.testing.assert_allclose(ex.gaps.get_segments()[1], [[2, 250], [2, 200]])


def test_line_fit_at_the_ends_of_the_sliders():
    ex = W.LineFitExplorer(*gd.jewelry_sales())
    ex.intercept.value, ex.slope.value = ex.intercept.max, ex.slope.max
    # 300 + 150x → 450, 600, 750 → residuals 300, 350, 500
    assert ex.values["sum_of_squares"] == 300**2 + 350**2 + 500**2
    ex.intercept.value, ex.slope.value = ex.intercept.min, ex.slope.min
    # 0 − 50x → −50, −100, −150 → residuals −200, −350, −400
    assert ex.values["sum_of_squares"] == 200**2 + 350**2 + 400**2


def test_cost_curve_reaches_14_and_282_33():
    ex = W.CostCurveExplorer(*gd.toy_line())
    assert ex.values["cost"] == 21.0

    def move():
        ex.theta1.value = 14

    assert changed_image(ex, move)
    assert "J(θ₁) = 282.33" in ex.readout.value  # (7/3)·11²
    np.testing.assert_allclose(ex.point.get_data(), [[14], [847 / 3]])
    np.testing.assert_allclose(ex.line.get_ydata(), [0, 14 * 3.5])
    ex.theta1.value = ex.theta1.min  # −2: (7/3)·25
    assert ex.values["cost"] == pytest.approx(175 / 3)


def test_step_explorer_reproduces_the_walk_through():
    ex = W.StepExplorer(*gd.toy_line())
    assert ex.alpha.value == 0.01 and ex.steps.value == 2
    assert ex.values["theta1"] == pytest.approx(0.14 + 0.14 * 2.86 / 3)  # 0.273467
    assert "J = 17.35" in ex.readout.value
    np.testing.assert_allclose(ex.path.get_xdata(), [0, 0.14, 0.14 + 0.14 * 2.86 / 3])
    assert not ex.status.get_visible()


@pytest.mark.parametrize(
    ("alpha", "regime", "words"),
    [(0.1, "smooth", "one side of the valley"), (0.4, "oscillating", "across the valley")],
)
def test_step_explorer_names_the_regime(alpha, regime, words):
    ex = W.StepExplorer(*gd.toy_line())
    ex.alpha.value = alpha
    assert ex.values["regime"] == regime and words in ex.readout.value
    factor = abs(1 - alpha * 14 / 3)
    assert f"by {factor:.3f}" in ex.readout.value
    np.testing.assert_allclose(ex.rate_point.get_data(), [[alpha], [factor]])


def test_step_explorer_at_the_largest_alpha_and_most_steps_reports_divergence_in_words():
    ex = W.StepExplorer(*gd.toy_line())

    def move():
        ex.alpha.value, ex.steps.value = ex.alpha.max, ex.steps.max

    assert changed_image(ex, move)
    assert ex.values["regime"] == "divergent"
    # α = 0.6: each step multiplies the error by |1 − 0.6·14/3| = 1.8; after 20 steps the cost has
    # grown by 1.8⁴⁰ > 1e10, so descent stops early and says so
    assert ex.values["diverged"] and ex.values["iterations"] < ex.steps.max
    assert ex.status.get_visible()
    assert "above the stability limit 0.4286" in ex.status.get_text()
    assert "Stopped after" in ex.status.get_text()
    assert f"θ₁ = {W.fmt(ex.values['theta1'])}" in ex.status.get_text()  # where it is, though off the chart
    assert "diverges" in ex.readout.value
    assert np.all(np.isfinite(ex.path.get_xydata()))


def test_step_explorer_at_the_smallest_alpha_and_zero_steps():
    ex = W.StepExplorer(*gd.toy_line())
    ex.alpha.value, ex.steps.value = ex.alpha.min, 0
    assert ex.values["theta1"] == 0 and ex.values["cost"] == 21


@pytest.fixture(scope="module")
def rings():
    return gd.jewelry_rings()


def test_descent_explorer_matches_gradient_descent(rings):
    ex = W.DescentExplorer(*rings)
    X = gd.design_matrix(rings.x)
    expected = gd.gradient_descent(X, rings.y, [0, 0], 0.01, 1000).theta
    assert [ex.values["theta0"], ex.values["theta1"]] == pytest.approx(expected)
    assert ex.values["price"] == pytest.approx(expected[0] + 15 * expected[1])
    np.testing.assert_allclose(ex.line.get_ydata(), [expected[0], expected[0] + 25 * expected[1]])
    assert len(ex.history.get_xdata()) == 1001
    run = gd.gradient_descent(X, rings.y, [0, 0], 0.01, 1000)
    best_cost = gd.half_mse(gd.least_squares(X, rings.y), X, rings.y)
    np.testing.assert_allclose(ex.history.get_ydata(), run.cost_history - best_cost, rtol=1e-6)
    assert not ex.status.get_visible()


def test_descent_explorer_with_most_iterations_reaches_least_squares(rings):
    ex = W.DescentExplorer(*rings)
    ex.iterations.value = ex.iterations.max
    best = gd.least_squares(gd.design_matrix(rings.x), rings.y)
    # the slow direction shrinks by 1 − 0.01·λ_min ≈ 0.997 per step: after 5000 steps by ≈ e^-13
    np.testing.assert_allclose([ex.values["theta0"], ex.values["theta1"]], best, rtol=1e-3)


def test_descent_explorer_with_zero_iterations_is_the_start(rings):
    ex = W.DescentExplorer(*rings)
    ex.iterations.value = 0
    assert ex.values["theta0"] == 0 and ex.values["theta1"] == 0
    assert ex.values["cost"] == pytest.approx(np.mean(rings.y**2) / 2)


def test_descent_explorer_at_the_largest_alpha_reports_divergence(rings):
    ex = W.DescentExplorer(*rings)
    assert ex.alpha.max > gd.stability_limit(gd.design_matrix(rings.x))

    def move():
        ex.alpha.value, ex.iterations.value = ex.alpha.max, ex.iterations.max

    assert changed_image(ex, move)
    assert ex.values["diverged"]
    assert ex.status.get_visible() and "above the" in ex.status.get_text()
    assert "Diverged at iteration" in ex.readout.value
    assert np.all(np.isfinite(ex.history.get_ydata()))


def test_an_unexpected_error_is_shown_in_the_readout_not_raised():
    ex = W.CostCurveExplorer(*gd.toy_line())

    def broken():
        raise ZeroDivisionError("on purpose")

    ex.redraw = broken
    ex.theta1.value = 1.0
    assert "Could not redraw" in ex.readout.value and "on purpose" in ex.readout.value


@pytest.mark.parametrize(
    ("value", "text"),
    [(1666.6667, "1,666.67"), (0.273467, "0.2735"), (6.6e8, "6.600e+08"), (float("inf"), "overflow")],
)
def test_fmt(value, text):
    assert W.fmt(value).startswith(text)


def test_key_states_never_touch_the_explorer_on_screen(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda: None)
    ex = W.StepExplorer(*gd.toy_line())
    W.key_states(ex, [{"alpha": 0.4, "steps": 10}, {"alpha": 0.45}])
    assert (ex.alpha.value, ex.steps.value) == (0.01, 2)  # still at its starting values
    title = plt.gcf().axes[0].get_title(loc="left")
    assert title.startswith("α learning rate = 0.4, steps = 10") and "oscillating" in title
    twin = ex.copy()
    assert twin is not ex and twin.alpha is not ex.alpha and twin.values == ex.values
    plt.close("all")
