"""Regenerate every part of the notebooks that a tool writes, in the one right order: ``make notebooks``.

After editing a notebook (or its chapter module in ``gdcore/chapters``), run ``make notebooks ONLY=NN``
(``ONLY="04 05"`` for several; without ONLY, every notebook). The steps, each one's output the next
one's input:

1. the self-check cells, written from the exercises (tools/add_check_cells.py);
2. execution, top to bottom in a fresh kernel, in the notebook's folder, as a student runs it; the
   notebook-level metadata is kept as committed, so that running again changes only outputs that
   changed (see ``execute``);
3. tidying: navigation bars, badges, the repository URL, no widget state (tools/tidy_notebooks.py);
   it covers every notebook and the README whatever ONLY says, because a notebook's navigation
   names its neighbours' titles;
4. the slide metadata (tools/slide_metadata.py), which depends on the outputs, so it comes last.

``--check`` (``make notebooks CHECK=1``) changes nothing and exits 1 naming every stale file of steps
1, 3 and 4; it does not execute, since nbval (in ``make test``) re-executes every notebook and
compares its outputs. The test suite runs this check, so a committed notebook is always what the
tools would write.

Run on an unchanged notebook, execution writes it back byte for byte, figures included, except the
timing cells (``# (timing: machine-dependent numbers)``) and what NumPy computes through OpenBLAS:
OpenBLAS picks its kernels for the CPU, and their last bits differ, which moves 08's digit tables
(marked ``# (machine-dependent digits: ...)``, so nbval does not compare them; a later cell checks the
text's claims on every kernel) and a few anti-aliased pixels of figures in 05, 08 and 11 (nbval does
not compare figures). ``OPENBLAS_CORETYPE=SkylakeX make notebooks`` picks the kernels most of the
committed notebooks were run with, on a CPU with AVX-512, to keep a diff small.

    python tools/build_notebooks.py [--check] [NN ...]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import add_check_cells  # noqa: E402
import slide_metadata  # noqa: E402
import tidy_notebooks  # noqa: E402

#: Seconds a single cell may take before execution stops with an error (the longest takes seconds).
CELL_TIMEOUT = 600


def executed(path: Path) -> str:
    """The text of the notebook at ``path`` run top to bottom in a fresh kernel, as tidy writes it.

    The kernel starts in the notebook's folder, as Jupyter starts it. The notebook's own metadata
    (kernelspec, language_info) is put back as it was: nbclient rewrites it from the running kernel,
    so a patch release of Python would otherwise change every notebook. Consecutive prints to the
    same stream are joined into one output, as JupyterLab joins them when it saves: how the kernel
    cuts a cell's prints into messages depends on timing, so unjoined they would change from run to
    run. No timings and no widget state are recorded, and widget views are dropped as tidy drops them.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    kept = copy.deepcopy(notebook.metadata)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name=kept.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=False,
        coalesce_streams=True,
    )
    client.execute()
    notebook.metadata = kept
    written = json.loads(nbformat.writes(notebook))  # sources and outputs split into lines, as on disk
    tidy_notebooks.strip_volatile(written)
    return tidy_notebooks.as_written(written)


def isolated_matplotlib() -> None:
    """Give the kernels an empty matplotlib configuration folder (they inherit the environment).

    A developer's own matplotlibrc would otherwise change the committed figures; ``make test`` and
    ``make images`` run with an empty folder too.
    """
    os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="mpl-notebooks-")
    os.environ.pop("MPLBACKEND", None)  # the kernels must draw inline


def self_check_cells(paths: list[Path], check: bool) -> int:
    """Step 1: the self-check cells, from the exercises."""
    return tidy_notebooks.write_or_check(
        add_check_cells.updated_notebooks(paths), check, "tools/add_check_cells.py"
    )


def execution(paths: list[Path]) -> None:
    """Step 2: run each notebook in a fresh kernel; save it if an output changed."""
    isolated_matplotlib()
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", flush=True)
        tidy_notebooks.write_or_check({path: executed(path)}, False, "tools/build_notebooks.py")


def tidy(check: bool) -> int:
    """Step 3: navigation, badges, repository URL, no widget state; every notebook and the README."""
    return tidy_notebooks.main(["--check"] if check else [])


def slides(paths: list[Path], check: bool) -> int:
    """Step 4: the slide metadata, from the rules and the cells' outputs."""
    return tidy_notebooks.write_or_check(
        slide_metadata.updated_notebooks(paths), check, "tools/slide_metadata.py"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", help="notebook numbers, e.g. 04 05 (default: all)")
    parser.add_argument(
        "--check", action="store_true", help="change nothing, execute nothing; exit 1 if anything is stale"
    )
    args = parser.parse_args(argv)
    paths = add_check_cells.chosen(args.numbers)
    if args.check:
        stale = [self_check_cells(paths, True), tidy(True), slides(paths, True)]
        if any(stale):
            print("stale: run make notebooks ONLY=... with the numbers of the notebooks named above")
            return 1
        return 0
    self_check_cells(paths, False)
    execution(paths)
    tidy(False)
    slides(paths, False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
