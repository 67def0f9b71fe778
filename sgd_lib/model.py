"""Step 2 of the original: the model.

``tf.sequential()`` with one ``tf.layers.dense({units: 1, inputShape: [1]})`` is a
linear model: one weight per input feature and one bias,

    y_hat = x @ w + b.
"""

from __future__ import annotations

import numpy as np

from .checks import MOST, check_features, check_int, check_params, check_rng

#: Glorot-normal draws lie within this many standard deviations: beyond, a value is drawn again.
TRUNCATION = 2.0


def glorot_std(fan_in: int, fan_out: int = 1) -> float:
    """σ = sqrt(2 / (fan_in + fan_out)): the standard deviation of the normal that Glorot-normal cuts at 2σ."""
    fan_in = check_int(fan_in, "fan_in", maximum=MOST)
    fan_out = check_int(fan_out, "fan_out", maximum=MOST)
    return float(np.sqrt(2.0 / (fan_in + fan_out)))


def glorot_normal(fan_in: int, fan_out: int = 1, seed: int | np.random.Generator | None = 0) -> np.ndarray:
    """Draw a ``(fan_in,)`` weight vector as ``tf.layers.dense`` does by default (its ``glorotNormal``).

    Each weight is drawn from a normal with mean 0 and σ = :func:`glorot_std`, and a draw beyond
    2σ is dropped and drawn again (TF.js's ``truncatedNormal``), so the weights' own standard
    deviation is about 0.88σ (TF.js does not correct for the cut; Keras's ``GlorotNormal`` does, and Keras's
    ``Dense`` draws from Glorot-uniform instead). With one input and one output σ is 1, so the weight lies in (-2, 2).
    """
    std, rng = glorot_std(fan_in, fan_out), check_rng(seed)
    draws = rng.standard_normal(fan_in)
    while (far := np.abs(draws) > TRUNCATION).any():
        draws[far] = rng.standard_normal(int(far.sum()))
    return std * draws


class LinearModel:
    """A dense layer with one output unit: ``predict(x) = x @ weights + bias``.

    ``n_features`` inputs (the original has 1); ``weights`` (shape ``(n_features,)``) start from a
    Glorot-normal draw with ``seed`` (as TF.js draws them), ``bias`` (a float) at 0.

    Examples
    --------
    >>> model = LinearModel(seed=0)
    >>> model.set_params([2.0, 1.0]).predict([1.0, 2.0])
    array([3., 5.])
    """

    def __init__(self, n_features: int = 1, seed: int | np.random.Generator | None = 0) -> None:
        self.n_features = check_int(n_features, "n_features", maximum=1_000_000)
        self.weights = glorot_normal(self.n_features, 1, seed)
        self.bias = 0.0

    def get_params(self) -> np.ndarray:
        """All parameters as one vector ``[w_1, ..., w_d, b]`` (a copy)."""
        return np.append(self.weights, self.bias)

    def set_params(self, params: object) -> LinearModel:
        """Set all parameters from one vector ``[w_1, ..., w_d, b]``, the inverse of :meth:`get_params`.

        Returns the model, for chaining: ``LinearModel().set_params([2.0, 1.0])`` is the line 2 x + 1.
        """
        theta = check_params(params, self.n_features)
        if theta.ndim != 1:
            raise ValueError(f"params must be one vector of {self.n_features + 1} numbers, got shape {theta.shape}")
        self.weights = theta[:-1].copy()
        self.bias = float(theta[-1])
        return self

    def predict(self, x: object) -> np.ndarray:
        """Predictions ``x @ weights + bias`` of shape (n_samples,), like ``model.predict``."""
        features = check_features(x, "x")
        if features.shape[1] != self.n_features:
            raise ValueError(f"x has {features.shape[1]} feature(s) but the model expects {self.n_features}")
        return features @ self.weights + self.bias

    def copy(self) -> LinearModel:
        """An independent model with the same parameters."""
        return LinearModel(self.n_features, seed=0).set_params(self.get_params())

    def __repr__(self) -> str:
        w = ", ".join(f"{v:.4g}" for v in self.weights)
        return f"LinearModel(weights=[{w}], bias={self.bias:.4g})"
