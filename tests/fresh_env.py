"""A fresh virtual environment with a copy of the course in it, for the tests that install things."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class FreshEnv:
    """A new venv in ``folder / "env"``, made by ``python``, and a copy of the tracked files in
    ``folder / "repo"``. ``elsewhere`` is an empty folder outside both, to run from.
    """

    def __init__(self, folder: Path, python: str = sys.executable):
        self.repo = folder / "repo"
        tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
        for name in tracked.stdout.splitlines():
            if (ROOT / name).is_file():
                (self.repo / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, self.repo / name)
        self.prefix = folder / "env"
        subprocess.run([python, "-m", "venv", str(self.prefix)], check=True)
        self.python = str(self.prefix / "bin" / "python")
        self.elsewhere = folder / "elsewhere"
        self.elsewhere.mkdir()
        self.environment = os.environ | {"MPLCONFIGDIR": str(folder / "mpl")}
        self.environment.pop("PYTHONPATH", None)

    def pip_install(self, *args: str) -> None:
        command = [self.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args]
        subprocess.run(command, cwd=self.repo, env=self.environment, check=True)

    def run(self, *args: str, cwd: Path | None = None) -> str:
        """Run Python in the environment, in the copy (or in ``cwd``); return what it printed."""
        done = subprocess.run(
            [self.python, *args],
            cwd=cwd or self.repo,
            env=self.environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def assert_pytest_passes(self, *args: str, cwd: Path | None = None) -> None:
        done = subprocess.run(
            [self.python, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q", *args],
            cwd=cwd or self.repo, env=self.environment, capture_output=True, text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        assert " passed" in done.stdout and "failed" not in done.stdout
