"""Exercises of notebook 02: the model."""

from __future__ import annotations

import numpy as np

from ..data import make_original_data, standardize
from ..evaluation import (
    least_squares,
)
from ..model import LinearModel, glorot_std
from ._framework import (
    Verdict,
    exercise,
    judge_number,
    judge_vector,
)


@exercise("02.1")
def check_02_1(answer: object) -> Verdict:
    """Exercise 02.1: the Glorot-normal standard deviation of a dense layer with 10 inputs and 1 unit (a number)."""
    fan_in, fan_out = 10, 1
    expected = glorot_std(fan_in, fan_out)  # the spread glorot_normal draws with
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="std = sqrt(2 / (fan_in + fan_out)), where fan_in counts the layer's inputs and fan_out its units.",
        praise="every starting weight of that layer is drawn with this spread and lies within twice it; the more "
        "inputs, the smaller the starting weights.",
        mistakes=[
            (float(np.sqrt(2.0 / fan_in)), "the denominator is fan_in + fan_out: count the one output unit too."),
            (2.0 / (fan_in + fan_out), "take the square root of 2 / (fan_in + fan_out)."),
            (1.0, "that is the spread of the original's layer with one input; this layer has ten."),
            (float(np.sqrt(6.0 / (fan_in + fan_out))), "that is the limit of Glorot-uniform (Keras's default); "
             "TF.js draws from Glorot-normal, whose standard deviation is sqrt(2 / (fan_in + fan_out))."),
        ],
    )


@exercise("02.2")
def check_02_2(answer: object) -> Verdict:
    """Exercise 02.2: the untrained LinearModel(seed=0)'s prediction for x = 80, standardized (a number)."""
    _, _, x_scaler, y_scaler = standardize(*make_original_data())
    model = LinearModel(seed=0)
    x_new = np.array([80.0])
    expected = float(model.predict(x_scaler.transform(x_new))[0])
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="first standardize the input, (80 - mean of x) / standard deviation of x (x_scaler.transform does "
        "it), then compute w * x + b with the weight and bias of LinearModel(seed=0).",
        praise="the untrained line predicts that for x = 80, in standardized units of y.",
        mistakes=[
            (float(model.predict(x_new)[0]), "that uses the raw input 80; standardize it with x_scaler first, "
             "since the model works on standardized data here."),
            (float(y_scaler.inverse_transform([expected])[0]), "that is back in the units of y; the task asks for "
             "the prediction in standardized units."),
        ],
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
            ([w_all[0], b_all], "that is the least-squares line of all 99 points; the task asks for the line that "
             "passes exactly through the two points."),
        ],
    )
