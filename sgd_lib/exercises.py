"""Exercises that check themselves.

Every notebook ends with a few short exercises. Each exercise has an id ``"NN.K"``
(notebook ``NN``, task ``K``) and one check function ``check_NN_K`` in this module:

>>> from sgd_lib.exercises import check_07_1
>>> answer = None  # your code here
>>> check_07_1(answer)
Not answered yet: put your answer in `answer` (instead of None) and run this cell again.

A check prints exactly one line and returns None (so a notebook stores nothing else):

- ``Not answered yet: ...`` while the answer is the placeholder ``None`` (or ``...``);
- ``Correct: ...`` when the answer is right, within a tolerance;
- ``Not quite: ...`` with a hint otherwise. A hint says where to look, never what the
  expected value is (no number from which it could be read off).

How an exercise is written (follow this for every notebook)
-----------------------------------------------------------
1. In this module, write a *judge*: a function of the learner's answer that returns
   :func:`correct` or :func:`wrong`, and register it with the :func:`exercise`
   decorator under its id. The decorator turns it into the public ``check_NN_K``
   (it handles the placeholder, turns an answer of the wrong kind into a hint, and
   prints the one line)::

       @exercise("03.1")
       def check_03_1(answer):
           \"\"\"Exercise 03.1: the MSE of the line w = 100, b = -1683 on the original data (a number).\"\"\"
           x, y = make_original_data()
           expected = mean_squared_error(y, 100 * x - 1683)
           return judge_number(answer, expected, rtol=0.01,
                               hint="predict with w * x + b, then average the squared errors",
                               praise="that is the MSE of that line")

2. Compute the expected answer with ``sgd_lib`` inside the judge. Never type in a
   number that the library can compute, so a change of the library cannot leave a
   stale answer behind.
3. Convert the answer with :func:`as_number`, :func:`as_integer` or :func:`as_vector`
   (or let :func:`judge_number`, :func:`judge_integer` and :func:`judge_vector` do it):
   they raise :class:`AnswerError` with a readable sentence when the answer is of the
   wrong kind (a string, a list of the wrong length, ...).
4. Compare with a tolerance. For common mistakes (a forgotten factor 2, the raw data
   instead of the standardized data) pass ``mistakes=[(value, hint), ...]``: an answer
   close to ``value`` gets that specific hint. Hints must not contain the expected
   value, nor numbers from which it follows at once.
5. In the notebook's "Exercises" section, give each task a markdown cell and one code
   cell ``answer = None  # your code here`` followed by ``check_NN_K(answer)``; the
   stored output is the "Not answered yet" line.
6. Put a worked solution in ``notebooks/solutions/NN_name_solutions.ipynb`` (its check
   cells print "Correct: ..."), and add the exercise to ``SOLUTIONS`` in
   ``tests/test_exercises.py``: a function that computes the right answer the way the
   solution does, and a wrong answer. The tests fail for any registered exercise
   without them.

:data:`EXERCISES` maps every id to its check function, in the order registered.
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .data import Standardizer, batch_indices, make_data, make_original_data, standardize, train_test_split
from .evaluation import (
    condition_number,
    hessian_eigenvalues,
    least_squares,
    least_squares_floor,
    r2_score,
    root_mean_squared_error,
    stability_limit,
)
from .losses import mean_squared_error, mse_at, mse_gradient
from .model import LinearModel, glorot_limit
from .optimizers import SGD, InverseTimeDecay, StepDecay
from .training import History, fit

NOT_ANSWERED = "Not answered yet: put your answer in `answer` (instead of None) and run this cell again."

#: Every registered check function, by exercise id ("07.1", ...), in the order registered.
EXERCISES: dict[str, Callable[[object], None]] = {}

_ID = re.compile(r"^\d\d\.\d+$")


@dataclass(frozen=True)
class Verdict:
    """The outcome of a judge: right or wrong, and the sentence to show."""

    correct: bool
    message: str


class AnswerError(ValueError):
    """The answer is not of the expected kind; the message says what was expected."""


def correct(message: str) -> Verdict:
    """A right answer; ``message`` says what it means (it may repeat the learner's value)."""
    return Verdict(True, message)


def wrong(hint: str) -> Verdict:
    """A wrong answer; ``hint`` points the way without giving the expected value."""
    return Verdict(False, hint)


def feedback(judge: Callable[[object], Verdict], answer: object) -> str:
    """The one line a check prints for ``answer``."""
    if answer is None or answer is Ellipsis:
        return NOT_ANSWERED
    try:
        verdict = judge(answer)
    except AnswerError as error:
        return f"Not quite: {error}"
    return f"Correct: {verdict.message}" if verdict.correct else f"Not quite: {verdict.message}"


def exercise(exercise_id: str) -> Callable[[Callable[[object], Verdict]], Callable[[object], None]]:
    """Register a judge as the check function of exercise ``exercise_id`` (``"NN.K"``)."""
    if not _ID.match(exercise_id):
        raise ValueError(f"exercise_id must look like '07.1' (notebook, dot, task), got {exercise_id!r}")
    if exercise_id in EXERCISES:
        raise ValueError(f"exercise {exercise_id} is registered twice")

    def register(judge: Callable[[object], Verdict]) -> Callable[[object], None]:
        @functools.wraps(judge)
        def check(answer: object = None) -> None:
            print(feedback(judge, answer))

        check.__annotations__ = {"answer": "object", "return": "None"}
        check.exercise_id = exercise_id  # type: ignore[attr-defined]
        check.judge = judge  # type: ignore[attr-defined]
        EXERCISES[exercise_id] = check
        return check

    return register


# --- Reading answers ------------------------------------------------------------------------


def _kind(answer: object) -> str:
    if isinstance(answer, np.ndarray):
        return f"an array of shape {answer.shape}"
    return f"a {type(answer).__name__}"


def as_number(answer: object, what: str = "one number") -> float:
    """``answer`` as a finite float; a one-element array or list is accepted."""
    if isinstance(answer, (bool, np.bool_, str, bytes)):
        raise AnswerError(f"expected {what}, got {_kind(answer)}.")
    if isinstance(answer, numbers.Real):
        value = float(answer)
    else:
        try:
            array = np.asarray(answer, dtype=np.float64)
        except (TypeError, ValueError):
            raise AnswerError(f"expected {what}, got {_kind(answer)}.") from None
        if array.size != 1:
            raise AnswerError(f"expected {what}, got {_kind(answer)} with {array.size} values.")
        value = float(array.reshape(-1)[0])
    if not np.isfinite(value):
        raise AnswerError(f"expected {what}, got {value}: check for a division by zero or a run that diverged.")
    return value


def as_integer(answer: object, what: str = "a whole number") -> int:
    """``answer`` as an int; floats and arrays holding a whole number are accepted."""
    value = as_number(answer, what)
    if value != round(value):
        raise AnswerError(f"expected {what}, got a value with a fractional part.")
    return int(round(value))


def as_vector(answer: object, length: int, what: str | None = None) -> np.ndarray:
    """``answer`` as a float vector of ``length`` values (a list, tuple or array of any shape)."""
    what = what or f"{length} numbers"
    if isinstance(answer, (str, bytes)):
        raise AnswerError(f"expected {what}, got {_kind(answer)}.")
    try:
        array = np.asarray(answer, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise AnswerError(f"expected {what}, got {_kind(answer)}.") from None
    if array.size != length:
        raise AnswerError(f"expected {what}, got {array.size} value(s).")
    if not np.all(np.isfinite(array)):
        raise AnswerError(f"expected {what}, got NaN or infinite values: did a run diverge?")
    return array


def is_close(value: object, expected: object, rtol: float = 0.01, atol: float = 0.0) -> bool:
    """True when ``value`` matches ``expected`` within ``atol + rtol * |expected|`` (elementwise)."""
    return bool(np.all(np.isclose(value, expected, rtol=rtol, atol=atol)))


def _mistake_hint(value: object, mistakes: Sequence[tuple[object, str]], rtol: float, atol: float) -> str | None:
    for mistaken, hint in mistakes:
        if is_close(value, mistaken, rtol=rtol, atol=atol):
            return hint
    return None


def judge_number(
    answer: object,
    expected: float,
    *,
    hint: str,
    praise: str,
    rtol: float = 0.01,
    atol: float = 0.0,
    mistakes: Sequence[tuple[float, str]] = (),
) -> Verdict:
    """Judge a numeric answer; ``praise`` follows "Correct: " and ``hint`` follows "Not quite: "."""
    value = as_number(answer)
    if is_close(value, expected, rtol, atol):
        return correct(praise)
    return wrong(_mistake_hint(value, mistakes, rtol, atol) or hint)


def judge_integer(
    answer: object,
    expected: int,
    *,
    hint: str,
    praise: str,
    slack: int = 0,
    mistakes: Sequence[tuple[int, str]] = (),
) -> Verdict:
    """Judge a whole-number answer, accepting ``expected ± slack``."""
    value = as_integer(answer)
    if abs(value - expected) <= slack:
        return correct(praise)
    return wrong(_mistake_hint(value, mistakes, 0.0, 0.0) or hint)


def judge_vector(
    answer: object,
    expected: object,
    *,
    hint: str,
    praise: str,
    rtol: float = 0.01,
    atol: float = 0.0,
    mistakes: Sequence[tuple[object, str]] = (),
) -> Verdict:
    """Judge an answer made of several numbers (a list, tuple or array)."""
    target = np.asarray(expected, dtype=np.float64).reshape(-1)
    value = as_vector(answer, target.size)
    if is_close(value, target, rtol, atol):
        return correct(praise)
    return wrong(_mistake_hint(value, mistakes, rtol, atol) or hint)


# --- Data sets the exercises share with the notebooks --------------------------------------------


def _standardized() -> tuple[np.ndarray, np.ndarray]:
    """The original data with x and y standardized (the round loss surface)."""
    x_std, y_std, _, _ = standardize(*make_original_data())
    return x_std, y_std


def _stretched() -> tuple[np.ndarray, np.ndarray]:
    """x measured in tens (0.1 .. 9.9, not centered) and y standardized (the stretched surface of notebook 09)."""
    x, _ = make_original_data()
    return x / 10.0, _standardized()[1]


def _distance_to_optimum(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    w_star, b_star = least_squares(x, y)
    return float(np.linalg.norm(np.asarray(params) - np.append(w_star, b_star)))


def _updates_per_epoch(n_samples: int, batch_size: int) -> int:
    return len(batch_indices(n_samples, batch_size, shuffle=False))


def _original_run() -> tuple[LinearModel, History]:
    """The original's training on the standardized data: lr 0.1, batches of 32, 100 epochs, fit(seed=0)."""
    x_std, y_std = _standardized()
    model = LinearModel(seed=0)
    history = fit(model, x_std, y_std, SGD(0.1), epochs=100, batch_size=32, seed=0)
    return model, history


# --- Notebook 01: the data ------------------------------------------------------------------------


@exercise("01.1")
def check_01_1(answer: object) -> Verdict:
    """Exercise 01.1: how many numbers tf.range(2, 100, 2) makes (a whole number)."""
    x, _ = make_data(2.0, 100.0, 2.0)
    return judge_integer(
        answer,
        len(x),
        hint="count the values start, start + step, start + 2 * step, ... that stay below the stop value; "
        "np.arange(2, 100, 2) makes the same values as tf.range(2, 100, 2), and len() counts them.",
        praise="tf.range, like np.arange, stops before its stop value, so 100 itself is not among them.",
        mistakes=[
            (len(x) + 1, "that counts the stop value too: tf.range, like np.arange, stops before it."),
        ],
    )


@exercise("01.2")
def check_01_2(answer: object) -> Verdict:
    """Exercise 01.2: the y whose standardized value is -0.5, with the original data's mean and sd of y (a number)."""
    _, _, x_scaler, y_scaler = standardize(*make_original_data())
    z = -0.5
    expected = float(y_scaler.inverse_transform([z])[0])
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="undo the standardization: from z = (v - mu) / sigma follows v = z * sigma + mu, with the mean and "
        "standard deviation of y (y_scaler.inverse_transform does the same).",
        praise="half a standard deviation below the mean of y.",
        mistakes=[
            (float(y_scaler.inverse_transform([-z])[0]), "that lies above the mean of y; a negative z is below "
             "the mean."),
            (float(x_scaler.inverse_transform([z])[0]), "that uses the mean and standard deviation of x; the "
             "task asks about y."),
            (float(y_scaler.transform([z])[0]), "that standardizes z once more; the task goes the other way, from "
             "a standardized value back to the units of y."),
        ],
    )


@exercise("01.3")
def check_01_3(answer: object) -> Verdict:
    """Exercise 01.3: mean of the test inputs standardized with the training inputs' scaler (split 0.5, seed 1)."""
    x, y = make_original_data()
    x_train, x_test, _, _ = train_test_split(x, y, test_size=0.5, seed=1)
    expected = float(np.mean(Standardizer().fit(x_train).transform(x_test)))
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        atol=1e-4,
        hint="split with train_test_split(x, y, test_size=0.5, seed=1), fit a Standardizer on x_train, transform "
        "x_test with it, and take the mean of the result.",
        praise="the test inputs are standardized with the training set's mean and standard deviation, so their "
        "mean is near 0 but not exactly 0, and that is how it should be.",
        mistakes=[
            (0.0, "a scaler fitted on the test inputs themselves gives them mean 0 by construction; that lets the "
             "test set leak into the preprocessing. Fit the scaler on x_train."),
            (float(np.mean(Standardizer().fit(x).transform(x_test))), "that scaler learned its mean and standard "
             "deviation from all the inputs, test points included; fit it on x_train only."),
            (float(np.mean(Standardizer().fit(x_train).transform(x_train))), "those are the training inputs; "
             "the task asks about the test inputs, standardized with the training scaler."),
        ],
    )


@exercise("01.4")
def check_01_4(answer: object) -> Verdict:
    """Exercise 01.4: [number of batches, size of the last batch] for the 99 samples in batches of 25 (two ints)."""
    x, _ = make_original_data()
    value = as_vector(answer, 2, "two whole numbers, [number of batches, size of the last batch]")
    batches = batch_indices(len(x), 25, shuffle=False)
    expected = [len(batches), len(batches[-1])]
    return judge_vector(
        value,
        expected,
        rtol=0.0,
        atol=1e-9,
        hint="batch_indices(99, batch_size=25, shuffle=False) cuts the indices into consecutive batches: count "
        "them, and look at the length of the last one.",
        praise="full batches of 25 first, then one smaller batch with the samples left over.",
        mistakes=[
            ([len(x) // 25, 25], "the samples left over after the full batches form one more, smaller batch: "
             "count it too, and give its size."),
            ([len(batches), 25], "the last batch holds only the samples left over, so it is smaller than the "
             "others."),
            (expected[::-1], "the order is [number of batches, size of the last batch]."),
        ],
    )


# --- Notebook 02: the model -----------------------------------------------------------------------


@exercise("02.1")
def check_02_1(answer: object) -> Verdict:
    """Exercise 02.1: the Glorot-uniform limit of a dense layer with 10 inputs and 1 unit (a number)."""
    fan_in, fan_out = 10, 1
    expected = glorot_limit(fan_in, fan_out)  # the limit glorot_uniform draws within
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="limit = sqrt(6 / (fan_in + fan_out)), where fan_in counts the layer's inputs and fan_out its units.",
        praise="every starting weight of that layer lies between minus and plus this limit; the more inputs, "
        "the smaller the starting weights.",
        mistakes=[
            (float(np.sqrt(6.0 / fan_in)), "the denominator is fan_in + fan_out: count the one output unit too."),
            (6.0 / (fan_in + fan_out), "take the square root of 6 / (fan_in + fan_out)."),
            (float(np.sqrt(3.0)), "that is the limit of the original's layer with one input; this layer has ten."),
        ],
    )


@exercise("02.2")
def check_02_2(answer: object) -> Verdict:
    """Exercise 02.2: the untrained LinearModel(seed=0)'s prediction for x = 80, standardized (a number)."""
    _, _, x_scaler, y_scaler = standardize(*make_original_data())
    model = LinearModel(seed=0)
    x_new = np.array([80.0])
    expected = float(model.predict(x_scaler.transform(x_new))[0])
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="first standardize the input, (80 - mean of x) / standard deviation of x (x_scaler.transform does "
        "it), then compute w * x + b with the weight and bias of LinearModel(seed=0).",
        praise="the untrained line predicts that for x = 80, in standardized units of y.",
        mistakes=[
            (float(model.predict(x_new)[0]), "that uses the raw input 80; standardize it with x_scaler first, "
             "since the model works on standardized data here."),
            (float(y_scaler.inverse_transform([expected])[0]), "that is back in the units of y; the task asks for "
             "the prediction in standardized units."),
        ],
    )


