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
    judge_vector,
)


@exercise("04.1")
def check_04_1(answer: object) -> Verdict:
    """Exercise 04.1: the largest n for which full-batch descent at 0.1 is stable on x = 1..n (a whole number)."""

    def largest(limit_of) -> int:
        n = 1
        while limit_of(make_data(1.0, n + 2.0, 1.0)[0]) > 0.1:  # x = 1..n+1 still stable
            n += 1
        return n

    expected = largest(stability_limit)
    factor_hint = (
        "check the factors: H = 2 [[mean(x**2), mean(x)], [mean(x), 1]] averages over the points, and the limit "
        "is 2 divided by its largest eigenvalue."
    )
    return judge_integer(
        answer,
        expected,
        hint="the limit 2 / lambda_max shrinks as n grows, since larger x curve the bowl more steeply: compute it "
        "for x = 1..n, n = 1, 2, 3, ... (stability_limit, or the Hessian in NumPy); stop before it falls below 0.1.",
        praise="lambda_max grows about as 2 mean(x**2), so the limit falls fast with the size of x: already the "
        "evaluation inputs 1..9 would diverge at 0.1, and 1..99 are 332 times past it.",
        mistakes=[
            (
                expected + 1,
                "that is the first n at which 0.1 lies above the limit; the task asks for the last stable one.",
            ),
            (largest(lambda x: 1.0 / hessian_eigenvalues(x)[-1]), factor_hint),
            (9, "x = 1..9 are the evaluation inputs: is 0.1 below their limit?"),
        ],
    )


def _descend(w: float, b: float, x: np.ndarray, y: np.ndarray, learning_rate: float, steps: int) -> np.ndarray:
    """``steps`` full-batch gradient-descent steps on the MSE of w * x + b from (w, b): the path, start first,
    one row (w, b) per step, as SGD(learning_rate).step at mse_gradient makes it."""
    optimizer, theta = SGD(learning_rate), np.array([w, b], dtype=np.float64)
    path = [theta]
    for _ in range(steps):
        theta = optimizer.step(theta, np.append(*mse_gradient(x, y, theta[:1], theta[1])))
        path.append(theta)
    return np.array(path)


def _gradient(w: float, b: float, x: np.ndarray, y: np.ndarray, *, reduce=np.mean, factor: float = 2.0):
    error = w * x + b - y
    return factor * reduce(error * x), factor * reduce(error)


def _walk(step):
    """A path of ``steps`` steps, each made by ``step(w, b, x, y, learning_rate)``."""

    def descend(w, b, x, y, learning_rate, steps):
        path = [(w, b)]
        for _ in range(steps):
            w, b = step(w, b, x, y, learning_rate)
            path.append((w, b))
        return np.array(path)

    return descend


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


def _gradient_once(w, b, x, y, learning_rate, steps):
    """The gradient taken once, at the start, and reused for every step."""
    grad_w, grad_b = _gradient(w, b, x, y)
    return np.array([(w - k * learning_rate * grad_w, b - k * learning_rate * grad_b) for k in range(steps + 1)])


def _same_row(w, b, x, y, learning_rate, steps):
    """Every row the last (w, b): one array changed in place and appended after every step."""
    final = _descend(w, b, x, y, learning_rate, steps)[-1]
    return np.array([final] * (steps + 1))


#: The mistakes of exercise 04.2 that the check names.
DESCEND_MISTAKES = (
    Mistake(
        "uphill",
        _walk(_uphill),
        "your steps go uphill: gradient descent moves against the gradient, "
        "w - learning_rate * dL/dw (and the same for b).",
    ),
    Mistake(
        "no learning rate",
        _walk(_no_rate),
        "your steps leave out the learning rate: multiply each derivative by learning_rate before subtracting it.",
    ),
    Mistake(
        "sequential",
        _walk(_sequential),
        "you changed w before computing the derivative for b: take both "
        "derivatives at the same (w, b), then update both.",
    ),
    Mistake(
        "no factor 2",
        _walk(_no_factor_2),
        "your steps are half as long as they should be: the derivative of a squared error brings a factor 2.",
    ),
    Mistake(
        "sum",
        _walk(_summed),
        "your steps grow with the number of points: the gradient of the MSE averages over "
        "the points (np.mean), it does not add them up.",
    ),
    Mistake(
        "gradient once",
        _gradient_once,
        "your path moves by the same step every time: the gradient changes as "
        "(w, b) moves, so compute it again at each new point, from the new errors.",
    ),
    Mistake(
        "same row",
        _same_row,
        "every row of your path holds the last (w, b): you appended one array and then "
        "changed it in place; append new numbers after each step (a tuple, or a copy).",
    ),
)


