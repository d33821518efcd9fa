"""The notebooks call gdcore; they do not define again what it has (issue 16: the copies drift).

Checked on the syntax tree of every notebook's code cells: no ``def`` of a name gdcore exports, nor of
the helpers that notebooks 08 and 09 once defined and gdcore now has under its own names.
"""

import ast
import json
from pathlib import Path

import pytest

import gdcore
from gdcore.course import (
    CHAPTERS,
    chapter,
)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# The copies that issue 16 moved into gdcore, and what a notebook calls instead.
MOVED = {
    "polynomial_design": "gd.polynomial_design",
    "closed_form_flops": "gd.closed_form_flops",
    "descent_flops": "gd.descent_flops",
    "break_even": "gd.break_even_iterations",
    "steps_needed": "gd.iterations_for_condition",
    "floor_independent": "gd.noise_floor_independent",
    "floor_shuffled": "gd.noise_floor_shuffled",
}


def defined_functions(notebook: Path) -> set[str]:
    names = set()
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        # IPython's magics and shell lines are not Python
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        tree = ast.parse("\n".join(lines))
        names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    return names


@pytest.mark.parametrize("notebook", [chapter.notebook for chapter in CHAPTERS])
def test_no_notebook_defines_what_gdcore_has(notebook):
    defined = defined_functions(NOTEBOOKS / notebook)
    again = sorted(defined & set(gdcore.__all__))
    assert not again, f"{notebook} defines {again}, which gdcore exports: call gd.<name>"
    moved = sorted(f"{name} (call {MOVED[name]})" for name in defined & set(MOVED))
    assert not moved, f"{notebook} defines {moved}"


def test_the_check_sees_a_definition():
    # the test above could pass by reading nothing: notebook 08 does define its experiment, measure
    assert "measure" in defined_functions(NOTEBOOKS / chapter(8).notebook)
