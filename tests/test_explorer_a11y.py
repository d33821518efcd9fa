"""The explorers for a screen reader: what each scene says of its frame, and what an explorer carries
to the browser (the parts' classes, the sliders' labels and ranges, the frame's alternative text).

Expected numbers are worked by hand in comments or computed here by another route (numpy's
eigenvalues and least squares, a loop of descent written out), never read from the scene. What the
browser does with them is checked in a real JupyterLab by tests/test_browser.py. This file also runs
under ipywidgets 7.7, as Colab ships it (tests/test_packaging.py).
"""

import html
import math
import re

import numpy as np
import pytest

import gdcore as gd
from gdcore import scenes as S
from gdcore import widgets as W

pytestmark = pytest.mark.usefixtures("no_warnings_escape")  # see conftest.py


def curvatures(X):
    """The eigenvalues of the Hessian XᵀX/m of half the mean squared error, smallest first."""
    return np.linalg.eigvalsh(X.T @ X / len(X))


def half_mse(theta, X, y):
    return 0.5 * np.mean((X @ theta - y) ** 2)


def with_intercept(x):
    return np.column_stack([np.ones(len(x)), x])


# --- what each scene says of its frame ------------------------------------------------------------


def test_the_settings_are_written_as_the_sliders_show_them():
    rate = S.Control("alpha", "α learning rate", 0.005, 0.6, 0.005, 0.01)
    assert rate.as_shown(0.025) == "0.025"  # ".3f", the digits on screen (aria-valuenow said "0.0")
    start = S.Control("theta1", "θ₁ start", -100, 200, 5, 0, readout_format=".0f")
    assert start.as_shown(-50) == "−50"  # ipywidgets 8 writes U+2212, as d3-format does
    assert S.Control("steps", "steps", 0, 30, 1, 2, integer=True, readout_format="d").as_shown(2.0) == "2"
    method = S.Control.choice("nesterov", "method", ["heavy ball", "Nesterov"])
    assert method.as_shown(1) == "Nesterov"


def test_line_fit_says_the_line_its_residuals_and_their_sum():
    scene = S.LineFitScene(*gd.jewelry_sales())
    scene.show(intercept=100, slope=50)
    alt = scene.alt_text()
    # prices 150, 250, 250; the line 100 + 50x gives 150, 200, 250: residuals 0, −50, 0, sum 2500
    assert alt.startswith("θ₀ intercept (dollars) = 100, θ₁ slope (dollars per carat) = 50. ")
    assert "price = 100.00 + 50.00·carats" in alt
    assert "Residuals (prediction − price): 0, -50.00, 0;" in alt  # fmt writes 0 as 0
    # least squares: 350/3 + 50x gives residuals 50/3, −100/3, 50/3, sum 5000/3
    assert "sum of squared residuals 2,500.00, the least possible 1,666.67" in alt


def test_cost_curve_says_the_slope_and_its_cost():
    scene = S.CostCurveScene(*gd.toy_line())
    scene.show(theta1=14)
    # y = 3x at x = 1, 2, 3: J(θ₁) = ½·mean((θ₁ − 3)² x²) = (7/3)(θ₁ − 3)² = (7/3)·121 = 282.33
    assert scene.alt_text() == (
        "θ₁ = 14.00. Left: the data and the line h(x) = 14.00·x, with a vertical gap from each point to "
        "the line. Right: the cost J(θ₁), a parabola, with a dot at θ₁ = 14.00, J = 282.33."
    )


