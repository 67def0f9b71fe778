"""Notebook 09's exercises: worked answers (as notebooks/solutions/09_momentum_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import SGD, LinearModel, fit, hessian_eigenvalues, least_squares_floor

from ._data import Solution, stretched


def solve_09_1():
    def momentum_step(theta, v, g, lr, mu, nesterov=False):
        v = mu * v + g
        if nesterov:
            return theta - lr * (g + mu * v), v
        return theta - lr * v, v

    return momentum_step


def solve_09_2():
    x_tens, _ = stretched()
    return 2 * (1 + 0.5) / hessian_eigenvalues(x_tens)[-1]


def solve_09_3():
    x_tens, y_std = stretched()
    history = fit(
        LinearModel(seed=0),
        x_tens,
        y_std,
        SGD(0.01, momentum=0.9, nesterov=True),
        epochs=200,
        batch_size=len(y_std),
        shuffle=False,
    )
    return int(np.flatnonzero(np.asarray(history.loss) <= 1.01 * least_squares_floor(x_tens, y_std))[0])


def solve_09_4():
    x_tens, y_std = stretched()
    floor = least_squares_floor(x_tens, y_std)
    reached = []
    for mu in (0.5, 0.9, 0.99):
        history = fit(
            LinearModel(seed=0), x_tens, y_std, SGD(0.015, momentum=mu), epochs=80, batch_size=len(y_std), shuffle=False
        )
        if np.any(np.asarray(history.loss) <= 1.01 * floor):
            reached.append(mu)
    (mu,) = reached
    return mu


def _with_the_old_velocity(theta, v, g, lr, mu, nesterov=False):
    """A step written by hand with the usual mistake: theta moves before v takes in the new gradient."""
    theta = theta - lr * (g + mu * v if nesterov else v)
    return theta, mu * v + g


SOLUTIONS: dict[str, Solution] = {
    "09.1": Solution(
        solve_09_1, lambda a: lambda theta, v, g, lr, mu, nesterov=False: (theta + lr * g, v), secrets=lambda a: []
    ),
    "09.2": Solution(solve_09_2, lambda a: 1.3 * a),
    "09.3": Solution(solve_09_3, lambda a: a + 10),
    "09.4": Solution(solve_09_4, lambda a: 0.7),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("09.1", lambda a: _with_the_old_velocity, "from before this step's gradient"),
    ("09.1", lambda a: lambda theta, v, g, lr, mu, nesterov=False: theta - lr * g, "two things"),
    ("09.2", lambda a: 2 / hessian_eigenvalues(stretched()[0])[-1], "without momentum"),
    ("09.4", lambda a: 0.5, "twice itself"),
    ("09.4", lambda a: 0.99, "0.995"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    (
        "09.1",
        lambda a: (
            lambda theta, v, g, lr, mu, nesterov=False: tuple(map(list, a["09.1"](theta, v, g, lr, mu, nesterov)))
        ),
    ),
    ("09.2", lambda a: float(f"{a['09.2']:.3g}")),
    ("09.3", lambda a: a["09.3"] + 1),
    ("09.4", lambda a: np.float64(a["09.4"])),
]
