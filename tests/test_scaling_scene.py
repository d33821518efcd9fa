"""Notebook 07's explorer: the feature's shift and scale and α; the bowl's shape, κ and the count.

Expected values come from hand derivations or from an independent computation:

* centred, unscaled: H = diag(1, var x), so κ = var x (46.32 for the rings);
* standardised: H = I, so κ = 1, the level curves are circles, and the best α = 1 lands in one step;
* scaled only (shift 0): H has unit diagonal when scale = √mean(x²), off-diagonal c = x̄/√mean(x²),
  eigenvalues 1 ± c, so κ = (1 + c)/(1 − c), the least any scale reaches;
* κ is the square of the condition number of U = [1, u] (numpy's SVD, another route);
* the counts against a run of gd.gradient_descent, counted step by step.
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
X_MEAN, X_SD = RINGS.x.mean(), RINGS.x.std()


@pytest.fixture(scope="module")
def scene():
    return S.ScalingScene(*RINGS)


def design(shift, scale):
    return gd.design_matrix((RINGS.x - shift) / scale)


def counted(shift, scale, alpha, tolerance=1e-6):
    """Run descent from (0, 0) and count, step by step, the first k with ‖e_k‖ ≤ tolerance·‖e_0‖."""
    U = design(shift, scale)
    best = gd.least_squares(U, RINGS.y)
    run = gd.gradient_descent(np.zeros(2), U, RINGS.y, alpha, 20_000)
    sizes = np.linalg.norm(run.theta_history - best, axis=1)
    assert sizes[-1] <= tolerance * sizes[0], "the run was too short to count"
    return int(np.argmax(sizes <= tolerance * sizes[0])), run, best


def test_raw_centred_and_standardised_condition_numbers(scene):
    scene.show(shift=0.0, scale=1.0, alpha=0.5)
    assert scene.values["kappa"] == pytest.approx(822.07, abs=0.01)  # notebook 05's 822
    assert "κ = 822.1" in scene.readout
    scene.show(shift=X_MEAN, scale=1.0)
    assert scene.values["kappa"] == pytest.approx(RINGS.x.var(), rel=1e-9)  # H = diag(1, var x)
    assert scene.values["kappa"] == pytest.approx(46.32, abs=0.01)
    scene.show(shift=X_MEAN, scale=X_SD)
    assert scene.values["kappa"] == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(("shift", "scale"), [(0.0, 1.0), (3.0, 0.5), (12.0, 7.0), (25.0, 25.0), (20.0, 2.5)])
def test_kappa_is_the_squared_condition_number_of_the_design(scene, shift, scale):
    scene.show(shift=shift, scale=scale)
    assert scene.values["kappa"] == pytest.approx(np.linalg.cond(design(shift, scale)) ** 2, rel=1e-8)
    assert f"κ = {scene.values['kappa']:.4g}" in scene.readout


def test_standardised_the_level_curves_are_circles_and_one_step_lands(scene):
    scene.show(shift=X_MEAN, scale=X_SD, alpha=0.5)  # half the limit 2: α = 1 = the best α
    assert scene.values["semi_axes_ratio"] == pytest.approx(1.0, abs=1e-6)
    x, y = scene.rings.get_data()
    radii = np.hypot(x, y)[np.isfinite(x)]
    np.testing.assert_allclose(np.unique(radii.round(9)), [0.2, 0.4, 0.6, 0.8, 1.0])
    assert scene.values["best_alpha"] == pytest.approx(1.0)
    assert scene.values["alpha"] == pytest.approx(1.0)
    assert scene.values["needed"] == scene.values["guaranteed"] == 1


def test_a_round_bowl_draws_no_flat_or_steep_direction_and_says_why(scene):
    # H = I: every direction is an eigenvector, so numpy's pair of them is arbitrary and is not drawn
    scene.show(shift=X_MEAN, scale=X_SD, alpha=0.5)
    assert len(scene.flat_line.get_xdata()) == len(scene.steep_line.get_xdata()) == 0
    assert scene.status.get_visible() and "every\ndirection is an eigenvector" in scene.status.get_text()
    assert "It is round" in scene.describe() and "1 iteration is guaranteed and 1 needed" in scene.describe()
    scene.show(shift=X_MEAN, scale=1.0)  # centred only: κ = var x = 46.3, two real directions
    assert len(scene.flat_line.get_xdata()) == len(scene.steep_line.get_xdata()) == 2
    assert not scene.status.get_visible() and "It is round" not in scene.describe()
    assert "iterations are guaranteed" in scene.describe()


def test_raw_the_level_curves_are_as_long_as_the_square_root_of_kappa(scene):
    scene.show(shift=0.0, scale=1.0, alpha=0.5)
    assert scene.values["semi_axes_ratio"] == pytest.approx(math.sqrt(822.07), rel=1e-4)  # 28.7


def test_scaling_alone_reaches_at_best_the_cosine_bound(scene):
    rms = math.sqrt(np.mean(RINGS.x**2))
    c = X_MEAN / rms  # cosine between the columns 1 and x, whatever the scale
    scene.show(shift=0.0, scale=rms)
    assert scene.values["kappa"] == pytest.approx((1 + c) / (1 - c), rel=1e-9)
    assert scene.values["best_rate"] == pytest.approx(c, rel=1e-9)  # (κ − 1)/(κ + 1) = c
    for scale in (0.5, 0.8 * rms, 1.25 * rms, 25.0):
        scene.show(scale=scale)
        assert scene.values["kappa"] > (1 + c) / (1 - c)


def test_the_best_count_is_about_kappa_over_two_times_ln_one_over_tol(scene):
    scene.show(shift=0.0, scale=1.0)
    kappa = scene.values["kappa"]
    assert scene.values["best_count"] == 5679
    assert abs(scene.values["best_count"] - kappa / 2 * math.log(1e6)) < 1.5


@pytest.mark.parametrize(
    ("shift", "scale", "alpha"),
    [
        (0.0, 1.0, 0.5),
        (0.0, 1.0, 0.9),
        (12.0, 7.0, 0.3),
        (6.0, 3.0, 0.75),
        (25.0, 25.0, 0.99),
        (20.0, 10.0, 0.6),
    ],
)
def test_the_needed_count_is_what_descent_takes_and_never_more_than_guaranteed(scene, shift, scale, alpha):
    scene.show(shift=shift, scale=scale, alpha=alpha)
    values = scene.values
    count, run, best = counted(shift, scale, values["alpha"])
    assert values["needed"] == count <= values["guaranteed"]
    assert values["guaranteed"] == gd.bowl(design(shift, scale)).iterations_to_shrink(values["alpha"], 1e-6)
    # the path drawn is descent's own, in units of the starting distance and centred on θ*
    steps = len(values["path"]) - 1
    np.testing.assert_allclose(
        values["path"] * np.linalg.norm(best) + best, run.theta_history[: steps + 1], rtol=1e-9, atol=1e-9
    )


def test_at_the_best_alpha_two_parameters_meet_the_guarantee(scene):
    # both directions shrink by exactly the rate in size, so ‖e_k‖ = rateᵏ‖e_0‖ from any start
    for shift, scale in [(0.0, 1.0), (6.0, 3.0), (25.0, 0.5)]:
        scene.show(shift=shift, scale=scale)
        kappa = scene.values["kappa"]
        scene.show(alpha=kappa / (kappa + 1))
        assert scene.values["alpha"] == pytest.approx(scene.values["best_alpha"], rel=1e-12)
        assert scene.values["needed"] == scene.values["guaranteed"] == scene.values["best_count"]


def test_divergence_is_told_in_words_on_the_figure(scene):
    scene.show(shift=0.0, scale=1.0, alpha=1.0)
    assert scene.values["diverged"] and scene.status.get_visible()
    assert "bounces across the valley for ever" in scene.status.get_text()
    assert scene.values["q_steep"] == pytest.approx(-1.0)
    scene.show(alpha=1.1)
    assert "1.10 × the stability limit" in scene.status.get_text()
    assert "by -1.20" in scene.status.get_text()  # 1 − 2·1.1
    assert len(scene.needed_point.get_xdata()) == 0  # no count to mark
    scene.show(alpha=0.5)
    assert not scene.status.get_visible()


def ends():
    defaults = {"shift": 0.0, "scale": 1.0, "alpha": 0.5}
    bounds = {"shift": (0.0, 25.0), "scale": (0.5, 25.0), "alpha": (0.02, 1.1)}
    for name, (low, high) in bounds.items():
        for value in (low, high):
            yield pytest.param({**defaults, name: value}, id=f"{name}={value:g}")
    yield pytest.param({"shift": 25.0, "scale": 0.5, "alpha": 0.02}, id="worst-corner")
    yield pytest.param({"shift": 25.0, "scale": 25.0, "alpha": 1.1}, id="far-corner-diverging")


@pytest.mark.parametrize("setting", list(ends()))
def test_every_control_at_both_ends_renders_a_working_figure(scene, setting):
    picture = Image.open(io.BytesIO(scene.render(**setting)))
    assert picture.size == (2 * scene.size[0], 2 * scene.size[1])
    assert len(set(np.asarray(picture.convert("L")).ravel().tolist())) > 10  # not blank
    values = scene.values
    assert math.isfinite(values["kappa"]) and values["kappa"] >= 1
    for artist in (scene.rings, scene.path, scene.flat_line, scene.steep_line):
        assert np.isfinite(np.asarray(artist.get_xdata(), float)).any()
    if setting["alpha"] < 1:
        assert not values["diverged"]
        assert 1 <= values["needed"] <= values["guaranteed"] < math.inf
        assert scene.figure.axes[1].get_ylim()[1] > values["guaranteed"]  # the count is on the chart
        assert scene.figure.axes[1].get_xlim()[1] > values["kappa"]
    else:
        assert values["diverged"] and "No count" in scene.status.get_text()


@pytest.mark.parametrize(
    ("options", "error", "pattern"),
    [
        ({"scale": (0.0, 25.0, 0.01)}, ValueError, "scale must stay above 0"),
        ({"scale": (-1.0, 25.0, 0.01), "start": (0.0, 1.0, 0.5)}, ValueError, "scale must stay above 0"),
        ({"alpha": (0.0, 1.1, 0.01)}, ValueError, "alpha must stay above 0"),
        ({"shift": (25.0, 0.0, 0.01)}, ValueError, "shift must be a range"),
        ({"start": (0.0, 1.0)}, ValueError, "start must be three values"),
        ({"start": (0.0, 1.0, 2.0)}, ValueError, "the start of alpha must lie inside"),
        ({"tolerance": 1.5}, ValueError, "tolerance must lie strictly between 0 and 1"),
        ({"tolerance": "small"}, TypeError, "tolerance must be a number"),
        ({"steps": 0}, ValueError, "steps must be a whole number, 1 or more"),
    ],
)
def test_bad_ranges_raise_naming_the_argument(options, error, pattern):
    with pytest.raises(error, match=pattern):
        S.ScalingScene(*RINGS, **options)


def test_a_constant_feature_is_refused():
    with pytest.raises(ValueError, match="x must hold at least two different values"):
        S.ScalingScene(np.full(5, 3.0), np.arange(5.0))


def test_counts_by_hand():
    # ln(1e-6)/ln(0.8) = 61.9: 62; a rate of 0 lands in one step; a rate of 1 never gets there
    np.testing.assert_array_equal(gd.iterations_for_rate([0.8, 0.0, 1.0, 1.2], 1e-6), [62, 1, np.inf, np.inf])
    # equal parts along directions shrinking by 0.8 and −0.8: exactly 0.8ᵏ, the guarantee
    assert gd.iterations_from_parts([1.0, 1.0], [0.8, -0.8], 1e-6) == 62
    # all of the error along a direction shrinking by 0.2: ⌈ln(1e-6)/ln(0.2)⌉ = 9, long before 62
    assert gd.iterations_from_parts([0.0, 1.0], [0.8, 0.2], 1e-6) == 9


def test_the_explorer_shell_and_its_text_for_readers_without_a_kernel():
    explorer = W.Explorer(S.ScalingScene(*RINGS))
    assert [s.description for s in explorer.sliders] == [
        "shift (carats)",
        "scale (carats)",
        "α ÷ stability limit",
    ]
    text = repr(explorer.ui)
    assert len(text) <= 110 and text.endswith("run the notebook to use it.]")
    explorer.alpha.value = 0.9
    assert explorer.values["alpha_fraction"] == pytest.approx(0.9)
    assert "κ = 822.1" in explorer.readout.value
