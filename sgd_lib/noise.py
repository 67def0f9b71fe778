"""Gradient noise at the least-squares optimum, and the noise floor it sets under a constant learning rate.

At the optimum theta* the gradient of all the data is zero, but the gradient of a batch B is not:

    g_B(theta*) = (1/|B|) sum_{i in B} g_i,   g_i = 2 (a_i . theta* - y_i) a_i,   a_i = (x_i, 1).

Its mean over random batches is zero; its size is the **batch noise** N_B = E ||g_B(theta*)||^2. For a
batch of B samples drawn without repeats from n (as an epoch's shuffle does), the variance of a mean of
B draws from a finite population gives

    C_B = (n - B) / (B (n - 1)) * (1/n) sum_i g_i g_i^T,     N_B = trace(C_B):

1/B for small batches, and exactly 0 for the full batch (the finite-population factor (n - B)/(n - 1)).

Near theta* SGD's error e = theta - theta* follows e <- (I - eta H) e - eta xi, with xi a batch's noise
(taking each batch's curvature as the data's, H). When every batch is drawn independently of the last,
the covariance S of e settles where S = (I - eta H) S (I - eta H) + eta^2 C_B; along the eigenvector u_k
of H (curvature lambda_k) this gives S_kk = eta c_k / (lambda_k (2 - eta lambda_k)), c_k = u_k^T C_B u_k, and
the mean excess loss L - L* = (1/2) trace(H S) is the **noise floor**

    sum_k eta c_k / (2 (2 - eta lambda_k)),   which is eta N_B / (4 (1 - eta)) on standardized data (H = 2I).

It is first order in the noise of the curvature: a batch's own bowl differs from the data's, most for
single samples, which adds a term of order eta^2. Epochs of ``fit`` are not independent draws: the
batches of one epoch use every sample once, so equal batches' noise adds up to exactly zero over the
epoch, and the excess falls below this floor when an epoch is short against the bowl's memory
(notebook 08 measures both).
"""

from __future__ import annotations

import numpy as np

from .checks import check_int, check_params, check_positive, check_xy
from .evaluation import least_squares, mse_hessian


def per_sample_gradients(x: object, y: object, params: object) -> np.ndarray:
    """The gradient of every sample's squared error at ``params = [w_1, ..., w_d, b]``.

    Returns
    -------
    ndarray of shape (n_samples, n_features + 1)
        Row i is ``2 (a_i . params - y_i) a_i`` with ``a_i = (x_i, 1)``; the mean of the rows of a batch
        is that batch's :func:`~sgd_lib.losses.mse_gradient`.
    """
    features, targets = check_xy(x, y)
    design = np.hstack([features, np.ones((features.shape[0], 1))])
    theta = check_params(params, features.shape[1])
    if theta.ndim != 1:
        raise ValueError(f"params must be one vector of {design.shape[1]} numbers, got shape {theta.shape}")
    residual = design @ theta - targets
    return 2.0 * residual[:, np.newaxis] * design


def _optimum_gradients(x: object, y: object) -> np.ndarray:
    weights, bias = least_squares(x, y)
    return per_sample_gradients(x, y, np.append(weights, bias))


def _batch_size(batch_size: object, n_samples: int) -> int:
    return check_int(batch_size, "batch_size", maximum=n_samples)


def noise_covariance(x: object, y: object, batch_size: int) -> np.ndarray:
    """C_B: the covariance of a batch's gradient at the least-squares optimum.

    The batch is ``batch_size`` samples drawn without repeats (one batch of an epoch's shuffle):
    ``C_B = (n - B) / (B (n - 1)) * (1/n) sum_i g_i g_i^T``, zero for the full batch.
    """
    gradients = _optimum_gradients(x, y)
    n = gradients.shape[0]
    size = _batch_size(batch_size, n)
    if n == 1:
        return np.zeros((gradients.shape[1], gradients.shape[1]))
    per_sample = gradients.T @ gradients / n
    return (n - size) / (size * (n - 1)) * per_sample


def batch_noise(x: object, y: object, batch_size: int) -> float:
    """N_B = E ||g_B(theta*)||^2: the mean squared length of a batch's gradient at the optimum.

    The trace of :func:`noise_covariance`: ``(n - B) / (B (n - 1))`` times the mean squared length of
    the samples' own gradients there.
    """
    return float(np.trace(noise_covariance(x, y, batch_size)))


def noise_floor(x: object, y: object, learning_rate: float, batch_size: int) -> float:
    """The predicted mean excess loss L - L* of SGD at a constant learning rate, batches drawn independently.

    ``sum_k eta c_k / (2 (2 - eta lambda_k))`` over the eigenvectors u_k of the Hessian (curvatures
    lambda_k), with ``c_k = u_k^T C_B u_k``; ``eta N_B / (4 (1 - eta))`` on standardized data. It treats
    each batch's curvature as the data's (first order in the curvature's noise), and every batch as drawn
    afresh; ``learning_rate`` must lie below the stability limit ``2 / lambda_max``.
    """
    eta = check_positive(learning_rate, "learning_rate")
    curvatures, directions = np.linalg.eigh(mse_hessian(x))
    if not eta < 2.0 / curvatures[-1]:
        raise ValueError(
            f"learning_rate must lie in (0, {2.0 / curvatures[-1]:.4g}), below the stability limit "
            f"2 / lambda_max, got {eta}"
        )
    noise = np.einsum("ik,ij,jk->k", directions, noise_covariance(x, y, batch_size), directions)
    return float(np.sum(eta * noise / (2.0 * (2.0 - eta * curvatures))))
