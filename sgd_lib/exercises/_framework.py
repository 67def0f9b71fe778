"""The grading framework: registering an exercise, reading answers, judging them.

See :mod:`sgd_lib.exercises` for how an exercise is written.
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

NOT_ANSWERED = "Not answered yet: put your answer in `answer` (instead of None) and run this cell again."

#: Every registered check function, by exercise id ("07.1", ...), in the order registered.
EXERCISES: dict[str, Callable[[object], None]] = {}
#: The exercises in which the learner writes a function, by exercise id: what their checks run.
FUNCTION_TASKS: dict[str, FunctionTask] = {}

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


def _kind(answer: object) -> str:
    if isinstance(answer, np.ndarray):
        return f"an array of shape {answer.shape}"
    return f"a {type(answer).__name__}"


def _is_complex(answer: object) -> bool:
    """A complex number, or a container of them (NumPy would silently drop their imaginary parts)."""
    if isinstance(answer, (complex, np.complexfloating)):
        return True
    if isinstance(answer, (list, tuple, np.ndarray)):
        try:
            return bool(np.iscomplexobj(np.asarray(answer)))
        except (TypeError, ValueError):
            return False
    return False


def as_number(answer: object, what: str = "one number") -> float:
    """``answer`` as a finite float; a one-element array or list is accepted."""
    if isinstance(answer, (bool, np.bool_, str, bytes)):
        raise AnswerError(f"expected {what}, got {_kind(answer)}.")
    if _is_complex(answer):
        raise AnswerError(f"expected {what}, got a complex number: the answer is real.")
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
        raise AnswerError(
            f"expected {what}, got {value}: a value not computed yet, a division by zero, or a run that blew up."
        )
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
    if _is_complex(answer):
        raise AnswerError(f"expected {what}, got complex numbers: the answer is real.")
    try:
        array = np.asarray(answer, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise AnswerError(f"expected {what}, got {_kind(answer)}.") from None
    if array.size != length:
        raise AnswerError(f"expected {what}, got {array.size} value(s).")
    if not np.all(np.isfinite(array)):
        raise AnswerError(
            f"expected {what}, got NaN or infinite values: a value not computed yet, a division by zero, "
            "or a run that blew up."
        )
    return array


def is_close(value: npt.ArrayLike, expected: npt.ArrayLike, rtol: float = 0.01, atol: float = 0.0) -> bool:
    """True when ``value`` matches ``expected`` within ``atol + rtol * |expected|`` (elementwise)."""
    return bool(np.all(np.isclose(value, expected, rtol=rtol, atol=atol)))


def _mistake_hint(
    value: npt.ArrayLike, mistakes: Sequence[tuple[npt.ArrayLike, str]], rtol: float, atol: float
) -> str | None:
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
    mistakes: Sequence[tuple[npt.ArrayLike, str]] = (),
) -> Verdict:
    """Judge an answer made of several numbers (a list, tuple or array)."""
    target = np.asarray(expected, dtype=np.float64).reshape(-1)
    value = as_vector(answer, target.size)
    if is_close(value, target, rtol, atol):
        return correct(praise)
    return wrong(_mistake_hint(value, mistakes, rtol, atol) or hint)


# --- Exercises in which the learner writes a function -------------------------------------------


@dataclass(frozen=True)
class Mistake:
    """A common mistake in a function the learner writes: a function that makes it, and its hint.

    ``function`` takes the same arguments as the learner's function and makes exactly this mistake;
    a learner's function that gives its results (where they differ from the right ones) gets ``hint``.
    """

    name: str
    function: Callable[..., object]
    hint: str


@dataclass(frozen=True)
class FunctionTask:
    """What the check of a function exercise runs.

    Parameters
    ----------
    reference
        The right function (the library's, or the worked solution's).
    cases
        The arguments of each call, by name in the order of the function's parameters; they are passed
        by position, so a learner may name the parameters as they like. Arrays are copied for every
        call, so a function that changes its input in place cannot spoil the next one.
    read
        ``read(result, case)``: the result of one call as a float array, raising :class:`AnswerError`
        with a sentence when it is not of the expected kind (a tuple of the wrong length, ...).
    mistakes
        The common mistakes, each recognised by name.
    diagnose
        ``diagnose(got, expected, case)``: a hint for a wrong result that is none of the mistakes,
        or None for the task's general hint.
    rtol, atol
        The tolerance of the comparison of results.
    """

    reference: Callable[..., object]
    cases: tuple[Mapping[str, object], ...]
    read: Callable[[object, Mapping[str, object]], np.ndarray]
    mistakes: tuple[Mistake, ...] = ()
    diagnose: Callable[[np.ndarray, np.ndarray, Mapping[str, object]], str | None] | None = None
    rtol: float = 1e-8
    atol: float = 1e-12
    _names: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        if not self.cases:
            raise ValueError("cases must hold at least one call")
        names = tuple(mistake.name for mistake in self.mistakes)
        if len(set(names)) != len(names):
            raise ValueError(f"mistakes must have distinct names, got {names}")
        object.__setattr__(self, "_names", names)


def _copied(case: Mapping[str, object]) -> dict[str, object]:
    return {key: (value.copy() if isinstance(value, np.ndarray) else value) for key, value in case.items()}


def call_learner(function: Callable[..., object], case: Mapping[str, object]) -> object:
    """Call the learner's ``function`` on a copy of ``case``, by position; an exception becomes an
    :class:`AnswerError`."""
    try:
        with np.errstate(all="ignore"):
            return function(*_copied(case).values())
    except Exception as error:  # the learner's code: any failure is reported in words
        raise AnswerError(f"calling your function raised {type(error).__name__}: {error}") from None


def _result(task: FunctionTask, function: Callable[..., object], case: Mapping[str, object]) -> np.ndarray | None:
    """A known function's result on ``case`` (None if it fails there)."""
    try:
        with np.errstate(all="ignore"):
            return np.asarray(task.read(function(*_copied(case).values()), case), dtype=np.float64)
    except Exception:  # a mistake that cannot run on this case explains nothing here
        return None


