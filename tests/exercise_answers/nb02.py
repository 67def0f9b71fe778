"""Notebook 02's exercises: worked answers (as notebooks/solutions/02_model_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import mse_at

from ._data import Solution, seed_data


def solve_02_1():
    fan_in = 1
    while 2 * np.sqrt(2 / (fan_in + 1)) >= 0.3:  # the bound c = 2 sigma, with one output unit
        fan_in += 1
    return fan_in


def solve_02_2():
    def predict_in_units(w, b, x_new, x_scaler, y_scaler):
        x_new_std = (np.asarray(x_new) - x_scaler.mean) / x_scaler.scale
        return (w * x_new_std + b) * y_scaler.scale + y_scaler.mean

    return predict_in_units


def solve_02_3():
    w = (80**2 - 20**2) / (80 - 20)
    return [w, 20**2 - w * 20]


def solve_02_4():
    x, y = seed_data()
    w_values = np.linspace(0, 200, 20001)
    losses = mse_at(x, y, np.column_stack([w_values, np.zeros_like(w_values)]))
    return w_values[np.argmin(losses)]


def _forgets_the_inputs_scaler(w, b, x_new, x_scaler, y_scaler):
    """A prediction written by hand that feeds the raw inputs to the line."""
    return y_scaler.inverse_transform(w * np.asarray(x_new) + b)


SOLUTIONS: dict[str, Solution] = {
    "02.1": Solution(solve_02_1, lambda a: a + 10),
    "02.2": Solution(solve_02_2, lambda a: lambda *args: a(*args) + 1.0, secrets=lambda a: []),
    "02.3": Solution(solve_02_3, lambda a: [a[0] + 10, a[1]]),
    "02.4": Solution(solve_02_4, lambda a: a + 10),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("02.1", lambda a: a["02.1"] + 1, "count the one output unit"),
    ("02.1", lambda a: 66, "Glorot-uniform"),
    ("02.1", lambda a: 22, "twice sigma"),
    ("02.1", lambda a: a["02.1"] - 1, "one more"),
    ("02.2", lambda a: _forgets_the_inputs_scaler, "standardize x_new"),
    ("02.2", lambda a: lambda w, b, x_new, x_scaler, y_scaler: w * x_scaler.transform(x_new) + b, "still standardized"),
    ("02.4", lambda a: 100.0, "slope of the best line"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("02.1", lambda a: float(a["02.1"])),
    ("02.2", lambda a: lambda *args: list(a["02.2"](*args))),
    ("02.4", lambda a: round(a["02.4"], 1)),
    ("02.4", lambda a: 75.0),  # a whole number, read off a coarse grid
    ("02.4", lambda a: 74.44),  # the explorer's slider stop nearest the answer
    ("02.3", lambda a: tuple(a["02.3"])),
]
