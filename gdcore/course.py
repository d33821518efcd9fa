"""The course as data: its chapters in order, each with its notebook, title, explorers and exercises.

This is the one place that lists the course. The tests, the teaching guide's checks, the tools that
write navigation, badges, 00's map, the README's table, the student copies and the slides, and the
latency benchmark all read :data:`CHAPTERS`; no notebook's file name or the number of notebooks is
written anywhere else.

Each chapter is a module of :mod:`gdcore.chapters` that defines ``CHAPTER``, a :class:`Chapter`:

>>> from gdcore.course import chapter
>>> chapter("04").notebook
'04_one_step_at_a_time.ipynb'
>>> [exercise.id for exercise in chapter(4).exercises]
['04.1']

The chapters are found by their module names (``chNN_...``), so a new chapter is one new module here
and its notebook; ``CONTRIBUTING.md`` gives the steps. Nothing in this module imports matplotlib:
an explorer's scene is named, and only built when asked for (:meth:`ExplorerSetup.build`).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .selfcheck.core import Exercise

if TYPE_CHECKING:
    from .scenes import Scene

__all__ = ["CHAPTERS", "PARTS", "Chapter", "ExplorerSetup", "chapter", "exercises"]

#: The parts of the course, by number: the headings of 00's map.
PARTS = {
    1: "Part 1: one line, from one parameter to two",
    2: "Part 2: the bowl, and beyond",
    3: "Part 3: better steps",
    4: "Part 4: fitting what generalises",
}


@dataclass(frozen=True)
class ExplorerSetup:
    """An explorer as its notebook builds it: ``widgets.Explorer(scenes.<scene>(<arguments>, <options>))``.

    Parameters
    ----------
    scene : str
        The name of the scene's class in :mod:`gdcore.scenes` (``"StepScene"``).
    arguments : tuple of str
        The notebook's variables handed to the scene, in order (``("x", "y")``). A name written
        ``"names=names"`` is handed by keyword.
    data : callable
        Returns the values of those variables as the notebook computes them (for the tests, the
        teaching guide's checks and the latency benchmark, which build the same scene): in the order
        of ``arguments`` (a data set such as :func:`gdcore.toy_line` is such a function), or by name.
    options : mapping
        The literal options the notebook writes (``{"alpha": (0.005, 0.6, 0.005)}``).
    """

    scene: str
    arguments: tuple[str, ...]
    data: Callable[[], Mapping[str, Any] | Sequence[Any]]
    options: Mapping[str, Any] = field(default_factory=dict)

    def call(self) -> str:
        """The notebook's code that builds the explorer, exactly as its cell writes it.

        Returns
        -------
        str
            ``widgets.Explorer(scenes.<scene>(<arguments>, <name>=<value>, ...))``, the options
            written with ``repr``.
        """
        parts = [*self.arguments, *(f"{name}={value!r}" for name, value in self.options.items())]
        return f"widgets.Explorer(scenes.{self.scene}({', '.join(parts)}))"

    def scene_class(self) -> type[Scene]:
        """The class of the scene (this imports matplotlib).

        Returns
        -------
        type of Scene
            The class named ``scene`` in :mod:`gdcore.scenes`.
        """
        from . import scenes

        return getattr(scenes, self.scene)

    def build(self, scene_class: type[Scene] | None = None) -> Scene:
        """The scene, built from the notebook's data and options; ``scene_class`` builds a subclass of it
        instead (the latency benchmark's naive twin).

        Parameters
        ----------
        scene_class : type of Scene, optional
            The class to build instead of :meth:`scene_class`'s, taking the same arguments.

        Returns
        -------
        Scene
            The scene, built with the values of ``arguments`` from ``data`` and with ``options``.
        """
        given = self.data()
        values = given if isinstance(given, Mapping) else dict(zip(self.arguments, given, strict=True))
        positional = [values[name] for name in self.arguments if "=" not in name]
        by_keyword = {
            name.split("=")[0]: values[name.split("=")[1]] for name in self.arguments if "=" in name
        }
        # each scene has its own parameters: typed as a callable taking any arguments
        make: Callable[..., Scene] = scene_class or self.scene_class()
        return make(*positional, **by_keyword, **self.options)


@dataclass(frozen=True)
class Chapter:
    """One chapter of the course: a notebook, and what the tools and tests need to know of it.

    Parameters
    ----------
    number : int
        The chapter's number, 0 for the start; its notebook's name starts with it (``04_``).
    notebook : str
        The notebook's file name in ``notebooks/``.
    title : str
        The notebook's title, as its first heading writes it after ``# NN · ``.
    part : int
        The part of the course it belongs to (a key of :data:`PARTS`); 0 for the start.
    short_title : str
        The title in 00's map (the title itself when empty).
    summary : str
        What happens in it, in one line of markdown, for 00's map.
    explorers : tuple of ExplorerSetup
        Its explorers, in the order the notebook shows them.
    exercises : tuple of Exercise
        The parts of its exercise that a self-check checks, in order ("04.1", ...).
    """

    number: int
    notebook: str
    title: str
    part: int
    short_title: str = ""
    summary: str = ""
    explorers: tuple[ExplorerSetup, ...] = ()
    exercises: tuple[Exercise, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(rf"{self.number:02d}_[a-z0-9_]+\.ipynb", self.notebook):
            raise ValueError(
                f"notebook must be named '{self.number:02d}_<words>.ipynb'; got {self.notebook!r}"
            )
        if self.part not in (0, *PARTS):
            raise ValueError(f"part must be 0 or one of {sorted(PARTS)}; got {self.part!r}")
        for exercise in self.exercises:
            if not exercise.id.startswith(f"{self.number:02d}."):
                raise ValueError(f"exercise ids of chapter {self.number:02d} start with '{self.number:02d}.'")

    @property
    def id(self) -> str:
        """The chapter's two digits, as in its notebook's name and its exercises' ids ("04")."""
        return f"{self.number:02d}"

    @property
    def heading(self) -> str:
        """The notebook's first heading, without the ``# ``: ``"04 · One step at a time: ..."``."""
        return f"{self.id} · {self.title}"


def _load_chapters() -> tuple[Chapter, ...]:
    """Every ``CHAPTER`` of :mod:`gdcore.chapters`, in the order of their numbers."""
    from . import chapters

    found = []
    for module in pkgutil.iter_modules(chapters.__path__):
        if re.fullmatch(r"ch\d\d_\w+", module.name):
            found.append(importlib.import_module(f"{chapters.__name__}.{module.name}").CHAPTER)
    found.sort(key=lambda chapter: chapter.number)
    numbers = [chapter.number for chapter in found]
    if numbers != list(range(len(found))):
        raise RuntimeError(f"the chapters must be numbered 0, 1, 2, ... without gaps; found {numbers}")
    return tuple(found)


#: The course's chapters, in order: 00, then part 1, then part 2.
CHAPTERS: tuple[Chapter, ...] = _load_chapters()


def chapter(number: int | str) -> Chapter:
    """The chapter numbered ``number`` (4 or "04").

    Parameters
    ----------
    number : int or str
        The chapter's number (4), or its two digits ("04").

    Returns
    -------
    Chapter
        The chapter of :data:`CHAPTERS` with that number.

    Raises
    ------
    ValueError
        If the course has no such chapter.
    """
    for candidate in CHAPTERS:
        if number in (candidate.number, candidate.id):
            return candidate
    raise ValueError(f"number must be one of the chapters 00..{len(CHAPTERS) - 1:02d}; got {number!r}")


def exercises() -> dict[str, Exercise]:
    """Every exercise of the course, by id ("04.1"), in the order of the chapters.

    Returns
    -------
    dict of str to Exercise
        A new dict, of every chapter's exercises, by id.
    """
    return {exercise.id: exercise for entry in CHAPTERS for exercise in entry.exercises}
