"""The dynamics of momentum on a quadratic bowl, checked against SGD itself, real runs and brute force.

Along each eigenvector of the Hessian, SGD's momentum rule is a 2x2 linear map of (error, velocity).
Its matrix must reproduce ``SGD.step``; the modulus of its larger eigenvalue must be the measured
decay per step of a real ``fit`` run; the closed-form best (learning rate, momentum) must beat every
point of a fine grid; the stable region must end exactly at ``stability_limit``.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from sgd_lib import (
    SGD,
    LinearModel,
    fit,
    hessian_eigenvalues,
    least_squares,
    make_original_data,
    mse_hessian,
    stability_limit,
    standardize,
)
from sgd_lib.dynamics import (
    convergence_factor,
    critical_momentum,
    measured_factor,
    momentum_matrix,
    momentum_roots,
    optimal_momentum,
    optimal_plain,
    spectral_radius,
    steps_per_sign_change,
)


@pytest.fixture(scope="module")
def stretched():
    """Notebook 09's stretched bowl: x in tens, y standardized."""
    x, y = make_original_data()
    _, y_std, _, _ = standardize(x, y)
    return x / 10, y_std


@pytest.fixture(scope="module")
def bowl(stretched):
    x, _ = stretched
    curvatures, directions = np.linalg.eigh(mse_hessian(x))
    return curvatures, directions


# --- the matrix is SGD's rule ----------------------------------------------------------------------------


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("lr, mu", [(0.015, 0.9), (0.05, 0.72), (0.02, 0.0), (0.06, 0.9)])
def test_the_matrix_reproduces_sgd_step_on_a_quadratic(bowl, nesterov, lr, mu):
    curvatures, directions = bowl
    hessian = directions @ np.diag(curvatures) @ directions.T
    optimum = np.array([0.3, -1.7])
    theta, optimizer = np.array([0.5, 0.0]), SGD(lr, momentum=mu, nesterov=nesterov)
    state = [np.array([e, 0.0]) for e in (theta - optimum) @ directions]  # (error, velocity) per direction
    matrices = [momentum_matrix(lr, mu, lam, nesterov=nesterov) for lam in curvatures]
    scale = np.linalg.norm(theta - optimum)
    for _ in range(60):
        theta = optimizer.step(theta, hessian @ (theta - optimum))
        state = [m @ s for m, s in zip(matrices, state)]
        error = np.array([s[0] for s in state])
        velocity = optimizer.velocity if mu else None
        size = max(scale, float(np.abs(error).max()))
        np.testing.assert_allclose((theta - optimum) @ directions, error, rtol=0, atol=1e-12 * size)
        if velocity is not None:
            np.testing.assert_allclose(
                velocity @ directions, [s[1] for s in state], rtol=0, atol=1e-12 * size * curvatures.max()
            )


def test_the_matrix_written_out():
    np.testing.assert_array_equal(momentum_matrix(0.1, 0.5, 2.0), [[0.8, -0.05], [2.0, 0.5]])
    np.testing.assert_allclose(momentum_matrix(0.1, 0.5, 2.0, nesterov=True), [[0.7, -0.025], [2.0, 0.5]])


@pytest.mark.parametrize("nesterov", [False, True])
def test_roots_and_radius_are_the_matrix_eigenvalues(nesterov):
    rng = np.random.default_rng(0)
    for lr, mu, lam in zip(rng.uniform(1e-3, 0.1, 200), rng.uniform(0, 0.99, 200), rng.uniform(0, 80, 200)):
        eigenvalues = np.linalg.eigvals(momentum_matrix(lr, mu, lam, nesterov=nesterov))
        roots = momentum_roots(lr, mu, lam, nesterov=nesterov)
        np.testing.assert_allclose(np.sort_complex(roots), np.sort_complex(eigenvalues), atol=1e-7)
        assert spectral_radius(lr, mu, lam, nesterov=nesterov) == pytest.approx(np.abs(eigenvalues).max(), abs=1e-7)
        assert abs(roots[0]) >= abs(roots[1]) - 1e-12


