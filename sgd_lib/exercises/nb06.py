"""Exercises of notebook 06: evaluation."""

from __future__ import annotations

import numpy as np

from ..data import make_data, make_original_data, standardize
from ..evaluation import (
    least_squares,
    r2_score,
)
from ._fixtures import _original_run
from ._framework import (
    Verdict,
    exercise,
    judge_number,
    judge_vector,
)


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
