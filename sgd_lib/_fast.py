"""The training run of :func:`sgd_lib.fit`, computed with far fewer NumPy calls.

You do not need this module to follow the tutorial: the loop to read is
``training._run_epoch``, and ``fit(..., fast=False)`` always runs it. By default ``fit``
runs :func:`train` instead, which trains the same way and gets the same numbers.

What it does differently:

- The shuffles of many epochs are drawn in one call: ``rng.permuted`` shuffles row after
  row with exactly the draws of one ``rng.permutation(n)`` per epoch (a long row is
  shuffled on its own, with the same draws, by the faster ``rng.shuffle``).
- The rows of a few batches at a time are gathered in one call into a small block, reused,
  that stays in the processor's cache; each batch is then a few matrix-vector products on
  its rows (residuals, loss, gradient) into space set aside once, and the optimizer's step.
  On large data, with a second processor, a helper thread gathers the next block into a
  second one while the batches of this one are trained on (``np.take`` runs without holding
  Python's global lock, so the two overlap).
- One feature (the tutorial's case), with an optimizer that offers ``scalar_steps`` (its
  rule on Python floats), goes further. A batch enters the loss and the gradient only
  through five means, of x², x, xr, r and r², so these are computed for all batches at once
  and the updates run on Python floats (faster than NumPy calls on arrays of two numbers).
  To keep those sums small, so that the loss keeps its relative precision when the fit is
  good or x is far from 0, x is centered (``x - c``) and y is replaced by its residual
  ``r = y - (w0 x + b0)`` from a least-squares line; the loop runs on ``w - w0`` and
  ``b - b0``. Where that would cost precision (data beyond 1e100, x without spread at double
  precision, or a least-squares line whose parameters dwarf the starting ones, so that
  ``w0 + (w - w0)`` would lose digits of ``w``), the rows are gathered instead.

What stays the same: the batches, the update, the epoch loss (the size-weighted mean of
the batch losses before each update), the divergence test (the first batch whose loss is
not <= the limit stops training, before its update), the calls of the callbacks and of the
learning-rate schedule, and the optimizer's state afterwards. Only rounding differs:
parameters and losses agree with the reference loop to about 1e-12 relative, except in runs
that amplify rounding by themselves, where they agree about as well as the loop agrees with
itself on inputs one ulp away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from itertools import cycle, islice
from typing import Any

import numpy as np

from ._checks import processors
from .history import Run, RunResult
from .losses import mse_rows
from .optimizers import Optimizer, ScalarSteps

# Sample indices, batch statistics or gathered values held in memory at once (16 MiB of float64).
_MAX_NUMBERS = 1 << 21
# Numbers of the rows gathered for the batches under way: 512 KiB, which stay in the processor's cache.
_GATHERED = 1 << 16
# Numbers of each of the two blocks when a helper thread gathers ahead: 4 MiB, large enough that
# the threads hand over seldom (small blocks lose more to the handovers than the overlap saves).
_AHEAD = 1 << 19
# From this many samples on, each epoch is shuffled on its own (rng.shuffle), not all epochs in one rng.permuted call.
_LONG_ROW = 1 << 12
# The line statistics are used only for data within this magnitude, and for a reference line whose
# parameters are at most this many times the starting ones (beyond, digits of w and b would be lost).
_LARGEST = 1e100
_REFERENCE_RATIO = 1e4

Descend = Callable[..., tuple[np.ndarray, list[float], float | None, int, float | None]]


def train(run: Run, theta: np.ndarray, opt: Optimizer) -> RunResult:
    """Train as ``training._train`` does and return the same :class:`RunResult`."""
    features, targets = run.features, run.targets
    n, p = features.shape[0], theta.size
    batch_size = min(run.batch_size, n)  # the same batches, and no padding beyond the data
    sizes = list(map(float, run.batch_sizes))
    reference = _reference_line(features, targets, theta) if p == 2 else None
    offered = opt.scalar_steps() if reference is not None else None  # the optimizer's rule on floats, if any
    if offered is not None:
        inputs: Callable[[np.ndarray], Callable[[int, int], Any]] = _line_stats(features, targets, batch_size, reference)
        descend: Descend = _descend_line
    else:
        inputs, descend = (lambda index: lambda lo, hi: (features, targets, index[lo:hi])), _descend
    per_block = max(1, min(run.epochs, _MAX_NUMBERS // (len(sizes) * batch_size)))
    # With callbacks, stop after every epoch: they may look at (or change) the optimizer.
    per_run = 1 if run.callbacks else per_block
    ends, path = theta.tolist(), theta.tolist() if run.record_updates else None  # flat: p numbers per row
    loss: list[float] = []
    val_loss: list[float] | None = [] if run.validation is not None else None
    bad_loss, diverged_epoch, last_rate = None, None, None
    for first, part in _runs(run.rng, run.shuffle, run.epochs, n, batch_size, inputs, per_block, per_run):
        if offered is not None:  # the rule as the optimizer stands now (a callback may have changed it)
            offered = offered if first == 0 else opt.scalar_steps()
        theta, losses, bad_loss, rate = descend(part, sizes, theta, opt, run.limit, ends, path, offered)
        last_rate = rate if rate is not None else last_rate
        loss += losses
        val_losses = []
        if run.validation is not None:  # for the epochs that ended without diverging
            finished = np.array(ends[len(ends) - len(losses) * p :]).reshape(-1, p)
            val_losses = mse_rows(*run.validation, finished[: len(losses) - (bad_loss is not None)]).tolist()
            val_loss += val_losses
        for i, epoch_loss in enumerate(losses if run.callbacks else ()):
            logs = {"loss": epoch_loss} if i >= len(val_losses) else {"loss": epoch_loss, "val_loss": val_losses[i]}
            for callback in run.callbacks:
                callback(first + i, dict(logs))
        if bad_loss is not None:
            diverged_epoch = first + len(losses) - 1
            break
    return RunResult(
        theta=theta,
        loss=loss,
        val_loss=val_loss,
        params=np.array(ends).reshape(-1, p),
        update_params=np.array(path).reshape(-1, p) if path is not None else None,
        diverged_epoch=diverged_epoch,
        bad_loss=bad_loss,
        last_rate=last_rate,
    )


def _batches(rng: np.random.Generator, shuffle: bool, epochs: int, n: int, batch_size: int) -> np.ndarray:
    """Sample indices of the batches of ``epochs`` epochs, shape (epochs * batches, batch_size).

    Row k of the shuffles gets the draws of the k-th ``rng.permutation(n)``. A short last
    batch of an epoch is padded with ``n`` (one past the data), which stands for a row of zeros.
    """
    n_batches = -(-n // batch_size)
    index = np.empty((epochs, n_batches * batch_size), dtype=np.intp)
    index[:, n:] = n
    order = np.broadcast_to(np.arange(n), (epochs, n))
    if shuffle and n < _LONG_ROW:  # many short rows in one call
        rng.permuted(order, axis=1, out=index[:, :n])
    else:
        index[:, :n] = order
        if shuffle:  # long rows, one at a time: rng.shuffle's swaps of 8-byte items are the fastest
            for row in index:
                rng.shuffle(row[:n])
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
    data: tuple[np.ndarray, np.ndarray, np.ndarray], sizes: list[float], theta: np.ndarray, opt: Optimizer,
    limit: float, ends: list[float], path: list[float] | None, _: ScalarSteps | None = None,
) -> tuple[np.ndarray, list[float], float | None, float | None]:
    """``_run_epoch`` for the batches in ``data`` (features, targets, batch indices), epoch after epoch.

    The rows of the batches come a few batches at a time from :func:`_gathered`. A short
    last batch of an epoch is padded at its end, so a batch is the first ``size`` rows of its slot.
    Appends the parameters after each epoch to ``ends`` (and after each update to
    ``path``); returns (theta, the epoch losses, the loss that diverged or None, the
    learning rate of the last update or None).
    """
    features, targets, index = data
    d, batch_size, n_batches = features.shape[1], index.shape[1], len(sizes)
    sums = np.empty(d + 2)  # per batch: the sums of e x_j (each feature), of e and of e**2, for residuals e
    grad, grad_w, e_sums = sums[:-1], sums[:d], sums[d:]
    # per batch of an epoch: its size as an int, a row of ones above a row for its residuals (space set aside
    # once), that row, its size, the gradient's scale, whether it ends the epoch (all batches but the last are
    # alike: one tuple serves them)
    rows = {size: np.ones((2, int(size))) for size in (sizes[0], sizes[-1])}
    slots = [(int(size), rows[size], rows[size][1], size, 2.0 / size, end)
             for size, end in ((sizes[0], n_batches == 1), (sizes[-1], True))]
    slots = [slots[0]] * (n_batches - 1) + [slots[1]]
    dot, add, subtract, multiply = np.dot, np.add, np.subtract, np.multiply  # looked up once: this loop runs per batch
    steps = opt.array_steps(d + 1)  # the optimizer's rule without step's checks, if it offers one
    update = steps.step if steps is not None else opt.step
    plain_rate = steps.plain_rate if steps is not None else None
    updates, rate = 0, None

    def finish() -> float | None:
        if steps is None:
            return rate
        state, last = steps.finish(updates)
        opt.set_state(state)
        return last

    theta = theta.copy()  # updated in place when the rule is plain, so that w and b below stay views of it
    w, b = theta[:-1], theta[-1:]
    epoch_losses, total, seen = [], 0.0, 0.0
    with closing(_gathered(features, targets, index)) as blocks:  # (an early return joins the helper thread)
        for first, batches in blocks:
            for (xb, yb), (m, ones_e, e, nb, scale, epoch_ends) in zip(
                batches, islice(cycle(slots), first % n_batches, None)
            ):
                if m < batch_size:  # the short last batch of an epoch: the first m rows of its slot
                    xb, yb = xb[:m], yb[:m]
                dot(xb, w, out=e)  # the residuals x w + b - y of the batch
                subtract(e, yb, out=e)
                add(e, b, out=e)
                dot(ones_e, e, out=e_sums)  # the sums of e and of e**2
                loss = sums.item(-1) / nb
                total, seen = total + loss * nb, seen + nb
                if not loss <= limit:  # also catches NaN
                    epoch_losses.append(total / seen)
                    ends += theta.tolist()
                    return theta, epoch_losses, loss, finish()
                dot(e, xb, out=grad_w)
                if plain_rate is not None:  # the optimizer's plain rule, written inline (its plain_rate)
                    multiply(grad, plain_rate * scale, out=grad)
                    subtract(theta, grad, out=theta)
                else:
                    grad *= scale
                    if steps is None:
                        rate = opt.learning_rate
                    theta[:] = update(theta, grad)
                updates += 1
                if path is not None:
                    path += theta.tolist()
                if epoch_ends:
                    epoch_losses.append(total / seen)
                    ends += theta.tolist()
                    total, seen = 0.0, 0.0
    return theta, epoch_losses, None, finish()


def _gathered(
    features: np.ndarray, targets: np.ndarray, index: np.ndarray
) -> Iterator[tuple[int, list[tuple[np.ndarray, np.ndarray]]]]:
    """Yield (number of the first batch, the rows and targets of each batch) a few batches at a time.

    The rows are gathered in one call into a block that is reused, small enough to stay in
    the processor's cache. With more than one processor and more than two blocks of data, a
    helper thread gathers the next block into a second one while the caller trains on this
    one (the blocks are then larger, so that the threads hand over seldom); closing the
    generator waits for that thread.
    """
    d, batch_size = features.shape[1], index.shape[1]
    ahead = processors() > 1 and index.size * (d + 1) > 2 * _AHEAD
    step = max(1, min(len(index), (_AHEAD if ahead else _GATHERED) // ((d + 1) * batch_size)))  # batches
    blocks = []
    for _ in range(2 if ahead else 1):
        rows, values = np.empty((step * batch_size, d)), np.empty(step * batch_size)
        blocks.append((rows, values, [(rows[i : i + batch_size], values[i : i + batch_size])
                                      for i in range(0, len(rows), batch_size)]))

    def gather(k: int, first: int) -> list[tuple[np.ndarray, np.ndarray]]:
        (rows, values, batches), chunk = blocks[k], index[first : first + step].ravel()
        np.take(features, chunk, axis=0, out=rows[: len(chunk)], mode="clip")  # padding (index n) reads a row, never used
        np.take(targets, chunk, out=values[: len(chunk)], mode="clip")
        return batches[: len(chunk) // batch_size]

    firsts = range(0, len(index), step)
    if not ahead:
        for first in firsts:
            yield first, gather(0, first)
        return
    with ThreadPoolExecutor(1, thread_name_prefix="sgd_lib-gather") as helper:
        pending = helper.submit(gather, 0, 0)
        for k, first in enumerate(firsts):
            batches = pending.result()
            if first + step < len(index):
                pending = helper.submit(gather, (k + 1) % 2, first + step)
            yield first, batches


def _reference_line(features: np.ndarray, targets: np.ndarray, theta: np.ndarray) -> tuple[float, float, float] | None:
    """(w0, b0, c): a least-squares line through (up to) the first 4096 samples and the center c of
    their x; None where the line statistics would cost precision (see the module's docstring)."""
    x, y = features[:, 0], targets
    if max(float(np.abs(x).max()), float(np.abs(y).max())) > _LARGEST:
        return None
    x0, y0 = x[:4096], y[:4096]
    c = float(x0.sum()) / len(x0)
    xc = x0 - c
    spread = float(xc @ xc)
    if not (spread > 0 and np.isfinite(spread)) or spread < np.finfo(float).tiny * len(x0):
        return None
    w0 = float(xc @ y0) / spread
    b0 = float(y0.sum()) / len(y0) - w0 * c
    w_start, b_start = float(theta[0]), float(theta[1])
    bias_scale = max(abs(b_start), abs(w_start * c), abs(w0 * c), 1.0)
    if abs(w0) > _REFERENCE_RATIO * max(abs(w_start), 1.0) or abs(b0) > _REFERENCE_RATIO * bias_scale:
        return None
    return w0, b0, c


def _line_stats(
    features: np.ndarray, targets: np.ndarray, batch_size: int, reference: tuple[float, float, float]
) -> Callable[[np.ndarray], Callable[[int, int], tuple[list[list[float]], tuple[float, float, float]]]]:
    """For one feature: per batch the means of x², x, xr, r, r² (x centered, r residuals of a line)."""
    n, x, y = len(targets), features[:, 0], targets
    w0, b0, c = reference
    xr1 = np.zeros((3, n + 1))  # x - c, r and 1 for each sample; the last column, zeros, pads batches
    xc = x - c
    xr1[0, :n], xr1[1, :n], xr1[2, :n] = xc, (y - (b0 + w0 * c)) - w0 * xc, 1.0  # r without large terms
    table = xr1[[0, 0, 0, 1, 1]] * xr1[[0, 2, 1, 2, 1]]  # x², x, xr, r, r² per sample
    ones, sizes = np.ones(batch_size), np.array([min(batch_size, n - i) for i in range(0, n, batch_size)])
    step = max(1, _MAX_NUMBERS // (5 * batch_size))  # batches gathered at once

    def stats(index: np.ndarray) -> Callable[[int, int], tuple[list[list[float]], tuple[float, float, float]]]:
        sums = [table.take(index[i : i + step], axis=1) @ ones for i in range(0, len(index), step)]
        sums = sums[0] if len(sums) == 1 else np.hstack(sums)
        columns = (sums.reshape(5, -1, len(sizes)) / sizes).reshape(5, -1).tolist()
        whole = len(index)
        return lambda lo, hi: (columns if (lo, hi) == (0, whole) else [col[lo:hi] for col in columns], reference)

    return stats


def _descend_line(
    stats: tuple[list[list[float]], tuple[float, float, float]], sizes: list[float], theta: np.ndarray,
    opt: Optimizer, limit: float, ends: list[float], path: list[float] | None, steps: ScalarSteps | None = None,
) -> tuple[np.ndarray, list[float], float | None, float | None]:
    """The same for one feature, on Python floats, with the optimizer's ``scalar_steps`` (``steps``).

    A batch is its mean x², x, xr, r, r². The loop runs on (w - w0, b - b0): the optimizer's
    step is given (w0 + dw, b0 + db) and the gradient, and the offsets are taken off again,
    which is exact for every step that is a sum of the parameters and a change.
    """
    columns, (w0, b0, c) = stats
    steps = steps if steps is not None else opt.scalar_steps()
    update, lr = steps.step, steps.plain_rate
    w, b = float(theta[0]), float(theta[1])
    p0 = b0 + w0 * c  # the reference line at the center c of x
    epoch_losses, bad_loss, total, samples, updates = [], None, 0.0, sum(sizes), 0
    last = [False] * (len(sizes) - 1) + [True]  # the last batch of an epoch
    for xx, x, xr, r, rr, n, end in zip(*columns, cycle(sizes), cycle(last)):
        # the slope and the value at c, relative to the reference line (b + w c: no large terms that cancel)
        dw, a = w - w0, (b + w * c) - p0
        ex = dw * xx + a * x - xr  # mean of e * (x - c), with e = dw (x - c) + a - r
        e1 = dw * x + a - r  # mean of e
        loss = dw * (ex - xr) + a * (e1 - r) + rr  # mean of e**2
        total += loss * n
        if not loss <= limit:
            bad_loss = loss
            break
        if lr is None:
            w, b = update(w, b, 2.0 * (ex + c * e1), 2.0 * e1)
        else:  # the optimizer's plain rule, written inline (its plain_rate)
            w, b = w - lr * (2.0 * (ex + c * e1)), b - lr * (2.0 * e1)
        updates += 1
        if path is not None:
            path += (w, b)
        if end:
            epoch_losses.append(total / samples)
            ends += (w, b)
            total = 0.0
    if bad_loss is not None:  # the samples seen so far in this epoch, the bad batch included
        epoch_losses.append(total / sum(sizes[: updates % len(sizes) + 1]))
        ends += (w, b)
    state, rate = steps.finish(updates)
    opt.set_state(state)
    return np.array([w, b]), epoch_losses, bad_loss, rate
