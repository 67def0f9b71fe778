"""Data and runs that several exercises share with the notebooks."""

from __future__ import annotations

import numpy as np

from ..data import batch_indices, make_original_data, standardize
from ..evaluation import (
    least_squares,
)
from ..history import History
from ..losses import mse_gradient
from ..model import LinearModel
from ..optimizers import SGD, Optimizer
from ..training import fit


def _standardized() -> tuple[np.ndarray, np.ndarray]:
    """The original data with x and y standardized (the round loss surface)."""
    x_std, y_std, _, _ = standardize(*make_original_data())
    return x_std, y_std


def _stretched() -> tuple[np.ndarray, np.ndarray]:
    """x measured in tens (0.1 .. 9.9, not centered) and y standardized (the stretched surface of notebook 09)."""
    x, _ = make_original_data()
    return x / 10.0, _standardized()[1]


def _full_batch_steps(optimizer: Optimizer, x: np.ndarray, y: np.ndarray, start: object, steps: int) -> np.ndarray:
    """[w, b] after ``steps`` full-batch ``optimizer.step`` calls from ``start``, each at the current [w, b]."""
    theta = np.asarray(start, dtype=np.float64)
    for _ in range(steps):
        grad_w, grad_b = mse_gradient(x, y, theta[:1], theta[1])
        theta = optimizer.step(theta, np.append(grad_w, grad_b))
    return theta


def _distance_to_optimum(params: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    w_star, b_star = least_squares(x, y)
    return float(np.linalg.norm(np.asarray(params) - np.append(w_star, b_star)))


def _updates_per_epoch(n_samples: int, batch_size: int) -> int:
    return len(batch_indices(n_samples, batch_size, shuffle=False))


def _original_run() -> tuple[LinearModel, History]:
    """The original's training on the standardized data: lr 0.1, batches of 32, 100 epochs, fit(seed=0)."""
    x_std, y_std = _standardized()
    model = LinearModel(seed=0)
    history = fit(model, x_std, y_std, SGD(0.1), epochs=100, batch_size=32, seed=0)
    return model, history
