"""The JupyterLite site of ``make site``: every notebook runs in the browser, with the network closed.

The unit tests check what the build writes: the official wheels it takes match Pyodide's own lock,
a changed file stops the build in one sentence, the site's lock names gdcore and what it needs and
everything the kernel would otherwise install one package after another, and the site's copies of
the notebooks fetch nothing from another host. The browser tests build the site, serve its folder on
127.0.0.1 (a static server, no Jupyter), open it in Chromium with every request to another host
aborted and recorded, and run every notebook of the course. They check what test_browser.py checks
in JupyterLab with a server: no cell shows an error or writes to stderr; each explorer's sliders are
named for a screen reader, and a key press on one changes its readout, the printed numbers, the
image and its alt text; axe-core finds nothing in the cells (WCAG 2.1 A and AA); and no request
left 127.0.0.1. One more checks that the font list the site gives matplotlib is the one matplotlib
builds there. Needs Debian's Chromium (skipped with a message without it, failed with
``REQUIRE_BROWSER=1``); the first build downloads Pyodide once (``tools/make_site.py``).
"""

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_site  # noqa: E402
from explorer_checks import (  # noqa: E402
    axe_findings,
    check_shortcuts_reach_jupyterlab,
    check_what_a_screen_reader_gets,
    press_and_wait,
)
from lab_harness import problems_on_page  # noqa: E402
from site_harness import (  # noqa: E402
    StaticSite,
    closed_context,
    is_local,
    open_and_run_all,
    open_notebook,
    run_in_kernel,
)

from gdcore.course import CHAPTERS  # noqa: E402


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
    assert kernel["loadPyodideOptions"]["packages"] == make_site.PRELOAD
    assert (site / ".nojekyll").exists(), "GitHub Pages serves the folder as it is"
    assert {make_site.canonical(name) for name in make_site.PRELOAD} <= set(lock["packages"])
    # the kernel's own wheels in the lock are those its extension in the site serves (the same code)
    kernel_index = json.loads(
        (site / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "pypi" / "all.json")
        .read_text(encoding="utf-8")
    )  # fmt: skip
    for name in make_site.KERNEL_WHEELS:
        (files,) = kernel_index[make_site.canonical(name)]["releases"].values()
        assert lock["packages"][make_site.canonical(name)]["sha256"] == files[0]["digests"]["sha256"], name
    served = sorted(p.name for p in (site / "files" / "notebooks").glob("*.ipynb"))
    assert served == [chapter.notebook for chapter in CHAPTERS]


def test_the_kernel_finds_loaded_every_package_it_would_install_one_by_one(site):
    # jupyterlite-pyodide-kernel installs micropip, piplite and these, one after another, unless
    # loadPyodideOptions.packages names them: read from the kernel's own code in the site
    worker = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (site / "extensions" / "@jupyterlite" / "pyodide-kernel-extension").rglob("*.js")
    )
    lists = re.findall(r'\[((?:"[a-z_0-9]+",)+"[a-z_0-9]+")\].{0,100}?piplite\.install', worker)
    assert len(set(lists)) == 1, "the kernel's list of packages installed at start, once (several bundles)"
    installed = {*json.loads(f"[{lists[0]}]"), "micropip", "piplite"}
    assert "pyodide_kernel" in installed and installed <= set(make_site.PRELOAD)


