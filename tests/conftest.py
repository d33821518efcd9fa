"""Shared test set-up: matplotlib writes its cache to a temporary folder, never to stderr; and the
``no_warnings_escape`` fixture, which a test module turns on with
``pytestmark = pytest.mark.usefixtures("no_warnings_escape")``."""

import os
import tempfile
import warnings

import pytest

# Before anything imports matplotlib (here or in a notebook kernel started by nbval, which inherits it).
# (No MPLBACKEND here: the kernels would inherit it and stop showing figures inline.)
os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="mpl-"))


@pytest.fixture
def no_warnings_escape():
    """Any warning a test does not expect fails it (a DivergenceWarning, a numpy RuntimeWarning, ...)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield
