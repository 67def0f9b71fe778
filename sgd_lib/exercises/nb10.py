"""Exercises of notebook 10: adaptive step sizes."""

from __future__ import annotations

import numpy as np

from ..data import make_original_data
from ..losses import mse_gradient
from ..model import LinearModel
from ..optimizers import SGD, AdaGrad, Adam
from ..training import fit
from ._fixtures import _full_batch_steps
from ._framework import (
    Verdict,
    exercise,
    judge_integer,
    judge_number,
    judge_vector,
)


def _adam_by_hand(steps: int, *, lr: float, correct_with: str = "t") -> np.ndarray:
    """[w, b] after ``steps`` full-batch Adam updates on the raw original data, from the untrained model.

    ``correct_with`` is ``"t"`` (Adam's bias correction), ``"none"`` or ``"first"`` (always that of t = 1):
    the last two are the mistakes the exercise recognises.
    """
    x, y = make_original_data()
    theta = LinearModel(seed=0).get_params()
    m = v = np.zeros(2)
    for t in range(1, steps + 1):
        grad_w, grad_b = mse_gradient(x, y, theta[:1], theta[1])
        g = np.append(grad_w, grad_b)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
        k = {"t": t, "none": 0, "first": 1}[correct_with]
        m_hat, v_hat = (m, v) if k == 0 else (m / (1 - 0.9**k), v / (1 - 0.999**k))
        theta = theta - lr * m_hat / (np.sqrt(v_hat) + 1e-7)
    return theta


@exercise("10.1")
def check_10_1(answer: object) -> Verdict:
    """Exercise 10.1: [w, b] after two full-batch Adam steps (lr 0.5) on the raw data (two numbers)."""
    x, y = make_original_data()
    start = LinearModel(seed=0).get_params()
    expected = fit(LinearModel(seed=0), x, y, Adam(0.5), epochs=2, batch_size=len(y), shuffle=False).params[-1]
    return judge_vector(
        answer,
        expected,
        rtol=1e-4,
        atol=1e-9,
        hint="keep m and v from the first step; at the second, compute the gradient at the new [w, b], "
        "update m and v, and divide them by 1 - beta1**2 and 1 - beta2**2 before the step.",
        praise="two Adam steps: the bias correction changes with t, so each step is close to the learning rate.",
        mistakes=[
            (_adam_by_hand(2, lr=0.5, correct_with="none"), "that skips the bias correction: divide m by "
             "1 - beta1**t and v by 1 - beta2**t."),
            (_adam_by_hand(2, lr=0.5, correct_with="first"), "the bias correction uses t = 2 at the second "
             "step: 1 - beta1**2 and 1 - beta2**2."),
            (_adam_by_hand(1, lr=0.5), "that is [w, b] after one step; take a second one."),
            (_full_batch_steps(SGD(0.5), x, y, start, 2), "those are plain SGD steps; Adam divides by the root of its running "
             "average of g**2."),
        ],
    )


@exercise("10.2")
def check_10_2(answer: object) -> Verdict:
    """Exercise 10.2: how far AdaGrad(0.5) moves a parameter at its 100th update, the gradient staying 0.1."""
    optimizer, theta, g = AdaGrad(0.5), np.zeros(1), np.full(1, 0.1)
    for _ in range(99):
        theta = optimizer.step(theta, g)
    expected = float(theta[0] - optimizer.step(theta, g)[0])
    return judge_number(
        answer,
        expected,
        rtol=1e-3,
        hint="the accumulator starts at 0.1 and grows by g**2 at every update, before the step "
        "lr * g / sqrt(accumulator + epsilon); after the 100th update it holds 100 squares.",
        praise="AdaGrad's steps keep shrinking as its accumulator grows, like 1 / sqrt(t).",
        mistakes=[
            (0.5 * 0.1 / np.sqrt(100 * 0.01), "the accumulator does not start at 0 but at 0.1."),
            (0.5 * 0.1 / np.sqrt(0.1 + 99 * 0.01), "that is the 99th update: the accumulator adds g**2 before "
             "the step, so the 100th step divides by 100 squares."),
            (0.5 * 0.1 / (0.1 + 100 * 0.01), "divide by the square root of the accumulator."),
        ],
    )


@exercise("10.3")
def check_10_3(answer: object) -> Verdict:
    """Exercise 10.3: the first epoch at whose end w exceeds 50 (Adam(0.1), raw data, batches of 32) (an int)."""
    x, y = make_original_data()
    history = fit(LinearModel(seed=0), x, y, Adam(0.1), epochs=2000, seed=0)
    past = np.flatnonzero(history.params[1:, 0] > 50)
    if past.size == 0:  # guards the exercise itself, not the answer
        raise RuntimeError("exercise 10.3 needs more epochs: w never exceeds 50")
    epoch = int(past[0])
    return judge_integer(
        answer,
        epoch,
        hint="fit with enough epochs (w moves about 0.1 per update, three updates per epoch); "
        "history.params[k + 1] holds [w, b] at the end of epoch k.",
        praise="that many epochs of Adam at the original's learning rate just to get w halfway to 100.",
        mistakes=[(epoch + 1, "history.params[0] is the untrained model: the end of epoch k is "
                   "history.params[k + 1].")],
    )
