"""Step 4 of the original: the optimizer, and the adaptive ones TF.js offers beside it.

``tf.train.sgd(0.1)`` moves every parameter a small step against its gradient:

    theta <- theta - lr * g

With momentum mu (0 <= mu < 1) a velocity remembers past gradients:

    v <- mu * v + g
    theta <- theta - lr * v                  (classical momentum)
    theta <- theta - lr * (g + mu * v)       (Nesterov)

The learning rate may follow a schedule over the update count t = 0, 1, 2, ...

An optimizer is anything that follows :class:`Optimizer`'s protocol: ``step(params, grads)``
returns the new parameters, ``learning_rate`` is the rate of the next update, ``reset()``
forgets the past, and ``get_state()`` / ``set_state(state)`` save and restore it. That is all
:func:`~sgd_lib.fit`, its fast path and the explorers use of an optimizer.
"""

from __future__ import annotations

import abc
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ._checks import check_bool, check_fraction, check_positive_float, check_positive_int


class ScalarSteps(NamedTuple):
    """An optimizer's update rule for the two parameters of a line, on Python floats (a fast path).

    ``step(w, b, grad_w, grad_b)`` returns the new ``(w, b)`` exactly as ``Optimizer.step`` would
    (the same operations in the same order); ``finish(updates)`` returns the optimizer state after
    that many steps (for ``set_state``) and the learning rate of the last one. When the rule is
    plain gradient descent with a constant rate, ``plain_rate`` is that rate: a step is then
    ``(w - plain_rate * grad_w, b - plain_rate * grad_b)``, which an engine may write inline.
    """

    step: Callable[[float, float, float, float], tuple[float, float]]
    finish: Callable[[int], tuple[dict[str, Any], float | None]]
    plain_rate: float | None = None


