"""Exercises of notebook 09: momentum."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..evaluation import hessian_eigenvalues, least_squares_floor
from ..model import LinearModel
from ..optimizers import SGD
from ..training import fit
from ._fixtures import _stretched
from ._framework import (
    AnswerError,
    FunctionTask,
    Mistake,
    Verdict,
    as_number,
    as_vector,
    correct,
    exercise,
    function_exercise,
    judge_number,
    wrong,
)

# --- 09.1: the learner writes one step of SGD with momentum ---------------------------------------


def _momentum_step(theta, v, g, lr, mu, nesterov=False):
    """One step of TF.js's tf.train.momentum: v <- mu v + g, then theta <- theta - lr v (or lr (g + mu v))."""
    v = mu * v + g
    return theta - lr * (g + mu * v if nesterov else v), v


def _plain_step(theta, v, g, lr, mu, nesterov=False):
    return theta - lr * g, mu * v + g


def _old_velocity(theta, v, g, lr, mu, nesterov=False):
    if nesterov:  # stepping before the velocity update gives Nesterov's rule classical momentum's step: see below
        return _momentum_step(theta, v, g, lr, mu, nesterov)
    return theta - lr * v, mu * v + g


def _averaged(theta, v, g, lr, mu, nesterov=False):
    v = mu * v + (1 - mu) * g
    return theta - lr * (g + mu * v if nesterov else v), v


def _no_decay(theta, v, g, lr, mu, nesterov=False):
    v = v + g
    return theta - lr * (g + mu * v if nesterov else v), v


def _learning_rate_inside(theta, v, g, lr, mu, nesterov=False):
    v = mu * v + lr * g
    return theta - (lr * g + mu * v if nesterov else v), v


def _classical_always(theta, v, g, lr, mu, nesterov=False):
    return _momentum_step(theta, v, g, lr, mu, nesterov=False)


def _keras_form(theta, v, g, lr, mu, nesterov=False):
    v = mu * v - lr * g  # Keras's and PyTorch's velocity: minus learning rate times gradients
    return theta + (mu * v - lr * g if nesterov else v), v


def _old_velocity_returned(theta, v, g, lr, mu, nesterov=False):
    return _momentum_step(theta, v, g, lr, mu, nesterov)[0], v


