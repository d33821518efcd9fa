"""The course's sliders: one generic :class:`Explorer` that binds a slider to each value of any scene.

A scene (:mod:`gdcore.scenes`) draws the lesson at given values and knows nothing of widgets. An
:class:`Explorer` makes one slider per control of its scene, a readout and an image; when a slider
moves it calls ``scene.show(...)`` with every slider's value and puts the new frame in the image.
:func:`key_states` renders the same scene at chosen values into one static figure, for readers
without a kernel (GitHub, a printed page, slides).

Plain ipywidgets and PNG frames: this runs unchanged on ipywidgets 7.7 (Colab) and 8, in
JupyterLab 4 and in Colab, and needs no ipympl (whose Colab support is broken).

For a screen reader (WCAG 2.1 AA), each explorer also displays a small script (:data:`A11Y_SCRIPT`):
plain ipywidgets, 7.7 and 8 alike, give a slider's handle no accessible name, an ``aria-valuenow``
rounded to one decimal (8) or no slider role at all (7.7, jQuery UI), no ``alt`` to an image and no
live region (upstream: jupyter-widgets/ipywidgets#2650, "ARIA labels, and more accessibility
features", open). The script ties each label to its handle and keeps the handle's ``aria-valuetext``
equal to the digits of the slider's readout, makes the readout a polite live region, and gives the
frame the scene's alternative text (:meth:`Scene.alt_text`), which the kernel sends in the readout's
HTML. Why a script and not a widget of our own (anywidget): it needs no front-end extension, so it
runs wherever a trusted output's JavaScript runs, JupyterLab 4, Binder, JupyterLite and Colab (whose
widgets are ipywidgets 7.7), and it finds the parts by the CSS classes that both versions of
ipywidgets put on a widget (``_dom_classes``).

Numerical trouble never breaks an explorer: divergence is reported in words by the scene, and any
unexpected error is shown in the readout instead of a traceback.
"""

from __future__ import annotations

import html
import io
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from numbers import Integral
from typing import NamedTuple

import ipywidgets as w
from matplotlib.figure import Figure
from PIL import Image as PILImage

from . import scenes
from ._checks import check_count
from ._deprecation import deprecated
from .scenes import PIXEL_RATIO, Control, Scene, fmt
from .scenes.base import plural

__all__ = [
    "Explorer",
    "KeyState",
    "compact_png",
    "fmt",
    "key_state_pictures",
    "key_states",
    "key_states_alt",
    "key_states_described",
    "key_states_figure",
]

SLIDER_STYLE = {"description_width": "initial"}
SLIDER_LAYOUT = {"width": "420px"}
#: ipywidgets cuts a widget's plain-text stand-in at this many characters.
FALLBACK_LIMIT = 110
#: The readout's text: 16 px (ipywidgets' 13 px is too small to read from the back of a room). Written
#: in the HTML itself: ipywidgets 7.7's HTML widget has no font size in its style.
READOUT_STYLE = "font-size: 16px; line-height: 1.45"
#: The CSS classes (``_dom_classes``) by which :data:`A11Y_SCRIPT` finds an explorer's parts.
A11Y_CLASSES = {"box": "gd-explorer", "slider": "gd-slider", "readout": "gd-readout", "frame": "gd-frame"}
_explorer_numbers = itertools.count(1)

