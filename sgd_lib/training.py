"""Step 5 of the original: training.

:func:`fit` mirrors ``model.fit(xs, ys, {epochs, batchSize, shuffle, callbacks})`` of
TF.js: each epoch visits the training data once, in mini-batches of ``batch_size``
(32 by default) in a freshly shuffled order, and updates the parameters once per
mini-batch. It returns a :class:`~sgd_lib.history.History`.

The loss logged for an epoch follows TF.js and Keras: it is the mean of the
mini-batch losses seen during the epoch, each weighted by its batch size. Each
batch loss is computed *before* that batch's update, so the epoch loss mixes
parameters from the start to the end of the epoch; it is not the loss of the final
parameters on the whole training set.

The loop to read is :func:`_run_epoch` (one epoch, batch by batch). By default
:func:`fit` computes the same run with :mod:`sgd_lib._fast`, which gives the same
numbers with far fewer NumPy calls; ``fit(..., fast=False)`` runs the loop below.
Both engines take a :class:`~sgd_lib.history.Run` and return a
:class:`~sgd_lib.history.RunResult`; ``fit`` turns that into the ``History``.
"""

from __future__ import annotations

import copy
import math
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np

from . import _fast
from ._checks import (
    LARGEST,
    MOST,
    check_bool,
    check_data,
    check_positive_float,
    check_positive_int,
    check_rng,
    check_xy,
    sum_of_squares,
)
from .data import batch_indices
from .evaluation import condition_number, stability_limit
from .history import Callback, DivergenceWarning, History, Run, RunResult, TrainingDiverged
from .losses import mse_loss_and_gradient, mse_rows
from .model import LinearModel
from .optimizers import SGD, Optimizer, check_optimizer

__all__ = ["DivergenceWarning", "History", "TrainingDiverged", "fit"]

#: A run whose final parameters have this many times the starting loss is said to be growing.
GROWING = 100.0