@exercise("02.3")
def check_02_3(answer: object) -> Verdict:
    """Exercise 02.3: [w, b] of the line through the data points at x = 20 and x = 80 (two numbers)."""
    x, y = make_original_data()
    pair = np.isin(x, [20.0, 80.0])
    w_pair, b_pair = least_squares(x[pair], y[pair])  # with two points, the best line passes through both
    expected = [w_pair[0], b_pair]
    w_all, b_all = least_squares(x, y)
    return judge_vector(
        answer,
        expected,
        rtol=0.01,
        hint="the slope w is the rise over the run between the two points (y = x squared at both); then b follows "
        "from y = w * x + b at either point.",
        praise="this line goes through both points; it has the same slope as the least-squares line but another "
        "bias, so the two lines are parallel.",
        mistakes=[
            (expected[::-1], "the order is [w, b]: the slope first, then the bias."),
            ([w_all[0], b_all], "that is the least-squares line of all 99 points; the task asks for the line that "
             "passes exactly through the two points."),
        ],
    )


# --- Notebook 03: the cost function ---------------------------------------------------------------


@exercise("03.1")
def check_03_1(answer: object) -> Verdict:
    """Exercise 03.1: the MSE of the line w = 100, b = -1683 on the original data (a number)."""
    x, y = make_original_data()
    y_line = 100 * x - 1683
    expected = mean_squared_error(y, y_line)
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="predict with w * x + b for every x, subtract the targets, square, and average.",
        praise="that is the MSE of that line, close to the least-squares floor of the raw data.",
        mistakes=[
            (root_mean_squared_error(y, y_line), "that is the square root of the MSE (the RMSE); the MSE is the "
             "mean of the squared errors itself."),
            (float(np.mean(y_line - y)), "square the errors before averaging them, or positive and negative "
             "errors cancel."),
            (float(np.sum((y_line - y) ** 2)), "that is the sum of the squared errors; the MSE divides it by the "
             "number of points."),
        ],
    )


