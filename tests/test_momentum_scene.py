"""Notebook 10's scene: momentum on the rings' narrow valley, against gdcore's tested descents and
the roots worked out by hand.

By hand: the heavy ball's characteristic polynomial along a direction of curvature λ is
z² − (1 + β − αλ)z + β; with α = 0.25, β = 0.25, λ = 1 it is (z − 1/2)². Nesterov's is
z² − (1 − αλ)(1 + β)z + (1 − αλ)β; with αλ = 1 both roots are 0.
"""

import io
import math

import numpy as np
import pytest
from PIL import Image

import gdcore as gd
from gdcore import scenes as S
from gdcore import widgets as W

RINGS = gd.jewelry_rings()
X = gd.design_matrix(RINGS.x)
LOW, TOP = gd.bowl(X).curvatures
KAPPA = TOP / LOW
TUNED_ALPHA = 4 / (math.sqrt(TOP) + math.sqrt(LOW)) ** 2
TUNED_BETA = ((math.sqrt(KAPPA) - 1) / (math.sqrt(KAPPA) + 1)) ** 2


pytestmark = pytest.mark.usefixtures("no_warnings_escape")  # see conftest.py


@pytest.fixture(scope="module")
def scene():
    return S.MomentumScene(*RINGS)


def drawn_path(scene):
    xs, ys = scene.path.get_data()
    return np.column_stack([xs, ys])


def test_the_roots_worked_by_hand():
    np.testing.assert_allclose(gd.momentum_roots([1.0], 0.25, 0.25), [[0.5, 0.5]])
    np.testing.assert_allclose(gd.momentum_roots([4.0], 0.25, 0.9, nesterov=True), [[0.0, 0.0]])
    # β = 0: z² − (1 − αλ)z, roots 1 − αλ (plain descent's q) and 0, in the order (b + √d)/2, (b − √d)/2
    np.testing.assert_allclose(gd.momentum_roots([2.0, 10.0], 0.15, 0.0), [[0.7, 0.0], [0.0, -0.5]])


def test_the_tuned_heavy_ball_has_rate_root_beta_in_both_directions(scene):
    assert scene.tuned == pytest.approx((TUNED_ALPHA, TUNED_BETA))
    sizes = np.abs(gd.momentum_roots([LOW, TOP], *scene.tuned))
    np.testing.assert_allclose(sizes, math.sqrt(TUNED_BETA), rtol=1e-6)  # double roots: ±√β
    assert math.sqrt(TUNED_BETA) == pytest.approx((math.sqrt(KAPPA) - 1) / (math.sqrt(KAPPA) + 1))


def test_beta_zero_is_gradient_descent_step_for_step(scene):
    for nesterov in (0, 1):
        scene.show(alpha=0.0095, beta=0.0, nesterov=nesterov)
        expected = gd.gradient_descent([0.0, 0.0], X, RINGS.y, 0.0095, scene.steps)
        np.testing.assert_allclose(drawn_path(scene), expected.theta_history, rtol=1e-12, atol=1e-12)
        steps, gaps = scene.history.get_data()
        np.testing.assert_array_equal(steps, np.arange(scene.steps + 1))
        np.testing.assert_allclose(gaps, np.maximum(expected.cost_history - scene.best_cost, scene.gap_floor))
        assert scene.values["rate"] == pytest.approx(gd.bowl(X).rate(0.0095))  # plain descent's max |q|


@pytest.mark.parametrize("nesterov", [0, 1])
def test_the_path_is_momentum_descent(scene, nesterov):
    scene.show(alpha=0.005, beta=0.6, nesterov=nesterov)
    expected = gd.momentum_descent([0.0, 0.0], X, RINGS.y, 0.005, 0.6, scene.steps, nesterov=bool(nesterov))
    np.testing.assert_array_equal(drawn_path(scene), expected.theta_history)
    assert not scene.values["diverged"] and scene.values["limit"] == gd.momentum_limit(X, 0.6, bool(nesterov))


def test_the_limit_marks_sit_at_both_limits(scene):
    plane = scene.figure.axes[2]
    lines = plane.get_lines()
    plain = [line for line in lines if line.get_linestyle() == ":"]
    assert len(plain) == 1 and plain[0].get_xdata()[0] == pytest.approx(2 / TOP)
    heavy_x, heavy_beta = lines[0].get_data()  # the heavy ball's limit, 2(1 + β)/λ_max
    np.testing.assert_allclose(heavy_x, 2 * (1 + heavy_beta) / TOP)
    nesterov_x, nesterov_beta = lines[1].get_data()
    np.testing.assert_allclose(nesterov_x, 2 * (1 + nesterov_beta) / ((1 + 2 * nesterov_beta) * TOP))
    scene.show(alpha=0.01, beta=0.5, nesterov=0)
    assert scene.edge.get_xdata()[1] == pytest.approx(3 / TOP)  # the moving mark: 2(1 + 0.5)/λ_max
    scene.show(nesterov=1)
    assert scene.edge.get_xdata()[1] == pytest.approx(1.5 / TOP)  # 2·1.5/(2·λ_max)