#: Run in the browser beside each explorer (see the module's docstring); ``CONFIG`` is replaced by
#: :meth:`Explorer.accessibility`. It waits until the explorer's box has rendered (the widget views
#: come after the output), then observes only that box's readouts. ``.noUi-handle``: ipywidgets 8
#: (noUiSlider, which rewrites ``aria-valuetext`` and ``aria-valuenow`` at every move, so they are
#: put back after it); ``.ui-slider-handle``: ipywidgets 7.7 (jQuery UI, no role, no aria). Last, once
#: per page, a listener that runs before JupyterLab's: JupyterLite 0.6 starts JupyterLab so that it reads
#: every key before the page's elements do (JupyterLab with a server lets the element go first), and in
#: command mode an arrow key on a focused handle moved to the next heading instead of moving the slider.
#: For a slider's own keys (arrows, Home, End, Page Up/Down, with no Ctrl, Alt or Cmd) the handle is
#: marked ``data-lm-suppress-shortcuts``, which tells JupyterLab to leave that key alone; for any other
#: key the mark is taken off, so that Ctrl+S and Shift+Enter still reach JupyterLab.
A11Y_SCRIPT = """(function (c) {
  var views = 0;
  if (!window.gdSliderKeys) {
    window.gdSliderKeys = true;
    window.addEventListener("keydown", function (e) {
      var handle = e.target && e.target.closest &&
        e.target.closest(".gd-slider .noUi-handle, .gd-slider .ui-slider-handle");
      if (!handle) return;
      var own = !e.ctrlKey && !e.altKey && !e.metaKey &&
        /^(Arrow(Left|Right|Up|Down)|Home|End|PageUp|PageDown)$/.test(e.key);
      if (own) handle.setAttribute("data-lm-suppress-shortcuts", "true");
      else handle.removeAttribute("data-lm-suppress-shortcuts");
    }, true);
  }
  function text(e) { return (e.textContent || "").replace(/\\s+/g, " ").trim(); }
  function put(e, name, value) {
    if (value !== null && e.getAttribute(name) !== value) e.setAttribute(name, value);
  }
  function number(s) {
    var n = parseFloat(s.replace(/\\u2212/g, "-").replace(/,/g, ""));
    return isNaN(n) ? null : String(n);
  }
  function watch(node, options, call) { new MutationObserver(call).observe(node, options); call(); }
  function tieSlider(part, k, s) {
    if (part.label && text(part.label)) {
      part.label.id = part.label.id || c.key + "-" + views + "-label-" + k;
      put(part.handle, "aria-labelledby", part.label.id);
    } else put(part.handle, "aria-label", s.label);
    put(part.handle, "role", "slider");
    put(part.handle, "tabindex", part.handle.getAttribute("tabindex") || "0");
    function sync() {
      var shown = text(part.readout);
      put(part.handle, "aria-valuetext", shown);
      put(part.handle, "aria-valuemin", s.min);
      put(part.handle, "aria-valuemax", s.max);
      put(part.handle, "aria-valuenow", s.names ? String(s.names.indexOf(shown)) : number(shown));
    }
    watch(part.readout, {childList: true, characterData: true, subtree: true}, sync);
    var noUi = ["aria-valuetext", "aria-valuenow", "aria-valuemin", "aria-valuemax"];
    watch(part.handle, {attributes: true, attributeFilter: noUi}, sync);
  }
  function tie(box) {
    var sliders = box.querySelectorAll(".gd-slider"), parts = [];
    var readout = box.querySelector(".gd-readout .widget-html-content");
    var frame = box.querySelector("img.gd-frame");
    if (sliders.length !== c.sliders.length || !readout || !frame) return false;
    for (var k = 0; k < sliders.length; k++) {
      var part = {handle: sliders[k].querySelector(".noUi-handle, .ui-slider-handle"),
                  readout: sliders[k].querySelector(".widget-readout"),
                  label: sliders[k].querySelector(".widget-label")};
      if (!part.handle || !part.readout) return false;
      parts.push(part);
    }
    box.setAttribute("data-gd-a11y", "tied");
    views += 1;
    parts.forEach(function (part, k) { tieSlider(part, k, c.sliders[k]); });
    put(readout, "aria-live", "polite");
    put(readout, "aria-atomic", "true");
    watch(readout, {childList: true, subtree: true, attributes: true}, function () {
      var carrier = readout.querySelector("[data-alt]");
      put(frame, "alt", carrier ? carrier.getAttribute("data-alt") : "");
    });
    return true;
  }
  function scan() {  // true once this output's view of the explorer is tied (an earlier display's is not)
    var boxes = document.getElementsByClassName(c.key), tied = false;
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].hasAttribute("data-gd-a11y") && tie(boxes[i])) tied = true;
    }
    return tied;
  }
  if (!scan()) {
    var wait = new MutationObserver(function () { if (scan()) wait.disconnect(); });
    wait.observe(document.body, {childList: true, subtree: true});
  }
})(CONFIG);"""