@exercise("03.2")
def check_03_2(answer: object) -> Verdict:
    """Exercise 03.2: the condition number of the MSE's Hessian for x centered but not scaled (a number)."""
    x, _ = make_original_data()
    x_centered = x - x.mean()
    expected = condition_number(x_centered)
    eigenvalues = hessian_eigenvalues(x_centered)
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="build H = 2 [[<x^2>, <x>], [<x>, 1]] from x - x.mean(), take its eigenvalues with np.linalg.eigvalsh "
        "(smallest first), and divide the largest by the smallest.",
        praise="centering makes <x> = 0, so the off-diagonal entries vanish and the ellipses are no longer tilted, "
        "but <x^2> is still far from 1, so the bowl stays stretched.",
        mistakes=[
            (condition_number(x), "that is the condition number of the raw x; subtract the mean of x first."),
            (float(np.sqrt(expected)), "that is the square root of the condition number (the ratio of the axes of "
             "the contour ellipses); the condition number is lambda_max / lambda_min itself."),
            (float(eigenvalues[-1]), "that is lambda_max alone; divide it by lambda_min."),
            (1.0 / expected, "divide the largest eigenvalue by the smallest, not the other way round."),
            (1.0, "a round bowl needs <x> = 0 and <x^2> = 1; centering alone gives only the first."),
        ],
    )


