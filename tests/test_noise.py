"""Gradient noise at the optimum and the noise floor: against enumeration, a Lyapunov solve and a simulation."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from sgd_lib import least_squares, mse_gradient, mse_hessian
from sgd_lib.noise import batch_noise, noise_covariance, noise_floor, per_sample_gradients


def _optimum(x, y):
    weights, bias = least_squares(x, y)
    return np.append(weights, bias)


def test_a_batch_gradient_is_the_mean_of_the_samples_gradients(standardized):
    x, y = standardized
    params = np.array([-1.5, 1.5])
    gradients = per_sample_gradients(x, y, params)
    for batch in (np.arange(32), np.array([3, 50, 98])):
        grad_w, grad_b = mse_gradient(x[batch], y[batch], params[:1], params[1])
        assert np.allclose(gradients[batch].mean(axis=0), np.append(grad_w, grad_b))


def test_the_samples_gradients_add_up_to_zero_at_the_optimum(standardized):
    x, y = standardized
    assert np.allclose(per_sample_gradients(x, y, _optimum(x, y)).sum(axis=0), 0, atol=1e-12)


@pytest.mark.parametrize("batch_size", [1, 2, 3, 4, 5, 6])
def test_batch_noise_is_the_mean_over_every_batch_without_repeats(batch_size):
    x = np.array([0.0, 1.0, 2.0, 3.0, 5.0, 8.0])
    y = x**2 - 3 * x
    gradients = per_sample_gradients(x, y, _optimum(x, y))
    batches = [list(batch) for batch in combinations(range(len(x)), batch_size)]
    means = np.array([gradients[batch].mean(axis=0) for batch in batches])
    assert np.allclose(means.T @ means / len(batches), noise_covariance(x, y, batch_size), atol=1e-9)
    assert np.isclose(np.mean(np.sum(means**2, axis=1)), batch_noise(x, y, batch_size), atol=1e-9)


def test_the_noise_falls_as_one_over_the_batch_size_and_vanishes_for_the_full_batch(standardized):
    x, y = standardized
    n = len(y)
    single = batch_noise(x, y, 1)
    for size in (2, 11, 33, 64):
        assert np.isclose(batch_noise(x, y, size), single * (n - size) / (size * (n - 1)))
    assert batch_noise(x, y, n) == 0.0


def test_the_floor_on_standardized_data_is_eta_noise_over_four_times_one_minus_eta(standardized):
    x, y = standardized
    for rate, size in [(0.1, 1), (0.05, 33), (0.5, 9)]:
        assert np.isclose(noise_floor(x, y, rate, size), rate * batch_noise(x, y, size) / (4 * (1 - rate)))


def test_the_floor_solves_the_stationary_equation_on_a_stretched_bowl(raw):
    x, y = raw[0] / 10.0, raw[1] / 1000.0  # not centered: a stretched, tilted bowl
    rate, size = 0.2 * 2 / np.linalg.eigvalsh(mse_hessian(x))[-1], 7
    step = np.eye(2) - rate * mse_hessian(x)
    noise = rate**2 * noise_covariance(x, y, size)
    # S = step S step^T + noise, solved as a linear system in the entries of S
    lhs = np.eye(4) - np.kron(step, step)
    covariance = np.linalg.solve(lhs, noise.reshape(-1)).reshape(2, 2)
    assert np.isclose(noise_floor(x, y, rate, size), 0.5 * np.trace(mse_hessian(x) @ covariance), rtol=1e-9)


def test_the_floor_matches_sgd_with_batches_drawn_independently(standardized):
    x, y = standardized
    n, rate, size, chains, updates = len(y), 0.05, 11, 400, 400
    rng = np.random.default_rng(1)
    theta = np.tile(_optimum(x, y), (chains, 1))
    excess = []
    for t in range(updates):
        batch = rng.permuted(np.tile(np.arange(n), (chains, 1)), axis=1)[:, :size]
        error = theta[:, :1] * x[batch] + theta[:, 1:] - y[batch]
        theta = theta - rate * 2 * np.stack([(error * x[batch]).mean(axis=1), error.mean(axis=1)], axis=1)
        if t >= updates // 2:
            excess.append(np.sum((theta - _optimum(x, y)) ** 2, axis=1))  # L - L* on the round bowl H = 2I
    assert np.mean(excess) == pytest.approx(noise_floor(x, y, rate, size), rel=0.05)


def test_bad_input_is_named(standardized):
    x, y = standardized
    with pytest.raises(ValueError, match="learning_rate"):
        noise_floor(x, y, 1.0, 32)
    with pytest.raises(ValueError, match="learning_rate"):
        noise_floor(x, y, -0.1, 32)
    with pytest.raises(ValueError, match="batch_size"):
        batch_noise(x, y, 100)
    with pytest.raises(TypeError, match="batch_size"):
        batch_noise(x, y, 2.5)
    with pytest.raises(ValueError, match="params"):
        per_sample_gradients(x, y, [1.0, 2.0, 3.0])
