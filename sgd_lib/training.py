"""Step 5 of the original: training.

:func:`fit` mirrors ``model.fit(xs, ys, {epochs, batchSize, shuffle, callbacks})`` of
TF.js: each epoch visits the training data once, in mini-batches of ``batch_size``
(32 by default) in a freshly shuffled order, and updates the parameters once per
mini-batch. It returns a :class:`History`.

The loss logged for an epoch follows TF.js and Keras: it is the mean of the
mini-batch losses seen during the epoch, each weighted by its batch size. Each
batch loss is computed *before* that batch's update, so the epoch loss mixes
parameters from the start to the end of the epoch; it is not the loss of the final
parameters on the whole training set.

The loop to read is :func:`_run_epoch` (one epoch, batch by batch). By default
:func:`fit` computes the same run with :mod:`sgd_lib._fast`, which gives the same
numbers with far fewer NumPy calls; ``fit(..., fast=False)`` runs the loop below.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from . import _fast
from ._checks import check_positive_float, check_positive_int, check_seed, check_xy
from .data import batch_indices
from .evaluation import condition_number, stability_limit
from .losses import mse_loss_and_gradient
from .model import LinearModel
from .optimizers import SGD

#: A run whose final parameters have this many times the starting loss is said to be growing.
GROWING = 100.0

Callback = Callable[[int, dict[str, float]], Any]


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss blew up."""


class TrainingDiverged(RuntimeError):
    """Raised by :func:`fit` with ``on_divergence="raise"`` when the loss blows up."""