@exercise("03.3")
def check_03_3(answer: object) -> Verdict:
    """Exercise 03.3: [dL/dw, dL/db] of the MSE on the raw data at w = 100, b = 0 (two numbers)."""
    x, y = make_original_data()
    grad_w, grad_b = mse_gradient(x, y, [100.0], 0.0)
    expected = np.array([grad_w[0], grad_b])
    return judge_vector(
        answer,
        expected,
        rtol=0.01,
        hint="with errors = w * x + b - y, dL/dw = 2 * mean(errors * x) and dL/db = 2 * mean(errors); answer "
        "[dL/dw, dL/db].",
        praise="both components are positive: the line lies above the data, and minus the gradient says to lower "
        "both the weight and the bias.",
        mistakes=[
            (0.5 * expected, "check the factor 2 that the chain rule brings down from the square."),
            (-expected, "check the sign: the error is prediction minus target, w * x + b - y."),
            (expected[::-1], "the order is [dL/dw, dL/db]."),
        ],
    )


# --- Notebook 04: the optimizer -------------------------------------------------------------------


@exercise("04.1")
def check_04_1(answer: object) -> Verdict:
    """Exercise 04.1: the full-batch stability limit 2 / lambda_max for the inputs x = 1..9 (a number)."""
    x_eval, _ = make_data(1.0, 10.0, 1.0)
    expected = stability_limit(x_eval)
    low, high = hessian_eigenvalues(x_eval)
    factor_hint = "check the two factors of 2: H = (2/n) A^T A, and the limit is 2 divided by its largest eigenvalue."
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="build A with one row [x_i, 1] per input, H = (2/n) A^T A, and take 2 over the largest eigenvalue "
        "(np.linalg.eigvalsh sorts them smallest first).",
        praise="above that learning rate full-batch gradient descent on these inputs diverges, and the original's 0.1 "
        "lies above it.",
        mistakes=[
            (2.0 / low, "that is 2 over the smallest eigenvalue; the steepest direction (the largest eigenvalue) "
             "sets the limit."),
            (1.0 / high, factor_hint),
            (4.0 / high, factor_hint),
            (stability_limit(make_data(1.0, 11.0, 1.0)[0]), "that includes the stop value of tf.range among the "
             "inputs; it stops before it."),
            (stability_limit(make_original_data()[0]), "that is the limit for the training inputs 1..99; this task "
             "uses the evaluation inputs."),
        ],
    )


@exercise("04.2")
def check_04_2(answer: object) -> Verdict:
    """Exercise 04.2: [w, b] after one full-batch step (lr 0.3) from (-0.6, 1.6) on the standardized data."""
    x_std, y_std = _standardized()
    theta = np.array([-0.6, 1.6])
    lr = 0.3
    grad_w, grad_b = mse_gradient(x_std, y_std, theta[:1], theta[1])
    grads = np.append(grad_w, grad_b)
    expected = SGD(lr).step(theta, grads)
    return judge_vector(
        answer,
        expected,
        rtol=1e-3,
        atol=1e-9,
        hint="compute dL/dw and dL/db at the start on all the standardized data, then w <- w - lr * dL/dw and "
        "b <- b - lr * dL/db; answer [w, b] after the step.",
        praise="one step of full-batch gradient descent, exactly what SGD(0.3).step does.",
        mistakes=[
            (theta + lr * grads, "that step goes uphill: gradient descent moves against the gradient, "
             "theta - lr * gradient."),
            (theta - 0.5 * lr * grads, "check the factor 2 in the gradient of the squared error."),
            (-lr * grads, "that is the step itself; add it to the starting (w, b)."),
            (theta - grads, "multiply the gradient by the learning rate before subtracting it."),
        ],
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
    count_hint = ("count again: history.params[k] holds (w, b) after k steps (row 0 is the start), and the task "
                  "asks for the first k at which the distance is below 1% of the starting distance.")
    return judge_integer(
        answer,
        expected,
        hint="each step multiplies the distance to the optimum by |1 - lr * lambda| with lambda = 2 on the "
        "standardized data: find the first whole k with |1 - 2 lr|^k < 0.01, or measure it in history.params.",
        praise="each zig-zag step keeps a fixed fraction of the distance, so the count follows from 1 - 2 lr.",
        mistakes=[(expected - 1, count_hint), (expected + 1, count_hint)],
    )


# --- Notebook 05: training ------------------------------------------------------------------------


@exercise("05.1")
def check_05_1(answer: object) -> Verdict:
    """Exercise 05.1: updates made by 100 epochs in batches of 32 on the training part of the 80/20 split."""
    x, y = make_original_data()
    _, _, y_train, _ = train_test_split(x, y, test_size=0.2, seed=0)
    expected = 100 * _updates_per_epoch(len(y_train), 32)
    return judge_integer(
        answer,
        expected,
        hint="count the training samples of the split, the batches of 32 they make in one epoch (the last one may "
        "be smaller), and multiply by the epochs; or count the rows of fit(..., record_updates=True).update_params.",
        praise="one update per mini-batch, and the smaller last batch of every epoch counts too.",
        mistakes=[
            (100 * (len(y_train) // 32), "the last batch of each epoch is smaller than 32 but still makes an "
             "update."),
            (100 * _updates_per_epoch(len(y), 32), "that counts the batches of all 99 samples; the run sees only "
             "the training part of the split."),
            (expected + 1, "update_params also holds the starting parameters in its first row."),
        ],
    )


@exercise("05.2")
def check_05_2(answer: object) -> Verdict:
    """Exercise 05.2: the logged loss of one epoch (lr 0.1, batches of 40, no shuffling) from LinearModel(seed=0)."""
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=1, batch_size=40, shuffle=False,
                  record_updates=True)
    expected = history.loss[0]
    batches = batch_indices(len(y_std), 40, shuffle=False)
    before = [mse_at(x_std[index], y_std[index], params) for index, params in zip(batches, history.update_params)]
    after = [mse_at(x_std[index], y_std[index], params)
             for index, params in zip(batches, history.update_params[1:])]
    sizes = [len(index) for index in batches]
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="go through the three batches in order: the loss of each batch with the current (w, b), then that "
        "batch's update; the logged loss is the mean of the batch losses weighted by the batch sizes.",
        praise="the logged loss of an epoch mixes the parameters from its start to its end.",
        mistakes=[
            (float(np.mean(before)), "weight each batch loss by its batch size: the last batch is smaller than "
             "the others."),
            (mse_at(x_std, y_std, history.params[-1]), "that is the loss of the parameters at the end of the "
             "epoch on all the data; the log averages the batch losses computed during the epoch."),
            (mse_at(x_std, y_std, history.params[0]), "that is the loss of the untrained model on all the data; "
             "after each batch the parameters change, and the next batch loss uses the new ones."),
            (float(np.average(after, weights=sizes)), "each batch loss is computed just before that batch's "
             "update, not after it."),
        ],
    )


