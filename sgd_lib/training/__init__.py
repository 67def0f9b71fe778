"""Step 5 of the original: training.

:func:`fit` mirrors ``model.fit(xs, ys, {epochs, batchSize, shuffle, callbacks})`` of TF.js, one update
per mini-batch, and returns a :class:`~sgd_lib.history.History`.

The loss logged for an epoch follows TF.js and Keras: it is the mean of the mini-batch losses seen
during the epoch, each weighted by its batch size. Each batch loss is computed *before* that batch's
update, so the epoch loss mixes parameters from the start to the end of the epoch; it is not the
loss of the final parameters on the whole training set.

``fit`` reads: check the arguments, put them in a :class:`~sgd_lib.training.run.Run`, let an engine
train (:mod:`~sgd_lib.training.loop` or :mod:`~sgd_lib.training.fast`, as ``fast`` chooses), and turn
what it returns into the ``History``.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np

from ..checks import (
    LARGEST,
    MOST,
    check_bool,
    check_choice,
    check_int,
    check_positive,
    check_rng,
    check_xy,
)
from ..history import History
from ..losses import mse_rows
from ..model import LinearModel
from ..optimizers import SGD, Optimizer, check_optimizer
from . import fast as fast_path
from . import loop
from .callbacks import Callback, check_callbacks
from .divergence import DivergenceWarning, TrainingDiverged, divergence_message, loss_limit
from .replay import batch_losses, replay_batches
from .run import Run, RunResult

__all__ = ["Callback", "DivergenceWarning", "History", "TrainingDiverged", "fit"]

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
    """Train ``model`` in place with mini-batch SGD on the mean squared error; return its History.

    ``model`` is a :class:`~sgd_lib.model.LinearModel`; ``x`` (1-D or 2-D) and ``y`` the training data.
    ``optimizer`` is any optimizer (``SGD(0.1)``, ``Adam(0.01)``, ...) or a learning rate for a fresh
    plain SGD; its state (update count, velocity) carries over from earlier calls, as in TF.js.
    ``epochs`` passes over the data are made in batches of ``batch_size`` samples (TF.js's default 32;
    a batch larger than the data is all of it), reshuffled before every epoch with ``shuffle`` (drawn
    from ``seed``: the same seed gives the same history). ``validation_data=(x_val, y_val)`` logs
    ``val_loss`` after each epoch; each of ``callbacks`` is called as ``callback(epoch, logs)`` after
    every epoch, like TF.js's ``onEpochEnd``, with ``logs["loss"]`` (and ``"val_loss"``).

    ``record_updates`` also keeps the parameters after every update (``History.update_params``);
    ``record_batches`` also each update's batch (``History.batches``) and that batch's loss before the
    update (``History.batch_loss``), for playing training back; nothing costs time when they are off.

    A batch loss that is not finite, or beyond ``divergence_factor`` times the starting scale (the
    larger of the initial loss and the variance of ``y``), stops training as diverged, and so does a
    non-finite loss of the final parameters or on the validation data. ``on_divergence="stop"`` only
    records it in the History, ``"warn"`` also emits one :class:`DivergenceWarning`, ``"raise"``
    raises :class:`TrainingDiverged`.

    ``fast=True`` (the default) computes the run with :mod:`sgd_lib.training.fast`: the same batches,
    updates, losses, History, callback calls and optimizer state as the reference loop, equal up to
    rounding (about 1e-12 relative), and several times faster. ``fast=False`` runs the readable
    reference loop, :func:`sgd_lib.training.loop.run_epoch`, which the notebooks explain.
    """
    settings = locals()
    run, opt, replay = _run(settings)
    engine = fast_path.train if check_bool(fast, "fast") else loop.train
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is divergence, reported in words below
        result = engine(run, model.get_params(), opt)
        end_loss = float(mse_rows(run.features, run.targets, result.theta[np.newaxis])[0])
        history = _history(result, end_loss, run, replay)
    if all(abs(value) <= LARGEST for value in result.theta.tolist()):  # (NaN fails this too)
        model.weights, model.bias = result.theta[:-1].copy(), float(result.theta[-1])  # checked: no set_params
    return _report(history, result, end_loss, run, opt, on_divergence)


def _run(settings: dict) -> tuple[Run, Optimizer, np.random.Generator | None]:
    """Check ``fit``'s arguments and put them in a :class:`Run`; also the optimizer, and a copy of the
    generator that draws the same orders again when the batches are to be recorded."""
    model, optimizer = settings["model"], settings["optimizer"]
    features, targets = check_xy(settings["x"], settings["y"])
    if not isinstance(model, LinearModel):
        raise TypeError(f"model must be a LinearModel, got {type(model).__name__}")
    if features.shape[1] != model.n_features:
        raise ValueError(f"x has {features.shape[1]} feature(s) but model expects {model.n_features}")
    number = isinstance(optimizer, (int, float, np.integer, np.floating)) and not isinstance(optimizer, bool)
    opt = SGD(check_positive(optimizer, "optimizer")) if number else check_optimizer(optimizer)
    check_choice(settings["on_divergence"], "on_divergence", ("stop", "warn", "raise"))
    epochs, batch_size = check_int(settings["epochs"], "epochs"), check_int(settings["batch_size"], "batch_size")
    updates = -(-len(targets) // batch_size) * epochs
    if updates > MOST:
        raise ValueError(
            f"epochs={epochs} with batch_size={batch_size} would make {updates:,} updates; at most "
            f"{MOST:,} fit in memory and time"
        )
    factor, rng = check_positive(settings["divergence_factor"], "divergence_factor"), check_rng(settings["seed"])
    replay = copy.deepcopy(rng) if check_bool(settings["record_batches"], "record_batches") else None
    with np.errstate(over="ignore", invalid="ignore"):
        start_loss = float(mse_rows(features, targets, model.get_params()[np.newaxis])[0])
        limit = loss_limit(targets, start_loss, factor)
    run = Run(
        features=features,
        targets=targets,
        epochs=epochs,
        batch_size=batch_size,
        rng=rng,
        shuffle=check_bool(settings["shuffle"], "shuffle"),
        start_loss=start_loss,
        limit=limit,
        validation=_validation(settings["validation_data"], model),
        callbacks=check_callbacks(settings["callbacks"]),
        record_updates=check_bool(settings["record_updates"], "record_updates") or replay is not None,
    )
    return run, opt, replay


def _validation(validation_data: object, model: LinearModel) -> tuple[np.ndarray, np.ndarray] | None:
    if validation_data is None:
        return None
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise TypeError("validation_data must be a pair (x_val, y_val)")
    x_val, y_val = check_xy(validation_data[0], validation_data[1], "validation_data[0]", "validation_data[1]")
    if x_val.shape[1] != model.n_features:
        raise ValueError(f"validation_data[0] has {x_val.shape[1]} feature(s) but the model expects {model.n_features}")
    return x_val, y_val


def _history(result: RunResult, end_loss: float, run: Run, replay: np.random.Generator | None) -> History:
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
    history.diverged, history.diverged_epoch = epoch is not None, epoch
    if replay is not None and history.update_params is not None:
        history.batches = replay_batches(replay, run, len(history.update_params) - 1)
        history.batch_loss = batch_losses(run, history.batches, history.update_params[:-1])
    return history


def _report(
    history: History, result: RunResult, end_loss: float, run: Run, opt: Optimizer, on_divergence: str
) -> History:
    """Say in ``history.message`` how training ended; warn or raise as ``on_divergence`` asks."""
    if history.diverged_epoch is None:
        history.message = f"Trained for {run.epochs} epoch(s): final loss {history.final_loss:.4g}."
        if end_loss > GROWING * run.start_loss:
            history.message += (
                f" But the loss is growing: the final parameters have loss {end_loss:.3g} on the training data, "
                f"up from {run.start_loss:.3g} at the start; the learning rate is probably too large."
            )
        return history
    if result.bad_loss is not None:
        bad, which = result.bad_loss, "batch loss"
    elif not np.isfinite(end_loss) or history.val_loss is None or all(np.isfinite(history.val_loss)):
        bad, which = end_loss, "loss of the final parameters"
    else:
        bad, which = next(v for v in history.val_loss if not np.isfinite(v)), "validation loss"
    history.message = divergence_message(history.diverged_epoch, bad, which, opt, result.last_rate, run)
    if on_divergence == "warn":
        warnings.warn(history.message, DivergenceWarning, stacklevel=3)
    elif on_divergence == "raise":
        raise TrainingDiverged(history.message)
    return history
