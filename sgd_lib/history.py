"""What :func:`~sgd_lib.fit` returns: the History of a training run, like Keras's."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


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