def test_momentum_zero_is_plain_descent():
    for lam in (0.5, 20.0, 67.85):
        assert spectral_radius(0.02, 0.0, lam) == pytest.approx(abs(1 - 0.02 * lam), abs=1e-15)
    assert steps_per_sign_change(0.02, 0.0, 67.85) == 1  # 1 - lr lam < 0: a flip at every step
    assert steps_per_sign_change(0.02, 0.0, 0.4814) == math.inf  # 1 - lr lam > 0: no oscillation


def test_complex_roots_have_modulus_sqrt_mu_whatever_the_learning_rate():
    lrs = np.linspace(0.002, 0.05, 30)
    inside = momentum_roots(lrs, 0.9, 67.85)[..., 0].imag != 0
    assert inside.sum() > 20
    np.testing.assert_allclose(spectral_radius(lrs, 0.9, 67.85)[inside], math.sqrt(0.9), rtol=1e-12)


# --- a real run decays by the predicted factor ------------------------------------------------------------


SETTINGS = [  # the notebook's runs: the explorer's start, the race winners, the near-best pair, plain's best
    (0.015, 0.9, False),
    (0.007861, 0.9, False),
    (0.01048, 0.9, True),
    (0.015, 0.9, True),
    (0.05, 0.72, False),
    (0.02926, 0.0, False),
    (0.02486, 0.0, False),
]


@pytest.mark.parametrize("lr, mu, nesterov", SETTINGS)
def test_the_spectral_radius_is_the_measured_decay_of_a_fit_run(stretched, bowl, lr, mu, nesterov):
    x, y = stretched
    curvatures, directions = bowl
    history = fit(
        LinearModel(seed=0), x, y, SGD(lr, momentum=mu, nesterov=nesterov), epochs=400, batch_size=len(y), shuffle=False
    )
    errors = (history.params - np.append(*least_squares(x, y))) @ directions
    checked = 0
    for k, lam in enumerate(curvatures):
        factor = spectral_radius(lr, mu, lam, nesterov=nesterov)
        turn = steps_per_sign_change(lr, mu, lam, nesterov=nesterov)
        window = 2 if turn == math.inf else math.ceil(turn) + 1  # half a turn at least: it holds a peak
        first, last = 10, min(400 - window, int(math.log(1e-10) / math.log(factor)))  # stop before rounding noise
        if last - first < max(window, 20):
            continue  # gone to rounding noise within a few steps: nothing to measure
        measured = measured_factor(errors[:, k], first=first, last=last, window=window)
        assert measured == pytest.approx(factor, rel=0.02), (
            f"direction {k}: predicted {factor:.4f}, measured {measured:.4f}"
        )
        checked += 1
    assert checked >= 1


def test_measured_factor_reads_the_envelope_of_a_spiral():
    steps = np.arange(300)
    errors = 3.0 * 0.9**steps * np.cos(0.3 * steps + 1.0)
    assert measured_factor(errors, first=10, last=200, window=12) == pytest.approx(0.9, rel=2e-3)


def test_the_steps_between_sign_changes_are_measured(bowl):
    curvatures, _ = bowl
    lam = curvatures[-1]
    for lr, mu, nesterov in [(0.007861, 0.9, False), (0.015, 0.9, False), (0.01048, 0.9, True)]:
        state, signs = np.array([1.0, 0.0]), []
        matrix = momentum_matrix(lr, mu, lam, nesterov=nesterov)
        for _ in range(400):
            state = matrix @ state / np.abs(state).max()  # normalized: the sign pattern only
            signs.append(np.sign(state[0]))
        changes = np.flatnonzero(np.diff(signs) != 0)
        assert np.diff(changes).mean() == pytest.approx(steps_per_sign_change(lr, mu, lam, nesterov=nesterov), rel=0.02)


# --- complex roots, critical damping ---------------------------------------------------------------------


