"""Shared test set-up: matplotlib writes its cache to a temporary folder, never to stderr."""

import os
import tempfile

# Before anything imports matplotlib (here or in a notebook kernel started by nbval, which inherits it).
# (No MPLBACKEND here: the kernels would inherit it and stop showing figures inline.)
os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="mpl-"))
