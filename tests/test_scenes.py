"""Scenes: figures driven by values, with no widget in sight; the thin slider shells around them."""

import io
import subprocess
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

import gdcore as gd
from gdcore import scenes as S
from gdcore import widgets as W
from gdcore.scenes.base import SCENE_FONT_SIZE, new_figure

SCENES = {
    "line fit": lambda: S.LineFitScene(*gd.jewelry_sales()),
    "cost curve": lambda: S.CostCurveScene(*gd.toy_line()),
    "steps": lambda: S.StepScene(*gd.toy_line()),
    "descent": lambda: S.DescentScene(*gd.jewelry_rings()),
}


def test_a_scene_needs_no_widget_library():
    probe = "import sys, gdcore.scenes; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_show_takes_values_and_returns_the_readout():
    scene = S.StepScene(*gd.toy_line())
    html = scene.show(alpha=0.4, steps=6)
    # α = 0.4: the error to θ₁ = 3 is multiplied by 1 − 0.4·14/3 = −13/15 each step
    assert scene.values["theta1"] == pytest.approx(3 - 3 * (-13 / 15) ** 6)
    assert html == scene.readout and "by 0.867" in html
    scene.show(steps=1)  # the other value stays
    assert scene.state == {"alpha": 0.4, "steps": 1}
    assert scene.values["theta1"] == pytest.approx(3 + 3 * 13 / 15)


@pytest.mark.parametrize(
    ("values", "error", "pattern"),
    [
        ({"beta": 0.1}, TypeError, "StepScene has no value 'beta'; it has: alpha, steps"),
        ({"alpha": 0.9}, ValueError, r"alpha must lie in 0.005..0.6; got 0.9"),
        ({"steps": 2.5}, TypeError, "steps must be a whole number; got 2.5"),
        ({"alpha": "big"}, TypeError, "alpha must be a number; got 'big'"),
    ],
)
def test_show_rejects_what_the_scene_cannot_show(values, error, pattern):
    with pytest.raises(error, match=pattern):
        S.StepScene(*gd.toy_line()).show(**values)


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (
            lambda: S.StepScene(*gd.toy_line(), alpha=(0.6, 0.005, 0.005)),
            "alpha must be a range .* low < high",
        ),
        (
            lambda: S.StepScene(*gd.toy_line(), steps=(0, 30, 0)),
            "steps: step must be positive; got 0",
        ),
        (
            lambda: S.StepScene(*gd.toy_line(), start=(0.9, 2)),
            "the start of alpha must lie inside",
        ),
        (
            lambda: S.CostCurveScene(*gd.toy_line(), theta1=(0, 1)),
            r"theta1 must be a range \(low, high, step\)",
        ),
        (
            lambda: S.LineFitScene(*gd.jewelry_sales(), slope=(0, 10, -1)),
            "slope: step must be positive",
        ),
        (
            lambda: W.Explorer(
                S.DescentScene(*gd.jewelry_rings(), iterations=(0, 100, 10), start=(0.01, 200))
            ),
            "the start of iterations must lie inside its range 0..100; got 200",
        ),
        (
            lambda: W.Explorer(S.LineFitScene(*gd.jewelry_sales(), intercept=(0, np.inf, 1))),
            "intercept: high must be finite",
        ),
    ],
)
def test_explorer_ranges_are_checked_by_name(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


@pytest.mark.parametrize("name", SCENES)
def test_frames_are_rendered_at_twice_their_size_on_screen(name):
    scene = SCENES[name]()
    picture = Image.open(io.BytesIO(scene.png()))
    width, height = scene.size
    assert picture.size == (2 * width, 2 * height)
    explorer = W.Explorer(scene)
    assert explorer.image.width == str(width)  # displayed at half its pixels


@pytest.mark.parametrize("name", SCENES)
def test_the_text_a_reader_without_a_kernel_sees_fits_in_110_characters(name):
    explorer = W.Explorer(SCENES[name]())
    text = repr(explorer.ui)
    assert len(text) <= 110
    assert text.endswith("run the notebook to use it.]")
    for control in explorer.scene.controls.values():
        assert control.symbol in text


def test_the_png_writer_round_trips_exactly():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    data = S.png_bytes(rgba)
    decoded = np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))
    np.testing.assert_array_equal(decoded, rgba)
    # every chunk's CRC is checked by Pillow; check the data chunk by hand too
    start = data.index(b"IDAT") + 4
    length = int.from_bytes(data[start - 8 : start - 4], "big")
    rows = zlib.decompress(data[start : start + length])
    assert len(rows) == 7 * (1 + 5 * 4) and rows[0] == 0


