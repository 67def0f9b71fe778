"""Exercises of notebook 08: batch size."""

from __future__ import annotations

import numpy as np

from ..evaluation import (
    least_squares,
    least_squares_floor,
)
from ..losses import mean_squared_error, mse_gradient
from ..model import LinearModel
from ..optimizers import SGD
from ..training import fit
from ._fixtures import _standardized
from ._framework import (
    Verdict,
    exercise,
    judge_integer,
    judge_number,
)


@exercise("08.1")
def check_08_1(answer: object) -> Verdict:
    """Exercise 08.1: the number of updates in 30 epochs with batch size 16 on the 99 samples (a whole number)."""
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=30, batch_size=16, record_updates=True)
    expected = len(history.update_params) - 1
    floor_guess = 30 * (len(y_std) // 16)
    return judge_integer(
        answer,
        expected,
        hint="count the batches of one epoch (the last one may be smaller), then multiply by the epochs; or "
        "count the rows of fit(..., record_updates=True).update_params (its first row is the start).",
        praise="one update per mini-batch, and the last, smaller batch of each epoch counts too.",
        mistakes=[
            (floor_guess, "the last batch of each epoch is smaller than 16 but still makes an update."),
            (expected + 1, "update_params also holds the starting parameters in its first row."),
        ],
    )


@exercise("08.2")
def check_08_2(answer: object) -> Verdict:
    """Exercise 08.2: mean excess loss of pure SGD at lr 0.05 over its last 10 epochs (a number)."""
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.05), epochs=40, batch_size=1, seed=0)
    losses = [mean_squared_error(y_std, w * x_std + b) for w, b in history.params[-10:]]
    expected = float(np.mean(losses)) - least_squares_floor(x_std, y_std)
    logged = float(np.mean(history.loss[-10:])) - least_squares_floor(x_std, y_std)
    return judge_number(
        answer,
        expected,
        rtol=0.02,
        hint="use the parameters at the end of each of the last 10 epochs (history.params[-10:]), the loss of "
        "each on the whole training set, their mean, minus the least-squares floor.",
        praise="even at the end, pure SGD sits above the floor; a smaller learning rate lowers this noise floor.",
        mistakes=[(logged, "that uses the logged epoch losses (history.loss), which mix the parameters seen "
                   "during the epoch; evaluate the end-of-epoch parameters on the whole training set.")],
    )


@exercise("08.3")
def check_08_3(answer: object) -> Verdict:
    """Exercise 08.3: length of the gradient of the first 32 samples at the least-squares optimum (a number)."""
    x_std, y_std = _standardized()
    w_star, b_star = least_squares(x_std, y_std)
    grad_w, grad_b = mse_gradient(x_std[:32], y_std[:32], w_star, b_star)
    expected = float(np.hypot(grad_w[0], grad_b))
    full_w, full_b = mse_gradient(x_std, y_std, w_star, b_star)
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="evaluate mse_gradient on x_std[:32], y_std[:32] at the least-squares (w, b), then take the length "
        "sqrt(g_w**2 + g_b**2).",
        praise="a mini-batch gradient is not zero at the optimum, so a constant learning rate keeps moving.",
        mistakes=[(float(np.hypot(full_w[0], full_b)), "that is the full-batch gradient, which vanishes at the "
                   "optimum; use only the first 32 samples."),
                  (0.0, "that is the full-batch gradient, which vanishes at the optimum; use only the first "
                   "32 samples.")],
        atol=1e-9,
    )