def _read_step(result: object, case: Mapping[str, object]) -> np.ndarray:
    """A momentum step's (theta, v) as one array [theta..., v...], or AnswerError."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AnswerError("your function should return two things: the new theta and the new v.")
    size = np.asarray(case["theta"]).size
    try:
        parts = [np.asarray(part, dtype=np.float64).reshape(-1) for part in result]
    except (TypeError, ValueError):
        raise AnswerError("your function should return theta and v as arrays of numbers.") from None
    if any(part.size != size for part in parts):
        raise AnswerError(f"theta and v should each hold {size} numbers, one per parameter.")
    return np.concatenate(parts)


def _step_cases() -> tuple[dict[str, object], ...]:
    first = {"theta": np.array([0.5, -1.0]), "v": np.zeros(2), "g": np.array([2.0, -1.0]), "lr": 0.1, "mu": 0.9}
    later = {
        "theta": np.array([0.3, 0.2]),
        "v": np.array([1.5, -0.5]),
        "g": np.array([-0.3, 0.8]),
        "lr": 0.05,
        "mu": 0.8,
    }
    return (first, later, {**later, "nesterov": True}, {**first, "nesterov": True})


MOMENTUM_STEP_TASK = FunctionTask(
    reference=_momentum_step,
    cases=_step_cases(),
    read=_read_step,
    mistakes=(
        Mistake(
            "plain step",
            _plain_step,
            "your theta moves by the learning rate times the gradient alone: with momentum it moves along the "
            "velocity, theta <- theta - lr * v, after v <- mu * v + g.",
        ),
        Mistake(
            "old velocity",
            _old_velocity,
            "your step uses the velocity from before this step's gradient was added: first v <- mu * v + g, then "
            "theta <- theta - lr * v with that new v.",
        ),
        Mistake(
            "averaged",
            _averaged,
            "your velocity averages the gradients, v <- mu * v + (1 - mu) * g (that is Adam's v, notebook 10); "
            "TF.js's momentum adds the whole gradient, v <- mu * v + g, a sum 1 / (1 - mu) times that average.",
        ),
        Mistake(
            "no decay",
            _no_decay,
            "your velocity never forgets: multiply the old velocity by mu before adding the gradient.",
        ),
        Mistake(
            "learning rate inside",
            _learning_rate_inside,
            "your velocity holds learning rate times gradients (another common way to write momentum); here, as "
            "in TF.js, v holds gradients only: v <- mu * v + g, then theta <- theta - lr * v.",
        ),
        Mistake(
            "nesterov as classical",
            _classical_always,
            "with nesterov=True your step is classical momentum's: Nesterov steps by lr * (g + mu * v) with the "
            "new v (with the old v, g + mu * v is just classical momentum's new velocity).",
        ),
        Mistake(
            "keras form",
            _keras_form,
            "your velocity holds minus learning rate times gradients, v <- mu * v - lr * g (Keras's and "
            "PyTorch's way); here, as in TF.js, v holds gradients only: v <- mu * v + g, then "
            "theta <- theta - lr * v.",
        ),
        Mistake(
            "old velocity returned",
            _old_velocity_returned,
            "your theta is right, but you return the velocity you were given: return the new v as well.",
        ),
    ),
)

check_09_1 = function_exercise(
    "09.1",
    MOMENTUM_STEP_TASK,
    name="momentum_step",
    doc="Exercise 09.1: the learner's momentum_step(theta, v, g, lr, mu, nesterov=False) -> (theta, v) (a function).",
    praise="your step is TF.js's tf.train.momentum, classical and Nesterov, on four different cases.",
    hint="follow the update rules at the top of the notebook one line at a time: the new velocity first, then theta; "
    "return both, as a pair (theta, v).",
)


#: Exercise 09.2's learning rate: above plain descent's limit on the stretched bowl.
LIMIT_LEARNING_RATE = 0.04


@exercise("09.2")
def check_09_2(answer: object) -> Verdict:
    """Exercise 09.2: the smallest momentum at which learning rate 0.04 converges on the stretched data (a number)."""
    x_tens, _ = _stretched()
    step = LIMIT_LEARNING_RATE * float(hessian_eigenvalues(x_tens)[-1])  # eta * lambda_max
    return judge_number(
        answer,
        step / 2 - 1,
        atol=1e-3,
        hint="momentum converges for lr < 2 (1 + mu) / lambda_max: solve that for mu, with the largest curvature of "
        "the stretched data (hessian_eigenvalues(x_tens)).",
        praise="any larger momentum lets full-batch descent run at this learning rate, above plain descent's limit. "
        "Nesterov cannot: its limit 2 (1 + mu) / ((1 + 2 mu) lambda_max) stays below plain descent's for every mu.",
        mistakes=[
            (step / 2, "that is lr * lambda_max / 2, which must stay below 1 + mu: subtract the 1."),
            (
                0.0,
                "at mu = 0 this is plain descent, and its limit is below this learning rate: solve "
                "lr < 2 (1 + mu) / lambda_max for mu.",
            ),
        ],
    )


def _stretched_run(learning_rate: float, momentum: float, steps: int) -> np.ndarray:
    """The losses of ``steps`` full-batch momentum steps on the stretched bowl from LinearModel(seed=0)."""
    x_tens, y_std = _stretched()
    history = fit(
        LinearModel(seed=0),
        x_tens,
        y_std,
        SGD(learning_rate, momentum=momentum),
        epochs=steps,
        batch_size=len(y_std),
        shuffle=False,
    )
    return np.asarray(history.loss)


def _first_and_settles(loss: np.ndarray) -> tuple[int | None, int | None]:
    """The first step within 1% of the floor, and the step from which the loss stays there (None: never)."""
    inside = loss <= 1.01 * least_squares_floor(*_stretched())
    if not inside[-1]:
        return (int(np.argmax(inside)) if inside.any() else None), None
    return int(np.argmax(inside)), int(np.flatnonzero(~inside).max(initial=-1)) + 1


@exercise("09.3")
def check_09_3(answer: object) -> Verdict:
    """Exercise 09.3: [first step within 1% of the floor, step it settles] of SGD(0.015, momentum=0.9) (two ints)."""
    first, settles = _first_and_settles(_stretched_run(0.015, 0.9, 400))
    if first is None or settles is None or settles <= first + 2:  # guards the exercise itself, not the answer
        raise RuntimeError(f"exercise 09.3 needs a run that dips in and out of the target, got {first}, {settles}")
    value = as_vector(answer, 2, "two whole numbers: [first within, settles]")
    if np.array_equal(value, [first, settles]):
        return correct(
            "the loss dips within 1% early; the zig-zag across, then the overshoot along the valley (the "
            "hump), take it out again: only the second number says the run is done."
        )
    if np.array_equal(value[::-1], [first, settles]):
        return wrong("the first within comes first: answer [first within, settles].")
    if value[0] == first and value[1] == settles - 1:
        return wrong(
            "your first step within 1% is right, and your second is the last step outside: the run settles "
            "one step later, at the first step from which every loss is within 1%."
        )
    if value[0] == first:
        return wrong(
            "your first step within 1% is right; settling is the step from which the loss stays within "
            "1% up to the end of the run: look for the last step outside, and add one."
        )
    return wrong(
        "with full batches history.loss[k] is the loss after k steps: find the first k with "
        "loss[k] <= 1.01 * floor, and the first k from which every later loss is too (the `settles` of the "
        "race)."
    )


#: Exercise 09.4's choices: the momenta to compare at learning rate 0.004, a quarter of the race's best.
STEER_MOMENTA = (0.8, 0.9, 0.93, 0.97)
STEER_LEARNING_RATE = 0.004


def _settles(momentum: float) -> float:
    """The step from which 400 full-batch steps at STEER_LEARNING_RATE stay within 1% of the floor (inf: never)."""
    settles = _first_and_settles(_stretched_run(STEER_LEARNING_RATE, momentum, 400))[1]
    return np.inf if settles is None else settles


@exercise("09.4")
def check_09_4(answer: object) -> Verdict:
    """Exercise 09.4: which momentum of 0.8, 0.9, 0.93, 0.97 settles soonest at learning rate 0.004 (a number)."""
    steps = {mu: _settles(mu) for mu in STEER_MOMENTA}
    soonest = min(steps, key=steps.__getitem__)
    value = as_number(answer, "one of the momenta 0.8, 0.9, 0.93 and 0.97")
    if np.isclose(value, soonest):
        return correct(
            "the flat direction spirals only for (1 - sqrt(mu))**2 < lr * lambda_min: at this small "
            "learning rate that needs mu above about 0.91. Below it the flat error creeps on real roots; "
            "above it, the larger mu, the slower the spiral shrinks (sqrt(mu) per step)."
        )
    known = [mu for mu in STEER_MOMENTA if np.isclose(value, mu)]
    if known and known[0] < soonest:
        return wrong(
            "with that momentum the flat direction's roots are real at this learning rate: compare "
            "(1 - sqrt(mu))**2 with lr * lambda_min, and watch the error along the valley in the explorer."
        )
    if known:
        return wrong(
            "that momentum makes both directions spiral, but they shrink only by sqrt(mu) per step: a "
            "smaller momentum that still spirals is faster."
        )
    return wrong("answer one of the four momenta of the list.")
