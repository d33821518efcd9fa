"""What the package promises about itself: it installs with ``pip install .`` on every Python from
3.10 to 3.13 and with the oldest numpy and matplotlib it allows, declares every import, and pins its
linter.

The slow tests build fresh virtual environments (they need the package index, or pip's cache).
"""

import ast
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fresh_env import FreshEnv

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.10", "3.11", "3.12", "3.13")


def pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11's tomllib")
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def names(requirements: list[str]) -> set[str]:
    """Distribution names, normalised, of requirement strings such as ``"numpy>=1.24"``."""
    return {re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0].lower().replace("_", "-") for line in requirements}


def find_python(version: str) -> str | None:
    """An interpreter that runs and is Python ``version`` ("3.12"), or None.

    First the newest ``3.12.*`` that pyenv holds, then ``python3.12`` on the PATH (a pyenv shim there
    fails unless that version is selected, so each candidate is asked its version).
    """
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    held = sorted(pyenv.glob(f"{version}.*/bin/python{version}"), key=lambda path: release(path.parts[-3]))
    probe = "import sys; print('%d.%d' % sys.version_info[:2])"
    for candidate in [*map(str, reversed(held)), shutil.which(f"python{version}")]:
        if candidate and run_quietly(candidate, "-c", probe) == version:
            return candidate
    return None


def release(name: str) -> list[int]:
    """The numbers in a version folder's name: "3.10.13" gives [3, 10, 13]."""
    return [int(n) for n in re.findall(r"\d+", name)]


def run_quietly(*command: str) -> str:
    """What ``command`` printed, stripped; empty if it failed."""
    done = subprocess.run(command, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def third_party_imports(guarded: bool = False) -> set[str]:
    """Top-level names of the modules that gdcore's source needs, other than the standard library.

    An import inside ``try: ... except ImportError`` is optional and not counted; with ``guarded``,
    only those are.
    """
    found = set()
    for path in (ROOT / "gdcore").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        optional = {
            id(node) for guard in ast.walk(tree) if is_import_guard(guard) for node in ast.walk(guard)
        }
        for node in ast.walk(tree):
            if (id(node) in optional) != guarded:
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"gdcore", "__future__"}


def is_import_guard(node: ast.AST) -> bool:
    """Whether ``node`` is a ``try`` whose handlers catch ImportError (or ModuleNotFoundError)."""
    caught = {"ImportError", "ModuleNotFoundError"}
    return isinstance(node, ast.Try) and any(
        isinstance(handler.type, ast.Name) and handler.type.id in caught for handler in node.handlers
    )


def test_the_math_imports_no_plotting_or_widget_library():
    probe = "import sys, gdcore; print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_library_gdcore_imports_is_a_declared_dependency():
    imported = third_party_imports()
    assert {"numpy", "matplotlib", "ipywidgets", "IPython"} <= imported  # the scan finds them
    providers = importlib.metadata.packages_distributions()  # e.g. PIL -> pillow
    needed = {dist for module in imported for dist in names(providers.get(module, [module]))}
    missing = needed - names(pyproject()["project"]["dependencies"])
    assert not missing, (
        f"gdcore imports {sorted(missing)}: declare them in pyproject.toml and requirements.txt"
    )


def test_every_library_gdcore_imports_behind_a_guard_is_in_an_extra():
    imported = third_party_imports(guarded=True)
    assert {"nbformat", "nbclient"} <= imported  # gdcore.grade's: the scan finds them
    providers = importlib.metadata.packages_distributions()
    needed = {dist for module in imported for dist in names(providers.get(module, [module]))}
    extras = pyproject()["project"]["optional-dependencies"].values()
    missing = needed - {name for extra in extras for name in names(extra)}
    assert not missing, (
        f"gdcore imports {sorted(missing)} optionally: declare them in an extra of pyproject.toml"
    )


#: What the notebooks import beyond gdcore's own dependencies, as requirements.txt lists it.
NOTEBOOK_ONLY = {"sklearn": "scikit-learn>=1.3"}


def test_requirements_txt_repeats_the_package_dependencies_and_adds_jupyterlab():
    lines = [
        re.sub(r"\s*#.*", "", line).strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
    ]
    listed = [line for line in lines if line]
    declared = [re.sub(r"\s*#.*", "", line) for line in pyproject()["project"]["dependencies"]]
    assert sorted(listed) == sorted(["jupyterlab>=4,<5", *declared, *NOTEBOOK_ONLY.values()])


