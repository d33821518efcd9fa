"""Drive the JupyterLite site of ``make site`` in a real Chromium with the network closed: shared by
the site's browser test and the site benchmark.

``StaticSite`` is a context manager that serves a built site's folder over HTTP on 127.0.0.1, on a
port the system picks, from a thread of this process (as any static host would: no Jupyter server),
and stops it on exit. ``closed_context`` opens a browser context in which every request to a host
other than 127.0.0.1 is aborted and recorded, so that a test can assert that none was attempted;
JupyterLite's service worker (through which Pyodide reads the notebooks' folder) runs, and
Playwright is asked to route its requests as well.
``open_and_run_all`` opens a notebook of the site and runs all its cells, as
``lab_harness.open_and_run_all`` does in JupyterLab.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from lab_harness import KERNEL_IDLE_AND_ALL_RUN, RUN_ALL

LOCAL_HOST = "127.0.0.1"
# Before Playwright starts: report and route the requests of service workers too (Chromium).
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder, quietly, with WebAssembly's MIME type (which Pyodide's loader wants)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
    }

    def log_message(self, format, *args) -> None:
        pass


class StaticSite:
    """A static HTTP server for ``folder`` on 127.0.0.1 (a context manager); ``url`` is set on entry.

    ``under``: serve the folder at that path rather than at the root, as GitHub Pages serves a
    repository's site at ``https://owner.github.io/repository/``; ``url`` then ends with it.
    """

    def __init__(self, folder: Path, under: str = ""):
        self.folder = folder
        self.under = under.strip("/")
        self.url: str | None = None
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._root: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> StaticSite:
        root = self.folder
        if self.under:  # a root folder that holds the site at that path, by a link
            self._root = tempfile.TemporaryDirectory(prefix="site-root-")
            root = Path(self._root.name)
            (root / self.under).parent.mkdir(parents=True, exist_ok=True)
            (root / self.under).symlink_to(self.folder.resolve(), target_is_directory=True)
        handler = functools.partial(_Handler, directory=str(root))
        self._server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self._server.daemon_threads = True
        path = f"/{self.under}" if self.under else ""
        self.url = f"http://{LOCAL_HOST}:{self._server.server_address[1]}{path}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._root is not None:
            self._root.cleanup()


def is_local(url: str) -> bool:
    """Whether ``url`` stays on this machine's 127.0.0.1 (or is a ``data:``/``blob:`` URL, no request)."""
    parsed = urllib.parse.urlsplit(url)
    return parsed.scheme in {"data", "blob"} or parsed.hostname == LOCAL_HOST


@contextlib.contextmanager
def closed_context(browser, blocked: list[str], **options) -> Iterator[object]:
    """A browser context that aborts every request off 127.0.0.1, appending its URL to ``blocked``."""
    context = browser.new_context(**options)

    def route(request_route) -> None:
        if is_local(request_route.request.url):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort("blockedbyclient")

    try:
        context.route("**/*", route)
        yield context
    finally:
        context.close()


KERNEL_IDLE = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const session = panel && panel.sessionContext && panel.sessionContext.session;
    return !!(session && session.kernel && session.kernel.status === 'idle');
}"""


def open_notebook(page, site: StaticSite, name: str, timeout_ms: float = 300_000) -> None:
    """Open ``notebooks/name`` in the site's JupyterLab and wait until its kernel, Pyodide in a web
    worker of the page, has started and is idle."""
    page.goto(f"{site.url}/lab/index.html?path=notebooks/{name}")
    page.wait_for_function(KERNEL_IDLE, timeout=timeout_ms, polling=250)


def open_and_run_all(page, site: StaticSite, name: str, timeout_ms: float = 600_000) -> None:
    """Open notebook ``name`` in the site, run all its cells, and wait until the kernel is idle."""
    open_notebook(page, site, name, timeout_ms)
    page.evaluate(RUN_ALL)
    page.wait_for_function(KERNEL_IDLE_AND_ALL_RUN, timeout=timeout_ms, polling=500)


RUN_IN_KERNEL = """async (code) => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const future = kernel.requestExecute({code, store_history: false});
    const streams = {stdout: '', stderr: ''};
    future.onIOPub = (message) => {
        const content = message.content;
        if (message.header.msg_type === 'stream') streams[content.name] += content.text;
        if (message.header.msg_type === 'error') streams.stderr += content.ename + ': ' + content.evalue;
    };
    await future.done;
    return streams;
}"""


def run_in_kernel(page, code: str) -> dict[str, str]:
    """Run ``code`` in the kernel of the notebook open on ``page``; what it wrote: ``stdout``, ``stderr``
    (an exception's name and message go to ``stderr``)."""
    return page.evaluate(RUN_IN_KERNEL, code)
