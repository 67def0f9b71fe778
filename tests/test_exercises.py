"""The self-checking exercises of sgd_lib.exercises.

For every registered exercise, ``tests/exercise_answers/nbNN.py`` holds a function that computes
the right answer the way the worked solution notebook does, a wrong answer, (optionally) the
numbers a hint must never show, answers with common mistakes and the phrase their hint must
contain, and right answers in other forms. The tests check that each check function:

- prints exactly one line,
- says "Correct:" for the right answer, also in another container or rounded,
- says "Not quite:" for a wrong answer without revealing the expected value,
- gives a common mistake its own hint,
- says "Not answered yet" for the placeholder,
- turns an answer of the wrong kind into a hint instead of an exception.

For the exercises in which the learner writes a function, every mistake of its task is run as
the learner's function and must get its own hint, and must differ from the right function.

They also check the stored notebooks: every check call in a notebook's Exercises section
stores the "Not answered yet" line, every check call in a solutions notebook stores a
"Correct:" line, and every notebook from 01 on has an exercise in which the learner writes a
function. Adding an exercise without answers fails ``test_every_exercise_has_a_solution_here``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from exercise_answers import ACCEPTED, MISTAKES, SOLUTIONS
from exercise_answers.nb10 import solve_10_2

from sgd_lib import SGD, AdaGrad, Adam
from sgd_lib.exercises import EXERCISES, FUNCTION_TASKS, NOT_ANSWERED, FunctionTask, Mistake, exercise
from sgd_lib.exercises._framework import judge_function
from sgd_lib.exercises.nb09 import MOMENTUM_STEP_TASK
from sgd_lib.exercises.nb10 import ADAM_STEP_TASK

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def test_the_momentum_step_exercise_matches_the_optimizer():
    rng = np.random.default_rng(0)
    for nesterov in (False, True):
        optimizer, theta, v = SGD(0.05, momentum=0.8, nesterov=nesterov), rng.normal(size=2), np.zeros(2)
        for _ in range(5):
            g = rng.normal(size=2)
            expected = optimizer.step(theta, g)
            theta, v = MOMENTUM_STEP_TASK.reference(theta, v, g, 0.05, 0.8, nesterov)
            np.testing.assert_allclose(theta, expected, rtol=1e-14)
            np.testing.assert_allclose(v, optimizer.get_state()["slots"]["velocity"], rtol=1e-14)


def test_the_adam_step_exercise_matches_the_optimizer():
    rng = np.random.default_rng(1)
    optimizer, theta, v, s = Adam(0.01, beta1=0.8, beta2=0.99), rng.normal(size=2), np.zeros(2), np.zeros(2)
    for t in range(1, 6):
        g = rng.normal(size=2) * 10.0 ** rng.integers(-4, 3)
        expected = optimizer.step(theta, g)
        theta, v, s = ADAM_STEP_TASK.reference(theta, v, s, g, t, 0.01, beta1=0.8, beta2=0.99)
        np.testing.assert_allclose(theta, expected, rtol=1e-13)


def test_the_adagrad_exercise_matches_the_optimizer():
    optimizer, theta = AdaGrad(0.5), np.zeros(1)
    for _ in range(99):
        theta = optimizer.step(theta, np.array([0.1]))
    assert theta[0] - optimizer.step(theta, np.array([0.1]))[0] == pytest.approx(solve_10_2(), rel=1e-12)


# --- Helpers ---------------------------------------------------------------------------------------


def say(capsys, exercise_id: str, answer: object) -> str:
    """What the check of ``exercise_id`` prints for ``answer`` (exactly one line, checked here)."""
    capsys.readouterr()
    result = EXERCISES[exercise_id](answer)
    printed = capsys.readouterr().out
    assert result is None
    assert printed.endswith("\n") and printed.count("\n") == 1, f"not one line: {printed!r}"
    return printed.rstrip("\n")


def revealed(text: str, value: float) -> str | None:
    """The spelling of ``value`` found in ``text``, if any (several precisions, as a whole number)."""
    value = float(value)
    spellings = {f"{value:.{digits}g}" for digits in range(2, 8)} | {repr(value), str(value)}
    if value == round(value):
        spellings.add(str(int(round(value))))
    for spelling in spellings:
        if re.search(rf"(?<![\d.]){re.escape(spelling)}(?![\d])", text):
            return spelling
    return None


# --- Tests of every exercise -----------------------------------------------------------------------


def test_every_exercise_has_a_solution_here():
    assert set(EXERCISES) == set(SOLUTIONS)


@pytest.fixture(scope="module")
def answers():
    return {exercise_id: solution.solve() for exercise_id, solution in SOLUTIONS.items()}


@pytest.mark.parametrize("exercise_id", sorted(SOLUTIONS))
def test_the_right_answer_is_correct(capsys, answers, exercise_id):
    assert say(capsys, exercise_id, answers[exercise_id]).startswith("Correct: ")


@pytest.mark.parametrize("exercise_id", sorted(SOLUTIONS))
def test_a_wrong_answer_gets_a_hint_without_the_answer(capsys, answers, exercise_id):
    solution = SOLUTIONS[exercise_id]
    text = say(capsys, exercise_id, solution.wrong(answers[exercise_id]))
    assert text.startswith("Not quite: ")
    assert len(text) > len("Not quite: ") + 20
    for secret in solution.secrets(answers[exercise_id]):
        assert revealed(text, secret) is None, f"the hint shows {revealed(text, secret)!r}: {text}"


@pytest.mark.parametrize("exercise_id", sorted(SOLUTIONS))
@pytest.mark.parametrize("placeholder", [None, ...])
def test_the_placeholder_is_not_answered_yet(capsys, exercise_id, placeholder):
    assert say(capsys, exercise_id, placeholder) == NOT_ANSWERED
    assert NOT_ANSWERED.startswith("Not answered yet")


@pytest.mark.parametrize("exercise_id", sorted(SOLUTIONS))
@pytest.mark.parametrize("odd", ["0.5", [1.0, 2.0, 3.0], {"w": 1.0}, float("nan"), True])
def test_an_answer_of_the_wrong_kind_gets_a_hint_not_an_exception(capsys, exercise_id, odd):
    assert say(capsys, exercise_id, odd).startswith("Not quite: ")


@pytest.mark.parametrize("exercise_id, make, phrase", MISTAKES, ids=[f"{m[0]}: {m[2]}" for m in MISTAKES])
def test_common_mistakes_get_their_own_hint(capsys, answers, exercise_id, make, phrase):
    text = say(capsys, exercise_id, make(answers))
    assert text.startswith("Not quite: ") and phrase in text, text


@pytest.mark.parametrize("exercise_id, make", ACCEPTED, ids=[f"{m[0]}-{i}" for i, m in enumerate(ACCEPTED)])
def test_the_right_answer_may_come_in_other_forms(capsys, answers, exercise_id, make):
    assert say(capsys, exercise_id, make(answers)).startswith("Correct: ")


@pytest.mark.parametrize("exercise_id", sorted(FUNCTION_TASKS))
def test_every_mistake_in_a_written_function_gets_its_own_hint(capsys, exercise_id):
    task = FUNCTION_TASKS[exercise_id]
    assert len(task.mistakes) >= 2, f"{exercise_id}: name at least two common mistakes"
    assert say(capsys, exercise_id, task.reference).startswith("Correct: ")
    renamed = lambda *any_names: task.reference(*any_names)  # noqa: E731  (the learner may name parameters freely)
    assert say(capsys, exercise_id, renamed).startswith("Correct: ")
    hints = set()
    for mistake in task.mistakes:
        assert say(capsys, exercise_id, mistake.function) == f"Not quite: {mistake.hint}", mistake.name
        hints.add(mistake.hint)
    assert len(hints) == len(task.mistakes), f"{exercise_id}: two mistakes share a hint"


@pytest.mark.parametrize("exercise_id", sorted(FUNCTION_TASKS))
def test_a_written_function_of_the_wrong_kind_is_told_so(capsys, exercise_id):
    assert "raised ZeroDivisionError" in say(capsys, exercise_id, lambda *args, **kwargs: 1 / 0)
    assert "without calling it" in say(capsys, exercise_id, 3.0)


def test_a_function_task_recognises_mistakes_and_general_errors():
    square = FunctionTask(
        reference=lambda v: v**2,
        cases=({"v": np.array([1.0, 2.0, 3.0])},),
        read=lambda result, case: np.asarray(result, dtype=float),
        mistakes=(
            Mistake("doubled", lambda v: 2 * v, "you doubled instead of squaring"),
            Mistake("cubed", lambda v: v**3, "you cubed"),
        ),
    )

    def verdict(answer):
        return judge_function(answer, square, praise="squared", hint="square each value", name="f")

    assert verdict(lambda v: v * v).correct
    assert verdict(lambda v: v + v).message == "you doubled instead of squaring"
    assert verdict(lambda v: v * v * v).message == "you cubed"
    assert verdict(lambda v: v * 0).message == "square each value"
    assert "inf or NaN" in verdict(lambda v: v / 0).message

    def in_place(v):
        v *= v
        return v

    assert verdict(in_place).correct and verdict(in_place).correct  # each call gets its own copy of the data
    with pytest.raises(ValueError, match="distinct names"):
        FunctionTask(
            reference=abs, cases=({},), read=lambda r, c: r, mistakes=(Mistake("a", abs, "x"), Mistake("a", abs, "y"))
        )


def test_the_registry_rejects_bad_and_duplicate_ids():
    with pytest.raises(ValueError, match="look like"):
        exercise("7.1")
    with pytest.raises(ValueError, match="registered twice"):
        exercise("07.1")


# --- The stored notebooks --------------------------------------------------------------------------

CHECK_CALL = re.compile(r"^check_(\d\d)_(\d+)\(answer\)\s*$", re.MULTILINE)


def _check_cells(path: Path):
    """(exercise id, stored text output) of every code cell that calls a check function."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        for match in CHECK_CALL.finditer(source):
            text = "".join(
                "".join(out.get("text", "")) for out in cell.get("outputs", []) if out.get("output_type") == "stream"
            )
            yield f"{match.group(1)}.{match.group(2)}", source, text


