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

       @exercise("03.2")
       def check_03_2(answer):
           \"\"\"Exercise 03.2: the MSE of the line w = 100, b = -1683 on the seed data (a number).\"\"\"
           x, y = make_seed_data()
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

from .data import batch_indices, make_seed_data, standardize
from .evaluation import hessian_eigenvalues, least_squares, stability_limit
from .losses import mean_squared_error, mse_gradient
from .model import LinearModel
from .optimizers import SGD, InverseTimeDecay, StepDecay
from .training import fit

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
    """The seed data with x and y standardized (the round loss surface)."""
    x_std, y_std, _, _ = standardize(*make_seed_data())
    return x_std, y_std


def _stretched() -> tuple[np.ndarray, np.ndarray]:
    """x measured in tens (0.1 .. 9.9, not centered) and y standardized (the stretched surface of notebook 09)."""
    x, _ = make_seed_data()
    return x / 10.0, _standardized()[1]


def _distance_to_optimum(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    w_star, b_star = least_squares(x, y)
    return float(np.linalg.norm(np.asarray(params) - np.append(w_star, b_star)))


def _floor(x: np.ndarray, y: np.ndarray) -> float:
    w_star, b_star = least_squares(x, y)
    return mean_squared_error(y, x * w_star[0] + b_star)


# --- Notebook 07: the learning rate ---------------------------------------------------------------


@exercise("07.1")
def check_07_1(answer: object) -> Verdict:
    """Exercise 07.1: the full-batch stability limit 2 / lambda_max for x measured in hundreds (a number)."""
    x, _ = make_seed_data()
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


def _updates_per_epoch(n_samples: int, batch_size: int) -> int:
    return len(batch_indices(n_samples, batch_size, shuffle=False))


@exercise("07.2")
def check_07_2(answer: object) -> Verdict:
    """Exercise 07.2: a schedule that starts at 0.2 and halves every 25 epochs of the seed's training (a schedule)."""
    if not callable(answer):
        raise AnswerError(f"expected a schedule such as StepDecay(...), got {_kind(answer)}.")
    x, _ = make_seed_data()
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
    expected = float(np.mean(losses)) - _floor(x_std, y_std)
    logged = float(np.mean(history.loss[-10:])) - _floor(x_std, y_std)
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
    reached = np.flatnonzero(np.asarray(history.loss) <= 1.01 * _floor(x_tens, y_std))
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