@pytest.mark.parametrize("nesterov", [False, True])
def test_roots_turn_complex_above_the_critical_momentum(nesterov):
    for lr, lam in [(0.015, 0.4814), (0.015, 67.85), (0.05, 67.85), (0.007861, 67.85), (0.3, 2.0)]:
        critical = critical_momentum(lr, lam, nesterov=nesterov)
        if critical >= 1:
            assert np.all(momentum_roots(lr, np.linspace(0, 0.99, 50), lam, nesterov=nesterov).imag == 0)
            continue
        below, above = momentum_roots(lr, [max(critical - 1e-6, 0.0), critical + 1e-6], lam, nesterov=nesterov)
        assert below[0].imag == 0 and above[0].imag != 0
        double = momentum_roots(lr, critical, lam, nesterov=nesterov)
        assert abs(double[0] - double[1]) < 1e-6  # the two roots meet: critical damping
        # at that momentum the direction decays fastest for this learning rate
        mus = np.linspace(0, 0.99, 991)
        assert (
            spectral_radius(lr, critical, lam, nesterov=nesterov)
            <= spectral_radius(lr, mus, lam, nesterov=nesterov).min() + 1e-3
        )


def test_the_critical_momentum_in_closed_form():
    # heavy ball: complex iff (1 - sqrt(mu))^2 < lr lam < (1 + sqrt(mu))^2
    for step in (0.01, 0.5, 1.0, 2.0, 3.9):
        mu = critical_momentum(step, 1.0)
        assert mu == pytest.approx((1 - math.sqrt(step)) ** 2)
        assert min(abs((1 - math.sqrt(mu)) ** 2 - step), abs((1 + math.sqrt(mu)) ** 2 - step)) < 1e-12
    assert critical_momentum(4.5, 1.0) > 1  # beyond (1 + 1)^2 no momentum makes them complex
    assert critical_momentum(0.25, 1.0, nesterov=True) == pytest.approx(1 / 3)  # (1 - 0.5) / (1 + 0.5)
    assert critical_momentum(1.5, 1.0, nesterov=True) == math.inf


# --- the best pair, by formula and by brute force --------------------------------------------------------


@pytest.mark.parametrize("nesterov", [False, True])
def test_the_closed_form_optimum_beats_a_brute_force_grid(bowl, nesterov):
    curvatures, _ = bowl
    best = optimal_momentum(curvatures, nesterov=nesterov)
    lrs, mus = np.linspace(0.0002, 0.06, 600), np.linspace(0.0, 0.99, 991)
    grid = convergence_factor(lrs[:, None], mus[None, :], curvatures, nesterov=nesterov)
    i, j = np.unravel_index(np.argmin(grid), grid.shape)
    # at the optimum the flattest direction is critically damped: a double root, known to ~sqrt(eps)
    assert convergence_factor(best.learning_rate, best.momentum, curvatures, nesterov=nesterov) == pytest.approx(
        best.factor, abs=1e-7
    )
    assert grid.min() >= best.factor - 1e-7  # nothing on the grid does better
    assert grid.min() <= best.factor + 2e-3  # and the grid gets there
    assert abs(lrs[i] - best.learning_rate) <= 3 * (lrs[1] - lrs[0])  # the ridge is sharp: a few cells
    assert abs(mus[j] - best.momentum) <= 3 * (mus[1] - mus[0])


