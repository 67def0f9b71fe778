"""Notebook 04's exercises: worked answers (as notebooks/solutions/04_optimizer_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import hessian_eigenvalues, mse_gradient

from ._data import Solution, standardized


def solve_04_1():
    x_eval = np.arange(1, 10, 1.0)
    a = np.column_stack([x_eval, np.ones_like(x_eval)])
    h = 2 / len(x_eval) * a.T @ a
    return 2 / np.linalg.eigvalsh(h)[-1]


def solve_04_2():
    x_std, y_std = standardized()
    w, b = -0.6, 1.6
    errors = w * x_std + b - y_std
    return [w - 0.3 * 2 * np.mean(errors * x_std), b - 0.3 * 2 * np.mean(errors)]


def solve_04_3():
    factor = abs(1 - 0.9 * 2)  # lambda = 2 on the standardized data
    return int(np.ceil(np.log(0.01) / np.log(factor)))

def _uphill_step():
    x_std, y_std = standardized()
    g_w, g_b = mse_gradient(x_std, y_std, [-0.6], 1.6)
    return np.array([-0.6, 1.6]) + 0.3 * np.append(g_w, g_b)


SOLUTIONS: dict[str, Solution] = {
    "04.1": Solution(solve_04_1, lambda a: 1.5 * a),
    "04.2": Solution(solve_04_2, lambda a: np.add(a, [0.1, -0.1])),
    "04.3": Solution(solve_04_3, lambda a: a + 5),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("04.1", lambda a: 2 / hessian_eigenvalues(np.arange(1, 10, 1.0))[0], "smallest eigenvalue"),
    ("04.2", lambda a: _uphill_step(), "uphill"),
    ("04.3", lambda a: a["04.3"] - 1, "count again"),
    ("04.3", lambda a: 20.64, "fractional part"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("04.1", lambda a: float(f"{a['04.1']:.4g}")),
]
