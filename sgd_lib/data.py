"""Step 1 of the original: the data.

The original builds its data with ``tf.range(1, 100, 1)`` and ``xs.square()``
(:func:`make_original_data`). This module makes that data set (and others like it),
standardizes it reversibly, splits it and serves it in mini-batches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .checks import (
    LARGEST,
    MOST,
    check_array,
    check_bool,
    check_callable,
    check_features,
    check_finite,
    check_int,
    check_number,
    check_positive,
    check_rng,
    check_xy,
)


def make_data(
    start: float = 1.0, stop: float = 100.0, step: float = 1.0, func: Callable[[np.ndarray], np.ndarray] = np.square
) -> tuple[np.ndarray, np.ndarray]:
    """Float64 inputs ``x = start, start + step, ...`` and targets ``func(x)`` (the original: the square).

    Like ``tf.range(start, stop, step)`` and ``np.arange``, ``stop`` is not included.
    """
    start = check_number(start, "start", low=-LARGEST, high=LARGEST)
    stop = check_number(stop, "stop", low=-LARGEST, high=LARGEST)
    step = check_positive(step, "step")
    if stop <= start:
        raise ValueError(f"stop must be greater than start to give any data, got start={start}, stop={stop}")
    if (stop - start) / step > MOST:
        raise ValueError(f"step {step:g} from start {start:g} to stop {stop:g} would make more than {MOST:,} points")
    check_callable(func, "func", "a function of the inputs, such as np.square")
    x = np.arange(start, stop, step, dtype=np.float64)
    with np.errstate(all="ignore"):
        try:
            values = func(x)
        except Exception as error:  # the caller's function: say which argument failed
            raise ValueError(f"func failed on the inputs: {type(error).__name__}: {error}") from None
    y = check_array(values, "func(x)")
    if y.shape != x.shape:
        raise ValueError(f"func must return one value per input (shape {x.shape}), got shape {y.shape}")
    return x, y


def make_original_data() -> tuple[np.ndarray, np.ndarray]:
    """The original's data set: x = 1, 2, ..., 99 and y = x**2 (``tf.range(1, 100, 1)`` stops *before* 100)."""
    return make_data(1.0, 100.0, 1.0, np.square)


@dataclass
class Standardizer:
    """Rescale values to mean 0 and standard deviation 1, and back.

    ``z = (v - mean) / scale``, with ``mean`` and ``scale`` (the population standard
    deviation) learned by :meth:`fit` from the training data. A constant column gets
    scale 1 so that nothing is divided by zero.

    Examples
    --------
    >>> s = Standardizer().fit([1.0, 2.0, 3.0])
    >>> s.transform([2.0])
    array([0.])
    >>> s.inverse_transform(s.transform([3.0]))
    array([3.])
    """

    mean: np.ndarray | None = None
    scale: np.ndarray | None = None

    def fit(self, values: object, name: str = "values") -> Standardizer:
        """Learn the mean and standard deviation of ``values`` (1-D, or 2-D by column)."""
        array = self._check(values, name)
        self.mean = array.mean(axis=0)
        std = array.std(axis=0)
        # Test constancy on the values themselves: the std of a constant column such as
        # [0.1, 0.1, 0.1] is a rounding residue (~1e-17), not 0.
        constant = np.ptp(array, axis=0) == 0
        self.scale = np.where(constant | (std == 0), 1.0, std)
        return self

    def transform(self, values: object, name: str = "values") -> np.ndarray:
        """Standardize ``values`` with the learned mean and scale."""
        self._require_fit()
        return (self._check_columns(values, name) - self.mean) / self.scale

    def inverse_transform(self, values: object, name: str = "values") -> np.ndarray:
        """Map standardized ``values`` back to the original units."""
        self._require_fit()
        return self._check_columns(values, name) * self.scale + self.mean

    def fit_transform(self, values: object, name: str = "values") -> np.ndarray:
        """:meth:`fit` then :meth:`transform` the same values."""
        return self.fit(values, name).transform(values, name)

    def _require_fit(self) -> None:
        if self.mean is None or self.scale is None:
            raise RuntimeError("this Standardizer is not fitted yet: call fit(values) first")

    def _check_columns(self, values: object, name: str) -> np.ndarray:
        array = self._check(values, name)
        expected, got = int(np.size(self.mean)), (array.shape[1] if array.ndim == 2 else 1)  # type: ignore[arg-type]
        if got != expected:
            raise ValueError(f"{name} has {got} column(s) but this Standardizer was fitted on {expected}")
        return array

    @staticmethod
    def _check(values: object, name: str) -> np.ndarray:
        array = check_array(values, name)
        if array.ndim == 0:
            raise ValueError(f"{name} must be a 1-D or 2-D array of numbers, got a scalar")
        features = check_features(array, name)
        return features[:, 0] if array.ndim == 1 else features


def standardize(x: object, y: object) -> tuple[np.ndarray, np.ndarray, Standardizer, Standardizer]:
    """``x_std, y_std, x_scaler, y_scaler``: inputs and targets standardized (same shapes, ``y`` 1-D), and the
    two :class:`Standardizer` s; keep them: ``y_scaler.inverse_transform`` returns predictions to original units."""
    x_arr, y_arr = check_xy(x, y)
    if np.ndim(x) == 1:  # type: ignore[arg-type]
        x_arr = x_arr[:, 0]
    x_scaler = Standardizer().fit(x_arr, "x")
    y_scaler = Standardizer().fit(y_arr, "y")
    return x_scaler.transform(x_arr, "x"), y_scaler.transform(y_arr, "y"), x_scaler, y_scaler


