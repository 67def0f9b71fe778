"""One way to check the arguments of a public function, used by every module.

Each check takes a value and the name of its parameter and returns the value in the form the
caller computes with (an int, a float, a float64 array), or raises: ``TypeError`` for a value
of the wrong kind, ``ValueError`` for one of the right kind outside what is allowed. Both say
``"<name> must be <what was expected>, got <value>"`` (or name the bad part of an array), so a
learner who passes the wrong thing reads one sentence instead of a NumPy traceback. No check
returns anything but the checked value.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

#: The largest magnitude accepted in data and parameters: its square, 1e300, still fits in a float.
LARGEST = 1e150
#: The most samples, features or updates a call may ask for (beyond, memory or time would run out).
MOST = 100_000_000


def shown(value: object) -> str:
    """``value`` as an error message quotes it: numbers plainly (``0.5``, not ``np.float64(0.5)``)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return repr(int(value))
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        return repr(float(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def interval(low: float, high: float, low_open: bool = False, high_open: bool = False) -> str:
    """The words for the numbers from ``low`` to ``high``: "a finite number > 0", "a number in [0, 1)"."""
    if math.isinf(low) and math.isinf(high):
        return "a finite number"
    if math.isinf(high):
        return f"a finite number {'>' if low_open else '>='} {low:g}"
    if math.isinf(low):
        return f"a finite number {'<' if high_open else '<='} {high:g}"
    return f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def is_real(value: object) -> bool:
    """Whether ``value`` is a real number (NumPy's too), not a bool; floats and ints are told first, cheaply."""
    if isinstance(value, float) or type(value) is int:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_int(value: object) -> bool:
    return type(value) is int or (isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)))


def check_int(value: object, name: str, *, minimum: int = 1, maximum: int | None = None, hint: str = "") -> int:
    """``value`` as an int, with ``minimum <= value`` (and ``value <= maximum``); ``hint`` says what set them."""
    if _is_int(value) and minimum <= value and (maximum is None or value <= maximum):  # type: ignore[operator]
        return int(value)  # type: ignore[call-overload]
    what = f"an integer >= {minimum}" if maximum is None else f"an integer in [{minimum:,}, {maximum:,}]"
    if not _is_int(value):
        raise TypeError(f"{name} must be {what}, got {shown(value)}")
    raise ValueError(f"{name} must be {what}, got {int(value):,}" + (f" ({hint})" if hint else ""))  # type: ignore[call-overload]