def fit(
    model: LinearModel,
    x: object,
    y: object,
    optimizer: Optimizer | float = 0.01,
    *,
    epochs: int = 1,
    batch_size: int = 32,
    shuffle: bool = True,
    seed: int | np.random.Generator | None = 0,
    validation_data: tuple[object, object] | None = None,
    callbacks: Sequence[Callback] = (),
    record_updates: bool = False,
    record_batches: bool = False,
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
    optimizer : Optimizer or float
        Any optimizer (``SGD(0.1)``, ...), or a learning rate for a fresh plain SGD. Its
        state (update count, velocity) carries over from earlier calls, as in TF.js.
    epochs : int
        Passes over the training data, at least 1.
    batch_size : int
        Samples per update (TF.js default 32); ``len(y)`` gives full-batch gradient descent.
    shuffle : bool
        Reshuffle the samples before every epoch (TF.js default True).
    seed : int, numpy.random.Generator or None
        Seed of the shuffling; the same seed gives the same history.
    validation_data : (x_val, y_val) or None
        Data on which to log ``val_loss`` after each epoch.
    callbacks : sequence of callables
        Each is called as ``callback(epoch, logs)`` after every epoch, like TF.js's
        ``onEpochEnd``; ``logs`` has ``"loss"`` (and ``"val_loss"``).
    record_updates : bool
        Also record the parameters after every update in ``History.update_params``.
    record_batches : bool
        Also record, for every update, the rows of its mini-batch (``History.batches``) and
        that batch's loss before the update (``History.batch_loss``), for playing training
        back update by update; implies ``record_updates``. Nothing is recorded, and nothing
        costs time, when it is False.
    on_divergence : {"stop", "warn", "raise"}
        When the loss blows up training always stops; "stop" only records it in the
        history, "warn" also emits one :class:`DivergenceWarning`, "raise" raises
        :class:`TrainingDiverged`.
    divergence_factor : float
        A mini-batch loss that is not finite, or larger than ``divergence_factor`` times
        the starting scale (the larger of the initial loss and the variance of ``y``),
        counts as divergence. So does a non-finite loss of the final parameters or on the
        validation data.
    fast : bool
        True (the default) computes the run with :mod:`sgd_lib._fast`: the same batches,
        updates, losses, History, callback calls and optimizer state as the reference loop,
        equal up to rounding (about 1e-12 relative), and several times faster. False runs
        the readable reference loop, :func:`_run_epoch`, which the notebooks explain.

    Returns
    -------
    History
    """
    features, targets, squares = check_data(x, y)
    if not isinstance(model, LinearModel):
        raise TypeError(f"model must be a LinearModel, got {type(model).__name__}")
    if features.shape[1] != model.n_features:
        raise ValueError(f"x has {features.shape[1]} feature(s) but model expects {model.n_features}")
    opt = SGD(check_positive_float(optimizer, "optimizer")) if _is_number(optimizer) else check_optimizer(optimizer)
    if not isinstance(on_divergence, str) or on_divergence not in ("stop", "warn", "raise"):
        raise ValueError(f"on_divergence must be 'stop', 'warn' or 'raise', got {on_divergence!r}")
    epochs, batch_size = check_positive_int(epochs, "epochs"), check_positive_int(batch_size, "batch_size")
    updates = -(-len(targets) // batch_size) * epochs
    if updates > MOST:
        raise ValueError(f"epochs={epochs} with batch_size={batch_size} would make {updates:,} updates; at most "
                         f"{MOST:,} fit in memory and time")
    factor = check_positive_float(divergence_factor, "divergence_factor")
    rng, record_batches = check_rng(seed), check_bool(record_batches, "record_batches")
    replay = copy.deepcopy(rng) if record_batches else None  # draws the same shuffles again afterwards
    run_settings = {
        "epochs": epochs, "batch_size": batch_size, "shuffle": check_bool(shuffle, "shuffle"), "rng": rng,
        "validation": _check_validation(validation_data, model.n_features), "callbacks": _check_callbacks(callbacks),
        "record_updates": check_bool(record_updates, "record_updates") or record_batches,
    }
    engine = _fast.train if check_bool(fast, "fast") else _train
    theta = model.get_params()
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is divergence, reported in words below
        start_loss = float(mse_rows(features, targets, theta[np.newaxis])[0])
        limit = factor * _loss_scale(targets, start_loss)
        run = Run(features=features, targets=targets, limit=limit if limit < np.inf else np.finfo(float).max,
                  **run_settings)
        result = engine(run, theta, opt)
        end_loss = _final_loss(features, targets, squares, theta, result.theta, start_loss, run.limit)  # or a bound
    history = _history(result, end_loss, run)
    if replay is not None:
        history.batches = _batches_seen(replay, run, len(history.update_params) - 1)
        with np.errstate(over="ignore", invalid="ignore"):
            history.batch_loss = _batch_losses(run, history.batches, history.update_params[:-1])
    if all(abs(value) <= LARGEST for value in result.theta.tolist()):  # (NaN fails this too)
        # the model's public attributes, set directly: these parameters need none of set_params's checks
        model.weights, model.bias = result.theta[:-1].copy(), float(result.theta[-1])
    if not history.diverged:
        history.message = f"Trained for {run.epochs} epoch(s): final loss {history.final_loss:.4g}."
        if end_loss > GROWING * start_loss:
            history.message += (
                f" But the loss is growing: the final parameters have loss {end_loss:.3g} on the training data, "
                f"up from {start_loss:.3g} at the start; the learning rate is probably too large."
            )
        return history
    bad, which = _bad_loss(result, end_loss, history.val_loss)
    history.message = _divergence_message(history.diverged_epoch, bad, which, opt, result.last_rate, run)
    if on_divergence == "warn":
        warnings.warn(history.message, DivergenceWarning, stacklevel=2)
    elif on_divergence == "raise":
        raise TrainingDiverged(history.message)
    return history


def _history(result: RunResult, end_loss: float, run: Run) -> History:
    """The learner's History from an engine's result; a non-finite final or validation loss is divergence too."""
    history = History(
        loss=list(result.loss),
        val_loss=None if result.val_loss is None else list(result.val_loss),
        params=result.params,
        update_params=result.update_params,
    )
    epoch = result.diverged_epoch
    if epoch is None and not end_loss <= run.limit:  # the last update is checked here
        epoch = len(result.loss) - 1
    if epoch is None and result.val_loss is not None and not all(np.isfinite(result.val_loss)):
        epoch = int(np.flatnonzero(~np.isfinite(result.val_loss))[0])
    if epoch is not None:
        history.diverged, history.diverged_epoch = True, epoch
    return history


def _train(run: Run, theta: np.ndarray, opt: Optimizer) -> RunResult:
    """The reference: epoch after epoch of :func:`_run_epoch`."""
    epoch_params, update_params = [theta], [theta] if run.record_updates else None
    loss: list[float] = []
    val_loss: list[float] | None = [] if run.validation is not None else None
    bad_loss, diverged_epoch, last_rate = None, None, None
    for epoch in range(run.epochs):
        batches = batch_indices(len(run.targets), run.batch_size, run.shuffle, seed=run.rng)
        theta, epoch_loss, bad_loss, rate = _run_epoch(run, theta, opt, batches, update_params)
        last_rate = rate if rate is not None else last_rate
        loss.append(epoch_loss)
        epoch_params.append(theta)
        logs = {"loss": epoch_loss}
        if bad_loss is not None:
            diverged_epoch = epoch
            _notify(run.callbacks, epoch, logs)
            break
        if run.validation is not None:
            logs["val_loss"] = float(mse_rows(*run.validation, theta[np.newaxis])[0])
            val_loss.append(logs["val_loss"])
        _notify(run.callbacks, epoch, logs)
    return RunResult(
        theta=theta,
        loss=loss,
        val_loss=val_loss,
        params=np.array(epoch_params),
        update_params=np.array(update_params) if update_params is not None else None,
        diverged_epoch=diverged_epoch,
        bad_loss=bad_loss,
        last_rate=last_rate,
    )


def _run_epoch(
    run: Run, theta: np.ndarray, opt: Optimizer, batches: list[np.ndarray], update_params: list[np.ndarray] | None
) -> tuple[np.ndarray, float, float | None, float | None]:
    """One pass over the batches: per batch its loss (before the update), its gradient, one step.

    Returns (theta, the epoch's logged loss, the loss that diverged or None, the learning
    rate of the last update or None).
    """
    total, seen, rate = 0.0, 0, None
    for index in batches:
        loss, grad_w, grad_b = mse_loss_and_gradient(run.features[index], run.targets[index], theta[:-1], theta[-1])
        total, seen = total + loss * len(index), seen + len(index)
        if not loss <= run.limit:  # also catches NaN
            return theta, total / seen, loss, rate
        rate = opt.learning_rate
        theta = opt.step(theta, np.append(grad_w, grad_b))
        if update_params is not None:
            update_params.append(theta)
    return theta, total / seen, None, rate


def _batches_seen(replay: np.random.Generator, run: Run, n_updates: int) -> list[np.ndarray]:
    """The rows of the batch of each of the first ``n_updates`` updates, drawn again from a copy of the generator."""
    batches: list[np.ndarray] = []
    while len(batches) < n_updates:
        batches += batch_indices(len(run.targets), run.batch_size, run.shuffle, seed=replay)
    return batches[:n_updates]


def _batch_losses(run: Run, batches: list[np.ndarray], params: np.ndarray) -> np.ndarray:
    """The MSE of each batch at the parameters before its update (one NumPy pass per batch size)."""
    losses, sizes = np.empty(len(batches)), np.array([len(index) for index in batches], dtype=int)
    for size in np.unique(sizes):
        rows = np.flatnonzero(sizes == size)
        index = np.stack([batches[row] for row in rows])  # (updates, size)
        theta = params[rows]
        predictions = np.einsum("usd,ud->us", run.features[index], theta[:, :-1]) + theta[:, -1:]
        losses[rows] = np.mean((predictions - run.targets[index]) ** 2, axis=1)
    return losses


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _loss_scale(targets: np.ndarray, start_loss: float) -> float:
    """The scale that divergence is measured against: max(initial loss, var(y)), never 0."""
    centered = targets - targets.sum() / len(targets)
    with np.errstate(over="ignore"):
        scale = max(start_loss, sum_of_squares(centered) / len(targets))
    return scale if scale > 0 else 1.0


def _final_loss(
    features: np.ndarray, targets: np.ndarray, squares: float | None, start: np.ndarray, theta: np.ndarray,
    start_loss: float, limit: float,
) -> float:
    """The loss of the final parameters ``theta`` on the training data, or a bound of it where that
    bound already settles what the loss is compared with (at most ``limit``, and not growing).

    ``fit`` only asks whether the final loss is within the divergence limit and within
    :data:`GROWING` times the starting loss, and prints it only when it is not; a bound
    below both answers without a pass over the data. sqrt(L) is the root-mean-square of
    the residuals A θ - y (A = [x, 1]), so by the triangle inequality
    sqrt(L(θ)) <= sqrt(L(θ0)) + |A (θ - θ0)| / sqrt(n), and |A δ| <= |A|_F |δ|, where
    |A|_F² = sum(x²) + n (``squares`` is sum(x²), from the check of x; None: not known).
    """
    if squares is not None:
        step = theta - start
        rows = math.sqrt(squares / len(targets) + 1.0)  # |A|_F / sqrt(n)
        root = math.sqrt(start_loss) + rows * math.sqrt(float(step @ step))
        bound = root * root  # (inf where too large; ** 2 would raise OverflowError)
        if bound <= min(limit, GROWING * start_loss):
            return bound
    return float(mse_rows(features, targets, theta[np.newaxis])[0])


def _bad_loss(result: RunResult, end_loss: float, val_loss: list[float] | None) -> tuple[float, str]:
    """The loss that blew up, and which loss it was: a batch's, the final parameters' or the validation loss."""
    if result.bad_loss is not None:
        return result.bad_loss, "loss"
    if not np.isfinite(end_loss) or val_loss is None or all(np.isfinite(val_loss)):
        return end_loss, "loss"
    return next(v for v in val_loss if not np.isfinite(v)), "validation loss"


def _divergence_message(epoch: int, loss: float, which: str, opt: Optimizer, rate: float | None, run: Run) -> str:
    """One sentence for the learner: what blew up, the rate that did it, its limit, and what to do."""
    what = f"the {which} became {loss}" if not np.isfinite(loss) else f"the {which} exploded to {loss:.3g}"
    if which == "validation loss":
        return (f"Training diverged in epoch {epoch}: {what}, because the line's predictions on validation_data "
                "overflow; give validation_data on the scale of the training data.")
    rate = rate if rate is not None else opt.learning_rate
    try:
        stretched = condition_number(run.features) > 10
    except ValueError:  # a Hessian too large for a float: the data needs rescaling anyway
        stretched = True
    advice = "lower the learning rate or standardize the data" if stretched else "lower the learning rate"
    name = type(opt).__name__
    if isinstance(opt, SGD):
        method = "gradient descent" if opt.momentum == 0 else f"{'Nesterov ' if opt.nesterov else ''}momentum {opt.momentum:g}"
        try:
            limit = f"is stable only below {stability_limit(run.features, momentum=opt.momentum, nesterov=opt.nesterov):.3g}"
        except ValueError:
            limit = "has a stability limit too small to compute for this data"
        noise = "; smaller batches need smaller rates still" if run.batch_size < len(run.targets) else ""
        why = f"(full-batch {method} {limit}{noise})"
    else:
        why = f"(the full-batch stability limit is known for SGD with or without momentum, not for {name})"
    return f"Training diverged in epoch {epoch}: {what}. The learning rate {rate:.3g} is too large for this data {why}; {advice}."


def _check_validation(validation_data: object, n_features: int) -> tuple[np.ndarray, np.ndarray] | None:
    if validation_data is None:
        return None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise TypeError("validation_data must be a pair (x_val, y_val)")
    x_val, y_val = check_xy(validation_data[0], validation_data[1], "validation_data[0]", "validation_data[1]")
    if x_val.shape[1] != n_features:
        raise ValueError(f"validation_data[0] has {x_val.shape[1]} feature(s) but the model expects {n_features}")
    return x_val, y_val


def _check_callbacks(callbacks: object) -> tuple[Callback, ...]:
    if callable(callbacks):
        callbacks = [callbacks]
    if isinstance(callbacks, (str, bytes)) or not isinstance(callbacks, (list, tuple)):
        raise TypeError(f"callbacks must be a list of functions callback(epoch, logs), got {callbacks!r}")
    result = []
    for i, callback in enumerate(callbacks):
        function = getattr(callback, "on_epoch_end", callback)
        if not callable(function):
            raise TypeError(f"callbacks[{i}] must be callable as callback(epoch, logs), got {callback!r}")
        result.append(function)
    return tuple(result)


def _notify(callbacks: Sequence[Callback], epoch: int, logs: dict[str, float]) -> None:
    for callback in callbacks:
        callback(epoch, dict(logs))
