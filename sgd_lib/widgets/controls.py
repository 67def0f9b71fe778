"""The explorers' controls, and the checks of their constructors' settings.

Every constructor checks its settings with :mod:`sgd_lib.checks` (a wrong type is a ``TypeError``,
a wrong value a ``ValueError``, both naming the parameter) before it draws anything.
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np

from ..checks import check_number, check_positive, shown

#: Mantissas of the learning rates a rate slider offers, per decade: round numbers a learner can name.
RATE_MANTISSAS = (1.0, 1.1, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)


def rate_options(low: float, high: float, include: float | None = None) -> list[float]:
    """The learning rates between ``low`` and ``high`` (inclusive) with a round mantissa, plus ``include``.

    Every value is the float nearest to a short decimal (``0.5``, ``1.5e-3``), so a slider over these
    options stops exactly at the values the notebooks name.
    """
    low, high = check_range((low, high), "learning_rate_range", positive=True)
    decades = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
    values = {float(f"{m:g}e{k}") for k in decades for m in RATE_MANTISSAS}
    values = {v for v in values if low * (1 - 1e-12) <= v <= high * (1 + 1e-12)}
    if include is not None:
        values.add(float(include))
    return sorted(values)


def rate_slider(value: object, rates: object) -> widgets.SelectionSlider:
    """A learning-rate slider over :func:`rate_options`: log-spaced, round values, readout as typed.

    ``value`` is the parameter ``learning_rate`` and ``rates`` the parameter ``learning_rate_range``.
    """
    low, high = check_range(rates, "learning_rate_range", positive=True)
    rate = check_within(check_positive(value, "learning_rate"), "learning_rate", low, high, "learning_rate_range")
    options = rate_options(low, high, include=rate)
    return widgets.SelectionSlider(
        options=[(f"{v:.4g}", v) for v in options],
        value=rate,
        description="learning rate",
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="380px"),
    )


def check_range(value: object, name: str, *, positive: bool = False) -> tuple[float, float]:
    """A pair ``(low, high)`` of finite numbers with ``low < high`` (and ``0 < low`` when ``positive``)."""
    if isinstance(value, np.ndarray):
        value = tuple(value.tolist()) if value.ndim == 1 else value
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {shown(value)}")
    low = (
        check_number(value[0], f"{name}[0]", low=0.0, low_open=True)
        if positive
        else check_number(value[0], f"{name}[0]")
    )
    high = check_number(value[1], f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must satisfy low < high, got ({low:g}, {high:g})")
    return low, high


def check_point(value: object, name: str) -> tuple[float, float]:
    """A point ``(w, b)`` of two finite numbers."""
    if isinstance(value, np.ndarray):
        value = tuple(value.tolist()) if value.ndim == 1 else value
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise TypeError(f"{name} must be a pair (w, b) of numbers, got {shown(value)}")
    return check_number(value[0], f"{name}[0]"), check_number(value[1], f"{name}[1]")


def check_within(value: float, name: str, low: float, high: float, range_name: str) -> float:
    """``value`` if it lies in ``[low, high]``, the range given as ``range_name``."""
    if not low <= value <= high:
        raise ValueError(f"{name} must lie in {range_name} [{low:.4g}, {high:.4g}], got {value:.4g}")
    return value
