"""The committed notebooks: structure, hygiene, links, and the hidden solutions' stated outputs.

nbval (``pytest --nbval``, part of the README's test command) re-executes every notebook and
compares its text outputs; these tests check what nbval does not.
"""

import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import tidy_notebooks  # noqa: E402

from gdcore.course import CHAPTERS, PARTS  # noqa: E402

NOTEBOOKS = [ROOT / "notebooks" / chapter.notebook for chapter in CHAPTERS]
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]

ids = [p.name for p in NOTEBOOKS]


def load(path):
    return nbformat.read(path, as_version=4)


def source(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def markdown(nb):
    return "\n".join(source(c) for c in nb.cells if c.cell_type == "markdown")


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and source(c).strip()]


def test_the_notebooks_are_numbered_from_00_without_gaps():
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{k:02d}" for k in range(len(NOTEBOOKS))]
    assert len(NOTEBOOKS) >= 6  # the start and part 1 at least


def test_the_notebooks_on_disk_are_the_chapters_the_course_lists():
    on_disk = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert on_disk == sorted(p.name for p in NOTEBOOKS), "a notebook is missing, or not in gdcore/chapters"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.id for c in CHAPTERS])
def test_each_notebooks_title_and_part_are_the_ones_its_chapter_states(chapter):
    nb = load(ROOT / "notebooks" / chapter.notebook)
    assert tidy_notebooks.title_of(nb) == chapter.heading
    # part 1 before part 2, and only the start outside a part
    assert (chapter.part == 0) == (chapter.number == 0) and chapter.part in (0, *PARTS)
    parts = [c.part for c in CHAPTERS]
    assert parts == sorted(parts)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.id for c in CHAPTERS])
def test_each_explorer_the_chapter_lists_is_built_by_its_notebook_exactly_so(chapter):
    sources = [source(c) for c in code_cells(load(ROOT / "notebooks" / chapter.notebook))]
    built = [line for s in sources for line in s.splitlines() if "widgets.Explorer(" in line]
    assert len(built) == len(chapter.explorers)
    for line, setup in zip(built, chapter.explorers, strict=True):
        assert setup.call() in line


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_valid_and_renderable_on_github(path):
    nb = load(path)
    nbformat.validate(nb)
    # GitHub refuses a notebook whose metadata.widgets lacks "state"; we keep widget state out.
    widgets = nb.metadata.get("widgets")
    assert widgets is None or all("state" in v for v in widgets.values())
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_committed_executed_in_order_without_errors_or_warnings(path):
    cells = code_cells(load(path))
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    size = 0
    for cell in cells:
        for output in cell.outputs:
            size += len(json.dumps(output))
            assert output.output_type != "error", source(cell)
            assert not (output.get("name") == "stderr"), f"stderr output in: {source(cell)[:60]}"
    # the same bound as the hygiene check: figures are sent at twice their pixels (retina)
    assert size < 1_500_000, f"outputs weigh {size // 1000} kB"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_structure(path):
    nb = load(path)
    text = markdown(nb)
    assert source(nb.cells[0]).startswith(tidy_notebooks.TOP)
    assert re.search(r"^# \d\d · ", text, re.MULTILINE), "an H1 title '# NN · ...'"
    assert "**What you will learn**" in text
    if path in LESSONS:
        assert source(nb.cells[-1]).startswith(tidy_notebooks.BOTTOM)
        assert "## Summary" in text and "## Exercise" in text
        assert "<details>" in text and "<summary>" in text, "a solution hidden in a collapsible block"
        assert "$$" in text, "formulas in LaTeX"


def test_every_notebook_has_the_same_setup_cell_with_the_course_url():
    setups = []
    for path in NOTEBOOKS:
        cells = [c for c in code_cells(load(path)) if "COURSE_REPO = " in source(c)]
        assert len(cells) == 1, path.name
        setups.append(source(cells[0]))
    assert all(s == setups[0] for s in setups)
    assert f'COURSE_REPO = "{tidy_notebooks.COURSE_REPO}"' in setups[0]


# Navigation, badges and URLs are checked with the other generated parts, by make notebooks' check
# (tests/test_build_notebooks.py).


LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("path", [*NOTEBOOKS, ROOT / "README.md"], ids=[*ids, "README.md"])
def test_relative_links_point_at_files_that_exist(path):
    text = path.read_text(encoding="utf-8") if path.suffix == ".md" else markdown(load(path))
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "#", "mailto:")):
            continue
        assert (path.parent / target.split("#")[0]).exists(), f"{path.name} links to missing {target}"


TIMING = "# (timing: machine-dependent numbers)"
# Digits of floating-point results on ill-conditioned problems: BLAS and LAPACK round differently on each
# CPU (notebook 08 measured it across OpenBLAS's kernels); a checked cell must follow with the claims.
MACHINE_DIGITS = "# (machine-dependent digits: the linear-algebra library rounds differently on each machine)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_outputs_are_ignored_only_where_a_widget_is_displayed(path):
    # or where a cell times code, or prints digits that depend on the machine's BLAS: those numbers
    # differ from machine to machine, so no sentence may rely on more than a checked cell prints
    cells = code_cells(load(path))
    for position, cell in enumerate(cells):
        text = source(cell)
        lines = text.splitlines()
        if "# NBVAL_IGNORE_OUTPUT" in text:
            assert "NBVAL_IGNORE_OUTPUT" in lines[0]
            marked = len(lines) > 1 and lines[1] in (TIMING, MACHINE_DIGITS)
            assert "Explorer(" in text or marked, (
                "ignore outputs only of a cell that displays a widget, or of a cell marked "
                f"{TIMING!r} or {MACHINE_DIGITS!r}"
            )
            if lines[1] == MACHINE_DIGITS:
                later = [source(c) for c in cells[position + 1 :]]
                assert any("NBVAL_IGNORE_OUTPUT" not in s and "print(" in s for s in later), (
                    "machine-dependent digits need a later, compared cell that checks the text's claims"
                )
        if "Explorer(" in text:
            assert lines[0] == "# NBVAL_IGNORE_OUTPUT"


SOLUTION = re.compile(r"<details>.*?```python\n(.*?)```.*?Output:\s*```\n(.*?)```.*?</details>", re.DOTALL)


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_hidden_solutions_print_what_they_say(path, monkeypatch):
    nb = load(path)
    monkeypatch.chdir(path.parent)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in code_cells(nb):  # the notebook's own state, as a student has it at the exercise
            exec(compile(source(cell), path.name, "exec"), namespace)
    solutions = SOLUTION.findall(markdown(nb))
    assert solutions, "no solution block with code and output"
    for code, stated in solutions:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{path.name} solution", "exec"), namespace)
        assert printed.getvalue().strip() == stated.strip()


def test_nothing_needs_the_shared_folder():
    needle = "../" + "shared"  # spelled in two parts so that this file does not match itself
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    for name in tracked:
        file = ROOT / name
        if file.suffix in {".py", ".ipynb", ".md", ".toml", ".txt", ""} and file.is_file():
            assert needle not in file.read_text(encoding="utf-8", errors="ignore"), name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_a_reader_on_github_sees_the_explorers_whole_text(path):
    # ipywidgets cuts a widget's text/plain stand-in at 110 characters
    for cell in code_cells(load(path)):
        if "Explorer(" not in source(cell):
            continue
        texts = [
            source_text(o["data"]["text/plain"]) for o in cell.outputs if "text/plain" in o.get("data", {})
        ]
        assert texts, "the explorer's cell keeps its text stand-in"
        for text in texts:
            assert len(text) <= 110 and text.endswith("run the notebook to use it.]"), text


def source_text(value):
    return value if isinstance(value, str) else "".join(value)


def image_outputs(path):
    """(cell source, output) of every picture a notebook shows."""
    for cell in code_cells(load(path)):
        for output in cell.outputs:
            if "image/png" in output.get("data", {}):
                yield source(cell), output


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_figure_has_alternative_text_that_says_what_it_shows(path):
    # a screen reader reads the alt text instead of the picture (plots.show, widgets.key_states)
    for text, output in image_outputs(path):
        alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
        assert len(alt.split()) >= 8, f"a figure without alt text (plots.show(alt, fig)): {text[-120:]!r}"
        titles = re.findall(r"set_title\(\s*[rf]?\"([^\"]+)\"", text)
        assert all(alt.strip(" .") != title.strip(" .") for title in titles), "alt text repeats the title"