def _read_path(result: object, case: Mapping[str, object]) -> np.ndarray:
    """A path of (w, b) rows, the start first, as an array of shape (steps + 1, 2), or AnswerError."""
    try:
        path = np.asarray(result, dtype=np.float64)
    except (TypeError, ValueError):
        raise AnswerError("your function should return the path: rows of two numbers, (w, b).") from None
    steps = case["steps"]
    if not isinstance(steps, int):
        raise TypeError(f"a case's steps must be an int, got {steps!r}")
    rows = steps + 1
    if path.ndim != 2 or path.shape[1] != 2:
        raise AnswerError(f"your function should return rows of two numbers, (w, b); got shape {path.shape}.")
    if path.shape[0] != rows:
        raise AnswerError(
            f"your path has {path.shape[0]} row{'s' if path.shape[0] != 1 else ''} for {case['steps']} "
            "steps: it should hold the start, then (w, b) after each step, one row more than the steps."
        )
    return path


def _standing(got: np.ndarray, expected: np.ndarray, case: Mapping[str, object]) -> str | None:
    if np.allclose(got, got[0]):
        return (
            "your path never moves: at each step compute both derivatives (notebook 03) at the current (w, b), "
            "then move each parameter against its derivative."
        )
    return None


def _descend_cases() -> tuple[dict[str, object], ...]:
    x, y = make_original_data()
    x_std, y_std = _standardized()
    start = LinearModel(seed=0).get_params()
    return (
        {"w": float(start[0]), "b": float(start[1]), "x": x, "y": y, "learning_rate": 1e-5, "steps": 3},
        {"w": -0.6, "b": 1.6, "x": x_std, "y": y_std, "learning_rate": 0.3, "steps": 5},
        {"w": 0.2, "b": -0.3, "x": x_std[60:65], "y": y_std[60:65], "learning_rate": 0.05, "steps": 4},
    )


DESCEND_TASK = FunctionTask(
    reference=_descend, cases=_descend_cases(), read=_read_path, mistakes=DESCEND_MISTAKES, diagnose=_standing
)

check_04_2 = function_exercise(
    "04.2",
    DESCEND_TASK,
    name="descend",
    doc="Exercise 04.2: the learner's full-batch gradient descent, its path against SGD.step's (a function).",
    praise="your path is SGD.step's on the raw data, the standardized data and a mini-batch, start first as in "
    "history.params: the gradient taken anew at every point is what makes each step follow the bowl.",
    hint="start the path with (w, b); then, steps times, take one step of the update rule from the current (w, b), "
    "with the gradient of notebook 03 computed there, and append the new pair.",
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
        "standardized data: find the first whole k with |1 - 2 lr|^k < 0.01, or measure it on a path (your "
        "descend, or history.params).",
        praise="each zig-zag step keeps a fixed fraction of the distance, so the count follows from 1 - 2 lr.",
        mistakes=[(expected - 1, count_hint), (expected + 1, count_hint)],
    )


@exercise("04.4")
def check_04_4(answer: object) -> Verdict:
    """Exercise 04.4: on the standardized data, the learning rate whose first full-batch step lands on the
    optimum, and the other rate that shrinks the distance as fast as 0.3 does (two numbers)."""
    x_std, _ = _standardized()
    curvature = hessian_eigenvalues(x_std)[-1]  # both are 2 on the standardized data
    expected = [1.0 / curvature, 2.0 / curvature - 0.3]  # factor 0, and the factor of 0.3 with its sign flipped
    return judge_vector(
        answer,
        expected,
        rtol=0.02,
        hint="each step multiplies the distance to the optimum by 1 - lr * lambda, with lambda = 2 for both "
        "directions on the standardized data: the first step lands when that factor is 0, and a rate shrinks the "
        "distance as fast as 0.3 when its factor has the same size as 0.3's.",
        praise="the factor 1 - 2 lr is 0 at the first rate; at 0.3 and at the second it has the same size with "
        "opposite signs, so both shrink the distance equally fast, one smoothly, one zig-zagging. At the limit 1 "
        "the factor is -1: the path jumps between two mirror points and the loss stays; above it the loss grows.",
        mistakes=[
            (
                [1.0, 2.0 - 0.3],
                "those rates use a curvature of 1: on the standardized data both eigenvalues of the Hessian are 2.",
            ),
            (
                [1.0 / curvature, 0.3],
                "0.3 is the rate given: find the other rate whose factor 1 - 2 lr has the same "
                "size with the opposite sign.",
            ),
            (
                [1.0 / curvature, 2.0 / curvature],
                "the second is the stability limit, where the factor reaches -1; "
                "the task asks for the rate whose factor has the size of 0.3's, with the opposite sign.",
            ),
            (expected[::-1], "swap the two: the step lands on the optimum at the smaller rate."),
        ],
    )
