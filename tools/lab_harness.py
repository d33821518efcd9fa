"""Drive the course in a real JupyterLab and a real Chromium: shared by the browser tests and the
slider-latency benchmark.

``JupyterLab`` is a context manager. On entry it copies the notebooks to a temporary folder (so that
nothing the browser saves touches the repository) and starts ``jupyter lab`` there, on 127.0.0.1, on
a port the server picks itself and reports back, with no token and with settings and runtime folders
of its own. On exit it stops the server and every kernel it started, even a kernel left behind by a
server that was killed, and removes the temporary folder. Its default settings come from
``tools/lab-settings``, as for ``make course``: no "news" pop-up in front of the notebook.
``chromium`` launches Debian's Chromium through Playwright (whose own browser download is not
available everywhere).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAB_SETTINGS = ROOT / "tools" / "lab-settings"  # overrides.json, also used by `make course`
MARKER = "COURSE_LAB_HOME"  # in the environment of the server and of every process it starts
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """The path of Debian's Chromium, or None."""
    for candidate in (*CHROMIUM_CANDIDATES, shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def marked_processes(home: Path) -> list[int]:
    """Process ids of the live processes whose environment says ``COURSE_LAB_HOME=home``.

    Reads Linux's ``/proc``; elsewhere returns an empty list. Zombies (already dead) have no
    environment left and are not listed.
    """
    needle = f"{MARKER}={home}\0".encode()
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to read
            if needle in (entry / "environ").read_bytes():
                pids.append(int(entry.name))
    return pids


def kill_and_wait(pids: list[int], timeout: float = 10.0) -> None:
    """SIGKILL each process in ``pids`` and wait until none of them is alive."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while any(is_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            raise TimeoutError(f"processes {pids} still alive {timeout} s after SIGKILL")
        time.sleep(0.05)  # polling for their end, not timing anything


def is_alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (Linux ``/proc``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class JupyterLab:
    """A JupyterLab server for one test session (a context manager; see the module's docstring).

    ``home``, ``port``, ``url`` and ``process`` are set on entry and kept after exit, so that a test
    can check that all is gone.
    """

    def __init__(self, notebooks: Path = ROOT / "notebooks", ready_timeout: float = 120.0, attempts: int = 3):
        self.notebooks = notebooks
        self.ready_timeout = ready_timeout
        self.attempts = attempts  # starts tried when another program takes the port the server picked
        self.home: Path | None = None
        self.port: int | None = None
        self.url: str | None = None
        self.process: subprocess.Popen | None = None
        self.log = None

    def __enter__(self) -> JupyterLab:
        self.home = Path(tempfile.mkdtemp(prefix="course-lab-"))
        try:
            self.root = self.home / "notebooks"
            shutil.copytree(self.notebooks, self.root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
            self.log_path = self.home / "jupyter.log"
            self.log = self.log_path.open("wb")
            for _ in range(self.attempts):
                self._start()
                if self._wait_until_ready():
                    return self
            lost = f"jupyter lab lost the port it picked {self.attempts} times"
            raise RuntimeError(f"{lost}; its last log:\n{self._log()}")
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _start(self) -> None:
        env = os.environ | {
            MARKER: str(self.home),
            "JUPYTER_CONFIG_DIR": str(self.home / "config"),
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "JUPYTERLAB_SETTINGS_DIR": str(self.home / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.home / "workspaces"),
            "MPLCONFIGDIR": str(self.home / "matplotlib"),
        }
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            # port 0: the server binds a free port itself and reports it (see _read_port)
            "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0", "--ServerApp.port_retries=0",
            "--IdentityProvider.token=", "--ServerApp.password=",
            f"--ServerApp.root_dir={self.root}",
            f"--LabApp.app_settings_dir={LAB_SETTINGS}",  # no "news" pop-up, as for `make course`
            "--LabApp.expose_app_in_browser=True",  # lets the tests call JupyterLab's own commands
            "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",  # never asks a package index
            "--allow-root",  # CI machines run as root; harmless otherwise
        ]  # fmt: skip
        self.log_start = self.log.tell()  # the server writes through the same file offset
        self.url = None
        self.process = subprocess.Popen(
            command, cwd=self.root, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def _log(self) -> str:
        """What the server printed since it was last started."""
        return self.log_path.read_bytes()[self.log_start :].decode(errors="replace")

    def _wait_until_ready(self) -> bool:
        """Wait until the server answers; False if it exited because its port was taken meanwhile.

        With port 0 jupyter_server asks the system for a free port, releases it and binds it again
        a moment later; should another program take it in between, the server says so and exits.
        """
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if "is not available" in self._log():
                    return False
                raise RuntimeError(f"jupyter lab exited early; its log:\n{self._log()}")
            if self.url is None:
                self._read_port()
            elif self._answers():
                return True
            time.sleep(0.25)  # polling for readiness, not timing anything
        raise TimeoutError(f"jupyter lab did not answer within {self.ready_timeout} s")

    def _read_port(self) -> None:
        """Read the port the server bound from the file it writes once it listens."""
        info = self.home / "runtime" / f"jpserver-{self.process.pid}.json"
        with contextlib.suppress(OSError, ValueError, KeyError):  # not written yet, or half written
            self.port = int(json.loads(info.read_text())["port"])
            self.url = f"http://127.0.0.1:{self.port}"

    def _answers(self) -> bool:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{self.url}/api/status", timeout=2) as response:
                return response.status == 200
        return False

    def __exit__(self, *exc) -> None:
        try:
            self._stop_server()
            if self.home is not None:
                # Kernels run in sessions of their own: a server that was killed leaves them running.
                kill_and_wait(marked_processes(self.home))
        finally:
            if self.log is not None:
                self.log.close()
            if self.home is not None:
                shutil.rmtree(self.home, ignore_errors=True)

    def _stop_server(self) -> None:
        """SIGTERM the server's process group (it then shuts its kernels down); SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright; always closed on exit."""
    from playwright.sync_api import sync_playwright

    path = find_chromium()
    if path is None:
        raise FileNotFoundError("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


RUN_ALL = """async () => {
    const app = window.jupyterapp;
    const panel = app.shell.currentWidget;
    await panel.context.ready;
    await panel.sessionContext.ready;
    await app.commands.execute('notebook:run-all-cells');
    return true;
}"""

KERNEL_IDLE_AND_ALL_RUN = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') return false;
    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def open_and_run_all(page, lab: JupyterLab, name: str, timeout_ms: float = 180_000) -> None:
    """Open notebook ``name`` in JupyterLab, run all its cells, wait until the kernel is idle.

    Each notebook gets a fresh workspace of its own, so no tab is restored from an earlier one.
    """
    workspace = Path(name).stem.replace("_", "-")
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{name}?reset")
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext",
        timeout=timeout_ms,
    )
    page.evaluate(RUN_ALL)
    page.wait_for_function(KERNEL_IDLE_AND_ALL_RUN, timeout=timeout_ms)


def problems_on_page(page) -> list[str]:
    """Texts of every error or stderr output shown in the notebook."""
    return page.eval_on_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
        " .jp-OutputArea-output.jp-mod-error",
        "nodes => nodes.map(n => n.textContent)",
    )
