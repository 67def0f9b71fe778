"""Exercises of notebook 07: the learning rate."""

from __future__ import annotations

import numpy as np

from ..data import make_original_data
from ..evaluation import (
    hessian_eigenvalues,
    stability_limit,
)
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
    """Exercise 07.1: the full-batch stability limit 2 / lambda_max for x measured in hundreds (a number)."""
    x, _ = make_original_data()
    x_hundreds = x / 100.0
    expected = stability_limit(x_hundreds)
    factor_hint = (
        "check the two factors of 2: the Hessian is (2/n) A^T A, and the limit is 2 divided by its largest eigenvalue."
    )
    return judge_number(
        answer,
        expected,
        hint="build A = [x / 100, 1] (a column of ones for the bias), H = (2/n) A^T A, and take 2 over the "
        "largest eigenvalue of H (np.linalg.eigvalsh sorts them smallest first).",
        praise="gradient descent on x in hundreds is stable only below that learning rate "
        "(the same as sgd_lib.stability_limit(x / 100)).",
        mistakes=[
            (
                2.0 / hessian_eigenvalues(x_hundreds)[0],
                "that is 2 over the smallest eigenvalue; the steepest "
                "direction (the largest eigenvalue) sets the limit.",
            ),
            (stability_limit(x), "that is the limit for x in ones; divide x by 100 first."),
            (
                stability_limit(_standardized()[0]),
                "that is the limit for standardized x; this exercise uses x / 100, which is not centered.",
            ),
            (2.0 * expected, factor_hint),
            (0.5 * expected, factor_hint),
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


@exercise("07.3")
def check_07_3(answer: object) -> Verdict:
    """Exercise 07.3: distance to the least-squares parameters after 300 epochs of inverse-time decay (a number)."""
    x_std, y_std = _standardized()
    model = LinearModel(seed=0)
    history = fit(model, x_std, y_std, SGD(InverseTimeDecay(0.1, rate=1.0, decay_steps=40)), epochs=300, seed=0)
    expected = _distance_to_optimum(history.params[-1], x_std, y_std)
    return judge_number(
        answer,
        expected,
        rtol=0.02,
        hint="train a fresh LinearModel(seed=0) with fit(..., epochs=300, seed=0) (batch size 32) on the "
        "standardized data, then take np.linalg.norm of (final w, b) minus the least-squares (w, b).",
        praise="the decaying rate keeps moving the parameters closer to the least-squares optimum.",
    )
