"""How gdcore says that a name, an argument or an order of 0.2 goes away: one wording for all.

The math (``gdcore.regression``, ``gdcore.descent``), the explorers (``gdcore.widgets``) and the scenes
warn through :func:`deprecated`, so that every old spelling says the same about its future and what to
write instead.
"""

from __future__ import annotations

import warnings

#: What every warning about a name or an order of gdcore 0.2 says about its future.
DEPRECATED = "deprecated since gdcore 0.3, removed in 0.4"


def deprecated(old: str, new: str, stacklevel: int = 3) -> None:
    """Warn, as a :class:`DeprecationWarning`, that ``old`` is the spelling of gdcore 0.2: write ``new``.

    Parameters
    ----------
    old, new : str
        What the caller wrote, and what to write instead.
    stacklevel : int
        As for :func:`warnings.warn`; the default 3 names the line that called the function that
        calls this one.
    """
    warnings.warn(f"{old} is {DEPRECATED}: write {new} instead.", DeprecationWarning, stacklevel=stacklevel)
