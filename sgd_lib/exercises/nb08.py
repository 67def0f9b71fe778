"""Exercises of notebook 08: batch size."""

from __future__ import annotations

import numpy as np

from ..data import batch_indices
from ..evaluation import (
    least_squares,
    least_squares_floor,
)
from ..history import History
from ..losses import mean_squared_error, mse_gradient
from ..model import LinearModel
from ..noise import per_sample_gradients
from ..optimizers import SGD
from ..training import fit
from ._fixtures import _standardized
from ._framework import (
    FunctionTask,
    Mistake,
    Verdict,
    as_integer,
    as_number,
    exercise,
    function_exercise,
    judge_integer,
    judge_number,
    wrong,
)


def _update_params(history: History) -> np.ndarray:
    """The parameters after every update of a run that ``fit(record_updates=True)`` made."""
    if history.update_params is None:
        raise ValueError("the run was made without record_updates=True: it holds no parameters per update")
    return history.update_params


@exercise("08.1")
def check_08_1(answer: object) -> Verdict:
    """Exercise 08.1: the number of updates in 30 epochs with batch size 16 on the 99 samples (a whole number)."""
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=30, batch_size=16, record_updates=True)
    expected = len(_update_params(history)) - 1
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
    """Exercise 08.2: mean excess loss of pure SGD at lr 0.05 over the ends of epochs 100 to 300 (a number)."""
    x_std, y_std = _standardized()
    floor = least_squares_floor(x_std, y_std)
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.05), epochs=300, batch_size=1, seed=0)
    excess = np.array([mean_squared_error(y_std, w * x_std + b) for w, b in history.params]) - floor
    expected = float(np.mean(excess[100:]))
    return judge_number(
        answer,
        expected,
        rtol=0.02,
        hint="use the parameters at the ends of epochs 100 to 300 (history.params[100:]), the loss of each on the "
        "whole training set (mse_at), their mean, minus the least-squares floor.",
        praise="close to the law eta N_1 / (4 (1 - eta)): with 99 updates per epoch, reshuffling hardly lowers "
        "it, and half of 0.1 leaves about half of 0.1's floor. Averaged over 201 epoch ends, the jitter of "
        "single epochs is gone.",
        mistakes=[
            (
                float(np.mean(history.loss[100:])) - floor,
                "that uses the logged epoch losses (history.loss), which "
                "mix the parameters seen during the epoch; evaluate the end-of-epoch parameters on the whole "
                "training set.",
            ),
            (
                float(np.mean(excess[-10:])),
                "that is the mean of the last 10 epoch ends only; take all of them from "
                "epoch 100 on (history.params[100:]).",
            ),
            (expected + floor, "subtract the least-squares floor: the task asks for the excess above it."),
        ],
    )


def _measure_noise(gradients: np.ndarray, batches: list) -> float:
    """Exercise 08.3, right: the mean over the batches of the squared length of each batch's mean gradient."""
    return float(np.mean([np.sum(np.mean(gradients[batch], axis=0) ** 2) for batch in batches]))


def _noise_cases() -> tuple[dict[str, object], ...]:
    """Gradients at the optimum, with 50 epochs of TF.js's batches of 32 (unequal) and of equal batches of 33."""
    x_std, y_std = _standardized()
    w_star, b_star = least_squares(x_std, y_std)
    gradients = per_sample_gradients(x_std, y_std, np.append(w_star, b_star))
    cases = []
    for size in (32, 33):
        rng = np.random.default_rng(size)
        batches = [batch for _ in range(50) for batch in batch_indices(len(y_std), size, seed=rng)]
        cases.append({"gradients": gradients, "batches": batches})
    return tuple(cases)


def _read_noise(result: object, case: object) -> np.ndarray:
    return np.array([as_number(result, "the measured noise (one number)")])


