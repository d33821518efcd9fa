"""Notebook 06's scene: descent on the bowl of the three sales, in three linked panels.

Expected numbers are worked out by hand in comments (the three sales x = 1, 2, 3, y = 150, 250, 250
give H = [[1, 2], [2, 14/3]], eigenvalues (17 ∓ √265)/6, θ* = (350/3, 50)) or computed
independently with gdcore's tested math (gd.gradient_descent, gd.bowl).
"""

import io
import math
import warnings

import numpy as np
import pytest
from PIL import Image

import gdcore as gd
from gdcore import scenes as S
from gdcore import widgets as W

SALES = gd.jewelry_sales()
X = gd.design_matrix(SALES.x)
LAMBDA_FLAT, LAMBDA_STEEP = (17 - math.sqrt(265)) / 6, (17 + math.sqrt(265)) / 6  # trace 17/3, det 2/3
LIMIT = 2 / LAMBDA_STEEP  # 12 / (17 + √265) = 0.36059
BEST = np.array([350 / 3, 50.0])


pytestmark = pytest.mark.usefixtures("no_warnings_escape")  # see conftest.py


@pytest.fixture(scope="module")
def scene():
    return S.BowlScene(*SALES)


def drawn_path(scene):
    xs, ys = scene.path.get_data()
    return np.column_stack([xs, ys])


def test_the_bowl_of_the_three_sales_is_the_one_worked_by_hand(scene):
    np.testing.assert_allclose(scene.shape.curvatures, [LAMBDA_FLAT, LAMBDA_STEEP])
    assert scene.limit == pytest.approx(LIMIT) and round(LIMIT, 4) == 0.3606
    np.testing.assert_allclose(scene.best, BEST)
    assert scene.best_cost == pytest.approx(5000 / 18)  # residuals 50/3, −100/3, 50/3: S = 5000/3, J = S/6
    # the eigen-directions are labelled on the figure with their curvatures
    texts = {t.get_text() for t in scene.figure.axes[0].texts}
    assert {"flat, λ = 0.12", "steep, λ = 5.55", "θ*"} <= texts


def test_the_path_is_gradient_descent_step_for_step(scene):
    scene.show(alpha=0.3, steps=40, theta0=0, theta1=0)
    expected = gd.gradient_descent([0.0, 0.0], X, SALES.y, 0.3, 40)
    np.testing.assert_array_equal(drawn_path(scene), expected.theta_history)
    steps, gaps = scene.history.get_data()
    np.testing.assert_array_equal(steps, np.arange(41))
    np.testing.assert_allclose(gaps, expected.cost_history - scene.best_cost)
    # the line over the data is the last step's line, drawn from x = 0 to 3.3
    theta = expected.theta
    np.testing.assert_allclose(scene.line.get_ydata(), theta[0] + theta[1] * np.array([0.0, 3.3]))
    assert scene.values["theta0"] == theta[0] and scene.values["theta1"] == theta[1]


def test_the_first_step_is_the_one_worked_by_hand(scene):
    # at (0, 0): gradient (−650/3, −1400/3), so α = 0.1 steps to (65/3, 140/3) = (21.67, 46.67)
    scene.show(alpha=0.1, steps=1, theta0=0, theta1=0)
    np.testing.assert_allclose(drawn_path(scene), [[0, 0], [65 / 3, 140 / 3]])
    assert "θ = (21.67, 46.67)" in scene.readout


@pytest.mark.parametrize(("name", "alpha"), [("steep", 0.34), ("flat", 0.34), ("steep", 0.1)])
def test_a_start_on_an_eigen_direction_stays_on_its_line(scene, name, alpha):
    flat, steep = scene.shape.directions.T
    along, across = (steep, flat) if name == "steep" else (flat, steep)
    lam = LAMBDA_STEEP if name == "steep" else LAMBDA_FLAT
    start = BEST - 100 * along  # (76.4, −41.5) on the steep line, (208.2, 9.7) on the flat one
    scene.show(alpha=alpha, steps=25, theta0=start[0], theta1=start[1])
    errors = drawn_path(scene) - BEST
    assert np.abs(errors @ across).max() < 1e-9  # never leaves the line through θ*
    # and along it the error is multiplied by q = 1 − αλ at every step
    np.testing.assert_allclose(errors @ along, -100 * (1 - alpha * lam) ** np.arange(26), atol=1e-9)


def test_zig_zag_and_slide_are_said_in_words(scene):
    scene.show(alpha=0.34, steps=30, theta0=0, theta1=0)  # q_steep = 1 − 0.34·5.546 = −0.886
    assert scene.values["regime"] == "oscillating"
    assert scene.values["q_steep"] == pytest.approx(1 - 0.34 * LAMBDA_STEEP)
    assert "zig-zags" in scene.readout and "by -0.886" in scene.readout
    assert not scene.status.get_visible()
    # the steep part of the error changes sign at every step, the flat part never does
    flat, steep = scene.shape.directions.T
    errors = drawn_path(scene) - BEST
    assert np.all(np.diff(np.sign(errors @ steep)) != 0)
    assert np.all(np.sign(errors @ flat) == np.sign(errors[0] @ flat))
    scene.show(alpha=0.1)  # below the limit's half: no zig-zag
    assert scene.values["regime"] == "smooth" and "no zig-zag" in scene.readout