def test_axis_limits_follow_the_data_not_the_course():
    # the toy line scaled by 100 in x and in y: every line the slider reaches stays in view
    x, y = gd.toy_line()
    scene = S.CostCurveScene(100 * x, 100 * y, theta1=(-2, 14, 0.01))
    left = scene.figure.axes[0]
    low, high = left.get_ylim()
    assert low <= -2 * 330 and high >= 14 * 330  # the line at θ₁ = −2 and 14, drawn to x = 330
    assert left.get_xlim()[1] == pytest.approx(330)
    # rings in grams (×0.2) rather than carats: the data and the least-squares line are in view
    rings = gd.jewelry_rings()
    scene = S.DescentScene(0.2 * rings.x, rings.y)
    left, right = scene.figure.axes
    assert left.get_xlim()[1] == pytest.approx(1.1 * 0.2 * rings.x.max())
    assert left.get_ylim()[1] >= rings.y.max()
    start_gap = gd.half_mse([0, 0], gd.design_matrix(0.2 * rings.x), rings.y) - scene.best_cost
    assert right.get_ylim()[1] >= start_gap


def test_a_scene_renders_the_same_frame_for_the_same_values():
    scene = S.DescentScene(*gd.jewelry_rings())
    first = scene.render(alpha=0.005, iterations=300)
    scene.render(alpha=0.01, iterations=4000)
    assert scene.render(alpha=0.005, iterations=300) == first


def test_the_iteration_axis_fits_the_run_and_the_frame_is_drawn_anew():
    # the axis ends at the first of 1000, 2000 and the slider's most (5000) that holds the run; a scene
    # that changes it mid-way draws the same frame as one built at those values from the start
    rings = gd.jewelry_rings()
    scene = S.DescentScene(*rings)
    right = scene.figure.axes[1]
    assert right.get_xlim() == (0, 1000)
    moved = scene.render(alpha=0.01, iterations=3400)
    assert right.get_xlim() == (0, 5000)
    assert S.DescentScene(*rings, start=(0.01, 3400)).render() == moved
    scene.show(iterations=1500)
    assert right.get_xlim() == (0, 2000)


def test_the_inset_shows_the_intercepts_apart():
    rings = gd.jewelry_rings()
    scene = S.DescentScene(*rings)
    scene.show(alpha=0.01, iterations=1000)
    expected = gd.gradient_descent([0, 0], gd.design_matrix(rings.x), rings.y, 0.01, 1000).theta
    x, y = scene.zoom_line.get_data()
    assert x[0] == 0 and y[0] == pytest.approx(expected[0])  # the line meets 0 carats at θ₀
    low, high = scene.zoom.get_ylim()
    assert low < expected[0] < scene.best[0] < high  # both intercepts in view, $2.73 apart
    assert "2.73 dollars apart" in scene.describe()


def test_a_longer_run_continues_the_kept_one_exactly():
    rings = gd.jewelry_rings()
    scene = S.DescentScene(*rings)
    scene.show(alpha=0.008, iterations=300)
    scene.show(iterations=2000)  # continues the kept 300 updates
    expected = gd.gradient_descent([0, 0], gd.design_matrix(rings.x), rings.y, 0.008, 2000)
    assert scene.values["theta0"] == expected.theta[0] and scene.values["theta1"] == expected.theta[1]
    assert scene.values["cost"] == expected.cost_history[-1]


def test_a_scene_draws_its_words_at_the_scene_size_and_leaves_the_notebook_settings_alone():
    import matplotlib as mpl

    seen = []

    class Sizes(S.Scene):
        def __init__(self):
            figure, _ = new_figure(2.0, 1.0)
            super().__init__(figure, [], [S.Control.from_range("a", "a", (0.0, 1.0, 0.5), 0.0)])

        def draw(self, a):
            seen.append({key: mpl.rcParams[key] for key in ("font.size", "legend.title_fontsize")})
            if a == 1.0:
                raise ArithmeticError("a draw that fails")
            return ""

    with mpl.rc_context({"font.size": 7.0, "legend.title_fontsize": "small"}):
        scene = Sizes()
        scene.show(a=0.5)
        after = (mpl.rcParams["font.size"], mpl.rcParams["legend.title_fontsize"])
        with pytest.raises(ArithmeticError):  # an explorer shows "Could not redraw" and goes on
            scene.show(a=1.0)
        after_failure = (mpl.rcParams["font.size"], mpl.rcParams["legend.title_fontsize"])
    assert seen == [{"font.size": SCENE_FONT_SIZE, "legend.title_fontsize": SCENE_FONT_SIZE}] * 3
    assert after == after_failure == (7.0, "small")
