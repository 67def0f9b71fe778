"""Exercises of notebook 03: the cost function."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..data import make_original_data
from ..evaluation import least_squares, least_squares_floor, mse_hessian
from ..losses import mse_at, mse_gradient
from ._fixtures import _standardized
from ._framework import (
    AnswerError,
    FunctionTask,
    Mistake,
    Verdict,
    as_vector,
    exercise,
    function_exercise,
    judge_number,
)


@exercise("03.1")
def check_03_1(answer: object) -> Verdict:
    """Exercise 03.1: on the standardized data, the MSE of the line with the best w and b = 1.2 (a number)."""
    x_std, y_std = _standardized()
    (w_best,), b_best = least_squares(x_std, y_std)
    floor, h_bb, change = least_squares_floor(x_std, y_std), mse_hessian(x_std)[1, 1], 1.2 - b_best
    expected = float(mse_at(x_std, y_std, [w_best, 1.2]))  # floor + (1/2) h_bb change**2, the gradient being zero
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="start from the floor, the MSE at the optimum, where the gradient is zero: the expansion of the loss "
        "around it then keeps only its last term, one half of d^T H d, with d the change of (w, b).",
        praise="the MSE rises above the floor by one half of d^T H d: with the best w, d changes b alone, by 1.2, and "
        "H_bb = 2. On the round bowl the best w does not depend on b, so holding b at 1.2 leaves it where it was.",
        mistakes=[
            (floor, "that is the floor, the MSE of the best line; this line's b is 1.2, not the best b."),
            (0.5 * h_bb * change**2, "that is how far the MSE rises above the floor; add the floor."),
            (floor + h_bb * change**2, "the expansion has one half of d^T H d, not all of it."),
            (floor + 0.5 * change**2, "on the standardized data H_bb is 2, not 1."),
            (floor + 0.5 * h_bb * abs(change), "d^T H d squares the change of b."),
            (
                float(mse_at(x_std, y_std, [-0.5, 1.2])),
                "that is the MSE at the explorer's start; move w to the best line's w first.",
            ),
        ],
    )


@exercise("03.2")
def check_03_2(answer: object) -> Verdict:
    """Exercise 03.2: the number s by which x - x.mean() must be divided for the bowl to curve equally along w and
    b (a number)."""
    x, _ = make_original_data()
    x_centered = x - x.mean()
    hessian = mse_hessian(x_centered)
    expected = float(np.sqrt(hessian[0, 0] / hessian[1, 1]))  # H_ww = 2 mean((x_centered / s)**2) = 2 = H_bb
    raw = mse_hessian(x)
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="dividing x by s divides H_ww = 2 mean(x**2) by s**2 and leaves H_bb = 2 as it is: find the s that "
        "makes H_ww equal H_bb for x - x.mean(), then check it by building H.",
        praise="s is the standard deviation of x: centering removes the off-diagonal entries, dividing by the "
        "standard deviation makes the diagonal equal, and together they give H = 2I, a round bowl. That is "
        "standardization (notebook 01).",
        mistakes=[
            (
                float(hessian[0, 0] / hessian[1, 1]),
                "that is H_ww / H_bb (and the variance of x): dividing x by s divides that ratio by s**2, so s "
                "is its square root.",
            ),
            (
                float(np.sqrt(raw[0, 0] / raw[1, 1])),
                "that uses the raw x; subtract the mean of x first.",
            ),
            (1.0, "centering alone gives mean(x) = 0 but leaves mean(x**2) far from 1."),
        ],
    )


# --- Exercise 03.3: the learner writes the gradient -------------------------------------------------


def _gradient(x: np.ndarray, y: np.ndarray, w: float, b: float) -> list[float]:
    """The right answer: the library's gradient of the MSE, as [dL/dw, dL/db]."""
    grad_w, grad_b = mse_gradient(x, y, [w], b)
    return [float(grad_w[0]), float(grad_b)]


def _errors(x: np.ndarray, y: np.ndarray, w: float, b: float) -> np.ndarray:
    return w * x + b - y


def _no_factor_2(x, y, w, b):
    e = _errors(x, y, w, b)
    return [np.mean(e * x), np.mean(e)]


def _sum(x, y, w, b):
    e = _errors(x, y, w, b)
    return [2 * np.sum(e * x), 2 * np.sum(e)]