NOISE_TASK = FunctionTask(
    reference=_measure_noise,
    cases=_noise_cases(),
    read=_read_noise,
    mistakes=(
        Mistake(
            "sum",
            lambda gradients, batches: float(np.mean([np.sum(np.sum(gradients[b], axis=0) ** 2) for b in batches])),
            "a batch's gradient is the mean of its samples' gradients, not their sum.",
        ),
        Mistake(
            "lengths",
            lambda gradients, batches: float(np.mean([np.linalg.norm(np.mean(gradients[b], axis=0)) for b in batches])),
            "the noise N_B is a mean of squared lengths; you averaged the lengths themselves.",
        ),
        Mistake(
            "average first",
            lambda gradients, batches: float(
                np.sum(np.mean([np.mean(gradients[b], axis=0) for b in batches], axis=0) ** 2)
            ),
            "square each batch's gradient first, then average over the batches: the batches' gradients "
            "themselves average out to about zero.",
        ),
        Mistake(
            "weighted",
            lambda gradients, batches: float(
                np.average(
                    [np.sum(np.mean(gradients[b], axis=0) ** 2) for b in batches], weights=[len(b) for b in batches]
                )
            ),
            "you weighted each batch by its number of samples; N_B is the plain mean over random batches, each "
            "batch one draw of g_B, counted once.",
        ),
        Mistake(
            "single samples",
            lambda gradients, batches: float(np.mean([np.mean(np.sum(gradients[b] ** 2, axis=1)) for b in batches])),
            "that is the noise of single samples, the mean squared length of each sample's gradient: take "
            "each batch's mean gradient first, then its squared length.",
        ),
    ),
    rtol=1e-9,
)

check_08_3 = function_exercise(
    "08.3",
    NOISE_TASK,
    name="measure_noise",
    doc="Exercise 08.3: the learner's measurement of the batch noise over a list of batches (a function).",
    praise="your measurement agrees on TF.js's unequal batches and on equal batches of 33; on many epochs of "
    "batches of 33 it gives N_33 of the formula, and on TF.js's batches of 3 alone N_3, far above a batch of 32's.",
    hint="for each batch: the mean of its rows of gradients (one gradient), then that gradient's squared length; "
    "then the plain mean of those numbers over all the batches.",
)


def _uphill_share(batch_size: int) -> float:
    """The share of the last epoch's updates that point uphill in the explorer's run (lr 0.1, 10 epochs)."""
    x_std, y_std = _standardized()
    history = fit(
        LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=10, batch_size=batch_size, seed=0, record_updates=True
    )
    path = _update_params(history)
    steps = np.diff(path, axis=0)
    full = np.array([np.append(*mse_gradient(x_std, y_std, p[:1], p[1])) for p in path[:-1]])
    last = len(batch_indices(len(y_std), batch_size, shuffle=False))
    return float(np.mean(np.sum(steps[-last:] * -full[-last:], axis=1) < 0))


@exercise("08.4")
def check_08_4(answer: object) -> Verdict:
    """Exercise 08.4: which of the batch sizes 99, 32 and 1 points uphill most often in the explorer's last epoch."""
    shares = {size: _uphill_share(size) for size in (99, 32, 1)}
    expected = max(shares, key=shares.__getitem__)
    others = {
        size: hint
        for size, hint in {
            99: "the full batch's step is the full gradient's own step: it always points downhill (angle 0).",
            32: "batches of 32 average 32 samples' gradients; think of the batches whose gradients disagree most with "
            "the full one near the floor, and check in the explorer.",
            1: "single samples disagree most with the whole near the floor, but check in the explorer: count the "
            "steps above 90° in the last epoch for each batch size.",
        }.items()
        if size != expected
    }
    value = as_integer(answer)
    if value not in shares:
        return wrong("answer one of the three batch sizes: 99, 32 or 1.")
    return judge_integer(
        value,
        expected,
        hint="set each batch size in the explorer and step through the last epoch's updates, counting those whose "
        "angle to the full batch's step is above 90°.",
        praise="in this run. It is one shuffle's answer: an epoch of batches of 32 has only four steps, and with "
        "another seed they sometimes take the larger share; over many shuffles, single samples point uphill more "
        "often.",
        mistakes=list(others.items()),
    )
