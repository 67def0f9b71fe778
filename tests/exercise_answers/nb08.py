"""Notebook 08's exercises: worked answers (as notebooks/solutions/08_batch_size_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import SGD, LinearModel, fit, least_squares_floor, mse_at

from ._data import Solution, standardized


def solve_08_1():
    x_std, y_std = standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=30, batch_size=16, record_updates=True)
    return len(history.update_params) - 1


def solve_08_2():
    x_std, y_std = standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.05), epochs=300, batch_size=1, seed=0)
    return mse_at(x_std, y_std, history.params[100:]).mean() - least_squares_floor(x_std, y_std)


def _last_ten_08_2():
    x_std, y_std = standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.05), epochs=300, batch_size=1, seed=0)
    return mse_at(x_std, y_std, history.params[-10:]).mean() - least_squares_floor(x_std, y_std)


def solve_08_3():
    def measure_noise(gradients, batches):
        return np.mean([np.sum(gradients[batch].mean(axis=0) ** 2) for batch in batches])

    return measure_noise


def solve_08_4():
    return 1


SOLUTIONS: dict[str, Solution] = {
    "08.1": Solution(solve_08_1, lambda a: a + 7),
    "08.2": Solution(solve_08_2, lambda a: 3.0 * a),
    "08.3": Solution(solve_08_3, lambda a: lambda gradients, batches: 2 * a(gradients, batches), secrets=lambda a: []),
    "08.4": Solution(solve_08_4, lambda a: 32, secrets=lambda a: []),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("08.1", lambda a: 30 * (99 // 16), "last batch"),
    ("08.2", lambda a: _last_ten_08_2(), "last 10 epoch ends only"),
    ("08.2", lambda a: a["08.2"] + least_squares_floor(*standardized()), "subtract the least-squares floor"),
    (
        "08.3",
        lambda a: lambda gradients, batches: np.mean([np.linalg.norm(gradients[b].mean(axis=0)) for b in batches]),
        "averaged the lengths",
    ),
    (
        "08.3",
        lambda a: (
            lambda gradients, batches: np.average(
                [np.sum(gradients[b].mean(axis=0) ** 2) for b in batches], weights=[len(b) for b in batches]
            )
        ),
        "counted once",
    ),
    ("08.4", lambda a: 99, "always points downhill"),
    ("08.4", lambda a: 7, "one of the three batch sizes"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("08.1", lambda a: float(a["08.1"])),
    ("08.1", lambda a: np.int64(a["08.1"])),
    ("08.4", lambda a: 1.0),
]
