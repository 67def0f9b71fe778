"""Notebook 10's exercises: worked answers (as notebooks/solutions/10_adaptive_solutions.ipynb computes them),
wrong answers, answers in other forms, and the common mistakes that must get their own hint."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sgd_lib import Adam, LinearModel, RMSProp, fit, least_squares_floor, make_original_data, mse_at

from ._data import Solution


def solve_10_1():
    def adam_step(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
        v = beta1 * v + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        v_hat, s_hat = v / (1 - beta1**t), s / (1 - beta2**t)
        return theta - lr * v_hat / (np.sqrt(s_hat) + epsilon), v, s

    return adam_step


def solve_10_2():
    return 0.5 * 0.1 / np.sqrt(0.1 + 100 * 0.1**2 + 1e-7)


def solve_10_3():
    x, y = make_original_data()
    history = fit(LinearModel(seed=0), x, y, Adam(0.1), epochs=1000, seed=0)
    return int(np.flatnonzero(history.params[1:, 0] > 50)[0])


def solve_10_4():
    x, y = make_original_data()
    history = fit(LinearModel(seed=0), x, y, RMSProp(5.0, decay=0.999), epochs=300, batch_size=len(y), shuffle=False)
    return mse_at(x, y, history.params[-1]) / least_squares_floor(x, y)


def _explorers_rmsprop():
    x, y = make_original_data()
    history = fit(LinearModel(seed=0), x, y, RMSProp(5.0), epochs=300, batch_size=len(y), shuffle=False)
    return mse_at(x, y, history.params[-1]) / least_squares_floor(x, y)


def _adam_without_correction(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    """A step written by hand with the usual mistake: no bias correction."""
    v = beta1 * v + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g**2
    return theta - lr * v / (np.sqrt(s) + epsilon), v, s


SOLUTIONS: dict[str, Solution] = {
    "10.1": Solution(
        solve_10_1, lambda a: lambda theta, v, s, g, t, lr, **kw: (theta + lr, v, s), secrets=lambda a: []
    ),
    "10.2": Solution(solve_10_2, lambda a: 1.5 * a),
    "10.3": Solution(solve_10_3, lambda a: a + 20),
    "10.4": Solution(solve_10_4, lambda a: 1.5 * a),
}
#: (exercise id, an answer with a common mistake made from the right answers ``a``, a phrase its hint must contain)
MISTAKES: list[tuple[str, Callable[[dict], object], str]] = [
    ("10.1", lambda a: _adam_without_correction, "divide them by 1 - beta1**t"),
    ("10.1", lambda a: lambda theta, v, s, g, t, lr, **kw: theta, "three things"),
    ("10.2", lambda a: 0.5 * 0.1 / np.sqrt(100 * 0.01), "does not start at 0"),
    ("10.3", lambda a: a["10.3"] + 1, "history.params[0]"),
    (
        "10.1",
        lambda a: (
            lambda theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7: (
                theta
                - lr
                * np.sqrt(1 - beta2**t)
                / (1 - beta1**t)
                * (beta1 * v + (1 - beta1) * g)
                / (np.sqrt(beta2 * s + (1 - beta2) * g**2) + epsilon),
                beta1 * v + (1 - beta1) * g,
                beta2 * s + (1 - beta2) * g**2,
            )
        ),
        "efficient form",
    ),
    ("10.4", lambda a: _explorers_rmsprop(), "decay 0.9"),
]
#: (exercise id, a right answer in another form, or rounded, made from the right answers ``a``)
ACCEPTED: list[tuple[str, Callable[[dict], object]]] = [
    ("10.1", lambda a: lambda *args, **kw: tuple(map(list, a["10.1"](*args, **kw)))),
    ("10.2", lambda a: float(f"{a['10.2']:.4g}")),
    ("10.2", lambda a: -a["10.2"]),
    ("10.4", lambda a: float(f"{a['10.4']:.4g}")),
]
