"""What every scene shares: :class:`Control` (one value a scene is driven by), :class:`Scene` (a
figure driven by values, drawn by blitting) and the small drawing idioms the scenes reuse.

How a frame is made, and why. The static parts (axes, ticks, labels, data, curves) are drawn once
and kept as a bitmap; a frame pastes that bitmap back and draws only the moving artists on it
(matplotlib's "blitting"), then encodes PNG (:mod:`.frames`). Frames are rendered at twice their
display size (:data:`PIXEL_RATIO`), so they stay sharp on a projector and on a HiDPI screen.
``benchmarks/slider_latency.py`` measures the time per frame against a full redraw.
"""

from __future__ import annotations

import functools
import math
import numbers
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from numpy.typing import ArrayLike

from .._checks import check_count
from ..regression import (
    DivergenceWarning,
)
from .frames import png_bytes

if TYPE_CHECKING:  # matplotlib 3.8 (Pyodide's) has no RcKeyType; only the type checker needs it
    from matplotlib.typing import RcKeyType

#: Dots per inch of a figure as it is displayed (its size on screen).
DISPLAY_DPI = 80
#: Frames are rendered with this many pixels per displayed pixel in each direction.
PIXEL_RATIO = 2
#: The size of every word in a scene, in points of the figure. Shown at DISPLAY_DPI, 15 points are as
#: large on screen as 12 in a notebook's own figures (100 dpi): 16.7 screen pixels, 12.5 CSS points.
SCENE_FONT_SIZE = 15

_Result = TypeVar("_Result")


def first_outside(path: np.ndarray, view: Sequence[float]) -> int | None:
    """Index of the first row (θ₀, θ₁) of ``path`` outside ``view`` (low0, high0, low1, high1), or None."""
    low0, high0, low1, high1 = view
    outside = (path[:, 0] < low0) | (path[:, 0] > high0) | (path[:, 1] < low1) | (path[:, 1] > high1)
    return int(np.argmax(outside)) if outside.any() else None


def plural(count: int, noun: str) -> str:
    """ "1 update", "10 updates"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def set_status(status: Text, message: str) -> None:
    """Write ``message`` in a scene's on-figure status box (:func:`gdcore.plots.status_text`); hide it
    when there is nothing to say."""
    status.set_text(message)
    status.set_visible(bool(message))


def in_bold(message: str) -> str:
    """A message written on the figure (in lines), as one bold line of the readout's HTML."""
    return f"<b>{message.replace(chr(10), ' ')}</b>"


def fmt(value: float, digits: int = 4) -> str:
    """A number for a readout: plain when moderate, scientific when huge or tiny, words when not finite.

    Parameters
    ----------
    value : float
        The number.
    digits : int
        Significant digits below 1; at 1 and above, ``digits - 2`` decimals.

    Returns
    -------
    str
        The number as the readout writes it (``"0.1235"``, ``"1,234.57"``, ``"1.235e+06"``).
    """
    if not np.isfinite(value):
        return "overflow (not a finite number)"
    if value != 0 and not 1e-3 <= abs(value) < 1e6:
        return f"{value:.3e}"
    return f"{value:.{digits}g}" if abs(value) < 1 else f"{value:,.{digits - 2}f}"


def as_count_if_whole(value: object) -> object:
    """A float with no fractional part (``3.0``) as the int it stands for; anything else unchanged.

    A slider value or a range written ``(0, 30.0, 1)`` may carry a count as a float;
    :func:`gdcore._checks.check_count`, which then checks it, takes only ints.

    Parameters
    ----------
    value : object
        What the caller passed.
    """
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)
    return value


