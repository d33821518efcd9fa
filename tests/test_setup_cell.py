"""The notebooks' setup cell decides, without the network, what to do in Colab and elsewhere."""

import importlib.util
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import tidy_notebooks  # noqa: E402

import gdcore  # noqa: E402
from gdcore.course import chapter  # noqa: E402


def setup_cell() -> str:
    cells = json.loads((ROOT / "notebooks" / chapter(1).notebook).read_text())["cells"]
    return next("".join(c["source"]) for c in cells if "COURSE_REPO = " in "".join(c["source"]))


@pytest.fixture
def pip_calls(monkeypatch):
    """Record the setup cell's pip commands instead of running them; anything else runs as usual
    (importing matplotlib for the first time asks the system for its fonts)."""
    calls, real_run = [], subprocess.run

    def run_or_record(command, *args, **kwargs):
        if "pip" not in command:
            return real_run(command, *args, **kwargs)
        calls.append((command, kwargs))
        return None

    monkeypatch.setattr(subprocess, "run", run_or_record)
    return calls


def pretend_gdcore_is_missing(monkeypatch):
    real = importlib.util.find_spec

    def find_spec(name, *args):
        return None if name == "gdcore" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def run(source, capsys):
    exec(compile(source, "setup cell", "exec"), {})
    return capsys.readouterr().out


def test_installed_anywhere_it_installs_nothing_and_says_nothing(pip_calls, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert run(setup_cell(), capsys) == ""
    assert pip_calls == []


def test_missing_outside_colab_it_says_how_to_install(pip_calls, capsys, monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    pretend_gdcore_is_missing(monkeypatch)
    with pytest.raises(ModuleNotFoundError, match=r"make course.*pip install -e \."):
        run(setup_cell(), capsys)
    assert pip_calls == []


def test_missing_in_the_browser_site_it_says_so_and_not_how_to_install(pip_calls, capsys, monkeypatch):
    # JupyterLite's Pyodide kernel (make site): the site serves gdcore, so a missing gdcore is the
    # site's fault, and the reader of a web page has no course folder to run make in
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    pretend_gdcore_is_missing(monkeypatch)
    with pytest.raises(ModuleNotFoundError, match="in-browser site lacks gdcore") as raised:
        run(setup_cell(), capsys)
    assert "make" not in str(raised.value) and "pip" not in str(raised.value)
    assert pip_calls == []


def test_in_the_browser_site_with_gdcore_it_installs_nothing_and_says_nothing(pip_calls, capsys, monkeypatch):
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    assert run(setup_cell(), capsys) == ""
    assert pip_calls == []


def test_missing_in_colab_it_installs_only_the_course_package_and_says_so(pip_calls, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    pretend_gdcore_is_missing(monkeypatch)
    printed = run(setup_cell(), capsys)
    assert printed.count("\n") == 1 and "installing the course package" in printed
    assert tidy_notebooks.COURSE_REPO in printed
    [(command, kwargs)] = pip_calls
    assert command[1:4] == ["-m", "pip", "install"] and kwargs.get("check") is True
    assert "--no-deps" in command  # Colab's own ipywidgets and matplotlib stay as they are
    # at the release whose notebooks these are, never at a branch: the tag is "v" + gdcore's version
    assert command[-1] == f"git+{tidy_notebooks.COURSE_REPO}@v{gdcore.__version__}"
    assert not any(name in " ".join(command) for name in ("ipywidgets", "matplotlib", "numpy"))


def test_the_package_installs_with_what_colab_already_has():
    # --no-deps is safe only if gdcore needs nothing that Colab lacks: numpy, matplotlib, ipywidgets,
    # Pillow (matplotlib's own dependency) and IPython (Colab's kernel itself)
    pyproject = (ROOT / "pyproject.toml").read_text()
    dependencies = pyproject.split("dependencies = [")[1].split("]")[0]
    names = set(re.findall(r'^\s*"([A-Za-z0-9_.-]+)', dependencies, re.MULTILINE))
    assert names == {"numpy", "matplotlib", "ipywidgets", "ipython", "pillow"}


def test_a_gdcore_of_another_release_is_named_in_one_line(pip_calls, capsys, monkeypatch):
    # a hub whose image holds last term's gdcore: the notebook still runs, and says what it found
    monkeypatch.setattr(gdcore, "__version__", "0.2.0")
    printed = run(setup_cell(), capsys)
    assert printed == (
        f"Note: these notebooks are release v{tidy_notebooks.__version__}, the gdcore installed is 0.2.0.\n"
    )
    assert pip_calls == []


def test_every_notebook_has_the_one_setup_cell():
    for path in tidy_notebooks.notebook_files():
        cells = json.loads(path.read_text())["cells"]
        setups = [c for c in cells if tidy_notebooks.is_setup_cell(c)]
        assert len(setups) == 1, path.name
        assert "".join(setups[0]["source"]) == tidy_notebooks.setup_cell_source(), path.name
