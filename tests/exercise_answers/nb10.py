"""Notebook 10's exercises: worked answers (as notebooks/solutions/10_adaptive_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import Adam, LinearModel, fit, make_original_data, mse_gradient

from ._data import Solution


def solve_10_1():
    x, y = make_original_data()
    theta, m, v = LinearModel(seed=0).get_params(), np.zeros(2), np.zeros(2)
    for t in (1, 2):
        g = np.append(*mse_gradient(x, y, theta[:1], theta[1]))
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
        theta = theta - 0.5 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-7)
    return theta


def solve_10_2():
    return 0.5 * 0.1 / np.sqrt(0.1 + 100 * 0.1**2 + 1e-7)


def solve_10_3():
    x, y = make_original_data()
    history = fit(LinearModel(seed=0), x, y, Adam(0.1), epochs=1000, seed=0)
    return int(np.flatnonzero(history.params[1:, 0] > 50)[0])


SOLUTIONS: dict[str, Solution] = {
    "10.1": Solution(solve_10_1, lambda a: a + np.array([0.5, -0.5]),
                     secrets=lambda a: [a[0]]),  # b is 0.9999: the hint's "1 - beta1" does not give it away
    "10.2": Solution(solve_10_2, lambda a: 1.5 * a),
    "10.3": Solution(solve_10_3, lambda a: a + 20),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
]
