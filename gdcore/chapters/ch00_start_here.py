"""Chapter 00, "Start here: linear regression by gradient descent": its entry in the course
(:mod:`gdcore.course`).
"""

from __future__ import annotations

from ..course import Chapter

CHAPTER = Chapter(
    number=0,
    notebook="00_start_here.ipynb",
    title="Start here: linear regression by gradient descent",
    part=0,
    short_title="",
    summary="",
)
