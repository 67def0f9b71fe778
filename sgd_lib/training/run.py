"""What a training run is given (:class:`Run`), what it gives back (:class:`RunResult`), and the
bookkeeping of its epochs (:class:`Ledger`), the same for both engines of :func:`~sgd_lib.fit`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data import batch_sizes
from ..losses import mse_rows
from .callbacks import Callback


@dataclass(frozen=True)
class Run:
    """The settings of one training run, checked by :func:`~sgd_lib.fit`."""

    features: np.ndarray  # the training data, (n, d) and (n,): read, never written
    targets: np.ndarray
    epochs: int
    batch_size: int
    shuffle: bool  # draw a fresh order of the samples before every epoch
    rng: np.random.Generator  # what the orders are drawn from (sgd_lib.data.epoch_orders)
    start_loss: float  # the loss of the starting parameters
    limit: float  # a batch loss that is not <= limit (so also NaN) stops training as diverged
    validation: tuple[np.ndarray, np.ndarray] | None = None  # data to log the loss on after each epoch
    callbacks: tuple[Callback, ...] = ()  # each called as callback(epoch, logs) after every epoch
    record_updates: bool = False  # also record the parameters after every update


@dataclass(frozen=True)
class RunResult:
    """What an engine returns."""

    theta: np.ndarray  # the parameters where training stopped
    loss: list[float]  # the logged loss of every epoch run (the epoch that diverged included)
    val_loss: list[float] | None  # the validation loss after every epoch that ended without diverging
    params: np.ndarray  # the parameters before training and after every epoch run
    update_params: np.ndarray | None  # ... and after every update, when recorded
    diverged_epoch: int | None = None  # the epoch in which a batch loss blew up
    bad_loss: float | None = None  # that batch loss
    last_rate: float | None = None  # the learning rate of the last update made


class Ledger:
    """The bookkeeping every epoch needs, done once for both engines.

    An engine asks :meth:`diverges` of each batch loss (and stops before that batch's update when
    it does), and hands :meth:`book` the batch losses and end parameters of the epochs it ran:
    the ledger computes each epoch's loss (the mean of its batch losses, each weighted by its batch
    size, as TF.js logs it), the validation loss, calls the callbacks and tells whether to go on.
    """

    def __init__(self, run: Run, theta: np.ndarray) -> None:
        self.run = run
        self.sizes = np.array(batch_sizes(len(run.targets), run.batch_size), dtype=float)
        self.seen = np.cumsum(self.sizes)  # the samples seen after each batch of an epoch
        self.loss: list[float] = []
        self.val_loss: list[float] | None = [] if run.validation is not None else None
        self.params = [theta[np.newaxis]]
        self.bad: float | None = None  # the batch loss that diverged

    def diverges(self, loss: float) -> bool:
        """The divergence test: a batch loss that is not ``<= run.limit`` (NaN included)."""
        return not loss <= self.run.limit

    def book(self, batch_losses: list[float], ends: np.ndarray) -> bool:
        """Book epochs in order, from the losses of their batches (up to one that diverged) and the
        parameters after each (one row per epoch); True while training may go on."""
        first = len(self.loss)
        self.loss += self._epoch_losses(batch_losses)
        self.params.append(ends)
        if batch_losses and self.diverges(batch_losses[-1]):
            self.bad = batch_losses[-1]
        done = len(ends) - (self.bad is not None)  # the epochs that ended without diverging
        values: list[float] = []
        if self.run.validation is not None and self.val_loss is not None and done:
            values = mse_rows(*self.run.validation, ends[:done]).tolist()
            self.val_loss += values
        for i, loss in enumerate(self.loss[first:] if self.run.callbacks else ()):
            logs = {"loss": loss, "val_loss": values[i]} if i < len(values) else {"loss": loss}
            for callback in self.run.callbacks:
                callback(first + i, dict(logs))
        return self.bad is None

    def _epoch_losses(self, batch_losses: list[float]) -> list[float]:
        """The loss of each epoch: the running total of its batch losses, each times its batch size, over the
        samples seen (the last epoch may be cut short by a batch that diverged). One epoch in Python floats,
        many at once in NumPy: the same additions in the same order."""
        per_epoch, count = len(self.sizes), len(batch_losses)
        if count <= per_epoch:
            total = 0.0
            for loss, size in zip(batch_losses, self.sizes.tolist()):
                total += loss * size
            return [total / float(self.seen[count - 1])] if count else []
        epochs = -(-count // per_epoch)
        weighted = np.zeros(epochs * per_epoch)
        weighted[:count] = batch_losses
        totals = np.cumsum(weighted.reshape(epochs, per_epoch) * self.sizes, axis=1)  # in order, as a running total
        last = np.full(epochs, per_epoch - 1)
        last[-1:] = (count - 1) % per_epoch
        return (totals[np.arange(epochs), last] / self.seen[last]).tolist()

    def result(self, theta: np.ndarray, path: np.ndarray | None, last_rate: float | None) -> RunResult:
        """The :class:`RunResult` of the epochs booked, which stopped at ``theta``."""
        return RunResult(
            theta=theta,
            loss=self.loss,
            val_loss=self.val_loss,
            params=np.concatenate(self.params),
            update_params=path,
            diverged_epoch=None if self.bad is None else len(self.loss) - 1,
            bad_loss=self.bad,
            last_rate=last_rate,
        )
