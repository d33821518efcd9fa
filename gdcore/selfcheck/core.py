"""The self-check mechanism: an exercise, the answer it expects, the mistakes it anticipates.

An exercise computes its answer with gdcore when it is first checked (nothing is typed in), and
lists the wrong answers a student is likely to give, each computed the same way, with a hint that
points at the mistake without giving the answer. :func:`verdict` compares a student's answer with
them; :func:`check` prints the verdict. Plain text on purpose: it reads the same in JupyterLab,
Colab, a terminal and a test, and needs no widget library.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeGuard

import numpy as np

#: The relative tolerance of an answer when its exercise does not state one: 0.5%, so that an
#: answer worked out by hand from values rounded to three or four figures is accepted.
RELATIVE_TOLERANCE = 0.005


@dataclass(frozen=True)
class Answer:
    """What an exercise expects, and the wrong answers it anticipates.

    Parameters
    ----------
    right : float, tuple of floats, or str
        The answer: a number, several numbers (in the order the exercise asks for them), or a word.
    mistakes : sequence of (wrong answer, hint) pairs
        Answers a student is likely to give, and the hint each one gets.
    hint : str
        The hint for any other wrong answer.
    relative, absolute : float
        A number is right when it is within ``relative`` of the right one, relatively, or within
        ``absolute`` of it (for answers near zero). Whole-number answers use ``relative=0``.
    words : dict of str to str
        For a word answer: the other spellings accepted, each mapped to the word it means.
    """

    right: float | tuple[float, ...] | str
    mistakes: Sequence[tuple[object, str]] = ()
    hint: str = ""
    relative: float = RELATIVE_TOLERANCE
    absolute: float = 0.0
    words: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Exercise:
    """One part of a notebook's exercise: its id ("04.1"), what it asks, and how to compute the answer.

    Parameters
    ----------
    id : str
        "NN.k": notebook NN, part k.
    asks : str
        What it asks, in a few words, for the head of its verdicts.
    compute : callable
        Computes the :class:`Answer` with gdcore; called once, when the exercise is first checked.
    """

    id: str
    asks: str
    compute: Callable[[], Answer]

    def answer(self) -> Answer:
        """The expected answer, computed once (with gdcore) and kept.

        Returns
        -------
        Answer
            What ``compute`` returned the first time.
        """
        if self.id not in _COMPUTED:
            _COMPUTED[self.id] = self.compute()
        return _COMPUTED[self.id]


_COMPUTED: dict[str, Answer] = {}


@dataclass(frozen=True)
class Verdict:
    """The result of checking an answer: right or not, and the words the student reads.

    Parameters
    ----------
    right : bool
        Whether the answer is right.
    text : str
        The words the student reads (also the verdict's ``str``).
    """

    right: bool
    text: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        """True when the answer is right, so that ``if verdict(...):`` reads as it says."""
        return self.right


class PrintedVerdict(Verdict):
    """A verdict that :func:`gdcore.check` has already printed, so a notebook shows it only once.

    A notebook displays the value of a cell's last line under it, as ``Out[...]``; IPython asks an
    object with an ``_ipython_display_`` method to display itself instead, and this one shows
    nothing. In a script it is the verdict: true when right.

    Parameters
    ----------
    right : bool
        Whether the answer is right.
    text : str
        The words the student read.
    """

    def _ipython_display_(self) -> None:
        """Display nothing: the verdict is already printed above."""


def tolerance_words(answer: Answer) -> str:
    """The tolerance of an answer in words, e.g. "within 0.5%" or "exactly".

    Parameters
    ----------
    answer : Answer
        The answer whose tolerance is told.

    Returns
    -------
    str
        "exactly", "within 0.5%", "within ±0.01", "within 0.5% or ±0.01", or "as a word".
    """
    if isinstance(answer.right, str):
        return "as a word"
    if answer.relative == 0 and answer.absolute == 0:
        return "exactly"
    parts = []
    if answer.relative:
        parts.append(f"{100 * answer.relative:g}%")
    if answer.absolute:
        parts.append(f"±{answer.absolute:g}")
    return "within " + " or ".join(parts)


def _is_number(value: object) -> TypeGuard[numbers.Real]:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _as_numbers(value: object) -> tuple[float, ...] | None:
    """A number or a sequence of numbers as a tuple of floats; None if it is anything else."""
    if _is_number(value):
        return (float(value),)
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        return None
    items = list(value)
    if not items or not all(_is_number(item) for item in items):
        return None
    return tuple(float(item) for item in items)


def _close(given: tuple[float, ...], wanted: tuple[float, ...], answer: Answer) -> bool:
    if len(given) != len(wanted):
        return False
    return all(
        math.isfinite(g) and abs(g - w) <= max(answer.relative * abs(w), answer.absolute)
        for g, w in zip(given, wanted, strict=True)
    )


def _near(given: tuple[float, ...], wanted: tuple[float, ...], answer: Answer) -> bool:
    """Within ten times the tolerance (5% for an exact answer): a rounding or arithmetic slip, not a
    wrong method. (A rate near 1 checked to ±5e-5 is not "close" when it is 1% off.)"""
    if len(given) != len(wanted):
        return False
    return all(
        abs(g - w) <= (10 * max(answer.relative * abs(w), answer.absolute) or 0.05 * abs(w))
        for g, w in zip(given, wanted, strict=True)
    )


def _unrounded_count(given: tuple[float, ...], wanted: tuple[float, ...], answer: Answer) -> bool:
    """A whole-number answer given as a fraction just below it: ln(tol)/ln(rate), say, not rounded up."""
    exact = answer.relative == 0 and answer.absolute == 0
    return exact and any(
        g != round(g) and w - 1 < g < w for g, w in zip(given, wanted, strict=False) if w == round(w)
    )


def _how_near(answer: Answer) -> str:
    """How near a right answer must be, in words: "exactly the answer", "within 0.5% of the answer"."""
    words = tolerance_words(answer)
    return f"{words} the answer" if words == "exactly" else f"{words} of the answer"


def _what_is_asked(right: object) -> str:
    if isinstance(right, str):
        return "a word"
    if isinstance(right, tuple):
        return f"{len(right)} numbers, in brackets: ({', '.join('…' for _ in right)})"
    return "a number"


def is_answered(given: object) -> bool:
    """Whether ``given`` is an answer: not the placeholder ``...`` of a self-check cell, nor None.

    Parameters
    ----------
    given : object
        What the student put in the self-check cell.

    Returns
    -------
    bool
        False for ``...`` and None, True for anything else (right or wrong).
    """
    return given is not Ellipsis and given is not None


def judge(exercise: Exercise, given: object) -> Verdict:
    """Compare ``given`` with the exercise's answer: right, an anticipated mistake, close, or wrong."""
    answer = exercise.answer()
    head = f"{exercise.id} · {exercise.asks}"
    wanted_kind = _what_is_asked(answer.right)
    if not is_answered(given):
        return Verdict(
            False, f"{head}: no answer yet. Put yours ({wanted_kind}) in place of the ... and run the cell."
        )
    if isinstance(answer.right, str):
        return _judge_word(exercise, answer, head, given)
    wanted = _as_numbers(answer.right)
    if wanted is None:  # the course's mistake, not the student's: an answer is numbers or a word
        raise TypeError(f"{exercise.id}: its answer must be numbers or a word; got {answer.right!r}")
    numbers_given = _as_numbers(given)
    if numbers_given is None:
        return Verdict(
            False,
            f'{head}: the answer must be {wanted_kind}, like check("{exercise.id}", '
            f"{_example(answer.right)}); got {given!r} ({type(given).__name__}).",
        )
    if len(numbers_given) != len(wanted):
        return Verdict(
            False, f"{head}: the answer must be {wanted_kind}; got {len(numbers_given)} number(s)."
        )
    if not all(math.isfinite(value) for value in numbers_given):
        return Verdict(False, f"{head}: the answer must be finite; got {given!r}.")
    if _close(numbers_given, wanted, answer):
        return Verdict(True, f"✔ {head}: right ({tolerance_words(answer)}).")
    for mistake, hint in answer.mistakes:
        mistaken = _as_numbers(mistake)
        if mistaken is not None and _close(numbers_given, mistaken, answer):
            return Verdict(False, f"✘ {head}: not yet. {hint}")
    if _unrounded_count(numbers_given, wanted, answer):
        return Verdict(
            False,
            f"✘ {head}: not yet. A count is a whole number: round up to the least whole k that is enough.",
        )
    if len(wanted) == 1 and wanted[0] != 0 and _close((-numbers_given[0],), wanted, answer):
        return Verdict(False, f"✘ {head}: not yet. The size is right but the sign is wrong.")
    if _near(numbers_given, wanted, answer):
        return Verdict(
            False,
            f"✘ {head}: close, but not {_how_near(answer)}. "
            "Keep more digits in the steps before the last, or check the last step's arithmetic.",
        )
    return Verdict(False, f"✘ {head}: not yet. {answer.hint}".rstrip())


def _judge_word(exercise: Exercise, answer: Answer, head: str, given: object) -> Verdict:
    if not isinstance(given, str):
        return Verdict(
            False,
            f'{head}: the answer must be a word in quotes, like check("{exercise.id}", "word"); '
            f"got {given!r} ({type(given).__name__}).",
        )
    word = given.strip().lower()
    word = answer.words.get(word, word)
    if word == answer.right:
        return Verdict(True, f"✔ {head}: right.")
    for mistake, hint in answer.mistakes:
        if word == mistake:
            return Verdict(False, f"✘ {head}: not yet. {hint}")
    return Verdict(False, f"✘ {head}: not yet. {answer.hint}".rstrip())


def _example(right: object) -> str:
    if isinstance(right, tuple):
        return "(" + ", ".join("1.5" for _ in right) + ")"
    return "1.5"
