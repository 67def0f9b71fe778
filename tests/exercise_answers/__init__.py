"""The exercises' answers, one module per notebook (``nb01`` ... ``nb10``), gathered here.

Each module holds ``SOLUTIONS`` (exercise id -> :class:`Solution`), ``MISTAKES`` (answers with a
common mistake and a phrase their hint must contain) and ``ACCEPTED`` (right answers in other forms).
"""

from __future__ import annotations

from importlib import import_module

from ._data import Solution

MODULES = [import_module(f"{__name__}.nb{number:02d}") for number in range(1, 11)]
SOLUTIONS: dict[str, Solution] = {key: value for module in MODULES for key, value in module.SOLUTIONS.items()}
MISTAKES = [row for module in MODULES for row in module.MISTAKES]
ACCEPTED = [row for module in MODULES for row in module.ACCEPTED]

__all__ = ["ACCEPTED", "MISTAKES", "SOLUTIONS", "Solution"]
