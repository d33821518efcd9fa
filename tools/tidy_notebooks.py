"""Tidy the committed notebooks: navigation bars, badges, 00's map, the set-up cell, no widget state.

After editing, adding, renaming or retitling a notebook, run ``make notebooks ONLY=NN``
(tools/build_notebooks.py), which runs this after executing the notebook; after moving the
repository, ``python tools/tidy_notebooks.py`` alone is enough. It finds its own cells by a marker
and rewrites only them, so it can be run any number of times; ``--check`` changes nothing and exits
1 if anything is stale (the test suite runs it that way, through ``make notebooks``' check, so
links never rot).

The notebooks, their order and titles, and the lines of 00's map and of the README's table come from
the course's list of chapters, :data:`gdcore.course.CHAPTERS`.

The repository's address is set here, once (``COURSE_REPO``), and the release is gdcore's version
(``gdcore.__version__``, tag ``RELEASE``): the notebooks' set-up cells, written here from one template
(:func:`setup_cell_source`), and the Colab and Binder badges all take them from here, so that every link
opens and installs the course at its release, never at a branch that moves under a class.

Execution timestamps are dropped, so that running a notebook again changes only what changed.
Widget state is left out of the committed files: it would carry every rendered slider image, and
GitHub refuses to render a notebook whose ``metadata.widgets`` is incomplete. Widget views are
dropped from the outputs too, so GitHub shows the explorer's text ("run the notebook to use it")
and the static figure beside it.
"""

from __future__ import annotations

import argparse
import json
import re
import string
import sys
from pathlib import Path

COURSE_REPO = "https://github.com/gd-course/linear-regression-by-gradient-descent"

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # gdcore from this checkout, installed or not

from gdcore import __version__  # noqa: E402
from gdcore.course import CHAPTERS, PARTS  # noqa: E402

#: The git tag of this release (``make release`` makes it): what every link and install points at.
RELEASE = f"v{__version__}"

NOTEBOOKS = ROOT / "notebooks"
TOP, BOTTOM = "<!-- nav:top -->", "<!-- nav:bottom -->"
BADGES_START, BADGES_END = "<!-- badges:start -->", "<!-- badges:end -->"
MAP_START, MAP_END = "<!-- map:start -->", "<!-- map:end -->"
SETUP_START = "# Setup. "
#: What the set-up cell tells a reader whose Python lacks gdcore, in the course folder.
INSTALL_HINT = "in the course folder run `make course` (or `pip install -e .`)"


def github_path() -> str:
    return COURSE_REPO.removeprefix("https://github.com/")


def colab_url(name: str) -> str:
    return f"https://colab.research.google.com/github/{github_path()}/blob/{RELEASE}/notebooks/{name}"


def binder_url(name: str = CHAPTERS[0].notebook) -> str:
    return f"https://mybinder.org/v2/gh/{github_path()}/{RELEASE}?urlpath=lab/tree/notebooks/{name}"


def colab_badge(name: str) -> str:
    return f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab_url(name)})"


def binder_badge(name: str = CHAPTERS[0].notebook) -> str:
    return f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({binder_url(name)})"


def site_url(name: str = CHAPTERS[0].notebook) -> str:
    """The notebook in the course's JupyterLite site (``make site``), published on the repository's
    GitHub Pages as docs/teaching.md says."""
    owner, repository = github_path().split("/")
    return f"https://{owner}.github.io/{repository}/lab/index.html?path=notebooks/{name}"


def site_badge(name: str = CHAPTERS[0].notebook) -> str:
    image = "https://jupyterlite.rtfd.io/en/latest/_static/badge.svg"
    return f"[![Try it in your browser (JupyterLite)]({image})]({site_url(name)})"


def notebook_files() -> list[Path]:
    """The course's notebooks, in order, as :data:`gdcore.course.CHAPTERS` lists them."""
    return [NOTEBOOKS / chapter.notebook for chapter in CHAPTERS]


def course_map() -> str:
    """00's map of the course: a row per chapter, under its part's heading, from the course's list."""
    rows = [MAP_START, "| chapter | notebook | what happens |", "|---|---|---|"]
    part = 0
    for chapter in CHAPTERS[1:]:
        if chapter.part != part:
            part = chapter.part
            rows.append(f"| | **{PARTS[part]}** | |")
        name = chapter.short_title or chapter.title
        rows.append(f"| {chapter.id} | [{name}]({chapter.notebook}) | {chapter.summary} |")
    return "\n".join([*rows, MAP_END])


def set_course_map(cells: list[dict]) -> None:
    """Put :func:`course_map` between its markers in the cell that holds them (00's "The notebooks")."""
    pattern = re.compile(re.escape(MAP_START) + ".*?" + re.escape(MAP_END), re.DOTALL)
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and MAP_START in text:
            cell["source"] = pattern.sub(lambda _: course_map(), text).splitlines(keepends=True)


def title_of(notebook: dict) -> str:
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("notebook has no '# ' title")


def nav_bar(files: list[Path], index: int, titles: list[str], marker: str) -> str:
    links = []
    if index > 0:
        links.append(f"[← {titles[index - 1]}]({files[index - 1].name})")
    if index != 0:
        links.append(f"[Start]({files[0].name})")
    if index + 1 < len(files):
        links.append(f"[{titles[index + 1]} →]({files[index + 1].name})")
    badges = f"{colab_badge(files[index].name)} {binder_badge(files[index].name)}"
    return f"{marker}\n{badges}\n\n" + " · ".join(links)


