"""Self-checks: the right answers (from the solutions' hand derivations or counted by running
descent, never from the checker), each anticipated mistake's hint, near misses, and bad input."""

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import gdcore as gd
from gdcore.selfcheck import EXERCISES, verdict

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _intercept_count(alpha: float, iterations: int) -> int:
    """Iterations until the rings' intercept is within a cent of least squares, counted by running descent."""
    carats, price = gd.jewelry_rings()
    X = gd.design_matrix(carats)
    best = gd.least_squares(X, price)
    path = gd.gradient_descent(X, price, np.zeros(2), alpha, iterations).theta_history
    return int(np.argmax(np.abs(path[:, 0] - best[0]) < 0.01))


# The answers, worked by hand in the notebooks' solutions (or counted independently).
RIGHT = {
    "01.1": (100, 60),  # 01's solution: price = 100 + 60·carats
    "01.2": 2000,  # residuals of that line at (1, 2, 3, 4) carats
    "02.1": 5.25,  # 31.5 / 6
    "02.2": 33.75,  # 30/8 · 9
    "03.1": (2, 28 / 3),  # vertex at 2; 7/3 · 4
    "04.1": 3,  # 3 → 0.2 → 0.0133 → 0.00089
    "05.1": lambda: _intercept_count(0.01, 10_000),
    "05.2": lambda: _intercept_count(0.005, 20_000),
}

# Anticipated mistakes, by hand, and a word each hint must contain.
MISTAKES = {
    "01.1": [((60, 100), "intercept"), ((700 / 6, 50), "three sales")],
    "01.2": [(250, "J = S/(2m)"), (500, "mean"), (math.sqrt(2000), "root"), (5000 / 3, "three sales")],
    "02.1": [(10.5, "½ in front"), (31.5, "divides it by 2m"), (15.75, "not by m")],
    "02.2": [(21, "first three points"), (67.5, "½ in front"), (270, "divide by 2m"), (45, "m = 3")],
    "03.1": [((3, 21), "y = 3x"), ((2, 56 / 3), "½"), ((2, 28), "2m"), ((28 / 3, 2), "order")],
    "04.1": [(4, "not the points"), (2, "not yet below"), (120, "α = 0.01")],
    "05.1": [(3359, "Round up"), (3361, "One too many")],
    "05.2": [(3360, "halves 1 − q"), (1680, "more of them")],
}


def right_answer(exercise):
    value = RIGHT[exercise]
    return value() if callable(value) else value


def test_every_exercise_of_part_1_is_known():
    assert {key for key in EXERCISES if key < "06"} == set(RIGHT)


@pytest.mark.parametrize("exercise", sorted(RIGHT))
def test_the_right_answer_is_accepted(exercise):
    result = verdict(exercise, right_answer(exercise))
    assert result.right and result.text.startswith(f"✔ {exercise}")


def test_the_counted_answers_are_the_notebooks():
    # notebook 05 prints these counts (its exercise and solution): the checker must agree
    assert right_answer("05.1") == 3360 and right_answer("05.2") == 6724


@pytest.mark.parametrize(
    ("exercise", "given", "word"), [(e, g, w) for e, ms in MISTAKES.items() for g, w in ms]
)
def test_each_anticipated_mistake_gets_its_hint(exercise, given, word):
    result = verdict(exercise, given)
    assert not result.right and result.text.startswith(f"✘ {exercise}")
    assert word in result.text


@pytest.mark.parametrize(
    ("exercise", "given", "word"), [(e, g, w) for e, ms in MISTAKES.items() for g, w in ms]
)
def test_no_hint_prints_the_answer(exercise, given, word):
    text = verdict(exercise, given).text.split(": not yet.", 1)[1]
    right = right_answer(exercise)
    question = EXERCISES[exercise].asks
    for value in right if isinstance(right, tuple) else (right,):
        for shown in {f"{value:g}", f"{value:.2f}", f"{value:.1f}", str(round(value))}:
            if shown in question:  # the 2 of "y = 2x" is given, not revealed
                continue
            assert not re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d])", text), (shown, text)


@pytest.mark.parametrize(("exercise", "given"), [("02.1", 5.3), ("02.2", 33.0), ("01.2", 2040)])
def test_a_near_miss_is_called_close(exercise, given):
    result = verdict(exercise, given)
    assert not result.right and "close, but not within 0.5%" in result.text


def test_within_the_tolerance_is_right_and_the_tolerance_is_stated():
    assert verdict("02.1", 5.25 * 1.004).right  # 0.4% off, inside 0.5%
    assert not verdict("02.1", 5.25 * 1.006).right  # 0.6% off
    assert "within 0.5%" in verdict("02.1", 5.25).text
    assert "exactly" in verdict("04.1", 3).text and not verdict("04.1", 3.01).right


def test_a_sign_error_is_named():
    assert "sign" in verdict("02.1", -5.25).text


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("three", "must be a number"),
        (True, "must be a number"),
        ([3, 4], "must be a number; got 2 number(s)"),
        (float("nan"), "must be finite"),
        (None, "no answer yet"),
        (..., "no answer yet"),
    ],
)
def test_an_answer_that_is_not_a_number_gets_a_clear_message(given, words):
    result = verdict("04.1", given)
    assert not result.right and words in result.text


def test_several_numbers_must_come_as_several():
    assert "must be 2 numbers" in verdict("03.1", 2).text
    assert verdict("03.1", np.array([2.0, 28 / 3])).right  # an array is fine


def test_an_unknown_exercise_is_refused_by_name():
    with pytest.raises(ValueError, match=r"exercise must be one of .*04\.1.*got '4.1'"):
        verdict("4.1", 3)


def test_check_prints_the_verdict(capsys):
    gd.check("04.1", 4)
    assert capsys.readouterr().out.startswith("✘ 04.1 · steps")


def test_the_checker_needs_no_widget_or_figure_library():
    probe = (
        "import sys, gdcore; gdcore.check('04.1', 3); "
        "print(sorted({'ipywidgets', 'matplotlib'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


def _check_cells(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text())["cells"]
    return [
        "".join(cell["source"]) for cell in cells if "self-check" in cell.get("metadata", {}).get("tags", [])
    ]


# part 2 (06-11) gets its self-checks next; until then the rule holds for part 1
@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("0[0-5]_*.ipynb")), ids=lambda p: p.name[:2])
def test_every_exercise_has_its_self_check_cell(notebook):
    text = notebook.read_text()
    has_exercise = "## Exercise" in text
    cells = _check_cells(notebook)
    expected = sorted(key for key in EXERCISES if key.startswith(notebook.name[:2] + "."))
    if not has_exercise:
        assert not cells and not expected
        return
    assert len(cells) == 1, "one self-check cell, right after the exercise"
    called = re.findall(r'gd\.check\("(\d\d\.\d)", \.\.\.\)', cells[0])
    assert called == expected
