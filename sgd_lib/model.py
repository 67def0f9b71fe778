"""Step 2 of the original: the model.

``tf.sequential()`` with one ``tf.layers.dense({units: 1, inputShape: [1]})`` is a
linear model: one weight per input feature and one bias,

    y_hat = x @ w + b.

TF.js (like Keras) starts the weights from a Glorot-uniform draw and the bias at 0.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_features, check_positive_int, check_seed


def glorot_limit(fan_in: int, fan_out: int = 1) -> float:
    """The bound sqrt(6 / (fan_in + fan_out)) of Glorot-uniform initialization."""
    fan_in = check_positive_int(fan_in, "fan_in")
    fan_out = check_positive_int(fan_out, "fan_out")
    return float(np.sqrt(6.0 / (fan_in + fan_out)))


def glorot_uniform(fan_in: int, fan_out: int = 1, seed: int | None = 0) -> np.ndarray:
    """Draw a ``(fan_in,)`` weight vector from U(-limit, limit), limit = :func:`glorot_limit`.

    This is the default kernel initializer of ``tf.layers.dense`` (and Keras's ``Dense``).
    With one input and one output the limit is sqrt(3), about 1.732.
    """
    limit = glorot_limit(fan_in, fan_out)
    return np.random.default_rng(check_seed(seed)).uniform(-limit, limit, size=fan_in)


class LinearModel:
    """A dense layer with one output unit: ``predict(x) = x @ weights + bias``.

    Parameters
    ----------
    n_features : int
        Number of input features (the original has 1).
    seed : int or None
        Seed of the Glorot-uniform initial weights; the bias starts at 0.

    Attributes
    ----------
    weights : ndarray of shape (n_features,)
    bias : float

    Examples
    --------
    >>> model = LinearModel(seed=0)
    >>> model.set_params([2.0], 1.0).predict([1.0, 2.0])
    array([3., 5.])
    """

    def __init__(self, n_features: int = 1, seed: int | None = 0) -> None:
        self.n_features = check_positive_int(n_features, "n_features")
        self.weights = glorot_uniform(self.n_features, 1, seed)
        self.bias = 0.0

    def set_params(self, weights: object, bias: float) -> "LinearModel":
        """Set the weights and bias explicitly (returns the model, for chaining)."""
        w = np.atleast_1d(np.asarray(weights, dtype=np.float64))
        if w.shape != (self.n_features,):
            raise ValueError(f"weights must have shape ({self.n_features},), got {w.shape}")
        if not np.all(np.isfinite(w)) or not np.isfinite(bias):
            raise ValueError("weights and bias must be finite numbers")
        self.weights = w.copy()
        self.bias = float(bias)
        return self

    def get_params(self) -> np.ndarray:
        """All parameters as one vector ``[w_1, ..., w_d, b]``."""
        return np.append(self.weights, self.bias)

    def set_flat_params(self, params: object) -> "LinearModel":
        """Inverse of :meth:`get_params`."""
        theta = np.asarray(params, dtype=np.float64)
        if theta.shape != (self.n_features + 1,):
            raise ValueError(f"params must have shape ({self.n_features + 1},), got {theta.shape}")
        return self.set_params(theta[:-1], theta[-1])

    def predict(self, x: object) -> np.ndarray:
        """Predictions ``x @ weights + bias`` of shape (n_samples,), like ``model.predict``."""
        features = check_features(x, "x")
        if features.shape[1] != self.n_features:
            raise ValueError(f"x has {features.shape[1]} feature(s) but the model expects {self.n_features}")
        return features @ self.weights + self.bias

    def copy(self) -> "LinearModel":
        """An independent model with the same parameters."""
        twin = LinearModel(self.n_features, seed=0)
        return twin.set_params(self.weights, self.bias)

    def __repr__(self) -> str:
        w = ", ".join(f"{v:.4g}" for v in self.weights)
        return f"LinearModel(weights=[{w}], bias={self.bias:.4g})"
