"""Figures everyone can read (WCAG 2.1 AA): colours that stand out from white, colour never the only
cue, and words large enough at the size they are shown.

The contrast ratio and the colour-blindness simulation are worked here from their published
definitions, independently of anything in gdcore:

- WCAG 2.1's relative luminance and contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance);
  graphics need 3:1 against what they are drawn on (1.4.11), words 4.5:1 (1.4.3).
- Machado, Oliveira and Fernandes (2009), "A Physiologically-based Model for Simulation of Color
  Vision Deficiency", IEEE TVCG 15(6): the severity-1.0 matrices for protanopia and deuteranopia,
  applied to linear RGB (table at https://www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/).
- CIE 1976 L*a*b* with the D65 white, to measure how far apart two simulated colours look.
"""

import itertools
import json
import re
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from gdcore import plots
from gdcore.course import CHAPTERS
from gdcore.scenes import PIXEL_RATIO
from gdcore.widgets import key_states_figure

ROOT = Path(__file__).resolve().parent.parent

#: CSS pixels per inch: a browser shows 1 pt as 96/72 of its pixels.
CSS_DPI = 96
#: The least size of any word in a figure, in CSS points at the size it is shown.
LEAST_POINTS = 12

MACHADO = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
}


def linear_rgb(color):
    """sRGB (0..1, from any matplotlib colour) to linear light, by the sRGB transfer function."""
    srgb = np.array(mpl.colors.to_rgb(color))
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def luminance(color):
    """WCAG 2.1's relative luminance: 0.2126 R + 0.7152 G + 0.0722 B of the linear components."""
    r, g, b = linear_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(color, background="white"):
    """WCAG 2.1's contrast ratio (L1 + 0.05) / (L2 + 0.05), the lighter over the darker."""
    high, low = sorted([luminance(color), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(linear):
    """CIE L*a*b* (D65) of a linear-RGB colour, clipped to the displayable range first."""
    to_xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = to_xyz @ np.clip(linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_apart(a, b, vision=None):
    """How far apart two colours look (CIE76 ΔE), with normal vision or a simulated deficiency."""
    matrix = np.eye(3) if vision is None else MACHADO[vision]
    return float(np.linalg.norm(lab(matrix @ linear_rgb(a)) - lab(matrix @ linear_rgb(b))))


# --- the implementations above, against values published or worked by hand ---


def test_the_contrast_formula_gives_the_published_ratios():
    assert contrast("black") == pytest.approx(21.0)
    assert contrast("white") == pytest.approx(1.0)
    # #767676 is the lightest grey that passes 4.5:1 on white (WebAIM's contrast checker: 4.54:1)
    assert contrast("#767676") == pytest.approx(4.54, abs=0.005)
    assert contrast("#777777") < 4.5
    # Okabe-Ito's orange and the old grey, measured in the issue at 2.25:1 and 2.85:1
    assert contrast("#E69F00") == pytest.approx(2.25, abs=0.005)
    assert contrast("#999999") == pytest.approx(2.85, abs=0.005)


def test_the_simulation_leaves_greys_grey_and_confuses_red_with_green():
    # each Machado row sums to 1: a grey stays the same grey
    for matrix in MACHADO.values():
        assert matrix.sum(axis=1) == pytest.approx(np.ones(3), abs=1e-5)
    assert seen_apart("#606060", "#606060", "deuteranopia") == 0
    # pure red and a green of the same lightness are far apart, but close to a deuteranope
    red, green = "#FF0000", "#6F8F00"
    assert seen_apart(red, green) > 60
    assert seen_apart(red, green, "deuteranopia") < 0.4 * seen_apart(red, green)


# --- the course's palette ---


@pytest.mark.parametrize("name", sorted(plots.COLORS))
def test_every_colour_stands_out_from_white(name):
    # every colour may colour words (4.5:1) except the residuals' orange, which only colours lines (3:1)
    least = 3.0 if name == "residual" else 4.5
    assert contrast(plots.COLORS[name]) >= least, (
        f"{name} {plots.COLORS[name]}: {contrast(plots.COLORS[name]):.2f}:1"
    )


def test_level_curves_stand_out_from_white_at_every_level():
    cmap = plots.CONTOUR_CMAP
    worst = min(contrast(cmap(level)) for level in np.linspace(0, 1, 101))
    assert worst >= 3.0


@pytest.mark.parametrize("vision", [None, "protanopia", "deuteranopia"])
def test_any_two_colours_stay_apart_with_and_without_colour_blindness(vision):
    # 10 CIELAB units: Okabe and Ito's own palette holds only 7 between its purple and grey (deuteranopia)
    for (a, first), (b, second) in itertools.combinations(plots.COLORS.items(), 2):
        assert seen_apart(first, second, vision) >= 10, f"{a} and {b}, {vision or 'normal vision'}"


# --- words large enough at the size they are shown ---


def shown_points(text: Text, shown_dpi: float) -> float:
    """A text's size in CSS points on screen, its figure shown at ``shown_dpi`` pixels per inch."""
    return text.get_fontsize() * shown_dpi / CSS_DPI


def words(figure: Figure) -> list[Text]:
    """The visible, non-empty texts of a drawn figure (tick labels, titles, legends, annotations)."""
    figure.canvas.draw()
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def scenes_of_the_course():
    return [(f"{c.number:02d}-{s.scene}", s) for c in CHAPTERS for s in c.explorers]


@pytest.fixture(autouse=True)
def course_style():
    with mpl.rc_context():
        plots.use_course_style()
        yield


@pytest.mark.parametrize(
    "setup", [s for _, s in scenes_of_the_course()], ids=[i for i, _ in scenes_of_the_course()]
)
def test_every_word_of_every_scene_is_12_points_on_screen(setup):
    scene = setup.build()
    shown_dpi = scene.figure.dpi / PIXEL_RATIO  # a frame is shown at half its pixels
    texts = words(scene.figure)
    assert any(t.get_text() for t in texts)
    small = {
        t.get_text(): round(shown_points(t, shown_dpi), 1)
        for t in texts
        if shown_points(t, shown_dpi) < LEAST_POINTS
    }
    assert not small


def test_the_words_written_while_drawing_are_as_large():
    # the step scene diverges past 3/7 and says so on the figure, written after it was built
    scene = next(s for _, s in scenes_of_the_course() if s.scene == "StepScene").build()
    scene.show(alpha=0.6, steps=30)
    assert scene.status.get_visible() and scene.status.get_text()
    assert shown_points(scene.status, scene.figure.dpi / PIXEL_RATIO) >= LEAST_POINTS


def test_the_titles_of_key_states_are_12_points():
    scene = next(s for _, s in scenes_of_the_course() if s.scene == "CostCurveScene").build()
    figure = key_states_figure(scene, [{"theta1": 0}, {"theta1": 3}])
    written = {ax.get_title(loc="left") for ax in figure.axes}
    titles = [t for t in words(figure) if t.get_text() in written]
    assert len(titles) == 2
    assert min(shown_points(t, figure.dpi) for t in titles) >= LEAST_POINTS


def test_every_word_the_plotting_helpers_write_is_12_points():
    ax = plots.new_axes(None)
    x, y = np.array([1.0, 2.0, 3.0]), np.array([3.0, 6.0, 9.0])
    plots.data_scatter(x, y, ax=ax)
    plots.model_line(x, 2 * x, ax=ax)
    plots.residual_lines(x, y, 2 * x, ax=ax)
    plots.mark_vertical(2.0, "limit", ax=ax)
    plots.status_text(ax, "diverged")
    ax.legend()
    ax.set_title("a title")
    texts = words(ax.figure)
    assert len(texts) > 8
    assert min(shown_points(t, ax.figure.dpi) for t in texts) >= LEAST_POINTS


def test_level_curves_can_carry_their_cost_in_words():
    # J = t0² + 4·t1² on [-1, 1]²: the level 0.25 is a closed ellipse, the level 1 crosses the frame
    ax = plots.new_axes(None)
    t = np.linspace(-1, 1, 81)
    plots.cost_contours(t, t, t[None, :] ** 2 + 4 * t[:, None] ** 2, ax=ax, levels=[0.25, 1.0], labels=True)
    ax.figure.canvas.draw()
    assert {text.get_text() for text in ax.texts} == {"0.25", "1"}
    assert min(shown_points(text, ax.figure.dpi) for text in ax.texts) >= LEAST_POINTS
    assert [plots.level_words(v) for v in (0.25, 3.16228, 400, 1600, 1e5)] == [
        "0.25",
        "3.16",
        "400",
        "1,600",
        "100,000",
    ]
    ax = plots.new_axes(None)
    plots.cost_contours(t, t, t[None, :] ** 2 + 4 * t[:, None] ** 2, ax=ax, levels=[0.25, 1.0], labels=[1.0])
    assert {text.get_text() for text in ax.texts} == {"1"}


def notebook_code():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        yield path.name, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


@pytest.mark.parametrize("name, code", list(notebook_code()), ids=[n[:2] for n, _ in notebook_code()])
def test_no_notebook_figure_asks_for_smaller_words(name, code):
    # a notebook's figures are shown at their 100 dpi: 12 pt there is 12.5 CSS points
    sizes = [float(s) for s in re.findall(r"fontsize\s*=\s*([0-9.]+)", code)]
    assert all(size >= LEAST_POINTS for size in sizes), sizes


# --- colour is never the only cue ---


def look(line: Line2D) -> tuple[str, str, str]:
    """What tells a line of a legend apart besides its colour: its dashes, marker and marker fill."""
    filled = "open" if mpl.colors.to_hex(line.get_markerfacecolor()) == "#ffffff" else "filled"
    return (str(line.get_linestyle()), str(line.get_marker()), filled)


def lines_told_apart_by_colour_only(figure: Figure) -> list[tuple[str, str]]:
    """Pairs of a legend's lines (in any legend of the figure) that differ in colour and nothing else."""
    legends = [ax.get_legend() for ax in figure.axes] + list(figure.legends)
    pairs = []
    for legend in filter(None, legends):
        entries = [
            (t.get_text(), h)
            for t, h in zip(legend.texts, legend.legend_handles, strict=True)
            if isinstance(h, Line2D)
        ]
        for (a, first), (b, second) in itertools.combinations(entries, 2):
            different = mpl.colors.to_hex(first.get_color()) != mpl.colors.to_hex(second.get_color())
            if different and look(first) == look(second):
                pairs.append((a, b))
    return pairs


@pytest.mark.parametrize(
    "setup", [s for _, s in scenes_of_the_course()], ids=[i for i, _ in scenes_of_the_course()]
)
def test_no_scene_tells_its_lines_apart_by_colour_alone(setup):
    assert lines_told_apart_by_colour_only(setup.build().figure) == []


def test_the_check_finds_lines_told_apart_by_colour_alone():
    figure = Figure()
    ax = figure.subplots()
    ax.plot([0, 1], [0, 1], color=plots.COLORS["model"], label="b = 1")
    ax.plot([0, 1], [1, 0], color=plots.COLORS["path"], label="b = 10")
    ax.legend()
    assert lines_told_apart_by_colour_only(figure) == [("b = 1", "b = 10")]
    ax.lines[1].set_linestyle("--")
    ax.legend()
    assert lines_told_apart_by_colour_only(figure) == []


def test_an_outlined_line_is_edged_in_white_over_a_dark_colour_map():
    figure = Figure(figsize=(2, 2), dpi=100)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.imshow(np.zeros((4, 4)), cmap="viridis", extent=(0, 1, 0, 1))  # viridis's darkest purple
    ax.plot([0, 1], [0.5, 0.5], color=plots.COLORS["limit"], linewidth=3, path_effects=plots.outlined(9))
    ax.set_axis_off()
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    column = np.asarray(canvas.buffer_rgba())[:, 100, :3].astype(int)
    limit = np.array([int(plots.COLORS["limit"][i : i + 2], 16) for i in (1, 3, 5)])
    on_line = np.flatnonzero(np.abs(column - limit).max(axis=1) <= 2)
    white = np.flatnonzero(column.min(axis=1) >= 253)
    assert on_line.size and white.size
    # white on both sides of the line, between it and the dark map
    assert white.min() < on_line.min() and white.max() > on_line.max()
    assert contrast("white", mpl.colormaps["viridis"](0.0)) > 10


def drawn_colour(line: Line2D):
    """What a line puts on white: its colour (without a line, its markers' fill, or edge when they are
    open), through its alpha."""
    face = line.get_markerfacecolor()
    if line.get_linestyle() not in ("None", "", " "):
        chosen = line.get_color()
    else:
        chosen = line.get_markeredgecolor() if mpl.colors.to_hex(face) == "#ffffff" else face
    colour = np.array(mpl.colors.to_rgb(chosen))
    alpha = 1.0 if line.get_alpha() is None else line.get_alpha()
    return alpha * colour + (1 - alpha) * np.ones(3)


@pytest.mark.parametrize(
    "setup", [s for _, s in scenes_of_the_course()], ids=[i for i, _ in scenes_of_the_course()]
)
def test_every_line_of_every_scene_stands_out_from_white(setup):
    scene = setup.build()
    faint = {
        line.get_label(): round(contrast(drawn_colour(line)), 2)
        for ax in scene.figure.axes
        for line in ax.lines
        if line.get_visible() and contrast(drawn_colour(line)) < 3.0
    }
    assert not faint


def test_a_legend_below_the_figure_stays_clear_of_the_axes():
    figure = Figure(figsize=(6, 4), layout="constrained")
    left, right = figure.subplots(1, 2)
    for k in range(6):
        left.plot([0, 1], [k, k + 1], label=f"line {k}")
    legend = plots.legend_below(figure, left, ncols=3)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    box = legend.get_window_extent(canvas.get_renderer())
    assert len(legend.get_texts()) == 6
    for ax in (left, right):
        # the axes and their tick labels and axis label sit above the legend's top
        assert ax.get_tightbbox(canvas.get_renderer()).y0 > box.y1
    assert box.y0 >= 0


def test_a_legend_below_needs_constrained_layout():
    figure = Figure()
    ax = figure.subplots()
    ax.plot([0, 1], label="a line")
    with pytest.raises(ValueError, match="figure must be laid out by constrained layout"):
        plots.legend_below(figure, ax, ncols=1)
