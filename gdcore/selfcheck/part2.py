"""The exercises of part 2 (notebooks 06-11): each answer and each anticipated mistake, computed."""

from __future__ import annotations

from .core import Exercise

EXERCISES: list[Exercise] = []
