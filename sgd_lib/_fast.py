"""The training run of :func:`sgd_lib.fit`, computed with far fewer NumPy calls.

You do not need this module to follow the tutorial: the loop to read is
``training._run_epoch``, and ``fit(..., fast=False)`` always runs it. By default ``fit``
runs :func:`train` instead, which trains the same way and gets the same numbers.

What it does differently:

- The shuffles of many epochs are drawn in one call: ``rng.permuted`` shuffles row after
  row with exactly the draws of one ``rng.permutation(n)`` per epoch.
- The rows of many batches are gathered in one call, as ``z = [x, 1, y]``; with
  ``u = [w, b, -1]`` a batch's residuals are then ``e = Z u``, its loss ``e.e / n_b`` and
  its gradient ``(2 / n_b) (e Z)[:-1]``: two matrix-vector products per batch.
- One feature (the tutorial's case), with a plain :class:`SGD`, goes further. A batch
  enters the loss and the gradient only through five means, of x², x, xr, r and r², so
  these are computed for all batches at once and the updates run on Python floats
  (faster than NumPy calls on arrays of two numbers). To keep those sums small, so that
  the loss keeps its relative precision when the fit is good or x is far from 0, x is
  centered (``x - c``) and y is replaced by its residual ``r = y - (w0 x + b0)`` from a
  least-squares line; the loop runs on ``w - w0`` and ``b - b0``.

What stays the same: the batches, the update (the optimizer's own ``step``; for one
feature the same arithmetic written out), the epoch loss (the size-weighted mean of the
batch losses before each update), the divergence test (the first batch whose loss is not
<= the limit stops training, before its update), the History, the calls of the callbacks
and of the learning-rate schedule, and the optimizer's state afterwards. Only rounding
differs: parameters and losses agree with the reference loop to about 1e-12 relative.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import cycle
from typing import TYPE_CHECKING, Any

import numpy as np

from .optimizers import SGD, ConstantLR

if TYPE_CHECKING:
    from .training import History

# Sample indices, batch statistics or gathered values held in memory at once (16 MiB of float64).
_MAX_NUMBERS = 1 << 21


def train(
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
    validation: tuple[np.ndarray, np.ndarray] | None,
    callbacks: Sequence[Callable[[int, dict[str, float]], Any]],
    record_updates: bool,
) -> tuple[np.ndarray, float | None]:
    """Fill ``history`` as ``training._train`` does; return (theta, the loss that diverged or None)."""
    n, p = features.shape[0], theta.size
    batch_size = min(batch_size, n)  # the same batches, and no padding beyond the data
    sizes = [float(min(batch_size, n - start)) for start in range(0, n, batch_size)]
    if p == 2 and type(opt) is SGD and (opt.velocity is None or opt.velocity.shape == (2,)):
        inputs, descend = _line_stats(features, targets, batch_size), _descend_line
    else:
        inputs, descend = (lambda index: lambda lo, hi: (features, targets, index[lo:hi])), _descend
    per_block = max(1, min(epochs, _MAX_NUMBERS // (len(sizes) * batch_size)))
    # With callbacks, stop after every epoch: they may look at (or change) the optimizer.
    per_run = 1 if callbacks else per_block
    ends, path = theta.tolist(), theta.tolist() if record_updates else None  # flat: p numbers per row
    bad_loss = None
    for first, part in _runs(rng, shuffle, epochs, n, batch_size, inputs, per_block, per_run):
        theta, losses, bad_loss = descend(part, sizes, theta, opt, limit, ends, path)
        history.loss += losses
        val_losses = []
        if validation is not None:  # for the epochs that ended without diverging
            finished = np.array(ends[len(ends) - len(losses) * p :]).reshape(-1, p)
            val_losses = _mse_each(validation, finished[: len(losses) - (bad_loss is not None)])
            history.val_loss += val_losses
        for i, loss in enumerate(losses if callbacks else ()):
            logs = {"loss": loss} if i >= len(val_losses) else {"loss": loss, "val_loss": val_losses[i]}
            for callback in callbacks:
                callback(first + i, dict(logs))
        if bad_loss is not None:
            history.diverged, history.diverged_epoch = True, first + len(losses) - 1
            break
    history.params = np.reshape(ends, (-1, p))
    history.update_params = np.reshape(path, (-1, p)) if path is not None else None
    return theta, bad_loss


def _batches(rng: np.random.Generator, shuffle: bool, epochs: int, n: int, batch_size: int) -> np.ndarray:
    """Sample indices of the batches of ``epochs`` epochs, shape (epochs * batches, batch_size).

    Row k of the shuffles gets the draws of the k-th ``rng.permutation(n)``. A short last
    batch of an epoch is padded with ``n`` (one past the data), which stands for a row of zeros.
    """
    n_batches = -(-n // batch_size)
    index = np.empty((epochs, n_batches * batch_size), dtype=np.intp)
    index[:, n:] = n
    order = np.broadcast_to(np.arange(n), (epochs, n))
    if shuffle:
        rng.permuted(order, axis=1, out=index[:, :n])
    else:
        index[:, :n] = order
    return index.reshape(-1, batch_size)


def _runs(
    rng: np.random.Generator, shuffle: bool, epochs: int, n: int, batch_size: int,
    inputs: Callable[[np.ndarray], Callable[[int, int], Any]], per_block: int, per_run: int,
) -> Iterator[tuple[int, Any]]:
    """Yield (first epoch, what ``descend`` needs for the batches of up to ``per_run`` epochs).

    Shuffles and batch statistics are made ``per_block`` epochs at a time.
    """
    n_batches = -(-n // batch_size)
    for first in range(0, epochs, per_block):
        count = min(per_block, epochs - first)
        part = inputs(_batches(rng, shuffle, count, n, batch_size))
        for start in range(0, count, per_run):
            yield first + start, part(start * n_batches, min(start + per_run, count) * n_batches)


def _descend(
    data: tuple[np.ndarray, np.ndarray, np.ndarray], sizes: list[float], theta: np.ndarray, opt: SGD, limit: float,
    ends: list[float], path: list[float] | None,
) -> tuple[np.ndarray, list[float], float | None]:
    """``_run_epoch`` for the batches in ``data`` (features, targets, batch indices), epoch after epoch.

    The rows of the batches are gathered a chunk at a time. Appends the parameters after
    each epoch to ``ends`` (and after each update to ``path``); returns (theta, the epoch
    losses, the loss that diverged or None).
    """
    features, targets, index = data
    (n, d), batch_size, n_batches = features.shape, index.shape[1], len(sizes)
    step = max(1, min(len(index), _MAX_NUMBERS // ((d + 2) * batch_size)))  # batches gathered at once
    rows, z = np.empty((step * batch_size, d)), np.empty((step * batch_size, d + 2))
    u = np.append(theta, -1.0)
    epoch_losses, total, seen = [], 0.0, 0.0
    for start in range(0, len(index), step):
        chunk = index[start : start + step].ravel()
        m = len(chunk)
        z[:m, :d] = np.take(features, chunk, axis=0, out=rows[:m], mode="clip")
        z[:m, d] = 1.0
        np.take(targets, chunk, out=z[:m, d + 1], mode="clip")
        z[:m][chunk == n] = 0.0  # the padding of short batches
        for k, zb in enumerate(z[:m].reshape(-1, batch_size, d + 2), start):
            nb = sizes[k % n_batches]
            e = zb @ u  # the residuals x w + b - y of the batch
            loss = float(e @ e) / nb
            total, seen = total + loss * nb, seen + nb
            if not loss <= limit:  # also catches NaN
                epoch_losses.append(total / seen)
                ends += theta.tolist()
                return theta, epoch_losses, loss
            theta = opt.step(theta, (2.0 / nb) * (e @ zb)[:-1])
            u[:-1] = theta
            if path is not None:
                path += theta.tolist()
            if (k + 1) % n_batches == 0:
                epoch_losses.append(total / seen)
                ends += theta.tolist()
                total, seen = 0.0, 0.0
    return theta, epoch_losses, None


def _line_stats(
    features: np.ndarray, targets: np.ndarray, batch_size: int
) -> Callable[[np.ndarray], Callable[[int, int], tuple[list[list[float]], tuple[float, float, float]]]]:
    """For one feature: per batch the means of x², x, xr, r, r² (x centered, r residuals of a line)."""
    n, x, y = len(targets), features[:, 0], targets
    x0, y0 = x[:4096], y[:4096]  # a least-squares line through (up to) the first 4096 samples
    c = float(x0.sum()) / len(x0)
    xc = x0 - c
    w0 = float(xc @ y0) / float(xc @ xc) if xc.any() else 0.0
    b0 = float(y0.sum()) / len(y0) - w0 * c
    xr1 = np.zeros((3, n + 1))  # x - c, r and 1 for each sample; the last column, zeros, pads batches
    xr1[0, :n], xr1[1, :n], xr1[2, :n] = x - c, y - (w0 * x + b0), 1.0
    table = xr1[[0, 0, 0, 1, 1]] * xr1[[0, 2, 1, 2, 1]]  # x², x, xr, r, r² per sample
    ones, sizes = np.ones(batch_size), np.array([min(batch_size, n - i) for i in range(0, n, batch_size)])
    step = max(1, _MAX_NUMBERS // (5 * batch_size))  # batches gathered at once

    def stats(index: np.ndarray) -> Callable[[int, int], tuple[list[list[float]], tuple[float, float, float]]]:
        sums = [table.take(index[i : i + step], axis=1) @ ones for i in range(0, len(index), step)]
        sums = sums[0] if len(sums) == 1 else np.hstack(sums)
        columns = (sums.reshape(5, -1, len(sizes)) / sizes).reshape(5, -1).tolist()
        whole = len(index)
        return lambda lo, hi: (columns if (lo, hi) == (0, whole) else [col[lo:hi] for col in columns], (w0, b0, c))

    return stats


def _descend_line(
    stats: tuple[list[list[float]], tuple[float, float, float]], sizes: list[float], theta: np.ndarray, opt: SGD,
    limit: float, ends: list[float], path: list[float] | None,
) -> tuple[np.ndarray, list[float], float | None]:
    """The same for one feature and a plain ``SGD``, on Python floats; a batch is its mean x², x, xr, r, r².

    The loop runs on (w - w0, b - b0): an SGD step does not depend on where the origin is.
    """
    columns, (w0, b0, c) = stats
    w, b = float(theta[0]) - w0, float(theta[1]) - b0
    mu, nesterov, t = opt.momentum, opt.nesterov, opt.iterations
    lr, schedule = (opt.schedule.initial, None) if type(opt.schedule) is ConstantLR else (None, opt.schedule)
    vw, vb = (0.0, 0.0) if opt.velocity is None else opt.velocity.tolist()
    epoch_losses, bad_loss, total, t0, samples = [], None, 0.0, t, sum(sizes)
    last = [False] * (len(sizes) - 1) + [True]  # the last batch of an epoch
    for xx, x, xr, r, rr, n, end in zip(*columns, cycle(sizes), cycle(last)):
        a = b + w * c  # the bias for centered x
        ex = w * xx + a * x - xr  # mean of e * (x - c), with e = w (x - c) + a - r
        e1 = w * x + a - r  # mean of e
        loss = w * (ex - xr) + a * (e1 - r) + rr  # mean of e**2
        total += loss * n
        if not loss <= limit:
            bad_loss = loss
            break
        if schedule is not None:
            lr = schedule(t)
        t += 1
        gw, gb = 2.0 * (ex + c * e1), 2.0 * e1
        if mu:  # SGD.step's momentum, written out
            vw, vb = mu * vw + gw, mu * vb + gb
            gw, gb = (gw + mu * vw, gb + mu * vb) if nesterov else (vw, vb)
        w, b = w - lr * gw, b - lr * gb
        if path is not None:
            path += (w0 + w, b0 + b)
        if end:
            epoch_losses.append(total / samples)
            ends += (w0 + w, b0 + b)
            total = 0.0
    if bad_loss is not None:  # the samples seen so far in this epoch, the bad batch included
        epoch_losses.append(total / sum(sizes[: (t - t0) % len(sizes) + 1]))
        ends += (w0 + w, b0 + b)
    if mu and t > opt.iterations:
        opt.velocity = np.array([vw, vb])
    opt.iterations = t
    return np.array(ends[-2:]), epoch_losses, bad_loss


def _mse_each(validation: tuple[np.ndarray, np.ndarray], thetas: np.ndarray) -> list[float]:
    """The MSE on the validation data of each row of parameters, from the residuals."""
    x, y = validation
    out: list[float] = []
    step = max(1, _MAX_NUMBERS // len(y))
    for i in range(0, len(thetas), step):
        errors = x @ thetas[i : i + step, :-1].T  # one column of residuals per row of parameters
        errors += thetas[i : i + step, -1]
        errors -= y[:, None]
        out += ((errors * errors).sum(axis=0) / len(y)).tolist()
    return out