EXERCISE_BOOKS = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if any(_check_cells(p)))
SOLUTION_BOOKS = sorted((NOTEBOOKS / "solutions").glob("*_solutions.ipynb"))


@pytest.mark.parametrize("path", EXERCISE_BOOKS, ids=lambda p: p.name)
def test_exercise_cells_store_the_placeholder(path):
    for exercise_id, source, text in _check_cells(path):
        assert exercise_id in EXERCISES, f"{path.name} calls a check that does not exist: {exercise_id}"
        assert source.startswith("answer = None"), f"{path.name}, {exercise_id}: start the cell with the placeholder"
        assert text == NOT_ANSWERED + "\n", f"{path.name}, {exercise_id}: stored {text!r}"


@pytest.mark.parametrize("path", SOLUTION_BOOKS, ids=lambda p: p.name)
def test_solution_cells_store_correct(path):
    cells = list(_check_cells(path))
    assert cells, f"{path.name} has no check calls"
    for exercise_id, _, text in cells:
        last = text.rstrip("\n").splitlines()[-1] if text.strip() else ""
        assert last.startswith("Correct: "), f"{path.name}, {exercise_id}: stored {text!r}"


def test_every_exercise_is_in_a_notebook_and_solved():
    asked = {exercise_id for path in EXERCISE_BOOKS for exercise_id, _, _ in _check_cells(path)}
    solved = {exercise_id for path in SOLUTION_BOOKS for exercise_id, _, _ in _check_cells(path)}
    assert asked == set(EXERCISES), f"asked in no notebook: {set(EXERCISES) - asked}"
    assert solved == set(EXERCISES), f"solved in no solutions notebook: {set(EXERCISES) - solved}"
    for path in SOLUTION_BOOKS:
        number = path.name[:2]
        assert (NOTEBOOKS / path.name.replace("_solutions", "")).exists(), f"{path.name} solves no notebook"
        assert all(i.startswith(number) for i, _, _ in _check_cells(path)), f"{path.name} solves another notebook"
