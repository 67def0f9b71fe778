"""Step 4 of the original: the optimizer, and the adaptive ones TF.js offers beside it.

:class:`SGD` is ``tf.train.sgd``; :class:`AdaGrad`, :class:`RMSProp` and :class:`Adam` are TF.js's adaptive
optimizers. Each class writes out its update rule. The learning rate may follow a schedule over the update
count t = 0, 1, 2, ... (:mod:`sgd_lib.schedules`).

An optimizer is anything that follows :class:`Optimizer`'s protocol. Each optimizer of this module writes
its update once, as the rule that its ``_update()`` returns for its settings, which ``step`` and
``fit``'s fast path (through :func:`rule_of`) both run, with the same operations in the same order.
"""

from __future__ import annotations

import abc
import math
from collections.abc import Callable
from typing import Any, NamedTuple, cast

import numpy as np

from .checks import check_array, check_bool, check_fraction, check_int, check_number, check_positive
from .schedules import LearningRate, as_schedule, rate_at

Slots = tuple[Any, ...]
#: An update rule: ``(t, rate, grads, sqrt, slots) -> (change, new slots)``; the parameters become
#: ``params - change``. It works on NumPy arrays (``sqrt=np.sqrt``) and on Python floats (``math.sqrt``) alike.
Update = Callable[[int, float, Any, Callable[[Any], Any], Slots], tuple[Any, Slots]]


class Optimizer(abc.ABC):
    """The protocol of an optimizer: what :func:`~sgd_lib.fit` and the explorers rely on."""

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


def check_optimizer(optimizer: object, name: str = "optimizer") -> Optimizer:
    """Accept anything that follows the optimizer protocol; refuse the rest by name."""
    if isinstance(optimizer, type):
        raise TypeError(
            f"{name} must be an optimizer such as SGD(0.1) or a learning rate, got the class "
            f"{optimizer.__name__} itself: create one, as in {optimizer.__name__}(0.1)"
        )
    missing = [a for a in ("step", "reset", "get_state", "set_state") if not callable(getattr(optimizer, a, None))]
    missing += [] if hasattr(optimizer, "learning_rate") else ["learning_rate"]
    if missing:
        raise TypeError(
            f"{name} must be an optimizer such as SGD(0.1) or a learning rate, got {optimizer!r} "
            f"(it lacks {', '.join(missing)})"
        )
    return optimizer  # type: ignore[return-value]


def _vector(value: object, name: str) -> np.ndarray:
    """``value`` as a float64 array; a float64 array as it is (``step`` checks its values only if it must)."""
    if type(value) is np.ndarray and value.dtype == np.float64:
        return value
    return check_array(value, name, low=-math.inf, high=math.inf)


