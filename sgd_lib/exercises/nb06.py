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
    judge_vector,
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
            (
                [w_seed[0], b_seed],
                "that is the best line for the training data 1..99; this task has only the nine evaluation inputs.",
            ),
            (
                [float(x_eval @ y_eval / (x_eval @ x_eval)), 0.0],
                "without the column of ones in A the line is forced through 0; add it, so that the bias is fitted too.",
            ),
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
            (
                float(y_scaler.inverse_transform(model.predict(x_new))[0]),
                "standardize the input with "
                "x_scaler.transform before predicting: the model was trained on standardized inputs.",
            ),
            (
                float(w_ls[0] * x_new[0] + b_ls),
                "that is the prediction of the least-squares line; the task asks "
                "what the model trained with SGD predicts.",
            ),
            (float(x_new[0] ** 2), "that is the true value x squared; the task asks for the model's prediction."),
        ],
    )