@exercise("05.3")
def check_05_3(answer: object) -> Verdict:
    """Exercise 05.3: the first epoch of the original's run whose end-of-epoch loss is within 2% of the floor (an int)."""
    _, history = _original_run()
    x_std, y_std = _standardized()
    target = 1.02 * least_squares_floor(x_std, y_std)
    end_of_epoch = np.array([mse_at(x_std, y_std, params) for params in history.params[1:]])  # after epoch 0, 1, ...
    within = np.flatnonzero(end_of_epoch <= target)
    logged = np.flatnonzero(np.asarray(history.loss) <= target)
    if within.size == 0:  # guards the exercise itself, not the answer
        raise RuntimeError("exercise 05.3 needs another target: the run never reaches it")
    expected = int(within[0])
    mistakes = [(expected + 1, "history.params[0] holds the parameters before training, so row k + 1 holds them "
                 "after epoch k; answer the epoch number the way the log counts it.")]
    if logged.size and int(logged[0]) != expected:
        mistakes.append((int(logged[0]), "that uses the logged epoch loss (history.loss); the task asks about the "
                         "parameters at the end of each epoch, evaluated on all the data."))
    return judge_integer(
        answer,
        expected,
        hint="compute the loss of every row of history.params on all the standardized data, find the first one "
        "within 2% of the least-squares floor, and say at the end of which epoch that row was recorded.",
        praise="a few epochs already bring the line within 2% of the best possible; the rest of training "
        "jiggles around it.",
        mistakes=mistakes,
    )


#: What a learner's training loop gets wrong most often, as settings of :func:`_loop`, with the hint for each.
LOOP_MISTAKES: dict[str, tuple[dict[str, object], str]] = {
    "shuffle once": (
        {"shuffle": "once"},
        "your batches look shuffled only once: draw a fresh permutation at the start of every epoch, from the "
        "same generator, so each epoch groups the samples differently.",
    ),
    "never shuffle": (
        {"shuffle": "never"},
        "your batches are not shuffled: every epoch starts with a new permutation of the sample indices, and "
        "the batches are consecutive slices of it.",
    ),
    "sum": (
        {"gradient": "sum"},
        "your steps are too large by the batch size: the gradient of a batch is the average of its samples' "
        "gradients, not their sum.",
    ),
    "no factor 2": (
        {"factor": 1.0},
        "your steps are half as long as they should be: the derivative of a squared error brings a factor 2.",
    ),
    "last batch": (
        {"updates": "last batch"},
        "your loop updates the parameters once per epoch: the update belongs inside the loop over the batches, "
        "one step per mini-batch.",
    ),
    "full batch": (
        {"updates": "full batch"},
        "your loop takes one step per epoch with the gradient of all the data: SGD takes one step per "
        "mini-batch, with that batch's gradient.",
    ),
    "sequential": (
        {"updates": "sequential"},
        "your loop changes w before it computes the derivative for b: take both derivatives at the same (w, b), "
        "then update both.",
    ),
    "after": (
        {"log": "after"},
        "your parameters are right but the logged losses are not: each batch's loss is computed just before "
        "that batch's update, with the parameters the gradient is taken at.",
    ),
    "unweighted": (
        {"weighting": "equal"},
        "your parameters are right but the logged losses are not: the epoch's loss weighs each batch's loss by "
        "its number of samples (the last batch is smaller).",
    ),
    "end of epoch": (
        {"log": "end"},
        "your parameters are right but the logged losses are not: that is the loss of the parameters at the "
        "end of each epoch on all the data; the log averages the batch losses seen during the epoch.",
    ),
}


