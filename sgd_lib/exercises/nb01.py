"""Exercises of notebook 01: the data."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..data import Standardizer, batch_indices, make_data, make_original_data, standardize, train_test_split
from ._framework import (
    AnswerError,
    FunctionTask,
    Mistake,
    Verdict,
    as_vector,
    exercise,
    function_exercise,
    judge_integer,
    judge_number,
    judge_vector,
)


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
    x, y = make_original_data()
    _, _, x_scaler, y_scaler = standardize(x, y)
    z = -0.5
    expected = float(y_scaler.inverse_transform([z])[0])
    return judge_number(
        answer,
        expected,
        rtol=0.001,
        hint="undo the standardization: from z = (v - mean) / sd follows v = z * sd + mean, with the mean and "
        "standard deviation of y (y_scaler.inverse_transform does the same).",
        praise="half a standard deviation below the mean of y.",
        mistakes=[
            (
                float(y_scaler.inverse_transform([-z])[0]),
                "that lies above the mean of y; a negative z is below the mean.",
            ),
            (
                float(x_scaler.inverse_transform([z])[0]),
                "that uses the mean and standard deviation of x; the task asks about y.",
            ),
            (
                float(y_scaler.transform([z])[0]),
                "that standardizes z once more; the task goes the other way, from "
                "a standardized value back to the units of y.",
            ),
            (
                float(z * np.std(y, ddof=1) + np.mean(y)),
                "your standard deviation divides by n - 1 (ddof=1, as "
                "pandas' .std() does); the formula of standardization, np.std and TF.js divide by n.",
            ),
        ],
    )


# --- Exercise 01.3: the learner standardizes a split ----------------------------------------------


def _standardize_split(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The right answer: both parts standardized with a Standardizer fitted on the training part."""
    scaler = Standardizer().fit(x_train)
    return scaler.transform(x_train), scaler.transform(x_test)


def _with(mean_of, spread_of, *, centre: bool = True, ddof: int = 0, power: float = 0.5):
    """A standardizer that takes its mean from ``mean_of(train, test)`` and its spread from ``spread_of``."""

    def standardize_split(x_train, x_test):
        mean = np.mean(mean_of(x_train, x_test)) if centre else 0.0
        spread = np.var(spread_of(x_train, x_test), ddof=ddof) ** power
        return (x_train - mean) / spread, (x_test - mean) / spread

    return standardize_split


def _train(x_train, x_test):
    return x_train


def _test(x_train, x_test):
    return x_test


def _all(x_train, x_test):
    return np.concatenate([x_train, x_test])


def _each_part_by_itself(x_train, x_test):
    return (Standardizer().fit(x_train).transform(x_train), Standardizer().fit(x_test).transform(x_test))


SPLIT_MISTAKES = (
    Mistake(
        "each part by itself",
        _each_part_by_itself,
        "your test part is standardized with its own mean and "
        "standard deviation: that lets the test set shape the preprocessing. Learn both numbers from x_train "
        "only and apply them unchanged to x_test.",
    ),
    Mistake(
        "fitted on all the data",
        _with(_all, _all),
        "your mean and standard deviation come from all the "
        "points, test points included: learn them from x_train only.",
    ),
    Mistake(
        "the test part's spread",
        _with(_train, _test),
        "you centre with the training mean but divide by the "
        "standard deviation of x_test: take both numbers from x_train.",
    ),
    Mistake(
        "not centred",
        _with(_train, _train, centre=False),
        "you divide by the standard deviation but do not subtract the mean first: z = (v - mean) / standard deviation.",
    ),
    Mistake(
        "not scaled",
        _with(_train, _train, power=0.0),
        "you subtract the mean but do not divide by the standard deviation: z = (v - mean) / standard deviation.",
    ),
    Mistake(
        "variance",
        _with(_train, _train, power=1.0),
        "you divide by the variance: divide by its square root, the standard deviation.",
    ),
    Mistake(
        "n - 1",
        _with(_train, _train, ddof=1),
        "your standard deviation divides by n - 1 (ddof=1, as "
        "pandas' .std() does); the formula above, np.std and TF.js divide by n.",
    ),
)


