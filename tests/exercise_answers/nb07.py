"""Notebook 07's exercises: worked answers (as notebooks/solutions/07_learning_rate_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import (
    SGD,
    ExponentialDecay,
    InverseTimeDecay,
    LinearModel,
    StepDecay,
    batch_indices,
    fit,
    hessian_eigenvalues,
    least_squares,
)

from ._data import Solution, seed_data, standardized


def solve_07_1():
    x, _ = seed_data()
    x_hundreds = x / 100
    a = np.column_stack([x_hundreds, np.ones_like(x_hundreds)])
    h = 2 / len(x_hundreds) * a.T @ a
    return 2 / np.linalg.eigvalsh(h)[-1]


def solve_07_2():
    x, _ = seed_data()
    updates_per_epoch = len(batch_indices(len(x), 32))

    def learning_rate(t):
        return 0.2 * 0.5 ** (t // (25 * updates_per_epoch))

    return learning_rate


def solve_07_3():
    x_std, y_std = standardized()
    model = LinearModel(seed=0)
    fit(model, x_std, y_std, SGD(InverseTimeDecay(0.1, rate=1.0, decay_steps=40)), epochs=300, seed=0)
    w_star, b_star = least_squares(x_std, y_std)
    return np.linalg.norm(model.get_params() - np.append(w_star, b_star))


SOLUTIONS: dict[str, Solution] = {
    "07.1": Solution(solve_07_1, lambda a: 1.5 * a),
    "07.2": Solution(solve_07_2, lambda a: lambda t: 0.1 * 0.5 ** (t // 100), secrets=lambda a: [100, 4]),
    "07.3": Solution(solve_07_3, lambda a: 2.0 * a),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("07.1", lambda a: 2 / hessian_eigenvalues(seed_data()[0] / 100)[0], "smallest eigenvalue"),
    ("07.1", lambda a: 2 * a["07.1"], "factors of 2"),
    ("07.2", lambda a: StepDecay(0.2, factor=0.5, every=25), "counts updates, not epochs"),
    ("07.2", lambda a: lambda t: 0.2 * 0.5 ** (t // 75), "that last batch is an update too"),
    ("07.2", lambda a: ExponentialDecay(0.2, rate=0.5, decay_steps=100), "exponential decay"),
    ("07.2", lambda a: lambda t: 1 / 0, "ZeroDivisionError"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("07.1", lambda a: np.array([a["07.1"]])),
    ("07.1", lambda a: float(f"{a['07.1']:.3g}")),
    ("07.2", lambda a: StepDecay(0.2, factor=0.5, every=100)),
    ("07.2", lambda a: lambda t, schedule=a["07.2"]: np.float64(schedule(t))),
]