def _same(task: FunctionTask, got: np.ndarray, expected: np.ndarray | None) -> bool:
    if expected is None or got.shape != expected.shape:
        return False
    return bool(np.allclose(got, expected, rtol=task.rtol, atol=task.atol, equal_nan=True))


def judge_function(answer: object, task: FunctionTask, *, praise: str, hint: str, name: str) -> Verdict:
    """Run the learner's function ``answer`` on every case of ``task`` and judge it.

    A result that matches the reference on every case is right. A wrong result that matches one of
    the task's mistakes gets that mistake's hint; one that is not finite gets a hint that the run
    blew up; otherwise ``task.diagnose`` or the general ``hint``.
    """
    if not callable(answer) or isinstance(answer, type):
        raise AnswerError(f"expected your function (answer = {name}, without calling it), got {_kind(answer)}.")
    for case in task.cases:
        got = np.asarray(task.read(call_learner(answer, case), case), dtype=np.float64)
        expected = _result(task, task.reference, case)
        if _same(task, got, expected):
            continue
        for mistake in task.mistakes:
            if _same(task, got, _result(task, mistake.function, case)):
                return wrong(mistake.hint)
        if not np.all(np.isfinite(got)):
            return wrong(
                "your function's results are inf or NaN where the right ones are finite: check each "
                "step of it against the formula above, one line at a time."
            )
        special = task.diagnose(got, expected, case) if task.diagnose and expected is not None else None
        return wrong(special or hint)
    return correct(praise)


def function_exercise(
    exercise_id: str, task: FunctionTask, *, name: str, praise: str, hint: str, doc: str
) -> Callable[[object], None]:
    """Register the check of exercise ``exercise_id``, in which the learner writes the function ``name``."""

    def judge(answer: object) -> Verdict:
        return judge_function(answer, task, praise=praise, hint=hint, name=name)

    judge.__name__ = f"check_{exercise_id.replace('.', '_')}"
    judge.__qualname__ = judge.__name__
    judge.__doc__ = doc
    check = exercise(exercise_id)(judge)
    FUNCTION_TASKS[exercise_id] = task
    return check
