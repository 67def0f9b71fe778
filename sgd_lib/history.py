"""What a training run is given and what it gives back: the ground floor of both engines.

:func:`sgd_lib.fit` checks its arguments and puts a run's settings in a :class:`Run`. An
engine (the reference loop in :mod:`sgd_lib.training`, or :mod:`sgd_lib._fast`) takes a
``Run``, the starting parameters and an optimizer, and *returns* a :class:`RunResult`;
``fit`` turns that into the :class:`History` the learner sees. Neither engine fills a
structure passed in to it, and neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Callback = Callable[[int, dict[str, float]], Any]


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss blew up."""


class TrainingDiverged(RuntimeError):
    """Raised by :func:`~sgd_lib.fit` with ``on_divergence="raise"`` when the loss blows up."""


@dataclass(frozen=True)
class Run:
    """The settings of one training run, checked by :func:`~sgd_lib.fit`.

    Attributes
    ----------
    features, targets : ndarray
        The training data, shape (n, d) and (n,); read, never written.
    epochs, batch_size : int
        Passes over the data, and samples per update.
    shuffle : bool
        Draw a fresh order of the samples before every epoch.
    rng : numpy.random.Generator
        The generator the shuffles are drawn from (one ``rng.permutation(n)`` per epoch).
    limit : float
        A mini-batch loss that is not ``<= limit`` (so also NaN) stops training as diverged.
    validation : (ndarray, ndarray) or None
        Data on which the loss of the parameters at the end of each epoch is logged.
    callbacks : tuple of callables
        Each is called as ``callback(epoch, logs)`` after every epoch.
    record_updates : bool
        Also record the parameters after every update.
    """

    features: np.ndarray
    targets: np.ndarray
    epochs: int
    batch_size: int
    shuffle: bool
    rng: np.random.Generator
    limit: float
    validation: tuple[np.ndarray, np.ndarray] | None = None
    callbacks: tuple[Callback, ...] = ()
    record_updates: bool = False

    @property
    def batch_sizes(self) -> list[int]:
        """The sizes of the batches of one epoch: full batches, then the rest."""
        n, size = len(self.targets), min(self.batch_size, len(self.targets))
        return [size] * (n // size) + ([n % size] if n % size else [])


@dataclass(frozen=True)
class RunResult:
    """What an engine returns.

    Attributes
    ----------
    theta : ndarray
        The parameters where training stopped.
    loss : list of float
        The logged loss of every epoch run (the epoch that diverged included).
    val_loss : list of float or None
        The validation loss after every epoch that ended without diverging.
    params : ndarray
        The parameters before training and after every epoch run.
    update_params : ndarray or None
        The parameters before training and after every update (when recorded).
    diverged_epoch : int or None
        The epoch in which a batch loss blew up.
    bad_loss : float or None
        That batch loss.
    last_rate : float or None
        The learning rate of the last update made.
    """

    theta: np.ndarray
    loss: list[float]
    val_loss: list[float] | None
    params: np.ndarray
    update_params: np.ndarray | None
    diverged_epoch: int | None = None
    bad_loss: float | None = None
    last_rate: float | None = None


@dataclass
class History:
    """What :func:`~sgd_lib.fit` returns, like Keras's ``History``.

    Attributes
    ----------
    loss : list of float
        Per-epoch training loss (size-weighted mean of the mini-batch losses of that epoch).
        If training diverged, the last entry is the loss of the epoch in which it happened.
    val_loss : list of float or None
        Per-epoch loss on ``validation_data`` with the parameters at the end of the epoch.
    params : ndarray of shape (epochs_run + 1, n_features + 1)
        ``[w_1, ..., w_d, b]`` before training and after each epoch (the last row is where
        training stopped).
    update_params : ndarray of shape (n_updates + 1, n_features + 1) or None
        The same after every update, when ``fit(record_updates=True)``.
    batches : list of ndarray or None
        The rows of the mini-batch of every update, when ``fit(record_batches=True)``.
    batch_loss : ndarray of shape (n_updates,) or None
        The loss of that batch at the parameters before its update (the losses that the
        epoch's logged loss averages), when ``fit(record_batches=True)``.
    diverged : bool
        True when training stopped because the loss became non-finite or exploded.
    diverged_epoch : int or None
        The epoch (counted from 0, like TF.js's log) in which training diverged.
    message : str
        One sentence saying how training ended, fit to print for a learner.
    """

    loss: list[float] = field(default_factory=list)
    val_loss: list[float] | None = None
    params: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    update_params: np.ndarray | None = None
    batches: list[np.ndarray] | None = None
    batch_loss: np.ndarray | None = None
    diverged: bool = False
    diverged_epoch: int | None = None
    message: str = ""

    @property
    def epoch(self) -> list[int]:
        """Epoch numbers ``0, 1, ...`` of the logged losses."""
        return list(range(len(self.loss)))

    @property
    def history(self) -> dict[str, list[float]]:
        """Keras-style dictionary of the logged metrics."""
        logs = {"loss": self.loss}
        if self.val_loss is not None:
            logs["val_loss"] = self.val_loss
        return logs

    @property
    def final_loss(self) -> float:
        """The last logged training loss."""
        return self.loss[-1]

    def __repr__(self) -> str:
        return f"History(epochs={len(self.loss)}, diverged={self.diverged}, message={self.message!r})"
