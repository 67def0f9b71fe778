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
epoch. :func:`reshuffled_noise_floor` is the same recursion with the batches of one shuffle as they are
drawn: inside a permutation the batch means are correlated,

    Cov(xi_j, xi_k) = (n - B_j) / (B_j (n - 1)) * S_1   (j = k),      -S_1 / (n - 1)   (j != k),

with S_1 = (1/n) sum_i g_i g_i^T, and independent from one epoch to the next.

The batches' curvature has noise too: each batch B is a bowl of its own, H_B = (2/|B|) sum_{i in B} a_i a_i^T,
and one epoch multiplies the error by P = prod_k (I - eta H_{B_k}). :func:`epoch_growth` is the factor by
which that product multiplies the mean square E ||e||^2 per epoch, noise aside; :func:`epoch_growth_limit`
the learning rate at which it reaches 1 (for the full batch: the stability limit 2 / lambda_max).
"""

from __future__ import annotations

import math

import numpy as np

from .checks import (
    MOST,
    check_choice,
    check_features,
    check_int,
    check_number,
    check_params,
    check_positive,
    check_rng,
    check_xy,
)
from .data import batch_sizes, epoch_orders
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
    return check_int(batch_size, "batch_size", maximum=n_samples, hint=f"x has {n_samples} sample(s)")


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
    _below_limit(eta, curvatures)
    noise = np.einsum("ik,ij,jk->k", directions, noise_covariance(x, y, batch_size), directions)
    return float(np.sum(eta * noise / (2.0 * (2.0 - eta * curvatures))))


def _curvatures(hessian: np.ndarray) -> np.ndarray:
    """The Hessian's eigenvalues, refused when one is (nearly) 0: along a flat direction nothing settles."""
    curvatures = np.linalg.eigvalsh(hessian)
    if curvatures[0] <= 1e-12 * curvatures[-1]:
        raise ValueError("x leaves a direction flat (its Hessian is singular): along it the mean square cannot shrink")
    return curvatures


def _below_limit(eta: float, curvatures: np.ndarray) -> None:
    if not eta < 2.0 / curvatures[-1]:
        raise ValueError(
            f"learning_rate must lie in (0, {2.0 / curvatures[-1]:.4g}), below the stability limit "
            f"2 / lambda_max, got {eta}"
        )


def reshuffled_noise_floor(
    x: object, y: object, learning_rate: float, batch_size: int, *, at: str = "every update"
) -> float:
    """The predicted mean excess loss L - L* of ``fit``'s reshuffled epochs at a constant learning rate.

    Every epoch cuts a fresh permutation into batches of ``batch_size`` (the remainder last, as ``fit``
    does); the batches of one permutation are correlated, those of different epochs independent. Each
    batch is given the data's curvature H, so that after m updates of an epoch
    ``e_m = M^m e_0 - eta u_m`` with ``M = I - eta H`` and ``u_m = sum_{j < m} M^(m-1-j) xi_j``; the epoch's
    start covariance S solves ``S = M^K S M^K + eta^2 Cov(u_K)``. Returns the mean of
    ``(1/2) trace(H S_m)`` over the K updates of an epoch (``at="every update"``) or at its end
    (``at="epoch end"``). For the full batch it is 0; with equal batches the noise of an epoch adds up
    to zero, and the excess grows like ``eta^2``.
    """
    eta = check_number(learning_rate, "learning_rate", low=1e-150)  # below, its square in the floor underflows
    where = check_choice(at, "at", ("every update", "epoch end"))
    gradients = _optimum_gradients(x, y)
    n, d = gradients.shape
    sizes = batch_sizes(n, _batch_size(batch_size, n))
    hessian = mse_hessian(x)
    _below_limit(eta, _curvatures(hessian))
    per_sample = gradients.T @ gradients / n
    step, eye = np.eye(d) - eta * hessian, np.eye(d)
    across = -1.0 / (n - 1) if n > 1 else 0.0  # Cov(xi_j, xi_k) / S_1 for two batches of one permutation
    spread, summed = np.zeros((d, d)), np.zeros((d, d))  # Cov(u_m), and sum_{j < m} M^(m-1-j)
    spreads = []
    for size in sizes:
        own = (n - size) / (size * (n - 1)) if n > 1 else 0.0
        cross = across * step @ summed @ per_sample
        spread = step @ spread @ step.T + cross + cross.T + own * per_sample
        summed = step @ summed + eye
        spreads.append(spread)
    powers = [np.linalg.matrix_power(step, m) for m in range(1, len(sizes) + 1)]
    moved = eta * hessian @ summed  # I - (the epoch's product), without the cancellation of a small rate
    fixed = np.kron(moved, eye) + np.kron(eye, moved) - np.kron(moved, moved)  # I - kron(product, product)
    start = np.linalg.solve(fixed, (eta**2 * spreads[-1]).reshape(-1)).reshape(d, d)
    excess = [0.5 * np.trace(hessian @ (power @ start @ power.T + eta**2 * cov)) for power, cov in zip(powers, spreads)]
    return float(excess[-1] if where == "epoch end" else np.mean(excess))