def _read_split(result: object, case: Mapping[str, object]) -> np.ndarray:
    """The two standardized parts as one vector (training part first), or AnswerError."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AnswerError("your function should return two arrays: the standardized x_train, then x_test.")
    parts = []
    for part, name, order in zip(result, ("x_train", "x_test"), ("first", "second")):
        size = len(np.asarray(case[name]))
        if part is None:
            raise AnswerError(
                f"your function returns None for the standardized {name}: compute it where the "
                "function says # your code here."
            )
        try:
            values = np.asarray(part, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise AnswerError(f"the standardized {name} should be an array of numbers.") from None
        if values.size != size:
            raise AnswerError(
                f"the {order} array should be the standardized {name}, with {size} values like "
                f"{name}; got {values.size}."
            )
        parts.append(values)
    return np.concatenate(parts)


def _split_cases() -> tuple[dict[str, object], ...]:
    x, y = make_original_data()
    cases: list[dict[str, object]] = []
    for test_size, seed in ((0.2, 0), (0.5, 1)):
        x_train, x_test, _, _ = train_test_split(x, y, test_size=test_size, seed=seed)
        cases.append({"x_train": x_train, "x_test": x_test})
    cases.append({"x_train": np.array([1.0, 2.0, 4.0, 9.0]), "x_test": np.array([3.0, 12.0])})
    return tuple(cases)


SPLIT_TASK = FunctionTask(reference=_standardize_split, cases=_split_cases(), read=_read_split, mistakes=SPLIT_MISTAKES)

check_01_3 = function_exercise(
    "01.3",
    SPLIT_TASK,
    name="standardize_split",
    doc="Exercise 01.3: the learner's standardization of a train/test split, with the training part's mean and "
    "standard deviation (a function).",
    praise="both parts are standardized with the training part's mean and standard deviation. The training part "
    "now has mean 0 and standard deviation 1; the test part only close to that, and that is how it should be.",
    hint="compare your function with the formula of standardization and the rule of the test set: from which part "
    "do the mean and the standard deviation come, and to which parts are they applied?",
)


@exercise("01.4")
def check_01_4(answer: object) -> Verdict:
    """Exercise 01.4: [batch size, number of batches] for the one batch size from 20 to 40 that cuts the 99 samples
    into batches of one size (two ints)."""
    x, _ = make_original_data()
    value = as_vector(answer, 2, "two whole numbers, [batch_size, number_of_batches]")
    equal = [size for size in range(20, 41) if len(x) % size == 0]
    if len(equal) != 1:  # guards the exercise itself, not the answer
        raise RuntimeError(f"exercise 01.4 needs exactly one batch size from 20 to 40 dividing 99, got {equal}")
    expected = [equal[0], len(batch_indices(len(x), equal[0], shuffle=False))]
    original = batch_indices(len(x), 32, shuffle=False)
    return judge_vector(
        value,
        expected,
        rtol=0.0,
        atol=1e-9,
        hint="the batches are all one size exactly when the batch size divides 99 with nothing left over "
        "(99 % batch_size == 0); batch_indices(99, batch_size=..., shuffle=False) shows the sizes.",
        praise="33 divides 99, so an epoch is three equal batches and no remainder batch; notebook 05 compares the "
        "original's 32, 32, 32, 3 with exactly these.",
        mistakes=[
            (
                [32, len(original)],
                f"that is the original's batch size: its last batch holds only {len(original[-1])} samples.",
            ),
            ([32, len(x) // 32], "32 leaves samples over after its full batches; they form a smaller last batch."),
            (expected[::-1], "the order is [batch_size, number_of_batches]."),
            ([9, 11], "9 divides 99 too, but it is not between 20 and 40."),
            ([11, 9], "11 divides 99 too, but it is not between 20 and 40."),
        ],
    )
