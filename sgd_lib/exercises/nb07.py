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
from ..schedules import InverseTimeDecay, StepDecay
from ..training import fit
from ._fixtures import _distance_to_optimum, _standardized, _updates_per_epoch
from ._framework import (
    AnswerError,
    Verdict,
    _kind,
    as_number,
    correct,
    exercise,
    is_close,
    judge_number,
    wrong,
)


@exercise("07.1")
def check_07_1(answer: object) -> Verdict:
    """Exercise 07.1: the full-batch stability limit 2 / lambda_max for x measured in hundreds (a number)."""
    x, _ = make_original_data()
    x_hundreds = x / 100.0
    expected = stability_limit(x_hundreds)
    factor_hint = (
        "check the two factors of 2: the Hessian is (2/n) A^T A, and the limit is 2 divided by its largest "
        "eigenvalue."
    )
    return judge_number(
        answer,
        expected,
        hint="build A = [x / 100, 1] (a column of ones for the bias), H = (2/n) A^T A, and take 2 over the "
        "largest eigenvalue of H (np.linalg.eigvalsh sorts them smallest first).",
        praise="gradient descent on x in hundreds is stable only below that learning rate "
        "(the same as sgd_lib.stability_limit(x / 100)).",
        mistakes=[
            (2.0 / hessian_eigenvalues(x_hundreds)[0], "that is 2 over the smallest eigenvalue; the steepest "
             "direction (the largest eigenvalue) sets the limit."),
            (stability_limit(x), "that is the limit for x in ones; divide x by 100 first."),
            (stability_limit(_standardized()[0]), "that is the limit for standardized x; this exercise uses "
             "x / 100, which is not centered."),
            (2.0 * expected, factor_hint),
            (0.5 * expected, factor_hint),
        ],
    )


@exercise("07.2")
def check_07_2(answer: object) -> Verdict:
    """Exercise 07.2: a schedule that starts at 0.2 and halves every 25 epochs of the original's training (a schedule)."""
    if not callable(answer):
        raise AnswerError(f"expected a schedule such as StepDecay(...), got {_kind(answer)}.")
    x, _ = make_original_data()
    per_epoch = _updates_per_epoch(len(x), 32)
    expected = StepDecay(0.2, factor=0.5, every=25 * per_epoch)
    updates = np.arange(100 * per_epoch)
    want = np.array([expected(t) for t in updates])
    try:
        got = np.array([as_number(answer(int(t)), "a learning rate from the schedule") for t in updates])
    except AnswerError:
        raise
    except Exception as error:  # the learner's schedule failed when called
        raise AnswerError(f"calling your schedule with an update count failed ({type(error).__name__}: {error}).")
    if is_close(got, want, rtol=1e-6):
        return correct("this schedule halves the learning rate every 25 epochs of 32-sample batches.")
    if not np.isclose(got[0], want[0], rtol=1e-6):
        return wrong("the learning rate at update 0 (schedule(0)) should be the starting rate of the task.")
    per_epoch_schedule = StepDecay(0.2, factor=0.5, every=25)
    if is_close(got, [per_epoch_schedule(t) for t in updates], rtol=1e-6):
        return wrong("your rate drops every 25 updates, but a schedule counts updates, not epochs: how many "
                     "updates does one epoch make with batches of 32 on 99 samples?")
    return wrong("the first drop comes at the wrong update or by the wrong factor: print schedule(t) for a few "
                 "t around the end of epoch 25 and compare with the task.")


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
