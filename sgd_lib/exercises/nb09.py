"""Exercises of notebook 09: momentum."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..evaluation import (
    hessian_eigenvalues,
    least_squares_floor,
    stability_limit,
)
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
    correct,
    exercise,
    function_exercise,
    judge_integer,
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


def _read_step(result: object, case: Mapping[str, object]) -> np.ndarray:
    """A momentum step's (theta, v) as one array [theta..., v...], or AnswerError."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AnswerError("your function should return two things: the new theta and the new v.")
    size = np.size(case["theta"])
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
            "your velocity averages the gradients, v <- mu * v + (1 - mu) * g (that is Adam's first moment, "
            "notebook 10); TF.js's momentum adds the whole gradient, v <- mu * v + g.",
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


@exercise("09.2")
def check_09_2(answer: object) -> Verdict:
    """Exercise 09.2: the largest stable learning rate with momentum 0.5 on the stretched data (a number)."""
    x_tens, _ = _stretched()
    mu = 0.5
    expected = 2.0 * (1.0 + mu) / float(hessian_eigenvalues(x_tens)[-1])
    return judge_number(
        answer,
        expected,
        hint="put z = -1 into the characteristic polynomial and solve for the learning rate, with the largest "
        "curvature of the stretched data (hessian_eigenvalues(x_tens)).",
        praise="momentum 0.5 lets full-batch descent take steps one and a half times the plain limit.",
        mistakes=[
            (stability_limit(x_tens), "that is the limit without momentum; momentum mu multiplies it by (1 + mu)."),
            (
                stability_limit(x_tens, momentum=mu, nesterov=True),
                "that is Nesterov's limit; this exercise asks for classical momentum.",
            ),
        ],
    )


@exercise("09.3")
def check_09_3(answer: object) -> Verdict:
    """Exercise 09.3: full-batch Nesterov steps (lr 0.01, mu 0.9) until the loss is within 1% of the floor (an int)."""
    x_tens, y_std = _stretched()
    model = LinearModel(seed=0)
    history = fit(
        model, x_tens, y_std, SGD(0.01, momentum=0.9, nesterov=True), epochs=200, batch_size=len(y_std), shuffle=False
    )
    reached = np.flatnonzero(np.asarray(history.loss) <= 1.01 * least_squares_floor(x_tens, y_std))
    if reached.size == 0:  # guards the exercise itself, not the answer
        raise RuntimeError("exercise 09.3 needs more epochs: the run never reaches the target")
    return judge_integer(
        answer,
        int(reached[0]),
        slack=1,
        hint="train LinearModel(seed=0) on (x_tens, y_std) with batch_size=len(y_std), shuffle=False and "
        "SGD(0.01, momentum=0.9, nesterov=True); with full batches history.loss[k] is the loss after k "
        "steps: find the first k with loss <= 1.01 * floor.",
        praise="that is how many full-batch Nesterov steps this setting needs on the stretched surface.",
    )


#: Exercise 09.4's choices: the momenta the explorer is asked about, at learning rate 0.015 for 80 steps.
STEER_MOMENTA = (0.5, 0.9, 0.99)


def _first_within(momentum: float, *, learning_rate: float = 0.015, steps: int = 80) -> int | None:
    """The first full-batch step within 1% of the floor on the stretched bowl from LinearModel(seed=0), or None."""
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
    inside = np.flatnonzero(np.asarray(history.loss) <= 1.01 * least_squares_floor(x_tens, y_std))
    return int(inside[0]) if inside.size else None


@exercise("09.4")
def check_09_4(answer: object) -> Verdict:
    """Exercise 09.4: which momentum of 0.5, 0.9, 0.99 at learning rate 0.015 gets within 1% in 80 steps (a number)."""
    reached = [mu for mu in STEER_MOMENTA if _first_within(mu) is not None]
    if len(reached) != 1:  # guards the exercise itself, not the answer
        raise RuntimeError(f"exercise 09.4 needs one momentum that gets there, got {reached}")
    value = as_number(answer, "one of the momenta 0.5, 0.9 and 0.99")
    if np.isclose(value, reached[0]):
        return correct(
            "too little memory and the steps along the valley stay short; too much and the swings "
            "die slowly, by the factor sqrt(mu) per step."
        )
    if np.isclose(value, 0.5):
        return wrong(
            "with mu = 0.5 a steady gradient builds only twice itself, g / (1 - mu): the steps along the "
            "valley are too short to get there in 80 steps. Move the slider and read the explorer's sentence."
        )
    if np.isclose(value, 0.99):
        return wrong(
            "with mu = 0.99 the error spirals down by only sqrt(0.99), about 0.995, per step: after 80 "
            "steps the swings are still large. Move the slider and read the explorer's sentence."
        )
    return wrong(
        "answer one of the three momenta of the list: the one whose run the explorer says is first "
        "within 1% of the floor."
    )
