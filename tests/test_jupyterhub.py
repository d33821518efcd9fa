"""The course on a real JupyterHub, handed out with an nbgitpuller link, as a lecturer would.

The lecturer's repository holds the student copies (tools/make_student.py), committed with git on
this disk. tools/hub_harness.py starts a JupyterHub on 127.0.0.1 (the dummy authenticator, a local
process per user, configurable-http-proxy from the npm registry, nbgitpuller in every user's
server). Two students log in through the hub's login form, each in a browser of their own, and
follow the link (tools/nbgitpuller_link.py): nbgitpuller clones the repository into their home and
JupyterLab opens notebook 04. One student runs it, moves a slider, types into the empty work cell
and saves; the lecturer then commits a fix; the student follows the link again, and nbgitpuller's
merge keeps both the work and the fix, in the file on disk and on screen. The other student's copy
is their own, without the first student's work.

Needs Debian's Chromium and npm (for the proxy): without them the test is skipped with a message;
with ``REQUIRE_BROWSER=1`` (as ``.ci/run`` sets) it fails instead. The hub, the proxy, every
server and kernel are stopped at the end, even when the test fails.
"""

import contextlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
from test_browser import press_and_wait

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from hub_harness import JupyterHub, ProxyUnavailable, proxy_command  # noqa: E402
from lab_harness import RUN_ALL, problems_on_page  # noqa: E402
from make_student import make_student_copies  # noqa: E402
from nbgitpuller_link import clone_folder, nbgitpuller_link  # noqa: E402

from gdcore.course import chapter  # noqa: E402

pytestmark = pytest.mark.browser
NOTEBOOK = chapter(4).notebook
WORK = "my_answer = 42"  # what the student types into the empty work cell
FIX = "*Revised after the first lecture: a clearer word on the stability limit.*"  # the lecturer's fix
TIMEOUT_MS = 180_000  # a deadline for each wait; a server's first start on a busy machine is slow

NOTEBOOK_OPEN = """(name) => {
    const app = window.jupyterapp;
    const panel = app && app.shell.currentWidget;
    return !!(panel && panel.sessionContext && panel.context && panel.context.path.endsWith(name)
              && panel.content.widgets.length > 0);
}"""

#: Marks the notebook's cell that carries ``tag`` with ``data-course-test``; returns its index.
MARK_CELL = """(tag) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets;
    const k = cells.findIndex(cell => (cell.model.getMetadata('tags') || []).includes(tag));
    if (k >= 0) cells[k].node.setAttribute('data-course-test', tag);
    return k;
}"""

#: The kernel is idle and every code cell with code in it has run (the empty work cell is not run).
ALL_RUN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') return false;
    const code = panel.content.widgets.filter(
        cell => cell.model.type === 'code' && cell.model.sharedModel.getSource().trim() !== '');
    return code.length > 0 && code.every(cell => cell.model.executionCount !== null);
}"""

SAVED = "() => !window.jupyterapp.shell.currentWidget.context.model.dirty"


@pytest.fixture(scope="module")
def lecturer_repository(tmp_path_factory) -> Path:
    """The lecturer's git repository of student copies, one commit on ``main``."""
    repository = tmp_path_factory.mktemp("lecturer") / "course-student"
    make_student_copies(repository)
    git(repository, "init", "--quiet", "--initial-branch=main")
    git(repository, "add", ".")
    git(repository, "commit", "--quiet", "-m", "Student copies for the class")
    return repository


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Lecturer", "-c", "user.email=lecturer@example.org", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def hub(browser):
    try:
        proxy_command()  # installs configurable-http-proxy with npm ci, once (then cached)
    except ProxyUnavailable as why:
        reason = f"JupyterHub test skipped: {why}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason.replace("skipped", "required (REQUIRE_BROWSER=1) but cannot run"))
        pytest.skip(reason)
    with JupyterHub() as server:
        yield server


@contextlib.contextmanager
def log_on_failure(hub: JupyterHub):
    """On a failure, print what the hub, the proxy and the servers logged (pytest shows it)."""
    try:
        yield
    except BaseException:
        print(
            f"--- the end of the log of the hub, the proxy, the servers and kernels:\n{hub.log()[-60_000:]}"
        )
        raise


def follow(page, link: str, hub: JupyterHub, name: str) -> None:
    """Follow the nbgitpuller link, logging in first if the hub asks, until 04 is open in JupyterLab."""
    page.goto(link)
    if "/hub/login" in page.url:
        page.get_by_label("Username").fill(name)
        page.get_by_label("Password").fill(hub.password)
        page.get_by_role("button", name="Sign in").click()
    lab = re.compile(rf"/user/{name}/lab/tree/{re.escape(clone_folder(link_repo(link)))}/{NOTEBOOK}")
    page.wait_for_url(lab, timeout=TIMEOUT_MS)
    page.wait_for_function(NOTEBOOK_OPEN, arg=NOTEBOOK, timeout=TIMEOUT_MS)


