"""Exercises of notebook 09: momentum."""

from __future__ import annotations

import numpy as np

from ..evaluation import (
    hessian_eigenvalues,
    least_squares_floor,
    stability_limit,
)
from ..model import LinearModel
from ..optimizers import SGD
from ..training import fit
from ._fixtures import _full_batch_steps, _stretched
from ._framework import (
    Verdict,
    exercise,
    judge_integer,
    judge_number,
    judge_vector,
)


def _two_steps(optimizer: SGD, x: np.ndarray, y: np.ndarray, start: np.ndarray) -> np.ndarray:
    return _full_batch_steps(optimizer, x, y, start, 2)


@exercise("09.1")
def check_09_1(answer: object) -> Verdict:
    """Exercise 09.1: (w, b) after two full-batch momentum steps from (-1, 1) on the stretched data (two numbers)."""
    x_tens, y_std = _stretched()
    start = np.array([-1.0, 1.0])
    expected = _two_steps(SGD(0.01, momentum=0.9), x_tens, y_std, start)
    return judge_vector(
        answer,
        expected,
        rtol=1e-4,
        atol=1e-9,
        hint="start with v = 0; each step computes g at the current (w, b), then v <- mu * v + g and "
        "theta <- theta - lr * v. Answer [w, b] after the second step.",
        praise="two heavy-ball steps, exactly what SGD(0.01, momentum=0.9) does.",
        mistakes=[
            (_two_steps(SGD(0.01), x_tens, y_std, start), "these are two plain gradient steps: the second step "
             "should also carry the velocity of the first."),
            (_two_steps(SGD(0.01, momentum=0.9, nesterov=True), x_tens, y_std, start), "that is Nesterov's "
             "update; this exercise asks for classical momentum (theta <- theta - lr * v)."),
        ],
    )


@exercise("09.2")
def check_09_2(answer: object) -> Verdict:
    """Exercise 09.2: the largest stable learning rate with momentum 0.5 on the stretched data (a number)."""
    x_tens, _ = _stretched()
    mu = 0.5
    expected = 2.0 * (1.0 + mu) / float(hessian_eigenvalues(x_tens)[-1])
    return judge_number(
        answer,
        expected,
        hint="with momentum mu the limit is 2 (1 + mu) / lambda_max, where lambda_max is the largest eigenvalue "
        "of the Hessian of the stretched data (hessian_eigenvalues(x_tens)).",
        praise="momentum 0.5 lets full-batch descent take steps one and a half times the plain limit.",
        mistakes=[(stability_limit(x_tens), "that is the limit without momentum; momentum mu multiplies it "
                   "by (1 + mu).")],
    )


@exercise("09.3")
def check_09_3(answer: object) -> Verdict:
    """Exercise 09.3: full-batch Nesterov steps (lr 0.01, mu 0.9) until the loss is within 1% of the floor (an int)."""
    x_tens, y_std = _stretched()
    model = LinearModel(seed=0)
    history = fit(model, x_tens, y_std, SGD(0.01, momentum=0.9, nesterov=True), epochs=200,
                  batch_size=len(y_std), shuffle=False)
    reached = np.flatnonzero(np.asarray(history.loss) <= 1.01 * least_squares_floor(x_tens, y_std))
    if reached.size == 0:  # guards the exercise itself, not the answer
        raise RuntimeError("exercise 09.3 needs more epochs: the run never reaches the target")
    return judge_integer(
        answer,
        int(reached[0]),
        slack=1,
        hint="train LinearModel(seed=0) on (x_tens, y_std) with batch_size=len(y_std), shuffle=False and "
        "SGD(0.01, momentum=0.9, nesterov=True); with full batches history.loss[k] is the loss after k "
        "steps: find the first k with loss <= 1.01 * floor.",
        praise="that is how many full-batch Nesterov steps this setting needs on the stretched surface.",
    )
