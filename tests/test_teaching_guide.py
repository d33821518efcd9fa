"""docs/teaching.md, the teacher's guide, checked against the notebooks and the scenes.

The guide's conventions, which make it checkable: a slider is named by its on-screen label in bold
(``**α learning rate**``) and bold is used for nothing else; a self-check is named by its id in code
type (`` `04.1` ``); each notebook has a section headed ``### NN · ...``; a slider move is written
``**label** to value`` (or ``back to``).
"""

import json
import re
from functools import cache
from pathlib import Path

import pytest

from gdcore import scenes
from gdcore.course import CHAPTERS, exercises

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "teaching.md"
NOTEBOOKS = [ROOT / "notebooks" / chapter.notebook for chapter in CHAPTERS]
# The self-checks of the teaching kit, one per numbered part of each exercise, as the course lists them.
SELF_CHECKS = set(exercises())


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def code_sources(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def notebook_sections(text: str) -> dict[str, str]:
    """The guide's per-notebook sections, by the two digits of their heading ``### NN · ...``."""
    parts = re.split(r"^### (\d\d) · .*$", text, flags=re.MULTILINE)
    sections = {}
    for number, body in zip(parts[1::2], parts[2::2], strict=True):
        sections[number] = re.split(r"^## ", body, flags=re.MULTILINE)[0]  # up to the next chapter
    return sections


@cache
def explorer_scenes() -> dict[str, tuple[str, scenes.Scene]]:
    """For each chapter with an explorer: its explorer call as the course lists it, and the scene behind
    it, built from the notebook's data and options, so that its controls are the ones on screen. The
    notebook is checked to build it with exactly that call."""
    found = {}
    for chapter in CHAPTERS:
        for setup in chapter.explorers:
            sources = code_sources(ROOT / "notebooks" / chapter.notebook)
            assert any(setup.call() in source for source in sources), f"{chapter.notebook}: no {setup.call()}"
            found[chapter.id] = (setup.call(), setup.build())
    return found


def test_every_explorer_call_in_the_notebooks_is_one_the_course_lists():
    listed = {setup.call() for chapter in CHAPTERS for setup in chapter.explorers}
    for notebook in NOTEBOOKS:
        for source in code_sources(notebook):
            for call in re.findall(r"widgets\.Explorer\(.*\)", source):
                assert call in listed, f"{notebook.name}: {call} is not in its chapter's explorers"


def test_the_guide_exists_and_names_every_notebook_by_a_link():
    text = guide_text()
    assert len(NOTEBOOKS) == len(CHAPTERS) >= 12
    for notebook in NOTEBOOKS:
        assert f"](../notebooks/{notebook.name})" in text, f"no link to {notebook.name}"


def test_every_notebook_has_its_own_section():
    sections = notebook_sections(guide_text())
    assert sorted(sections) == [notebook.name[:2] for notebook in NOTEBOOKS]


def github_anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    words = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return words.replace(" ", "-")


def test_every_relative_link_points_to_a_file_and_every_anchor_to_a_heading():
    text = guide_text()
    headings = {github_anchor(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)}
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links, "the guide links nothing"
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue  # an absolute address
        path, _, anchor = link.partition("#")
        if path:
            assert (GUIDE.parent / path).resolve().exists(), f"broken link {link}"
        else:
            assert anchor in headings, f"no heading for the anchor {link}"


def test_self_check_ids_are_real_and_all_are_mentioned():
    mentioned = set(re.findall(r"`(\d+\.\d+)`", guide_text()))
    for check in mentioned:
        assert re.fullmatch(r"\d\d\.\d", check), f"{check} is not of the form NN.k"
        assert check in SELF_CHECKS, f"{check} is not a self-check of the course"
        assert list((ROOT / "notebooks").glob(f"{check[:2]}_*.ipynb")), f"no notebook for {check}"
    assert mentioned == SELF_CHECKS, f"never mentioned: {sorted(SELF_CHECKS - mentioned)}"


def test_each_notebook_section_sets_its_own_exercises():
    for number, body in notebook_sections(guide_text()).items():
        wanted = {check for check in SELF_CHECKS if check.startswith(number)}
        assert wanted <= set(re.findall(r"`(\d\d\.\d)`", body)), f"section {number} misses {wanted}"


def test_every_bold_phrase_is_a_slider_label_of_an_explorer():
    labels = {control.label for _, scene in explorer_scenes().values() for control in scene.controls.values()}
    for phrase in re.findall(r"\*\*(.+?)\*\*", guide_text()):
        assert phrase in labels, f"**{phrase}** is not a slider label on screen"


def test_each_section_names_only_its_own_explorers_sliders_and_quotes_its_call():
    found = explorer_scenes()
    assert sorted(found) == [chapter.id for chapter in CHAPTERS if chapter.explorers]
    assert len(found) >= 9  # the course has at least the nine explorers of 0.2
    for number, body in notebook_sections(guide_text()).items():
        named = set(re.findall(r"\*\*(.+?)\*\*", body))
        if number not in found:
            assert not named, f"section {number} names sliders, but notebook {number} has no explorer"
            continue
        call, scene = found[number]
        own = {control.label for control in scene.controls.values()}
        assert named <= own, f"section {number} names {named - own}, not sliders of its explorer"
        assert own <= named, f"section {number} never names {own - named}"
        assert f"`{call}`" in body, f"section {number} does not quote the notebook's {call}"


def test_every_slider_move_goes_to_a_position_the_slider_has():
    found = explorer_scenes()
    moves = 0
    for number, body in notebook_sections(guide_text()).items():
        if number not in found:
            continue
        controls = {control.label: control for control in found[number][1].controls.values()}
        for label, value in re.findall(r"\*\*(.+?)\*\* (?:back )?to ([^\s,:;]+(?: [^\s,:;*]+)*)", body):
            control = controls[label]
            moves += 1
            if control.names is not None:
                assert any(value.startswith(name) for name in control.names), f"{label} has no {value}"
                continue
            number_text = re.match(r"−?-?\d+(?:\.\d+)?", value)
            assert number_text, f"{label} to {value!r}: not a number"
            position = float(number_text.group(0).replace("−", "-"))
            assert control.low <= position <= control.high, f"{label} cannot reach {position}"
            steps = (position - control.low) / control.step
            assert abs(steps - round(steps)) < 1e-6, (
                f"{label} has no stop at {position} (step {control.step})"
            )
    assert moves >= 40


def test_the_misconceptions_of_the_issue_are_there():
    text = guide_text()
    part = text.split("## Misconceptions to expect", 1)[1].split("\n## ", 1)[0]
    headings = [h.lower() for h in re.findall(r"^### (.+)$", part, flags=re.MULTILINE)]
    for needle in ("faster is better", "½ in the cost", "√j", "descent and least squares disagree"):
        assert any(needle in heading for heading in headings), f"no misconception heading with {needle!r}"
    for heading, body in zip(headings, re.split(r"^### .+$", part, flags=re.MULTILINE)[1:], strict=True):
        if heading.startswith("others"):
            continue
        body = " ".join(body.split())  # a line may break inside a phrase
        assert "*Why it is wrong:*" in body and "*Where:*" in body and "*What settles it:*" in body, heading


@pytest.mark.parametrize("menu", ["View → Appearance", "Simple Interface", "Presentation Mode"])
def test_the_presentation_menu_names_are_the_ones_jupyterlab_4_uses(menu):
    assert menu in guide_text()