def test_past_the_limit_the_figure_says_diverging_and_stays_finite(scene):
    scene.show(alpha=0.37, steps=30, theta0=0, theta1=0)  # q_steep = 1 − 0.37·5.546 = −1.052
    status = scene.status.get_text()
    assert scene.status.get_visible()
    assert status.startswith("Diverging: α = 0.370 is above")
    assert "2/λ_max = 0.3606" in status and "-1.052 along the steep direction" in status
    assert scene.values["diverged"] and scene.values["regime"] == "divergent"
    # the path is drawn until it leaves the view: every point but the last is inside
    low0, high0, low1, high1 = scene.view
    path = drawn_path(scene)
    inside = (low0 <= path[:, 0]) & (path[:, 0] <= high0) & (low1 <= path[:, 1]) & (path[:, 1] <= high1)
    assert inside[:-1].all() and not inside[-1]
    assert f"left the chart at step {len(path) - 1}" in status
    for artist in (scene.path, scene.line, scene.history):
        assert np.isfinite(np.asarray(artist.get_data(), float)).all()
    picture = Image.open(io.BytesIO(scene.png()))
    assert picture.size == (2 * scene.size[0], 2 * scene.size[1])


def test_when_the_cost_blows_up_the_figure_says_where_descent_stopped(scene):
    scene.show(alpha=0.4, steps=100, theta0=300, theta1=200)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gd.DivergenceWarning)
        run = gd.gradient_descent([300.0, 200.0], X, SALES.y, 0.4, 100)
    assert run.iterations < 100
    assert f"stopped after\n{run.iterations} of 100 steps" in scene.status.get_text()
    assert scene.values["iterations"] == run.iterations
    assert np.isfinite(np.asarray(scene.history.get_data(), float)).all()


@pytest.mark.parametrize("name", ["alpha", "steps", "theta0", "theta1"])
@pytest.mark.parametrize("end", ["low", "high"])
def test_every_control_at_both_ends_renders_a_working_figure(name, end):
    scene = S.BowlScene(*SALES)
    value = getattr(scene.controls[name], end)
    frame = scene.render(**{name: value})
    picture = Image.open(io.BytesIO(frame))
    assert picture.size == (2 * scene.size[0], 2 * scene.size[1])
    for artist in (scene.path, scene.start_point, scene.line, scene.history):
        assert np.isfinite(np.asarray(artist.get_data(), float)).all()
    state = scene.state
    # the figure's words match the regime: only α at its top end (0.4 > 0.3606) diverges
    assert scene.status.get_visible() == (state["alpha"] >= LIMIT)
    if state["alpha"] < LIMIT:  # a converging path is drawn whole: the start and every step
        assert len(scene.path.get_xdata()) == state["steps"] + 1
    assert (
        scene.start_point.get_xdata()[0] == state["theta0"]
        and scene.start_point.get_ydata()[0] == state["theta1"]
    )


def test_the_view_follows_the_data_and_the_sliders():
    # prices in cents: θ* = (11666.67, 5000); ranges for the start in cents too
    scene = S.BowlScene(SALES.x, 100 * SALES.y, theta0=(-5000, 30000, 500), theta1=(-10000, 20000, 500))
    low0, high0, low1, high1 = scene.view
    assert low0 <= -5000 and high0 >= 30000 and low1 <= -10000 and high1 >= 20000
    assert scene.figure.axes[0].get_xlim() == pytest.approx((low0, high0))
    # a converging path from the first start, however close to the limit, stays in view
    scene.show(alpha=0.355, steps=100)
    path = drawn_path(scene)
    assert ((low0 <= path[:, 0]) & (path[:, 0] <= high0) & (low1 <= path[:, 1]) & (path[:, 1] <= high1)).all()
    # the line panel holds the data; the cost panel holds the largest start's gap
    line_ax, cost_ax = scene.figure.axes[1], scene.figure.axes[2]
    assert line_ax.get_ylim()[0] <= 0 and line_ax.get_ylim()[1] >= 25000
    corner_gap = gd.half_mse([-5000, -10000], X, 100 * SALES.y) - scene.best_cost
    assert cost_ax.get_ylim()[1] >= corner_gap


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"alpha": (0.4, 0.005, 0.005)}, r"alpha must be a range \(low, high, step\) with low < high"),
        ({"steps": (0, 100, 0)}, "steps: step must be positive; got 0"),
        ({"theta0": (0, np.inf, 5)}, "theta0: high must be finite"),
        ({"theta1": (0, 10)}, r"theta1 must be a range \(low, high, step\)"),
        ({"start": (0.1, 30, 0.0)}, r"start must be four values \(alpha, steps, theta0, theta1\)"),
        (
            {"start": (0.1, 30, 0.0, 500.0)},
            "the start of theta1 must lie inside its range -100..200; got 500",
        ),
        ({"start": (0.1, 300, 0.0, 0.0)}, "the start of steps must lie inside its range 0..100; got 300"),
    ],
)
def test_bad_ranges_are_refused_by_name(options, pattern):
    with pytest.raises(ValueError, match=pattern):
        W.Explorer(S.BowlScene(*SALES, **options))


def test_the_scene_needs_one_feature():
    with pytest.raises(ValueError, match="x must hold one feature"):
        S.BowlScene(np.ones((3, 2)), SALES.y)


def test_the_explorer_moves_the_picture_and_tells_readers_without_a_kernel():
    explorer = W.Explorer(S.BowlScene(*SALES))
    before = explorer.image.value
    explorer.theta1.value = 100
    assert explorer.image.value != before
    assert explorer.values["start"] == (0.0, 100.0)
    text = repr(explorer.ui)
    assert text == "[Interactive explorer, sliders α, steps, θ₀, θ₁: run the notebook to use it.]"