def explorers_respond(page) -> int:
    """Each explorer on the page, as in JupyterLab with a server (test_browser.py): its sliders are
    named for a screen reader, and a key press on its first slider changes its readout, its printed
    numbers, its image and the image's alt text. Returns how many explorers there are."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.gd-explorer')].every(b => b.dataset.gdA11y === 'tied')",
        timeout=30_000,
    )
    explorers = page.locator(".gd-explorer")
    for k in range(explorers.count()):
        explorer = explorers.nth(k)
        explorer.scroll_into_view_if_needed()
        alt = check_what_a_screen_reader_gets(explorer)
        slider = explorer.locator(".widget-slider").first
        handle = slider.locator(".noUi-handle")
        at_minimum = float(handle.get_attribute("aria-valuenow")) <= float(
            handle.get_attribute("aria-valuemin")
        )
        before, after = press_and_wait(page, explorer, slider, "ArrowRight" if at_minimum else "ArrowLeft")
        assert after["slider"] != before["slider"] and after["numbers"] != before["numbers"]
        assert after["pixels"] != before["pixels"]
        assert check_what_a_screen_reader_gets(explorer) != alt
    if explorers.count():
        check_shortcuts_reach_jupyterlab(page, explorers.first)
    return explorers.count()


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
        assert problems_on_page(page) == [], "no error, no stderr (matplotlib reads its font list)"
        moved = explorers_respond(page)
        assert moved == len(chapter.explorers), "each explorer the chapter builds was found and responded"
        assert problems_on_page(page) == [], "no error after moving the sliders"
        assert axe_findings(page) == [], "WCAG 2.1 A and AA, as in JupyterLab with a server"
    assert blocked == [], "every request stays on 127.0.0.1"


@pytest.mark.browser
def test_the_site_works_at_a_path_of_its_host_as_github_pages_serves_it(site, browser):
    # a repository's GitHub Pages site is at https://owner.github.io/repository/: every address in
    # the site must be relative to its folder, none to the host's root
    blocked: list[str] = []
    chapter = next(chapter for chapter in CHAPTERS if chapter.explorers)
    with (
        StaticSite(site, under="linear-regression-by-gradient-descent") as server,
        closed_context(browser, blocked, viewport={"width": 1400, "height": 1100}) as ctx,
    ):
        assert server.url.endswith("/linear-regression-by-gradient-descent")
        outside: list[str] = []  # requests to this host but not under the site's path
        ctx.on("request", lambda r: None if r.url.startswith(f"{server.url}/") else outside.append(r.url))
        page = ctx.new_page()
        open_and_run_all(page, server, chapter.notebook)
        assert problems_on_page(page) == []
        assert explorers_respond(page) == len(chapter.explorers)
    assert blocked == []
    assert [url for url in outside if is_local(url) and url.startswith("http")] == []


#: In the site's kernel: import matplotlib's font manager (which reads the font list the site put in
#: place), then build the list afresh as matplotlib does without one, and print it as matplotlib writes it.
BUILD_FONT_LIST = """
import matplotlib.font_manager as font_manager
print(font_manager.fontManager._version)
font_manager.json_dump(font_manager.FontManager(), "/tmp/fontlist.json")
print(open("/tmp/fontlist.json").read())
"""


def by_file(font_list: dict) -> dict:
    """The font list with its fonts in order of file name (the order matplotlib finds them may vary)."""
    ordered = {
        kind: sorted(font_list[kind], key=lambda font: font["fname"]) for kind in ("afmlist", "ttflist")
    }
    return {**font_list, **ordered}


@pytest.mark.browser
def test_the_font_list_the_site_ships_is_the_one_matplotlib_builds_there(site, browser):
    with StaticSite(site) as server, closed_context(browser, []) as ctx:
        page = ctx.new_page()
        open_notebook(page, server, CHAPTERS[0].notebook)
        said = run_in_kernel(page, BUILD_FONT_LIST)
    assert said["stdout"], said["stderr"]
    version, built = said["stdout"].split("\n", 1)
    assert version == "330", "matplotlib 3.8.4's font manager"
    # only the fresh build says it builds: the import read the shipped list and said nothing
    assert said["stderr"].count("building the font cache") == 1, said["stderr"]
    shipped = json.loads(make_site.FONT_LIST.read_text(encoding="utf-8"))
    assert by_file(json.loads(built)) == by_file(shipped), (
        f"matplotlib builds another font list in the site: if Pyodide or matplotlib changed, write it to "
        f"{make_site.FONT_LIST.relative_to(ROOT)}:\n{built}"
    )