@pytest.mark.parametrize(
    ("alpha", "fate"),
    [
        (0.01, "walks down one side of the valley"),
        (0.4, "jumps across the valley, closer each time"),
        (0.45, "diverges"),
    ],
)
def test_steps_say_where_descent_got_and_the_factor_of_each_step(alpha, fate):
    scene = S.StepScene(*gd.toy_line())
    scene.show(alpha=alpha, steps=2)
    alt = scene.alt_text()
    # J(θ₁) = (7/3)(θ₁ − 3)², curvature 14/3: θ₁ ← θ₁ − α·(14/3)(θ₁ − 3), twice from 0
    theta = 0.0
    for _ in range(2):
        theta -= alpha * 14 / 3 * (theta - 3)
    factor = abs(1 - alpha * 14 / 3)
    assert alt.startswith(f"α learning rate = {alpha:.3f}, steps = 2. ")
    assert f"to θ₁ = {W.fmt(theta)}, J = {W.fmt(7 / 3 * (theta - 3) ** 2)}" in alt
    assert f"at α = {alpha:.3f} it is {factor:.3f} (stability limit α = 0.4286)" in alt  # 2/(14/3) = 3/7
    assert fate in alt


@pytest.fixture(scope="module")
def rings():
    return gd.jewelry_rings()


def test_descent_says_the_fit_and_its_cost(rings):
    scene = S.DescentScene(*rings)
    scene.show(alpha=0.01, iterations=300)
    X = with_intercept(rings.x)
    theta = np.zeros(2)
    for _ in range(300):  # descent written out: θ ← θ − α Xᵀ(Xθ − y)/m
        theta = theta - 0.01 * X.T @ (X @ theta - rings.y) / len(X)
    best = np.linalg.lstsq(X, rings.y, rcond=None)[0]
    alt = scene.alt_text()
    assert alt.startswith("α learning rate = 0.0100, iterations = 300. ")
    assert f"θ₀ = {W.fmt(theta[0])}, θ₁ = {W.fmt(theta[1])} (least squares {W.fmt(best[0])}, " in alt
    assert (
        f"J = {W.fmt(half_mse(theta, X, rings.y))}, the least possible {W.fmt(half_mse(best, X, rings.y))}"
        in alt
    )
    assert "diverge" not in alt


def test_descent_past_the_limit_says_where_it_blew_up(rings):
    scene = S.DescentScene(*rings)
    scene.show(alpha=scene.controls["alpha"].high, iterations=5000)
    assert f"the cost blew up at iteration {scene.values['iterations']}" in scene.alt_text()
    assert scene.values["iterations"] < 5000


def test_the_bowl_says_the_path_the_gap_and_both_factors():
    sales = gd.jewelry_sales()
    scene = S.BowlScene(*sales)
    scene.show(alpha=0.1, steps=30, theta0=0, theta1=0)
    X = with_intercept(sales.x)
    theta = np.zeros(2)
    for _ in range(30):
        theta = theta - 0.1 * X.T @ (X @ theta - sales.y) / 3
    best = np.linalg.lstsq(X, sales.y, rcond=None)[0]  # (350/3, 50)
    flat, steep = 1 - 0.1 * curvatures(X)
    alt = scene.alt_text()
    assert alt.startswith("α learning rate = 0.100, steps = 30, θ₀ start (dollars) = 0, ")
    assert f"θ* = ({best[0]:.2f}, {best[1]:.2f})" in alt and "θ* = (116.67, 50.00)" in alt
    assert f"to θ = ({W.fmt(theta[0])}, {W.fmt(theta[1])})" in alt
    gap = half_mse(theta, X, sales.y) - half_mse(best, X, sales.y)
    assert f"now {W.fmt(gap)}" in alt
    assert f"by {flat:.3f} along the flat direction and {steep:.3f} along the steep one" in alt
    assert "no zig-zag" in alt  # both factors positive


def test_scaling_says_kappa_and_both_counts(rings):
    scene = S.ScalingScene(*rings)
    scene.show(shift=0, scale=1, alpha=0.5)
    X = with_intercept(rings.x)
    low, high = curvatures(X)
    kappa = high / low
    # α = half the limit = 1/λ_max: the error shrinks by 1 − 1/κ per step along the flat direction
    guaranteed = math.ceil(math.log(1e-6) / math.log(1 - 1 / kappa))
    best = np.linalg.lstsq(X, rings.y, rcond=None)[0]
    error, start, needed = -best, np.linalg.norm(best), 0
    step = np.eye(2) - X.T @ X / len(X) / high
    while np.linalg.norm(error) > 1e-6 * start:  # e_{k+1} = (I − αH) e_k, counted
        error, needed = step @ error, needed + 1
    alt = scene.alt_text()
    assert alt.startswith("shift (carats) = 0.00, scale (carats) = 1.00, α ÷ stability limit = 0.50. ")
    assert f"κ = {kappa:.4g}" in alt
    assert f"{guaranteed} iterations are guaranteed and {needed} needed" in alt