def test_the_closed_form_numbers_for_notebook_09(bowl):
    curvatures, _ = bowl
    low, high = curvatures
    kappa = high / low
    best = optimal_momentum(curvatures)
    assert best.learning_rate == pytest.approx(4 / (math.sqrt(high) + math.sqrt(low)) ** 2)
    assert best.momentum == pytest.approx(((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2)
    assert (round(best.learning_rate, 4), round(best.momentum, 3), round(best.factor, 3)) == (0.0501, 0.713, 0.845)
    # both ends of the spectrum sit on the edges of the complex region (critical damping)
    assert critical_momentum(best.learning_rate, low) == pytest.approx(best.momentum)
    assert (1 + math.sqrt(best.momentum)) ** 2 == pytest.approx(best.learning_rate * high)
    plain = optimal_plain(curvatures)
    assert plain.learning_rate == pytest.approx(2 / (low + high)) and plain.momentum == 0
    assert plain.factor == pytest.approx((kappa - 1) / (kappa + 1)) == pytest.approx(0.986, abs=5e-4)
    lrs = np.linspace(1e-4, 2 / high, 20001)  # plain descent's best, brute force on the mu = 0 edge
    factors = convergence_factor(lrs, 0.0, curvatures)
    assert factors.min() >= plain.factor - 1e-12 and abs(lrs[np.argmin(factors)] - plain.learning_rate) < 2e-6


def test_a_round_bowl_needs_no_momentum():
    for best in (optimal_momentum([2.0, 2.0]), optimal_plain([2.0, 2.0]), optimal_momentum([2.0, 2.0], nesterov=True)):
        assert best == pytest.approx((0.5, 0.0, 0.0), abs=1e-15)


# --- the stable region is stability_limit's ---------------------------------------------------------------


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("data", ["stretched", "standardized", "raw"])
def test_the_rate_reaches_1_exactly_at_stability_limit(nesterov, data):
    x, y = make_original_data()
    x = {"stretched": x / 10, "standardized": standardize(x, y)[0], "raw": x}[data]
    curvatures = hessian_eigenvalues(x)
    for mu in (0.0, 0.3, 0.5, 0.9, 0.99):
        limit = stability_limit(x, mu, nesterov)
        assert convergence_factor(limit * (1 - 1e-6), mu, curvatures, nesterov=nesterov) < 1
        assert convergence_factor(limit * (1 + 1e-6), mu, curvatures, nesterov=nesterov) > 1
        assert convergence_factor(limit, mu, curvatures, nesterov=nesterov) == pytest.approx(1.0, abs=1e-9)


# --- bad input is refused by name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda v: spectral_radius(v, 0.9, 1.0), "learning_rate"),
        (lambda v: spectral_radius(0.1, v, 1.0), "momentum"),
        (lambda v: spectral_radius(0.1, 0.9, v), "curvature"),
        (lambda v: momentum_matrix(v, 0.9, 1.0), "learning_rate"),
        (lambda v: momentum_roots(0.1, v, 1.0), "momentum"),
        (lambda v: convergence_factor(0.1, 0.9, v), "curvatures"),
        (lambda v: critical_momentum(0.1, v), "curvature"),
        (lambda v: steps_per_sign_change(v, 0.5, 1.0), "learning_rate"),
        (lambda v: optimal_momentum(v), "curvatures"),
        (lambda v: optimal_plain(v), "curvatures"),
    ],
)
@pytest.mark.parametrize(
    "odd", [None, "0.5", True, math.nan, math.inf, -1.0, 1j, [], [[1.0], [2.0, 3.0]], 1e200, np.array([0.5, np.nan])]
)
def test_bad_values_are_refused_by_name(call, name, odd):
    with pytest.raises((ValueError, TypeError), match=name):
        call(odd)


def test_other_refusals_say_what_was_expected():
    with pytest.raises(ValueError, match=r"momentum must be a number in \[0, 1\), got 1.0"):
        spectral_radius(0.1, 1.0, 1.0)
    with pytest.raises(ValueError, match="learning_rate must be a number in"):
        momentum_matrix(0.0, 0.5, 1.0)
    with pytest.raises(TypeError, match="nesterov must be True or False"):
        spectral_radius(0.1, 0.5, 1.0, nesterov="yes")
    with pytest.raises(ValueError, match="curvatures must be a 1-D array"):
        convergence_factor(0.1, 0.5, np.ones((2, 2)))
    with pytest.raises(ValueError, match="curvatures must all be > 0"):
        optimal_momentum([0.0, 2.0])
    with pytest.raises(ValueError, match=r"window must be an integer in \[1, 5\], got 0"):
        measured_factor(np.ones(10), first=0, last=5, window=0)
    with pytest.raises(ValueError, match=r"window must be an integer in \[1, 2\], got 3 \(errors has 5 steps\)"):
        measured_factor(np.ones(5), first=0, last=2, window=3)
    with pytest.raises(ValueError, match=r"last must be an integer in \[7, 8\], got 5"):
        measured_factor(np.ones(10), first=5, last=5, window=2)
    with pytest.raises(ValueError, match="nonzero peak"):
        measured_factor(np.zeros(10), first=0, last=5, window=2)
    with pytest.raises(TypeError, match="errors must hold real numbers"):
        measured_factor(["a", "b"], first=0, last=1, window=1)
    with pytest.raises(ValueError, match="errors must be 1-D"):
        measured_factor(np.zeros((10, 2)), first=0, last=5, window=2)


