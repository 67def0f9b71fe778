"""Input validation shared by every module.

Each check names the parameter it looks at and says what was expected, in the
style of scikit-learn's parameter validation, so a learner who passes the wrong
thing reads one clear sentence instead of a NumPy traceback.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np

T = TypeVar("T")

#: The largest magnitude accepted in data and parameters: its square, 1e300, still fits in a float.
LARGEST = 1e150
#: The most samples, features or updates a call may ask for (beyond, memory or time would run out).
MOST = 100_000_000
#: From this many numbers on, a long sum or product is split across two threads (see :func:`in_halves`).
TWO_THREADS = 1 << 20
#: Numbers per dot product in :func:`sum_of_squares`: OpenBLAS keeps one of up to 10,000 numbers on the calling thread.
PIECE = 8192


def sum_of_squares(values: np.ndarray) -> float:
    """The sum of the squares of a float64 array, without waking BLAS's threads (inf when too large).

    NumPy hands one long dot product to BLAS, which splits it across threads; the second one
    then keeps spinning, a processor busy, for about 0.1 s after the call, time that
    ``fit``'s training (which follows, and gathers rows on a second thread) needs. Dot
    products of :data:`PIECE` numbers each stay on the thread that calls them; a long array
    is summed in two halves on two threads (:func:`in_halves`), which end when they are done.
    """
    flat = values.reshape(-1)
    whole = flat.size - flat.size % PIECE
    rest = flat[whole:]
    pieces = flat[:whole].reshape(-1, PIECE)
    return float(rest @ rest) + sum(in_halves(lambda part: float(np.vecdot(pieces[part], pieces[part]).sum()), pieces))


def in_halves(work: Callable[[slice], T], rows: np.ndarray) -> list[T]:
    """``[work(all rows)]``, or ``[work(first half), work(second half)]`` of the rows of ``rows``, the
    second half on a thread of its own, when ``rows`` holds many numbers and there is a second
    processor (NumPy's loops run without Python's global lock, so the halves run at the same time)."""
    if rows.size < TWO_THREADS or processors() < 2:
        return [work(slice(0, len(rows)))]
    half = slice(0, len(rows) // 2), slice(len(rows) // 2, len(rows))
    settings = np.geterr()  # NumPy's error settings belong to a thread: the helper takes the caller's

    def second_half() -> T:
        with np.errstate(**settings):
            return work(half[1])

    with ThreadPoolExecutor(1) as helper:
        second = helper.submit(second_half)
        return [work(half[0]), second.result()]


def processors() -> int:
    """The number of processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _as_float_array(value: object, name: str) -> np.ndarray:
    """``value`` as a float64 array (not copied when it already is one), or a readable error."""
    return _float_array(value, name)[0]


def _float_array(value: object, name: str) -> tuple[np.ndarray, float | None]:
    """:func:`_as_float_array`, and the sum of the squares of its values where the check computed it (else None)."""
    if type(value) is np.ndarray and value.dtype == np.float64 and value.size and value.flags.c_contiguous:
        with np.errstate(over="ignore", invalid="ignore"):  # the usual case, checked in one pass
            squares = sum_of_squares(value)
        if squares <= LARGEST * LARGEST:
            return value, squares
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except ValueError:  # NumPy's "inhomogeneous shape": rows of different lengths
        raise ValueError(f"{name} must be a rectangular array: its rows have different lengths") from None
    if array.dtype == bool or not (
        np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)
    ):
        raise TypeError(
            f"{name} must hold real numbers (int or float), got an array of dtype {array.dtype}"
        )
    array = array.astype(np.float64, copy=False)
    if array.size == 0:
        raise ValueError(f"{name} is empty: it needs at least one value")
    if array.flags.c_contiguous:  # one pass: a finite sum of squares up to LARGEST**2 clears all the values
        with np.errstate(over="ignore", invalid="ignore"):
            squares = sum_of_squares(array)
        if squares <= LARGEST * LARGEST:
            return array, squares
    high, low = float(array.max()), float(array.min())  # NaN and inf show here, with no temporary array
    if not (np.isfinite(high) and np.isfinite(low)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s): clean the data first")
    if max(high, -low) > LARGEST:
        raise ValueError(f"{name} holds values as large as {max(high, -low):.3g}: beyond {LARGEST:.0e} their squares "
                         "overflow; rescale them (for instance with standardize) first")
    return array, None