def markdown_cell(source: str, cell_id: str) -> dict:
    lines = source.splitlines(keepends=True)
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": lines}


def set_marked_cell(cells: list[dict], marker: str, source: str, at_end: bool) -> None:
    for cell in cells:
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).startswith(marker):
            cell["source"] = source.splitlines(keepends=True)
            return
    if at_end:
        cells.append(markdown_cell(source, "nav-bottom"))
    else:
        cells.insert(0, markdown_cell(source, "nav-top"))


#: The set-up cell of every notebook, with ``$``-fields for :class:`string.Template` (whose ``$`` leaves
#: the cell's own f-string braces alone).
SETUP_TEMPLATE = string.Template(
    """$start On Colab this first installs the course package, gdcore, at this notebook's release.
import importlib.util
import subprocess
import sys

COURSE_REPO = "$repo"
COURSE_RELEASE = "$release"
if importlib.util.find_spec("gdcore") is None:
    if sys.platform == "emscripten":  # in the browser (JupyterLite), where the site serves gdcore
        raise ModuleNotFoundError("this in-browser site lacks gdcore: ask whoever published it to rebuild it")
    if "google.colab" not in sys.modules:
        raise ModuleNotFoundError("gdcore is not installed: $install_hint")
    print("Colab: installing the course package gdcore", COURSE_RELEASE, "from", COURSE_REPO)
    package = f"git+{COURSE_REPO}@{COURSE_RELEASE}"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", package], check=True)

import matplotlib.pyplot as plt
import numpy as np

import gdcore as gd
from gdcore import plots, scenes, widgets

if f"v{gd.__version__}" != COURSE_RELEASE:
    print(f"Note: these notebooks are release {COURSE_RELEASE}, the gdcore installed is {gd.__version__}.")
plots.use_course_style()"""
)


def setup_cell_source(install_hint: str = INSTALL_HINT) -> str:
    """The set-up cell of every notebook: on Colab it installs gdcore at this release.

    Elsewhere gdcore must be installed already (``install_hint`` says how, where the notebook is); a
    gdcore of another release is named in one line, since its numbers and self-checks may differ.
    """
    fields = {
        "start": SETUP_START.strip(),
        "repo": COURSE_REPO,
        "release": RELEASE,
        "install_hint": install_hint,
    }
    return SETUP_TEMPLATE.substitute(fields)


def is_setup_cell(cell: dict) -> bool:
    return cell["cell_type"] == "code" and "".join(cell["source"]).startswith(SETUP_START)


def set_setup_cell(cells: list[dict], install_hint: str = INSTALL_HINT) -> None:
    """Write :func:`setup_cell_source` into the notebook's set-up cell (its outputs are kept)."""
    for cell in cells:
        if is_setup_cell(cell):
            cell["source"] = setup_cell_source(install_hint).splitlines(keepends=True)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def strip_volatile(nb: dict) -> None:
    """Drop widget state and views, and execution timestamps (they would churn every diff)."""
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)


def updated_notebooks() -> dict[Path, str]:
    files = notebook_files()
    books = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    titles = [chapter.heading for chapter in CHAPTERS]
    result = {}
    for i, (path, nb) in enumerate(zip(files, books, strict=True)):
        set_marked_cell(nb["cells"], TOP, nav_bar(files, i, titles, TOP), at_end=False)
        set_marked_cell(nb["cells"], BOTTOM, nav_bar(files, i, titles, BOTTOM), at_end=True)
        set_setup_cell(nb["cells"])
        set_course_map(nb["cells"])
        strip_volatile(nb)
        result[path] = as_written(nb)
    return result


def as_written(nb: dict) -> str:
    """The text of a notebook file, as nbformat writes it; every tool writes this, so diffs stay small."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def readme_badges(files: list[Path], titles: list[str]) -> str:
    rows = ["| chapter | notebook | open in |", "|---|---|---|"]
    for path, title in zip(files, titles, strict=True):
        rows.append(f"| {path.name[:2]} | [{title}](notebooks/{path.name}) | {colab_badge(path.name)} |")
    return f"{BADGES_START}\n{binder_badge()} {site_badge()}\n\n" + "\n".join(rows) + f"\n{BADGES_END}"


def updated_readme() -> str | None:
    readme = ROOT / "README.md"
    if not readme.exists():
        return None
    text = readme.read_text(encoding="utf-8")
    if BADGES_START not in text:
        return text
    files = notebook_files()
    titles = [chapter.heading for chapter in CHAPTERS]
    pattern = re.compile(re.escape(BADGES_START) + ".*?" + re.escape(BADGES_END), re.DOTALL)
    return pattern.sub(lambda _: readme_badges(files, titles), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is stale")
    args = parser.parse_args(argv)
    wanted = updated_notebooks()
    readme = updated_readme()
    if readme is not None:
        wanted[ROOT / "README.md"] = readme
    return write_or_check(wanted, args.check, "tools/tidy_notebooks.py")


def write_or_check(wanted: dict[Path, str], check: bool, tool: str) -> int:
    """Write each file whose text differs from ``wanted``, or with ``check`` only name them (exit 1)."""
    stale = [p for p, text in wanted.items() if p.read_text(encoding="utf-8") != text]
    if check:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run python {tool})")
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