class Optimizer(abc.ABC):
    """The protocol of an optimizer: what :func:`~sgd_lib.fit` and the explorers rely on.

    Subclasses implement :meth:`step`, :meth:`reset`, :meth:`get_state`, :meth:`set_state`
    and the :attr:`learning_rate` property. They may offer :meth:`scalar_steps`, the same rule
    on Python floats for one-feature models, which ``fit``'s fast path then uses.
    """

    @property
    @abc.abstractmethod
    def learning_rate(self) -> float:
        """The learning rate the next update will use."""

    @abc.abstractmethod
    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """Return the parameters after one update with gradient ``grads``."""

    @abc.abstractmethod
    def reset(self) -> None:
        """Forget everything learned from past updates (a fresh optimizer)."""

    @abc.abstractmethod
    def get_state(self) -> dict[str, Any]:
        """Everything ``step`` depends on besides its arguments, as a dict of plain values and arrays."""

    @abc.abstractmethod
    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a state returned by :meth:`get_state`."""

    def scalar_steps(self) -> ScalarSteps | None:
        """The update rule on Python floats for the two parameters of a line, or None if not offered."""
        return None

    def array_steps(self, size: int) -> ArraySteps | None:
        """The update rule for ``size`` parameters without :meth:`step`'s checks of its arguments (for
        arrays the engine already knows to be finite), or None if not offered."""
        return None


def _vector(value: object, name: str) -> np.ndarray:
    """A 1-D float64 array, as cheaply as possible for the arrays the engines pass."""
    if not (isinstance(value, np.ndarray) and value.dtype == np.float64 and value.ndim == 1):
        if isinstance(value, (str, bytes)) or value is None:
            raise TypeError(f"{name} must be a 1-D array of real numbers, got {value!r}")
        try:
            array = np.asarray(value)
        except ValueError:
            raise ValueError(f"{name} must be a 1-D array of numbers: its rows have different lengths") from None
        if array.dtype.kind not in "iuf":
            raise TypeError(f"{name} must be a 1-D array of real numbers, got {value!r}")
        value = array.astype(np.float64)
        if value.ndim != 1 or value.size == 0:
            raise ValueError(f"{name} must be a 1-D array of numbers, got shape {value.shape}")
    return value


def _finite(value: np.ndarray, name: str) -> None:
    if not np.isfinite(value).all():
        raise ValueError(f"{name} contains NaN or infinite values")


class ArraySteps(NamedTuple):
    """An optimizer's update rule on checked arrays: ``step(params, grads)`` returns the new parameters
    exactly as ``Optimizer.step`` would; ``finish(updates)`` gives the state after that many steps (for
    ``set_state``) and the learning rate of the last one."""

    step: Callable[[np.ndarray, np.ndarray], np.ndarray]
    finish: Callable[[int], tuple[dict[str, Any], float | None]]
    plain_rate: float | None = None  # as in ScalarSteps: a step is then ``params - plain_rate * grads``


def check_optimizer(optimizer: object, name: str = "optimizer") -> Optimizer:
    """Accept anything that follows the optimizer protocol; refuse the rest by name."""
    missing = [attr for attr in ("step", "reset", "get_state", "set_state") if not callable(getattr(optimizer, attr, None))]
    if missing or not hasattr(optimizer, "learning_rate"):
        what = ", ".join(missing + ([] if hasattr(optimizer, "learning_rate") else ["learning_rate"]))
        raise TypeError(f"{name} must be an optimizer such as SGD(0.1) or a learning rate, got {optimizer!r} "
                        f"(it lacks {what})")
    return optimizer  # type: ignore[return-value]


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
        if check_fraction(self.factor, "factor", 0.0, 1.0, include_high=True) == 0.0:
            raise ValueError("factor must be in (0, 1]: a factor of 0 would stop training after the first drop")
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
        if check_fraction(self.rate, "rate", 0.0, 1.0, include_high=True) == 0.0:
            raise ValueError("rate must be in (0, 1]: a rate of 0 would stop training after the first update")
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


class SGD(Optimizer):
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
        self.nesterov = check_bool(nesterov, "nesterov")
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

    def get_state(self) -> dict[str, Any]:
        """The update count and the velocity (None before the first momentum step)."""
        velocity = None if self.velocity is None else self.velocity.copy()
        return {"iterations": self.iterations, "velocity": velocity}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`get_state`'s dict."""
        self.iterations = check_positive_int(state["iterations"], "state['iterations']", minimum=0)
        velocity = state["velocity"]
        self.velocity = None if velocity is None else np.array(velocity, dtype=np.float64)

    def scalar_steps(self) -> ScalarSteps | None:
        """:meth:`step` for ``[w, b]`` on Python floats: the same operations in the same order.

        None for a subclass that changes :meth:`step` (its rule is not this one) or a velocity
        that is not two numbers.
        """
        if type(self).step is not SGD.step or (self.velocity is not None and self.velocity.shape != (2,)):
            return None
        t0, mu, nesterov = self.iterations, self.momentum, self.nesterov
        constant = type(self.schedule) is ConstantLR
        schedule, lr = self.schedule, self.schedule(t0)
        velocity = self.velocity
        vw, vb = (0.0, 0.0) if velocity is None else (float(velocity[0]), float(velocity[1]))
        t = t0

        def plain(w: float, b: float, gw: float, gb: float) -> tuple[float, float]:
            return w - lr * gw, b - lr * gb

        def scheduled(w: float, b: float, gw: float, gb: float) -> tuple[float, float]:
            nonlocal t
            rate = schedule(t)
            t += 1
            return w - rate * gw, b - rate * gb

        def with_momentum(w: float, b: float, gw: float, gb: float) -> tuple[float, float]:
            nonlocal t, vw, vb
            rate = lr if constant else schedule(t)
            t += 1
            vw, vb = mu * vw + gw, mu * vb + gb
            if nesterov:
                return w - rate * (gw + mu * vw), b - rate * (gb + mu * vb)
            return w - rate * vw, b - rate * vb

        def finish(updates: int) -> tuple[dict[str, Any], float | None]:
            moved = mu and updates > 0
            state = {"iterations": t0 + updates, "velocity": np.array([vw, vb]) if moved else velocity}
            return state, (schedule(t0 + updates - 1) if updates else None)

        step = with_momentum if mu else (plain if constant else scheduled)
        return ScalarSteps(step, finish, lr if step is plain else None)

    def array_steps(self, size: int) -> ArraySteps | None:
        """:meth:`step` without its checks, for the engine's own finite arrays: the same operations in the
        same order. None for a subclass that changes :meth:`step`, or a velocity of another size."""
        if type(self).step is not SGD.step or (self.velocity is not None and self.velocity.shape != (size,)):
            return None
        t0, mu, nesterov, schedule, start_velocity = self.iterations, self.momentum, self.nesterov, self.schedule, self.velocity
        velocity = np.zeros(size) if start_velocity is None else start_velocity.copy()
        t = t0

        def step(params: np.ndarray, grads: np.ndarray) -> np.ndarray:
            nonlocal t, velocity
            rate = schedule(t)
            t += 1
            if mu == 0.0:
                return params - rate * grads
            velocity = mu * velocity + grads
            return params - rate * (grads + mu * velocity if nesterov else velocity)

        def finish(updates: int) -> tuple[dict[str, Any], float | None]:
            state = {"iterations": t0 + updates, "velocity": velocity.copy() if mu and updates else start_velocity}
            return state, (schedule(t0 + updates - 1) if updates else None)

        plain = mu == 0.0 and type(schedule) is ConstantLR
        return ArraySteps(step, finish, schedule(t0) if plain else None)

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """Return the parameters after one update with gradient ``grads`` (both 1-D, of one length).

        NaN or infinite ``params`` or ``grads`` are refused; a finite step too large for a float
        gives ``inf``, which :func:`~sgd_lib.fit` reports as divergence.
        """
        params, grads = _vector(params, "params"), _vector(grads, "grads")
        if params.shape != grads.shape or (self.velocity is not None and self.velocity.shape != params.shape):
            raise ValueError(f"params and grads must have one shape (and that of the velocity), got {params.shape} "
                             f"and {grads.shape}")
        lr, velocity = self.schedule(self.iterations), self.velocity
        with np.errstate(over="ignore", invalid="ignore"):
            if self.momentum == 0.0:
                new = params - lr * grads
            else:
                velocity = self.momentum * (np.zeros_like(params) if velocity is None else velocity) + grads
                new = params - lr * (grads + self.momentum * velocity if self.nesterov else velocity)
        if not math.isfinite(float(new.sum())):  # one cheap test; the inputs are looked at only when it fails
            _finite(params, "params")
            _finite(grads, "grads")
        self.iterations += 1
        self.velocity = velocity
        return new

    def __repr__(self) -> str:
        return f"SGD(learning_rate={self.schedule!r}, momentum={self.momentum}, nesterov={self.nesterov})"


