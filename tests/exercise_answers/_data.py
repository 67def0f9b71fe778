"""What every notebook's answers share: the record of a solution, and the data the exercises use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sgd_lib import make_original_data, standardize


@dataclass
class Solution:
    """How to get an exercise's right answer, and a wrong one.

    ``solve()`` computes the right answer the way the worked solution notebook does; ``wrong(answer)``
    makes a wrong answer from it; ``secrets(answer)`` are the numbers no hint may show.
    """

    solve: Callable[[], object]
    wrong: Callable[[object], object]
    secrets: Callable[[object], list[float]] = field(default=lambda answer: list(np.ravel(answer)))


def seed_data() -> tuple[np.ndarray, np.ndarray]:
    """The original's data: x = 1..99, y = x**2."""
    return make_original_data()


def standardized() -> tuple[np.ndarray, np.ndarray]:
    """The original's data with x and y standardized."""
    x_std, y_std, _, _ = standardize(*make_original_data())
    return x_std, y_std


def stretched() -> tuple[np.ndarray, np.ndarray]:
    """x in tens and y standardized: the stretched bowl of notebook 09."""
    x, _ = make_original_data()
    return x / 10, standardized()[1]
