"""What the lecturer reads in the speaker view (S) of every deck, written from the course's data.

``tools/make_slides.py`` puts these into each deck as reveal.js speaker notes (cells of slide type
``notes``), which the audience never sees:

- on the title slide, what the chapter reaches (its ``summary`` in ``gdcore/chapters``); on 00's, the
  course's chapters with what each reaches;
- on the first key-state slide of an explorer, what the live explorer offers in the notebook (its
  sliders and their ranges), since the slides show only its key states;
- on an exercise's slide, for each self-check, the answer gdcore computes, the mistakes it
  anticipates with the hint each gets, and then the notebook's worked solution (hidden from the
  students in a ``<details>`` block of the notebook, and skipped on the slides).
"""

from __future__ import annotations

import re

CHECK_CALL = re.compile(r"""gd\.check\(\s*["'](\d\d\.\d+)["']""")
DETAILS = re.compile(r"</?details>|<summary>.*?</summary>", re.DOTALL)


def value_words(value: object) -> str:
    """An answer as the notes say it: numbers to six significant figures, several joined by commas."""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return ", ".join(value_words(v) for v in value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def opening(number: int) -> str:
    """The title slide's notes: what chapter ``number`` reaches, or (00) what every chapter reaches."""
    from gdcore.course import CHAPTERS, chapter

    if number == 0:
        lines = [f"- {c.number:02d} {c.short_title}: {c.summary}" for c in CHAPTERS if c.number]
        return "**The course, chapter by chapter** (what each one reaches):\n\n" + "\n".join(lines)
    return f"**This chapter reaches:** {chapter(number).summary}."


def explorer(scene) -> str:
    """The notes of an explorer's first key state: the live explorer's sliders, for the lecturer."""
    sliders = "; ".join(
        f"**{control.label}** from {control.describe(control.low)} to {control.describe(control.high)}"
        if control.names is None
        else f"**{control.label}**: {', '.join(control.names)}"
        for control in scene.controls.values()
    )
    return (
        f"**Live in the notebook:** the explorer's sliders: {sliders}. The slides show its key "
        "states; to move the sliders with the class, switch to the notebook in JupyterLab."
    )


def self_checks(source: str) -> str:
    """The notes of a self-check cell: for each exercise it checks, its answer and the anticipated mistakes.

    Parameters
    ----------
    source : str
        The self-check cell's code (``gd.check("04.1", ...)``, one call per exercise).

    Returns
    -------
    str
        Markdown; empty if the cell checks no exercise of the course.
    """
    from gdcore.course import exercises

    known = exercises()
    parts = []
    for exercise_id in CHECK_CALL.findall(source):
        if exercise_id not in known:
            continue
        exercise = known[exercise_id]
        answer = exercise.answer()
        asks = exercise.asks.strip().removeprefix("(").removesuffix(")")
        lines = [f"**Self-check {exercise_id}** ({asks}): the answer is **{value_words(answer.right)}**."]
        lines += [f"- {value_words(wrong)}: {hint}" for wrong, hint in answer.mistakes]
        if answer.mistakes:
            lines.insert(1, "\nAnticipated mistakes, and the hint each one gets:\n")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def solution(source: str) -> str:
    """The notes of a worked solution: the notebook's ``<details>`` block, open."""
    return "**The worked solution:**\n\n" + DETAILS.sub("", source).strip()
