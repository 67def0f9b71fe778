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
    return 0.04 * hessian_eigenvalues(x_tens)[-1] / 2 - 1  # 0.04 < 2 (1 + mu) / lambda_max, solved for mu


def _losses(lr, mu):
    x_tens, y_std = stretched()
    history = fit(
        LinearModel(seed=0), x_tens, y_std, SGD(lr, momentum=mu), epochs=400, batch_size=len(y_std), shuffle=False
    )
    return np.asarray(history.loss), least_squares_floor(x_tens, y_std)


def _settles(loss, floor):
    k = len(loss)
    while k > 0 and loss[k - 1] <= 1.01 * floor:
        k -= 1
    return k if k < len(loss) else np.inf


def solve_09_3():
    loss, floor = _losses(0.015, 0.9)
    return [int(np.argmax(loss <= 1.01 * floor)), _settles(loss, floor)]


def solve_09_4():
    steps = {mu: _settles(*_losses(0.004, mu)) for mu in (0.8, 0.9, 0.93, 0.97)}
    return min(steps, key=steps.get)


def _with_the_old_velocity(theta, v, g, lr, mu, nesterov=False):
    """A step written by hand with the usual mistake: theta moves before v takes in the new gradient."""
    theta = theta - lr * (g + mu * v if nesterov else v)
    return theta, mu * v + g


SOLUTIONS: dict[str, Solution] = {
    "09.1": Solution(
        solve_09_1, lambda a: lambda theta, v, g, lr, mu, nesterov=False: (theta + lr * g, v), secrets=lambda a: []
    ),
    "09.2": Solution(solve_09_2, lambda a: 1.3 * a),
    "09.3": Solution(solve_09_3, lambda a: [a[0], a[1] + 10]),
    "09.4": Solution(solve_09_4, lambda a: 0.85),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("09.1", lambda a: _with_the_old_velocity, "from before this step's gradient"),
    ("09.1", lambda a: lambda theta, v, g, lr, mu, nesterov=False: theta - lr * g, "two things"),
    ("09.1", lambda a: lambda theta, v, g, lr, mu, nesterov=False: (theta + mu * v - lr * g, mu * v - lr * g), "Keras"),
    ("09.2", lambda a: a["09.2"] + 1, "subtract the 1"),
    ("09.2", lambda a: 0.0, "plain descent"),
    ("09.3", lambda a: a["09.3"][::-1], "first within comes first"),
    ("09.3", lambda a: [a["09.3"][0], a["09.3"][0]], "look for the last step outside"),
    ("09.3", lambda a: [a["09.3"][0], a["09.3"][1] - 1], "one step later"),
    ("09.4", lambda a: 0.9, "roots are real"),
    ("09.4", lambda a: 0.97, "a smaller momentum that still spirals"),
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
    ("09.3", lambda a: tuple(a["09.3"])),
    ("09.3", lambda a: np.array(a["09.3"], dtype=float)),
    ("09.4", lambda a: np.float64(a["09.4"])),
]
