"""Notebook 01's exercises: worked answers (as notebooks/solutions/01_data_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import Standardizer, batch_indices, fit, train_test_split

from ._data import Solution, seed_data


def solve_01_1():
    return len(np.arange(2, 100, 2))


def solve_01_2():
    _, y = seed_data()
    return -0.5 * y.std() + y.mean()


def solve_01_3():
    x, y = seed_data()
    x_train, x_test, _, _ = train_test_split(x, y, test_size=0.5, seed=1)
    return Standardizer().fit(x_train).transform(x_test).mean()


def solve_01_4():
    batches = batch_indices(99, batch_size=25, shuffle=False)
    return [len(batches), len(batches[-1])]

def _standardized_with(*, fit_on: str) -> float:
    """The mean of the standardized test part, with the scaler fitted on the wrong part."""
    x, y = seed_data()
    x_train, x_test, _, _ = train_test_split(x, y, test_size=0.5, seed=1)
    fitted = Standardizer().fit(x_test if fit_on == "test" else x)
    return float(fitted.transform(x_test).mean())


SOLUTIONS: dict[str, Solution] = {
    "01.1": Solution(solve_01_1, lambda a: a + 5),
    "01.2": Solution(solve_01_2, lambda a: a + 500),
    "01.3": Solution(solve_01_3, lambda a: 2.0 * a),
    "01.4": Solution(solve_01_4, lambda a: [a[0] + 1, a[1] - 1]),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("01.1", lambda a: a["01.1"] + 1, "stops before"),
    ("01.3", lambda a: _standardized_with(fit_on="test"), "mean 0 by construction"),
    ("01.3", lambda a: _standardized_with(fit_on="all"), "fit it on x_train only"),
    ("01.4", lambda a: [99 // 25, 25], "one more, smaller batch"),
    ("01.4", lambda a: [25, 25, 25, 24], "[number of batches, size of the last batch]"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("01.2", lambda a: float(f"{a['01.2']:.4g}")),
    ("01.4", lambda a: np.array(a["01.4"], dtype=float)),
]
