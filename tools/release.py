"""Tag a release of the course: ``make release`` tags the current commit ``v`` + gdcore's version.

A class uses one release all term: the notebooks' Colab set-up cell, the Colab and Binder badges and
the student copies' requirements all install gdcore at the tag ``v{gdcore.__version__}``
(tools/tidy_notebooks.py writes them), so a change on main mid-term changes nothing under students
already working. To release:

1. set the new version in ``gdcore/__init__.py`` (``__version__``, the only place it is written);
2. ``make notebooks`` (rewrites the pins and 00's output, which prints the version), ``make test``;
3. commit, then ``make release``, then push the branch and the tag (the command prints how).

This script refuses, saying why, when the working tree has changes that are not committed (the tag
would not hold them), when a notebook's pins or links are stale, or when the tag already exists on
another commit (a published release never moves: set a new version instead). Run again on the tagged
commit, it says so and changes nothing.

    python tools/release.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str) -> str:
    """Run git in the course folder and return what it printed, stripped."""
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def version() -> str:
    """gdcore's version, read from this checkout's ``gdcore/__init__.py`` without importing it."""
    for line in (ROOT / "gdcore" / "__init__.py").read_text().splitlines():
        if line.startswith("__version__ = "):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise ValueError("gdcore/__init__.py has no line __version__ = ...")


def tagged_commit(tag: str) -> str | None:
    """The commit that ``tag`` names, or None when there is no such tag."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or None


def release() -> str:
    """Tag HEAD as ``v`` + gdcore's version and return what was done, in one sentence.

    Raises
    ------
    RuntimeError
        When the tree is not committed, the notebooks are stale, or the tag names another commit.
    """
    tag = f"v{version()}"
    head = git("rev-parse", "HEAD")
    changed = git("status", "--porcelain", "--untracked-files=no")
    if changed:
        raise RuntimeError(
            f"commit or stash your changes first: the tag {tag} would not hold them:\n{changed}"
        )
    stale = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "tidy_notebooks.py"), "--check"], capture_output=True, text=True
    )
    if stale.returncode != 0:
        raise RuntimeError(
            f"the notebooks' pins or links are stale: run `make notebooks` and commit\n{stale.stdout}"
        )
    existing = tagged_commit(tag)
    if existing == head:
        return f"{tag} already tags this commit ({head[:10]}); nothing to do."
    if existing is not None:
        raise RuntimeError(
            f"{tag} already tags commit {existing[:10]}, not this one ({head[:10]}): a published release "
            "never moves; set a new __version__ in gdcore/__init__.py"
        )
    git("tag", "--annotate", tag, "--message", f"gdcore {version()}: the course's release {tag}")
    return f"tagged {head[:10]} as {tag}; publish it with: git push origin HEAD {tag}"


def main() -> int:
    try:
        print(release())
    except RuntimeError as problem:
        print(f"make release: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
