"""Notebook 02's exercises: worked answers (as notebooks/solutions/02_model_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import LinearModel

from ._data import Solution, seed_data


def solve_02_1():
    return np.sqrt(2 / (10 + 1))


def solve_02_2():
    x, _ = seed_data()
    model = LinearModel(seed=0)
    return model.weights[0] * (80 - x.mean()) / x.std() + model.bias


def solve_02_3():
    w = (80**2 - 20**2) / (80 - 20)
    return [w, 20**2 - w * 20]


SOLUTIONS: dict[str, Solution] = {
    "02.1": Solution(solve_02_1, lambda a: 1.5 * a),
    "02.2": Solution(solve_02_2, lambda a: a + 1),
    "02.3": Solution(solve_02_3, lambda a: [a[0] + 10, a[1]]),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("02.1", lambda a: np.sqrt(2 / 10), "count the one output unit"),
    ("02.1", lambda a: np.sqrt(6 / 11), "Glorot-uniform"),
    ("02.2", lambda a: LinearModel(seed=0).predict([80.0])[0], "raw input"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("02.1", lambda a: float(f"{a['02.1']:.4g}")),
    ("02.2", lambda a: float(f"{a['02.2']:.4g}")),
    ("02.3", lambda a: tuple(a["02.3"])),
]
