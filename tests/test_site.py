"""The JupyterLite site of ``make site``: every notebook runs in the browser, with the network closed.

The unit tests check what the build writes: the official wheels it takes match Pyodide's own lock,
a changed file stops the build in one sentence, the site's lock names gdcore and what it needs, and
the site's copies of the notebooks fetch nothing from another host. The browser test builds the
site, serves its folder on 127.0.0.1 (a static server, no Jupyter), opens it in Chromium with every
request to another host aborted and recorded, runs every notebook of the course, and checks that no
cell shows an error, that each explorer's image changes when its slider moves, and that no request
left 127.0.0.1. Needs Debian's Chromium (skipped with a message without it, failed with
``REQUIRE_BROWSER=1``); the first build downloads Pyodide once (``tools/make_site.py``).
"""

import json
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_site  # noqa: E402
from lab_harness import problems_on_page  # noqa: E402
from site_harness import StaticSite, closed_context, drag, is_local, open_and_run_all  # noqa: E402

from gdcore.course import CHAPTERS  # noqa: E402

#: What matplotlib says on stderr the first time it is imported in a fresh Pyodide, whose file system
#: starts empty on every visit: the one stderr output the site's notebooks show that a server's do not.
FONT_CACHE = "Matplotlib is building the font cache; this may take a moment."


def problems(page) -> list[str]:
    """The errors and stderr outputs on the page, but for matplotlib's note on its font cache."""
    return [text for text in problems_on_page(page) if text.strip() != FONT_CACHE]


def test_only_this_machine_counts_as_local():
    assert is_local("http://127.0.0.1:8000/static/pyodide/pyodide.js")
    assert is_local("data:image/png;base64,AAAA") and is_local("blob:http://127.0.0.1:8000/x")
    for url in ("https://cdn.jsdelivr.net/pyodide/v0.27.7/full/pyodide.js", "https://pypi.org/simple/x/",
                "http://localhost.example.com/", "http://127.0.0.2/"):  # fmt: skip
        assert not is_local(url), url


def test_the_closure_follows_every_dependency_under_its_canonical_name():
    packages = {
        "a": {"depends": ["b_c"]},
        "b-c": {"depends": ["D"]},
        "d": {"depends": []},
        "e": {"depends": []},
    }
    assert make_site.closure(packages, ("a",)) == ["a", "b-c", "d"]


def test_the_course_lock_pins_ipywidgets_and_comm_with_their_hashes():
    for name in make_site.FROM_COURSE_LOCK:
        version, hashes = make_site.course_pin(name)
        assert version[0].isdigit() and hashes and all(len(h) == 64 for h in hashes), name


def test_a_changed_file_stops_the_build_in_one_sentence(tmp_path, monkeypatch):
    # a cached bundle whose bytes differ from the pin is fetched again; here the "index" serves it changed
    monkeypatch.setattr(make_site, "CACHE", tmp_path)
    monkeypatch.setattr(make_site.subprocess, "run", fake_pip_download(b"not the pinned file"))
    with pytest.raises(SystemExit) as stopped:
        make_site.pip_download("comm==0.2.3", "comm-0.2.3-py3-none-any.whl", {"0" * 64})
    message = str(stopped.value)
    assert message.startswith("make site stopped: comm-0.2.3-py3-none-any.whl from PyPI does not have")
    assert message.count(". ") == 0 and message.endswith(".")
    assert not (tmp_path / "comm-0.2.3-py3-none-any.whl").exists(), "a changed file is never cached"


def fake_pip_download(data: bytes):
    """Stands in for ``pip download``: writes ``data`` as the requested wheel into ``--dest``."""

    def run(command, **kwargs):
        folder = Path(command[command.index("--dest") + 1])
        name, version = command[-1].split("==")
        (folder / f"{name}-{version}-py3-none-any.whl").write_bytes(data)
        return type("Done", (), {"returncode": 0, "stderr": ""})()

    return run