def _target_minus_prediction(x, y, w, b):
    e = y - (w * x + b)
    return [2 * np.mean(e * x), 2 * np.mean(e)]


def _x_in_db(x, y, w, b):
    e = _errors(x, y, w, b)
    return [2 * np.mean(e * x), 2 * np.mean(e * x)]


def _no_x_in_dw(x, y, w, b):
    e = _errors(x, y, w, b)
    return [2 * np.mean(e), 2 * np.mean(e)]


def _product_of_means(x, y, w, b):
    e = _errors(x, y, w, b)
    return [2 * np.mean(e) * np.mean(x), 2 * np.mean(e)]


def _no_bias(x, y, w, b):
    e = w * x - y
    return [2 * np.mean(e * x), 2 * np.mean(e)]


def _swapped(x, y, w, b):
    return _gradient(x, y, w, b)[::-1]


GRADIENT_MISTAKES = (
    Mistake(
        "no factor 2",
        _no_factor_2,
        "your gradient is half the right one: the derivative of the square e**2 "
        "is 2 * e, so both partial derivatives carry a factor 2.",
    ),
    Mistake(
        "sum",
        _sum,
        "your gradient is n times too large: the MSE is a mean, so its derivatives are means too "
        "(np.mean, not np.sum).",
    ),
    Mistake(
        "sign",
        _target_minus_prediction,
        "your gradient has the wrong sign: with e = y - prediction the chain "
        "rule brings a minus sign; use the error as the notebook defines it, prediction minus target.",
    ),
    Mistake(
        "x in dL/db",
        _x_in_db,
        "your dL/db multiplies the errors by x: the derivative of w * x + b with "
        "respect to b is 1, so dL/db is twice the mean error alone.",
    ),
    Mistake(
        "no x in dL/dw",
        _no_x_in_dw,
        "your dL/dw leaves out the input: the derivative of w * x + b with "
        "respect to w is x, so each error is multiplied by its own x before averaging.",
    ),
    Mistake(
        "product of means",
        _product_of_means,
        "your dL/dw multiplies the mean error by the mean x: multiply "
        "each error by its own x first, then average (the mean of a product is not the product of the means).",
    ),
    Mistake(
        "no bias", _no_bias, "your errors leave out the bias: the prediction is w * x + b, and b changes every error."
    ),
    Mistake("swapped", _swapped, "your two numbers are in the wrong order: return [dL/dw, dL/db]."),
)


def _read_gradient(result: object, case: Mapping[str, object]) -> np.ndarray:
    """A gradient as the two numbers [dL/dw, dL/db], or AnswerError."""
    if result is None:
        raise AnswerError("your function returned None: end it with return [dL_dw, dL_db].")
    if isinstance(result, (list, tuple)) and any(part is None for part in result):
        raise AnswerError(
            "your function still returns None in place of a partial derivative: compute the errors and "
            "both partial derivatives where it says # your code here."
        )
    try:
        return as_vector(result, 2, "two numbers, [dL/dw, dL/db]")
    except AnswerError as error:
        raise AnswerError(f"your function should return {str(error)[len('expected ') :]}") from None


def _gradient_cases() -> tuple[dict[str, object], ...]:
    x, y = make_original_data()
    x_std, y_std = _standardized()
    return (
        {"x": x, "y": y, "w": 100.0, "b": 0.0},
        {"x": x_std, "y": y_std, "w": -0.5, "b": 1.2},
        {"x": np.array([1.0, 2.0, 4.0]), "y": np.array([3.0, 1.0, 2.0]), "w": 0.5, "b": -1.0},
    )


GRADIENT_TASK = FunctionTask(
    reference=_gradient, cases=_gradient_cases(), read=_read_gradient, mistakes=GRADIENT_MISTAKES
)

check_03_3 = function_exercise(
    "03.3",
    GRADIENT_TASK,
    name="gradient",
    doc="Exercise 03.3: the learner's gradient of the MSE, [dL/dw, dL/db], against mse_gradient (a function).",
    praise="your gradient matches mse_gradient on the raw data, the standardized data and a small data set of "
    "three points: it is the gradient derived in this notebook.",
    hint="go through the chain rule of the gradient section once more: the errors are prediction minus target, and "
    "each partial derivative is a mean over the points of what the chain rule gives for one error.",
)