def _epoch_products(x: object, batch_size: int, shuffles: int, seed: object) -> tuple[np.ndarray, list[np.ndarray]]:
    """The batch Hessians of ``shuffles`` shuffled epochs: a list over the batches of (shuffles, d, d) arrays."""
    features = check_features(x)
    design = np.hstack([features, np.ones((features.shape[0], 1))])
    n = design.shape[0]
    size = _batch_size(batch_size, n)
    shuffles = check_int(shuffles, "shuffles", maximum=max(1, MOST // n))  # so that (shuffles, n) orders fit in memory
    orders = epoch_orders(check_rng(seed), shuffles, n)
    hessians, start = [], 0
    for length in batch_sizes(n, size):
        rows = design[orders[:, start : start + length]]  # (shuffles, length, d)
        hessians.append(2.0 / length * np.einsum("sbi,sbj->sij", rows, rows))
        start += length
    return design, hessians


def _growth(hessians: list[np.ndarray], eta: float) -> float:
    d = hessians[0].shape[1]
    product = np.broadcast_to(np.eye(d), hessians[0].shape).copy()
    with np.errstate(over="ignore", invalid="ignore"):
        for hessian in hessians:
            product = product - eta * hessian @ product  # (I - eta H_B) P
        second = np.einsum("sij,skl->ikjl", product, product).reshape(d * d, d * d) / len(product)
        radius = float(np.max(np.abs(np.linalg.eigvals(second)))) if np.isfinite(second).all() else math.inf
    return radius  # inf: it overflowed a float, the mean square grows beyond measure


def epoch_growth(
    x: object,
    learning_rate: float,
    batch_size: int,
    *,
    shuffles: int = 20_000,
    seed: int | np.random.Generator | None = 0,
) -> float:
    """The factor by which one epoch of batches multiplies the mean squared error E ||e||^2, noise aside.

    One epoch multiplies ``e = theta - theta*`` by ``P = prod_k (I - eta H_{B_k})``, each batch's own Hessian
    in the order of a shuffle; over shuffles, ``E[e e^T]`` follows ``S <- E[P S P^T]``. Returns the spectral
    radius of that map (of ``E[P kron P]``), estimated from ``shuffles`` shuffles drawn from ``seed`` as
    ``fit`` draws them. Above 1 the mean square grows from epoch to epoch, even while most runs shrink:
    it is carried by the rare shuffles with the steepest batches. For the full batch it is
    ``max_k (1 - eta lambda_k)^2``.
    """
    eta = check_positive(learning_rate, "learning_rate")
    growth = _growth(_epoch_products(x, batch_size, shuffles, seed)[1], eta)
    if not math.isfinite(growth):
        raise ValueError(
            f"learning_rate {eta:g} on this x makes an epoch's product overflow a float: the mean square explodes"
        )
    return growth


def epoch_growth_limit(
    x: object,
    batch_size: int,
    *,
    shuffles: int = 20_000,
    seed: int | np.random.Generator | None = 0,
    rtol: float = 1e-5,
) -> float:
    """The learning rate at which :func:`epoch_growth` reaches 1 (on the same shuffles, by bisection).

    Below it the mean squared error shrinks from epoch to epoch, above it it grows. For the full batch
    it is the stability limit ``2 / lambda_max``; with uneven batches it can lie below that.
    """
    rtol = check_number(rtol, "rtol", low=1e-12, high=0.5)  # finer than 1e-12 the bisection would stall on rounding
    _, hessians = _epoch_products(x, batch_size, shuffles, seed)
    low = high = start = 2.0 / _curvatures(mse_hessian(x))[-1]
    while _growth(hessians, high) <= 1.0:
        high *= 1.5
    while _growth(hessians, low) >= 1.0:
        low /= 1.5
        if low < 1e-12 * start:  # a direction so flat that rounding hides its shrinking
            raise ValueError(
                f"x leaves a direction almost flat: the mean square shrinks at no learning rate above {low:.3g}"
            )
    while high - low > rtol * high:
        middle = 0.5 * (low + high)
        low, high = (middle, high) if _growth(hessians, middle) < 1.0 else (low, middle)
    return 0.5 * (low + high)
