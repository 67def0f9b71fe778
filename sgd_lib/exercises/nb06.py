"""Exercises of notebook 06: evaluation."""

from __future__ import annotations

import numpy as np

from ..data import make_data, make_original_data, standardize, train_test_split
from ..evaluation import (
    least_squares,
    r2_score,
)
from ..model import LinearModel
from ..optimizers import SGD
from ..training import fit
from ._fixtures import _original_run
from ._framework import (
    FunctionTask,
    Mistake,
    Verdict,
    as_number,
    exercise,
    function_exercise,
    judge_number,
)


def _r2_cases() -> tuple[dict[str, object], ...]:
    """The test set of notebook 06 with its SGD predictions, the line 90 x - 1500 over the data, a bad guess."""
    x, y = make_original_data()
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, seed=0)
    x_train_std, y_train_std, x_scaler, y_scaler = standardize(x_train, y_train)
    model = LinearModel(seed=0)
    fit(model, x_train_std, y_train_std, SGD(0.1), epochs=100, seed=0)
    predictions = y_scaler.inverse_transform(model.predict(x_scaler.transform(x_test)))
    return (
        {"y_true": y_test, "y_pred": predictions},
        {"y_true": y, "y_pred": 90 * x - 1500},
        {"y_true": y, "y_pred": y[::-1].copy()},  # worse than the mean: R^2 below 0
    )


def _read_r2(result: object, case: object) -> np.ndarray:
    return np.array([as_number(result, "R^2 (one number)")])


R2_MISTAKES = (
    Mistake(
        "the ratio",
        lambda y_true, y_pred: np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2),
        "that is SS_res / SS_tot, the share of the variation the model misses; R^2 is 1 minus that ratio.",
    ),
    Mistake(
        "about zero",
        lambda y_true, y_pred: 1 - np.sum((y_true - y_pred) ** 2) / np.sum(y_true**2),
        "SS_tot measures the deviations of y from its mean, not from 0.",
    ),
    Mistake(
        "mean of the predictions",
        lambda y_true, y_pred: 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_pred.mean()) ** 2),
        "the mean in SS_tot is the mean of the targets, y_true.mean(), not of the predictions.",
    ),
    Mistake(
        "spread of the predictions",
        lambda y_true, y_pred: 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_pred - y_pred.mean()) ** 2),
        "SS_tot is the spread of the targets around their mean; yours is the spread of the predictions (are "
        "y_true and y_pred swapped somewhere?).",
    ),
    Mistake(
        "squared correlation",
        lambda y_true, y_pred: np.corrcoef(y_true, y_pred)[0, 1] ** 2,
        "that is the squared correlation of targets and predictions, which equals R^2 only for the "
        "least-squares line; compute 1 - SS_res / SS_tot.",
    ),
)

R2_TASK = FunctionTask(reference=r2_score, cases=_r2_cases(), read=_read_r2, mistakes=R2_MISTAKES, rtol=1e-9)

check_06_1 = function_exercise(
    "06.1",
    R2_TASK,
    name="r2",
    doc="Exercise 06.1: the learner's R^2 against regression_metrics (a function).",
    praise="your R^2 agrees with regression_metrics on the test set, on the line 90 x - 1500 (lower than the "
    "least-squares line's, as it must be) and on predictions worse than the mean (below 0).",
    hint="R^2 = 1 - SS_res / SS_tot, with SS_res the sum of the squared errors y_true - y_pred and SS_tot the sum "
    "of the squared deviations of y_true from its mean; return one number.",
)


@exercise("06.2")
def check_06_2(answer: object) -> Verdict:
    """Exercise 06.2: w of the line y = w x without a bias through x = 1..9, y = x^2 (one number)."""
    x_eval, y_eval = make_data(1.0, 10.0, 1.0)
    expected = _through_origin(x_eval, y_eval)
    x_ten = np.arange(1.0, 11.0)
    x, y = make_original_data()
    return judge_number(
        answer,
        expected,
        rtol=0.005,
        hint="without a bias A has a single column, the inputs themselves: solve A^T A w = A^T y (a 1 x 1 system) "
        "for the nine inputs and their squares.",
        praise="forced through the origin, the line is flatter than the best line with a bias through the same nine "
        "points.",
        mistakes=[
            (
                least_squares(x_eval, y_eval)[0][0],
                "that is the slope of the line with a bias (A with a column of "
                "ones); this model has no bias, so A has only the column of inputs.",
            ),
            (_through_origin(x_ten, x_ten**2), "tf.range(1, 10, 1) stops before 10: the inputs are 1 to 9."),
            (
                _through_origin(x, y),
                "that uses the training data 1..99; this task has only the nine evaluation inputs.",
            ),
        ],
    )


def _through_origin(x: np.ndarray, y: np.ndarray) -> float:
    """The least-squares w of y = w x (no bias): the normal equation with the one column x."""
    return float(x @ y / (x @ x))


def _shortfall_x(w: float, b: float, shortfall: float) -> tuple[float, float]:
    """The two x at which x^2 - (w x + b) = shortfall (the larger, then the smaller)."""
    root = np.sqrt(w**2 + 4 * (b + shortfall))
    return float((w + root) / 2), float((w - root) / 2)


@exercise("06.3")
def check_06_3(answer: object) -> Verdict:
    """Exercise 06.3: the x above 99 where the SGD-trained line predicts too little by the largest target (a number)."""
    x, y = make_original_data()
    _, _, x_scaler, y_scaler = standardize(x, y)
    model, _ = _original_run()
    at = np.array([0.0, 1.0])
    predicted = y_scaler.inverse_transform(model.predict(x_scaler.transform(at)))
    w, b = float(predicted[1] - predicted[0]), float(predicted[0])  # the line in original units
    expected, below = _shortfall_x(w, b, float(y.max()))
    w_ls, b_ls = least_squares(x, y)
    return judge_number(
        answer,
        expected,
        rtol=0.003,
        hint="in original units the line is w x + b (predict at two inputs, or use the formula of the closed-form "
        "section); solve x^2 - (w x + b) = 9801 for x, or search a fine grid of x above 99 for where the error "
        "first reaches it.",
        praise="about one and a half times the largest input: inside 1..99 the line is never off by more than about "
        "two thousand, but outside it the gap to the parabola grows like x^2.",
        mistakes=[
            (
                _shortfall_x(w_ls[0], b_ls, float(y.max()))[0],
                "that is where the least-squares line falls short; the "
                "task asks about the line trained with SGD (model).",
            ),
            (below, "that root lies below the data; the task asks for the x above 99."),
        ],
    )
