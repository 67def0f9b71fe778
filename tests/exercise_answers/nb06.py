"""Notebook 06's exercises: worked answers (as notebooks/solutions/06_evaluation_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import SGD, LinearModel, fit, least_squares, standardize

from ._data import Solution, seed_data


def solve_06_1():
    def r2(y_true, y_pred):
        return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2)

    return r2


def solve_06_2():
    x_eval = np.arange(1, 10, 1.0)
    a = x_eval[:, None]  # no bias: A is the one column of inputs
    return np.linalg.solve(a.T @ a, a.T @ x_eval**2)[0]


def _line_06_3():
    x, y = seed_data()
    x_std, y_std, x_scaler, y_scaler = standardize(x, y)
    model = LinearModel(seed=0)
    fit(model, x_std, y_std, SGD(0.1), epochs=100, batch_size=32, seed=0)
    w = y_scaler.scale * model.weights[0] / x_scaler.scale
    return w, y_scaler.mean + y_scaler.scale * model.bias - w * x_scaler.mean


def solve_06_3():
    w, b = _line_06_3()
    return max(np.roots([1.0, -w, -b - 9801.0]).real)


SOLUTIONS: dict[str, Solution] = {
    "06.1": Solution(solve_06_1, lambda a: lambda y_true, y_pred: a(y_true, y_pred) - 0.05, secrets=lambda a: []),
    "06.2": Solution(solve_06_2, lambda a: a + 1.0),
    "06.3": Solution(solve_06_3, lambda a: 1.2 * a),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("06.1", lambda a: lambda y_true, y_pred: 1 - a["06.1"](y_true, y_pred), "1 minus that ratio"),
    ("06.1", lambda a: lambda y_true, y_pred: np.corrcoef(y_true, y_pred)[0, 1] ** 2, "squared correlation"),
    ("06.1", lambda a: lambda y_true, y_pred: None, "one number"),
    ("06.2", lambda a: 3025 / 385, "stops before 10"),
    ("06.2", lambda a: 10.0, "slope of the line with a bias"),
    (
        "06.3",
        lambda a: max(
            np.roots([1.0, -least_squares(*seed_data())[0][0], -least_squares(*seed_data())[1] - 9801.0]).real
        ),
        "least-squares line",
    ),
    ("06.3", lambda a: min(np.roots([1.0, -_line_06_3()[0], -_line_06_3()[1] - 9801.0]).real), "below the data"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("06.1", lambda a: lambda y_true, y_pred: np.array([a["06.1"](y_true, y_pred)])),
    ("06.3", lambda a: float(f"{a['06.3']:.4g}")),
    ("06.2", lambda a: np.round(a["06.2"], 3)),
    ("06.2", lambda a: np.array([a["06.2"]])),
]