def is_standardized(values: np.ndarray) -> bool:
    """Whether ``values`` have mean 0 and standard deviation 1 (up to rounding), as :func:`standardize` leaves them.

    Plots and explorers use it to say "(standardized)" on an axis.
    """
    return bool(np.isclose(values.mean(), 0.0, atol=1e-9) and np.isclose(values.std(), 1.0, rtol=1e-9))


def train_test_split(
    x: object, y: object, test_size: float = 0.2, seed: int | np.random.Generator | None = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``x_train, x_test, y_train, y_test``: the samples shuffled with ``seed`` (the same seed, the same
    split), and the fraction ``test_size`` (in (0, 1)) held out. ``x`` keeps its number of dimensions."""
    features, targets = check_xy(x, y)
    test_size = check_number(test_size, "test_size", low=0.0, high=1.0, low_open=True, high_open=True)
    n = len(targets)
    n_test = int(round(n * test_size))
    if n_test < 1 or n_test >= n:
        raise ValueError(
            f"test_size={test_size} leaves {n_test} of {n} samples for testing: need at least one on each side"
        )
    order = epoch_orders(check_rng(seed), 1, n)[0]
    test, train = order[:n_test], order[n_test:]
    if np.ndim(x) == 1:  # type: ignore[arg-type]
        features = features[:, 0]
    return features[train], features[test], targets[train], targets[test]


def batch_sizes(n_samples: int, batch_size: int) -> list[int]:
    """The sizes of the batches of one epoch, cut as :func:`batch_indices` describes.

    The one place batches are counted: :func:`batch_indices`, both engines of ``fit`` and its replay use it.
    """
    n_samples, batch_size = check_int(n_samples, "n_samples", maximum=MOST), check_int(batch_size, "batch_size")
    size = min(batch_size, n_samples)
    return [size] * (n_samples // size) + ([n_samples % size] if n_samples % size else [])


def epoch_orders(
    rng: np.random.Generator, epochs: int, n_samples: int, shuffle: bool = True, out: np.ndarray | None = None
) -> np.ndarray:
    """The order in which each of ``epochs`` epochs visits the samples, shape ``(epochs, n_samples)``
    (written into ``out``, an integer array of that shape, when given).

    Row k holds the draws of the k-th ``rng.permutation(n_samples)``, drawn in one call
    (``rng.permuted`` shuffles row after row with exactly those draws); without ``shuffle`` every
    row is ``0, 1, ..., n - 1`` and nothing is drawn. On checked arguments: the one place the
    orders are drawn, used by :func:`batch_indices`, both engines of ``fit`` and its replay.
    """
    orders = np.broadcast_to(np.arange(n_samples), (epochs, n_samples))
    if shuffle and n_samples < 4096:  # many short rows in one call
        return rng.permuted(orders, axis=1, out=out)
    if out is None:
        out = np.empty((epochs, n_samples), dtype=np.intp)
    out[...] = orders
    for row in out if shuffle else ():  # long rows one by one: rng.shuffle's swaps are faster (the same draws)
        rng.shuffle(row)
    return out


def batch_indices(
    n_samples: int, batch_size: int = 32, shuffle: bool = True, seed: int | np.random.Generator | None = 0
) -> list[np.ndarray]:
    """Split ``range(n_samples)`` into consecutive batches, after an optional shuffle.

    The last batch is smaller when ``batch_size`` does not divide ``n_samples``, and a batch
    larger than the data is all of it (TF.js and Keras do the same). Shuffling draws one
    permutation from ``seed``'s generator: pass the same ``numpy.random.Generator`` every epoch
    to get a new order each time, as :func:`~sgd_lib.fit` does.
    """
    n_samples = check_int(n_samples, "n_samples", maximum=MOST)
    batch_size = check_int(batch_size, "batch_size")
    order = epoch_orders(check_rng(seed), 1, n_samples, check_bool(shuffle, "shuffle"))[0]
    return np.split(order, np.cumsum(batch_sizes(n_samples, batch_size))[:-1])


def iterate_minibatches(
    x: object, y: object, batch_size: int = 32, shuffle: bool = True, seed: int | np.random.Generator | None = 0
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(x_batch, y_batch)`` pairs covering the data once (one epoch), in the batches of
    :func:`batch_indices`; batches of ``x`` are 2-D."""
    features, targets = check_xy(x, y)
    for index in batch_indices(len(targets), batch_size, shuffle, seed):
        yield features[index], targets[index]


def polynomial_features(x: object, degree: int = 2) -> np.ndarray:
    """The columns ``x, x**2, ..., x**degree`` (shape ``(n, degree)``) of one input feature ``x``."""
    features = check_features(x, "x")
    if features.shape[1] != 1:
        raise ValueError(f"x must hold one feature to expand, got {features.shape[1]} columns")
    degree = check_int(degree, "degree", maximum=100)
    with np.errstate(over="ignore"):
        powers = features ** np.arange(1, degree + 1)
    return check_finite(powers, f"x**{degree} (from x and degree)")
