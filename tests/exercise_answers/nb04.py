"""Notebook 04's exercises: worked answers (as notebooks/solutions/04_optimizer_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._data import Solution, standardized


def solve_04_1():
    n = 1
    while True:
        x = np.arange(1, n + 2, 1.0)  # x = 1..n+1
        h = 2 / len(x) * np.column_stack([x, np.ones_like(x)]).T @ np.column_stack([x, np.ones_like(x)])
        if 2 / np.linalg.eigvalsh(h)[-1] < 0.1:
            return n
        n += 1


def solve_04_2():
    def descend(w, b, x, y, learning_rate, steps):
        path = [(w, b)]
        for _ in range(steps):
            error = w * x + b - y
            grad_w, grad_b = 2 * np.mean(error * x), 2 * np.mean(error)
            w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
            path.append((w, b))
        return np.array(path)

    return descend


def solve_04_3():
    factor = abs(1 - 0.9 * 2)  # lambda = 2 on the standardized data
    return int(np.ceil(np.log(0.01) / np.log(factor)))


def solve_04_4():
    x_std, _ = standardized()
    h = 2 * np.array([[np.mean(x_std**2), np.mean(x_std)], [np.mean(x_std), 1.0]])
    lam = np.linalg.eigvalsh(h)[-1]
    return [1 / lam, (2 - 0.3 * lam) / lam]  # factor 0; then 1 - lr * lam = -(1 - 0.3 * lam)


def _uphill(descend):
    """The right path, taken up the slope: the learner added the gradient."""

    def uphill(w, b, x, y, learning_rate, steps):
        path = [(w, b)]
        for _ in range(steps):
            w_new, b_new = descend(w, b, x, y, learning_rate, 1)[-1]
            w, b = 2 * w - w_new, 2 * b - b_new
            path.append((w, b))
        return np.array(path)

    return uphill


def _gradient_once(w, b, x, y, learning_rate, steps):
    """A path written by hand that computes the gradient once, before the loop."""
    error = w * x + b - y
    grad_w, grad_b = 2 * np.mean(error * x), 2 * np.mean(error)
    path = [(w, b)]
    for _ in range(steps):
        w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
        path.append((w, b))
    return np.array(path)


def _in_place(w, b, x, y, learning_rate, steps):
    """A path written by hand that appends one array and changes it in place."""
    theta = np.array([w, b], dtype=float)
    path = [theta]
    for _ in range(steps):
        error = theta[0] * x + theta[1] - y
        theta -= learning_rate * np.array([2 * np.mean(error * x), 2 * np.mean(error)])
        path.append(theta)
    return np.array(path)


SOLUTIONS: dict[str, Solution] = {
    "04.1": Solution(solve_04_1, lambda a: a + 3),
    "04.2": Solution(solve_04_2, lambda a: lambda *args: np.add(a(*args), [0.1, -0.1]), secrets=lambda a: []),
    "04.3": Solution(solve_04_3, lambda a: a + 5),
    "04.4": Solution(solve_04_4, lambda a: [0.7, 1.4], secrets=lambda a: list(a)),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("04.1", lambda a: a["04.1"] + 1, "first n at which"),
    ("04.1", lambda a: 2, "check the factors"),
    ("04.1", lambda a: 9, "evaluation inputs"),
    ("04.2", lambda a: _uphill(a["04.2"]), "uphill"),
    ("04.2", lambda a: _gradient_once, "same step every time"),
    ("04.2", lambda a: _in_place, "changed it in place"),
    ("04.2", lambda a: lambda w, b, x, y, learning_rate, steps: np.array([(w, b)] * (steps + 1)), "never moves"),
    (
        "04.2",
        lambda a: lambda w, b, x, y, learning_rate, steps: a["04.2"](w, b, x, y, learning_rate, steps)[1:],
        "one row more than the steps",
    ),
    ("04.2", lambda a: lambda *args: 1.0, "rows of two numbers"),
    ("04.4", lambda a: [1.0, 1.7], "curvature of 1"),
    ("04.4", lambda a: [0.7, 0.5], "swap"),
    ("04.4", lambda a: [0.5, 0.3], "0.3 is the rate given"),
    ("04.4", lambda a: [0.5, 1.0], "stability limit"),
    ("04.3", lambda a: a["04.3"] - 1, "count again"),
    ("04.3", lambda a: 20.64, "fractional part"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("04.1", lambda a: float(a["04.1"])),
    ("04.4", lambda a: (0.5, 0.7)),
]
