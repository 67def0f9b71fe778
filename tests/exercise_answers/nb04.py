"""Notebook 04's exercises: worked answers (as notebooks/solutions/04_optimizer_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import hessian_eigenvalues

from ._data import Solution, standardized


def solve_04_1():
    x_eval = np.arange(1, 10, 1.0)
    a = np.column_stack([x_eval, np.ones_like(x_eval)])
    h = 2 / len(x_eval) * a.T @ a
    return 2 / np.linalg.eigvalsh(h)[-1]


def solve_04_2():
    def sgd_step(w, b, x, y, learning_rate):
        error = w * x + b - y
        grad_w, grad_b = 2 * np.mean(error * x), 2 * np.mean(error)
        return w - learning_rate * grad_w, b - learning_rate * grad_b

    return sgd_step


def solve_04_3():
    factor = abs(1 - 0.9 * 2)  # lambda = 2 on the standardized data
    return int(np.ceil(np.log(0.01) / np.log(factor)))


def solve_04_4():
    x_std, _ = standardized()
    h = 2 * np.array([[np.mean(x_std**2), np.mean(x_std)], [np.mean(x_std), 1.0]])
    lam = np.linalg.eigvalsh(h)[-1]
    return [1 / lam, 2 / lam]  # factor 1 - lr * lam is 0, then -1


def _uphill(step):
    """The right step, taken up the slope: the learner added the gradient."""

    def uphill(w, b, x, y, learning_rate):
        w_new, b_new = step(w, b, x, y, learning_rate)
        return 2 * w - w_new, 2 * b - b_new

    return uphill


def _sequential(w, b, x, y, learning_rate):
    """A step written by hand that updates w before it computes b's derivative."""
    w = w - learning_rate * 2 * np.mean((w * x + b - y) * x)
    b = b - learning_rate * 2 * np.mean(w * x + b - y)
    return w, b


SOLUTIONS: dict[str, Solution] = {
    "04.1": Solution(solve_04_1, lambda a: 1.5 * a),
    "04.2": Solution(
        solve_04_2, lambda a: lambda *args, **kwargs: np.add(a(*args, **kwargs), [0.1, -0.1]), secrets=lambda a: []
    ),
    "04.3": Solution(solve_04_3, lambda a: a + 5),
    "04.4": Solution(solve_04_4, lambda a: [0.7, 1.4], secrets=lambda a: [a[0]]),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("04.1", lambda a: 2 / hessian_eigenvalues(np.arange(1, 10, 1.0))[0], "smallest eigenvalue"),
    ("04.2", lambda a: _uphill(a["04.2"]), "uphill"),
    ("04.2", lambda a: _sequential, "same (w, b)"),
    ("04.2", lambda a: lambda w, b, x, y, learning_rate: (w, b), "unchanged"),
    ("04.2", lambda a: lambda *args: 1.0, "two numbers"),
    ("04.4", lambda a: [1.0, 2.0], "curvature of 1"),
    ("04.4", lambda a: [1.0, 0.5], "swap"),
    ("04.3", lambda a: a["04.3"] - 1, "count again"),
    ("04.3", lambda a: 20.64, "fractional part"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("04.1", lambda a: float(f"{a['04.1']:.4g}")),
    ("04.4", lambda a: (0.5, 1)),
]
