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
    error = w * x_std + b - y_std  # epoch 0: one step on all the data
    w, b = w - 0.1 * 2 * np.mean(error * x_std), b - 0.1 * 2 * np.mean(error)
    return np.mean((w * x_std + b - y_std) ** 2)  # epoch 1 scores its one batch before its update


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
    x_std, _ = standardized()
    return min(1 / (x_i**2 + 1) for x_i in x_std)  # a sample's Hessian 2 [[x^2, x], [x, 1]]: eigenvalue 2 (x^2 + 1)


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
    "05.5": Solution(solve_05_5, lambda a: 0.8 * a),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("05.1", lambda a: 100 * (79 // 32), "smaller than 32"),
    ("05.1", lambda a: 400, "all 99 samples"),
    ("05.1", lambda a: 247, "as if every batch held 32"),
    ("05.2", lambda a: 0.1106, "batches of 32"),
    ("05.2", lambda a: 0.7722, "untrained"),
    ("05.2", lambda a: 0.3525, "own update"),
    ("05.2", lambda a: least_squares_floor(*standardized()), "least-squares floor"),
    ("05.3", lambda a: a["05.3"] + 1, "one epoch late"),
    ("05.4", lambda a: _shuffled_once, "shuffled only once"),
    ("05.4", lambda a: _ignoring_batch_size(a["05.4"]), "use every argument"),
    ("05.4", lambda a: lambda *args: 1 / 0, "raised ZeroDivisionError"),
    ("05.4", lambda a: lambda *args: (1.0, 2.0), "three things"),
    ("05.5", lambda a: 1.0, "full batch"),
    ("05.5", lambda a: 1 / max(standardized()[0]) ** 2, "leaves out the bias"),
    ("05.5", lambda a: 2 * a["05.5"], "factors of 2"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("05.2", lambda a: float(f"{a['05.2']:.4g}")),
]