def link_repo(link: str) -> str:
    return parse_qs(urlsplit(link).query)["repo"][0]


def wait_for_file(path: Path, text: str, timeout: float = 60.0) -> str:
    """The file's text once it contains ``text`` (polled, with a deadline)."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError):
            content = path.read_text(encoding="utf-8")
            if text in content:
                return content
        assert time.monotonic() < deadline, f"{path} does not contain {text!r} after {timeout} s"
        time.sleep(0.1)  # polling for the save, not timing anything


def work_cells(path: Path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [cell.source for cell in notebook.cells if "student-work" in cell.metadata.get("tags", [])]


def test_two_students_pull_the_course_work_in_it_and_get_the_lecturers_fix(hub, browser, lecturer_repository):
    started = time.monotonic()
    link = nbgitpuller_link(hub.url, f"file://{lecturer_repository}", "main", NOTEBOOK)
    folder = clone_folder(f"file://{lecturer_repository}")
    ada, brook = (browser.new_context(viewport={"width": 1400, "height": 1100}) for _ in range(2))
    try:
        with log_on_failure(hub):
            page = ada.new_page()
            follow(page, link, hub, "ada")
            mine = hub.user_home("ada") / folder / NOTEBOOK
            assert work_cells(mine) == [""]  # nbgitpuller's clone, as handed out

            # ada runs the notebook and moves α, as in class
            page.evaluate(RUN_ALL)
            page.wait_for_function(ALL_RUN, timeout=TIMEOUT_MS)
            assert problems_on_page(page) == []
            explorer = page.locator(".widget-vbox:visible").filter(has=page.locator(".widget-image")).first
            explorer.scroll_into_view_if_needed()
            alpha = explorer.locator(".widget-slider").filter(has_text="α").first
            before, after = press_and_wait(page, explorer, alpha, "ArrowRight")
            assert after["slider"] != before["slider"]
            assert after["numbers"] != before["numbers"] and after["pixels"] != before["pixels"]

            # ada types her work into the empty cell and saves with the keyboard
            assert page.evaluate(MARK_CELL, "student-work") > 0
            editor = page.locator("[data-course-test='student-work'] .cm-content")
            editor.scroll_into_view_if_needed()
            editor.click()
            page.keyboard.type(WORK)
            page.keyboard.press("Control+s")
            page.wait_for_function(SAVED, timeout=TIMEOUT_MS)
            assert work_cells(mine) == [WORK]
            assert FIX not in mine.read_text(encoding="utf-8")

            # brook gets a copy of his own, which ada's work does not touch
            other = brook.new_page()
            follow(other, link, hub, "brook")
            other.get_by_role("heading", name=re.compile(r"^04 · ")).first.wait_for(timeout=TIMEOUT_MS)
            theirs = hub.user_home("brook") / folder / NOTEBOOK
            assert theirs.is_file() and theirs != mine
            assert work_cells(theirs) == [""]

            # the lecturer commits a fix to 04's first cell, far from the work cell
            fixed = nbformat.read(lecturer_repository / NOTEBOOK, as_version=4)
            title, rest = fixed.cells[1].source.split("\n", 1)
            assert title.startswith("# 04 · ")
            fixed.cells[1].source = f"{title}\n\n{FIX}\n{rest}"
            nbformat.write(fixed, lecturer_repository / NOTEBOOK)
            git(lecturer_repository, "commit", "--quiet", "-am", "04: a clearer word on the stability limit")

            # ada follows the link again: nbgitpuller merges, and both are there
            follow(page, link, hub, "ada")
            merged = wait_for_file(mine, FIX)
            assert WORK in merged and work_cells(mine) == [WORK]
            assert "04: a clearer word" in git(mine.parent, "log", "--format=%s")
            shown = page.locator(".jp-RenderedMarkdown em").filter(has_text=FIX.strip("*"))
            shown.first.wait_for(timeout=TIMEOUT_MS)  # rendered and visible, or it fails
            page.evaluate(MARK_CELL, "student-work")
            from playwright.sync_api import expect  # (imported here: without playwright the test skips)

            work = page.locator("[data-course-test='student-work'] .cm-content")
            work.scroll_into_view_if_needed()
            expect(work).to_have_text(WORK, timeout=TIMEOUT_MS)  # the editor shows it once drawn

            # brook's copy is still his own: no work of ada's, and the fix waits for his next click
            assert work_cells(theirs) == [""] and FIX not in theirs.read_text(encoding="utf-8")
    finally:
        ada.close()
        brook.close()
    print(f"two students, a run, a slider, a save, a fix and a merge: {time.monotonic() - started:.1f} s")
