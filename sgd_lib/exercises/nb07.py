"""Exercises of notebook 07: the learning rate."""

from __future__ import annotations

from functools import cache

import numpy as np

from ..data import make_original_data
from ..evaluation import hessian_eigenvalues
from ..model import LinearModel
from ..optimizers import SGD
from ..schedules import InverseTimeDecay
from ..training import fit
from ._fixtures import _distance_to_optimum, _standardized, _updates_per_epoch
from ._framework import (
    FunctionTask,
    Mistake,
    Verdict,
    as_number,
    exercise,
    function_exercise,
    judge_number,
)


@exercise("07.1")
def check_07_1(answer: object) -> Verdict:
    """Exercise 07.1: the learning rate below 0.5 whose full-batch step halves the loss above the floor (a number)."""
    curvature = hessian_eigenvalues(_standardized()[0])[-1]  # 2 along every direction: H = 2 I
    expected = (1 - np.sqrt(0.5)) / curvature
    error_hint = (
        "that rate halves the error theta - theta*; the loss above the floor is the error squared: which factor "
        "halves a square?"
    )
    return judge_number(
        answer,
        expected,
        hint="solve (1 - 2 eta)^2 = 1/2 for eta and take the root below 0.5; then check it: one fit step with "
        "batch_size=99 should halve mse_at(...) minus the floor.",
        praise="every step along the smooth side multiplies the error by 1/sqrt(2) and the loss above the floor by "
        "1/2; the other root, above 0.5, does the same with a zig-zag.",
        mistakes=[
            ((1 - 0.5) / curvature, error_hint),
            ((1 + 0.5) / curvature, error_hint),
            (
                (1 + np.sqrt(0.5)) / curvature,
                "that root lies above 0.5: there the error flips sign at every step "
                "(a zig-zag); the task asks for the root below 0.5.",
            ),
        ],
    )


def _halving_every_25_epochs(t: int) -> float:
    """The rate of exercise 07.2 at update t: 0.2, halved every 25 epochs of batches of 32 on the 99 samples."""
    x, _ = make_original_data()
    return 0.2 * 0.5 ** (t // (25 * _updates_per_epoch(len(x), 32)))


def _read_rate(result: object, case: object) -> np.ndarray:
    return np.array([as_number(result, "a learning rate (one number)")])


#: Updates at which the schedule is compared: within the first 25 epochs, around the first drops, much later.
_UPDATES = (0, 24, 25, 74, 75, 99, 100, 150, 199, 200, 399, 1000)

SCHEDULE_TASK = FunctionTask(
    reference=_halving_every_25_epochs,
    cases=tuple({"t": t} for t in _UPDATES),
    read=_read_rate,
    mistakes=(
        Mistake(
            "epochs as updates",
            lambda t: 0.2 * 0.5 ** (t // 25),
            "your rate drops every 25 updates, but t counts updates, not epochs: how many updates does one "
            "epoch make with batches of 32 on 99 samples?",
        ),
        Mistake(
            "no last batch",
            lambda t: 0.2 * 0.5 ** (t // 75),
            "your rate drops too early: 99 samples in batches of 32 make three full batches and a last, smaller "
            "one, and that last batch is an update too.",
        ),
        Mistake(
            "smooth",
            lambda t: 0.2 * 0.5 ** (t / 100),
            "your rate shrinks a little at every update (an exponential decay); the task's rate stays put for "
            "25 epochs and then halves at once: round the number of drops down to a whole number.",
        ),
    ),
    rtol=1e-9,
)

check_07_2 = function_exercise(
    "07.2",
    SCHEDULE_TASK,
    name="learning_rate",
    doc="Exercise 07.2: the learner's schedule, 0.2 halved every 25 epochs of batches of 32 (a function of t).",
    praise="your schedule halves the rate every 25 epochs of four updates each; SGD(learning_rate) would use it "
    "as it is.",
    hint="start from 0.2 at t = 0 and multiply by 0.5 once for every 25 whole epochs that have passed; "
    "t counts updates, so first find how many updates one epoch makes.",
)


@cache
def _inverse_time_distances(epochs: int) -> float:
    """The median over 20 seeds of inverse-time decay's distance to theta* after ``epochs`` (as notebook 07 runs it)."""
    x_std, y_std = _standardized()
    schedule = InverseTimeDecay(0.1, rate=1.0, decay_steps=40)
    ends = [
        fit(LinearModel(seed=0), x_std, y_std, SGD(schedule), epochs=epochs, seed=seed).params[-1] for seed in range(20)
    ]
    return float(np.median([_distance_to_optimum(end, x_std, y_std) for end in ends]))


@exercise("07.3")
def check_07_3(answer: object) -> Verdict:
    """Exercise 07.3: inverse-time decay's median distance after 5000 epochs, predicted from 1000 by sqrt(lr)."""
    x_std, _ = _standardized()
    schedule = InverseTimeDecay(0.1, rate=1.0, decay_steps=40)
    updates = _updates_per_epoch(len(x_std), 32)
    ratio = schedule(5000 * updates) / schedule(1000 * updates)  # the rate after 5000 epochs over the rate after 1000
    start = _inverse_time_distances(1000)
    expected = start * np.sqrt(ratio)
    return judge_number(
        answer,
        expected,
        rtol=0.02,
        hint="on TF.js's batches the distance goes like the square root of the learning rate: multiply the distance "
        "after 1000 epochs by the square root of lr(t) after 5000 epochs over lr(t) after 1000 (t counts updates, "
        "four per epoch).",
        praise="the rate falls about fivefold, so by the law the distance falls by about the square root of five; "
        "the median of 20 runs lands within its scatter of it (the solutions show how far).",
        mistakes=[
            (
                start * ratio,
                "that scales the distance with the rate itself; the distance goes like its square root "
                "(the mean squared distance is proportional to the rate).",
            ),
            (
                start * ratio**2,
                "the rate's ratio is squared there; the distance goes like the square root of the rate.",
            ),
            (start, "that is the distance after 1000 epochs; the rate keeps falling, and the distance with it."),
            (start / np.sqrt(ratio), "the distance shrinks as the rate does: the ratio is upside down."),
        ],
    )
