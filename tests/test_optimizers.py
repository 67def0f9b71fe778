"""The optimizer: plain SGD, momentum, Nesterov, and learning-rate schedules."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sgd_lib import (
    SGD,
    ConstantLR,
    ExponentialDecay,
    InverseTimeDecay,
    LinearModel,
    StepDecay,
    fit,
    least_squares,
    mse_gradient,
)

THETA0 = np.array([1.0, -2.0])
GRADS = [np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([-2.0, 4.0])]


class TestPlainSGD:
    def test_one_step(self):
        np.testing.assert_allclose(SGD(0.1).step(np.array([1.0, 0.0]), np.array([2.0, -1.0])), [0.8, 0.1])

    def test_three_steps_by_hand(self):
        opt, theta = SGD(0.5), THETA0
        expected = [[0.5, -3.0], [0.25, -2.5], [1.25, -4.5]]
        for g, want in zip(GRADS, expected):
            theta = opt.step(theta, g)
            np.testing.assert_allclose(theta, want, rtol=1e-15)
        assert opt.iterations == 3
        np.testing.assert_array_equal(opt.velocity, [0.0, 0.0])  # no momentum: the velocity stays 0

    def test_does_not_modify_its_input(self):
        theta = THETA0.copy()
        SGD(0.1, momentum=0.9).step(theta, GRADS[0])
        np.testing.assert_array_equal(theta, THETA0)

    def test_defaults_like_tf_train_sgd(self):
        opt = SGD()
        assert opt.learning_rate == 0.01
        assert opt.momentum == 0.0 and opt.nesterov is False


class TestMomentum:
    """lr = 0.1, mu = 0.9, theta0 = [1, -2], gradients g1 = [1, 2], g2 = [0.5, -1], g3 = [-2, 4]."""

    # v1 = g1                 = [1, 2]
    # v2 = 0.9 v1 + g2        = [1.4, 0.8]
    # v3 = 0.9 v2 + g3        = [-0.74, 4.72]
    VELOCITIES = [[1.0, 2.0], [1.4, 0.8], [-0.74, 4.72]]

    def test_classical_three_steps_by_hand(self):
        # theta <- theta - lr v:
        # theta1 = [1, -2] - 0.1 [1, 2]             = [0.9, -2.2]
        # theta2 = [0.9, -2.2] - 0.1 [1.4, 0.8]     = [0.76, -2.28]
        # theta3 = [0.76, -2.28] - 0.1 [-0.74, 4.72] = [0.834, -2.752]
        expected = [[0.9, -2.2], [0.76, -2.28], [0.834, -2.752]]
        opt, theta = SGD(0.1, momentum=0.9), THETA0
        for g, v, want in zip(GRADS, self.VELOCITIES, expected):
            theta = opt.step(theta, g)
            np.testing.assert_allclose(opt.velocity, v, rtol=1e-14)
            np.testing.assert_allclose(theta, want, rtol=1e-14)

    def test_nesterov_three_steps_by_hand(self):
        # theta <- theta - lr (g + mu v):
        # theta1 = [1, -2] - 0.1 ([1, 2] + 0.9 [1, 2])               = [0.81, -2.38]
        # theta2 = [0.81, -2.38] - 0.1 ([0.5, -1] + 0.9 [1.4, 0.8])  = [0.634, -2.352]
        # theta3 = [0.634, -2.352] - 0.1 ([-2, 4] + 0.9 [-0.74, 4.72]) = [0.9006, -3.1768]
        expected = [[0.81, -2.38], [0.634, -2.352], [0.9006, -3.1768]]
        opt, theta = SGD(0.1, momentum=0.9, nesterov=True), THETA0
        for g, v, want in zip(GRADS, self.VELOCITIES, expected):
            theta = opt.step(theta, g)
            np.testing.assert_allclose(opt.velocity, v, rtol=1e-14)
            np.testing.assert_allclose(theta, want, rtol=1e-14)

    def test_nesterov_without_momentum_is_plain_sgd(self):
        a, b = SGD(0.3, nesterov=True), SGD(0.3)
        ta, tb = THETA0, THETA0
        for g in GRADS:
            ta, tb = a.step(ta, g), b.step(tb, g)
        np.testing.assert_array_equal(ta, tb)

    def test_reset_forgets_velocity_and_count(self):
        opt = SGD(ExponentialDecay(0.1, 0.5, 1), momentum=0.5)
        opt.step(THETA0, GRADS[0])
        opt.step(THETA0, GRADS[1])
        assert opt.iterations == 2 and opt.learning_rate == pytest.approx(0.025)
        opt.reset()
        assert opt.iterations == 0 and opt.velocity is None and opt.learning_rate == 0.1
        np.testing.assert_allclose(opt.step(THETA0, GRADS[0]), THETA0 - 0.1 * GRADS[0])

    @pytest.mark.parametrize("nesterov", [False, True])
    def test_momentum_converges_on_a_quadratic(self, std_data, nesterov):
        x, y = std_data
        opt, theta = SGD(0.1, momentum=0.5, nesterov=nesterov), np.array([0.0, 0.0])
        for _ in range(200):
            grad_w, grad_b = mse_gradient(x, y, theta[:-1], theta[-1])
            theta = opt.step(theta, np.append(grad_w, grad_b))
        # Standardized data: w* = corr(x, y) = 0.96886..., b* = 0.
        (w_star,), b_star = least_squares(x, y)
        assert w_star == pytest.approx(0.96886, abs=1e-5) and b_star == pytest.approx(0.0, abs=1e-15)
        np.testing.assert_allclose(theta, [w_star, b_star], atol=1e-10)

    def test_repr(self):
        assert repr(SGD(0.1, momentum=0.9, nesterov=True)) == (
            "SGD(learning_rate=ConstantLR(initial=0.1), momentum=0.9, nesterov=True)"
        )


class TestSchedules:
    def test_constant(self):
        lr = ConstantLR(0.1)
        assert [lr(t) for t in (0, 1, 10, 10_000)] == [0.1, 0.1, 0.1, 0.1]

    def test_step_decay(self):
        lr = StepDecay(0.1, factor=0.5, every=10)
        # 0.1 * 0.5 ** floor(t / 10)
        assert [lr(t) for t in (0, 9, 10, 19, 25, 30)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125])
        assert StepDecay(1.0)(99) == 1.0 and StepDecay(1.0)(100) == 0.5  # defaults: factor 0.5, every 100

    def test_exponential_decay(self):
        lr = ExponentialDecay(0.1, rate=0.5, decay_steps=10)
        # 0.1 * 0.5 ** (t / 10): smooth, halving every 10 updates
        assert lr(0) == 0.1
        assert lr(10) == pytest.approx(0.05, rel=1e-15)
        assert lr(5) == pytest.approx(0.1 / math.sqrt(2.0), rel=1e-15)
        assert lr(15) == pytest.approx(0.1 * 0.5**1.5, rel=1e-15)
        assert lr(20) == pytest.approx(0.025, rel=1e-15)
        assert ExponentialDecay(1.0, 0.1, 1)(3) == pytest.approx(1e-3, rel=1e-14)

    def test_inverse_time_decay(self):
        lr = InverseTimeDecay(0.1, rate=1.0, decay_steps=10)
        # 0.1 / (1 + t / 10)
        assert lr(0) == 0.1
        assert lr(5) == pytest.approx(0.1 / 1.5, rel=1e-15)
        assert lr(10) == pytest.approx(0.05, rel=1e-15)
        assert lr(30) == pytest.approx(0.025, rel=1e-15)
        assert InverseTimeDecay(0.1, rate=2.0, decay_steps=4)(2) == pytest.approx(0.05, rel=1e-15)
        assert InverseTimeDecay(0.1, rate=0.0)(1000) == 0.1

    def test_sgd_uses_lr_of_t_at_update_t(self):
        schedule = StepDecay(0.8, factor=0.5, every=2)
        opt, theta = SGD(schedule), np.zeros(1)
        moves = []
        for t in range(7):
            assert opt.learning_rate == schedule(t)
            new = opt.step(theta, np.ones(1))  # gradient 1: the move is exactly -lr(t)
            moves.append(theta[0] - new[0])
            theta = new
        assert moves == pytest.approx([0.8, 0.8, 0.4, 0.4, 0.2, 0.2, 0.1], rel=1e-15)

    def test_sgd_accepts_any_callable_and_calls_it_with_the_update_count(self):
        calls = []

        def schedule(t: int) -> float:
            calls.append(t)
            return 0.1 * (t + 1)

        opt, theta = SGD(schedule), np.array([0.0])
        for _ in range(3):
            theta = opt.step(theta, np.array([1.0]))
        assert calls == [0, 1, 2]
        assert theta[0] == pytest.approx(-(0.1 + 0.2 + 0.3), rel=1e-15)

    def test_fit_uses_lr_of_t_at_update_t_across_epochs(self, std_data):
        # Full batch, so every update's gradient is the full gradient at the previous parameters:
        # theta_{t+1} = theta_t - lr(t) * grad(theta_t), with t counting on across epochs.
        x, y = std_data
        schedule = ExponentialDecay(0.3, rate=0.5, decay_steps=3)
        opt = SGD(schedule)
        history = fit(LinearModel(seed=0), x, y, opt, epochs=8, batch_size=len(y), record_updates=True)
        path = history.update_params
        assert path.shape == (9, 2)
        for t in range(8):
            grad_w, grad_b = mse_gradient(x, y, path[t, :-1], path[t, -1])
            expected = path[t] - schedule(t) * np.append(grad_w, grad_b)
            np.testing.assert_allclose(path[t + 1], expected, rtol=1e-10, atol=1e-12)
        assert opt.iterations == 8


def test_a_decay_that_would_underflow_stays_at_the_smallest_positive_float():
    from sgd_lib.schedules import TINY, ExponentialDecay, StepDecay

    assert ExponentialDecay(0.1, rate=0.5, decay_steps=10)(100_000) == TINY
    assert StepDecay(0.1, factor=0.5, every=1)(5_000) == TINY
    assert ExponentialDecay(0.1, rate=0.5, decay_steps=10)(10) == 0.05  # no floor where nothing underflows
    # and a run with it goes on, frozen: the parameters no longer move
    from sgd_lib import SGD, LinearModel, fit, make_original_data, standardize

    x_std, y_std, _, _ = standardize(*make_original_data())
    history = fit(LinearModel(seed=0), x_std, y_std, SGD(ExponentialDecay(0.1, rate=1e-9, decay_steps=1)), epochs=100)
    assert not history.diverged and (history.params[-1] == history.params[-2]).all()
