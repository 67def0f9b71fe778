"""The original in TensorFlow.js: its log, a float32 replay of its ``fit``, and numbers as JavaScript writes them.

Notebook 04 shows what the original logs on its raw data when run in TF.js (with the ``compile`` line
it leaves out), and replays that run in NumPy to show where each number comes from:

- :func:`original_log` reads the log that TF.js itself wrote (``tfjs_original_log.json`` beside this
  module, made by ``tests/tfjs/original.js``; ``tests/test_tfjs_original_log.py`` makes it again with
  TF.js and compares): the start TF.js drew, every epoch's log line, every batch's loss and the order in
  which ``fit`` visited the samples in every epoch.
- :func:`replay_fit` runs TF.js's ``model.fit`` for the line ``w * x + b`` with every operation in
  float32, in TF.js's order of operations: per batch its loss before the update, the gradient as
  TF.js's automatic differentiation forms it, and ``tf.train.sgd``'s update. A float32 number that
  grows too large becomes ``inf``, and ``inf - inf`` becomes ``nan``, as in TF.js.
- :func:`js_number` and :func:`js_precision` write a number the way JavaScript's ``String(value)``
  and ``value.toPrecision(digits)`` do (``Infinity``, ``NaN``, ``16838020``, ``1.2e+23``);
  :func:`side_by_side` writes TF.js's log lines beside the replay's numbers.

:func:`sgd_lib.fit` computes in float64 and stops a run that diverges; this module is for showing
what TF.js does instead, not for training.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from pathlib import Path

import numpy as np

from .checks import MOST, check_array, check_int, check_number, check_pair, check_rng, check_sequence, check_xy, shown
from .data import epoch_orders

__all__ = [
    "OriginalLog",
    "Replay",
    "epoch_line",
    "js_number",
    "js_precision",
    "original_log",
    "replay_fit",
    "side_by_side",
]

#: The log that TF.js 4 wrote for the original (tests/tfjs/original.js makes it).
LOG_FILE = Path(__file__).resolve().parent / "tfjs_original_log.json"


# --- Numbers as JavaScript writes them -------------------------------------------------------------


def _digits(value: float) -> tuple[str, int]:
    """The shortest decimal digits that give ``value`` back (> 0, finite), and n: value = 0.digits × 10**n."""
    _, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).lstrip("0") or "0"
    shift = len("".join(map(str, digits))) - len(text)  # leading zeros dropped (as in 0.001)
    stripped = text.rstrip("0") or "0"
    return stripped, len(digits) - shift + int(exponent)


def _special(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    return None


def js_number(value: object) -> str:
    """``value`` as JavaScript's ``String(value)`` writes it: the shortest digits that give the number
    back, in full from 1e-6 up to 1e21 (``16838020``, ``0.000001``), in exponent form outside
    (``1.2e+23``, ``1e-7``); ``Infinity``, ``-Infinity``, ``NaN``; 0 for both zeros.

    Parameters
    ----------
    value : float
        Any real number (a NumPy float32 is written as the double it converts to, as TF.js does
        when it hands a tensor's value to JavaScript).
    """
    value = _real(value)
    if (special := _special(value)) is not None:
        return special
    if value < 0:
        return "-" + js_number(-value)
    digits, n = _digits(value)
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return f"{digits[:n]}.{digits[n:]}"
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    mantissa = digits if k == 1 else f"{digits[0]}.{digits[1:]}"
    return f"{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"


def js_precision(value: object, digits: int) -> str:
    """``value`` as JavaScript's ``value.toPrecision(digits)`` writes it: rounded to ``digits``
    significant digits, in exponent form when the exponent is below -6 or at least ``digits``
    (``1.7e+7``, ``0.0015``); ``Infinity`` and ``NaN`` as they are.
    """
    value = _real(value)
    digits = check_int(digits, "digits", maximum=100)
    if math.isnan(value) or math.isinf(value):
        return str(_special(value))
    sign, value = ("-", -value) if value < 0 else ("", value)
    if value == 0:
        return sign + ("0" if digits == 1 else "0." + "0" * (digits - 1))
    # Round half up on the exact decimal value of the double, as the specification asks (a double has at most
    # 767 significant decimal digits, so with 800 no step before the rounding rounds).
    with localcontext() as context:
        context.prec = 800
        exact = Decimal(value)
        exponent = exact.adjusted()
        rounded = exact.scaleb(-exponent).quantize(Decimal(1).scaleb(1 - digits), rounding="ROUND_HALF_UP")
        if rounded >= 10:  # 9.99 to two digits is 10: one more power of ten
            exponent += 1
            rounded = (rounded / 10).quantize(Decimal(1).scaleb(1 - digits), rounding="ROUND_HALF_UP")
    mantissa = format(rounded, "f").replace(".", "")
    if exponent < -6 or exponent >= digits:
        body = mantissa if digits == 1 else f"{mantissa[0]}.{mantissa[1:]}"
        return f"{sign}{body}e{'+' if exponent >= 0 else '-'}{abs(exponent)}"
    if exponent >= 0:
        whole = mantissa[: exponent + 1]
        rest = mantissa[exponent + 1 :]
        return sign + whole + (f".{rest}" if rest else "")
    return f"{sign}0.{'0' * (-exponent - 1)}{mantissa}"


def epoch_line(epoch: int, loss: object) -> str:
    """The original's log line, ``console.log(`Epoch ${epoch}: loss = ${log.loss}`)``."""
    return f"Epoch {check_int(epoch, 'epoch', minimum=0)}: loss = {js_number(_real(loss, 'loss'))}"


def _real(value: object, name: str = "value") -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    return float(value)


# --- The float32 replay of TF.js's fit -------------------------------------------------------------


@dataclass(frozen=True)
class Replay:
    """What :func:`replay_fit` computed, in float32.

    Attributes
    ----------
    epoch_loss : numpy.ndarray, shape (epochs,)
        The logged loss of each epoch: the size-weighted mean of its batch losses.
    batch_loss : numpy.ndarray, shape (epochs, batches)
        Each batch's loss, before that batch's update.
    params : numpy.ndarray, shape (epochs, batches, 2)
        (w, b) after each batch's update.
    """

    epoch_loss: np.ndarray
    batch_loss: np.ndarray
    params: np.ndarray


def replay_fit(
    x: object,
    y: object,
    start: Sequence[float],
    *,
    learning_rate: float,
    epochs: int,
    batch_size: int = 32,
    orders: Sequence[Sequence[int]] | None = None,
    seed: int | np.random.Generator | None = 0,
) -> Replay:
    """TF.js's ``model.fit`` with ``tf.train.sgd`` for the line ``w * x + b``, every operation in float32.

    Each epoch visits the samples in an order (``orders[epoch]``, such as TF.js's own from
    :func:`original_log`, or else a permutation drawn from ``seed``) cut into batches of
    ``batch_size``. Per batch of n samples, as TF.js computes it: the error ``e = x * w + b - y``,
    the batch loss ``sum(e * e) / n`` before the update, the gradient of each prediction
    ``d = (1 / n) * (2 * e)``, ``g_w = sum(x * d)``, ``g_b = sum(d)``, and the update
    ``w = -lr * g_w + w``, ``b = -lr * g_b + b``. Every operation rounds to float32; the sums, as
    TF.js's CPU backend forms them, add in 64-bit and round once. The epoch's logged loss sums each
    batch loss times its size and divides by the number of samples, in float32 too. From the start and
    the orders of :func:`original_log` this gives every number TF.js logged, digit for digit.

    Parameters
    ----------
    x, y : array-like
        One feature and the targets (1-D, the same length).
    start : (float, float)
        The starting weight and bias.
    learning_rate, epochs, batch_size
        As ``tf.train.sgd(learning_rate)`` and ``model.fit(..., {epochs, batchSize})`` take them.
    orders : sequence of permutations, optional
        The order of the samples in each epoch (at least ``epochs`` of them).
    seed : int, numpy.random.Generator or None
        Seed of the shuffles when ``orders`` is not given.

    Returns a :class:`Replay`.
    """
    features, targets = check_xy(x, y)
    if features.shape[1] != 1:
        raise ValueError(f"x must hold one feature, got {features.shape[1]}")
    f32, largest = np.float32, float(np.finfo(np.float32).max)
    xs = check_array(features[:, 0], "x", low=-largest, high=largest).astype(f32)  # float32, as in TF.js
    ys = check_array(targets, "y", low=-largest, high=largest).astype(f32)
    w, b = map(f32, check_pair(start, "start", low=-largest, high=largest))
    minus_rate = f32(-check_number(learning_rate, "learning_rate", low=0.0, high=largest, low_open=True))
    n = len(ys)
    epochs, batch_size = check_int(epochs, "epochs", maximum=max(1, MOST // n)), check_int(batch_size, "batch_size")
    visits = _orders(orders, n, epochs, seed)
    epoch_loss, batch_loss, params = [], [], []
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is the point: inf, then nan
        for order in visits:
            loss, losses, after = _replay_epoch(xs, ys, (w, b), minus_rate, order, batch_size)
            w, b = after[-1]
            epoch_loss.append(loss)
            batch_loss.append(losses)
            params.append(after)
    return Replay(np.array(epoch_loss, dtype=f32), np.array(batch_loss, dtype=f32), np.array(params, dtype=f32))


def _replay_epoch(
    xs: np.ndarray,
    ys: np.ndarray,
    line: tuple[np.float32, np.float32],
    minus_rate: np.float32,
    order: np.ndarray,
    batch_size: int,
) -> tuple[np.float32, list[np.float32], list[tuple[np.float32, np.float32]]]:
    """One epoch of :func:`replay_fit`: its logged loss, its batch losses and (w, b) after each batch."""
    f32 = np.float32
    (w, b), n = line, len(ys)
    total, losses, after = f32(0), [], []
    for start_row in range(0, n, batch_size):
        rows = order[start_row : start_row + batch_size]
        size = f32(len(rows))
        error = xs[rows] * w + b - ys[rows]
        losses.append(_sum(error * error) / size)
        total += losses[-1] * size
        slope = (f32(1) / size) * (f32(2) * error)  # the loss's gradient with respect to each prediction
        grad_w, grad_b = _sum(xs[rows].astype(np.float64) * slope), _sum(slope)
        w, b = minus_rate * grad_w + w, minus_rate * grad_b + b
        after.append((w, b))
    return total / f32(n), losses, after


def _sum(values: np.ndarray) -> np.float32:
    """A sum as TF.js's CPU backend forms it: added in JavaScript's 64-bit numbers, stored as float32."""
    return np.float32(np.sum(values, dtype=np.float64))


def _orders(orders: Sequence[Sequence[int]] | None, n: int, epochs: int, seed: object) -> list[np.ndarray]:
    """The visiting order of each epoch: the given permutations, checked, or fresh ones from ``seed``."""
    if orders is None:
        rng = check_rng(seed)
        return list(epoch_orders(rng, epochs, n))  # the draws of fit's shuffle
    check_sequence(orders, "orders", "permutations, one per epoch, or None")
    if len(orders) < epochs:
        raise ValueError(f"orders holds {len(orders)} epochs' orders, fewer than epochs={epochs}")
    result = []
    for epoch, order in enumerate(orders[:epochs]):
        visit = np.asarray(order)
        if visit.shape != (n,) or not np.array_equal(np.sort(visit), np.arange(n)):
            raise ValueError(f"orders[{epoch}] must be a permutation of 0..{n - 1}")
        result.append(visit)
    return result


# --- The log TF.js wrote -------------------------------------------------------------------------


@dataclass(frozen=True)
class OriginalLog:
    """What TF.js logged for the original on its raw data, with the compile line added.

    Attributes
    ----------
    tfjs : str
        The version of TF.js that ran it; ``backend`` the backend (``"cpu"``: pure JavaScript, float32).
    random_seed : int
        The seed of the generator that replaced ``Math.random`` so that the run repeats (TF.js seeds
        its own generators, for the starting weight and for the shuffles, from ``Math.random``).
    start : (float, float)
        The weight and bias TF.js started from (it drew the weight itself).
    lines : tuple of str
        The original's log, one ``Epoch k: loss = ...`` line per epoch, as JavaScript printed it.
    batch_loss : tuple of tuples of str
        Each batch's loss, per epoch, as JavaScript writes the numbers.
    shuffles : tuple of numpy.ndarray
        The order in which ``fit`` visited the 99 samples in each epoch.
    """

    tfjs: str
    backend: str
    random_seed: int
    start: tuple[float, float]
    lines: tuple[str, ...]
    batch_loss: tuple[tuple[str, ...], ...]
    shuffles: tuple[np.ndarray, ...]

    @property
    def epoch_loss(self) -> np.ndarray:
        """The logged loss of each epoch as a float (``Infinity`` and ``NaN`` as inf and nan)."""
        return np.array([float(line.rsplit(" = ", 1)[1]) for line in self.lines])


def original_log(path: str | Path | None = None) -> OriginalLog:
    """The log TF.js wrote for the original (``tfjs_original_log.json`` beside this module, or ``path``)."""
    if path is not None and not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a file's path (a str or a Path) or None, got {shown(path)}")
    record = json.loads(Path(path or LOG_FILE).read_text(encoding="utf-8"))
    return OriginalLog(
        tfjs=record["tfjs"],
        backend=record["backend"],
        random_seed=int(record["randomSeed"]),
        start=(float(record["start"]["weight"]), float(record["start"]["bias"])),
        lines=tuple(record["log"]),
        batch_loss=tuple(tuple(epoch) for epoch in record["batchLoss"]),
        shuffles=tuple(np.array(order, dtype=int) for order in record["shuffles"]),
    )


def side_by_side(log: OriginalLog, replay: Replay, epochs: Sequence[int]) -> str:
    """TF.js's log line of each epoch in ``epochs`` beside the replay's epoch loss and batch losses.

    One line per epoch, ``TF.js: Epoch 3: loss = NaN | replay: NaN | batches: Infinity, Infinity, Infinity, NaN``,
    every number written as JavaScript writes it (the batch losses to two digits).
    """
    if not isinstance(log, OriginalLog):
        raise TypeError(f"log must be the OriginalLog that original_log() reads, got {shown(log)}")
    if not isinstance(replay, Replay):
        raise TypeError(f"replay must be the Replay that replay_fit() returns, got {shown(replay)}")
    check_sequence(epochs, "epochs", "epoch numbers")
    rows, last = [], min(len(log.lines), len(replay.epoch_loss)) - 1
    for i, epoch in enumerate(epochs):
        epoch = check_int(epoch, f"epochs[{i}]", minimum=0, maximum=last)
        batches = ", ".join(js_precision(loss, 2) for loss in replay.batch_loss[epoch])
        rows.append((log.lines[epoch], js_number(replay.epoch_loss[epoch]), batches))
    wide = max((len(line) for line, _, _ in rows), default=0), max((len(loss) for _, loss, _ in rows), default=0)
    return "\n".join(
        f"TF.js: {line:<{wide[0]}} | replay: {loss:<{wide[1]}} | batches: {batches}" for line, loss, batches in rows
    )