def test_scaling_past_the_limit_has_no_count(rings):
    scene = S.ScalingScene(*rings)
    scene.show(alpha=1.05)
    assert scene.alt_text().endswith("at α = 1.05 × the stability limit descent diverges: no count.")


def test_mini_batches_say_the_run_and_how_close_it_got(rings):
    scene = S.MinibatchScene(*rings)
    scene.show(batch=0, alpha=0.05, schedule=0)
    alt = scene.alt_text()
    # 100 rings in batches of 1: 100 updates an epoch, 10 epochs
    assert alt.startswith("batch size b = 1, α learning rate = 0.05, schedule = constant. ")
    assert "(100 updates per epoch)" in alt and "1000 updates" in alt
    z = (rings.x - rings.x.mean()) / rings.x.std()
    Z = with_intercept(z)
    least = half_mse(np.linalg.lstsq(Z, rings.y, rcond=None)[0], Z, rings.y)
    gap = half_mse(np.array(scene.values["theta"]), Z, rings.y) - least
    assert f"{W.fmt(gap)} for the last iterate" in alt


def test_momentum_says_the_rate_and_the_limit(rings):
    scene = S.MomentumScene(*rings)
    scene.show(alpha=0.0102, beta=0.0, nesterov=0)
    X = with_intercept(rings.x)
    low, high = curvatures(X)
    # β = 0: plain descent; limit 2/λ_max, rate max |1 − αλ|
    limit, rate = 2 / high, max(abs(1 - 0.0102 * low), abs(1 - 0.0102 * high))
    alt = scene.alt_text()
    assert alt.startswith("α learning rate = 0.0102, β momentum = 0.00, method = heavy ball. The heavy ball")
    assert f"α is {0.0102 / limit:.3f} of its limit {limit:.5f}" in alt
    assert f"Predicted rate {rate:.5f} per iteration" in alt


def test_momentum_past_the_limit_says_it_diverges(rings):
    scene = S.MomentumScene(*rings)
    scene.show(alpha=scene.controls["alpha"].high, beta=0.0, nesterov=1)
    assert "Nesterov's method" in scene.alt_text() and "Descent diverges" in scene.alt_text()


def test_training_size_says_the_costs_and_r2():
    datasets = pytest.importorskip("sklearn.datasets")  # Colab's 7.7 test environment has no scikit-learn
    data = datasets.load_diabetes(scaled=False)
    order = np.random.default_rng(11).permutation(442)
    pool, test = order[100:], order[:100]
    scene = S.TrainingSizeScene(
        data.data[pool],
        data.target[pool],
        data.data[test],
        data.target[test],
        names=data.feature_names,
        draws=4,
    )
    scene.show(size=25, draw=2)
    rows = pool[scene.orders[1, :25]]
    fit = np.linalg.lstsq(with_intercept(data.data[rows]), data.target[rows], rcond=None)[0]
    test_cost = half_mse(fit, with_intercept(data.data[test]), data.target[test])
    r2 = 1 - test_cost / (0.5 * np.var(data.target[test]))
    alt = scene.alt_text()
    assert alt.startswith("m training examples = 25, draw (which examples) = 2. m = 25 training examples")
    assert f"test {W.fmt(test_cost)}" in alt and f"test {r2:.3f}." in alt


# --- what an explorer carries to the browser ------------------------------------------------------


def carried_alt(explorer):
    """The frame's alternative text as the readout's HTML carries it to the browser's script."""
    return html.unescape(re.search(r'data-alt="([^"]*)"', explorer.readout.value)[1])