def _loop(
    x: np.ndarray, y: np.ndarray, w: float, b: float, learning_rate: float, epochs: int, batch_size: int, seed: int,
    *, shuffle: str = "every", gradient: str = "mean", factor: float = 2.0, updates: str = "batch",
    log: str = "before", weighting: str = "size",
) -> tuple[float, float, list[float]]:
    """The training loop of exercise 05.4, right (the defaults) or with one of :data:`LOOP_MISTAKES`."""
    rng = np.random.default_rng(seed)
    n = len(y)
    order = rng.permutation(n) if shuffle == "once" else np.arange(n)
    losses = []
    for _ in range(epochs):
        if shuffle == "every":
            order = rng.permutation(n)
        total, seen = 0.0, 0
        for start in range(0, n, batch_size):
            index = order[start:start + batch_size]
            xb, yb = x[index], y[index]
            error = w * xb + b - yb
            loss = float(np.mean(error**2))
            reduce = np.sum if gradient == "sum" else np.mean
            grad_w, grad_b = factor * reduce(error * xb), factor * reduce(error)
            if updates == "batch":
                w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
            elif updates == "sequential":
                w = w - learning_rate * grad_w
                b = b - learning_rate * factor * reduce(w * xb + b - yb)
            if log == "after":
                loss = float(np.mean((w * xb + b - yb) ** 2))
            total, seen = total + loss * (len(index) if weighting == "size" else 1), seen + (
                len(index) if weighting == "size" else 1)
        if updates == "last batch":
            w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
        elif updates == "full batch":
            error = w * x + b - y
            w, b = w - learning_rate * factor * np.mean(error * x), b - learning_rate * factor * np.mean(error)
        losses.append(float(np.mean((w * x + b - y) ** 2)) if log == "end" else total / seen)
    return float(w), float(b), losses


def _run_learner_loop(train: Callable, settings: dict[str, object]) -> tuple[np.ndarray, np.ndarray]:
    """Call the learner's ``train`` on copies of the data; its (w, b) and epoch losses, or AnswerError."""
    arguments = {key: (value.copy() if isinstance(value, np.ndarray) else value) for key, value in settings.items()}
    try:
        result = train(**arguments)
    except Exception as error:  # the learner's code: any failure is reported in words
        raise AnswerError(f"calling your function raised {type(error).__name__}: {error}") from None
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise AnswerError("your function should return three things: w, b and the list of epoch losses.")
    w, b, losses = result
    try:
        params = np.array([np.asarray(w, dtype=np.float64).item(), np.asarray(b, dtype=np.float64).item()])
        losses = np.asarray(losses, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise AnswerError("your function should return w and b as numbers and the epoch losses as a list of "
                          "numbers.") from None
    if losses.size != settings["epochs"]:
        raise AnswerError(f"expected one logged loss per epoch, got {losses.size} for {settings['epochs']} epochs.")
    return params, losses


def _same(a: object, b: object) -> bool:
    return bool(np.allclose(a, b, rtol=1e-8, atol=1e-12, equal_nan=True))


@exercise("05.4")
def check_05_4(answer: object) -> Verdict:
    """Exercise 05.4: the learner's mini-batch SGD loop against fit(..., fast=False) (a function)."""
    if not callable(answer):
        raise AnswerError(f"expected your function (answer = train), got {_kind(answer)}.")
    x_std, y_std = _standardized()
    start = LinearModel(seed=0).get_params()
    runs = [
        {"x": x_std, "y": y_std, "w": float(start[0]), "b": float(start[1]), "learning_rate": 0.1, "epochs": 5,
         "batch_size": 32, "seed": 0},
        {"x": x_std, "y": y_std, "w": -0.5, "b": 1.2, "learning_rate": 0.05, "epochs": 3, "batch_size": 10,
         "seed": 1},
    ]
    for settings in runs:
        params, losses = _run_learner_loop(answer, settings)
        model = LinearModel(seed=0).set_params([settings["w"], settings["b"]])
        history = fit(model, x_std, y_std, SGD(settings["learning_rate"]), epochs=settings["epochs"],
                      batch_size=settings["batch_size"], seed=settings["seed"], fast=False)
        right_params = _same(params, history.params[-1])
        if right_params and _same(losses, history.loss):
            continue
        with np.errstate(all="ignore"):
            for options, hint in LOOP_MISTAKES.values():
                w, b, mistaken = _loop(**settings, **options)
                if _same(params, [w, b]) and _same(losses, mistaken):
                    return wrong(hint)
        if not np.all(np.isfinite(losses)) or not np.all(np.isfinite(params)):
            return wrong("your run blew up (inf or NaN): with the right steps this setting converges; check how "
                         "the gradient is averaged over the batch and scaled by learning_rate.")
        if right_params:
            return wrong("your parameters are right but the logged losses are not: log, for every epoch, the mean "
                         "of the batch losses weighted by the batch sizes, each loss computed before its update.")
        return wrong("compare your loop with one epoch by hand in this notebook: a fresh permutation per epoch, "
                     "consecutive batches of batch_size, and per batch its loss, its average gradient and one "
                     "update. Check also that you use every argument (learning_rate, batch_size, seed).")
    return correct("your loop gives fit's parameters and logged losses, to 8 digits, for two different settings: "
                   "this is what fit(..., fast=False) does.")


# --- Notebook 06: evaluation ----------------------------------------------------------------------


@exercise("06.1")
def check_06_1(answer: object) -> Verdict:
    """Exercise 06.1: R^2 of the line y = 90 x - 1500 on the original data (a number)."""
    x, y = make_original_data()
    y_line = 90 * x - 1500
    expected = r2_score(y, y_line)
    ss_res = float(np.sum((y - y_line) ** 2))
    w_ls, b_ls = least_squares(x, y)
    return judge_number(
        answer,
        expected,
        rtol=0.002,
        hint="R^2 = 1 - SS_res / SS_tot, with SS_res the sum of the squared errors of the line and SS_tot the sum "
        "of the squared deviations of y from its mean.",
        praise="a little below the least-squares line's R^2, as it must be: no line has a smaller squared error.",
        mistakes=[
            (ss_res / float(np.sum((y - y.mean()) ** 2)), "that is SS_res / SS_tot; R^2 is 1 minus that ratio."),
            (r2_score(y, w_ls[0] * x + b_ls), "that is the R^2 of the least-squares line; use the line of the "
             "task."),
            (1.0 - ss_res / float(np.sum(y**2)), "SS_tot measures the deviations of y from its mean, not from 0."),
        ],
    )


@exercise("06.2")
def check_06_2(answer: object) -> Verdict:
    """Exercise 06.2: [w, b] of the least-squares line of x = 1..9, y = x^2 (two numbers)."""
    x_eval, y_eval = make_data(1.0, 10.0, 1.0)
    w, b = least_squares(x_eval, y_eval)
    expected = [w[0], b]
    x, y = make_original_data()
    w_seed, b_seed = least_squares(x, y)
    return judge_vector(
        answer,
        expected,
        rtol=0.01,
        atol=1e-9,
        hint="build A with rows [x_i, 1] for the nine inputs, solve A^T A theta = A^T y with np.linalg.solve, and "
        "answer theta = [w, b].",
        praise="the best line through these nine points of the parabola.",
        mistakes=[
            (expected[::-1], "the order is [w, b]: the slope first, then the bias."),
            ([w_seed[0], b_seed], "that is the best line for the training data 1..99; this task has only the "
             "nine evaluation inputs."),
            ([float(x_eval @ y_eval / (x_eval @ x_eval)), 0.0], "without the column of ones in A the line is "
             "forced through 0; add it, so that the bias is fitted too."),
        ],
    )


@exercise("06.3")
def check_06_3(answer: object) -> Verdict:
    """Exercise 06.3: the SGD-trained model's prediction for x = 130, in the units of y (a number)."""
    x, y = make_original_data()
    _, _, x_scaler, y_scaler = standardize(x, y)
    model, _ = _original_run()
    x_new = np.array([130.0])
    standardized = float(model.predict(x_scaler.transform(x_new))[0])
    expected = float(y_scaler.inverse_transform([standardized])[0])
    w_ls, b_ls = least_squares(x, y)
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="three steps: standardize the input with x_scaler.transform, predict with the trained model, and map "
        "the prediction back with y_scaler.inverse_transform.",
        praise="far below the true value: outside the training range the straight line cannot follow the parabola.",
        mistakes=[
            (standardized, "that is still in standardized units; map it back with y_scaler.inverse_transform."),
            (float(y_scaler.inverse_transform(model.predict(x_new))[0]), "standardize the input with "
             "x_scaler.transform before predicting: the model was trained on standardized inputs."),
            (float(w_ls[0] * x_new[0] + b_ls), "that is the prediction of the least-squares line; the task asks "
             "what the model trained with SGD predicts."),
            (float(x_new[0] ** 2), "that is the true value x squared; the task asks for the model's prediction."),
        ],
    )


