"""Student copies of the notebooks: ``make student`` writes them to build/student/.

Each copy is its notebook without the hidden solutions (the ``<details>`` blocks whose summary says
"Solution"), with an empty code cell for the student's work right before each self-check cell
(tagged "self-check"), whose output is cleared. Everything else is the teacher's copy as committed,
outputs included, so a student can read a notebook before running it. The copies are generated,
never edited: change the teacher's copy in notebooks/ and run ``make student`` again.

The Colab and Binder badges at the top and bottom of the teacher's copies open the teacher's copies
(with the solutions), so the student copies drop them, or, given ``--repo USER/REPO`` (where the
teacher will publish build/student/), point them at that repository instead. The folder also gets a
README and a requirements.txt (the course's, plus the gdcore package from the course repository at
this release, never at a branch), so that a repository holding just these files opens on Binder as it
is. The copies stand alone: 00's "How to open it" says how to open *these* copies (Colab, Binder, a
JupyterHub, your own machine), as the README does; 00's paragraph for teachers is dropped, and the
set-up cell says to install from requirements.txt, since the copies have no Makefile and no docs/.

    python tools/make_student.py [--out build/student] [--repo USER/REPO] [--branch main]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from tidy_notebooks import (  # noqa: E402
    COURSE_REPO,
    RELEASE,
    as_written,
    notebook_files,
    set_setup_cell,
    title_of,
)

from gdcore.course import CHAPTERS  # noqa: E402

SOLUTION = re.compile(
    r"<details>\s*<summary>[^<]*<b>Solution[^<]*</b>.*?</summary>.*?</details>\s*", re.DOTALL
)
BADGES = re.compile(r"^\[!\[Open in Colab\].*$\n?", re.MULTILINE)
WORK_CELL_TEXT = ""  # empty: the student's own cell
# 00's sections for the course folder, between these markers: replaced, and dropped, in the copies.
OPEN_SECTION = re.compile(r"<!-- open:start -->.*?<!-- open:end -->", re.DOTALL)
TEACHERS_SECTION = re.compile(r"<!-- teachers:start -->.*?<!-- teachers:end -->\s*", re.DOTALL)
#: What the set-up cell tells a student whose Python lacks gdcore, in the copies' folder.
STUDENT_INSTALL_HINT = "in this folder run `pip install -r requirements.txt`"
START = CHAPTERS[0].notebook


def how_to_open(repo: str | None, branch: str) -> str:
    """How to open the student copies, in markdown: Colab, Binder, a JupyterHub, your own machine.

    With ``repo`` (where the teacher publishes the copies) the Colab and Binder items are links to it.
    """
    if repo:
        colab = f"[open {START} in Colab]({colab_link(repo, branch, START)})"
        binder = f"[launch these notebooks on Binder]({binder_link(repo, branch, START)})"
        colab_item = f"{colab}, or use the *Open in Colab* badge at the top of each notebook."
        binder_item = f"{binder}, or use the *launch binder* badge. The first start takes a few minutes."
    else:
        colab_item = (
            "in Colab, *File → Open notebook → GitHub*, paste the address of the repository where your "
            "teacher published these copies, and pick a notebook."
        )
        binder_item = (
            "at mybinder.org, paste the address of the repository where your teacher published these "
            "copies; Binder installs `requirements.txt`. The first start takes a few minutes."
        )
    return "\n".join(
        [
            "## How to open it",
            "",
            f"- **Colab** (a Google account, nothing to install): {colab_item} The first code cell of each "
            f"notebook installs the course package, gdcore, at the course's release `{RELEASE}`, and leaves "
            "Colab's own `matplotlib` and `ipywidgets` alone.",
            f"- **Binder** (nothing to install): {binder_item}",
            "- **Your university's JupyterHub**: follow the link your teacher gives you. It copies these "
            "notebooks into your own folder on the hub and opens one. Following it again later brings "
            "your teacher's corrections and keeps your own work.",
            "- **On your own machine** (Python 3.10 or newer): in this folder run "
            "`python -m venv .venv`, then `.venv/bin/pip install -r requirements.txt` "
            "(on Windows `.venv\\Scripts\\pip`), then `.venv/bin/jupyter lab " + START + "`.",
            "",
            "Then run the notebook from the top (*Run → Run All Cells*). The sliders need a running kernel.",
        ]
    )


def without_solutions(markdown: str) -> str:
    """The markdown with every hidden solution block removed."""
    return SOLUTION.sub("", markdown).rstrip()


def colab_link(repo: str, branch: str, name: str) -> str:
    """The address that opens notebook ``name`` of the student repository ``repo`` in Colab."""
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/{name}"


def binder_link(repo: str, branch: str, name: str) -> str:
    """The address that builds the student repository ``repo`` on Binder and opens ``name``."""
    return f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{name}"


def badges_for(repo: str, branch: str, name: str) -> str:
    """Colab and Binder badges that open ``name`` in the student repository ``repo``."""
    colab, binder = colab_link(repo, branch, name), binder_link(repo, branch, name)
    return (
        f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab}) "
        f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({binder})\n"
    )


def is_self_check(cell: dict) -> bool:
    return "self-check" in cell.get("metadata", {}).get("tags", [])


def work_cell(check: dict) -> dict:
    """The empty cell where the student works out the answers of the self-check ``check``."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"{check['id'][:6]}wk",
        "metadata": {"tags": ["student-work"]},
        "outputs": [],
        "source": WORK_CELL_TEXT.splitlines(keepends=True),  # as nbformat stores it (no lines for "")
    }


