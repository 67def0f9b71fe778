"""Notebook 09's exercises: worked answers (as notebooks/solutions/09_momentum_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import SGD, LinearModel, fit, hessian_eigenvalues, least_squares_floor, mse_gradient

from ._data import Solution, stretched


def solve_09_1():
    x_tens, y_std = stretched()
    theta, v = np.array([-1.0, 1.0]), np.zeros(2)
    for _ in range(2):
        g_w, g_b = mse_gradient(x_tens, y_std, theta[:1], theta[1])
        v = 0.9 * v + np.append(g_w, g_b)
        theta = theta - 0.01 * v
    return theta


def solve_09_2():
    x_tens, _ = stretched()
    return 2 * (1 + 0.5) / hessian_eigenvalues(x_tens)[-1]


def solve_09_3():
    x_tens, y_std = stretched()
    history = fit(LinearModel(seed=0), x_tens, y_std, SGD(0.01, momentum=0.9, nesterov=True), epochs=200,
                  batch_size=len(y_std), shuffle=False)
    return int(np.flatnonzero(np.asarray(history.loss) <= 1.01 * least_squares_floor(x_tens, y_std))[0])

def _plain_two_steps():
    x_tens, y_std = stretched()
    plain = np.array([-1.0, 1.0])
    for _ in range(2):
        g_w, g_b = mse_gradient(x_tens, y_std, plain[:1], plain[1])
        plain = plain - 0.01 * np.append(g_w, g_b)
    return plain


SOLUTIONS: dict[str, Solution] = {
    "09.1": Solution(solve_09_1, lambda a: a + np.array([0.1, -0.1])),
    "09.2": Solution(solve_09_2, lambda a: 1.3 * a),
    "09.3": Solution(solve_09_3, lambda a: a + 10),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("09.1", lambda a: _plain_two_steps(), "plain gradient steps"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("09.1", lambda a: list(a["09.1"])),
    ("09.1", lambda a: tuple(a["09.1"])),
    ("09.1", lambda a: np.round(a["09.1"], 5)),
    ("09.2", lambda a: float(f"{a['09.2']:.3g}")),
    ("09.3", lambda a: a["09.3"] + 1),
]