# --- Notebook 07: the learning rate ---------------------------------------------------------------


@exercise("07.1")
def check_07_1(answer: object) -> Verdict:
    """Exercise 07.1: the full-batch stability limit 2 / lambda_max for x measured in hundreds (a number)."""
    x, _ = make_original_data()
    x_hundreds = x / 100.0
    expected = stability_limit(x_hundreds)
    factor_hint = (
        "check the two factors of 2: the Hessian is (2/n) A^T A, and the limit is 2 divided by its largest "
        "eigenvalue."
    )
    return judge_number(
        answer,
        expected,
        hint="build A = [x / 100, 1] (a column of ones for the bias), H = (2/n) A^T A, and take 2 over the "
        "largest eigenvalue of H (np.linalg.eigvalsh sorts them smallest first).",
        praise="gradient descent on x in hundreds is stable only below that learning rate "
        "(the same as sgd_lib.stability_limit(x / 100)).",
        mistakes=[
            (2.0 / hessian_eigenvalues(x_hundreds)[0], "that is 2 over the smallest eigenvalue; the steepest "
             "direction (the largest eigenvalue) sets the limit."),
            (stability_limit(x), "that is the limit for x in ones; divide x by 100 first."),
            (stability_limit(_standardized()[0]), "that is the limit for standardized x; this exercise uses "
             "x / 100, which is not centered."),
            (2.0 * expected, factor_hint),
            (0.5 * expected, factor_hint),
        ],
    )


@exercise("07.2")
def check_07_2(answer: object) -> Verdict:
    """Exercise 07.2: a schedule that starts at 0.2 and halves every 25 epochs of the original's training (a schedule)."""
    if not callable(answer):
        raise AnswerError(f"expected a schedule such as StepDecay(...), got {_kind(answer)}.")
    x, _ = make_original_data()
    per_epoch = _updates_per_epoch(len(x), 32)
    expected = StepDecay(0.2, factor=0.5, every=25 * per_epoch)
    updates = np.arange(100 * per_epoch)
    want = np.array([expected(t) for t in updates])
    try:
        got = np.array([as_number(answer(int(t)), "a learning rate from the schedule") for t in updates])
    except AnswerError:
        raise
    except Exception as error:  # the learner's schedule failed when called
        raise AnswerError(f"calling your schedule with an update count failed ({type(error).__name__}: {error}).")
    if is_close(got, want, rtol=1e-6):
        return correct("this schedule halves the learning rate every 25 epochs of 32-sample batches.")
    if not np.isclose(got[0], want[0], rtol=1e-6):
        return wrong("the learning rate at update 0 (schedule(0)) should be the starting rate of the task.")
    per_epoch_schedule = StepDecay(0.2, factor=0.5, every=25)
    if is_close(got, [per_epoch_schedule(t) for t in updates], rtol=1e-6):
        return wrong("your rate drops every 25 updates, but a schedule counts updates, not epochs: how many "
                     "updates does one epoch make with batches of 32 on 99 samples?")
    return wrong("the first drop comes at the wrong update or by the wrong factor: print schedule(t) for a few "
                 "t around the end of epoch 25 and compare with the task.")


@exercise("07.3")
def check_07_3(answer: object) -> Verdict:
    """Exercise 07.3: distance to the least-squares parameters after 300 epochs of inverse-time decay (a number)."""
    x_std, y_std = _standardized()
    model = LinearModel(seed=0)
    history = fit(model, x_std, y_std, SGD(InverseTimeDecay(0.1, rate=1.0, decay_steps=40)), epochs=300, seed=0)
    expected = _distance_to_optimum(history.params[-1], x_std, y_std)
    return judge_number(
        answer,
        expected,
        rtol=0.02,
        hint="train a fresh LinearModel(seed=0) with fit(..., epochs=300, seed=0) (batch size 32) on the "
        "standardized data, then take np.linalg.norm of (final w, b) minus the least-squares (w, b).",
        praise="the decaying rate keeps moving the parameters closer to the least-squares optimum.",
    )


# --- Notebook 08: batch size -----------------------------------------------------------------------