class ExplorerBox(w.VBox):
    """The explorer's layout. Where widgets cannot be shown (GitHub, nbviewer, a plain terminal), its
    text stands in for it and says what to do."""

    fallback = "[Interactive explorer: run the notebook to use it.]"

    def __repr__(self) -> str:
        return self.fallback


def slider_for(control: Control) -> w.Widget:
    """A slider for one control of a scene: its label, range, step and start (names, for a choice)."""
    if control.names is not None:  # the slider shows the names; its value is the position
        options = [(name, position) for position, name in enumerate(control.names)]
        return w.SelectionSlider(
            options=options,
            value=int(control.start),
            description=control.label,
            style=SLIDER_STYLE,
            layout=SLIDER_LAYOUT,
            continuous_update=True,
        )
    kind = w.IntSlider if control.integer else w.FloatSlider
    return kind(
        min=control.low,
        max=control.high,
        step=control.step,
        value=control.start,
        description=control.label,
        readout_format=control.readout_format,
        style=SLIDER_STYLE,
        layout=SLIDER_LAYOUT,
        continuous_update=True,
    )


def fallback_text(scene: Scene) -> str:
    """What a reader without a kernel sees instead of the explorer: at most 110 characters."""
    symbols = ", ".join(control.symbol for control in scene.controls.values())
    text = f"[Interactive explorer, sliders {symbols}: run the notebook to use it.]"
    return text if len(text) <= FALLBACK_LIMIT else ExplorerBox.fallback


class Explorer:
    """Sliders, a readout and an image, bound to a scene.

    Each slider is also an attribute named after its control (``explorer.alpha``), and
    ``explorer.values`` are the numbers behind the frame on screen.

    Parameters
    ----------
    scene : Scene
        The scene to drive: one slider per control, in the order of ``scene.controls``.
    """

    def __init__(self, scene: Scene):
        if not isinstance(scene, Scene):
            raise TypeError(
                "scene must be a scene of gdcore.scenes, such as scenes.StepScene(x, y); "
                f"got {type(scene).__name__}"
            )
        self.scene = scene
        self.sliders = [slider_for(control) for control in scene.controls.values()]
        for name, slider in zip(scene.controls, self.sliders, strict=True):
            setattr(self, name, slider)
        self.readout = w.HTML()
        # shown at its size on screen, half its pixels: sharp on HiDPI screens and projectors
        self.image = w.Image(format="png", width=str(scene.size[0]))
        self.ui = ExplorerBox([*self.sliders, self.readout, self.image])
        self.ui.fallback = fallback_text(scene)
        # one class per explorer, the same at every run of a notebook (committed outputs do not churn)
        self.key = f"{A11Y_CLASSES['box']}-{type(scene).__name__}-{next(_explorer_numbers)}"
        for widget, part in [
            *((slider, "slider") for slider in self.sliders),
            (self.readout, "readout"),
            (self.image, "frame"),
            (self.ui, "box"),
        ]:
            widget.add_class(A11Y_CLASSES[part])
        self.ui.add_class(self.key)
        for slider in self.sliders:
            slider.observe(self._on_change, names="value")
        self.update()

    @property
    def values(self) -> Mapping[str, object]:
        """The numbers behind the frame on screen."""
        return self.scene.values

    def _on_change(self, change=None) -> None:
        self.update()

    def update(self) -> None:
        """Show the scene at the sliders' values, refresh readout and image. Never raises into the widget."""
        settings = {
            name: slider.value for name, slider in zip(self.scene.controls, self.sliders, strict=True)
        }
        try:
            shown = self.scene.show(**settings)
            alt = self.scene.alt_text()
        except Exception as error:  # a teaching widget must stay alive; say what went wrong instead
            shown = f"<b>Could not redraw:</b> {type(error).__name__}: {error}"
            alt = f"The figure could not be redrawn: {type(error).__name__}: {error}"
        self.readout.value = readout_html(shown, alt)
        self.image.value = self.scene.png()

    def accessibility(self) -> dict[str, object]:
        """What :data:`A11Y_SCRIPT` needs to know of this explorer: its class, and each slider's
        label and range (jQuery UI's sliders of ipywidgets 7.7 put no range in the page).

        Returns
        -------
        dict
            ``{"key": class of the box, "sliders": [{"label", "min", "max", "names"}, ...]}``.
        """
        sliders = [
            {
                "label": control.label,
                "min": f"{control.low:g}",
                "max": f"{control.high:g}",
                "names": list(control.names) if control.names is not None else None,
            }
            for control in self.scene.controls.values()
        ]
        return {"key": self.key, "sliders": sliders}

    def script(self) -> str:
        """:data:`A11Y_SCRIPT` for this explorer, its configuration filled in.

        Returns
        -------
        str
            JavaScript, to be displayed as ``application/javascript`` beside the explorer.
        """
        return A11Y_SCRIPT.replace("CONFIG", json.dumps(self.accessibility(), ensure_ascii=False))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.ui)
        # JavaScript alone: an untrusted notebook (one opened, not run) shows nothing for it, and
        # GitHub shows only the explorer's text stand-in
        display({"application/javascript": self.script()}, raw=True)


