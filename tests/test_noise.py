"""Gradient noise at the optimum and the noise floor: against enumeration, a Lyapunov solve and a simulation."""

from __future__ import annotations

from itertools import combinations, permutations

import numpy as np
import pytest

from sgd_lib import SGD, LinearModel, fit, least_squares, least_squares_floor, mse_at, mse_gradient, mse_hessian
from sgd_lib.data import batch_sizes
from sgd_lib.noise import (
    batch_noise,
    epoch_growth,
    epoch_growth_limit,
    noise_covariance,
    noise_floor,
    per_sample_gradients,
    reshuffled_noise_floor,
)


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


SMALL_X = np.array([0.0, 1.0, 2.0, 3.0, 5.0, 8.0])
SMALL_Y = SMALL_X**2 - 3 * SMALL_X


def _enumerated_floor(x, y, rate, size, at_end):
    """The reshuffled floor from every permutation of a small data set: E[u u^T] summed, not recursed."""
    gradients, hessian = per_sample_gradients(x, y, _optimum(x, y)), mse_hessian(x)
    n, d = gradients.shape
    step = np.eye(d) - rate * hessian
    sizes = batch_sizes(n, size)
    ends = np.cumsum(sizes)
    spreads = np.zeros((len(sizes), d, d))
    orders = list(permutations(range(n)))
    for order in orders:
        means = [gradients[list(order[end - length : end])].mean(axis=0) for end, length in zip(ends, sizes)]
        u = np.zeros(d)
        for m, mean in enumerate(means):
            u = step @ u + mean
            spreads[m] += np.outer(u, u) / len(orders)
    powers = [np.linalg.matrix_power(step, m + 1) for m in range(len(sizes))]
    start = np.linalg.solve(np.eye(d * d) - np.kron(powers[-1], powers[-1]), (rate**2 * spreads[-1]).reshape(-1))
    excess = [0.5 * np.trace(hessian @ (p @ start.reshape(d, d) @ p.T + rate**2 * c)) for p, c in zip(powers, spreads)]
    return excess[-1] if at_end else np.mean(excess)


@pytest.mark.parametrize("size", [1, 2, 4, 5])
def test_the_reshuffled_floor_is_the_mean_over_every_permutation(size):
    rate = 0.2 * 2 / np.linalg.eigvalsh(mse_hessian(SMALL_X))[-1]
    for at, at_end in [("every update", False), ("epoch end", True)]:
        expected = _enumerated_floor(SMALL_X, SMALL_Y, rate, size, at_end)
        assert reshuffled_noise_floor(SMALL_X, SMALL_Y, rate, size, at=at) == pytest.approx(expected, rel=1e-9)


def test_the_reshuffled_floor_of_equal_batches_is_the_tied_down_walk(standardized):
    x, y = standardized
    n, rate = len(y), 1e-4
    single = np.mean(np.sum(per_sample_gradients(x, y, _optimum(x, y)) ** 2, axis=1))
    for size, batches in [(33, 3), (9, 11), (1, 99)]:
        # the sum of j of an epoch's K batch means has mean square j (K - j) N_1 / (n - 1): averaged over j = 1..K
        walk = rate**2 * single * (batches**2 - 1) / (6 * (n - 1))
        assert reshuffled_noise_floor(x, y, rate, size) == pytest.approx(walk, rel=0.02)
    assert reshuffled_noise_floor(x, y, 0.1, n) == 0.0


def test_the_reshuffled_floor_predicts_fit_from_the_optimum(standardized):
    x, y = standardized
    for rate, size in [(0.1, 30), (0.05, 25)]:
        updates = len(batch_sizes(len(y), size))
        run = fit(
            LinearModel(seed=0).set_params(_optimum(x, y)),
            x,
            y,
            SGD(rate),
            batch_size=size,
            seed=3,
            epochs=40_000 // updates,
            record_updates=True,
        )
        measured = np.mean(mse_at(x, y, run.update_params[1000:]) - least_squares_floor(x, y))
        assert measured == pytest.approx(reshuffled_noise_floor(x, y, rate, size), rel=0.06)


def test_the_full_batch_grows_by_the_square_of_its_largest_factor(standardized, raw):
    for x in (standardized[0], raw[0] / 100):
        curvatures = np.linalg.eigvalsh(mse_hessian(x))
        for rate in (0.5 / curvatures[-1], 1.9 / curvatures[-1], 2.1 / curvatures[-1]):
            expected = np.max((1 - rate * curvatures) ** 2)
            assert epoch_growth(x, rate, len(x), shuffles=3) == pytest.approx(expected, rel=1e-9)
        assert epoch_growth_limit(x, len(x), shuffles=3, rtol=1e-9) == pytest.approx(2 / curvatures[-1], rel=1e-8)


def test_the_epoch_growth_is_the_mean_over_every_permutation():
    x = SMALL_X
    design = np.column_stack([x, np.ones_like(x)])
    rate = 1.1 * 2 / np.linalg.eigvalsh(mse_hessian(x))[-1]
    second = np.zeros((4, 4))
    orders = list(permutations(range(len(x))))
    for order in orders:
        product = np.eye(2)
        for batch in (order[:4], order[4:]):
            rows = design[list(batch)]
            product = (np.eye(2) - rate * 2 / len(batch) * rows.T @ rows) @ product
        second += np.kron(product, product) / len(orders)
    expected = np.max(np.abs(np.linalg.eigvals(second)))
    assert epoch_growth(x, rate, 4, shuffles=40_000, seed=1) == pytest.approx(expected, rel=0.02)
    limit = epoch_growth_limit(x, 4, shuffles=40_000, seed=1)
    assert epoch_growth(x, limit, 4, shuffles=40_000, seed=1) == pytest.approx(1.0, abs=1e-4)


def test_uneven_batches_lose_mean_square_stability_below_the_full_batch_limit(standardized):
    x, _ = standardized
    assert epoch_growth_limit(x, 32, shuffles=5000) < 0.99 < 1.01 < epoch_growth_limit(x, 33, shuffles=5000)
    assert epoch_growth(x, 0.5, 32, shuffles=5000) < 1 < epoch_growth(x, 0.99, 32, shuffles=5000)


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
    with pytest.raises(ValueError, match="at"):
        reshuffled_noise_floor(x, y, 0.1, 32, at="the end")
    with pytest.raises(ValueError, match="learning_rate"):
        reshuffled_noise_floor(x, y, 1.5, 32)
    with pytest.raises(ValueError, match="shuffles"):
        epoch_growth(x, 0.1, 32, shuffles=0)
    with pytest.raises(ValueError, match="learning_rate"):
        epoch_growth(x, -0.1, 32)


def test_the_reshuffled_floor_stays_proportional_to_a_small_rate():
    # I - (the epoch's product) is formed without cancellation: at 1e-20 it once gave -5.7e28
    x, y = (np.arange(1.0, 11.0) - 5.5) / 3, (np.arange(1.0, 11.0) ** 2 - 38.5) / 30
    per_rate = [reshuffled_noise_floor(x, y, rate, 3) / rate for rate in (1e-3, 1e-20, 1e-60, 1e-100)]
    assert per_rate[1] == pytest.approx(per_rate[2], rel=1e-9) == pytest.approx(per_rate[3], rel=1e-9)
    assert per_rate[0] == pytest.approx(per_rate[1], rel=0.05)  # the floor is about proportional to the rate
