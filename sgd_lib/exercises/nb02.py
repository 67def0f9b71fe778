"""Exercises of notebook 02: the model."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..data import Standardizer, make_original_data, standardize
from ..evaluation import least_squares
from ..losses import mse_at
from ..model import glorot_std
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


@exercise("02.1")
def check_02_1(answer: object) -> Verdict:
    """Exercise 02.1: the fewest inputs a Glorot-normal dense layer with one unit needs for every starting weight to
    lie within +-0.3 (a whole number)."""

    def fewest(bound) -> int:
        fan_in = 1
        while bound(fan_in) >= 0.3:
            fan_in += 1
        return fan_in

    expected = fewest(lambda fan_in: 2.0 * glorot_std(fan_in, 1))  # glorot_normal cuts at twice its sigma
    return judge_integer(
        answer,
        expected,
        hint="the bound is c = 2 sigma with sigma = sqrt(2 / (fan_in + fan_out)): solve c < 0.3 for fan_in with "
        "fan_out = 1, and take the first whole number (or try fan_in = 1, 2, 3, ... in NumPy).",
        praise="sigma shrinks as one over the square root of the fans: to cut the bound from the original's 2 to "
        "0.3, about 7 times smaller, the layer needs about 44 times as many fans.",
        mistakes=[
            (
                fewest(lambda fan_in: float(np.sqrt(2.0 / (fan_in + 1)))),
                "that bounds sigma; the draw is cut at twice sigma.",
            ),
            (
                fewest(lambda fan_in: float(2.0 * np.sqrt(2.0 / fan_in))),
                "the denominator is fan_in + fan_out: count the one output unit too.",
            ),
            (fewest(lambda fan_in: 4.0 / (fan_in + 1)), "take the square root of 2 / (fan_in + fan_out)."),
            (
                fewest(lambda fan_in: float(np.sqrt(6.0 / (fan_in + 1)))),
                "that is the limit of Glorot-uniform (Keras's default); "
                "TF.js draws from Glorot-normal and cuts it at twice its sigma.",
            ),
            (expected - 1, "with that many inputs the bound is still just above 0.3: one more."),
        ],
    )


# --- Exercise 02.2: the learner predicts in the units of y ----------------------------------------


class _Fitted(Standardizer):
    """A Standardizer fitted once, on the training data; fitting it again is the learner's mistake to report."""

    def __init__(self, values: object) -> None:
        Standardizer.fit(self, values)

    def fit(self, values: object, name: str = "values") -> Standardizer:
        raise RuntimeError(
            "x_scaler and y_scaler are already fitted on the data the line was trained on: use their "
            "transform and inverse_transform as they are, without fitting them again"
        )


def _predict_in_units(w, b, x_new, x_scaler, y_scaler):
    """The right answer: standardize the inputs, apply the line, map back to the units of y."""
    return y_scaler.inverse_transform(w * x_scaler.transform(x_new) + b)


def _raw_input(w, b, x_new, x_scaler, y_scaler):
    return y_scaler.inverse_transform(w * np.asarray(x_new) + b)


def _standardized_output(w, b, x_new, x_scaler, y_scaler):
    return w * x_scaler.transform(x_new) + b


def _scalers_swapped(w, b, x_new, x_scaler, y_scaler):
    return x_scaler.inverse_transform(w * y_scaler.transform(x_new) + b)


def _transform_twice(w, b, x_new, x_scaler, y_scaler):
    return y_scaler.transform(w * x_scaler.transform(x_new) + b)


def _inverse_on_the_input(w, b, x_new, x_scaler, y_scaler):
    return y_scaler.inverse_transform(w * x_scaler.inverse_transform(x_new) + b)


def _scale_without_mean(w, b, x_new, x_scaler, y_scaler):
    return (w * x_scaler.transform(x_new) + b) * y_scaler.scale


PREDICT_MISTAKES = (
    Mistake(
        "raw input",
        _raw_input,
        "your line gets the inputs in the units of x, but it was fitted on "
        "standardized inputs: standardize x_new with x_scaler.transform first.",
    ),
    Mistake(
        "standardized output",
        _standardized_output,
        "your predictions are still standardized: bring them back to the units of y with y_scaler.inverse_transform.",
    ),
    Mistake(
        "scalers swapped",
        _scalers_swapped,
        "your scalers are swapped: x_scaler belongs to the inputs and y_scaler to the predictions.",
    ),
    Mistake(
        "transform twice",
        _transform_twice,
        "you standardize the predictions once more with "
        "y_scaler.transform; they are standardized already, and inverse_transform brings them back.",
    ),
    Mistake(
        "inverse on the input",
        _inverse_on_the_input,
        "you apply x_scaler.inverse_transform to the new "
        "inputs; they are in the units of x, and x_scaler.transform standardizes them.",
    ),
    Mistake(
        "scale without mean",
        _scale_without_mean,
        "you multiply by the standard deviation of y but forget to add its mean: v = z * sd + mean.",
    ),
)