def test_the_tuned_heavy_ball_needs_287_iterations_and_lets_the_cost_rise(scene):
    scene.show(alpha=TUNED_ALPHA, beta=TUNED_BETA, nesterov=0)
    assert scene.values["count"] == 287  # tests/test_variants: 287 against 5679 for plain descent
    assert scene.values["rises"] == 14  # the first 14 iterations: the transient across the valley
    assert scene.caption() == "rate 0.9326, error ÷ 10⁶ at 287"


def test_divergence_is_told_in_words(scene):
    scene.show(alpha=TUNED_ALPHA, beta=TUNED_BETA, nesterov=1)  # the heavy ball's tuning breaks Nesterov
    limit = 2 * (1 + TUNED_BETA) / ((1 + 2 * TUNED_BETA) * TOP)
    assert scene.values["diverged"] and scene.values["limit"] == pytest.approx(limit)
    assert scene.status.get_visible()
    assert scene.status.get_text().startswith(f"Diverges: α is {TUNED_ALPHA / limit:.2f} × the limit")
    assert "Diverges" in scene.readout and scene.caption() == "diverges"
    scene.show(alpha=0.01, beta=0.5, nesterov=0)
    assert not scene.status.get_visible()


@pytest.mark.parametrize("name", ["alpha", "beta", "nesterov"])
@pytest.mark.parametrize("end", ["low", "high"])
def test_every_control_at_both_ends_renders_a_finite_figure(scene, name, end):
    control = scene.controls[name]
    scene.show(alpha=0.01, beta=0.5, nesterov=0)
    png = scene.render(**{name: getattr(control, end)})
    image = np.asarray(Image.open(io.BytesIO(png)))
    assert image.shape[:2] == (scene.size[1] * S.PIXEL_RATIO, scene.size[0] * S.PIXEL_RATIO)
    xs, ys = scene.path.get_data()
    assert np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))
    assert math.isfinite(scene.values["rate"])


def test_every_move_changes_the_frame(scene):
    frames = [scene.render(alpha=0.01, beta=0.5, nesterov=0), scene.render(alpha=0.0101),
              scene.render(beta=0.51), scene.render(nesterov=1)]  # fmt: skip
    assert len(set(frames)) == 4
    scene.show(beta=0.0, nesterov=0)
    before = scene.png()
    assert scene.render(nesterov=1) != before  # identical methods at β = 0: the marker's shape says which


@pytest.mark.parametrize(
    ("options", "pattern"),
    [
        ({"alpha": (0.0, 0.02, 0.001)}, "alpha must stay above 0"),
        ({"alpha": (0.02, 0.01, 0.001)}, "alpha must be a range"),
        ({"beta": (0.0, 1.0, 0.01)}, r"beta must stay in \[0, 1\)"),
        ({"beta": (-0.1, 0.9, 0.01)}, r"beta must stay in \[0, 1\)"),
        ({"nesterov": (0, 2, 1)}, "nesterov must be 0 or 1"),
        ({"start": (0.01, 0.5)}, "start must be three values"),
        ({"steps": 0}, "steps must be a whole number"),
    ],
)
def test_bad_ranges_are_named(options, pattern):
    with pytest.raises(ValueError, match=pattern):
        S.MomentumScene(*RINGS, **options)


def test_the_explorer_binds_three_sliders():
    explorer = W.Explorer(S.MomentumScene(*RINGS))
    assert [s.description for s in explorer.sliders] == [
        "α learning rate",
        "β momentum",
        "method",
    ]
    assert [label for label, _ in explorer.nesterov.options] == ["heavy ball", "Nesterov"]
    explorer.beta.value = 0.5
    assert explorer.values["beta"] == 0.5
    explorer.nesterov.value = 1
    assert explorer.values["nesterov"] is True
    assert len(W.fallback_text(explorer.scene)) <= W.FALLBACK_LIMIT


def test_the_count_is_below_for_good_within_the_run(scene):
    # the first k from which every later error of the run is at most 1e-6 of the start's, found by a loop
    scene.show(alpha=0.0191, beta=0.87, nesterov=0)
    best = gd.least_squares(X, RINGS.y)
    sizes = np.linalg.norm(scene.run(0.0191, 0.87, 0).theta_history - best, axis=1)
    k = len(sizes)
    while k > 0 and sizes[k - 1] <= 1e-6 * sizes[0]:
        k -= 1
    assert scene.values["count"] == k
    assert 0 < k < scene.steps


def test_the_view_holds_the_tuned_heavy_balls_whole_path(scene):
    # its swings across the valley grow ninefold before they shrink: the view shows all of them
    low0, high0, low1, high1 = scene.view
    path = gd.momentum_descent([0.0, 0.0], X, RINGS.y, TUNED_ALPHA, TUNED_BETA, scene.steps).theta_history
    assert low0 <= path[:, 0].min() and path[:, 0].max() <= high0
    assert low1 <= path[:, 1].min() and path[:, 1].max() <= high1
