"""The lecturer's speaker notes (tools/speaker_notes.py): what they say, checked against hand-worked numbers.

The decks carry them (tests/test_slides.py checks that every deck does, in the browser); here, what
each kind of note says.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import speaker_notes  # noqa: E402

from gdcore.course import CHAPTERS  # noqa: E402
from gdcore.data import toy_line  # noqa: E402
from gdcore.scenes import StepScene  # noqa: E402


def test_a_self_check_gives_the_answer_worked_by_hand_and_the_anticipated_mistakes():
    # 04.1: from θ₁ = 0 towards 3 at α = 0.2 on the three sales, where J'' = 14/3: each step multiplies
    # the error by q = 1 − 0.2 · 14/3 = 1/15, so 3 → 0.2 → 0.0133 → 0.00089: the first below 0.01 is step 3
    error, steps = 3.0, 0
    while error >= 0.01:
        error *= abs(1 - 0.2 * 14 / 3)
        steps += 1
    said = speaker_notes.self_checks('gd.check("04.1", ...)  # a whole number, exactly')
    assert steps == 3 and f"the answer is **{steps}**" in said
    # counting the start as a step, and stopping a step short
    assert f"- {steps + 1}: " in said and f"- {steps - 1}: " in said


def test_a_cell_without_a_course_exercise_gives_no_notes():
    assert speaker_notes.self_checks('gd.check("99.9", 1)') == ""
    assert speaker_notes.self_checks("print(1)") == ""


def test_a_solution_is_given_open_without_its_details_wrapper():
    source = (
        "<details>\n<summary><b>Solution</b> (try it yourself first)</summary>\n\n"
        "It takes **3 steps**.\n</details>"
    )
    said = speaker_notes.solution(source)
    assert "It takes **3 steps**." in said
    assert "details>" not in said and "summary>" not in said and "try it yourself" not in said


def test_the_explorer_notes_name_every_slider_and_its_range():
    x, y = toy_line()
    said = speaker_notes.explorer(StepScene(x, y, alpha=(0.005, 0.6, 0.005), steps=(0, 30, 1)))
    assert "from 0.005 to 0.6" in said and "from 0 to 30" in said
    assert said.count("**") == 2 * 3  # the heading and the two sliders' labels


def test_00_opens_with_every_chapter_and_the_others_with_their_own_summary():
    opening = speaker_notes.opening(0)
    assert all(f"- {c.number:02d} {c.short_title}: " in opening for c in CHAPTERS if c.number)
    assert CHAPTERS[4].summary in speaker_notes.opening(4)


def test_answers_are_said_to_six_figures():
    assert speaker_notes.value_words((16, 0.000993604123)) == "16, 0.000993604"
    assert speaker_notes.value_words("oscillates") == "oscillates"