def check_features(x: object, name: str = "x") -> np.ndarray:
    """Return ``x`` as a finite float64 matrix of shape ``(n_samples, n_features)``.

    A 1-D array of length n is read as n samples of one feature.
    """
    return _features(x, name)[0]


def _features(x: object, name: str) -> tuple[np.ndarray, float | None]:
    """:func:`check_features`, and the sum of the squares of the values where the check computed it (else None)."""
    array, squares = _float_array(x, name)
    if array.ndim == 1:
        array = array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 1-D (n_samples,) or 2-D (n_samples, n_features), got shape {array.shape}"
        )
    return array, squares


def check_targets(y: object, name: str = "y") -> np.ndarray:
    """Return ``y`` as a finite float64 vector of shape ``(n_samples,)``.

    A column of shape ``(n, 1)`` is accepted and flattened.
    """
    array = _as_float_array(y, name)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (n_samples,) or a column (n_samples, 1), got shape {array.shape}")
    return array


def check_xy(x: object, y: object, x_name: str = "x", y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """Validate a feature matrix and a target vector of the same length."""
    features, targets, _ = check_data(x, y, x_name, y_name)
    return features, targets


def check_data(
    x: object, y: object, x_name: str = "x", y_name: str = "y"
) -> tuple[np.ndarray, np.ndarray, float | None]:
    """:func:`check_xy`, and the sum of the squares of the features where the check computed it (else None)."""
    features, squares = _features(x, x_name)
    targets = check_targets(y, y_name)
    if features.shape[0] != targets.shape[0]:
        raise ValueError(
            f"{x_name} has {features.shape[0]} samples but {y_name} has {targets.shape[0]}: "
            "pass one target per input"
        )
    return features, targets, squares


def check_positive_int(value: object, name: str, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int, requiring ``minimum <= value`` (and ``value <= maximum``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, got {value:,}")
    return int(value)


def check_positive_float(value: object, name: str) -> float:
    """Return ``value`` as a float, requiring a finite number > 0."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def check_fraction(value: object, name: str, low: float, high: float, include_high: bool = False) -> float:
    """Return ``value`` as a float in ``[low, high)`` (or ``[low, high]``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in [{low}, {high}{']' if include_high else ')'}, got {value!r}")
    value = float(value)
    inside = low <= value <= high if include_high else low <= value < high
    if not inside:
        raise ValueError(f"{name} must be in [{low}, {high}{']' if include_high else ')'}, got {value}")
    return value


def check_rng(seed: object, name: str = "seed") -> np.random.Generator:
    """The random generator a ``seed`` stands for: an int seeds a new one, a Generator is used as it is
    (so that successive calls continue one sequence), None draws fresh entropy."""
    if type(seed) is int and seed >= 0:  # the usual case, without the slower checks below
        return np.random.default_rng(seed)
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{name} must be an int >= 0, a numpy.random.Generator or None, got {seed!r}")
    return np.random.default_rng(check_positive_int(seed, name, minimum=0))


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is True or False (NumPy's too); anything else is refused by name."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {value!r}")


def check_number(value: object, name: str, *, low: float = -np.inf, high: float = np.inf) -> float:
    """Return ``value`` as a finite float in ``[low, high]``; strings, bools, complex and NaN are refused."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name} must be a finite number in [{low:g}, {high:g}], got {value}")
    return value


def check_params(params: object, n_features: int, name: str = "params") -> np.ndarray:
    """``params`` as a float array of shape (n_features + 1,) or (k, n_features + 1): weights, then the bias."""
    width = n_features + 1
    theta = _as_float_array(params, name)
    if theta.ndim not in (1, 2) or theta.shape[-1] != width:
        raise ValueError(f"{name} must have shape ({width},) or (k, {width}): weights then bias, got {theta.shape}")
    return theta


def check_finite(value: object, what: str) -> object:
    """Return ``value`` if all of it is finite; otherwise say in words that ``what`` overflowed."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{what} overflows a float: the numbers involved are too large; rescale them first")
    return value
