"""Step 6 of the original: evaluation, and the references every result is checked against.

Metrics (MSE, RMSE, MAE, R^2), predictions beside actual values, the closed-form least-squares
optimum (:func:`least_squares`), and the learning-rate stability limit of gradient descent on the
MSE (:func:`stability_limit`), set by the largest eigenvalue of its Hessian (:func:`mse_hessian`).
"""

from __future__ import annotations

import numpy as np

from .checks import check_bool, check_features, check_finite, check_fraction, check_int, check_predictions, check_xy
from .losses import mean_squared_error, mse_at


def least_squares(x: object, y: object) -> tuple[np.ndarray, float]:
    """The exact minimizer of the MSE of a linear model (the reference optimum).

    Solves the normal equations ``A^T A theta = A^T y`` with ``A = [x, 1]``. To stay exact
    whatever the scale of x (``x = 1e15, 2e15, 3e15`` included), each column is centered
    and scaled first, the centered problem is solved by ``np.linalg.lstsq``, and the result
    is mapped back. A column that does not vary cannot be told apart from the bias: its
    weight is 0. Returns ``(weights, bias)``.
    """
    features, targets = check_xy(x, y)
    center, target_mean = features.mean(axis=0), targets.mean()
    centered = features - center
    scale = np.sqrt(np.mean(centered * centered, axis=0))
    varying = (np.ptp(features, axis=0) > 0) & (scale > 0)
    weights = np.zeros(features.shape[1])
    if varying.any():
        z = centered[:, varying] / scale[varying]
        coefficients, *_ = np.linalg.lstsq(z, targets - target_mean, rcond=None)
        weights[varying] = coefficients / scale[varying]
    bias = float(target_mean - center @ weights)
    check_finite([*weights, bias], "the least-squares solution for x and y")
    return weights, bias


def least_squares_floor(x: object, y: object) -> float:
    """The MSE of the least-squares fit: the lowest loss any linear model reaches on ``(x, y)``.

    Every training run on ``(x, y)`` stays at or above this floor.
    """
    weights, bias = least_squares(x, y)
    return float(mse_at(x, y, np.append(weights, bias)))


def mse_hessian(x: object) -> np.ndarray:
    """Hessian of the MSE with respect to ``[w_1, ..., w_d, b]``: ``(2/n) A^T A``.

    ``A = [x, 1]`` has one row per sample and a column of ones for the bias. The Hessian does not
    depend on ``y`` or on the parameters: the MSE of a linear model is a quadratic bowl.
    """
    features = check_features(x, "x")
    design = np.hstack([features, np.ones((features.shape[0], 1))])
    with np.errstate(over="ignore", invalid="ignore"):
        hessian = 2.0 / design.shape[0] * design.T @ design
    check_finite(hessian, "the Hessian of the MSE on x")
    return (hessian + hessian.T) / 2.0  # exactly symmetric, whatever the rounding of the product


def hessian_eigenvalues(x: object) -> np.ndarray:
    """Eigenvalues of :func:`mse_hessian`, smallest first (the bowl's curvatures)."""
    return np.linalg.eigvalsh(mse_hessian(x))


def stability_limit(x: object, momentum: float = 0.0, nesterov: bool = False) -> float:
    """Largest learning rate for which full-batch gradient descent on the MSE converges.

    Plain gradient descent: ``2 / lambda_max``; above it the error along the steepest
    direction grows by ``|1 - lr * lambda_max| > 1`` each step. With momentum mu (in the
    form of :class:`~sgd_lib.optimizers.SGD`) the limit is ``2 (1 + mu) / lambda_max``,
    and with Nesterov momentum ``2 (1 + mu) / ((1 + 2 mu) lambda_max)``.
    """
    mu = check_fraction(momentum, "momentum")
    lambda_max = float(hessian_eigenvalues(x)[-1])
    if check_bool(nesterov, "nesterov"):
        return 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * lambda_max)
    return 2.0 * (1.0 + mu) / lambda_max


def condition_number(x: object) -> float:
    """lambda_max / lambda_min of the Hessian: how stretched the loss surface is.

    ``inf`` when the bowl is flat in some direction, that is when lambda_min is zero up to
    the rounding of lambda_max (a single point, a constant or a repeated column).
    """
    eigenvalues = hessian_eigenvalues(x)
    flat = eigenvalues[0] <= eigenvalues[-1] * len(eigenvalues) * np.finfo(float).eps
    return float("inf") if flat else float(eigenvalues[-1] / eigenvalues[0])


def mean_absolute_error(y_true: object, y_pred: object) -> float:
    """Mean of ``|y_pred - y_true|``."""
    truth, pred = check_predictions(y_true, y_pred)
    return float(np.mean(np.abs(pred - truth)))  # at most 2e150 per value: no overflow


def root_mean_squared_error(y_true: object, y_pred: object) -> float:
    """Square root of the MSE, in the units of ``y``."""
    return float(np.sqrt(mean_squared_error(y_true, y_pred)))


def r2_score(y_true: object, y_pred: object) -> float:
    """Coefficient of determination, ``1 - SS_res / SS_tot`` (1 is perfect, 0 is the mean's score)."""
    truth, pred = check_predictions(y_true, y_pred)
    with np.errstate(over="ignore", invalid="ignore"):
        ss_tot = float(np.sum((truth - truth.mean()) ** 2))
        ss_res = float(np.sum((truth - pred) ** 2))
    check_finite([ss_tot, ss_res], "R^2 of y_pred against y_true")
    if ss_tot == 0.0:
        raise ValueError("y_true is constant, so R^2 is undefined: it needs targets that vary")
    return 1.0 - ss_res / ss_tot


def regression_metrics(y_true: object, y_pred: object) -> dict[str, float]:
    """MSE, RMSE, MAE and R^2 in one dictionary."""
    return {
        "mse": mean_squared_error(y_true, y_pred),
        "rmse": root_mean_squared_error(y_true, y_pred),
        "mae": mean_absolute_error(y_true, y_pred),
        "r2": r2_score(y_true, y_pred),
    }


def prediction_table(x: object, y_true: object, y_pred: object, digits: int = 1) -> str:
    """Inputs, predictions, actual values and errors side by side, as aligned text.

    The original prints predictions and targets one after the other; a table pairs them
    so that each prediction sits beside the value it should match. Of several features, the first is shown.
    """
    features, truth = check_xy(x, y_true, "x", "y_true")
    pred = check_predictions(truth, y_pred)[1]
    digits = check_int(digits, "digits", minimum=0, maximum=15)
    rows = [f"{'x':>8} {'predicted':>12} {'actual':>12} {'error':>12}"]
    for xi, p, t in zip(features[:, 0], pred, truth):
        rows.append(f"{xi:>8.4g} {p:>12.{digits}f} {t:>12.{digits}f} {p - t:>12.{digits}f}")
    return "\n".join(rows)