class _Rule(Optimizer):
    """What every optimizer of this module shares: a learning rate (or schedule), an update count and
    per-parameter accumulators ("slots", None before the first update), around one update rule."""

    #: The names of the slots, in the order the rule (:meth:`_update`) takes and returns them.
    SLOTS: tuple[str, ...] = ()
    #: The names of the settings that ``__init__`` takes after the learning rate, in its order (for ``repr``).
    SETTINGS: tuple[str, ...]

    def __init__(self, learning_rate: LearningRate) -> None:
        self.schedule = as_schedule(learning_rate)
        self.iterations = 0
        self.slots: dict[str, np.ndarray] | None = None

    @property
    def learning_rate(self) -> float:
        """The learning rate the next update will use."""
        return rate_at(self.schedule, self.iterations)

    def reset(self) -> None:
        """Forget the slots and the update count (a fresh optimizer)."""
        self.iterations, self.slots = 0, None

    def get_state(self) -> dict[str, Any]:
        """The update count and a copy of each slot (None before the first update)."""
        slots = None if self.slots is None else {name: value.copy() for name, value in self.slots.items()}
        return {"iterations": self.iterations, "slots": slots}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore :meth:`get_state`'s dict."""
        self.iterations = check_int(state["iterations"], "state['iterations']", minimum=0)
        slots = state["slots"]
        self.slots = None if slots is None else {name: np.array(slots[name], dtype=np.float64) for name in self.SLOTS}

    def _start(self, size: int) -> Slots:
        """The slots before the first update."""
        return tuple(np.zeros(size) for _ in self.SLOTS)

    def _slots(self, size: int) -> Slots:
        """The slots for ``size`` parameters; refused by name when they belong to a model of another size."""
        if self.slots is None:
            return self._start(size)
        slots = tuple(self.slots[name] for name in self.SLOTS)
        if slots[0].shape != (size,):
            raise ValueError(
                f"the optimizer holds its state for {slots[0].size} parameters but params has {size}: "
                "call reset() before using it on a model of another size"
            )
        return slots

    @abc.abstractmethod
    def _update(self) -> Update:
        """The rule of one update for the optimizer's settings now (an :data:`Update`): the change to subtract
        from the parameters, and the new slots. The settings are read once, here, not at every update."""

    def step(self, params: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """Return the parameters after one update with gradient ``grads`` (both 1-D, of one length).

        A finite step too large for a float gives ``inf``, which :func:`~sgd_lib.fit` reports as divergence.
        """
        params, grads = _vector(params, "params"), _vector(grads, "grads")
        if params.ndim != 1 or params.size == 0 or grads.shape != params.shape:
            raise ValueError(f"params and grads must be 1-D of one length, got shapes {params.shape} and {grads.shape}")
        slots, rate = self._slots(params.size), rate_at(self.schedule, self.iterations)
        with np.errstate(over="ignore", invalid="ignore"):
            change, slots = self._update()(self.iterations, rate, grads, np.sqrt, slots)
            new = params - change
            finite = math.isfinite(float(new.sum()))  # a sum of finite values near the largest float may overflow
        if not finite and not np.isfinite(new).all():  # the inputs are looked at only when the result is not finite
            check_array(params, "params", low=-math.inf, high=math.inf)
            check_array(grads, "grads", low=-math.inf, high=math.inf)
        self.iterations += 1
        self.slots = dict(zip(self.SLOTS, slots, strict=True))
        return new

    def __repr__(self) -> str:
        declared = next(kind for kind in type(self).__mro__ if "SETTINGS" in vars(kind))  # SGD for a subclass of SGD
        settings = "".join(f", {name}={getattr(self, name)}" for name in self.SETTINGS)
        return f"{declared.__name__}(learning_rate={self.schedule!r}{settings})"


class SGD(_Rule):
    """Stochastic gradient descent, optionally with momentum or Nesterov momentum.

    ``tf.train.sgd(learning_rate)`` moves every parameter a small step against its gradient,
    ``theta <- theta - learning_rate * g``. With momentum mu a velocity, starting at 0, remembers past gradients::

        v <- mu * v + g
        theta <- theta - learning_rate * v                  (classical momentum)
        theta <- theta - learning_rate * (g + mu * v)       (Nesterov)

    ``learning_rate`` is a step size eta > 0 or a schedule evaluated at the update count, such as
    ``ExponentialDecay(0.1, 0.5, 100)``; ``momentum`` mu in [0, 1) (0, the default, like ``tf.train.sgd``,
    is plain SGD, whose velocity stays 0); ``nesterov`` uses Nesterov's look-ahead form.

    Examples
    --------
    >>> opt = SGD(0.1)
    >>> opt.step(np.array([1.0, 0.0]), np.array([2.0, -1.0]))
    array([0.8, 0.1])
    """

    SLOTS = ("velocity",)
    SETTINGS = ("momentum", "nesterov")

    def __init__(self, learning_rate: LearningRate = 0.01, momentum: float = 0.0, nesterov: bool = False) -> None:
        super().__init__(learning_rate)
        self.momentum = check_fraction(momentum, "momentum")
        self.nesterov = check_bool(nesterov, "nesterov")

    @property
    def velocity(self) -> np.ndarray | None:
        """The velocity v (None before the first update)."""
        return None if self.slots is None else self.slots["velocity"]

    def _update(self) -> Update:
        mu, nesterov = self.momentum, self.nesterov
        if mu == 0.0:
            return _plain

        def rule(t: int, rate: float, g: Any, sqrt: Callable[[Any], Any], slots: Slots) -> tuple[Any, Slots]:
            velocity = mu * slots[0] + g
            return rate * (g + mu * velocity if nesterov else velocity), (velocity,)

        return rule


def _plain(t: int, rate: float, g: Any, sqrt: Callable[[Any], Any], slots: Slots) -> tuple[Any, Slots]:
    """Plain SGD's rule: the velocity stays 0."""
    return rate * g, slots


def sgd_step(
    params: Any,
    grads: Any,
    velocity: Any = None,
    *,
    learning_rate: float,
    momentum: float = 0.0,
    nesterov: bool = False,
) -> tuple[Any, Any]:
    """One update of SGD (with momentum ``momentum``, Nesterov's form if ``nesterov``): :class:`SGD`'s rule,
    for a caller that keeps its own velocity. ``params``, ``grads`` and ``velocity`` are numbers or arrays
    of one shape; ``velocity`` None is a velocity of zeros. Returns ``(new params, new velocity)``.

    Examples
    --------
    >>> sgd_step(1.0, 2.0, learning_rate=0.1)
    (0.8, 0.0)
    """
    opt = SGD(learning_rate, momentum, nesterov)
    theta = check_array(params, "params", low=-math.inf, high=math.inf)
    g = check_array(grads, "grads", low=-math.inf, high=math.inf)
    v = np.zeros_like(theta) if velocity is None else check_array(velocity, "velocity", low=-math.inf, high=math.inf)
    if not theta.shape == g.shape == v.shape:
        raise ValueError(f"params, grads and velocity must have one shape, got {theta.shape}, {g.shape}, {v.shape}")
    with np.errstate(over="ignore", invalid="ignore"):  # an update too large for a float is refused below
        change, (v,) = opt._update()(0, opt.learning_rate, g, np.sqrt, (v,))
        new = theta - change
    if not (np.isfinite(new).all() and np.isfinite(v).all()):
        raise ValueError(
            "the update overflowed a float: params, grads and velocity are too large for this "
            f"learning_rate ({opt.learning_rate}) and momentum ({opt.momentum})"
        )
    return (float(new), float(v)) if theta.ndim == 0 else (new, v)


class AdaGrad(_Rule):
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
    SETTINGS = ("initial_accumulator_value", "epsilon")

    def __init__(
        self, learning_rate: LearningRate, initial_accumulator_value: float = 0.1, epsilon: float = 1e-7
    ) -> None:
        super().__init__(learning_rate)
        self.initial_accumulator_value = check_number(initial_accumulator_value, "initial_accumulator_value", low=0.0)
        self.epsilon = check_positive(epsilon, "epsilon")

    def _start(self, size: int) -> Slots:
        return (np.full(size, self.initial_accumulator_value),)

    def _update(self) -> Update:
        epsilon = self.epsilon

        def rule(t: int, rate: float, g: Any, sqrt: Callable[[Any], Any], slots: Slots) -> tuple[Any, Slots]:
            accumulator = slots[0] + g * g
            return rate * (g / sqrt(accumulator + epsilon)), (accumulator,)

        return rule


class RMSProp(_Rule):
    """RMSProp, exactly as TF.js's ``tf.train.rmsprop(learningRate, decay, momentum, epsilon)`` (not centered).

    Each parameter keeps a decaying mean of its squared gradients, ``s``, and a momentum ``m`` of its
    scaled steps, both starting at 0::

        s <- decay * s + (1 - decay) * g**2
        m <- momentum * m + learning_rate * g / sqrt(s + epsilon)
        theta <- theta - m

    ``epsilon`` sits inside the square root, as in TF.js (1e-7, its CPU backend's epsilon).
    """

    SLOTS = ("mean_square", "moment")
    SETTINGS = ("decay", "momentum", "epsilon")

    def __init__(
        self, learning_rate: LearningRate, decay: float = 0.9, momentum: float = 0.0, epsilon: float = 1e-7
    ) -> None:
        super().__init__(learning_rate)
        self.decay, self.momentum = check_fraction(decay, "decay"), check_fraction(momentum, "momentum")
        self.epsilon = check_positive(epsilon, "epsilon")

    def _update(self) -> Update:
        decay, momentum, epsilon = self.decay, self.momentum, self.epsilon

        def rule(t: int, rate: float, g: Any, sqrt: Callable[[Any], Any], slots: Slots) -> tuple[Any, Slots]:
            mean_square = slots[0] * decay + g * g * (1 - decay)
            moment = slots[1] * momentum + g * rate / sqrt(mean_square + epsilon)
            return moment, (mean_square, moment)

        return rule


class Adam(_Rule):
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
    SETTINGS = ("beta1", "beta2", "epsilon")

    def __init__(
        self, learning_rate: LearningRate = 0.001, beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-7
    ) -> None:
        super().__init__(learning_rate)
        self.beta1, self.beta2 = check_fraction(beta1, "beta1"), check_fraction(beta2, "beta2")
        self.epsilon = check_positive(epsilon, "epsilon")

    def _update(self) -> Update:
        beta1, beta2, epsilon = self.beta1, self.beta2, self.epsilon

        def rule(t: int, rate: float, g: Any, sqrt: Callable[[Any], Any], slots: Slots) -> tuple[Any, Slots]:
            first_moment = slots[0] * beta1 + g * (1 - beta1)
            second_moment = slots[1] * beta2 + g * g * (1 - beta2)
            corrected_first = first_moment / (1 - beta1 ** (t + 1))
            corrected_second = second_moment / (1 - beta2 ** (t + 1))
            return rate * (corrected_first / (sqrt(corrected_second) + epsilon)), (first_moment, second_moment)

        return rule


class Rule(NamedTuple):
    """An optimizer's rule as ``fit``'s fast path runs it: ``step`` without its checks of its arguments.

    ``update`` is the optimizer's :data:`Update`, ``schedule`` its learning rate, ``done`` the updates it
    made before, and ``slots`` its slots now (for the number of parameters asked for).
    """

    update: Update
    schedule: Callable[[int], float]
    done: int
    slots: Slots


def rule_of(optimizer: Optimizer, size: int) -> Rule | None:
    """The fast path's hook: the :class:`Rule` of an optimizer of this module for ``size`` parameters,
    or None for any other optimizer (a subclass that changes ``step`` included): ``fit`` then calls its ``step``.
    """
    kind = type(optimizer)
    if _Rule not in kind.__mro__ or kind.step is not _Rule.step:  # (the MRO: faster than an ABC's isinstance)
        return None
    rule = cast(_Rule, optimizer)
    return Rule(rule._update(), rule.schedule, rule.iterations, rule._slots(size))


def keep(optimizer: Optimizer, rule: Rule, updates: int, slots: Slots) -> None:
    """Leave ``optimizer`` (whose :class:`Rule` ``rule`` is) as ``updates`` calls of ``step`` would have left
    it: its count and its slots after them (``slots``, arrays that nothing else holds)."""
    if updates:
        kept = cast(_Rule, optimizer)
        kept.iterations, kept.slots = rule.done + updates, dict(zip(kept.SLOTS, slots, strict=True))
