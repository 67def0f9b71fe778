"""Step 3 of the original: the cost function.

Mean squared error over n samples, for a linear model ``y_hat = X w + b``:

    L(w, b) = (1/n) * sum_i (y_hat_i - y_i)**2
    dL/dw   = (2/n) * X^T (y_hat - y)
    dL/db   = (2/n) * sum_i (y_hat_i - y_i)
"""

from __future__ import annotations

import numpy as np

from .checks import check_array, check_finite, check_number, check_params, check_predictions, check_xy


def mean_squared_error(y_true: object, y_pred: object) -> float:
    """Mean of the squared differences, like the original's ``meanSquaredError``."""
    truth, pred = check_predictions(y_true, y_pred)
    with np.errstate(over="ignore"):
        return float(check_finite(np.mean((pred - truth) ** 2), "the MSE of y_pred against y_true"))


def mse_gradient(x: object, y: object, weights: object, bias: float) -> tuple[np.ndarray, float]:
    """Gradient ``(grad_w, grad_b)`` of the MSE of the linear model ``x @ weights + bias`` on ``(x, y)``."""
    features, targets = check_xy(x, y)
    w = np.atleast_1d(check_array(weights, "weights"))
    if w.shape != (features.shape[1],):
        raise ValueError(f"weights must have shape ({features.shape[1]},) to match x, got {w.shape}")
    bias = check_number(bias, "bias")
    with np.errstate(over="ignore", invalid="ignore"):
        loss, grad_w, grad_b = mse_loss_and_gradient(features, targets, w, bias)
    check_finite([loss, *grad_w, grad_b], "the gradient at these weights and bias on (x, y)")
    return grad_w, grad_b


def mse_at(x: object, y: object, params: object) -> float | np.ndarray:
    """MSE on ``(x, y)`` of the linear model with parameters ``params = [w_1, ..., w_d, b]``.

    ``params`` may also be a 2-D array with one parameter vector per row (for instance
    ``History.params``, a path of training); then one MSE per row is returned.

    Examples
    --------
    >>> mse_at([1.0, 2.0], [3.0, 5.0], [2.0, 1.0])
    0.0
    """
    features, targets = check_xy(x, y)
    theta = check_params(params, features.shape[1])
    with np.errstate(over="ignore", invalid="ignore"):
        losses = mse_rows(features, targets, np.atleast_2d(theta))
    check_finite(losses, "the MSE of params on (x, y)")
    return float(losses[0]) if theta.ndim == 1 else losses


def mse_rows(features: np.ndarray, targets: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The MSE of each row ``[w_1, ..., w_d, b]`` of ``rows`` on checked arrays: the one place it is computed.

    The residuals of a few rows at a time are formed, so that a long path on large data
    stays within a bounded amount of memory. A loss too large for a float is ``inf``; callers
    that may meet one compute under ``np.errstate`` (as :func:`mse_at` and ``fit`` do).
    """
    out = np.empty(len(rows))
    step = max(1, (1 << 21) // len(targets))
    for i in range(0, len(rows), step):
        errors = features @ rows[i : i + step, :-1].T  # one column of residuals per row of parameters
        errors += rows[i : i + step, -1]
        errors -= targets[:, np.newaxis]
        out[i : i + step] = np.einsum("ij,ij->j", errors, errors) / len(targets)
    return out


def mse_loss_and_gradient(
    features: np.ndarray, targets: np.ndarray, weights: np.ndarray, bias: float
) -> tuple[float, np.ndarray, float]:
    """Loss and gradient in one pass, on already validated arrays (the training loop's hot path)."""
    error = features @ weights + bias - targets
    n = len(targets)
    return float(error @ error) / n, (2.0 / n) * (features.T @ error), 2.0 * float(error.sum()) / n


def mse_grid(x: object, y: object, w_values: object, b_values: object) -> np.ndarray:
    """MSE of the one-feature line ``w * x + b`` for every pair of a grid (for loss-surface plots).

    The MSE is a quadratic in (w, b), so it is computed from five averages of the data
    instead of one pass over the data per grid point:

        L(w, b) = w^2 <x^2> + 2 w b <x> + b^2 - 2 w <xy> - 2 b <y> + <y^2>

    Row i, column j holds L(w_values[j], b_values[i]) (the layout ``plt.contour`` expects).
    """
    features, targets = check_xy(x, y)
    if features.shape[1] != 1:
        raise ValueError(f"x must hold one feature for a loss surface over (w, b), got {features.shape[1]}")
    xv = features[:, 0]
    w = _grid_values(w_values, "w_values")[np.newaxis, :]
    b = _grid_values(b_values, "b_values")[:, np.newaxis]
    with np.errstate(over="ignore", invalid="ignore"):
        mx, my = xv.mean(), targets.mean()
        mxx, mxy, myy = (xv * xv).mean(), (xv * targets).mean(), (targets * targets).mean()
        surface = np.maximum(w * w * mxx + 2 * w * b * mx + b * b - 2 * w * mxy - 2 * b * my + myy, 0.0)
    return check_finite(surface, "the MSE over w_values and b_values on (x, y)")


def _grid_values(values: object, name: str) -> np.ndarray:
    array = check_array(values, name)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of values, got shape {array.shape}")
    return array