def _read_predictions(result: object, case: Mapping[str, object]) -> np.ndarray:
    """The predictions as a vector with one value per input, or AnswerError."""
    if result is None:
        raise AnswerError("your function returned None: end it with return and the predictions.")
    size = len(np.asarray(case["x_new"]))
    return as_vector(result, size, f"one prediction per value of x_new ({size})")


def _predict_cases() -> tuple[dict[str, object], ...]:
    x, y = make_original_data()
    x_std, y_std, _, _ = standardize(x, y)
    (w_best,), b_best = least_squares(x_std, y_std)
    scalers = {"x_scaler": _Fitted(x), "y_scaler": _Fitted(y)}
    return (
        {"w": float(w_best), "b": float(b_best), "x_new": np.array([10.0, 25.0, 50.0, 75.0, 90.0]), **scalers},
        {"w": -0.5, "b": 1.2, "x_new": np.array([0.0, 120.0]), **scalers},
        {
            "w": 2.0,
            "b": 0.5,
            "x_new": np.array([1.0, 4.0, 20.0]),
            "x_scaler": _Fitted([0.0, 10.0]),
            "y_scaler": _Fitted([100.0, 300.0]),
        },
    )


PREDICT_TASK = FunctionTask(
    reference=_predict_in_units, cases=_predict_cases(), read=_read_predictions, mistakes=PREDICT_MISTAKES
)

check_02_2 = function_exercise(
    "02.2",
    PREDICT_TASK,
    name="predict_in_units",
    doc="Exercise 02.2: the learner's predictions, in the units of y, of a line fitted on standardized data "
    "(a function).",
    praise="your function takes inputs in the units of x and gives predictions in the units of y, for the "
    "standardized best line and for other lines and scalers: the recipe of notebook 00, standardize, predict, "
    "map back.",
    hint="three steps: standardize x_new with x_scaler.transform, compute w * x + b on the result, and map that "
    "back with y_scaler.inverse_transform.",
)


@exercise("02.3")
def check_02_3(answer: object) -> Verdict:
    """Exercise 02.3: [w, b] of the line through the data points at x = 20 and x = 80 (two numbers)."""
    x, y = make_original_data()
    pair = np.isin(x, [20.0, 80.0])
    w_pair, b_pair = least_squares(x[pair], y[pair])  # with two points, the best line passes through both
    expected = [w_pair[0], b_pair]
    w_all, b_all = least_squares(x, y)
    return judge_vector(
        answer,
        expected,
        rtol=0.01,
        hint="the slope w is the rise over the run between the two points (y = x squared at both); then b follows "
        "from y = w * x + b at either point.",
        praise="this line goes through both points; it has the same slope as the least-squares line but another "
        "bias, so the two lines are parallel.",
        mistakes=[
            (expected[::-1], "the order is [w, b]: the slope first, then the bias."),
            (
                [w_all[0], b_all],
                "that is the least-squares line of all 99 points; the task asks for the line that "
                "passes exactly through the two points.",
            ),
        ],
    )


@exercise("02.4")
def check_02_4(answer: object) -> Verdict:
    """Exercise 02.4: on the raw data, the w of lowest MSE when the bias is held at 0 (a number)."""
    x, y = make_original_data()
    expected = float(np.mean(x * y) / np.mean(x * x))  # dL/dw = 0 at b = 0
    (w_best,), b_best = least_squares(x, y)
    return judge_number(
        answer,
        expected,
        rtol=0.01,  # the explorer's slider moves w in steps of about 1
        hint="leave b at 0 and move only w until the MSE under the sliders is lowest; or compute "
        "mse_at(x, y, [w, 0.0]) for many w and keep the w of the smallest.",
        praise="with b held at 0 the best slope is not the best line's: the best w depends on b, so the dark valley "
        "of the explorer runs at a slant and the two sliders must move together to reach the bottom.",
        mistakes=[
            (
                float(w_best),
                "that is the slope of the best line, whose bias is not 0; hold b at 0 and search over w alone.",
            ),
            (
                float(mse_at(x, y, [expected, 0.0])),
                "that is the lowest MSE; the task asks for the w where it is reached.",
            ),
        ],
    )