class _Adaptive(Optimizer):
    """What AdaGrad, RMSProp and Adam share: a learning rate (or schedule), an update count, and
    per-parameter accumulators kept in ``self.slots`` (None before the first update)."""

    #: The names of the accumulators, in the order :meth:`_rule` takes and returns them.
    SLOTS: tuple[str, ...] = ()

    def __init__(self, learning_rate: float | Schedule | Callable[[int], float], epsilon: float) -> None:
        if callable(learning_rate):
            self.schedule = learning_rate
        else:
            self.schedule = ConstantLR(check_positive_float(learning_rate, "learning_rate"))
        self.epsilon = check_positive_float(epsilon, "epsilon")
        self.iterations = 0
        self.slots: dict[str, np.ndarray] | None = None

    @property
    def learning_rate(self) -> float:
        """The learning rate the next update will use."""
        return self.schedule(self.iterations)

    def reset(self) -> None:
        """Forget the accumulators and the update count (a fresh optimizer)."""
        self.iterations = 0
        self.slots = None

    def get_state(self) -> dict[str, Any]:
        """The update count and a copy of each accumulator (None before the first update)."""
        slots = None if self.slots is None else {name: value.copy() for name, value in self.slots.items()}
        return {"iterations": self.iterations, "slots": slots}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`get_state`'s dict."""
        self.iterations = check_positive_int(state["iterations"], "state['iterations']", minimum=0)
        slots = state["slots"]
        self.slots = None if slots is None else {name: np.array(slots[name], dtype=np.float64) for name in self.SLOTS}

    def _start(self, size: int) -> dict[str, np.ndarray]:
        """The accumulators before the first update."""
        raise NotImplementedError

    def _rule(self, t: int, rate: float, grads, *slots):
        """One update at count ``t`` with learning rate ``rate``: returns (the change to subtract, new slots).

        Written once for NumPy arrays and Python floats alike (``sqrt`` is chosen by the caller's type),
        so that ``step``, ``array_steps`` and ``scalar_steps`` make the same operations in the same order.
        """
        raise NotImplementedError

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """Return the parameters after one update with gradient ``grads`` (both 1-D, of one length)."""
        params, grads = _vector(params, "params"), _vector(grads, "grads")
        slots = self.slots if self.slots is not None else self._start(params.size)
        if params.shape != grads.shape or any(value.shape != params.shape for value in slots.values()):
            raise ValueError(f"params and grads must have one shape (and that of the accumulators), got "
                             f"{params.shape} and {grads.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            change, *new = self._rule(self.iterations, self.schedule(self.iterations), grads, np.sqrt,
                                      *(slots[name] for name in self.SLOTS))
            result = params - change
        if not math.isfinite(float(result.sum())):
            _finite(params, "params")
            _finite(grads, "grads")
        self.iterations += 1
        self.slots = dict(zip(self.SLOTS, new))
        return result

    def array_steps(self, size: int) -> ArraySteps | None:
        """:meth:`step` without its checks: the same operations in the same order."""
        if type(self).step is not _Adaptive.step:
            return None
        t0, schedule, rule, names = self.iterations, self.schedule, self._rule, self.SLOTS
        start = self.slots if self.slots is not None else self._start(size)
        if any(value.shape != (size,) for value in start.values()):
            return None
        slots = [start[name] for name in names]
        t = t0

        def step(params: np.ndarray, grads: np.ndarray) -> np.ndarray:
            nonlocal t, slots
            change, *slots = rule(t, schedule(t), grads, np.sqrt, *slots)
            t += 1
            return params - change

        def finish(updates: int) -> tuple[dict[str, Any], float | None]:
            state = {"iterations": t0 + updates,
                     "slots": {n: np.array(v, dtype=np.float64) for n, v in zip(names, slots)} if updates else
                     (None if self.slots is None else start)}
            return state, (schedule(t0 + updates - 1) if updates else None)

        return ArraySteps(step, finish)

    def scalar_steps(self) -> ScalarSteps | None:
        """:meth:`step` for ``[w, b]`` on Python floats: the same operations in the same order."""
        if type(self).step is not _Adaptive.step:
            return None
        start = self.slots if self.slots is not None else self._start(2)
        if any(value.shape != (2,) for value in start.values()):
            return None
        t0, schedule, rule, names = self.iterations, self.schedule, self._rule, self.SLOTS
        w_slots = [float(start[name][0]) for name in names]
        b_slots = [float(start[name][1]) for name in names]
        t = t0

        def step(w: float, b: float, gw: float, gb: float) -> tuple[float, float]:
            nonlocal t, w_slots, b_slots
            rate = schedule(t)
            change_w, *w_slots = rule(t, rate, gw, math.sqrt, *w_slots)
            change_b, *b_slots = rule(t, rate, gb, math.sqrt, *b_slots)
            t += 1
            return w - change_w, b - change_b

        def finish(updates: int) -> tuple[dict[str, Any], float | None]:
            if updates:
                slots = {n: np.array([vw, vb]) for n, vw, vb in zip(names, w_slots, b_slots)}
            else:
                slots = None if self.slots is None else start
            return {"iterations": t0 + updates, "slots": slots}, (schedule(t0 + updates - 1) if updates else None)

        return ScalarSteps(step, finish)