def check_count_from(value: object, name: str, least: int) -> int:
    """A whole number, ``least`` or more: :func:`gdcore._checks.check_count` with a floor.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The argument's name, for the message.
    least : int
        The smallest count allowed, 0 or more.

    Raises
    ------
    TypeError
        If ``value`` is not a whole number (``2.5``, ``"3"``, ``True``), in ``check_count``'s words:
        "steps must be a whole number; got 2.5 of type float".
    ValueError
        If it is less than ``least``: "steps must be a whole number, 1 or more; got 0".
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and value < least:
        raise ValueError(f"{name} must be a whole number, {least} or more; got {value}")
    return check_count(value, name)


@dataclass(frozen=True)
class Control:
    """One value a scene is driven by: its name, what a slider would say, its range and start.

    Parameters
    ----------
    name : str
        The keyword the scene's ``draw`` takes it by.
    label : str
        What a slider says; its first word is the control's symbol (``"α learning rate"``).
    low, high, step : float
        The range and the step of a slider.
    start : float
        The first value shown.
    integer : bool
        A count or a position (whole numbers, 0 or more) rather than a measure.
    readout_format : str
        How a slider shows the value (``".3f"``, ``"d"``).
    names : tuple of str, optional
        For a choice (:meth:`choice`): the name of each position 0, 1, ...

    Raises
    ------
    TypeError
        When a number is not a number, or a part of an integer control not a whole number.
    ValueError
        Naming the control, when the range is empty, the step not positive, the start outside the
        range or an integer control below 0.
    """

    name: str
    label: str
    low: float
    high: float
    step: float
    start: float
    integer: bool = False
    readout_format: str = ".3f"
    names: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.names is not None:
            if len(self.names) < 2 or not all(isinstance(n, str) for n in self.names):
                raise ValueError(f"{self.name}: names must be two or more strings; got {self.names!r}")
            if (self.low, self.high, self.step, self.integer) != (0, len(self.names) - 1, 1, True):
                raise ValueError(
                    f"{self.name}: a named control runs over the positions 0..{len(self.names) - 1}"
                )
        for part in ("low", "high", "step", "start"):
            value = getattr(self, part)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise TypeError(f"{self.name}: {part} must be a number; got {value!r}")
            if not math.isfinite(value):
                raise ValueError(f"{self.name}: {part} must be finite; got {value!r}")
            if self.integer:
                check_count(as_count_if_whole(value), f"{self.name}: {part}")
        if not self.low < self.high:
            raise ValueError(
                f"{self.name} must be a range (low, high, step) with low < high; got low = {self.low:g}, "
                f"high = {self.high:g}"
            )
        if not self.step > 0:
            raise ValueError(f"{self.name}: step must be positive; got {self.step:g}")
        if not self.low <= self.start <= self.high:
            raise ValueError(
                f"the start of {self.name} must lie inside its range {self.low:g}..{self.high:g}; "
                f"got {self.start:g}"
            )

    @classmethod
    def from_range(
        cls, name: str, label: str, bounds: Sequence[float], start: float, **options: Any
    ) -> Control:
        """A control from a ``(low, high, step)`` triple, checked like the rest."""
        if isinstance(bounds, (str, bytes)) or len(bounds) != 3:
            raise ValueError(f"{name} must be a range (low, high, step); got {bounds!r}")
        low, high, step = bounds
        return cls(name, label, low, high, step, start, **options)

    @classmethod
    def choice(cls, name: str, label: str, names: Sequence[str], start: float = 0) -> Control:
        """A control over a few named options (a slider shows the names; the scene gets the position)."""
        options = tuple(names)
        return cls(
            name, label, 0, len(options) - 1, 1, start, integer=True, readout_format="d", names=options
        )

    def describe(self, value: float) -> str:
        """The value as a reader should see it: its name for a named control, else the number.

        Parameters
        ----------
        value : float
            A value of this control (a position, for a named control).

        Returns
        -------
        str
            The position's name, or the number written with ``:g``.
        """
        return self.names[int(value)] if self.names is not None else f"{value:g}"

    def as_shown(self, value: float) -> str:
        """The value as a slider of this control shows it: its name, or the number in ``readout_format``.

        Negative numbers get the minus sign (−) that ipywidgets 8's sliders write (d3-format's),
        so a text that repeats a slider's value repeats exactly what is on screen.

        Parameters
        ----------
        value : float
            A value of this control (a position, for a named control).

        Returns
        -------
        str
            ``"0.010"`` for 0.01 in ``".3f"``, ``"−50"`` for −50 in ``".0f"``, a name for a choice.
        """
        if self.names is not None:
            return self.names[int(value)]
        number = int(value) if self.integer else float(value)
        return format(number, self.readout_format).replace("-", "\N{MINUS SIGN}")

    @property
    def symbol(self) -> str:
        """The first word of the label (``"α"`` for ``"α learning rate"``), for short texts."""
        return self.label.split()[0]

    def accept(self, value: object) -> float:
        """``value`` as this control's kind of number (an int for an integer control).

        Parameters
        ----------
        value : object
            What a slider, :meth:`Scene.show` or :func:`~gdcore.widgets.key_states` was given.

        Returns
        -------
        float
            The value, as an int for an integer control and as a float otherwise.

        Raises
        ------
        TypeError
            Naming the control, if ``value`` is not a number, or not a whole number for an integer
            control (in :func:`gdcore._checks.check_count`'s words; ``3.0`` counts as 3).
        ValueError
            Naming the control, if ``value`` is outside its range.
        """
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"{self.name} must be a number; got {value!r}")
        number = check_count(as_count_if_whole(value), self.name) if self.integer else float(value)
        tolerance = 1e-9 * (self.high - self.low)
        if not (self.low - tolerance <= number <= self.high + tolerance):
            raise ValueError(f"{self.name} must lie in {self.low:g}..{self.high:g}; got {number:g}")
        return number


class Scene:
    """A figure driven by values: subclasses draw it and implement :meth:`draw`.

    A subclass builds ``figure`` with :func:`new_figure`, passes the artists that move as
    ``moving`` and its :class:`Control` list, and implements ``draw(**values)``, which moves
    the artists, fills :attr:`values` with the numbers behind the picture and returns the
    readout's HTML. :meth:`caption` says the key number in a few words.

    Parameters
    ----------
    figure : Figure
        The scene's figure, with everything drawn on it.
    moving : sequence of Artist
        The artists that :meth:`draw` moves; the rest of the figure is drawn once and kept.
    controls : sequence of Control
        What the scene is driven by, in slider order.

    Attributes
    ----------
    controls : dict[str, Control]
        What the scene is driven by, in slider order.
    state : dict[str, float]
        The values last shown.
    values : mapping of str to object
        The numbers behind the last frame, for the notebook's text and for tests. Each scene
        declares its keys and their types as a ``TypedDict`` (``StepScene``'s ``StepValues``).
    readout : str
        The HTML returned by the last :meth:`show`.
    """

    values: Mapping[str, object]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Build every scene, and draw every frame, with its own text size (:data:`SCENE_FONT_SIZE`)."""
        super().__init_subclass__(**kwargs)
        for name in ("__init__", "draw"):
            if name in cls.__dict__:
                setattr(cls, name, scene_text_style(cls.__dict__[name]))

    def __init__(self, figure: Figure, moving: Sequence[Artist], controls: Sequence[Control]):
        self.controls = {control.name: control for control in controls}
        self.figure = figure
        self.moving = list(moving)
        self.canvas = FigureCanvasAgg(figure)  # also figure.canvas; typed here as the Agg canvas it is
        for artist in self.moving:
            artist.set_animated(True)  # left out of a full draw: drawn by png() on the kept background
        self.canvas.draw()  # lays the figure out (constrained layout) and draws the static parts
        figure.set_layout_engine("none")  # keep that layout: the kept background must stay valid
        self.background = self.canvas.copy_from_bbox(figure.bbox)
        # accepted like any value: a count started at 30.0 reaches draw as the int 30
        self.state = {name: control.accept(control.start) for name, control in self.controls.items()}
        self.values = {}
        self.readout = ""
        self.show()

    def restage(self) -> None:
        """Redraw the figure's still parts and keep them, after :meth:`draw` changed one of them.

        A frame is the kept background plus the moving artists, so a change to what does not move (an
        axis' limits, say) shows only once the background is drawn again. That costs a full draw: a
        scene calls it only when such a change is needed, not on every frame.
        """
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of a frame on screen, in pixels (it is rendered at PIXEL_RATIO times that)."""
        width, height = self.canvas.get_width_height()
        return width // PIXEL_RATIO, height // PIXEL_RATIO

    def show(self, **values: float) -> str:
        """Show the scene at these values (the others stay as they were); return the readout's HTML.

        Parameters
        ----------
        **values : float
            New values of some of the controls, by name; each is checked by its control.

        Returns
        -------
        str
            The readout's HTML, as :meth:`draw` wrote it.

        Raises
        ------
        TypeError
            If a name is not one of the scene's controls, or a value not a number (see
            :meth:`Control.accept`).
        ValueError
            If a value is outside its control's range.
        """
        for name in values:
            if name not in self.controls:
                known = ", ".join(self.controls)
                raise TypeError(f"{type(self).__name__} has no value {name!r}; it has: {known}")
        accepted = {name: self.controls[name].accept(value) for name, value in values.items()}
        self.state.update(accepted)
        self.readout = self.draw(**self.state)
        return self.readout

    def draw(self, *args: Any, **values: Any) -> str:  # pragma: no cover - every subclass overrides it
        """Move the artists to ``values`` (one keyword per control), fill :attr:`values`, return the readout.

        Each subclass names its own keywords (``StepScene.draw(alpha, steps)``); :meth:`show` calls
        it with every control's value by name. ``*args: Any, **values: Any`` is the signature that
        lets every subclass choose its own parameters (mypy accepts any override of it).

        Parameters
        ----------
        *args : Any
            Not used: :meth:`show` passes every value by name.
        **values : float
            The value of each control, by name (an int for an integer control).

        Returns
        -------
        str
            The readout's HTML: the numbers behind the picture.
        """
        raise NotImplementedError

    def caption(self) -> str:
        """The key number of the current state, in a few words (titles of the key-state figures).

        Returns
        -------
        str
            A few words, such as ``"J = 4.20"``; empty in a scene that has none.
        """
        return ""

    def describe(self) -> str:
        """What the frame shows now, in plain words, with the numbers it shows (subclasses say more).

        The base says the key number (:meth:`caption`); each scene of the course overrides it to
        name its panels and the numbers drawn on them, for :meth:`alt_text`.

        Returns
        -------
        str
            One or a few plain sentences, no HTML.
        """
        return self.caption()

    def alt_text(self) -> str:
        """The frame's alternative text: the sliders' values as shown on screen, then :meth:`describe`.

        An explorer gives it to its image after every change, so a screen reader that reaches the
        picture reads what it shows now.

        Returns
        -------
        str
            ``"α learning rate = 0.010, steps = 2. Left: ..."``.
        """
        settings = ", ".join(
            f"{control.label} = {control.as_shown(self.state[name])}"
            for name, control in self.controls.items()
        )
        return f"{settings}. {self.describe()}"

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes: the kept background plus the moving artists.

        Returns
        -------
        bytes
            The PNG file's bytes (:func:`~gdcore.scenes.png_bytes`), at PIXEL_RATIO× the size on screen.
        """
        self.canvas.restore_region(self.background)
        for artist in self.moving:
            self.figure.draw_artist(artist)
        return png_bytes(np.asarray(self.canvas.buffer_rgba()))

    def render(self, **values: float) -> bytes:
        """:meth:`show` these values and return the frame as PNG bytes.

        Parameters
        ----------
        **values : float
            New values of some of the controls, by name, as for :meth:`show`.

        Returns
        -------
        bytes
            The frame at those values, as :meth:`png` returns it.
        """
        self.show(**values)
        return self.png()


#: matplotlib's settings of text sizes that :func:`scene_text_style` sets to :data:`SCENE_FONT_SIZE`.
SCENE_TEXT_SIZES: tuple[RcKeyType, ...] = (
    "font.size",
    "axes.titlesize",
    "axes.labelsize",
    "xtick.labelsize",
    "ytick.labelsize",
    "legend.fontsize",
    "legend.title_fontsize",
)


def scene_text_style(method: Callable[..., _Result]) -> Callable[..., _Result]:
    """``method``, run with every text size of matplotlib's settings at :data:`SCENE_FONT_SIZE`: the
    words it writes are large enough at the size a frame is shown, whatever the notebook's settings.

    Parameters
    ----------
    method : callable
        A scene's ``__init__`` or ``draw``; :class:`Scene` wraps those of every subclass.

    Returns
    -------
    callable
        ``method``, with the same name and docstring, run in those settings; they are put back as
        they were when it returns or raises (only these seven: a method must not change others).
    """

    @functools.wraps(method)
    def styled(*args: Any, **kwargs: Any) -> _Result:
        # Not mpl.rc_context: it copies and restores all of matplotlib's ~300 settings, 12 times the
        # time of these seven (0.12 ms against 0.01 ms a call; a frame makes two, in Pyodide too).
        before = {key: mpl.rcParams[key] for key in SCENE_TEXT_SIZES}
        mpl.rcParams.update(dict.fromkeys(SCENE_TEXT_SIZES, SCENE_FONT_SIZE))
        try:
            return method(*args, **kwargs)
        finally:
            mpl.rcParams.update(before)

    return styled


def new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A figure of ``width`` × ``height`` inches on screen, rendered at PIXEL_RATIO× the pixels, and its axes.

    Parameters
    ----------
    width, height : float
        The figure's size on screen, in inches.
    """
    figure = _scene_figure(width, height)
    return figure, figure.subplots()


def new_panels(width: float, height: float, panels: int) -> tuple[Figure, list[Axes]]:
    """A figure like :func:`new_figure`'s with ``panels`` axes side by side, left to right.

    Parameters
    ----------
    width, height : float
        The figure's size on screen, in inches.
    panels : int
        How many axes, in one row.
    """
    figure = _scene_figure(width, height)
    return figure, list(figure.subplots(1, panels))


def _scene_figure(width: float, height: float) -> Figure:
    """An empty figure of ``width`` × ``height`` inches on screen, at PIXEL_RATIO× the pixels, laid out."""
    return Figure(figsize=(width, height), dpi=DISPLAY_DPI * PIXEL_RATIO, layout="constrained")


def padded(low: float, high: float, fraction: float = 0.05) -> tuple[float, float]:
    """The interval [low, high] widened by ``fraction`` of its length on each side."""
    pad = fraction * (high - low) if high > low else max(abs(high), 1.0)
    return low - pad, high + pad


def line_span(x: ArrayLike) -> np.ndarray:
    """Where to draw a fitted line: from 0 (where the intercept is read) to a little past the data."""
    x = np.asarray(x, float)
    low, high = min(0.0, x.min()), max(0.0, x.max())
    return np.array([low, high + 0.1 * (high - low)])


def span_of_lines(span: np.ndarray, y: np.ndarray, predictions: Sequence[np.ndarray]) -> tuple[float, float]:
    """Y-limits that hold the data and every line in ``predictions`` (each drawn over ``span``)."""
    values = np.concatenate([y, *predictions])
    return padded(float(values.min()), float(values.max()))


def quietly(run: Callable[..., _Result], *args: object) -> _Result:
    """Call a descent, returning its result; its DivergenceWarning is shown on the figure instead.

    Parameters
    ----------
    run : callable
        The descent (:func:`~gdcore.gradient_descent`, or a function of no arguments).
    *args
        Its arguments.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        return run(*args)
