"""The course's figures: one function per kind of figure, reused by every notebook.

Each function draws on ``ax`` (a new figure's axes when ``ax`` is None), takes the numbers to draw
(computed with :mod:`gdcore`, never here), accepts matplotlib keyword overrides, and returns the
artist it drew, so that a slider can move it with ``set_data`` instead of drawing again.

Nothing is styled on import: call :func:`use_course_style` once, in a notebook's setup cell.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import ListedColormap
from matplotlib.contour import QuadContourSet
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patheffects import AbstractPathEffect, Normal, Stroke
from matplotlib.quiver import Quiver
from matplotlib.rcsetup import cycler
from matplotlib.text import Text
from numpy.typing import ArrayLike

__all__ = [
    "COLORS",
    "CONTOUR_CMAP",
    "arrows",
    "batch_curves",
    "coefficient_paths",
    "cost_contours",
    "cost_curve",
    "cost_history",
    "data_scatter",
    "descent_path",
    "error_curves",
    "legend_below",
    "level_words",
    "mark_vertical",
    "model_line",
    "new_axes",
    "outlined",
    "residual_lines",
    "safe_for_drawing",
    "show",
    "status_text",
    "use_course_style",
]

#: Okabe & Ito's palette, darkened where it was too light to read on white (WCAG 2.1, 1.4.11 and 1.4.3):
#: every colour but ``residual`` reaches 4.5:1 against white, so it may also colour words; ``residual``
#: reaches 3:1 and only colours lines. Under simulated deuteranopia and protanopia (Machado et al. 2009)
#: any two stay at least 10 CIELAB units apart; ``tests/test_figure_accessibility.py`` checks both.
COLORS = {
    "data": "#000000",
    "model": "#0072B2",  # blue
    "best": "#008561",  # bluish green
    "path": "#C05500",  # vermilion
    "limit": "#A26085",  # reddish purple
    "residual": "#C98500",  # orange
    "muted": "#606060",  # grey
}

#: The colour map of level curves: cividis without its light end, so every curve reaches 3:1 on white.
CONTOUR_CMAP = ListedColormap(mpl.colormaps["cividis"](np.linspace(0.0, 0.6, 256)), name="cividis_dark")

#: Beyond this size a coordinate is only "off the chart"; clipping keeps Agg from choking on 1e300.
DRAW_LIMIT = 1e12


def use_course_style() -> None:
    """Set large, projector-friendly fonts, a light grid and the colour-blind-safe palette."""
    mpl.rcParams.update(
        {
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 100,
            "font.size": 12,
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": cycler(color=[COLORS[k] for k in ("model", "path", "best", "limit")]),
            "lines.linewidth": 2.2,
            "lines.markersize": 7,
            "legend.frameon": False,
            "savefig.bbox": "tight",
        }
    )


def show(alt: str, figure: Figure | None = None) -> None:
    """Display a figure in the notebook with its alternative text, then close it.

    A screen reader reads ``alt`` instead of the picture, and JupyterLab, nbconvert's HTML and the
    slides put it in the image's ``alt`` attribute (IPython carries it in the output's metadata).
    Write what the figure shows and the numbers a reader needs, not its title again. Use it instead
    of ``plt.show()``.

    Parameters
    ----------
    alt : str
        What the figure shows, in a sentence or a few.
    figure : Figure, optional
        The figure to show; the current pyplot figure when None.

    Raises
    ------
    TypeError, ValueError
        If ``alt`` is not a string, or says nothing.
    """
    if not isinstance(alt, str):
        raise TypeError(f"alt must be a string that describes the figure; got {type(alt).__name__}")
    if len(alt.split()) < 4:
        raise ValueError(f"alt must describe what the figure shows, in a sentence; got {alt!r}")
    figure = figure if figure is not None else plt.gcf()
    from IPython import get_ipython
    from IPython.display import display

    shell = get_ipython()
    if shell is not None:  # outside IPython there is nowhere to show it
        data, metadata = shell.display_formatter.format(figure)
        metadata.setdefault("image/png", {})["alt"] = alt  # beside any size the formatter gave (retina)
        display(data, raw=True, metadata=metadata)
    plt.close(figure)


def new_axes(ax: Axes | None) -> Axes:
    """``ax`` itself, or the axes of a new pyplot figure.

    Parameters
    ----------
    ax : Axes or None
        The axes to draw on, or None for a new figure's.

    Returns
    -------
    Axes
        ``ax``, or the new figure's axes.
    """
    if ax is None:
        _, ax = plt.subplots()
    return ax


def outlined(width: float = 5.0) -> list[AbstractPathEffect]:
    """A white outline under a line or a word, for ``path_effects=``: drawn over a colour map, it
    keeps the contrast it has on white (WCAG 1.4.11) against the dark colours and the light alike.

    Parameters
    ----------
    width : float
        The outline's width in points; a few more than the line's.

    Returns
    -------
    list of AbstractPathEffect
        The outline, then the line itself.
    """
    return [Stroke(linewidth=width, foreground="white"), Normal()]


def legend_below(figure: Figure, ax: Axes, ncols: int, **kwargs: Any) -> Legend:
    """The legend of ``ax`` under the whole figure, in ``ncols`` columns, the axes kept clear of it.

    For a figure laid out by constrained layout (matplotlib 3.6, the oldest the course allows, has
    no ``loc="outside ..."``): the layout is told to leave the legend's rows free at the bottom.

    Parameters
    ----------
    figure : Figure
        The figure, laid out by constrained layout.
    ax : Axes
        The axes whose labelled artists the legend lists.
    ncols : int
        How many columns.
    **kwargs : Any
        Matplotlib options for ``figure.legend``.

    Returns
    -------
    Legend
        The legend.

    Raises
    ------
    ValueError
        If ``figure`` is not laid out by constrained layout.
    """
    handles, labels = ax.get_legend_handles_labels()
    legend = figure.legend(handles, labels, loc="lower center", ncols=ncols, **kwargs)
    rows = -(-len(labels) // ncols)
    points = float(legend.get_texts()[0].get_fontsize()) * (1.45 * rows + 0.9)  # rows, spacing, padding
    share = points / 72 / figure.get_figheight()
    engine = figure.get_layout_engine()
    if not isinstance(engine, ConstrainedLayoutEngine):
        raise ValueError("figure must be laid out by constrained layout (layout='constrained')")
    engine.set(rect=(0, share, 1, 1 - share))
    return legend


def safe_for_drawing(values: ArrayLike) -> np.ndarray:
    """Values as floats, with NaN and anything huge clipped to ``±DRAW_LIMIT`` (drawn off the chart).

    Parameters
    ----------
    values : array_like
        The coordinates to draw.

    Returns
    -------
    ndarray
        The values as floats, each within ``±DRAW_LIMIT`` (NaN becomes ``DRAW_LIMIT``).
    """
    values = np.asarray(values, dtype=float)
    return np.clip(
        np.nan_to_num(values, nan=DRAW_LIMIT, posinf=DRAW_LIMIT, neginf=-DRAW_LIMIT), -DRAW_LIMIT, DRAW_LIMIT
    )


def data_scatter(
    x: ArrayLike,
    y: ArrayLike,
    ax: Axes | None = None,
    xlabel: str = "gold (carats)",
    ylabel: str = "price (dollars)",
    **kwargs: Any,
) -> PathCollection:
    """The observations as dots, with axis labels (units in brackets).

    Parameters
    ----------
    x, y : array_like
        The feature and the target of each observation.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    xlabel, ylabel : str
        The axis labels.
    **kwargs : Any
        Matplotlib options for ``ax.scatter``, overriding the course's.

    Returns
    -------
    PathCollection
        The dots.
    """
    ax = new_axes(ax)
    options: dict[str, Any] = {"color": COLORS["data"], "s": 50, "zorder": 3, "label": "observed"} | kwargs
    points = ax.scatter(x, y, **options)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return points


def model_line(x: ArrayLike, predictions: ArrayLike, ax: Axes | None = None, **kwargs: Any) -> Line2D:
    """A fitted line, drawn through its predictions at the points ``x`` (two points suffice).

    Parameters
    ----------
    x : array_like
        Where the line is drawn through.
    predictions : array_like
        The model's prediction at each point of ``x``.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    Line2D
        The line.
    """
    ax = new_axes(ax)
    options: dict[str, Any] = {"color": COLORS["model"], "label": "model"} | kwargs
    (line,) = ax.plot(x, safe_for_drawing(predictions), **options)
    return line


def residual_segments(x: ArrayLike, y: ArrayLike, predictions: ArrayLike) -> list[list[tuple[float, float]]]:
    """Vertical segments from each observation to its prediction (for ``LineCollection.set_segments``)."""
    predictions = safe_for_drawing(predictions)
    return [[(xi, yi), (xi, pi)] for xi, yi, pi in zip(np.ravel(x), np.ravel(y), predictions, strict=True)]


def residual_lines(
    x: ArrayLike, y: ArrayLike, predictions: ArrayLike, ax: Axes | None = None, **kwargs: Any
) -> LineCollection:
    """Dashed vertical lines showing how far each prediction misses its observation.

    Parameters
    ----------
    x, y : array_like
        The feature and the target of each observation.
    predictions : array_like
        The model's prediction for each observation.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    LineCollection
        The dashed lines, one per observation.
    """
    ax = new_axes(ax)
    options: dict[str, Any] = {
        "colors": COLORS["residual"],
        "linestyles": "--",
        "linewidths": 2,
        "label": "residuals",
    } | kwargs
    lines = LineCollection(residual_segments(x, y, predictions), **options)
    ax.add_collection(lines)
    return lines


def cost_curve(
    thetas: ArrayLike,
    costs: ArrayLike,
    ax: Axes | None = None,
    xlabel: str = r"$\theta_1$",
    ylabel: str = r"cost $J(\theta_1)$",
    **kwargs: Any,
) -> Line2D:
    """The cost as a function of one parameter (the parabola of notebooks 03 and 04).

    Parameters
    ----------
    thetas : array_like
        Values of the parameter.
    costs : array_like
        The cost at each of them.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    xlabel, ylabel : str
        The axis labels.
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    Line2D
        The curve.
    """
    ax = new_axes(ax)
    options: dict[str, Any] = {"color": COLORS["model"], "label": r"$J(\theta_1)$"} | kwargs
    (line,) = ax.plot(thetas, costs, **options)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return line


def descent_path(thetas: ArrayLike, costs: ArrayLike, ax: Axes | None = None, **kwargs: Any) -> Line2D:
    """The points visited by descent on the cost curve, joined in order.

    Parameters
    ----------
    thetas, costs : array_like
        The coordinates of the points, in the order visited (the parameter and its cost, or θ₀
        and θ₁ on a contour plot).
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    Line2D
        The path.
    """
    ax = new_axes(ax)
    options: dict[str, Any] = {
        "color": COLORS["path"],
        "marker": "o",
        "linewidth": 1.5,
        "zorder": 4,
        "label": "descent",
    } | kwargs
    (line,) = ax.plot(safe_for_drawing(thetas), safe_for_drawing(costs), **options)
    return line


def cost_history(
    costs: ArrayLike, ax: Axes | None = None, log: bool = True, ylabel: str = "cost $J$", **kwargs: Any
) -> Line2D:
    """The cost after each iteration (iteration 0 is the start), on a log scale by default.

    Pass ``costs - lowest_cost`` with ``ylabel="cost above the least, $J - J^*$"`` to see how
    fast descent closes the gap: a geometric approach is then a straight line.

    Parameters
    ----------
    costs : array_like
        The cost after each iteration, the start first.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    log : bool
        Whether the cost axis has a log scale.
    ylabel : str
        The cost axis's label (" (log scale)" is added on a log scale).
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    Line2D
        The curve.
    """
    ax = new_axes(ax)
    costs = safe_for_drawing(costs)
    options: dict[str, Any] = {"color": COLORS["path"], "label": "cost"} | kwargs
    (line,) = ax.plot(np.arange(len(costs)), costs, **options)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("iteration")
    ax.set_ylabel(ylabel + (" (log scale)" if log else ""))
    return line


#: How :func:`batch_curves` draws its first, second and third curve: colour, line style, marker and
#: width, so that no curve is told from another by colour alone and a thin line stays visible on a thick.
BATCH_STYLES = (
    (COLORS["path"], "-", "o", 1.3),
    (COLORS["model"], "--", "s", 2.2),
    (COLORS["best"], ":", "^", 3.0),
)

#: The curves of :func:`error_curves`, in order: (colour, line style, marker).
ERROR_STYLES = (
    (COLORS["model"], "-", "o"),
    (COLORS["path"], "--", "s"),
    (COLORS["best"], "-.", "^"),
    (COLORS["limit"], ":", "D"),
)


def batch_curves(
    curves: dict[str, tuple[ArrayLike, ArrayLike]],
    ax: Axes | None = None,
    floor: float = 1e-4,
    markers: int = 7,
    **kwargs: Any,
) -> list[Line2D]:
    """Several runs' :math:`J - J^*` against one shared axis (updates, epochs or seconds), log scale.

    Each curve gets its own line style, marker and width from :data:`BATCH_STYLES` (colour is never
    the only cue), with about ``markers`` markers spread along it, offset from curve to curve so that
    they do not sit on each other (spaced along the line as drawn, so also on a log axis). Values
    below ``floor`` (a run that reached :math:`J^*` exactly)
    are drawn at ``floor``: say so in the axis label. Notebook 09 compares batch sizes with it.

    Parameters
    ----------
    curves : dict of str to (x, gaps)
        For each label, the x values and the :math:`J - J^*` there, at most three curves.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    floor : float
        The least value drawn; smaller ones are drawn at it.
    markers : int
        About how many markers each curve carries.
    **kwargs : Any
        Matplotlib options for every curve, overriding the course's.

    Returns
    -------
    list of Line2D
        The curves, in the order of ``curves``.
    """
    if len(curves) > len(BATCH_STYLES):
        raise ValueError(f"curves must hold at most {len(BATCH_STYLES)} curves; got {len(curves)}")
    ax = new_axes(ax)
    lines = []
    for k, (label, (x, gaps)) in enumerate(curves.items()):
        color, style, marker, width = BATCH_STYLES[k]
        x = np.asarray(x, dtype=float)
        shown = np.maximum(safe_for_drawing(gaps), floor)
        options: dict[str, Any] = {
            "color": color,
            "linestyle": style,
            "linewidth": width,
            "marker": marker,
            "markersize": 6,
            "markevery": (0.3 * k / markers, 1.0 / markers),  # spread along the drawn line, any axis scale
            "label": label,
            "zorder": 3 + k,
        } | kwargs
        (line,) = ax.plot(x, shown, **options)
        lines.append(line)
    ax.set_yscale("log")
    return lines


def error_curves(
    curves: dict[str, tuple[ArrayLike, ArrayLike]], ax: Axes | None = None, **kwargs: Any
) -> list[Line2D]:
    """Errors against one shared axis (a penalty, a training-set size, an equivalent penalty), one line each.

    Each curve gets its own line style and marker from :data:`ERROR_STYLES` as well as its colour
    (colour is never the only cue). Notebook 13 draws training and validation errors with it.

    Parameters
    ----------
    curves : dict of str to (x, errors)
        For each label, the x values and the errors there, at most four curves.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    **kwargs : Any
        Matplotlib options for every curve, overriding the course's.

    Returns
    -------
    list of Line2D
        The curves, in the order of ``curves``.
    """
    if len(curves) > len(ERROR_STYLES):
        raise ValueError(f"curves must hold at most {len(ERROR_STYLES)} curves; got {len(curves)}")
    ax = new_axes(ax)
    lines = []
    for (label, (x, errors)), (color, style, marker) in zip(curves.items(), ERROR_STYLES, strict=False):
        options: dict[str, Any] = {
            "color": color,
            "linestyle": style,
            "marker": marker,
            "markersize": 5,
            "linewidth": 2.2,
            "label": label,
        } | kwargs
        (line,) = ax.plot(np.asarray(x, float), safe_for_drawing(errors), **options)
        lines.append(line)
    return lines


def coefficient_paths(
    gammas: ArrayLike, paths: ArrayLike, ax: Axes | None = None, solid: int = 0, **kwargs: Any
) -> list[Line2D]:
    """Each coefficient of a ridge fit against the penalty γ, on a log axis: the coefficient paths.

    The first ``solid`` coefficients are drawn as solid blue lines, the others as thin dashed grey
    ones (colour is never the only cue). Notebook 13 draws them.

    Parameters
    ----------
    gammas : array_like, shape (g,)
        The penalties, all positive.
    paths : array_like, shape (g, p)
        Row i holds the p coefficients at ``gammas[i]``.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    solid : int
        How many of the first coefficients to draw solid.
    **kwargs : Any
        Matplotlib options for every line, overriding the course's.

    Returns
    -------
    list of Line2D
        One line per coefficient, in order.
    """
    ax = new_axes(ax)
    gammas_ = np.asarray(gammas, float)
    lines = []
    for j, path in enumerate(np.asarray(paths, float).T):
        main = j < solid
        options: dict[str, Any] = {
            "color": COLORS["model"] if main else COLORS["muted"],
            "linestyle": "-" if main else "--",
            "linewidth": 1.8 if main else 0.8,
            "alpha": 1.0 if main else 0.7,
        } | kwargs
        (line,) = ax.plot(gammas_, safe_for_drawing(path), **options)
        lines.append(line)
    ax.set_xscale("log")
    ax.axhline(0, color=COLORS["data"], linewidth=0.8)
    return lines


def mark_vertical(x: float, label: str, ax: Axes | None = None, **kwargs: Any) -> Line2D:
    """A labelled vertical line, such as the stability limit on an alpha axis.

    Parameters
    ----------
    x : float
        Where the line stands.
    label : str
        Its label, for the legend.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    Line2D
        The line.
    """
    ax = new_axes(ax)
    options: dict[str, Any] = {
        "color": COLORS["limit"],
        "linestyle": ":",
        "linewidth": 2.5,
        "label": label,
    } | kwargs
    return ax.axvline(x, **options)


def status_text(ax: Axes, text: str = "", y: float = 0.95, **kwargs: Any) -> Text:
    """A message written on the axes at height ``y`` (axes fraction), left (reports divergence in words).

    Parameters
    ----------
    ax : Axes
        The axes to write on.
    text : str
        The message (empty at first: a scene writes it with ``set_text``).
    y : float
        The height of its top, as a fraction of the axes.
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    Text
        The message.
    """
    options: dict[str, Any] = {
        "transform": ax.transAxes,
        "va": "top",
        "ha": "left",
        "fontsize": "medium",  # the font size in force: 12 in a notebook, 15 in a scene
        "color": COLORS["path"],
        "fontweight": "bold",
        "bbox": {"boxstyle": "round", "facecolor": "white", "edgecolor": COLORS["path"], "alpha": 0.9},
        "zorder": 10,
    } | kwargs
    return ax.text(0.03, y, text, **options)


def level_words(level: float) -> str:
    """A level curve's cost as a label writes it: 0.25, 1, 400, 1,600, 100,000.

    Parameters
    ----------
    level : float
        The cost of the level curve.

    Returns
    -------
    str
        Three significant digits below 1000, whole numbers with thousands separators above.
    """
    return f"{level:,.0f}" if level >= 1000 else f"{level:.3g}"


def cost_contours(
    theta0: ArrayLike,
    theta1: ArrayLike,
    costs: ArrayLike,
    ax: Axes | None = None,
    levels: int | ArrayLike = 12,
    labels: bool | ArrayLike = False,
    **kwargs: Any,
) -> QuadContourSet:
    """Level curves of the cost over a grid of (θ₀, θ₁): the bowl seen from above.

    ``costs[i, j]`` is the cost at ``(theta0[j], theta1[i])``. Levels are spaced on a log scale by
    default, so both the narrow valley floor and the steep walls show.

    Parameters
    ----------
    theta0, theta1 : array_like
        The grid's values of θ₀ and θ₁.
    costs : array_like, shape (len(theta1), len(theta0))
        The cost at each point of the grid.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    levels : int or array_like
        How many level curves (spaced on a log scale), or the costs they are drawn at.
    labels : bool or array_like
        Write each curve's cost on it (three significant digits, thousands with separators: 1,600),
        so that a reader can tell the curves apart without their colours; or only on the curves of
        these costs, where the others lie too close together for words.
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    QuadContourSet
        The level curves.
    """
    ax = new_axes(ax)
    costs = np.asarray(costs, dtype=float)
    if isinstance(levels, int):
        levels = np.geomspace(costs.min() * 1.01 + 1e-12, costs.max(), levels)
    options: dict[str, Any] = {"cmap": CONTOUR_CMAP, "linewidths": 1.2} | kwargs
    contours = ax.contour(theta0, theta1, costs, levels=levels, **options)
    if labels is not False:
        chosen = np.asarray(contours.levels if labels is True else labels, dtype=float)
        ax.clabel(contours, chosen, fmt=level_words, fontsize=12, inline=True)
    ax.set_xlabel(r"$\theta_0$")
    ax.set_ylabel(r"$\theta_1$")
    return contours


def arrows(starts: ArrayLike, vectors: ArrayLike, ax: Axes | None = None, **kwargs: Any) -> Quiver:
    r"""Arrows from the points ``starts`` along ``vectors``, both shape (k, 2), in data units.

    For directions on a contour plot of the cost: eigenvectors of the Hessian drawn from the
    minimum, or the downhill direction :math:`-\nabla J` at a few points (notebook 05). Use equal
    axis scales (``ax.set_aspect("equal")``) when the angles matter. Returns the ``Quiver``.

    Parameters
    ----------
    starts : array_like, shape (k, 2)
        Where the arrows start.
    vectors : array_like, shape (k, 2)
        Each arrow's length and direction, in data units.
    ax : Axes, optional
        The axes to draw on; a new figure's when None.
    **kwargs : Any
        Matplotlib options, overriding the course's.

    Returns
    -------
    Quiver
        The arrows.
    """
    ax = new_axes(ax)
    starts = np.atleast_2d(np.asarray(starts, dtype=float))
    vectors = np.atleast_2d(np.asarray(vectors, dtype=float))
    options: dict[str, Any] = {
        "color": COLORS["path"],
        "angles": "xy",
        "scale_units": "xy",
        "scale": 1,
        "width": 0.005,
        "zorder": 5,
    } | kwargs
    return ax.quiver(starts[:, 0], starts[:, 1], vectors[:, 0], vectors[:, 1], **options)
