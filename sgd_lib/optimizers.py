"""Step 4 of the original: the optimizer.

``tf.train.sgd(0.1)`` moves every parameter a small step against its gradient:

    theta <- theta - lr * g

With momentum mu (0 <= mu < 1) a velocity remembers past gradients:

    v <- mu * v + g
    theta <- theta - lr * v                  (classical momentum)
    theta <- theta - lr * (g + mu * v)       (Nesterov)

The learning rate may follow a schedule over the update count t = 0, 1, 2, ...
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._checks import check_fraction, check_positive_float, check_positive_int


@dataclass(frozen=True)
class ConstantLR:
    """lr(t) = initial."""

    initial: float

    def __post_init__(self) -> None:
        check_positive_float(self.initial, "initial")

    def __call__(self, t: int) -> float:
        return self.initial


@dataclass(frozen=True)
class StepDecay:
    """lr(t) = initial * factor ** floor(t / every): drop by ``factor`` every ``every`` updates."""

    initial: float
    factor: float = 0.5
    every: int = 100

    def __post_init__(self) -> None:
        check_positive_float(self.initial, "initial")
        check_fraction(self.factor, "factor", 0.0, 1.0, include_high=True)
        check_positive_int(self.every, "every")

    def __call__(self, t: int) -> float:
        return self.initial * self.factor ** (t // self.every)


@dataclass(frozen=True)
class ExponentialDecay:
    """lr(t) = initial * rate ** (t / decay_steps), like Keras's ``ExponentialDecay``."""

    initial: float
    rate: float = 0.5
    decay_steps: int = 100

    def __post_init__(self) -> None:
        check_positive_float(self.initial, "initial")
        check_fraction(self.rate, "rate", 0.0, 1.0, include_high=True)
        check_positive_int(self.decay_steps, "decay_steps")

    def __call__(self, t: int) -> float:
        return self.initial * self.rate ** (t / self.decay_steps)


@dataclass(frozen=True)
class InverseTimeDecay:
    """lr(t) = initial / (1 + rate * t / decay_steps), like Keras's ``InverseTimeDecay``."""

    initial: float
    rate: float = 1.0
    decay_steps: int = 100

    def __post_init__(self) -> None:
        check_positive_float(self.initial, "initial")
        if isinstance(self.rate, bool) or not isinstance(self.rate, numbers.Real):
            raise TypeError(f"rate must be a number >= 0, got {self.rate!r}")
        if not 0 <= self.rate < float("inf"):
            raise ValueError(f"rate must be a finite number >= 0, got {self.rate}")
        check_positive_int(self.decay_steps, "decay_steps")

    def __call__(self, t: int) -> float:
        return self.initial / (1.0 + self.rate * t / self.decay_steps)


Schedule = ConstantLR | StepDecay | ExponentialDecay | InverseTimeDecay


class SGD:
    """Stochastic gradient descent, optionally with momentum or Nesterov momentum.

    Parameters
    ----------
    learning_rate : float or schedule
        Step size eta > 0, or a schedule such as ``ExponentialDecay(0.1, 0.5, 100)``
        evaluated at the update count.
    momentum : float
        mu in [0, 1); 0 (the default, like ``tf.train.sgd``) is plain SGD.
    nesterov : bool
        Use Nesterov's look-ahead form of momentum.

    Examples
    --------
    >>> opt = SGD(0.1)
    >>> opt.step(np.array([1.0, 0.0]), np.array([2.0, -1.0]))
    array([0.8, 0.1])
    """

    def __init__(
        self,
        learning_rate: float | Schedule | Callable[[int], float] = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        if callable(learning_rate):
            self.schedule = learning_rate
        else:
            self.schedule = ConstantLR(check_positive_float(learning_rate, "learning_rate"))
        self.momentum = check_fraction(momentum, "momentum", 0.0, 1.0)
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov = nesterov
        self.iterations = 0
        self.velocity: np.ndarray | None = None

    @property
    def learning_rate(self) -> float:
        """The learning rate the next update will use."""
        return self.schedule(self.iterations)

    def reset(self) -> None:
        """Forget the velocity and the update count (a fresh optimizer)."""
        self.iterations = 0
        self.velocity = None

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """Return the parameters after one update with gradient ``grads``."""
        lr = self.schedule(self.iterations)
        self.iterations += 1
        if self.momentum == 0.0:
            return params - lr * grads
        if self.velocity is None:
            self.velocity = np.zeros_like(params)
        self.velocity = self.momentum * self.velocity + grads
        if self.nesterov:
            return params - lr * (grads + self.momentum * self.velocity)
        return params - lr * self.velocity

    def __repr__(self) -> str:
        return f"SGD(learning_rate={self.schedule!r}, momentum={self.momentum}, nesterov={self.nesterov})"
