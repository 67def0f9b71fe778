"""Notebook 03's exercises: worked answers (as notebooks/solutions/03_cost_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._data import Solution, seed_data


def solve_03_1():
    x, y = seed_data()
    return np.mean((100 * x - 1683 - y) ** 2)


def solve_03_2():
    x, _ = seed_data()
    x_centered = x - x.mean()
    h = 2 * np.array([[np.mean(x_centered**2), np.mean(x_centered)], [np.mean(x_centered), 1.0]])
    low, high = np.linalg.eigvalsh(h)
    return high / low


def solve_03_3():
    x, y = seed_data()
    errors = 100 * x + 0 - y
    return [2 * np.mean(errors * x), 2 * np.mean(errors)]


SOLUTIONS: dict[str, Solution] = {
    "03.1": Solution(solve_03_1, lambda a: 1.5 * a),
    "03.2": Solution(solve_03_2, lambda a: 2.0 * a),
    "03.3": Solution(solve_03_3, lambda a: [a[0], 3.0 * a[1]]),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("03.1", lambda a: np.sqrt(a["03.1"]), "square root of the MSE"),
    ("03.2", lambda a: 13475.85, "raw x"),
    ("03.3", lambda a: np.multiply(a["03.3"], 0.5), "factor 2"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("03.1", lambda a: float(f"{a['03.1']:.4g}")),
    ("03.2", lambda a: float(f"{a['03.2']:.4g}")),
]