def test_huge_but_valid_settings_give_inf_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert spectral_radius(1e150, 0.0, 1e150, nesterov=True) == math.inf
        assert spectral_radius(1e150, 0.5, 1e150) == math.inf
        assert convergence_factor(np.array([1e-3, 1e150]), 0.9, [1.0, 1e150]).tolist()[1] == math.inf


@pytest.mark.parametrize("nesterov", [False, True])
def test_the_factor_map_holds_the_factor_its_limits_and_its_edges(nesterov):
    from sgd_lib.dynamics import factor_map

    x = make_original_data()[0] / 10
    curvatures = hessian_eigenvalues(x)
    numbers = factor_map(x, nesterov=nesterov, learning_rates=(0.0, 0.04), momenta=(0.0, 0.95), resolution=60)
    lrs, mus = numbers.centres, (numbers.momenta[1:] + numbers.momenta[:-1]) / 2
    assert numbers.factors.shape == (40, 60) and lrs.shape == (60,) and numbers.momenta[[0, -1]].tolist() == [0, 0.95]
    np.testing.assert_allclose(numbers.factors[7], convergence_factor(lrs, mus[7], curvatures, nesterov=nesterov))
    limits = [stability_limit(x, mu, nesterov) for mu in numbers.momenta]
    np.testing.assert_allclose(numbers.limits, limits)
    diverges = numbers.factors >= 1 - 1e-12  # the run diverges exactly beyond the stability limit of its row
    beyond = lrs[None, :] >= np.array([stability_limit(x, mu, nesterov) for mu in mus])[:, None]
    assert np.array_equal(diverges, beyond) and diverges.any() and not diverges.all()
    for k, lam in enumerate(curvatures[[0, -1]]):  # complex roots just above the critical momentum, real below
        edge = numbers.critical[k]
        shown = np.flatnonzero(np.isfinite(edge) & (edge > 0.01) & (edge < 0.94))
        assert shown.size > 5
        above = momentum_roots(lrs[shown], edge[shown] + 1e-3, lam, nesterov=nesterov)[:, 0]
        below = momentum_roots(lrs[shown], edge[shown] - 1e-3, lam, nesterov=nesterov)[:, 0]
        assert np.all(above.imag != 0) and np.all(below.imag == 0)
    steep = 1 / curvatures[-1]  # in range (0.0147 < 0.04) only on the steep side, and only for Nesterov
    expected = [np.nan, steep] if nesterov else [np.nan, np.nan]
    np.testing.assert_allclose(numbers.real_again, expected)
    assert numbers.best == optimal_momentum(curvatures, nesterov=nesterov) and numbers.plain == optimal_plain(
        curvatures
    )


def test_the_factor_map_refuses_what_it_cannot_map():
    from sgd_lib.dynamics import factor_map

    with pytest.raises(ValueError, match="x must vary"):
        factor_map(np.ones(5))
    with pytest.raises(ValueError, match="momenta must be a number in \\[0, 1\\)"):
        factor_map(np.arange(5.0), momenta=(0.0, 1.0))
    with pytest.raises(ValueError, match="learning_rates must be an increasing pair"):
        factor_map(np.arange(5.0), learning_rates=(0.1, 0.1))
