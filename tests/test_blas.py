"""No digit that nbval compares depends on the machine's linear-algebra library (OpenBLAS here).

OpenBLAS picks its kernels for the CPU it runs on and splits work between threads, and both change the
order in which products are added up, so the last bits of a solve or a matrix product. The notebooks'
outputs must not print those bits (08's digit tables, which can only show them, are not compared).
This test reruns every notebook with nbval under OpenBLAS's oldest kernel on one thread, the setting
that differed most from the committed outputs (made on a SkylakeX kernel); nbval in the main run has
this machine's own kernel and threads.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import numpy, threadpoolctl
numpy.ones((2, 2)) @ numpy.ones((2, 2))
loaded = threadpoolctl.threadpool_info()
print(*sorted({i.get("architecture") for i in loaded if i["internal_api"] == "openblas"}))
"""


def kernels(environment: dict[str, str]) -> list[str]:
    """The OpenBLAS kernels numpy and scipy load in ``environment`` (empty if they use another BLAS)."""
    done = subprocess.run([sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-1000:]
    return done.stdout.split()


@pytest.mark.slow
def test_every_notebook_prints_the_same_on_another_blas_kernel_and_one_thread(tmp_path):
    own = {name: value for name, value in os.environ.items() if not name.startswith("OPENBLAS_")}
    environment = own | {
        "OPENBLAS_CORETYPE": "Prescott",
        "OPENBLAS_NUM_THREADS": "1",
        "MPLCONFIGDIR": str(tmp_path),
    }
    if not kernels(own):
        pytest.skip("numpy does not use OpenBLAS here, so its kernel cannot be chosen")
    assert kernels(environment) != kernels(own)  # the setting took effect
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-o", "addopts=", "-p", "no:cacheprovider", "-q", "--color=no",
         "--nbval", "--nbval-current-env", "notebooks"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-1000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