@exercise("08.1")
def check_08_1(answer: object) -> Verdict:
    """Exercise 08.1: the number of updates in 30 epochs with batch size 16 on the 99 samples (a whole number)."""
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=30, batch_size=16, record_updates=True)
    expected = len(history.update_params) - 1
    floor_guess = 30 * (len(y_std) // 16)
    return judge_integer(
        answer,
        expected,
        hint="count the batches of one epoch (the last one may be smaller), then multiply by the epochs; or "
        "count the rows of fit(..., record_updates=True).update_params (its first row is the start).",
        praise="one update per mini-batch, and the last, smaller batch of each epoch counts too.",
        mistakes=[
            (floor_guess, "the last batch of each epoch is smaller than 16 but still makes an update."),
            (expected + 1, "update_params also holds the starting parameters in its first row."),
        ],
    )


@exercise("08.2")
def check_08_2(answer: object) -> Verdict:
    """Exercise 08.2: mean excess loss of pure SGD at lr 0.05 over its last 10 epochs (a number)."""
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.05), epochs=40, batch_size=1, seed=0)
    losses = [mean_squared_error(y_std, w * x_std + b) for w, b in history.params[-10:]]
    expected = float(np.mean(losses)) - least_squares_floor(x_std, y_std)
    logged = float(np.mean(history.loss[-10:])) - least_squares_floor(x_std, y_std)
    return judge_number(
        answer,
        expected,
        rtol=0.02,
        hint="use the parameters at the end of each of the last 10 epochs (history.params[-10:]), the loss of "
        "each on the whole training set, their mean, minus the least-squares floor.",
        praise="even at the end, pure SGD sits above the floor; a smaller learning rate lowers this noise floor.",
        mistakes=[(logged, "that uses the logged epoch losses (history.loss), which mix the parameters seen "
                   "during the epoch; evaluate the end-of-epoch parameters on the whole training set.")],
    )


@exercise("08.3")
def check_08_3(answer: object) -> Verdict:
    """Exercise 08.3: length of the gradient of the first 32 samples at the least-squares optimum (a number)."""
    x_std, y_std = _standardized()
    w_star, b_star = least_squares(x_std, y_std)
    grad_w, grad_b = mse_gradient(x_std[:32], y_std[:32], w_star, b_star)
    expected = float(np.hypot(grad_w[0], grad_b))
    full_w, full_b = mse_gradient(x_std, y_std, w_star, b_star)
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="evaluate mse_gradient on x_std[:32], y_std[:32] at the least-squares (w, b), then take the length "
        "sqrt(g_w**2 + g_b**2).",
        praise="a mini-batch gradient is not zero at the optimum, so a constant learning rate keeps moving.",
        mistakes=[(float(np.hypot(full_w[0], full_b)), "that is the full-batch gradient, which vanishes at the "
                   "optimum; use only the first 32 samples."),
                  (0.0, "that is the full-batch gradient, which vanishes at the optimum; use only the first "
                   "32 samples.")],
        atol=1e-9,
    )


# --- Notebook 09: momentum -------------------------------------------------------------------------


def _two_steps(optimizer: SGD, x: np.ndarray, y: np.ndarray, start: np.ndarray) -> np.ndarray:
    theta = np.asarray(start, dtype=np.float64)
    for _ in range(2):
        grad_w, grad_b = mse_gradient(x, y, theta[:1], theta[1])
        theta = optimizer.step(theta, np.append(grad_w, grad_b))
    return theta


@exercise("09.1")
def check_09_1(answer: object) -> Verdict:
    """Exercise 09.1: (w, b) after two full-batch momentum steps from (-1, 1) on the stretched data (two numbers)."""
    x_tens, y_std = _stretched()
    start = np.array([-1.0, 1.0])
    expected = _two_steps(SGD(0.01, momentum=0.9), x_tens, y_std, start)
    return judge_vector(
        answer,
        expected,
        rtol=1e-4,
        atol=1e-9,
        hint="start with v = 0; each step computes g at the current (w, b), then v <- mu * v + g and "
        "theta <- theta - lr * v. Answer [w, b] after the second step.",
        praise="two heavy-ball steps, exactly what SGD(0.01, momentum=0.9) does.",
        mistakes=[
            (_two_steps(SGD(0.01), x_tens, y_std, start), "these are two plain gradient steps: the second step "
             "should also carry the velocity of the first."),
            (_two_steps(SGD(0.01, momentum=0.9, nesterov=True), x_tens, y_std, start), "that is Nesterov's "
             "update; this exercise asks for classical momentum (theta <- theta - lr * v)."),
        ],
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
        hint="with momentum mu the limit is 2 (1 + mu) / lambda_max, where lambda_max is the largest eigenvalue "
        "of the Hessian of the stretched data (hessian_eigenvalues(x_tens)).",
        praise="momentum 0.5 lets full-batch descent take steps one and a half times the plain limit.",
        mistakes=[(stability_limit(x_tens), "that is the limit without momentum; momentum mu multiplies it "
                   "by (1 + mu).")],
    )


@exercise("09.3")
def check_09_3(answer: object) -> Verdict:
    """Exercise 09.3: full-batch Nesterov steps (lr 0.01, mu 0.9) until the loss is within 1% of the floor (an int)."""
    x_tens, y_std = _stretched()
    model = LinearModel(seed=0)
    history = fit(model, x_tens, y_std, SGD(0.01, momentum=0.9, nesterov=True), epochs=200,
                  batch_size=len(y_std), shuffle=False)
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


__all__ = [
    "EXERCISES",
    "NOT_ANSWERED",
    "AnswerError",
    "Verdict",
    "as_integer",
    "as_number",
    "as_vector",
    "check_01_1",
    "check_01_2",
    "check_01_3",
    "check_01_4",
    "check_02_1",
    "check_02_2",
    "check_02_3",
    "check_03_1",
    "check_03_2",
    "check_03_3",
    "check_04_1",
    "check_04_2",
    "check_04_3",
    "check_05_1",
    "check_05_2",
    "check_05_3",
    "check_06_1",
    "check_06_2",
    "check_06_3",
    "check_07_1",
    "check_07_2",
    "check_07_3",
    "check_08_1",
    "check_08_2",
    "check_08_3",
    "check_09_1",
    "check_09_2",
    "check_09_3",
    "correct",
    "exercise",
    "feedback",
    "is_close",
    "judge_integer",
    "judge_number",
    "judge_vector",
    "wrong",
]