def check_number(
    value: object,
    name: str,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """``value`` as a finite float from ``low`` to ``high`` (either end excluded when ``*_open``)."""
    if not is_real(value):
        raise TypeError(f"{name} must be {interval(low, high, low_open, high_open)}, got {shown(value)}")
    number = float(value)  # type: ignore[arg-type]
    above = number > low if low_open else number >= low
    below = number < high if high_open else number <= high
    if not (math.isfinite(number) and above and below):
        raise ValueError(f"{name} must be {interval(low, high, low_open, high_open)}, got {shown(number)}")
    return number


def check_positive(value: object, name: str) -> float:
    """``value`` as a finite float > 0 (a learning rate, a step, an epsilon)."""
    return check_number(value, name, low=0.0, low_open=True)


def check_fraction(value: object, name: str) -> float:
    """``value`` as a float in [0, 1) (a momentum, a decay, a beta)."""
    return check_number(value, name, low=0.0, high=1.0, high_open=True)


def check_bool(value: object, name: str) -> bool:
    """``value`` if it is True or False (NumPy's too)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {shown(value)}")


def check_choice(value: object, name: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of the strings ``choices``."""
    if isinstance(value, str) and value in choices:
        return value
    words = ", ".join(repr(choice) for choice in choices[:-1]) + f" or {choices[-1]!r}"
    error = ValueError if isinstance(value, str) else TypeError
    raise error(f"{name} must be {words}, got {shown(value)}")


def check_text(value: object, name: str) -> str:
    """``value`` if it is a string (a title, a label)."""
    if isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a string, got {shown(value)}")


def check_pair(value: object, name: str, **limits: Any) -> tuple[float, float]:
    """``value`` as two floats, each a :func:`check_number` with ``limits`` (a view's angles, a point)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence | np.ndarray):
        raise TypeError(f"{name} must be a pair of two numbers, got {shown(value)}")
    if (isinstance(value, np.ndarray) and value.ndim != 1) or len(value) != 2:
        raise ValueError(f"{name} must be a pair of two numbers, got {shown(value)}")
    return check_number(value[0], name, **limits), check_number(value[1], name, **limits)


def check_sequence(value: object, name: str, what: str) -> Sequence[Any] | np.ndarray:
    """``value`` if it is a sequence (a list, a tuple, an array of at least one dimension); ``what`` says of what."""
    if (
        isinstance(value, (str, bytes))
        or not isinstance(value, Sequence | np.ndarray)
        or getattr(value, "ndim", 1) == 0
    ):
        raise TypeError(f"{name} must be a sequence of {what}, got {shown(value)}")
    return value


def check_range(value: object, name: str, **limits: Any) -> tuple[float, float]:
    """``value`` as an increasing :func:`check_pair` ``(low, high)``: a window, the span of a setting."""
    low, high = check_pair(value, name, **limits)
    if not low < high:
        raise ValueError(f"{name} must be an increasing pair (low, high), got ({low:g}, {high:g})")
    return low, high


def check_callable(value: object, name: str, what: str) -> Callable[..., Any]:
    """``value`` if it can be called; ``what`` says what kind of function was expected."""
    if callable(value) and not isinstance(value, type):
        return value
    raise TypeError(f"{name} must be {what}, got {shown(value)}")


def check_array(
    value: object,
    name: str,
    *,
    low: float = -LARGEST,
    high: float = LARGEST,
    low_open: bool = False,
    high_open: bool = False,
    finite: bool = True,
) -> np.ndarray:
    """``value`` as a non-empty float64 array of finite numbers from ``low`` to ``high`` (not copied
    when it already is one); with ``finite=False``, of any real numbers, NaN and inf included. Masked
    arrays are refused: their masked values would be used."""
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(f"{name} must be a plain array, got a masked array: fill or drop its masked values first")
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except ValueError:  # NumPy's "inhomogeneous shape": rows of different lengths
        raise ValueError(f"{name} must be a rectangular array: its rows have different lengths") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers (int or float), got an array of dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if array.size == 0:
        raise ValueError(f"{name} is empty: it needs at least one value")
    if not finite:
        return array
    default = (low, high, low_open, high_open) == (-LARGEST, LARGEST, False, False)
    with np.errstate(over="ignore", invalid="ignore"):  # one pass, where a sum of squares up to LARGEST**2
        if default and array.flags.c_contiguous and float(array.reshape(-1) @ array.reshape(-1)) <= LARGEST**2:
            return array  # clears every value at once (NaN and inf fail it)
    smallest, largest = float(array.min()), float(array.max())  # NaN shows in both, with no temporary array
    inside = (smallest > low if low_open else smallest >= low) and (largest < high if high_open else largest <= high)
    if inside and math.isfinite(smallest) and math.isfinite(largest):
        return array
    return _refuse_values(array, name, (low, high), (low_open, high_open))


def _refuse_values(array: np.ndarray, name: str, ends: tuple[float, float], open_ends: tuple[bool, bool]) -> np.ndarray:
    """Say what is wrong with the values of ``array`` that :func:`check_array` refused."""
    finite = np.isfinite(array)
    if not finite.all():
        bad = int(array.size - np.count_nonzero(finite))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s): clean the data first")
    (low, high), (low_open, high_open), size = ends, open_ends, float(np.abs(array).max())
    if ends == (-LARGEST, LARGEST) and size > LARGEST:
        raise ValueError(
            f"{name} holds values as large as {size:.3g}: beyond {LARGEST:.0e} their squares overflow; "
            "rescale them (for instance with standardize) first"
        )
    outside = array[(array <= low if low_open else array < low) | (array >= high if high_open else array > high)]
    what = interval(low, high, low_open, high_open)
    raise ValueError(f"each value of {name} must be {what}, got {shown(outside.flat[0])}")


def check_features(x: object, name: str = "x") -> np.ndarray:
    """``x`` as a float64 matrix ``(n_samples, n_features)``; a 1-D array is n samples of one feature."""
    array = check_array(x, name)
    if array.ndim == 1:
        return array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 1-D (n_samples,) or 2-D (n_samples, n_features), got shape {array.shape}")
    return array


def check_targets(y: object, name: str = "y") -> np.ndarray:
    """``y`` as a float64 vector ``(n_samples,)``; a column ``(n, 1)`` is flattened."""
    array = check_array(y, name)
    if array.ndim == 2 and array.shape[1] == 1:
        return array[:, 0]
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (n_samples,) or a column (n_samples, 1), got shape {array.shape}")
    return array


def _same_length(first: np.ndarray, second: np.ndarray, names: tuple[str, str], noun: str, hint: str) -> None:
    if len(first) != len(second):
        raise ValueError(f"{names[0]} has {len(first)} {noun} but {names[1]} has {len(second)}: {hint}")


def check_xy(x: object, y: object, x_name: str = "x", y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """A feature matrix (:func:`check_features`) and a target vector of the same length."""
    features, targets = check_features(x, x_name), check_targets(y, y_name)
    _same_length(features, targets, (x_name, y_name), "samples", "pass one target per input")
    return features, targets


def check_predictions(y_true: object, y_pred: object) -> tuple[np.ndarray, np.ndarray]:
    """Two target vectors of one length: the actual values and the predictions."""
    truth, pred = check_targets(y_true, "y_true"), check_targets(y_pred, "y_pred")
    _same_length(truth, pred, ("y_true", "y_pred"), "values", "pass one prediction per target")
    return truth, pred


def check_params(params: object, n_features: int, name: str = "params") -> np.ndarray:
    """``params`` as floats of shape (n_features + 1,) or (k, n_features + 1): weights, then the bias."""
    width = n_features + 1
    theta = check_array(params, name)
    if theta.ndim not in (1, 2) or theta.shape[-1] != width:
        raise ValueError(f"{name} must have shape ({width},) or (k, {width}): weights then bias, got {theta.shape}")
    return theta


def check_rng(seed: object, name: str = "seed") -> np.random.Generator:
    """The generator a ``seed`` stands for: an int >= 0 seeds a new one, a Generator is used as it is
    (successive calls continue one sequence), None draws fresh entropy."""
    if type(seed) is int and seed >= 0:
        return np.random.default_rng(seed)
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if not isinstance(seed, numbers.Integral) or isinstance(seed, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer >= 0, a numpy.random.Generator or None, got {shown(seed)}")
    return np.random.default_rng(check_int(seed, name, minimum=0))


def check_finite(value: Any, what: str) -> Any:
    """``value`` if all of it is finite; otherwise say in words that ``what`` overflowed (a result, not an argument)."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{what} overflows a float: the numbers involved are too large; rescale them first")
    return value
