"""Exercises of notebook 03: the cost function."""

from __future__ import annotations

import numpy as np

from ..data import make_original_data
from ..evaluation import (
    condition_number,
    hessian_eigenvalues,
    root_mean_squared_error,
)
from ..losses import mean_squared_error, mse_gradient
from ._framework import (
    Verdict,
    exercise,
    judge_number,
    judge_vector,
)


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
        hint="build H = 2 [[mean(x**2), mean(x)], [mean(x), 1]] from x - x.mean(), take its eigenvalues with np.linalg.eigvalsh "
        "(smallest first), and divide the largest by the smallest.",
        praise="centering makes mean(x) = 0, so the off-diagonal entries vanish and the ellipses are no longer tilted, "
        "but mean(x**2) (the variance of x) is still far from 1, so the bowl stays stretched.",
        mistakes=[
            (condition_number(x), "that is the condition number of the raw x; subtract the mean of x first."),
            (float(np.sqrt(expected)), "that is the square root of the condition number (the ratio of the axes of "
             "the contour ellipses); the condition number is lambda_max / lambda_min itself."),
            (float(eigenvalues[-1]), "that is lambda_max alone; divide it by lambda_min."),
            (1.0 / expected, "divide the largest eigenvalue by the smallest, not the other way round."),
            (1.0, "a round bowl needs mean(x) = 0 and mean(x**2) = 1; centering alone gives only the first."),
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
