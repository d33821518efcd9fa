"""Build the HTML edition: ``build/html/NN_name.html``, one page per notebook, and ``index.html``.

``make html`` runs it; ``python tools/make_html.py [folder]`` writes to another folder. It is the
course in a format a screen reader reads well and a browser opens without a kernel: each notebook as
it was executed, converted by nbconvert's HTMLExporter with its lab template (``tools/html/``, which
writes ``tools/html/course.css`` into each page: syntax colours, prompts and links at 4.5:1 or more on their
backgrounds, links in running text underlined). Each figure keeps the alternative text the notebook
gave it, a live explorer shows its text (what the notebook prints for a reader without a kernel),
the links between notebooks lead to the pages, and the Colab and Binder badges, which run a
notebook, are left out.

The pages need no network: MathJax and require.js are copied next to them, into
``build/html/_static/``, from the npm tarballs pinned in ``tools/make_slides.py`` (the same cache in
``~/.cache/gdcore-course/``, so only a machine's first build of either needs the network).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from make_slides import PACKAGES, escaped_dollars, unpack  # noqa: E402
from tidy_notebooks import notebook_files, title_of  # noqa: E402

TEMPLATE = ROOT / "tools" / "html"
#: The page's styles, in tools/: the code colours shared with the slides, then the edition's own.
CSS = ("code-colours.css", "html/course.css")
TITLE = "Linear regression by gradient descent"
# nbconvert writes this where an image has no alt text; a figure of the course always has one
NO_ALT = "No description has been provided for this image"
BADGES = re.compile(r"^\[!\[.*$\n?", re.MULTILINE)  # the line of Colab and Binder badges
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_[a-z0-9_]+)\.ipynb\)")


def for_the_page(nb, resources):
    """The markdown as a page reads it: no badges that run the notebook, links to the other pages."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = BADGES.sub("", cell.source)
            cell.source = NOTEBOOK_LINK.sub(r"](\1.html)", text)
    return nb, resources


def exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATE.parent)]
    config.HTMLExporter.template_name = TEMPLATE.name
    config.HTMLExporter.mathjax_url = "_static/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.HTMLExporter.require_js_url = "_static/requirejs/require.js"
    pages = HTMLExporter(config=config)
    pages.register_preprocessor(for_the_page, enabled=True)
    pages.register_preprocessor(escaped_dollars, enabled=True)
    return pages


def index_page(pages: list[tuple[Path, str]], css: str) -> str:
    rows = "\n".join(f'<li><a href="{p.name}">{html.escape(title)}</a></li>' for p, title in pages)
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE}: the notebooks as web pages</title>
<style>
{css}</style></head>
<body class="course-index">
<main>
<h1>{TITLE}</h1>
<p>The course's notebooks as web pages, each with the outputs it prints when it runs: for reading
with a screen reader, or without Python. Every figure has a description; an interactive explorer
needs a running notebook (<code>make course</code>), and its page shows the pictures of its key
settings instead.</p>
<ol>
{rows}
</ol>
</main>
</body>
</html>
"""


def build(out: Path = ROOT / "build" / "html", notebooks: list[Path] | None = None) -> list[Path]:
    """Write one page per notebook, the assets they load, and ``index.html`` into ``out``.

    Parameters
    ----------
    out : Path
        The folder to write to (made if missing).
    notebooks : list of Path, optional
        The notebooks to convert; all of the course's when None.

    Returns
    -------
    list of Path
        The pages written, in the course's order.

    Raises
    ------
    ValueError
        If a figure would come out without alternative text.
    """
    out.mkdir(parents=True, exist_ok=True)
    static = out / "_static"
    for package in PACKAGES:
        if package.name != "reveal.js":
            unpack(package, static)
    css = "\n".join((ROOT / "tools" / name).read_text(encoding="utf-8") for name in CSS)
    convert = exporter()
    pages = []
    for path in notebooks or notebook_files():
        body, _ = convert.from_filename(str(path), resources={"course_css": css})
        if NO_ALT in body:
            raise ValueError(f"{path.name}: a figure has no alt text; show it with plots.show(alt, ...)")
        page = out / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append((page, title_of(json.loads(path.read_text(encoding="utf-8")))))
    (out / "index.html").write_text(index_page(pages, css), encoding="utf-8")
    return [page for page, _ in pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "build" / "html")
    args = parser.parse_args(argv)
    pages = build(args.out)
    print(f"wrote {len(pages)} pages, their assets and index.html to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
