"""Step 3 of the seed: the cost function.

Mean squared error over n samples, for a linear model ``y_hat = X w + b``:

    L(w, b) = (1/n) * sum_i (y_hat_i - y_i)**2
    dL/dw   = (2/n) * X^T (y_hat - y)
    dL/db   = (2/n) * sum_i (y_hat_i - y_i)
"""

from __future__ import annotations

import numpy as np

from ._checks import check_targets, check_xy


def mean_squared_error(y_true: object, y_pred: object) -> float:
    """Mean of the squared differences, like the seed's ``meanSquaredError``."""
    truth = check_targets(y_true, "y_true")
    pred = check_targets(y_pred, "y_pred")
    if truth.shape != pred.shape:
        raise ValueError(f"y_true has {truth.size} values but y_pred has {pred.size}: pass one prediction per target")
    return float(np.mean((pred - truth) ** 2))


def mse_gradient(x: object, y: object, weights: object, bias: float) -> tuple[np.ndarray, float]:
    """Gradient of the MSE of the linear model ``x @ weights + bias`` on ``(x, y)``.

    Returns
    -------
    grad_w : ndarray of shape (n_features,)
    grad_b : float
    """
    features, targets = check_xy(x, y)
    w = np.atleast_1d(np.asarray(weights, dtype=np.float64))
    if w.shape != (features.shape[1],):
        raise ValueError(f"weights must have shape ({features.shape[1]},) to match x, got {w.shape}")
    _, grad_w, grad_b = mse_loss_and_gradient(features, targets, w, float(bias))
    return grad_w, grad_b


def mse_loss_and_gradient(
    features: np.ndarray, targets: np.ndarray, weights: np.ndarray, bias: float
) -> tuple[float, np.ndarray, float]:
    """Loss and gradient in one pass, on already validated arrays (the training loop's hot path)."""
    error = features @ weights + bias - targets
    n = len(targets)
    return float(error @ error) / n, (2.0 / n) * (features.T @ error), 2.0 * float(error.sum()) / n

