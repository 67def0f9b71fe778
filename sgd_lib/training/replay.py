"""Replay for playback: the batch of every update of a run, and each batch's loss before its update.

``fit(record_batches=True)`` draws the run's orders again from a copy of its generator (the same
draws, so the same batches) rather than make either engine record them, so that a run that
does not record them costs nothing more.
"""

from __future__ import annotations

import numpy as np

from ..data import batch_sizes, epoch_orders
from .run import Run


def replay_batches(rng: np.random.Generator, run: Run, n_updates: int) -> list[np.ndarray]:
    """The rows of the batch of each of the first ``n_updates`` updates, from a copy ``rng`` of the run's generator."""
    sizes = batch_sizes(len(run.targets), run.batch_size)
    epochs = max(1, -(-n_updates // len(sizes)))
    cuts = np.cumsum(sizes)[:-1]
    batches = [
        batch for order in epoch_orders(rng, epochs, len(run.targets), run.shuffle) for batch in np.split(order, cuts)
    ]
    return batches[:n_updates]


def batch_losses(run: Run, batches: list[np.ndarray], params: np.ndarray) -> np.ndarray:
    """The MSE of each batch at the parameters before its update (one NumPy pass per batch size)."""
    losses, sizes = np.empty(len(batches)), np.array([len(index) for index in batches], dtype=int)
    for size in np.unique(sizes):
        rows = np.flatnonzero(sizes == size)
        index = np.stack([batches[row] for row in rows])  # (updates, size)
        theta = params[rows]
        predictions = np.einsum("usd,ud->us", run.features[index], theta[:, :-1]) + theta[:, -1:]
        losses[rows] = np.mean((predictions - run.targets[index]) ** 2, axis=1)
    return losses