def student_notebook(notebook: dict, name: str, repo: str | None = None, branch: str = "main") -> dict:
    """The student copy of ``notebook`` (a parsed .ipynb), whose file name is ``name``."""
    student = copy.deepcopy(notebook)
    set_setup_cell(student["cells"], STUDENT_INSTALL_HINT)
    cells = []
    for cell in student["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            if text.startswith(("<!-- nav:top -->", "<!-- nav:bottom -->")):
                badges = badges_for(repo, branch, name) if repo else ""
                text = BADGES.sub(badges, text, count=1)
            text = without_solutions(text)
            text = OPEN_SECTION.sub(lambda _: how_to_open(repo, branch), text)
            text = TEACHERS_SECTION.sub("", text)
            if not text.strip():
                continue  # a cell that held only a solution
            cell["source"] = text.splitlines(keepends=True)  # as nbformat stores it: see make_student_copies
        elif is_self_check(cell):
            cells.append(work_cell(cell))
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    student["cells"] = cells
    return student


def write_support_files(out: Path, titles: list[tuple[str, str]], repo: str | None, branch: str) -> None:
    """A README (the notebooks, and how to open them), and the requirements Binder and pip install."""
    course_requirements = (ROOT / "requirements.txt").read_text().rstrip()
    gdcore_at_release = f"gdcore @ git+{COURSE_REPO}@{RELEASE}"
    comment = "# the course package, from the course repository at this release"
    (out / "requirements.txt").write_text(f"{course_requirements}\n{comment}\n{gdcore_at_release}\n")
    lines = [
        "# Linear regression by gradient descent: the notebooks, for students",
        "",
        f"Release `{RELEASE}` of the course at {COURSE_REPO}, without the solutions. These copies are "
        "generated from the course: do not edit them by hand.",
        "",
    ]
    lines += [f"- [{title}]({name})" for name, title in titles]
    lines += [
        "",
        "Each exercise has an empty cell for your work, then a self-check: put your answer in place of "
        'the `...` in `gd.check("04.1", ...)` and run the cell. It says right or wrong and, when wrong, '
        "gives a hint without the answer.",
        "",
        how_to_open(repo, branch),
    ]
    (out / "README.md").write_text("\n".join(lines) + "\n")


def make_student_copies(out: Path, repo: str | None = None, branch: str = "main") -> list[Path]:
    """Write the student copy of every notebook into ``out``; return their paths."""
    if repo is not None and not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
        raise ValueError(f"repo must be USER/REPOSITORY as on GitHub; got {repo!r}")
    out.mkdir(parents=True, exist_ok=True)
    written, titles = [], []
    for path in notebook_files():
        notebook = json.loads(path.read_text())
        student = student_notebook(notebook, path.name, repo, branch)
        target = out / path.name
        # Byte for byte as JupyterLab saves it (nbformat's layout), so that a student's save changes only
        # the cells the student changed, and nbgitpuller's merge (git merge -Xours) still brings in a fix
        # the teacher later makes to any other cell. Sources as one string, say, were rewritten as lines
        # by the first save: every cell then "changed" on both sides, and the student's old text won.
        target.write_text(as_written(student))
        written.append(target)
        titles.append((path.name, title_of(notebook)))
    write_support_files(out, titles, repo, branch)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student")
    parser.add_argument(
        "--repo", help="USER/REPO on GitHub where the copies will be published (for the badges)"
    )
    parser.add_argument("--branch", default="main")
    args = parser.parse_args(argv)
    written = make_student_copies(args.out, args.repo, args.branch)
    where = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"{len(written)} student copies in {where}/: no solutions, a cell for work before each self-check")
    if not args.repo:
        print("Their Colab and Binder badges are removed: to point them at where you publish the copies, run")
        print("make student STUDENT_REPO=USER/REPO (and STUDENT_BRANCH=..., main by default)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
