"""The self-checking exercises of sgd_lib.exercises.

For every registered exercise, ``SOLUTIONS`` holds a function that computes the right
answer the way the worked solution notebook does, a wrong answer, and (optionally) the
numbers a hint must never show. The tests check that each check function:

- prints exactly one line,
- says "Correct:" for the right answer,
- says "Not quite:" for a wrong answer without revealing the expected value,
- says "Not answered yet" for the placeholder,
- turns an answer of the wrong kind into a hint instead of an exception.

They also check the stored notebooks: every check call in a notebook's Exercises section
stores the "Not answered yet" line, and every check call in a solutions notebook stores a
"Correct:" line. Adding an exercise to sgd_lib.exercises without an entry here fails
``test_every_exercise_has_a_solution_here``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest

from sgd_lib import (
    SGD,
    AdaGrad,
    Adam,
    ExponentialDecay,
    InverseTimeDecay,
    LinearModel,
    Standardizer,
    StepDecay,
    batch_indices,
    fit,
    hessian_eigenvalues,
    least_squares,
    least_squares_floor,
    make_original_data,
    mean_squared_error,
    mse_gradient,
    standardize,
    train_test_split,
)
from sgd_lib.exercises import EXERCISES, NOT_ANSWERED, exercise

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


# --- The data the exercises use ------------------------------------------------------------------


def _seed():
    return make_original_data()


def _standardized():
    x, y = make_original_data()
    x_std, y_std, _, _ = standardize(x, y)
    return x_std, y_std


def _stretched():
    x, _ = make_original_data()
    return x / 10, _standardized()[1]


# --- The solutions, computed as in notebooks/solutions/ ------------------------------------------


def solve_01_1():
    return len(np.arange(2, 100, 2))


def solve_01_2():
    _, y = _seed()
    return -0.5 * y.std() + y.mean()


def solve_01_3():
    x, y = _seed()
    x_train, x_test, _, _ = train_test_split(x, y, test_size=0.5, seed=1)
    return Standardizer().fit(x_train).transform(x_test).mean()


def solve_01_4():
    batches = batch_indices(99, batch_size=25, shuffle=False)
    return [len(batches), len(batches[-1])]


def solve_02_1():
    return np.sqrt(2 / (10 + 1))


def solve_02_2():
    x, _ = _seed()
    model = LinearModel(seed=0)
    return model.weights[0] * (80 - x.mean()) / x.std() + model.bias


def solve_02_3():
    w = (80**2 - 20**2) / (80 - 20)
    return [w, 20**2 - w * 20]


def solve_03_1():
    x, y = _seed()
    return np.mean((100 * x - 1683 - y) ** 2)


def solve_03_2():
    x, _ = _seed()
    x_centered = x - x.mean()
    h = 2 * np.array([[np.mean(x_centered**2), np.mean(x_centered)], [np.mean(x_centered), 1.0]])
    low, high = np.linalg.eigvalsh(h)
    return high / low


def solve_03_3():
    x, y = _seed()
    errors = 100 * x + 0 - y
    return [2 * np.mean(errors * x), 2 * np.mean(errors)]


def solve_04_1():
    x_eval = np.arange(1, 10, 1.0)
    a = np.column_stack([x_eval, np.ones_like(x_eval)])
    h = 2 / len(x_eval) * a.T @ a
    return 2 / np.linalg.eigvalsh(h)[-1]


def solve_04_2():
    x_std, y_std = _standardized()
    w, b = -0.6, 1.6
    errors = w * x_std + b - y_std
    return [w - 0.3 * 2 * np.mean(errors * x_std), b - 0.3 * 2 * np.mean(errors)]


def solve_04_3():
    factor = abs(1 - 0.9 * 2)  # lambda = 2 on the standardized data
    return int(np.ceil(np.log(0.01) / np.log(factor)))


def solve_05_1():
    x, y = _seed()
    x_train, _, _, _ = train_test_split(x, y, test_size=0.2, seed=0)
    return 100 * len(batch_indices(len(x_train), 32))


def solve_05_2():
    x_std, y_std = _standardized()
    w, b = LinearModel(seed=0).get_params()
    total = 0.0
    for index in batch_indices(len(y_std), 40, shuffle=False):
        errors = w * x_std[index] + b - y_std[index]
        total += np.mean(errors**2) * len(index)
        w, b = w - 0.1 * 2 * np.mean(errors * x_std[index]), b - 0.1 * 2 * np.mean(errors)
    return total / len(y_std)


def solve_05_3():
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=100, seed=0)
    losses = np.array([mean_squared_error(y_std, w * x_std + b) for w, b in history.params])
    row = int(np.flatnonzero(losses <= 1.02 * least_squares_floor(x_std, y_std))[0])
    return row - 1  # row k + 1 of history.params ends epoch k


def solve_05_4():
    def train(x, y, w, b, learning_rate, epochs, batch_size, seed):
        rng = np.random.default_rng(seed)
        epoch_losses = []
        for _ in range(epochs):
            order = rng.permutation(len(y))
            total = 0.0
            for start in range(0, len(y), batch_size):
                batch = order[start:start + batch_size]
                error = w * x[batch] + b - y[batch]
                total += np.mean(error**2) * len(batch)
                w, b = w - learning_rate * 2 * np.mean(error * x[batch]), b - learning_rate * 2 * np.mean(error)
            epoch_losses.append(total / len(y))
        return w, b, epoch_losses

    return train


def _shuffled_once(x, y, w, b, learning_rate, epochs, batch_size, seed):
    """A loop written by hand with the usual mistake: one permutation for all epochs."""
    order = np.random.default_rng(seed).permutation(len(y))
    epoch_losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(y), batch_size):
            batch = order[start:start + batch_size]
            error = w * x[batch] + b - y[batch]
            total += np.mean(error**2) * len(batch)
            w, b = w - learning_rate * 2 * np.mean(error * x[batch]), b - learning_rate * 2 * np.mean(error)
        epoch_losses.append(total / len(y))
    return w, b, epoch_losses


def solve_06_1():
    x, y = _seed()
    y_line = 90 * x - 1500
    return 1 - np.sum((y - y_line) ** 2) / np.sum((y - y.mean()) ** 2)


def solve_06_2():
    x_eval = np.arange(1, 10, 1.0)
    a = np.column_stack([x_eval, np.ones_like(x_eval)])
    return np.linalg.solve(a.T @ a, a.T @ x_eval**2)


def solve_06_3():
    x, y = _seed()
    x_std, y_std, x_scaler, y_scaler = standardize(x, y)
    model = LinearModel(seed=0)
    fit(model, x_std, y_std, SGD(0.1), epochs=100, batch_size=32, seed=0)
    return y_scaler.inverse_transform(model.predict(x_scaler.transform([130.0])))[0]


def solve_07_1():
    x, _ = _seed()
    x_hundreds = x / 100
    a = np.column_stack([x_hundreds, np.ones_like(x_hundreds)])
    h = 2 / len(x_hundreds) * a.T @ a
    return 2 / np.linalg.eigvalsh(h)[-1]


def solve_07_2():
    x, _ = _seed()
    return StepDecay(0.2, factor=0.5, every=25 * len(batch_indices(len(x), 32)))


def solve_07_3():
    x_std, y_std = _standardized()
    model = LinearModel(seed=0)
    fit(model, x_std, y_std, SGD(InverseTimeDecay(0.1, rate=1.0, decay_steps=40)), epochs=300, seed=0)
    w_star, b_star = least_squares(x_std, y_std)
    return np.linalg.norm(model.get_params() - np.append(w_star, b_star))


def solve_08_1():
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=30, batch_size=16, record_updates=True)
    return len(history.update_params) - 1


def solve_08_2():
    x_std, y_std = _standardized()
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(0.05), epochs=40, batch_size=1, seed=0)
    losses = [mean_squared_error(y_std, w * x_std + b) for w, b in history.params[-10:]]
    return np.mean(losses) - least_squares_floor(x_std, y_std)


def solve_08_3():
    x_std, y_std = _standardized()
    w_star, b_star = least_squares(x_std, y_std)
    g_w, g_b = mse_gradient(x_std[:32], y_std[:32], w_star, b_star)
    return np.hypot(g_w[0], g_b)


def solve_09_1():
    x_tens, y_std = _stretched()
    theta, v = np.array([-1.0, 1.0]), np.zeros(2)
    for _ in range(2):
        g_w, g_b = mse_gradient(x_tens, y_std, theta[:1], theta[1])
        v = 0.9 * v + np.append(g_w, g_b)
        theta = theta - 0.01 * v
    return theta


def solve_09_2():
    x_tens, _ = _stretched()
    return 2 * (1 + 0.5) / hessian_eigenvalues(x_tens)[-1]


def solve_09_3():
    x_tens, y_std = _stretched()
    history = fit(LinearModel(seed=0), x_tens, y_std, SGD(0.01, momentum=0.9, nesterov=True), epochs=200,
                  batch_size=len(y_std), shuffle=False)
    return int(np.flatnonzero(np.asarray(history.loss) <= 1.01 * least_squares_floor(x_tens, y_std))[0])


def solve_10_1():
    x, y = make_original_data()
    theta, m, v = LinearModel(seed=0).get_params(), np.zeros(2), np.zeros(2)
    for t in (1, 2):
        g = np.append(*mse_gradient(x, y, theta[:1], theta[1]))
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
        theta = theta - 0.5 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-7)
    return theta


def solve_10_2():
    return 0.5 * 0.1 / np.sqrt(0.1 + 100 * 0.1**2 + 1e-7)


def solve_10_3():
    x, y = make_original_data()
    history = fit(LinearModel(seed=0), x, y, Adam(0.1), epochs=1000, seed=0)
    return int(np.flatnonzero(history.params[1:, 0] > 50)[0])


def test_the_adagrad_exercise_matches_the_optimizer():
    optimizer, theta = AdaGrad(0.5), np.zeros(1)
    for _ in range(99):
        theta = optimizer.step(theta, np.array([0.1]))
    assert theta[0] - optimizer.step(theta, np.array([0.1]))[0] == pytest.approx(solve_10_2(), rel=1e-12)


@dataclass
class Solution:
    solve: Callable[[], object]
    wrong: Callable[[object], object]  # a wrong answer, made from the right one
    secrets: Callable[[object], list[float]] = field(default=lambda answer: list(np.ravel(answer)))


SOLUTIONS: dict[str, Solution] = {
    "01.1": Solution(solve_01_1, lambda a: a + 5),
    "01.2": Solution(solve_01_2, lambda a: a + 500),
    "01.3": Solution(solve_01_3, lambda a: 2.0 * a),
    "01.4": Solution(solve_01_4, lambda a: [a[0] + 1, a[1] - 1]),
    "02.1": Solution(solve_02_1, lambda a: 1.5 * a),
    "02.2": Solution(solve_02_2, lambda a: a + 1),
    "02.3": Solution(solve_02_3, lambda a: [a[0] + 10, a[1]]),
    "03.1": Solution(solve_03_1, lambda a: 1.5 * a),
    "03.2": Solution(solve_03_2, lambda a: 2.0 * a),
    "03.3": Solution(solve_03_3, lambda a: [a[0], 3.0 * a[1]]),
    "04.1": Solution(solve_04_1, lambda a: 1.5 * a),
    "04.2": Solution(solve_04_2, lambda a: np.add(a, [0.1, -0.1])),
    "04.3": Solution(solve_04_3, lambda a: a + 5),
    "05.1": Solution(solve_05_1, lambda a: a + 7),
    "05.2": Solution(solve_05_2, lambda a: 1.5 * a),
    "05.3": Solution(solve_05_3, lambda a: a + 10),
    "05.4": Solution(solve_05_4, lambda a: (lambda *args, **kwargs: a(*args, **kwargs)[:2] + ([0.5] * 5,)),
                     secrets=lambda a: []),
    "06.1": Solution(solve_06_1, lambda a: a - 0.05),
    "06.2": Solution(solve_06_2, lambda a: a + 1.0),
    "06.3": Solution(solve_06_3, lambda a: 1.2 * a),
    "07.1": Solution(solve_07_1, lambda a: 1.5 * a),
    "07.2": Solution(solve_07_2, lambda a: ExponentialDecay(0.2, rate=0.5, decay_steps=100),
                     secrets=lambda a: [a.every, a.every // 25]),
    "07.3": Solution(solve_07_3, lambda a: 2.0 * a),
    "08.1": Solution(solve_08_1, lambda a: a + 7),
    "08.2": Solution(solve_08_2, lambda a: 3.0 * a),
    "08.3": Solution(solve_08_3, lambda a: 0.5 * a),
    "09.1": Solution(solve_09_1, lambda a: a + np.array([0.1, -0.1])),
    "09.2": Solution(solve_09_2, lambda a: 1.3 * a),
    "09.3": Solution(solve_09_3, lambda a: a + 10),
    "10.1": Solution(solve_10_1, lambda a: a + np.array([0.5, -0.5]),
                     secrets=lambda a: [a[0]]),  # b is 0.9999: the hint's "1 - beta1" does not give it away
    "10.2": Solution(solve_10_2, lambda a: 1.5 * a),
    "10.3": Solution(solve_10_3, lambda a: a + 20),
}


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


def test_the_right_answer_may_come_in_other_containers(capsys, answers):
    assert say(capsys, "07.1", np.array([answers["07.1"]])).startswith("Correct: ")
    assert say(capsys, "08.1", float(answers["08.1"])).startswith("Correct: ")
    assert say(capsys, "08.1", np.int64(answers["08.1"])).startswith("Correct: ")
    assert say(capsys, "09.1", list(answers["09.1"])).startswith("Correct: ")
    assert say(capsys, "09.1", tuple(answers["09.1"])).startswith("Correct: ")
    lr = answers["07.2"]
    assert say(capsys, "07.2", lambda t: lr(t)).startswith("Correct: ")


def test_tolerances_accept_a_rounded_answer(capsys, answers):
    assert say(capsys, "07.1", float(f"{answers['07.1']:.3g}")).startswith("Correct: ")
    assert say(capsys, "09.2", float(f"{answers['09.2']:.3g}")).startswith("Correct: ")
    assert say(capsys, "09.3", answers["09.3"] + 1).startswith("Correct: ")  # off by one step is accepted
    assert say(capsys, "09.1", np.round(answers["09.1"], 5)).startswith("Correct: ")


def test_common_mistakes_get_their_own_hint(capsys, answers):
    x, _ = _seed()
    assert "counts updates, not epochs" in say(capsys, "07.2", StepDecay(0.2, factor=0.5, every=25))
    assert "starting rate" in say(capsys, "07.2", StepDecay(0.1, factor=0.5, every=100))
    assert "smallest eigenvalue" in say(capsys, "07.1", 2 / hessian_eigenvalues(x / 100)[0])
    assert "factors of 2" in say(capsys, "07.1", 2 * answers["07.1"])
    assert "last batch" in say(capsys, "08.1", 30 * (99 // 16))
    assert "full-batch gradient" in say(capsys, "08.3", 0.0)
    x_tens, y_std = _stretched()
    plain = np.array([-1.0, 1.0])
    for _ in range(2):
        g_w, g_b = mse_gradient(x_tens, y_std, plain[:1], plain[1])
        plain = plain - 0.01 * np.append(g_w, g_b)
    assert "plain gradient steps" in say(capsys, "09.1", plain)


def test_common_mistakes_of_notebooks_01_to_06_get_their_own_hint(capsys, answers):
    x, y = _seed()
    x_std, y_std = _standardized()
    assert "stops before" in say(capsys, "01.1", answers["01.1"] + 1)
    x_train, x_test, _, _ = train_test_split(x, y, test_size=0.5, seed=1)
    assert "mean 0 by construction" in say(capsys, "01.3", Standardizer().fit(x_test).transform(x_test).mean())
    assert "fit it on x_train only" in say(capsys, "01.3", Standardizer().fit(x).transform(x_test).mean())
    assert "one more, smaller batch" in say(capsys, "01.4", [99 // 25, 25])
    assert "[number of batches, size of the last batch]" in say(capsys, "01.4", [25, 25, 25, 24])
    assert "count the one output unit" in say(capsys, "02.1", np.sqrt(2 / 10))
    assert "Glorot-uniform" in say(capsys, "02.1", np.sqrt(6 / 11))
    assert "raw input" in say(capsys, "02.2", LinearModel(seed=0).predict([80.0])[0])
    assert "square root of the MSE" in say(capsys, "03.1", np.sqrt(answers["03.1"]))
    assert "raw x" in say(capsys, "03.2", 13475.85)
    assert "factor 2" in say(capsys, "03.3", np.multiply(answers["03.3"], 0.5))
    assert "smallest eigenvalue" in say(capsys, "04.1", 2 / hessian_eigenvalues(np.arange(1, 10, 1.0))[0])
    g_w, g_b = mse_gradient(x_std, y_std, [-0.6], 1.6)
    assert "uphill" in say(capsys, "04.2", np.array([-0.6, 1.6]) + 0.3 * np.append(g_w, g_b))
    assert "count again" in say(capsys, "04.3", answers["04.3"] - 1)
    assert "fractional part" in say(capsys, "04.3", 20.64)
    assert "smaller than 32" in say(capsys, "05.1", 100 * (79 // 32))
    assert "all 99 samples" in say(capsys, "05.1", 400)
    assert "row k + 1" in say(capsys, "05.3", answers["05.3"] + 1)
    assert "1 minus that ratio" in say(capsys, "06.1", 1 - answers["06.1"])
    assert "order is [w, b]" in say(capsys, "06.2", answers["06.2"][::-1])
    assert "standardized units" in say(capsys, "06.3", (answers["06.3"] - y.mean()) / y.std())


def test_the_right_answers_of_notebooks_01_to_06_may_be_rounded(capsys, answers):
    for exercise_id in ["01.2", "02.1", "02.2", "03.1", "03.2", "04.1", "05.2", "06.3"]:
        rounded = float(f"{answers[exercise_id]:.4g}")
        assert say(capsys, exercise_id, rounded).startswith("Correct: "), exercise_id
    assert say(capsys, "01.4", np.array(answers["01.4"], dtype=float)).startswith("Correct: ")
    assert say(capsys, "02.3", tuple(answers["02.3"])).startswith("Correct: ")
    assert say(capsys, "06.2", np.round(answers["06.2"], 3)).startswith("Correct: ")


def test_every_usual_mistake_in_the_training_loop_gets_its_own_hint(capsys, answers):
    from sgd_lib.exercises.nb05 import LOOP_MISTAKES, _loop

    hints = set()
    for name, (options, hint) in LOOP_MISTAKES.items():
        def mistaken(x, y, w, b, learning_rate, epochs, batch_size, seed, options=options):
            return _loop(x, y, w, b, learning_rate, epochs, batch_size, seed, **options)

        assert say(capsys, "05.4", mistaken) == f"Not quite: {hint}", name
        hints.add(hint)
    assert len(hints) == len(LOOP_MISTAKES)
    assert "shuffled only once" in say(capsys, "05.4", _shuffled_once)
    ignores_batch_size = answers["05.4"]
    assert "use every argument" in say(
        capsys, "05.4", lambda x, y, w, b, learning_rate, epochs, batch_size, seed: ignores_batch_size(
            x, y, w, b, learning_rate, epochs, 32, seed))
    assert "raised ZeroDivisionError" in say(capsys, "05.4", lambda **kwargs: 1 / 0)
    assert "three things" in say(capsys, "05.4", lambda **kwargs: (1.0, 2.0))


def test_a_schedule_that_fails_is_reported_in_words(capsys):
    text = say(capsys, "07.2", lambda t: 1 / 0)
    assert text.startswith("Not quite: ") and "ZeroDivisionError" in text


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