class AdaGrad(_Adaptive):
    """AdaGrad, exactly as TF.js's ``tf.train.adagrad(learningRate, initialAccumulatorValue)``.

    Each parameter keeps the sum of its squared gradients, started at ``initial_accumulator_value``::

        a <- a + g**2
        theta <- theta - learning_rate * g / sqrt(a + epsilon)

    so its effective learning rate, ``learning_rate / sqrt(a + epsilon)``, only ever shrinks.
    ``epsilon`` is TF.js's backend epsilon, 1e-7 on the CPU.

    Examples
    --------
    >>> AdaGrad(0.1).step(np.array([1.0, 1.0]), np.array([3.0, -4.0]))  # a first step of about 0.1 each
    array([0.90055097, 1.09968896])
    """

    SLOTS = ("accumulator",)

    def __init__(self, learning_rate: float | Schedule | Callable[[int], float], initial_accumulator_value: float = 0.1,
                 epsilon: float = 1e-7) -> None:
        super().__init__(learning_rate, epsilon)
        value = initial_accumulator_value
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) or not 0 <= value < math.inf:
            raise ValueError(f"initial_accumulator_value must be a finite number >= 0, got {value!r}")
        self.initial_accumulator_value = float(value)

    def _start(self, size: int) -> dict[str, np.ndarray]:
        return {"accumulator": np.full(size, self.initial_accumulator_value)}

    def _rule(self, t, rate, g, sqrt, accumulator):
        accumulator = accumulator + g * g
        return rate * (g / sqrt(accumulator + self.epsilon)), accumulator

    def __repr__(self) -> str:
        return (f"AdaGrad(learning_rate={self.schedule!r}, initial_accumulator_value={self.initial_accumulator_value}, "
                f"epsilon={self.epsilon})")


