"""Exercises of notebook 04: the optimizer."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..data import make_data, make_original_data
from ..evaluation import (
    hessian_eigenvalues,
    least_squares,
    stability_limit,
)
from ..losses import mse_gradient
from ..model import LinearModel
from ..optimizers import SGD
from ..training import fit
from ._fixtures import _standardized
from ._framework import (
    AnswerError,
    FunctionTask,
    Mistake,
    Verdict,
    exercise,
    function_exercise,
    judge_integer,
    judge_number,
    judge_vector,
)


@exercise("04.1")
def check_04_1(answer: object) -> Verdict:
    """Exercise 04.1: the full-batch stability limit 2 / lambda_max for the inputs x = 1..9 (a number)."""
    x_eval, _ = make_data(1.0, 10.0, 1.0)
    expected = stability_limit(x_eval)
    low, high = hessian_eigenvalues(x_eval)
    factor_hint = (
        "check the two factors of 2: H = 2 [[mean(x**2), mean(x)], [mean(x), 1]], and the limit is 2 "
        "divided by its largest eigenvalue."
    )
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="build H = 2 [[mean(x**2), mean(x)], [mean(x), 1]] for these inputs and take 2 over the largest "
        "eigenvalue (np.linalg.eigvalsh sorts them smallest first).",
        praise="above that learning rate full-batch gradient descent on these inputs diverges, and the original's 0.1 "
        "lies above it.",
        mistakes=[
            (
                2.0 / low,
                "that is 2 over the smallest eigenvalue; the steepest direction (the largest eigenvalue) "
                "sets the limit.",
            ),
            (1.0 / high, factor_hint),
            (4.0 / high, factor_hint),
            (
                stability_limit(make_data(1.0, 11.0, 1.0)[0]),
                "that includes the stop value of tf.range among the inputs; it stops before it.",
            ),
            (
                stability_limit(make_original_data()[0]),
                "that is the limit for the training inputs 1..99; this task uses the evaluation inputs.",
            ),
        ],
    )


def _step(w: float, b: float, x: np.ndarray, y: np.ndarray, learning_rate: float) -> tuple[float, float]:
    """One gradient-descent step on the MSE of w * x + b over (x, y): SGD(learning_rate).step at mse_gradient."""
    theta = SGD(learning_rate).step(np.array([w, b]), np.append(*mse_gradient(x, y, [w], b)))
    return float(theta[0]), float(theta[1])


def _gradient(w: float, b: float, x: np.ndarray, y: np.ndarray, *, reduce=np.mean, factor: float = 2.0):
    error = w * x + b - y
    return factor * reduce(error * x), factor * reduce(error)


def _uphill(w, b, x, y, learning_rate):
    grad_w, grad_b = _gradient(w, b, x, y)
    return w + learning_rate * grad_w, b + learning_rate * grad_b


def _no_rate(w, b, x, y, learning_rate):
    grad_w, grad_b = _gradient(w, b, x, y)
    return w - grad_w, b - grad_b


def _sequential(w, b, x, y, learning_rate):
    w = w - learning_rate * _gradient(w, b, x, y)[0]
    return w, b - learning_rate * _gradient(w, b, x, y)[1]  # b's derivative taken at the new w


def _no_factor_2(w, b, x, y, learning_rate):
    grad_w, grad_b = _gradient(w, b, x, y, factor=1.0)
    return w - learning_rate * grad_w, b - learning_rate * grad_b


def _summed(w, b, x, y, learning_rate):
    grad_w, grad_b = _gradient(w, b, x, y, reduce=np.sum)
    return w - learning_rate * grad_w, b - learning_rate * grad_b


def _the_step(w, b, x, y, learning_rate):
    grad_w, grad_b = _gradient(w, b, x, y)
    return -learning_rate * grad_w, -learning_rate * grad_b


#: The mistakes of exercise 04.2 that the check names.
STEP_MISTAKES = (
    Mistake(
        "uphill",
        _uphill,
        "your step goes uphill: gradient descent moves against the gradient, "
        "w - learning_rate * dL/dw (and the same for b).",
    ),
    Mistake(
        "no learning rate",
        _no_rate,
        "your step leaves out the learning rate: multiply each derivative by learning_rate before subtracting it.",
    ),
    Mistake(
        "sequential",
        _sequential,
        "you changed w before computing the derivative for b: take both derivatives "
        "at the same (w, b), then update both.",
    ),
    Mistake(
        "no factor 2",
        _no_factor_2,
        "your steps are half as long as they should be: the derivative of a squared error brings a factor 2.",
    ),
    Mistake(
        "sum",
        _summed,
        "your steps grow with the number of points: the gradient of the MSE averages over the "
        "points (np.mean), it does not add them up.",
    ),
    Mistake("the step", _the_step, "you returned the step itself: add it to w and b and return the new parameters."),
)


def _read_pair(result: object, case: Mapping[str, object]) -> np.ndarray:
    """A step's result (w, b) as an array, or AnswerError."""
    if not isinstance(result, (tuple, list, np.ndarray)) or len(result) != 2:
        raise AnswerError("your function should return two numbers: the new w and the new b.")
    try:
        return np.array([np.asarray(value, dtype=np.float64).item() for value in result])
    except (TypeError, ValueError):
        raise AnswerError("your function should return the new w and the new b as two numbers.") from None


