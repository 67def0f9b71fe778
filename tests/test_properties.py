"""Property-based tests over random small data sets and settings."""

from __future__ import annotations

import os
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sgd_lib import (
    SGD,
    LinearModel,
    Standardizer,
    fit,
    hessian_eigenvalues,
    least_squares,
    mse_gradient,
    stability_limit,
)

# A modest number of examples keeps the suite fast; raise it for a deeper search, e.g.
# SGD_LIB_HYPOTHESIS_EXAMPLES=2000 python -m pytest tests/test_properties.py
EXAMPLES = int(os.environ.get("SGD_LIB_HYPOTHESIS_EXAMPLES", "30"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None)


@st.composite
def datasets(draw, min_samples: int = 3, max_samples: int = 40, max_features: int = 3):
    """A random regression data set (x, y): random size, number of features, scales and offsets."""
    n_features = draw(st.integers(1, max_features))
    n = draw(st.integers(max(min_samples, n_features + 2), max_samples))
    seed = draw(st.integers(0, 2**32 - 1))
    x_exponents = draw(st.lists(st.floats(-2, 3), min_size=n_features, max_size=n_features))
    offsets = draw(st.lists(st.floats(-3, 3), min_size=n_features, max_size=n_features))
    y_scale = 10 ** draw(st.floats(-2, 4))
    noise = draw(st.floats(0.01, 1.0))
    rng = np.random.default_rng(seed)
    scales = 10.0 ** np.array(x_exponents)
    x = (rng.normal(size=(n, n_features)) + offsets) * scales
    w = rng.normal(size=n_features) / scales
    y = y_scale * (x @ w + rng.normal() + noise * rng.normal(size=n))
    if n_features == 1 and draw(st.booleans()):
        x = x[:, 0]  # 1-D inputs too
    return x, y


def design(x: np.ndarray) -> np.ndarray:
    features = np.reshape(x, (np.shape(x)[0], -1))
    return np.hstack([features, np.ones((features.shape[0], 1))])


def loss_at(x, y, theta) -> float:
    error = design(x) @ theta - y
    return float(error @ error) / len(y)


@PROPERTY
@given(data=datasets(), theta_seed=st.integers(0, 2**32 - 1))
def test_gradient_matches_central_differences(data, theta_seed):
    x, y = data
    a = design(x)
    rms = np.sqrt(np.mean(a**2, axis=0))
    theta = np.random.default_rng(theta_seed).normal(size=a.shape[1]) * np.std(y) / rms
    grad_w, grad_b = mse_gradient(x, y, theta[:-1], theta[-1])
    analytic = np.append(grad_w, grad_b)
    root_loss = np.sqrt(loss_at(x, y, theta))
    # The loss is quadratic: central differences are exact up to rounding (~eps L / h), which this
    # step makes ~1e-13 of the gradient scale 2 sqrt(L) rms(A_i) (a bound on |dL/dtheta_i|).
    steps = 1e-3 * root_loss / rms
    for i, h in enumerate(steps):
        e = np.zeros_like(theta)
        e[i] = h
        numeric = (loss_at(x, y, theta + e) - loss_at(x, y, theta - e)) / (2 * h)
        assert abs(analytic[i] - numeric) <= 1e-8 * 2 * root_loss * rms[i]


@PROPERTY
@given(data=datasets(max_samples=30), standardized=st.booleans(), model_seed=st.integers(0, 1000))
def test_full_batch_gd_at_half_the_limit_descends_to_least_squares(data, standardized, model_seed):
    x, y = data
    if standardized:
        x = Standardizer().fit_transform(x)
    n_features = np.reshape(x, (len(y), -1)).shape[1]
    eigenvalues = hessian_eigenvalues(x)
    lr, epochs = 0.5 * stability_limit(x), 200
    model = LinearModel(n_features, seed=model_seed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = fit(model, x, y, lr, epochs=epochs, batch_size=len(y), shuffle=False)
    assert not history.diverged
    theta_star = np.append(*least_squares(x, y))
    floor = loss_at(x, y, theta_star)
    losses = np.array([loss_at(x, y, p) for p in history.params])
    tol = 1e-10 * losses[0]
    # Monotone descent: every epoch lowers the loss.
    assert np.all(np.diff(losses) <= tol)
    # Linear convergence: lr = 1 / lambda_max shrinks every error component by at most
    # rho = 1 - lambda_min / lambda_max per step, the excess loss by rho**2.
    rho = 1.0 - eigenvalues[0] / eigenvalues[-1]
    assert losses[-1] - floor <= rho ** (2 * epochs) * (losses[0] - floor) + tol
    if eigenvalues[-1] / eigenvalues[0] < 20:  # well conditioned: rho**400 < 1e-8
        scale = np.abs(theta_star) + np.std(y) / np.sqrt(np.mean(design(x) ** 2, axis=0))
        assert np.all(np.abs(model.get_params() - theta_star) <= 1e-3 * scale)


@st.composite
def tables(draw):
    """1-D or 2-D arrays of numbers at a random scale and offset, constant columns included."""
    shape = draw(st.one_of(st.tuples(st.integers(1, 20)), st.tuples(st.integers(1, 20), st.integers(1, 4))))
    integers = draw(arrays(np.int64, shape, elements=st.integers(-1000, 1000)))
    scale = 10 ** draw(st.floats(-3, 6))
    offset = draw(st.floats(-1e6, 1e6))
    return integers * scale + offset


@PROPERTY
@given(values=tables())
def test_standardizer_round_trip(values):
    s = Standardizer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = s.fit_transform(values)
        back = s.inverse_transform(z)
    assert z.shape == values.shape
    columns, z_columns = values.reshape(len(values), -1), z.reshape(len(values), -1)
    magnitude = np.abs(columns).max(axis=0)  # round-off is relative to each column's magnitude
    assert np.all(np.abs(back.reshape(columns.shape) - columns) <= 1e-12 * magnitude)
    for j in range(columns.shape[1]):
        if np.ptp(columns[:, j]) == 0:  # a constant column maps to 0
            assert s.scale.reshape(-1)[j] == 1.0
            assert np.all(np.abs(z_columns[:, j]) <= 1e-12 * magnitude[j])
        elif columns[:, j].std() > 1e-6 * magnitude[j]:  # (else cancellation limits the precision)
            assert abs(z_columns[:, j].mean()) < 1e-6
            assert abs(z_columns[:, j].std() - 1.0) < 1e-6


@PROPERTY
@given(
    data=datasets(max_samples=30),
    lr_factor=st.floats(-2, 2).map(lambda e: 10.0**e),
    momentum=st.sampled_from([0.0, 0.5, 0.9]),
    nesterov=st.booleans(),
    batch_fraction=st.floats(0.0, 1.2),
    epochs=st.integers(1, 15),
    shuffle=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
    fast=st.booleans(),
)
def test_fit_converges_or_reports_divergence_without_runtime_warnings(
    data, lr_factor, momentum, nesterov, batch_fraction, epochs, shuffle, seed, fast
):
    x, y = data
    n_features = np.reshape(x, (len(y), -1)).shape[1]
    batch_size = max(1, int(batch_fraction * len(y)))
    model = LinearModel(n_features, seed=seed % 1000)
    optimizer = SGD(lr_factor * stability_limit(x), momentum=momentum, nesterov=nesterov)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = fit(
            model, x, y, optimizer, epochs=epochs, batch_size=batch_size, shuffle=shuffle, seed=seed, fast=fast
        )
    message = history.message
    assert isinstance(message, str) and message.endswith(".") and "\n" not in message and len(message) < 300
    assert np.all(np.isfinite(history.params)) and np.all(np.isfinite(model.get_params()))
    assert history.params.shape == (len(history.loss) + 1, n_features + 1)
    if history.diverged:
        assert history.diverged_epoch == len(history.loss) - 1 < epochs
        assert message.startswith(f"Training diverged in epoch {history.diverged_epoch}: ")
        assert "learning rate" in message and "too large" in message
    else:
        assert history.diverged_epoch is None and len(history.loss) == epochs
        assert np.all(np.isfinite(history.loss))
        assert message.startswith(f"Trained for {epochs} epoch(s): final loss {history.final_loss:.4g}.")
        growing = loss_at(x, y, history.params[-1]) > 100 * loss_at(x, y, history.params[0])
        assert ("But the loss is growing" in message) == growing
        # Nothing that counts as divergence slipped through: every logged loss stayed below
        # divergence_factor (1e8) times max(initial loss, var(y)).
        scale = max(loss_at(x, y, history.params[0]), float(np.var(y)))
        assert max(history.loss) <= 1e8 * scale
