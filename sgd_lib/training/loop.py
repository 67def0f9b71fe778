"""The reference engine of :func:`~sgd_lib.fit` (``fast=False``): the loop the notebooks teach, batch by batch.

:func:`run_epoch` is the loop to read.
"""

from __future__ import annotations

import numpy as np

from ..data import batch_indices
from ..losses import mse_loss_and_gradient
from ..optimizers import Optimizer
from .run import Ledger, Run, RunResult


def train(run: Run, theta: np.ndarray, opt: Optimizer) -> RunResult:
    """Epoch after epoch of :func:`run_epoch`, each in a fresh order of the samples."""
    ledger, path, last_rate = Ledger(run, theta), [theta] if run.record_updates else None, None
    for _ in range(run.epochs):
        batches = batch_indices(len(run.targets), run.batch_size, run.shuffle, seed=run.rng)
        theta, losses, rate = run_epoch(run, ledger, theta, opt, batches, path)
        last_rate = rate if rate is not None else last_rate
        if not ledger.book(losses, theta[np.newaxis]):
            break
    return ledger.result(theta, None if path is None else np.array(path), last_rate)


def run_epoch(
    run: Run,
    ledger: Ledger,
    theta: np.ndarray,
    opt: Optimizer,
    batches: list[np.ndarray],
    path: list[np.ndarray] | None,
) -> tuple[np.ndarray, list[float], float | None]:
    """One pass over the batches: per batch its loss (before the update), its gradient, one step.

    Returns (theta, the batch losses up to one that diverged, the learning rate of the last update or None).
    """
    losses: list[float] = []
    rate = None
    for index in batches:
        loss, grad_w, grad_b = mse_loss_and_gradient(run.features[index], run.targets[index], theta[:-1], theta[-1])
        losses.append(loss)
        if ledger.diverges(loss):  # stop before this batch's update
            break
        rate = opt.learning_rate
        theta = opt.step(theta, np.append(grad_w, grad_b))
        if path is not None:
            path.append(theta)
    return theta, losses, rate
