"""Callbacks: functions ``callback(epoch, logs)`` that :func:`~sgd_lib.fit` calls after every epoch,
like TF.js's ``onEpochEnd``; an object with an ``on_epoch_end(epoch, logs)`` method works too."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

Callback = Callable[[int, dict[str, float]], Any]


def check_callbacks(callbacks: object) -> tuple[Callback, ...]:
    """``callbacks`` (one or a list) as a tuple of functions ``(epoch, logs)``; refused by name."""
    if callable(callbacks):
        callbacks = [callbacks]
    if not isinstance(callbacks, (list, tuple)):
        raise TypeError(f"callbacks must be a list of functions callback(epoch, logs), got {callbacks!r}")
    functions = []
    for i, callback in enumerate(callbacks):
        function = getattr(callback, "on_epoch_end", callback)
        if not callable(function) or isinstance(function, type) or not _takes_two(function):
            raise TypeError(f"callbacks[{i}] must be callable as callback(epoch, logs), got {callback!r}")
        functions.append(function)
    return tuple(functions)


def _takes_two(function: Callable[..., Any]) -> bool:
    """Whether ``function`` can be called with two arguments (True where Python cannot tell)."""
    try:
        inspect.signature(function).bind(0, {})
    except TypeError:
        return False
    except ValueError:  # no signature to read (some built-ins)
        return True
    return True