def _unchanged(got: np.ndarray, expected: np.ndarray, case: Mapping[str, object]) -> str | None:
    if np.allclose(got, [case["w"], case["b"]]):
        return (
            "your function returns w and b unchanged: compute both derivatives (notebook 03), then move each "
            "parameter against its derivative."
        )
    return None


def _step_cases() -> tuple[dict[str, object], ...]:
    x, y = make_original_data()
    x_std, y_std = _standardized()
    start = LinearModel(seed=0).get_params()
    return (
        {"w": float(start[0]), "b": float(start[1]), "x": x, "y": y, "learning_rate": 1e-5},
        {"w": -0.6, "b": 1.6, "x": x_std, "y": y_std, "learning_rate": 0.3},
        {"w": 0.2, "b": -0.3, "x": x_std[60:65], "y": y_std[60:65], "learning_rate": 0.05},
    )


STEP_TASK = FunctionTask(
    reference=_step, cases=_step_cases(), read=_read_pair, mistakes=STEP_MISTAKES, diagnose=_unchanged
)

check_04_2 = function_exercise(
    "04.2",
    STEP_TASK,
    name="sgd_step",
    doc="Exercise 04.2: the learner's one gradient-descent step on the MSE against SGD.step (a function).",
    praise="your step gives SGD.step's (w, b) on the raw data, the standardized data and a mini-batch: this is "
    "the update that fit makes once per batch.",
    hint="compute the error w * x + b - y, the two derivatives 2 * mean(error * x) and 2 * mean(error) at the same "
    "(w, b), then w - learning_rate * dL/dw and b - learning_rate * dL/db; return both.",
)


@exercise("04.3")
def check_04_3(answer: object) -> Verdict:
    """Exercise 04.3: full-batch steps (lr 0.9) from (-0.6, 1.6) until the distance is below 1% of the start."""
    x_std, y_std = _standardized()
    start = LinearModel(seed=0).set_params([-0.6, 1.6])
    history = fit(start, x_std, y_std, SGD(0.9), epochs=60, batch_size=len(y_std), shuffle=False)
    w_star, b_star = least_squares(x_std, y_std)
    distance = np.linalg.norm(history.params - np.append(w_star, b_star), axis=1)
    reached = np.flatnonzero(distance < 0.01 * distance[0])
    if reached.size == 0:  # guards the exercise itself, not the answer
        raise RuntimeError("exercise 04.3 needs more epochs: the run never reaches the target")
    expected = int(reached[0])
    count_hint = (
        "count again: history.params[k] holds (w, b) after k steps (row 0 is the start), and the task "
        "asks for the first k at which the distance is below 1% of the starting distance."
    )
    return judge_integer(
        answer,
        expected,
        hint="each step multiplies the distance to the optimum by |1 - lr * lambda| with lambda = 2 on the "
        "standardized data: find the first whole k with |1 - 2 lr|^k < 0.01, or measure it in history.params.",
        praise="each zig-zag step keeps a fixed fraction of the distance, so the count follows from 1 - 2 lr.",
        mistakes=[(expected - 1, count_hint), (expected + 1, count_hint)],
    )


@exercise("04.4")
def check_04_4(answer: object) -> Verdict:
    """Exercise 04.4: the learning rates at which the first full-batch step lands on the optimum and at which the
    loss stops falling, on the standardized data (two numbers)."""
    x_std, _ = _standardized()
    curvature = hessian_eigenvalues(x_std)[-1]  # both are 2 on the standardized data
    expected = [1.0 / curvature, stability_limit(x_std)]
    return judge_vector(
        answer,
        expected,
        rtol=0.02,
        hint="each step multiplies the distance to the optimum by 1 - lr * lambda (notebook 03 gives the "
        "eigenvalues of the standardized bowl): the first step lands when that factor is 0, and the loss stops "
        "falling when the factor's size reaches 1.",
        praise="the factor 1 - 2 lr is 0 at the first rate and -1 at the second, the stability limit 2 / lambda: "
        "there the path jumps between two points, and above it the loss grows.",
        mistakes=[
            (
                [2.0 / curvature, 4.0 / curvature],
                "those rates use a curvature of 1: on the standardized data both eigenvalues of the Hessian are 2.",
            ),
            (
                [0.5 / curvature, 1.0 / curvature],
                "those are half the rates: the factor 1 - lr * lambda is 0 when "
                "lr * lambda = 1, and -1 when lr * lambda = 2.",
            ),
            (expected[::-1], "swap the two: the step lands on the optimum at the smaller rate."),
        ],
    )