class RMSProp(_Adaptive):
    """RMSProp, exactly as TF.js's ``tf.train.rmsprop(learningRate, decay, momentum, epsilon)`` (not centered).

    Each parameter keeps a decaying mean of its squared gradients, ``s``, and a momentum ``m`` of its
    scaled steps, both starting at 0::

        s <- decay * s + (1 - decay) * g**2
        m <- momentum * m + learning_rate * g / sqrt(s + epsilon)
        theta <- theta - m

    ``epsilon`` sits inside the square root, as in TF.js (1e-7, its CPU backend's epsilon).
    """

    SLOTS = ("mean_square", "moment")

    def __init__(self, learning_rate: float | Schedule | Callable[[int], float], decay: float = 0.9,
                 momentum: float = 0.0, epsilon: float = 1e-7) -> None:
        super().__init__(learning_rate, epsilon)
        self.decay = check_fraction(decay, "decay", 0.0, 1.0)
        self.momentum = check_fraction(momentum, "momentum", 0.0, 1.0)

    def _start(self, size: int) -> dict[str, np.ndarray]:
        return {"mean_square": np.zeros(size), "moment": np.zeros(size)}

    def _rule(self, t, rate, g, sqrt, mean_square, moment):
        mean_square = mean_square * self.decay + g * g * (1 - self.decay)
        moment = moment * self.momentum + g * rate / sqrt(mean_square + self.epsilon)
        return moment, mean_square, moment

    def __repr__(self) -> str:
        return (f"RMSProp(learning_rate={self.schedule!r}, decay={self.decay}, momentum={self.momentum}, "
                f"epsilon={self.epsilon})")


class Adam(_Adaptive):
    """Adam, exactly as TF.js's ``tf.train.adam(learningRate, beta1, beta2, epsilon)``.

    Each parameter keeps decaying means of its gradients, ``m``, and of their squares, ``v``, both
    starting at 0; after update number t = 1, 2, ... they are corrected for that start::

        m <- beta1 * m + (1 - beta1) * g
        v <- beta2 * v + (1 - beta2) * g**2
        theta <- theta - learning_rate * (m / (1 - beta1**t)) / (sqrt(v / (1 - beta2**t)) + epsilon)

    ``epsilon`` is added after the square root, as in TF.js (1e-7, its CPU backend's epsilon). The
    first step moves every parameter by about ``learning_rate``, whatever the size of its gradient.
    """

    SLOTS = ("first_moment", "second_moment")

    def __init__(self, learning_rate: float | Schedule | Callable[[int], float] = 0.001, beta1: float = 0.9,
                 beta2: float = 0.999, epsilon: float = 1e-7) -> None:
        super().__init__(learning_rate, epsilon)
        self.beta1 = check_fraction(beta1, "beta1", 0.0, 1.0)
        self.beta2 = check_fraction(beta2, "beta2", 0.0, 1.0)

    def _start(self, size: int) -> dict[str, np.ndarray]:
        return {"first_moment": np.zeros(size), "second_moment": np.zeros(size)}

    def _rule(self, t, rate, g, sqrt, first_moment, second_moment):
        first_moment = first_moment * self.beta1 + g * (1 - self.beta1)
        second_moment = second_moment * self.beta2 + g * g * (1 - self.beta2)
        corrected_first = first_moment / (1 - self.beta1 ** (t + 1))
        corrected_second = second_moment / (1 - self.beta2 ** (t + 1))
        return rate * (corrected_first / (sqrt(corrected_second) + self.epsilon)), first_moment, second_moment

    def __repr__(self) -> str:
        return (f"Adam(learning_rate={self.schedule!r}, beta1={self.beta1}, beta2={self.beta2}, "
                f"epsilon={self.epsilon})")
