"""The JupyterHub harness of tests/test_jupyterhub.py (tools/hub_harness.py) cleans up after itself.

A real hub with one user's server, no browser: the hub is killed, so that it can stop nothing
itself, and the proxy, the server and the temporary folder must still be gone after the ``with``.
Needs npm for the proxy: skipped with a message without it, failed with ``REQUIRE_BROWSER=1``.
"""

import os
import signal
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from hub_harness import JupyterHub, ProxyUnavailable, proxy_command  # noqa: E402
from lab_harness import is_alive, marked_processes  # noqa: E402


@pytest.fixture(scope="module")
def proxy():
    try:
        return proxy_command()
    except ProxyUnavailable as why:
        reason = f"JupyterHub harness test skipped: {why}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason.replace("skipped", "required (REQUIRE_BROWSER=1) but cannot run"))
        pytest.skip(reason)


def command_lines(pids: list[int]) -> list[str]:
    lines = []
    for pid in pids:
        try:
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            pass  # gone meanwhile
    return lines


def wait_for(condition, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)  # polling for a state, not timing anything
    return found


def log_in_and_spawn(hub: JupyterHub, name: str) -> None:
    """Log ``name`` in through the login form, as a browser would, and ask the hub for their server."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar := CookieJar()))
    opener.open(f"{hub.url}/hub/login", timeout=30).close()  # sets the _xsrf cookie
    xsrf = next(cookie.value for cookie in jar if cookie.name == "_xsrf")
    form = urllib.parse.urlencode({"username": name, "password": hub.password, "_xsrf": xsrf}).encode()
    opener.open(f"{hub.url}/hub/login?next=/hub/spawn/{name}", data=form, timeout=60).close()


def test_nothing_is_started_before_the_with_block():
    hub = JupyterHub()
    assert hub.home is None and hub.process is None and hub.url is None


def test_a_killed_hub_leaves_no_proxy_server_or_folder_behind(proxy):
    with JupyterHub() as hub:
        assert proxy.is_file() and hub.url.startswith("http://127.0.0.1:")
        log_in_and_spawn(hub, "ada")
        marked = wait_for(
            lambda: (
                (pids := marked_processes(hub.home))
                and any("jupyterhub-singleuser" in line for line in command_lines(pids))
                and pids
            )
        )
        lines = command_lines(marked)
        assert any("configurable-http-proxy" in line for line in lines), lines
        assert hub.user_home("ada").is_dir()
        os.kill(hub.process.pid, signal.SIGKILL)  # as if the test run itself were killed
        hub.process.wait()
    assert not hub.home.exists()
    assert marked_processes(hub.home) == []
    assert not any(is_alive(pid) for pid in marked)


def test_without_npm_the_proxy_is_unavailable_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no npm, no node; and nothing cached
    with pytest.raises(ProxyUnavailable, match="npm and node are needed"):
        proxy_command(cache=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
