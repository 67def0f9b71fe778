"""Notebook 03's exercises: worked answers (as notebooks/solutions/03_cost_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import mse_at

from ._data import Solution, seed_data, standardized


def solve_03_1():
    x_std, y_std = standardized()
    w_best = np.mean(x_std * y_std)  # cov(x, y) / var(x), both means 0, var(x) = 1
    floor = np.mean((w_best * x_std - y_std) ** 2)  # the best b is 0
    return floor + 0.5 * 2.0 * (1.2 - 0.0) ** 2  # + (1/2) d^T H d, d = (0, 1.2), H = 2 I


def solve_03_2():
    x, _ = seed_data()
    x_centered = x - x.mean()
    h = 2 * np.array([[np.mean(x_centered**2), np.mean(x_centered)], [np.mean(x_centered), 1.0]])
    return np.sqrt(h[0, 0] / h[1, 1])  # dividing x by s divides h[0, 0] by s**2; h[1, 1] stays 2


def solve_03_3():
    def gradient(x, y, w, b):
        errors = w * x + b - y
        return [2 * np.mean(errors * x), 2 * np.mean(errors)]

    return gradient


def _loop_gradient(x, y, w, b):
    """The gradient written with a loop over the points and sums, as a learner new to NumPy might."""
    dw = db = 0.0
    for xi, yi in zip(x, y):
        error = w * xi + b - yi
        dw, db = dw + 2 * error * xi, db + 2 * error
    return [dw / len(x), db / len(x)]


def _summed_gradient(x, y, w, b):
    errors = w * x + b - y
    return [2 * np.sum(errors * x), 2 * np.sum(errors)]


def _half_gradient(x, y, w, b):
    errors = w * x + b - y
    return [np.mean(errors * x), np.mean(errors)]


SOLUTIONS: dict[str, Solution] = {
    "03.1": Solution(solve_03_1, lambda a: 1.5 * a),
    "03.2": Solution(solve_03_2, lambda a: 2.0 * a),
    "03.3": Solution(
        solve_03_3, lambda a: lambda x, y, w, b: [a(x, y, w, b)[0], 3.0 * a(x, y, w, b)[1]], secrets=lambda a: []
    ),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("03.1", lambda a: a["03.1"] - 1.44, "that is the floor"),
    ("03.1", lambda a: 1.44, "add the floor"),
    ("03.1", lambda a: a["03.1"] + 1.44, "one half"),
    ("03.3", lambda a: lambda x, y, w, b: [None, None], "still returns None"),
    ("03.2", lambda a: 57.59, "raw x"),
    ("03.2", lambda a: 816.67, "square root"),
    ("03.3", lambda a: _half_gradient, "factor 2"),
    ("03.3", lambda a: _summed_gradient, "np.mean, not np.sum"),
    ("03.3", lambda a: lambda x, y, w, b: None, "returned None"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("03.1", lambda a: float(f"{a['03.1']:.4g}")),
    ("03.1", lambda a: mse_at(*standardized(), [0.97, 1.2])),  # read in the explorer, w on its slider's stop 0.97
    ("03.2", lambda a: float(f"{a['03.2']:.4g}")),
    ("03.3", lambda a: _loop_gradient),
    ("03.3", lambda a: lambda x, y, w, b: np.array(a["03.3"](x, y, w, b))),
]