def readout_html(shown: str, alt: str) -> str:
    """The readout's HTML: the scene's numbers at 16 px, and the frame's alternative text for the script.

    Parameters
    ----------
    shown : str
        The readout's HTML, as the scene wrote it.
    alt : str
        The frame's alternative text (plain text), carried in a ``data-alt`` attribute.

    Returns
    -------
    str
        One ``div`` holding both.
    """
    return f'<div data-alt="{html.escape(alt, quote=True)}" style="{READOUT_STYLE}">{shown}</div>'


class KeyState(NamedTuple):
    """One key state of a scene: its picture, its title and its alternative text.

    Parameters
    ----------
    png : bytes
        The frame, as PNG bytes at PIXEL_RATIO× its size on screen.
    title : str
        The setting by the sliders' labels, then the scene's caption: ``"α = 0.4  →  caption"``.
    alt : str
        The scene's alternative text at that setting (:meth:`Scene.alt_text`).
    """

    png: bytes
    title: str
    alt: str


def key_state_pictures(target: Explorer | Scene, settings: Sequence[dict[str, float]]) -> list[KeyState]:
    """Each key state as the scene draws it and describes it, one per setting, in order.

    The settings are applied one after another, each keeping the values it does not name from the
    one before, as a reader moving the sliders would; the scene is then put back at the values it
    showed, and no slider is touched. :func:`key_states_figure` lays these pictures out in one
    figure; the slides (``tools/make_slides.py``) show each on its own slide, its title as text.

    Parameters
    ----------
    target : Explorer or Scene
        The scene to render, or an explorer of it.
    settings : sequence of dict of str to float
        The values of each picture, by name (the values not named stay as they were).

    Returns
    -------
    list of KeyState
        For each setting, the frame as PNG bytes (at PIXEL_RATIO× its size on screen); its title, the
        values by their sliders' labels, then the scene's caption, as ``"α = 0.4  →  caption"``; and
        its alternative text, the scene's own (:meth:`Scene.alt_text`: every slider's value, then
        what the frame shows, with its numbers).
    """
    scene = target.scene if isinstance(target, Explorer) else target
    if not isinstance(scene, Scene):
        raise TypeError(f"target must be an Explorer or a scene; got {type(target).__name__}")
    if isinstance(settings, Mapping) or not settings or not all(isinstance(s, Mapping) for s in settings):
        raise ValueError(
            'settings must be a non-empty list of settings, each a dict such as {"alpha": 0.4, "steps": 10}; '
            f"got {settings!r}"
        )
    before = dict(scene.state)
    pictures = []
    try:
        for setting in settings:
            png = scene.render(**setting)
            chosen = ", ".join(
                f"{scene.controls[name].label.split(' (')[0]} = {scene.controls[name].describe(value)}"
                for name, value in setting.items()
            )
            pictures.append(KeyState(png, f"{chosen}  →  {scene.caption()}", scene.alt_text()))
    finally:
        scene.show(**before)
    return pictures