def test_the_site_copy_drops_badge_images_keeps_links_and_names_the_kernel():
    notebook = json.loads((ROOT / "notebooks" / CHAPTERS[4].notebook).read_text(encoding="utf-8"))
    copy = make_site.site_copy(notebook)
    text = json.dumps(copy["cells"])
    assert "badge" not in text and "colab-badge.svg" not in text
    assert "[Open in Colab](https://colab.research.google.com/github/" in text
    assert copy["metadata"]["kernelspec"]["name"] == "python"  # JupyterLite's Pyodide kernel


def test_gdcore_wheel_holds_every_module_and_the_data(tmp_path):
    wheel = make_site.gdcore_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {p.relative_to(ROOT).as_posix() for p in (ROOT / "gdcore").rglob("*.py")}
    assert sources <= names and "gdcore/jewelry_rings.csv" in names
    assert any(n.endswith(".dist-info/RECORD") for n in names)
    again = tmp_path / "again"
    again.mkdir()
    assert make_site.gdcore_wheel(again).read_bytes() == wheel.read_bytes(), (
        "the same sources, the same wheel"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site, built once for this module (the first build downloads Pyodide into the cache)."""
    folder = tmp_path_factory.mktemp("site") / "site"
    make_site.build(folder, expose_app=True)
    return folder


def test_the_site_serves_pyodide_and_every_wheel_and_its_lock_checks_out(site):
    pyodide = site / "static" / "pyodide"
    lock = json.loads((pyodide / make_site.LOCK).read_text(encoding="utf-8"))
    assert lock["info"]["version"] == make_site.PYODIDE.version
    for name, entry in lock["packages"].items():
        data = (pyodide / entry["file_name"]).read_bytes()
        assert make_site.sha256(data) == entry["sha256"], name
        for dependency in entry["depends"]:
            assert make_site.canonical(dependency) in lock["packages"], (name, dependency)
    assert {"gdcore", "ipywidgets", "scikit-learn", "numpy", "matplotlib"} <= set(lock["packages"])
    config = json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True and kernel["pyodideUrl"].startswith("./static/pyodide/")
    served = sorted(p.name for p in (site / "files" / "notebooks").glob("*.ipynb"))
    assert served == [chapter.notebook for chapter in CHAPTERS]


#: From an explorer's image, the nearest box around it that holds its sliders: the explorer.
EXPLORER_OF_IMAGE = (
    "xpath=ancestor::div[contains(@class, 'widget-vbox')][.//div[contains(@class, 'widget-slider')]][1]"
)


def explorers_respond(page) -> int:
    """Drag the first slider of every explorer on the page; each image must change. Returns how many."""
    images = page.locator("img.widget-image")
    for k in range(images.count()):
        image = images.nth(k)
        image.scroll_into_view_if_needed()
        slider = image.locator(EXPLORER_OF_IMAGE).locator(".widget-slider").first
        handle = slider.locator(".noUi-handle")
        third = slider.locator(".noUi-target").bounding_box()["width"] / 3  # past the next stop of a choice
        before = image.get_attribute("src")
        at_minimum = float(handle.get_attribute("aria-valuenow")) <= float(
            handle.get_attribute("aria-valuemin")
        )
        drag(page, handle, third if at_minimum else -third)
        page.wait_for_function(
            "([i, src]) => i.getAttribute('src') !== src && i.complete",
            arg=[image.element_handle(), before],
            timeout=60_000,
        )
    return images.count()


@pytest.mark.browser
@pytest.mark.parametrize("chapter", CHAPTERS, ids=[chapter.id for chapter in CHAPTERS])
def test_every_notebook_runs_in_the_browser_with_the_network_closed(site, browser, chapter):
    blocked: list[str] = []
    with (
        StaticSite(site) as server,
        closed_context(browser, blocked, viewport={"width": 1400, "height": 1100}) as ctx,
    ):
        page = ctx.new_page()
        open_and_run_all(page, server, chapter.notebook)
        assert problems(page) == []
        moved = explorers_respond(page)
        assert moved == len(chapter.explorers), "each explorer the chapter builds was found and responded"
        assert problems(page) == [], "no error after moving the sliders"
    assert blocked == [], "every request stays on 127.0.0.1"