@dataclass
class History:
    """What :func:`fit` returns, like Keras's ``History``.

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


def fit(
    model: LinearModel,
    x: object,
    y: object,
    optimizer: SGD | float = 0.01,
    epochs: int = 1,
    batch_size: int = 32,
    shuffle: bool = True,
    seed: int | None = 0,
    validation_data: tuple[object, object] | None = None,
    callbacks: Sequence[Callback] = (),
    record_updates: bool = False,
    on_divergence: Literal["stop", "warn", "raise"] = "stop",
    divergence_factor: float = 1e8,
    fast: bool = True,
) -> History:
    """Train ``model`` in place with mini-batch SGD on the mean squared error.

    Parameters
    ----------
    model : LinearModel
        The model to train; its parameters are updated in place.
    x, y : array-like
        Training inputs (1-D or 2-D) and targets of the same length.
    optimizer : SGD or float
        An :class:`SGD` instance, or a learning rate for a fresh plain SGD.
    epochs : int
        Passes over the training data, at least 1.
    batch_size : int
        Samples per update (TF.js default 32); ``len(y)`` gives full-batch gradient descent.
    shuffle : bool
        Reshuffle the samples before every epoch (TF.js default True).
    seed : int or None
        Seed of the shuffling; the same seed gives the same history.
    validation_data : (x_val, y_val) or None
        Data on which to log ``val_loss`` after each epoch.
    callbacks : sequence of callables
        Each is called as ``callback(epoch, logs)`` after every epoch, like TF.js's
        ``onEpochEnd``; ``logs`` has ``"loss"`` (and ``"val_loss"``).
    record_updates : bool
        Also record the parameters after every update in ``History.update_params``.
    on_divergence : {"stop", "warn", "raise"}
        When the loss blows up training always stops; "stop" only records it in the
        history, "warn" also emits one :class:`DivergenceWarning`, "raise" raises
        :class:`TrainingDiverged`.
    divergence_factor : float
        A mini-batch loss that is not finite, or larger than ``divergence_factor`` times
        the starting scale (the larger of the initial loss and the variance of ``y``),
        counts as divergence.
    fast : bool
        True (the default) computes the run with :mod:`sgd_lib._fast`: the same batches,
        updates, losses, History, callback calls and optimizer state as the reference loop,
        equal up to rounding (about 1e-12 relative), and several times faster. False runs
        the readable reference loop, :func:`_run_epoch`, which the notebooks explain.

    Returns
    -------
    History
    """
    features, targets = check_xy(x, y)
    if not isinstance(model, LinearModel):
        raise TypeError(f"model must be a LinearModel, got {type(model).__name__}")
    if features.shape[1] != model.n_features:
        raise ValueError(f"x has {features.shape[1]} feature(s) but model expects {model.n_features}")
    opt = optimizer if isinstance(optimizer, SGD) else SGD(check_positive_float(optimizer, "optimizer"))
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    rng = np.random.default_rng(check_seed(seed))
    val = _check_validation(validation_data, model.n_features)
    callbacks = _check_callbacks(callbacks)
    if on_divergence not in ("stop", "warn", "raise"):
        raise ValueError(f"on_divergence must be 'stop', 'warn' or 'raise', got {on_divergence!r}")
    divergence_factor = check_positive_float(divergence_factor, "divergence_factor")
    if not isinstance(fast, bool):
        raise TypeError(f"fast must be True or False, got {fast!r}")

    theta = model.get_params()
    start_loss = _mse(features, targets, theta)
    limit = divergence_factor * _loss_scale(targets, start_loss)
    history = History(val_loss=[] if val is not None else None)
    train = _fast.train if fast else _train
    with np.errstate(over="ignore", invalid="ignore"):
        theta, bad_loss = train(
            history, features, targets, theta, opt, epochs, batch_size, shuffle, rng, limit, val, callbacks,
            record_updates,
        )
        end_loss = _mse(features, targets, theta) if np.isfinite(theta).all() else float("nan")
        if not history.diverged and not end_loss <= limit:  # the last update is checked here
            history.diverged, history.diverged_epoch, bad_loss = True, len(history.loss) - 1, end_loss
    if np.isfinite(theta).all():
        model.set_flat_params(theta)
    if not history.diverged:
        history.message = f"Trained for {epochs} epoch(s): final loss {history.final_loss:.4g}."
        if end_loss > GROWING * start_loss:
            history.message += (
                f" But the loss is growing: the final parameters have loss {end_loss:.3g} on the training data, "
                f"up from {start_loss:.3g} at the start; the learning rate is probably too large."
            )
        return history
    history.message = _divergence_message(history.diverged_epoch, bad_loss, opt, features, batch_size)
    if on_divergence == "warn":
        warnings.warn(history.message, DivergenceWarning, stacklevel=2)
    elif on_divergence == "raise":
        raise TrainingDiverged(history.message)
    return history


def _train(
    history: History,
    features: np.ndarray,
    targets: np.ndarray,
    theta: np.ndarray,
    opt: SGD,
    epochs: int,
    batch_size: int,
    shuffle: bool,
    rng: np.random.Generator,
    limit: float,
    val: tuple[np.ndarray, np.ndarray] | None,
    callbacks: list[Callback],
    record_updates: bool,
) -> tuple[np.ndarray, float | None]:
    """The reference: epoch after epoch of :func:`_run_epoch`, filling ``history``.

    Returns the final parameters and the loss that diverged (None if training did not diverge).
    """
    epoch_params, update_params = [theta], [theta] if record_updates else None
    bad_loss = None
    for epoch in range(epochs):
        batches = batch_indices(len(targets), batch_size, shuffle, rng)
        theta, epoch_loss, bad_loss = _run_epoch(features, targets, theta, opt, batches, limit, update_params)
        history.loss.append(epoch_loss)
        epoch_params.append(theta)
        logs = {"loss": epoch_loss}
        if bad_loss is not None:
            history.diverged, history.diverged_epoch = True, epoch
            _notify(callbacks, epoch, logs)
            break
        if val is not None:
            logs["val_loss"] = _mse(val[0], val[1], theta)
            history.val_loss.append(logs["val_loss"])
        _notify(callbacks, epoch, logs)
    history.params = np.array(epoch_params)
    history.update_params = np.array(update_params) if update_params is not None else None
    return theta, bad_loss


def _run_epoch(
    features: np.ndarray,
    targets: np.ndarray,
    theta: np.ndarray,
    opt: SGD,
    batches: list[np.ndarray],
    limit: float,
    update_params: list[np.ndarray] | None,
) -> tuple[np.ndarray, float, float | None]:
    """One pass over the batches. Returns (theta, epoch loss, the loss that diverged or None)."""
    total, seen = 0.0, 0
    for index in batches:
        loss, grad_w, grad_b = mse_loss_and_gradient(features[index], targets[index], theta[:-1], theta[-1])
        total, seen = total + loss * len(index), seen + len(index)
        if not loss <= limit:  # also catches NaN
            return theta, total / seen, loss
        theta = opt.step(theta, np.append(grad_w, grad_b))
        if update_params is not None:
            update_params.append(theta)
    return theta, total / seen, None


def _mse(features: np.ndarray, targets: np.ndarray, theta: np.ndarray) -> float:
    error = features @ theta[:-1] + theta[-1] - targets
    return float(error @ error) / len(targets)


def _loss_scale(targets: np.ndarray, start_loss: float) -> float:
    """The scale that divergence is measured against: max(initial loss, var(y)), never 0."""
    centered = targets - targets.sum() / len(targets)
    scale = max(start_loss, float(centered @ centered) / len(targets))
    return scale if scale > 0 else 1.0


def _divergence_message(epoch: int, loss: float, opt: SGD, features: np.ndarray, batch_size: int) -> str:
    """One sentence for the learner: what blew up, the rate that did it, its limit, and what to do."""
    what = f"the loss became {loss}" if not np.isfinite(loss) else f"the loss exploded to {loss:.3g}"
    rate = opt.schedule(max(opt.iterations - 1, 0))  # the rate of the last update made
    method = "gradient descent" if opt.momentum == 0 else f"{'Nesterov ' if opt.nesterov else ''}momentum {opt.momentum:g}"
    limit = stability_limit(features, opt.momentum, opt.nesterov)
    noise = "; smaller batches need smaller rates still" if batch_size < len(features) else ""
    advice = "lower the learning rate or standardize the data" if condition_number(features) > 10 else "lower the learning rate"
    return (
        f"Training diverged in epoch {epoch}: {what}. The learning rate {rate:.3g} is too large for this data "
        f"(full-batch {method} is stable only below {limit:.3g}{noise}); {advice}."
    )


def _check_validation(validation_data: object, n_features: int) -> tuple[np.ndarray, np.ndarray] | None:
    if validation_data is None:
        return None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise TypeError("validation_data must be a pair (x_val, y_val)")
    x_val, y_val = check_xy(validation_data[0], validation_data[1], "validation_data[0]", "validation_data[1]")
    if x_val.shape[1] != n_features:
        raise ValueError(f"validation_data[0] has {x_val.shape[1]} feature(s) but the model expects {n_features}")
    return x_val, y_val


def _check_callbacks(callbacks: object) -> list[Callback]:
    if callable(callbacks):
        callbacks = [callbacks]
    result = []
    for i, callback in enumerate(callbacks):
        function = getattr(callback, "on_epoch_end", callback)
        if not callable(function):
            raise TypeError(f"callbacks[{i}] must be callable as callback(epoch, logs), got {callback!r}")
        result.append(function)
    return result


def _notify(callbacks: list[Callback], epoch: int, logs: dict[str, float]) -> None:
    for callback in callbacks:
        callback(epoch, dict(logs))