def key_states_figure(
    target: Explorer | Scene, settings: Sequence[dict[str, float]], columns: int = 1
) -> Figure:
    """The figure of :func:`key_states`, not shown: one titled picture of the scene per setting.

    Parameters
    ----------
    target : Explorer or Scene
        The scene to render, or an explorer of it.
    settings : sequence of dict of str to float
        The values of each picture, by name (the values not named stay as they were).
    columns : int
        How many pictures side by side.

    Returns
    -------
    Figure
        The pictures, in rows of ``columns``, each titled with its setting and the scene's caption.
    """
    check_count(columns, "columns", at_least=1)
    return _figure_of(key_state_pictures(target, settings), columns)


def _figure_of(rendered: Sequence[KeyState], columns: int) -> Figure:
    """The key states laid out in rows of ``columns``, each under its title."""
    import matplotlib.pyplot as plt  # for the course's rcParams and imread only; the figure is not pyplot's

    pictures = [plt.imread(io.BytesIO(state.png)) for state in rendered]
    titles = [state.title.replace("$", r"\$") for state in rendered]
    rows = -(-len(pictures) // columns)
    height, width = pictures[0].shape[:2]
    dpi = plt.rcParams["figure.dpi"]
    inches = 1 / (PIXEL_RATIO * dpi)  # each picture at the size its explorer has on screen
    size = (columns * width * inches, rows * (height * inches + 0.4))
    figure = Figure(figsize=size, dpi=dpi, layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, picture, title in zip(axes.flat, pictures, titles, strict=False):
        ax.imshow(picture, interpolation="antialiased")
        ax.set_title(title, fontsize=12, loc="left")
    return figure


def key_states_described(states: Sequence[KeyState]) -> str:
    """The alternative text of key states: each picture as its scene describes it, with its numbers.

    Parameters
    ----------
    states : sequence of KeyState
        As :func:`key_state_pictures` returns them.

    Returns
    -------
    str
        ``"The explorer at 2 settings, one picture each. 1) α learning rate = 0.010, ... 2) ..."``.
    """
    pictures = " ".join(f"{k}) {state.alt}" for k, state in enumerate(states, 1))
    return f"The explorer at {plural(len(states), 'setting')}, one picture each. {pictures}"


def key_states_alt(figure: Figure) -> str:
    """The alternative text of a key-state figure: what each picture shows, from its title.

    Each title names the values the scene was shown at and the key number it gives (its caption),
    so the text carries the same numbers as the pictures, for a reader who cannot see them.

    Parameters
    ----------
    figure : Figure
        A figure made by :func:`key_states_figure`.

    Returns
    -------
    str
    """
    titles = [ax.get_title(loc="left").replace("\\$", "$") for ax in figure.axes if ax.get_title(loc="left")]
    pictures = "; ".join(f"{k}) {title.replace('  →  ', ': ')}" for k, title in enumerate(titles, 1))
    return f"The explorer at {plural(len(titles), 'setting')}, one picture each: {pictures}."


def compact_png(figure: Figure, colors: int = 128) -> bytes:
    """The figure as a PNG of at most ``colors`` colours: a third of the bytes of a full-colour one.

    Pictures of plots have few colours but resampling blends them into many, which PNG stores
    badly; an adaptive palette (median cut refined by k-means, no dithering) keeps every line and
    label as it was and each of the course's colours within a few levels of 255.

    Parameters
    ----------
    figure : Figure
        The figure to save, at its own dpi.
    colors : int
        The most colours the palette may hold (at most 256).

    Returns
    -------
    bytes
        The PNG file's bytes.
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi, bbox_inches="tight")
    buffer.seek(0)
    # Pillow: the palette reduction matplotlib does not offer; it is installed with matplotlib
    picture = PILImage.open(buffer).convert("RGB")
    # median cut, then three k-means passes: the course's saturated colours come out within a few levels
    reduced = picture.quantize(
        colors=colors, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE, kmeans=3
    )
    out = io.BytesIO()
    reduced.save(out, format="png", optimize=True)
    return out.getvalue()


def key_states(target: Explorer | Scene, settings: Sequence[dict[str, float]], columns: int = 1) -> None:
    """A static figure of a scene at a few settings, for readers without a kernel.

    Each setting maps value names to values, e.g. ``{"alpha": 0.4, "steps": 10}``. ``target`` is an
    explorer or a scene; the scene itself renders each picture, so they show exactly what the
    sliders show. No slider is touched (moving a displayed slider from the kernel races with the
    browser), and the scene is put back at the values it showed before. The figure is displayed at
    once as a compact PNG (:func:`compact_png`), which keeps committed notebooks small; nothing is
    returned, so a notebook cell does not display it twice. :func:`key_states_figure` returns the
    figure instead. The output's metadata keeps the settings as numbers (``key_states``), from which
    the slides draw each key state on a slide of its own (``tools/make_slides.py``).

    Parameters
    ----------
    target : Explorer or Scene
        The scene to render, or an explorer of it.
    settings : sequence of dict of str to float
        The values of each picture, by name (the values not named stay as they were).
    columns : int
        How many pictures side by side.
    """
    from IPython.display import Image, display

    check_count(columns, "columns", at_least=1)
    states = key_state_pictures(target, settings)
    figure = _figure_of(states, columns)
    # the settings as numbers, beside the alt text: the slides draw each key state again from them
    values = [
        {name: int(value) if isinstance(value, Integral) else float(value) for name, value in setting.items()}
        for setting in settings
    ]
    alt = key_states_described(states)
    display(Image(data=compact_png(figure), metadata={"alt": alt, "key_states": values}))


#: The explorer classes of gdcore 0.2, one per scene, kept for one release: ``StepExplorer(x, y, ...)``
#: is now ``Explorer(scenes.StepScene(x, y, ...))``.
_RENAMED_EXPLORERS = {
    "LineFitExplorer": "LineFitScene",
    "CostCurveExplorer": "CostCurveScene",
    "StepExplorer": "StepScene",
    "DescentExplorer": "DescentScene",
    "BowlExplorer": "BowlScene",
    "ScalingExplorer": "ScalingScene",
    "MinibatchExplorer": "MinibatchScene",
    "MomentumExplorer": "MomentumScene",
    "TrainingSizeExplorer": "TrainingSizeScene",
}


def __getattr__(name: str) -> Callable[..., Explorer]:
    """The 0.2 explorer classes, as factories that say what to write instead (a DeprecationWarning)."""
    if name not in _RENAMED_EXPLORERS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    scene_name = _RENAMED_EXPLORERS[name]

    def explorer(*args: object, **options: object) -> Explorer:
        deprecated(
            f"widgets.{name}(...)", f"widgets.Explorer(scenes.{scene_name}(...)) with the same arguments"
        )
        return Explorer(getattr(scenes, scene_name)(*args, **options))

    explorer.__name__ = explorer.__qualname__ = name
    return explorer
