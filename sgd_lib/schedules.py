"""Learning-rate schedules: the rate of update t = 0, 1, 2, ... (Keras's names and formulas).

An optimizer takes a number (a constant rate) or a schedule: one of these, or any function
``t -> rate``. Every rate a schedule gives must be a finite number > 0 (:func:`rate_at`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .checks import MOST, check_callable, check_int, check_number, check_positive, is_real, shown

#: Where a decay that would underflow to 0 stays: the smallest positive normal float. The run goes on frozen
#: (a step of TINY times a gradient moves no parameter of ordinary size), and a schedule's 0 is kept for a mistake.
TINY = float(np.finfo(float).tiny)

#: What an optimizer accepts as its learning rate.
LearningRate = float | Callable[[int], float]


@dataclass(frozen=True)
class ConstantLR:
    """lr(t) = initial."""

    initial: float

    def __post_init__(self) -> None:
        check_positive(self.initial, "initial")

    def __call__(self, t: int) -> float:
        return self.initial


@dataclass(frozen=True)
class StepDecay:
    """lr(t) = initial * factor ** floor(t / every): drop by ``factor`` every ``every`` updates."""

    initial: float
    factor: float = 0.5
    every: int = 100

    def __post_init__(self) -> None:
        check_positive(self.initial, "initial")
        check_number(self.factor, "factor", low=0.0, high=1.0, low_open=True)
        check_int(self.every, "every")

    def __call__(self, t: int) -> float:
        return max(self.initial * self.factor ** (t // self.every), TINY)


@dataclass(frozen=True)
class ExponentialDecay:
    """lr(t) = initial * rate ** (t / decay_steps), like Keras's ``ExponentialDecay``."""

    initial: float
    rate: float = 0.5
    decay_steps: int = 100

    def __post_init__(self) -> None:
        check_positive(self.initial, "initial")
        check_number(self.rate, "rate", low=0.0, high=1.0, low_open=True)
        check_int(self.decay_steps, "decay_steps")

    def __call__(self, t: int) -> float:
        return max(self.initial * self.rate ** (t / self.decay_steps), TINY)


@dataclass(frozen=True)
class InverseTimeDecay:
    """lr(t) = initial / (1 + rate * t / decay_steps), like Keras's ``InverseTimeDecay``."""

    initial: float
    rate: float = 1.0
    decay_steps: int = 100

    def __post_init__(self) -> None:
        check_positive(self.initial, "initial")
        check_number(self.rate, "rate", low=0.0)
        check_int(self.decay_steps, "decay_steps")

    def __call__(self, t: int) -> float:
        return self.initial / (1.0 + self.rate * t / self.decay_steps)


def as_schedule(learning_rate: object, name: str = "learning_rate") -> Callable[[int], float]:
    """A learning rate as a schedule: a number becomes :class:`ConstantLR`, a function is kept."""
    if callable(learning_rate):  # a schedule; a class is refused by name
        return check_callable(learning_rate, name, "a number > 0 or a schedule such as ExponentialDecay(0.1)")
    return ConstantLR(check_positive(learning_rate, name))


def rate_at(schedule: Callable[[int], float], t: int) -> float:
    """The rate ``schedule`` gives update ``t``, refused unless it is a finite number > 0: a rate of
    0 would stop training, and a negative one would climb the loss instead of descending it."""
    rate = schedule(t)
    number = is_real(rate)
    if number and 0 < rate < math.inf:
        return float(rate)
    raise (ValueError if number else TypeError)(
        f"learning_rate must give a finite number > 0 at every update; {schedule!r} gave {shown(rate)} at update {t}"
    )


def rates(schedule: Callable[[int], float], first: int, count: int) -> list[float]:
    """The rates of updates ``first, ..., first + count - 1``, each checked by :func:`rate_at`."""
    check_callable(schedule, "schedule", "a schedule such as ExponentialDecay(0.1)")
    first, count = check_int(first, "first", minimum=0), check_int(count, "count", minimum=0, maximum=MOST)
    if type(schedule) is ConstantLR:
        return [schedule.initial] * count
    return [rate_at(schedule, t) for t in range(first, first + count)]
