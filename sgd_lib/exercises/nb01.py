"""Exercises of notebook 01: the data."""

from __future__ import annotations

import numpy as np

from ..data import Standardizer, batch_indices, make_data, make_original_data, standardize, train_test_split
from ._framework import (
    Verdict,
    as_vector,
    exercise,
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
    _, _, x_scaler, y_scaler = standardize(*make_original_data())
    z = -0.5
    expected = float(y_scaler.inverse_transform([z])[0])
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="undo the standardization: from z = (v - mean) / sd follows v = z * sd + mean, with the mean and "
        "standard deviation of y (y_scaler.inverse_transform does the same).",
        praise="half a standard deviation below the mean of y.",
        mistakes=[
            (float(y_scaler.inverse_transform([-z])[0]), "that lies above the mean of y; a negative z is below "
             "the mean."),
            (float(x_scaler.inverse_transform([z])[0]), "that uses the mean and standard deviation of x; the "
             "task asks about y."),
            (float(y_scaler.transform([z])[0]), "that standardizes z once more; the task goes the other way, from "
             "a standardized value back to the units of y."),
        ],
    )


@exercise("01.3")
def check_01_3(answer: object) -> Verdict:
    """Exercise 01.3: mean of the test inputs standardized with the training inputs' scaler (split 0.5, seed 1)."""
    x, y = make_original_data()
    x_train, x_test, _, _ = train_test_split(x, y, test_size=0.5, seed=1)
    expected = float(np.mean(Standardizer().fit(x_train).transform(x_test)))
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        atol=1e-4,
        hint="split with train_test_split(x, y, test_size=0.5, seed=1), fit a Standardizer on x_train, transform "
        "x_test with it, and take the mean of the result.",
        praise="the test inputs are standardized with the training set's mean and standard deviation, so their "
        "mean is near 0 but not exactly 0, and that is how it should be.",
        mistakes=[
            (0.0, "a scaler fitted on the test inputs themselves gives them mean 0 by construction; that lets the "
             "test set leak into the preprocessing. Fit the scaler on x_train."),
            (float(np.mean(Standardizer().fit(x).transform(x_test))), "that scaler learned its mean and standard "
             "deviation from all the inputs, test points included; fit it on x_train only."),
            (float(np.mean(Standardizer().fit(x_train).transform(x_train))), "those are the training inputs; "
             "the task asks about the test inputs, standardized with the training scaler."),
        ],
    )


@exercise("01.4")
def check_01_4(answer: object) -> Verdict:
    """Exercise 01.4: [number of batches, size of the last batch] for the 99 samples in batches of 25 (two ints)."""
    x, _ = make_original_data()
    value = as_vector(answer, 2, "two whole numbers, [number of batches, size of the last batch]")
    batches = batch_indices(len(x), 25, shuffle=False)
    expected = [len(batches), len(batches[-1])]
    return judge_vector(
        value,
        expected,
        rtol=0.0,
        atol=1e-9,
        hint="batch_indices(99, batch_size=25, shuffle=False) cuts the indices into consecutive batches: count "
        "them, and look at the length of the last one.",
        praise="full batches of 25 first, then one smaller batch with the samples left over.",
        mistakes=[
            ([len(x) // 25, 25], "the samples left over after the full batches form one more, smaller batch: "
             "count it too, and give its size."),
            ([len(batches), 25], "the last batch holds only the samples left over, so it is smaller than the "
             "others."),
            (expected[::-1], "the order is [number of batches, size of the last batch]."),
        ],
    )
