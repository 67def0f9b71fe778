"""The training run of :func:`sgd_lib.fit`, computed with far fewer NumPy calls.

You do not need this module to follow the tutorial: the loop to read is
:func:`sgd_lib.training.loop.run_epoch`, and ``fit(..., fast=False)`` always runs it. By default
``fit`` runs :func:`train` instead, which trains the same way and gets the same numbers.

What it does differently:

- The orders of many epochs are drawn in one call (:func:`~sgd_lib.data.epoch_orders`).
- One feature (the tutorial's case), with an optimizer of :mod:`sgd_lib.optimizers`: a batch enters
  the loss and the gradient only through five means, of x², x, xr, r and r², so these are computed
  for all batches at once and the updates run the optimizer's rule on Python floats (faster than
  NumPy calls on arrays of two numbers). To keep those sums small, so that the loss keeps its
  relative precision when the fit is good or x is far from 0, x is centered (``x - c``) and y is
  replaced by its residual ``r = y - (w0 x + b0)`` from a least-squares line; the loop runs on
  ``w - w0`` and ``b - b0``. Where that would cost precision (data beyond 1e100, x without spread
  at double precision, or a least-squares line whose parameters dwarf the starting ones, so that
  ``w0 + (w - w0)`` would lose digits of ``w``), the rows are gathered instead.
- Otherwise the rows of a few batches at a time are gathered in one call into a small block, reused,
  that stays in the processor's cache; each batch is then a few matrix-vector products on its rows
  (residuals, loss, gradient) into space set aside once, and the optimizer's rule (or its ``step``).
  All of it runs on the calling thread.

What stays the same: the batches, the update, the bookkeeping (one :class:`~sgd_lib.training.run.Ledger`
for both engines), the calls of the callbacks and of the learning-rate schedule, and the optimizer's
state afterwards. Only rounding differs: parameters and losses agree with the reference loop to
about 1e-12 relative, except in runs that amplify rounding by themselves, where they agree about as
well as the loop agrees with itself on inputs one ulp away.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count, cycle, islice

import numpy as np

from ..data import epoch_orders
from ..optimizers import Optimizer, Rule, keep, rule_of
from ..schedules import rates
from .run import Ledger, Run, RunResult

#: How the work is cut: the numbers held at once for orders and batch statistics (16 MiB of float64),
#: and the numbers of the rows gathered for the batches under way (512 KiB, which stay in the cache).
PIECES = {"numbers": 1 << 21, "gathered": 1 << 16, "rows": False}
# The line statistics are used only for data within this magnitude, and for a reference line whose
# parameters are at most this many times the starting ones (beyond, digits of w and b would be lost).
_LARGEST = 1e100
_REFERENCE_RATIO = 1e4


@contextmanager
def steered(*, pieces: int | None = None, rows: bool = False) -> Iterator[None]:
    """The one hook that steers the fast path, for tests: cut the work into pieces of at most ``pieces``
    numbers (orders, statistics, gathered rows), as a large run would be cut, and with ``rows`` gather rows
    even for one feature."""
    saved = dict(PIECES)
    PIECES.update({"numbers": pieces, "gathered": pieces} if pieces else {}, rows=rows)
    try:
        yield
    finally:
        PIECES.update(saved)


def train(run: Run, theta: np.ndarray, opt: Optimizer) -> RunResult:
    """Train as :func:`sgd_lib.training.loop.train` does and return the same :class:`RunResult`."""
    ledger, features, targets = Ledger(run, theta), run.features, run.targets
    batch, per_epoch = int(ledger.sizes[0]), len(ledger.sizes)
    reference = _reference_line(features, targets, theta) if theta.size == 2 and not PIECES["rows"] else None
    line = reference is not None and rule_of(opt, theta.size) is not None
    table = _line_table(features, targets, reference) if line and reference is not None else None
    per_block = max(1, min(run.epochs, PIECES["numbers"] // (per_epoch * batch)))  # epochs prepared at once
    per_run = per_epoch if run.callbacks else per_block * per_epoch  # callbacks may look at (or change) opt
    path = theta.tolist() if run.record_updates else None  # flat: p numbers per update
    last_rate = None
    for first in range(0, run.epochs, per_block):
        index = _orders(run, min(per_block, run.epochs - first), batch)
        stats = _line_stats(table, index, ledger.sizes) if table is not None else None
        for part in (slice(start, start + per_run) for start in range(0, len(index), per_run)):
            rule = rule_of(opt, theta.size)  # the optimizer as it stands now
            if stats is not None and reference is not None and rule is not None:
                theta, losses, ends, rate = _descend_line(stats[:, part], reference, ledger, opt, rule, theta, path)
            else:
                theta, losses, ends, rate = _descend(features, targets, index[part], ledger, opt, rule, theta, path)
            last_rate = rate if rate is not None else last_rate
            if not ledger.book(losses, np.array(ends).reshape(-1, theta.size)):
                return ledger.result(theta, _path(path, theta.size), last_rate)
    return ledger.result(theta, _path(path, theta.size), last_rate)


def _path(path: list[float] | None, size: int) -> np.ndarray | None:
    return None if path is None else np.array(path).reshape(-1, size)


def _orders(run: Run, epochs: int, batch: int) -> np.ndarray:
    """The sample indices of the batches of ``epochs`` epochs (:func:`~sgd_lib.data.epoch_orders`), shape
    (epochs * batches, batch): a short last batch of an epoch is padded with ``n`` (one past the data),
    which stands for a row of zeros."""
    n = len(run.targets)
    index = np.full((epochs, -(-n // batch) * batch), n, dtype=np.intp)
    epoch_orders(run.rng, epochs, n, run.shuffle, out=index[:, :n])
    return index.reshape(-1, batch)


def _descend(
    features: np.ndarray,
    targets: np.ndarray,
    index: np.ndarray,
    ledger: Ledger,
    opt: Optimizer,
    rule: Rule | None,
    theta: np.ndarray,
    path: list[float] | None,
) -> tuple[np.ndarray, list[float], list[float], float | None]:
    """:func:`~sgd_lib.training.loop.run_epoch` for the batches of ``index``, epoch after epoch, on rows
    gathered a few batches at a time; with the optimizer's ``rule``, or its ``step`` where it has none.

    Returns (theta, the batch losses up to one that diverged, the parameters after each epoch, flat,
    the learning rate of the last update or None).
    """
    d, batch, sizes = features.shape[1], index.shape[1], ledger.sizes
    sums = np.empty(d + 2)  # per batch: the sums of e x_j (each feature), of e and of e**2, for residuals e
    grad, grad_w, e_sums = sums[:-1], sums[:d], sums[d:]
    ones = {size: np.ones((2, int(size))) for size in {sizes[0], sizes[-1]}}  # a row of ones, a row for e
    slots = [
        (int(size), ones[size], ones[size][1], 2.0 / size, k == len(sizes) - 1) for k, size in enumerate(sizes.tolist())
    ]
    done, state = (rule.done, rule.slots) if rule is not None else (0, ())
    steps = rates(rule.schedule, done, len(index)) if rule is not None else []
    theta, losses, ends, rate, updates = theta.copy(), [], [], None, 0
    w, b = theta[:-1], theta[-1:]  # views: theta is updated in place
    for first, batches in _gathered(features, targets, index):
        for (xb, yb), (m, ones_e, e, scale, epoch_ends) in zip(batches, islice(cycle(slots), first % len(slots), None)):
            xb, yb = (xb[:m], yb[:m]) if m < batch else (xb, yb)  # a short batch: the first m rows of its slot
            np.dot(xb, w, out=e)  # the residuals x w + b - y of the batch
            np.subtract(e, yb, out=e)
            np.add(e, b, out=e)
            np.dot(ones_e, e, out=e_sums)  # the sums of e and of e**2
            losses.append(e_sums.item(1) / m)
            if ledger.diverges(losses[-1]):
                ends += theta.tolist()
                return theta, losses, ends, _finish(opt, rule, updates, state, steps, rate)
            np.dot(e, xb, out=grad_w)
            grad *= scale
            if rule is None:
                rate = opt.learning_rate
                theta[:] = opt.step(theta, grad)
            else:
                change, state = rule.update(done + updates, steps[updates], grad, np.sqrt, state)
                np.subtract(theta, change, out=theta)
            updates += 1
            if path is not None:
                path += theta.tolist()
            if epoch_ends:
                ends += theta.tolist()
    return theta, losses, ends, _finish(opt, rule, updates, state, steps, rate)


def _finish(
    opt: Optimizer, rule: Rule | None, updates: int, state: tuple, steps: list[float], rate: float | None
) -> float | None:
    """Leave the optimizer as the updates left it; the learning rate of the last update (or None)."""
    if rule is None:
        return rate
    keep(opt, rule, updates, state)
    return steps[updates - 1] if updates else None


def _gathered(features: np.ndarray, targets: np.ndarray, index: np.ndarray) -> Iterator[tuple[int, list]]:
    """Yield (number of the first batch, the rows and targets of each batch) a few batches at a time,
    gathered in one call into a block that is reused, small enough to stay in the processor's cache."""
    d, batch = features.shape[1], index.shape[1]
    step = max(1, min(len(index), PIECES["gathered"] // ((d + 1) * batch)))  # batches per block
    rows, values = np.empty((step * batch, d)), np.empty(step * batch)
    batches = [(rows[i : i + batch], values[i : i + batch]) for i in range(0, len(rows), batch)]
    for first in range(0, len(index), step):
        chunk = index[first : first + step].ravel()
        np.take(features, chunk, axis=0, out=rows[: len(chunk)], mode="clip")  # padding (index n) reads a row, unused
        np.take(targets, chunk, out=values[: len(chunk)], mode="clip")
        yield first, batches[: len(chunk) // batch]


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


def _line_table(features: np.ndarray, targets: np.ndarray, reference: tuple[float, float, float]) -> np.ndarray:
    """Per sample x², x, xr, r, r² (x centered, r the residual of the reference line), and a column of zeros
    that padded batches read."""
    n, x, y = len(targets), features[:, 0], targets
    w0, b0, c = reference
    xr1 = np.zeros((3, n + 1))  # x - c, r and 1 for each sample; the last column, zeros, pads batches
    xc = x - c
    xr1[0, :n], xr1[1, :n], xr1[2, :n] = xc, (y - (b0 + w0 * c)) - w0 * xc, 1.0  # r without large terms
    return xr1[[0, 0, 0, 1, 1]] * xr1[[0, 2, 1, 2, 1]]


def _line_stats(table: np.ndarray, index: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """For the batches of ``index``: the means of x², x, xr, r, r² (five rows, one value per batch)."""
    step = max(1, PIECES["numbers"] // (5 * index.shape[1]))  # batches gathered at once
    ones = np.ones(index.shape[1])
    sums = np.hstack([table.take(index[i : i + step], axis=1) @ ones for i in range(0, len(index), step)])
    return (sums.reshape(5, -1, len(sizes)) / sizes).reshape(5, -1)


def _descend_line(
    columns: np.ndarray,
    reference: tuple[float, float, float],
    ledger: Ledger,
    opt: Optimizer,
    rule: Rule,
    theta: np.ndarray,
    path: list[float] | None,
) -> tuple[np.ndarray, list[float], list[float], float | None]:
    """The same for one feature, on Python floats, with the optimizer's rule.

    A batch is its mean x², x, xr, r, r² (a column of ``columns``, read as Python floats one at a time
    through memoryviews, which is faster than making lists of them). The loop runs on (w - w0, b - b0):
    the loss and the gradient are computed from the offsets, and the rule's change is subtracted from w and b.
    """
    w0, b0, c = reference
    p0 = b0 + w0 * c  # the reference line at the center c of x
    w, b = float(theta[0]), float(theta[1])
    w_slots, b_slots = tuple(float(s[0]) for s in rule.slots), tuple(float(s[1]) for s in rule.slots)
    update, sqrt, limit, diverged = rule.update, math.sqrt, ledger.run.limit, False
    steps = rates(rule.schedule, rule.done, columns.shape[1])
    last = [False] * (len(ledger.sizes) - 1) + [True]  # the last batch of an epoch
    losses: list[float] = []
    ends: list[float] = []
    append = losses.append
    for xx, x, xr, r, rr, rate, end, t in zip(
        *[memoryview(row) for row in columns], steps, cycle(last), count(rule.done)
    ):
        # the slope and the value at c, relative to the reference line (b + w c: no large terms that cancel)
        dw, a = w - w0, (b + w * c) - p0
        ex = dw * xx + a * x - xr  # mean of e * (x - c), with e = dw (x - c) + a - r
        e1 = dw * x + a - r  # mean of e
        loss = dw * (ex - xr) + a * (e1 - r) + rr  # mean of e**2
        append(loss)
        if not loss <= limit:  # ledger.diverges(loss), written out: this loop runs once per update
            ends += (w, b)
            diverged = True
            break
        change_w, w_slots = update(t, rate, 2.0 * (ex + c * e1), sqrt, w_slots)
        change_b, b_slots = update(t, rate, 2.0 * e1, sqrt, b_slots)
        w, b = w - change_w, b - change_b
        if path is not None:
            path += (w, b)
        if end:
            ends += (w, b)
    updates = len(losses) - diverged
    keep(opt, rule, updates, tuple(np.array(pair) for pair in zip(w_slots, b_slots, strict=True)))
    return np.array([w, b]), losses, ends, steps[updates - 1] if updates else None