def test_every_library_a_notebook_imports_is_installed_for_students():
    imported = set()
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                imported |= set(re.findall(r"^\s*(?:from|import)\s+([A-Za-z_]\w*)", source, re.MULTILINE))
    standard = set(sys.stdlib_module_names)
    known = {"numpy", "matplotlib", "gdcore", "ipywidgets", "IPython", *NOTEBOOK_ONLY}
    assert imported - standard <= known, f"undeclared: {sorted(imported - standard - known)}"


def test_python_has_a_lower_bound_and_no_cap():
    assert pyproject()["project"]["requires-python"] == ">=3.10"


def test_ruff_is_pinned_to_one_minor_release_and_installed_from_it():
    (spec,) = [line for line in pyproject()["project"]["optional-dependencies"]["test"] if "ruff" in line]
    low, high = re.fullmatch(r"ruff>=0\.(\d+),<0\.(\d+)", spec).groups()
    assert int(high) == int(low) + 1
    assert importlib.metadata.version("ruff").startswith(f"0.{low}.")


def python_or_skip(version: str) -> str:
    """The interpreter for ``version``, or skip the test saying which one is missing."""
    python = find_python(version)
    if python is None:
        pytest.skip(f"Python {version} not found (neither python{version} on the PATH nor in pyenv)")
    return python


def installed_gdcore_tests(env: FreshEnv, *more: str) -> list[str]:
    """pytest arguments: the doctests of the installed gdcore, and these test files of the copy."""
    files = ("test_data.py", "test_validation.py", *more)
    return ["--doctest-modules", "--pyargs", "gdcore", *(str(env.repo / "tests" / name) for name in files)]


@pytest.mark.slow
@pytest.mark.parametrize("version", PYTHONS)
def test_pip_install_dot_works_on_every_python(tmp_path, version):
    env = FreshEnv(tmp_path, python_or_skip(version))
    env.pip_install(".", "pytest", "hypothesis")  # not editable: pip builds a wheel and installs it
    probe = "import sys, gdcore, gdcore.widgets; print(sys.version_info[:2], gdcore.__file__)"
    printed = env.run("-c", probe, cwd=env.elsewhere)  # from another folder: no copy of gdcore nearby
    assert printed.startswith(f"({version.replace('.', ', ')})")
    assert str(env.prefix) in printed and str(env.repo) not in printed  # the installed copy
    env.assert_pytest_passes(*installed_gdcore_tests(env), cwd=env.elsewhere)  # test_data reads its CSV


@pytest.mark.slow
def test_the_oldest_numpy_and_matplotlib_allowed_on_the_oldest_python(tmp_path):
    env = FreshEnv(tmp_path, python_or_skip(PYTHONS[0]))
    declared = {re.match(r"[a-z]+", line)[0]: line for line in pyproject()["project"]["dependencies"]}
    lowest = {name: re.search(r">=([\d.]+)", declared[name])[1] for name in ("numpy", "matplotlib")}
    # pyparsing 3.3 deprecates camelCase names that older matplotlib calls: harmless, but
    # test_widgets.py turns every warning into an error, so take a pyparsing of matplotlib's time.
    pins = [f"{name}=={bound}" for name, bound in lowest.items()]
    env.pip_install(".", *pins, "pyparsing<3.3", "pytest", "hypothesis")
    probe = "import numpy, matplotlib; print(numpy.__version__, matplotlib.__version__)"
    assert env.run("-c", probe).split() == [f"{bound}.0" for bound in lowest.values()]
    env.assert_pytest_passes(*installed_gdcore_tests(env, "test_widgets.py"), cwd=env.elsewhere)


@pytest.mark.slow
def test_the_explorers_work_on_ipywidgets_7_7_as_colab_may_ship(tmp_path):
    env = FreshEnv(tmp_path)
    env.pip_install("ipywidgets==7.7.*", "numpy", "matplotlib", "ipython", "pytest", "hypothesis")
    env.pip_install("--no-deps", "-e", ".")
    assert env.run("-c", "import ipywidgets; print(ipywidgets.__version__)").startswith("7.7")
    # the sliders, and what a screen reader needs of them (7.7's sliders are jQuery UI, not noUiSlider)
    env.assert_pytest_passes("tests/test_widgets.py", "tests/test_explorer_a11y.py")
