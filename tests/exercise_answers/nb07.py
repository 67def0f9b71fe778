"""Notebook 07's exercises: worked answers (as notebooks/solutions/07_learning_rate_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import SGD, ExponentialDecay, InverseTimeDecay, LinearModel, StepDecay, batch_indices, fit, least_squares

from ._data import Solution, seed_data, standardized


def solve_07_1():
    # (1 - 2 eta)^2 = 1/2 on the smooth side: 1 - 2 eta = sqrt(1/2)
    return (1 - np.sqrt(0.5)) / 2


def solve_07_2():
    x, _ = seed_data()
    updates_per_epoch = len(batch_indices(len(x), 32))

    def learning_rate(t):
        return 0.2 * 0.5 ** (t // (25 * updates_per_epoch))

    return learning_rate


def _median_distance_1000():
    x_std, y_std = standardized()
    w_star, b_star = least_squares(x_std, y_std)
    schedule = InverseTimeDecay(0.1, rate=1.0, decay_steps=40)
    ends = [fit(LinearModel(seed=0), x_std, y_std, SGD(schedule), epochs=1000, seed=s).params[-1] for s in range(20)]
    return np.median([np.linalg.norm(end - np.append(w_star, b_star)) for end in ends])


def solve_07_3():
    schedule = InverseTimeDecay(0.1, rate=1.0, decay_steps=40)
    return _median_distance_1000() * np.sqrt(schedule(5000 * 4) / schedule(1000 * 4))


SOLUTIONS: dict[str, Solution] = {
    "07.1": Solution(solve_07_1, lambda a: 1.5 * a),
    "07.2": Solution(solve_07_2, lambda a: lambda t: 0.1 * 0.5 ** (t // 100), secrets=lambda a: [100, 4]),
    "07.3": Solution(solve_07_3, lambda a: 2.0 * a),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("07.1", lambda a: 0.25, "halves the error"),
    ("07.1", lambda a: (1 + np.sqrt(0.5)) / 2, "zig-zag"),
    ("07.3", lambda a: a["07.3"] ** 2 / _median_distance_1000(), "its square root"),
    ("07.2", lambda a: StepDecay(0.2, factor=0.5, every=25), "counts updates, not epochs"),
    ("07.2", lambda a: lambda t: 0.2 * 0.5 ** (t // 75), "that last batch is an update too"),
    ("07.2", lambda a: ExponentialDecay(0.2, rate=0.5, decay_steps=100), "exponential decay"),
    ("07.2", lambda a: lambda t: 1 / 0, "ZeroDivisionError"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("07.1", lambda a: np.array([a["07.1"]])),
    ("07.1", lambda a: float(f"{a['07.1']:.3g}")),
    ("07.3", lambda a: _median_distance_1000() / np.sqrt(5)),  # the asymptotic ratio of 1/t
    ("07.2", lambda a: StepDecay(0.2, factor=0.5, every=100)),
    ("07.2", lambda a: lambda t, schedule=a["07.2"]: np.float64(schedule(t))),
]
