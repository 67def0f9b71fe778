"""Exercises of notebook 10: adaptive step sizes."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..data import make_original_data
from ..evaluation import least_squares_floor
from ..losses import mse_at, mse_gradient
from ..model import LinearModel
from ..optimizers import AdaGrad, Adam, RMSProp
from ..training import fit
from ._framework import (
    AnswerError,
    FunctionTask,
    Mistake,
    Verdict,
    as_number,
    exercise,
    function_exercise,
    judge_integer,
    judge_number,
)

# --- 10.1: the learner writes one step of Adam -------------------------------------------------------


def _adam_step(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    """One step of TF.js's tf.train.adam at update number t = 1, 2, ...: returns the new (theta, v, s)."""
    v = beta1 * v + (1 - beta1) * g
    s = beta2 * s + (1 - beta2) * g**2
    v_hat, s_hat = v / (1 - beta1**t), s / (1 - beta2**t)
    return theta - lr * v_hat / (np.sqrt(s_hat) + epsilon), v, s


def _no_correction(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    v, s = beta1 * v + (1 - beta1) * g, beta2 * s + (1 - beta2) * g**2
    return theta - lr * v / (np.sqrt(s) + epsilon), v, s


def _corrected_state(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    theta, v, s = _adam_step(theta, v, s, g, t, lr, beta1, beta2, epsilon)
    return theta, v / (1 - beta1**t), s / (1 - beta2**t)


def _epsilon_inside(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    v, s = beta1 * v + (1 - beta1) * g, beta2 * s + (1 - beta2) * g**2
    return theta - lr * (v / (1 - beta1**t)) / np.sqrt(s / (1 - beta2**t) + epsilon), v, s


def _summed(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    v, s = beta1 * v + g, beta2 * s + (1 - beta2) * g**2
    return theta - lr * (v / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + epsilon), v, s


def _next_t(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    return _adam_step(theta, v, s, g, t + 1, lr, beta1, beta2, epsilon)


def _no_root(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    v, s = beta1 * v + (1 - beta1) * g, beta2 * s + (1 - beta2) * g**2
    return theta - lr * (v / (1 - beta1**t)) / (s / (1 - beta2**t) + epsilon), v, s


def _efficient_form(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    v, s = beta1 * v + (1 - beta1) * g, beta2 * s + (1 - beta2) * g**2
    lr_t = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)  # Kingma and Ba's "efficient" form: epsilon on sqrt(s)
    return theta - lr_t * v / (np.sqrt(s) + epsilon), v, s


def _t_from_zero(theta, v, s, g, t, lr, beta1=0.9, beta2=0.999, epsilon=1e-7):
    return _adam_step(theta, v, s, g, t - 1, lr, beta1, beta2, epsilon)


def _read_adam(result: object, case: Mapping[str, object]) -> np.ndarray:
    """An Adam step's (theta, v, s) as one array, or AnswerError."""
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise AnswerError("your function should return three things: the new theta, v and s.")
    size = np.asarray(case["theta"]).size
    try:
        parts = [np.asarray(part, dtype=np.float64).reshape(-1) for part in result]
    except (TypeError, ValueError):
        raise AnswerError("your function should return theta, v and s as arrays of numbers.") from None
    if any(part.size != size for part in parts):
        raise AnswerError(f"theta, v and s should each hold {size} numbers, one per parameter.")
    return np.concatenate(parts)


def _adam_cases() -> tuple[dict[str, object], ...]:
    x, y = make_original_data()
    start = LinearModel(seed=0).get_params()
    g = np.append(*mse_gradient(x, y, start[:1], start[1]))
    return (
        {"theta": start, "v": np.zeros(2), "s": np.zeros(2), "g": g, "t": 1, "lr": 0.1},  # the notebook's first step
        {
            "theta": np.array([0.3, 0.2]),
            "v": np.array([0.02, -0.01]),
            "s": np.array([4e-4, 1e-4]),
            "g": np.array([0.05, -0.03]),
            "t": 3,
            "lr": 0.01,
        },
        {
            "theta": np.array([1.0, -1.0]),
            "v": np.array([1e-5, -2e-6]),
            "s": np.array([1e-10, 4e-12]),
            "g": np.array([2e-5, -1e-6]),
            "t": 5,
            "lr": 0.001,
        },  # tiny gradients
    )


ADAM_STEP_TASK = FunctionTask(
    reference=_adam_step,
    cases=_adam_cases(),
    read=_read_adam,
    rtol=1e-9,
    mistakes=(
        Mistake(
            "no bias correction",
            _no_correction,
            "you step with v and s as they are: divide them by 1 - beta1**t and 1 - beta2**t first (they start "
            "at 0, so early on they are too small).",
        ),
        Mistake(
            "corrected state",
            _corrected_state,
            "your theta is right, but return v and s as averaged, not divided by 1 - beta**t: the correction is "
            "for the step only, and the next step averages on from the uncorrected values.",
        ),
        Mistake(
            "epsilon inside",
            _epsilon_inside,
            "Adam adds epsilon after the square root, sqrt(s_hat) + epsilon (it is RMSProp and AdaGrad that add "
            "it inside); with tiny gradients the two differ.",
        ),
        Mistake(
            "summed",
            _summed,
            "your v adds the whole gradient, like momentum's velocity; Adam's v is an average: "
            "v <- beta1 * v + (1 - beta1) * g.",
        ),
        Mistake(
            "next t",
            _next_t,
            "your correction uses the count of the next update: t is the number of this one, 1 for the first.",
        ),
        Mistake(
            "efficient form",
            _efficient_form,
            "your step folds the corrections into the learning rate, lr * sqrt(1 - beta2**t) / (1 - beta1**t), "
            "and adds epsilon to the uncorrected root (Kingma and Ba's efficient form, TF for Python's): TF.js "
            "adds epsilon to the corrected root, sqrt(s_hat) + epsilon; with tiny gradients the two differ.",
        ),
        Mistake(
            "t from zero",
            _t_from_zero,
            "your correction divides by 1 - beta**0 = 0 at the first update: t counts the updates from 1, so "
            "the first divides v by 1 - beta1.",
        ),
        Mistake(
            "no square root",
            _no_root,
            "divide by the square root of the corrected s: s averages squared gradients, so its root has the "
            "size of a gradient.",
        ),
    ),
)

check_10_1 = function_exercise(
    "10.1",
    ADAM_STEP_TASK,
    name="adam_step",
    doc="Exercise 10.1: the learner's adam_step(theta, v, s, g, t, lr, ...) -> (theta, v, s) (a function).",
    praise="your step is TF.js's tf.train.adam, bias correction and epsilon included, on three different cases.",
    hint="follow the table line by line: the new v and s, then both divided by 1 - beta**t, then the step "
    "lr * v_hat / (sqrt(s_hat) + epsilon); return theta, v and s.",
)


@exercise("10.2")
def check_10_2(answer: object) -> Verdict:
    """Exercise 10.2: how far AdaGrad(0.5) moves a parameter at its 100th update, the gradient staying 0.1."""
    optimizer, theta, g = AdaGrad(0.5), np.zeros(1), np.full(1, 0.1)
    for _ in range(99):
        theta = optimizer.step(theta, g)
    expected = float(theta[0] - optimizer.step(theta, g)[0])
    return judge_number(
        abs(as_number(answer)),  # new - old, with its minus sign, is as right as the distance
        expected,
        rtol=1e-3,
        hint="the accumulator starts at 0.1 and grows by g**2 at every update, before the step "
        "lr * g / sqrt(accumulator + epsilon); after the 100th update it holds 100 squares.",
        praise="AdaGrad's steps keep shrinking as its accumulator grows, like 1 / sqrt(t).",
        mistakes=[
            (0.5 * 0.1 / np.sqrt(100 * 0.01), "the accumulator does not start at 0 but at 0.1."),
            (
                0.5 * 0.1 / np.sqrt(0.1 + 99 * 0.01),
                "that is the 99th update: the accumulator adds g**2 before "
                "the step, so the 100th step divides by 100 squares.",
            ),
            (0.5 * 0.1 / (0.1 + 100 * 0.01), "divide by the square root of the accumulator."),
        ],
    )


@exercise("10.3")
def check_10_3(answer: object) -> Verdict:
    """Exercise 10.3: the first epoch at whose end w exceeds 50 (Adam(0.1), raw data, batches of 32) (an int)."""
    x, y = make_original_data()
    history = fit(LinearModel(seed=0), x, y, Adam(0.1), epochs=2000, seed=0)
    past = np.flatnonzero(history.params[1:, 0] > 50)
    if past.size == 0:  # guards the exercise itself, not the answer
        raise RuntimeError("exercise 10.3 needs more epochs: w never exceeds 50")
    epoch = int(past[0])
    return judge_integer(
        answer,
        epoch,
        hint="fit with enough epochs (w moves about 0.1 per update, four updates per epoch: batches of 32, 32, 32 "
        "and 3); "
        "history.params[k + 1] holds [w, b] at the end of epoch k.",
        praise="that many epochs of Adam at the original's learning rate just to get w halfway to 100.",
        mistakes=[
            (epoch + 1, "history.params[0] is the untrained model: the end of epoch k is history.params[k + 1].")
        ],
    )


#: Exercise 10.4's run: the explorer's RMSProp at learning rate 5, for its 300 full-batch steps.
STEER_RATE, STEER_STEPS = 5.0, 300


def _rmsprop_end(decay: float) -> float:
    """The loss after STEER_STEPS full-batch RMSProp steps on the raw data from LinearModel(seed=0), over the floor."""
    x, y = make_original_data()
    history = fit(
        LinearModel(seed=0),
        x,
        y,
        RMSProp(STEER_RATE, decay=decay),
        epochs=STEER_STEPS,
        batch_size=len(y),
        shuffle=False,
    )
    return float(mse_at(x, y, history.params[-1]) / least_squares_floor(x, y))


@exercise("10.4")
def check_10_4(answer: object) -> Verdict:
    """Exercise 10.4: the loss / floor after 300 full-batch steps of RMSProp(5.0, decay=0.999) (a number)."""
    expected, short = _rmsprop_end(0.999), _rmsprop_end(0.9)
    return judge_number(
        answer,
        expected,
        rtol=1e-3,
        hint="fit LinearModel(seed=0) on x, y with RMSProp(5.0, decay=0.999), epochs=300, batch_size=len(y) and "
        "shuffle=False; then divide the MSE of the last row of history.params (mse_at) by least_squares_floor(x, y).",
        praise="with decay 0.9, s remembers about 10 squared gradients: sqrt(s) follows |g| down, every step stays "
        "about the learning rate long, and w keeps jumping across the valley. With 0.999 s remembers the larger "
        "gradients of the way down, the steps shrink as the gradient does, and the zig-zag dies (Adam's beta2 is "
        "0.999 too).",
        mistakes=[(short, "that is the explorer's RMSProp, with decay 0.9: set decay=0.999.")],
    )
