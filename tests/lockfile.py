"""Reading the locks of ``locks/`` (written by ``make lock``, with ``uv pip compile --universal``).

A lock is a requirements file whose every entry is ``name==version``, maybe ``; marker``, followed by
``--hash=sha256:...`` options. Where a library has dropped an older Python, one name has several
entries whose markers split the Pythons between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
COURSE_LOCK = ROOT / "locks" / "course.txt"
TEST_LOCK = ROOT / "locks" / "test.txt"
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
#: sys_platform, platform_system, os_name: the platforms a student may have
PLATFORMS = (("linux", "Linux", "posix"), ("darwin", "Darwin", "posix"), ("win32", "Windows", "nt"))


@dataclass(frozen=True)
class Pin:
    name: str  # canonical: lower case, "-" for "_" and "."
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]

    def applies(self, environment: dict[str, str]) -> bool:
        return self.marker is None or self.marker.evaluate(environment)


def read_lock(path: Path) -> list[Pin]:
    """Every entry of the lock at ``path``; a line that is neither an exact pin nor a comment is an error."""
    text = re.sub(r"\\\n", " ", path.read_text())  # one line per entry, its hashes included
    pins = []
    for number, line in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s+)#.*", "", line).strip()  # uv's "# via ..." annotations
        if not line:
            continue
        requirement, *options = re.split(r"\s+(?=--)", line)
        found = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;]+)\s*(?:;\s*(.+))?", requirement.strip())
        if found is None:
            raise ValueError(f"{path.name}, entry {number}: not an exact pin (name==version): {line[:80]!r}")
        name, version, marker = found.groups()
        hashes = tuple(option.split("=", 1)[1] for option in options if option.startswith("--hash="))
        pins.append(
            Pin(canonicalize_name(name), Version(version), Marker(marker) if marker else None, hashes)
        )
    return pins


def environment(python: str, platform: tuple[str, str, str] = PLATFORMS[0]) -> dict[str, str]:
    """The marker environment of CPython ``python`` ("3.12"), its first release, on ``platform``."""
    sys_platform, system, os_name = platform
    return default_environment() | {
        "python_version": python,
        "python_full_version": f"{python}.0",
        "sys_platform": sys_platform,
        "platform_system": system,
        "os_name": os_name,
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
    }


def resolved(pins: list[Pin], env: dict[str, str]) -> dict[str, Version]:
    """What the lock installs in ``env``: name -> version (an error if two entries apply to one name)."""
    chosen: dict[str, Version] = {}
    for pin in pins:
        if pin.applies(env):
            if pin.name in chosen:
                raise ValueError(f"two versions of {pin.name} for Python {env['python_full_version']}")
            chosen[pin.name] = pin.version
    return chosen


def requirement_lines(path: Path) -> list[Requirement]:
    """The requirements of a hand-written requirements file such as requirements.txt, comments dropped."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line]
