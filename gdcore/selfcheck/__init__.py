"""Self-checks for the course's exercises: ``gd.check("04.1", 3)`` says right or wrong, with a hint.

Every exercise of notebooks 01-11 has an id "NN.k" (notebook, part) and a cell right after its
text that calls :func:`check`. The answers are computed by gdcore (:mod:`.part1` for notebooks
01-05, :mod:`.part2` for 06-11), never typed in; a wrong answer that a common mistake produces gets
a hint about that mistake, and no hint prints the answer.
"""

from __future__ import annotations

import json
import os

# The course lists the exercises, chapter by chapter; its chapter modules import .core, not this module.
from ..course import exercises
from .core import Answer, Exercise, PrintedVerdict, Verdict, is_answered, judge, tolerance_words

#: Every exercise of the course, by id ("04.1").
EXERCISES: dict[str, Exercise] = exercises()

#: The environment variable that ``python -m gdcore.grade`` sets for a submission's kernel: the path
#: of a file to which :func:`check` appends one JSON line per call, the grader's record of verdicts.
GRADE_LOG = "GDCORE_GRADE_LOG"


def verdict(exercise: str, answer: object) -> Verdict:
    """The verdict on ``answer`` for the exercise with id ``exercise`` (e.g. "04.1"), without printing it.

    Parameters
    ----------
    exercise : str
        The exercise's id, "NN.k": notebook NN, part k.
    answer : object
        The student's answer: a number, a tuple of numbers or a word; ``...`` when not answered yet.

    Returns
    -------
    Verdict
        Right or not, and the words the student reads (what :func:`check` prints).

    Raises
    ------
    ValueError
        If there is no exercise with that id (the message lists the ids).
    """
    if not isinstance(exercise, str) or exercise not in EXERCISES:
        known = ", ".join(sorted(EXERCISES))
        raise ValueError(f"exercise must be one of the course's exercise ids ({known}); got {exercise!r}")
    return judge(EXERCISES[exercise], answer)


def check(exercise: str, answer: object) -> PrintedVerdict:
    """Check your answer to an exercise and print whether it is right, with a hint if it is not.

    Parameters
    ----------
    exercise : str
        The exercise's id, "NN.k": notebook NN, part k, as its self-check cell writes it.
    answer : number, tuple of numbers, or str
        Your answer. ``...`` (the placeholder in the self-check cells) means "not answered yet".

    Returns
    -------
    PrintedVerdict
        The verdict it printed: true when the answer is right, false when it is wrong or missing, so
        that a script can use it. A notebook cell that ends with ``check(...)`` shows nothing more
        than the printed line.

    Notes
    -----
    When the environment variable ``GDCORE_GRADE_LOG`` names a file (``python -m gdcore.grade``
    sets it for the kernels it starts), each call also appends a line of JSON to it:
    ``{"exercise": "04.1", "answered": true, "right": true}``.

    Examples
    --------
    >>> result = check("04.1", 3)
    ✔ 04.1 · steps from θ₁ = 0 until |θ₁ − 3| < 0.01, at α = 0.2: right (exactly).
    >>> if not check("04.1", 120):  # doctest: +ELLIPSIS
    ...     print("try again")
    ✘ 04.1 · steps from θ₁ = 0 ... not yet. That is the count at α = 0.01. The exercise takes α = 0.2.
    try again
    """
    result = verdict(exercise, answer)
    print(result)
    _log_for_the_grader(exercise, answer, result)
    return PrintedVerdict(result.right, result.text)


def _log_for_the_grader(exercise: str, answer: object, result: Verdict) -> None:
    """Append the verdict to the file named by :data:`GRADE_LOG`, if it is set (see :mod:`gdcore.grade`)."""
    path = os.environ.get(GRADE_LOG)
    if not path:
        return
    record = {"exercise": exercise, "answered": is_answered(answer), "right": result.right}
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(record) + "\n")


__all__ = [
    "EXERCISES",
    "GRADE_LOG",
    "Answer",
    "Exercise",
    "PrintedVerdict",
    "Verdict",
    "check",
    "tolerance_words",
    "verdict",
]
