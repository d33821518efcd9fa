"""The course's interactive figures as scenes: a figure that shows the lesson at given values.

A scene owns one matplotlib figure and the few artists in it that move. Its one method,
:meth:`Scene.show`, takes values (``scene.show(alpha=0.2, steps=10)``), asks :mod:`gdcore` for the
numbers, moves the artists and returns the readout: a line of HTML with the numbers behind the
picture. :meth:`Scene.png` renders the figure as it is now. A scene knows nothing of sliders:
:class:`gdcore.widgets.Explorer` binds one slider to each of its :attr:`Scene.controls`, and
:func:`gdcore.widgets.key_states` renders a scene at chosen values for readers without a kernel.

The package: :mod:`.base` (``Scene``, ``Control`` and the drawing idioms the scenes share),
:mod:`.frames` (the PNG encoder) and one module per chapter that has an explorer (``ch04_steps``
holds notebook 04's :class:`StepScene`). Which chapter uses which scene is written once, in
:mod:`gdcore.course`. This package imports matplotlib but not ipywidgets.
"""

from .base import DISPLAY_DPI, PIXEL_RATIO, Control, Scene, fmt
from .ch01_line_fit import LineFitScene
from .ch03_cost_curve import CostCurveScene
from .ch04_steps import StepScene
from .ch05_descent import DescentScene
from .ch06_bowl import BowlScene
from .ch07_scaling import ScalingScene
from .ch09_minibatch import BATCH_SIZES, SCHEDULE_NAMES, MinibatchScene, schedule_for
from .ch10_momentum import MomentumScene
from .ch11_training_size import TrainingSizeScene
from .ch12_adaptive import METHOD_NAMES, AdaptiveScene
from .ch13_ridge import RidgeScene
from .frames import png_bytes

__all__ = [
    "BATCH_SIZES",
    "DISPLAY_DPI",
    "METHOD_NAMES",
    "PIXEL_RATIO",
    "SCHEDULE_NAMES",
    "AdaptiveScene",
    "BowlScene",
    "Control",
    "CostCurveScene",
    "DescentScene",
    "LineFitScene",
    "MinibatchScene",
    "MomentumScene",
    "RidgeScene",
    "ScalingScene",
    "Scene",
    "StepScene",
    "TrainingSizeScene",
    "fmt",
    "png_bytes",
    "schedule_for",
]
