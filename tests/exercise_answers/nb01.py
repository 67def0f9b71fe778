"""Notebook 01's exercises: worked answers (as notebooks/solutions/01_data_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import Standardizer, batch_indices

from ._data import Solution, seed_data


def solve_01_1():
    return len(np.arange(2, 100, 2))


def solve_01_2():
    _, y = seed_data()
    return -0.5 * y.std() + y.mean()


def solve_01_3():
    def standardize_split(x_train, x_test):
        mean, sd = x_train.mean(), x_train.std()
        return (x_train - mean) / sd, (x_test - mean) / sd

    return standardize_split


def solve_01_4():
    for size in range(20, 41):
        batches = batch_indices(99, batch_size=size, shuffle=False)
        if len({len(batch) for batch in batches}) == 1:
            return [size, len(batches)]
    raise AssertionError("no batch size from 20 to 40 divides 99")


def _fitted_on_all(x_train, x_test):
    """A split standardized by hand with the usual leak: the scaler learns from all the points."""
    both = np.concatenate([x_train, x_test])
    return (x_train - both.mean()) / both.std(), (x_test - both.mean()) / both.std()


def _pandas_std(x_train, x_test):
    """A split standardized with the sample standard deviation (ddof=1), as pandas' .std() computes it."""
    mean, sd = x_train.mean(), x_train.std(ddof=1)
    return (x_train - mean) / sd, (x_test - mean) / sd


def _with_the_class(x_train, x_test):
    """The right answer in another form: sgd_lib's Standardizer, and lists instead of arrays."""
    scaler = Standardizer().fit(x_train)
    return list(scaler.transform(x_train)), list(scaler.transform(x_test))


SOLUTIONS: dict[str, Solution] = {
    "01.1": Solution(solve_01_1, lambda a: a + 5),
    "01.2": Solution(solve_01_2, lambda a: a + 500),
    "01.3": Solution(
        solve_01_3,
        lambda a: lambda x_train, x_test: tuple(2.0 * part for part in a(x_train, x_test)),
        secrets=lambda a: [],
    ),
    "01.4": Solution(solve_01_4, lambda a: [a[0] + 1, a[1] - 1]),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("01.1", lambda a: a["01.1"] + 1, "stops before"),
    ("01.2", lambda a: -0.5 * seed_data()[1].std(ddof=1) + seed_data()[1].mean(), "n - 1"),
    ("01.3", lambda a: _fitted_on_all, "test points included"),
    ("01.3", lambda a: _pandas_std, "n - 1"),
    ("01.3", lambda a: lambda x_train, x_test: a["01.3"](x_train, x_test)[0], "two arrays"),
    ("01.4", lambda a: [32, 4], "the original's batch size"),
    ("01.4", lambda a: [32, 3], "smaller last batch"),
    ("01.4", lambda a: [11, 9], "not between 20 and 40"),
    ("01.3", lambda a: lambda x_train, x_test: (None, None), "returns None"),
    ("01.4", lambda a: a["01.4"][::-1], "[batch_size, number_of_batches]"),
    ("01.4", lambda a: [33, 3, 0], "two whole numbers"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("01.2", lambda a: float(f"{a['01.2']:.4g}")),
    ("01.3", lambda a: _with_the_class),
    ("01.4", lambda a: np.array(a["01.4"], dtype=float)),
]
