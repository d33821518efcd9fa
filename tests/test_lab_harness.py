"""The JupyterLab harness of the browser tests (tools/lab_harness.py) cleans up after itself.

Each test starts a real ``jupyter lab`` (a few seconds each) but needs no browser.
"""

import json
import os
import signal
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from lab_harness import LAB_SETTINGS, JupyterLab, is_alive, marked_processes  # noqa: E402

from gdcore.course import CHAPTERS  # noqa: E402


@pytest.fixture(scope="module")
def lab():
    with JupyterLab() as server:
        yield server


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def start_kernel(lab: JupyterLab) -> str:
    """Start a kernel through the REST API, as the browser does; return its id."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar := CookieJar()))
    opener.open(f"{lab.url}/lab", timeout=30).close()  # sets the _xsrf cookie
    xsrf = next(cookie.value for cookie in jar if cookie.name == "_xsrf")
    request = urllib.request.Request(
        f"{lab.url}/api/kernels", data=b"{}", method="POST", headers={"X-XSRFToken": xsrf}
    )
    with opener.open(request, timeout=60) as response:
        return json.load(response)["id"]


def wait_for(condition, timeout: float = 30.0):
    """Poll ``condition()`` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)  # polling for a state, not timing anything
    return found


def test_nothing_is_created_or_started_before_the_with_block():
    lab = JupyterLab()
    assert lab.home is None and lab.process is None and lab.url is None


def test_the_server_answers_on_the_port_it_bound_and_serves_a_copy(lab):
    assert lab.url == f"http://127.0.0.1:{lab.port}" and lab.port > 0
    assert get_json(f"{lab.url}/api/status")["kernels"] == 0
    assert (lab.root / CHAPTERS[0].notebook).is_file()
    assert lab.root != ROOT / "notebooks" and lab.root.is_relative_to(lab.home)


def test_no_news_pop_up_the_same_settings_as_make_course(lab):
    # JupyterLab asks "Would you like to get notified about official Jupyter news?" while fetchNews is
    # "none", its own default; the shipped overrides make the default "false", so nobody is asked.
    shipped = json.loads((LAB_SETTINGS / "overrides.json").read_text())
    plugin = "@jupyterlab/apputils-extension:notification"
    assert shipped[plugin] == {"fetchNews": "false", "checkForUpdates": False}
    served = get_json(f"{lab.url}/lab/api/settings/{plugin}")
    assert served["settings"] == {}  # no user setting on top
    defaults = {name: spec["default"] for name, spec in served["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False


def test_the_server_and_its_temporary_folder_go_even_when_a_test_fails():
    lab = JupyterLab()
    with pytest.raises(RuntimeError, match="on purpose"), lab:
        assert lab.process.poll() is None and lab.home.is_dir()  # running, with its copy
        raise RuntimeError("on purpose")
    assert lab.process.poll() is not None  # stopped
    assert not lab.home.exists()  # and its temporary folder is gone
    with pytest.raises(OSError):
        urllib.request.urlopen(lab.url, timeout=2)


def test_kernels_are_stopped_even_when_the_server_was_killed():
    with JupyterLab() as lab:
        start_kernel(lab)
        kernels = wait_for(lambda: [pid for pid in marked_processes(lab.home) if pid != lab.process.pid])
        os.kill(lab.process.pid, signal.SIGKILL)  # no chance to shut its kernels down
        lab.process.wait(timeout=10)
    assert not [pid for pid in kernels if is_alive(pid)]
