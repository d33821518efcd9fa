"""A real JupyterHub on 127.0.0.1 for the tests: tests/test_jupyterhub.py starts it around a class.

``JupyterHub`` is a context manager. On entry it writes a ``jupyterhub_config.py`` into a temporary
folder and starts ``jupyterhub`` from there, on free ports of 127.0.0.1: any user name logs in with
one shared password (the dummy authenticator), each user's server is a local process
(``SimpleLocalProcessSpawner``: no system users needed, a home folder per user under the temporary
folder) that opens JupyterLab with the course's settings (``tools/lab-settings``, as ``make course``
does) and with nbgitpuller, which the test environment enables as a server extension; the proxy is
configurable-http-proxy, installed from the npm registry at the version that ``tools/hub/`` pins
(``proxy_command``). Entry returns once the hub answers through the proxy.

On exit it stops the hub (which stops the proxy and every user's server), then kills whatever is
left of the processes it started (every one carries ``COURSE_LAB_HOME=<temporary folder>`` in its
environment, kernels included, as with tools/lab_harness.py), even when the test failed, and
removes the temporary folder. Everything they print goes to one log file, ``log()``, which the
errors here quote.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lab_harness import LAB_SETTINGS, MARKER, kill_and_wait, marked_processes

ROOT = Path(__file__).resolve().parent.parent
PROXY_PACKAGE = ROOT / "tools" / "hub"  # package.json and package-lock.json: the proxy, pinned
CACHE = Path.home() / ".cache" / "gdcore-course"
BIN = Path(sys.executable).parent  # this environment's scripts: jupyterhub-singleuser


class ProxyUnavailable(RuntimeError):
    """configurable-http-proxy cannot be installed here (no npm, or the registry did not answer)."""


def proxy_command(cache: Path = CACHE) -> Path:
    """The path of configurable-http-proxy, installed with ``npm ci`` from tools/hub/'s lock.

    It goes into ``cache/hub-<first 12 hex digits of the lock's sha256>``, and is reused from there
    while the lock is unchanged: npm checks each package against the lock's integrity hash once.
    """
    lock = (PROXY_PACKAGE / "package-lock.json").read_bytes()
    folder = cache / f"hub-{hashlib.sha256(lock).hexdigest()[:12]}"
    command = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    if command.exists():
        return command
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise ProxyUnavailable(
            "npm and node are needed to install configurable-http-proxy (apt-get install npm)"
        )
    cache.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f"{folder.name}-", dir=cache))  # renamed when complete
    try:
        for name in ("package.json", "package-lock.json"):
            shutil.copy(PROXY_PACKAGE / name, partial / name)
        done = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=partial,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise ProxyUnavailable(f"npm ci failed in {partial}:\n{done.stdout}{done.stderr}")
        with contextlib.suppress(OSError):  # another run finished first: keep its copy
            partial.rename(folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    if not command.exists():
        raise ProxyUnavailable(f"npm ci installed no {command.name} into {folder}")
    return command


def free_port() -> int:
    """A port of 127.0.0.1 that nobody listens on right now (another program may take it later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


CONFIG = """\
# Written by tools/hub_harness.py for one test run; removed with its folder.
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{home}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{home}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "{home}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server
c.JupyterHub.cleanup_proxy = True
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = {proxy_token!r}
c.ConfigurableHTTPProxy.pid_file = "{home}/jupyterhub-proxy.pid"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True  # any name logs in (since JupyterHub 5 nobody does unless allowed)
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = "{home}/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = "/lab"
c.Spawner.args = {args!r}
c.Spawner.environment = {environment!r}
c.Spawner.start_timeout = {timeout}
c.Spawner.http_timeout = {timeout}
"""

SINGLE_USER_ARGS = [
    f"--LabApp.app_settings_dir={LAB_SETTINGS}",  # no "news" pop-up, as for `make course`
    "--LabApp.expose_app_in_browser=True",  # lets the tests call JupyterLab's own commands
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",  # never asks a package index
    "--allow-root",  # CI machines run as root; harmless otherwise
]


class JupyterHub:
    """A JupyterHub for one test (a context manager; see the module's docstring).

    ``home``, ``url`` and ``process`` are set on entry and kept after exit, so that a test can check
    that all is gone. ``user_home(name)`` is a user's home folder, where their server starts.
    """

    def __init__(self, password: str = "course-hub", ready_timeout: float = 120.0, attempts: int = 3):
        self.password = password
        self.ready_timeout = ready_timeout
        self.attempts = attempts  # starts tried when another program takes a port picked as free
        self.home: Path | None = None
        self.url: str | None = None
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None
        self._log_file = None
        self._log_start = 0

    def user_home(self, name: str) -> Path:
        assert self.home is not None, "the hub is not started"
        return self.home / "home" / name

    def log(self) -> str:
        """Everything the hub, the proxy and the users' servers and kernels printed."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_bytes().decode(errors="replace")

    def __enter__(self) -> JupyterHub:
        proxy = proxy_command()  # before anything is created: may raise ProxyUnavailable
        self.home = Path(tempfile.mkdtemp(prefix="course-hub-"))
        try:
            (self.home / "home").mkdir()
            self.log_path = self.home / "hub.log"
            self._log_file = self.log_path.open("wb")
            for _ in range(self.attempts):
                self._start(proxy)
                if self._wait_until_ready():
                    return self
                self._stop_hub()
            raise RuntimeError(
                f"jupyterhub lost a port it was given {self.attempts} times; log:\n{self.log()}"
            )
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _start(self, proxy: Path) -> None:
        assert self.home is not None and self._log_file is not None
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        config = CONFIG.format(
            port=port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            home=self.home,
            proxy=str(proxy),
            proxy_token=secrets.token_hex(16),
            password=self.password,
            singleuser=str(BIN / "jupyterhub-singleuser"),
            args=SINGLE_USER_ARGS,
            environment={MARKER: str(self.home), "MPLCONFIGDIR": str(self.home / "matplotlib")},
            timeout=int(self.ready_timeout),
        )
        (self.home / "jupyterhub_config.py").write_text(config)
        self._log_file.write(f"--- jupyterhub on {self.url}\n".encode())
        self._log_file.flush()
        self._log_start = self._log_file.tell()  # the hub writes through the same file offset
        env = os.environ | {MARKER: str(self.home)}  # the proxy inherits it; the servers get it from config
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(self.home / "jupyterhub_config.py")],
            cwd=self.home,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _wait_until_ready(self) -> bool:
        """Wait until the hub answers through the proxy; False if a port it was given was taken."""
        assert self.process is not None
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                since_start = self.log_path.read_bytes()[self._log_start :].decode(errors="replace")
                if "address already in use" in since_start.lower():
                    return False
                raise RuntimeError(
                    f"jupyterhub exited early (code {self.process.returncode}); log:\n{self.log()}"
                )
            if self._answers():
                return True
            time.sleep(0.25)  # polling for readiness, not timing anything
        raise TimeoutError(f"jupyterhub did not answer within {self.ready_timeout} s; log:\n{self.log()}")

    def _answers(self) -> bool:
        with contextlib.suppress(OSError, urllib.error.URLError):
            with urllib.request.urlopen(f"{self.url}/hub/api", timeout=2) as response:
                return response.status == 200
        return False

    def __exit__(self, *exc) -> None:
        try:
            self._stop_hub()
            if self.home is not None:
                # the proxy, servers and kernels the hub did not stop (a hub that was killed stops none)
                kill_and_wait(marked_processes(self.home))
        finally:
            if self._log_file is not None:
                self._log_file.close()
            if self.home is not None:
                shutil.rmtree(self.home, ignore_errors=True)

    def _stop_hub(self) -> None:
        """SIGTERM the hub (it stops the servers and the proxy); SIGKILL its process group if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