def test_each_part_has_the_class_the_script_finds_it_by():
    ex = W.Explorer(S.StepScene(*gd.toy_line()))
    assert all("gd-slider" in slider._dom_classes for slider in ex.sliders)
    assert "gd-readout" in ex.readout._dom_classes and "gd-frame" in ex.image._dom_classes
    assert "gd-explorer" in ex.ui._dom_classes and ex.key in ex.ui._dom_classes
    other = W.Explorer(S.StepScene(*gd.toy_line()))
    assert other.key != ex.key  # two explorers in one notebook are told apart


def test_the_script_knows_each_slider_by_its_label_and_range():
    ex = W.Explorer(S.MomentumScene(*gd.jewelry_rings()))
    config = ex.accessibility()
    assert config["key"] == ex.key
    assert [s["label"] for s in config["sliders"]] == [slider.description for slider in ex.sliders]
    alpha, _, method = config["sliders"]
    assert (alpha["min"], alpha["max"], alpha["names"]) == (f"{ex.alpha.min:g}", f"{ex.alpha.max:g}", None)
    assert method["names"] == ["heavy ball", "Nesterov"]  # a choice: its readout shows a name
    script = ex.script()
    assert "CONFIG" not in script and f'"key": "{ex.key}"' in script and '"β momentum"' in script


def test_the_frame_alt_text_follows_the_sliders():
    ex = W.Explorer(S.StepScene(*gd.toy_line()))
    assert carried_alt(ex) == ex.scene.alt_text()
    assert carried_alt(ex).startswith("α learning rate = 0.010, steps = 2. ")
    ex.alpha.value = 0.4
    # 0.4 · 14/3 = 1.87 > 1 < 2: each step overshoots, by a factor 0.867
    assert carried_alt(ex).startswith("α learning rate = 0.400, steps = 2. ")
    assert "it is 0.867" in carried_alt(ex) and "jumps across the valley" in carried_alt(ex)
    ex.steps.value = 0
    assert "path of 0 steps from θ₁ = 0 to θ₁ = 0, J = 21" in carried_alt(ex)


def test_the_readout_is_16_px_and_keeps_the_scenes_numbers():
    ex = W.Explorer(S.CostCurveScene(*gd.toy_line()))
    assert re.search(r'style="font-size: 16px;', ex.readout.value)
    assert "<b>J(θ₁) = 21.00</b>" in ex.readout.value  # (7/3)·3² at θ₁ = 0


def test_an_alt_text_with_quotes_and_brackets_stays_one_attribute():
    shown = W.readout_html("<b>J</b>", 'a "quoted" <word> & more')
    assert shown.count("data-alt=") == 1 and html.unescape(re.search(r'data-alt="([^"]*)"', shown)[1]) == (
        'a "quoted" <word> & more'
    )


def test_numerical_trouble_leaves_an_alt_text_that_says_so():
    ex = W.Explorer(S.CostCurveScene(*gd.toy_line()))

    def broken(**values):
        raise ZeroDivisionError("on purpose")

    ex.scene.draw = broken
    ex.theta1.value = 1.0
    assert "Could not redraw" in ex.readout.value
    assert carried_alt(ex) == "The figure could not be redrawn: ZeroDivisionError: on purpose"


def test_an_explorer_is_shown_with_its_script_and_keeps_its_text_fallback(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(
        IPython.display, "display", lambda *objects, **options: shown.append((objects, options))
    )
    ex = W.Explorer(S.StepScene(*gd.toy_line()))
    ex._ipython_display_()
    (box,), (bundle,) = shown[0][0], shown[1][0]
    assert box is ex.ui and shown[1][1] == {"raw": True}
    assert bundle == {"application/javascript": ex.script()}  # no text/plain: GitHub shows the stand-in alone
    assert repr(ex.ui) == "[Interactive explorer, sliders α, steps: run the notebook to use it.]"
    assert len(repr(ex.ui)) <= W.FALLBACK_LIMIT
