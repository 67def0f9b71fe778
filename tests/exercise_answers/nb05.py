"""Notebook 05's exercises: worked answers (as notebooks/solutions/05_training_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import SGD, LinearModel, batch_indices, fit, least_squares_floor, mean_squared_error, train_test_split

from ._data import Solution, seed_data, standardized


def solve_05_1():
    x, y = seed_data()
    x_train, _, _, _ = train_test_split(x, y, test_size=0.2, seed=0)
    return 100 * len(batch_indices(len(x_train), 32))


def solve_05_2():
    x_std, y_std = standardized()
    w, b = LinearModel(seed=0).get_params()
    total = 0.0
    for index in batch_indices(len(y_std), 40, shuffle=False):
        errors = w * x_std[index] + b - y_std[index]
        total += np.mean(errors**2) * len(index)
        w, b = w - 0.1 * 2 * np.mean(errors * x_std[index]), b - 0.1 * 2 * np.mean(errors)
    return total / len(y_std)


def solve_05_3():
    x_std, y_std = standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=100, seed=0)
    losses = np.array([mean_squared_error(y_std, w * x_std + b) for w, b in history.params])
    row = int(np.flatnonzero(losses <= 1.02 * least_squares_floor(x_std, y_std))[0])
    return row - 1


def solve_05_4():
    def train(x, y, w, b, learning_rate, epochs, batch_size, seed):
        rng = np.random.default_rng(seed)
        epoch_losses = []
        for _ in range(epochs):
            order = rng.permutation(len(y))
            total = 0.0
            for start in range(0, len(y), batch_size):
                batch = order[start : start + batch_size]
                error = w * x[batch] + b - y[batch]
                total += np.mean(error**2) * len(batch)
                w, b = w - learning_rate * 2 * np.mean(error * x[batch]), b - learning_rate * 2 * np.mean(error)
            epoch_losses.append(total / len(y))
        return w, b, epoch_losses

    return train


def solve_05_5():
    x_std, y_std = standardized()
    runs = [fit(LinearModel(seed=0), x_std, y_std, SGD(0.5), epochs=100, batch_size=1, seed=s) for s in range(20)]
    return sum(run.diverged for run in runs)


def _shuffled_once(x, y, w, b, learning_rate, epochs, batch_size, seed):
    """A loop written by hand with the usual mistake: one permutation for all epochs."""
    order = np.random.default_rng(seed).permutation(len(y))
    epoch_losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            error = w * x[batch] + b - y[batch]
            total += np.mean(error**2) * len(batch)
            w, b = w - learning_rate * 2 * np.mean(error * x[batch]), b - learning_rate * 2 * np.mean(error)
        epoch_losses.append(total / len(y))
    return w, b, epoch_losses


def _ignoring_batch_size(train):
    """The right loop, called with batches of 32 whatever batch_size says."""
    return lambda x, y, w, b, learning_rate, epochs, batch_size, seed: train(
        x, y, w, b, learning_rate, epochs, 32, seed
    )


SOLUTIONS: dict[str, Solution] = {
    "05.1": Solution(solve_05_1, lambda a: a + 7),
    "05.2": Solution(solve_05_2, lambda a: 1.5 * a),
    "05.3": Solution(solve_05_3, lambda a: a + 10),
    "05.4": Solution(
        solve_05_4, lambda a: lambda *args, **kwargs: a(*args, **kwargs)[:2] + ([0.5] * 5,), secrets=lambda a: []
    ),
    "05.5": Solution(solve_05_5, lambda a: a - 5),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("05.1", lambda a: 100 * (79 // 32), "smaller than 32"),
    ("05.1", lambda a: 400, "all 99 samples"),
    ("05.3", lambda a: a["05.3"] + 1, "row k + 1"),
    ("05.4", lambda a: _shuffled_once, "shuffled only once"),
    ("05.4", lambda a: _ignoring_batch_size(a["05.4"]), "use every argument"),
    ("05.4", lambda a: lambda *args: 1 / 0, "raised ZeroDivisionError"),
    ("05.4", lambda a: lambda *args: (1.0, 2.0), "three things"),
    ("05.5", lambda a: 0, "batch_size=1"),
    ("05.5", lambda a: 3, "within 10 epochs"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("05.2", lambda a: float(f"{a['05.2']:.4g}")),
]
