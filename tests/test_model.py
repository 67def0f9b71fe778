"""The model: a dense layer with one output unit, Glorot-uniform weights and a zero bias."""

from __future__ import annotations

import numpy as np
import pytest

from sgd_lib import LinearModel, glorot_uniform

SQRT3 = np.sqrt(3.0)


class TestGlorotUniform:
    def test_one_input_draws_from_plus_minus_sqrt3(self):
        draws = np.array([glorot_uniform(1, 1, seed=s)[0] for s in range(300)])
        assert np.all(np.abs(draws) <= SQRT3)
        # Uniform over the whole interval, not a narrower one: the extremes come close to +-sqrt(3)
        # and the mean of U(-a, a) squared is a^2 / 3 = 1.
        assert draws.max() > 0.95 * SQRT3 and draws.min() < -0.95 * SQRT3
        assert np.mean(draws**2) == pytest.approx(1.0, abs=0.15)

    def test_limit_depends_on_fan_in_and_fan_out(self):
        limit = np.sqrt(6.0 / (4 + 3))
        draws = np.concatenate([glorot_uniform(4, 3, seed=s) for s in range(100)])
        assert draws.shape == (400,)
        assert np.all(np.abs(draws) <= limit)
        assert np.abs(draws).max() > 0.97 * limit

    def test_is_numpys_uniform_with_that_seed(self):
        expected = np.random.default_rng(7).uniform(-SQRT3, SQRT3, size=1)
        np.testing.assert_array_equal(glorot_uniform(1, 1, seed=7), expected)

    def test_same_seed_same_draw_and_different_seed_different_draw(self):
        np.testing.assert_array_equal(glorot_uniform(3, seed=5), glorot_uniform(3, seed=5))
        assert not np.array_equal(glorot_uniform(3, seed=5), glorot_uniform(3, seed=6))


class TestLinearModel:
    def test_seed_0_initial_parameters(self):
        model = LinearModel(seed=0)
        assert model.n_features == 1
        assert model.weights.shape == (1,)
        assert model.weights[0] == pytest.approx(0.4744492, abs=1e-7)
        assert model.bias == 0.0

    @pytest.mark.parametrize("seed", [0, 1, 2, 3, 42, 2026])
    def test_initialization_in_glorot_range_bias_zero_reproducible(self, seed):
        a, b = LinearModel(seed=seed), LinearModel(seed=seed)
        assert -SQRT3 <= a.weights[0] <= SQRT3
        assert a.bias == 0.0
        np.testing.assert_array_equal(a.weights, b.weights)

    def test_different_seeds_give_different_weights(self):
        weights = {float(LinearModel(seed=s).weights[0]) for s in range(20)}
        assert len(weights) == 20

    def test_predict_is_x_times_w_plus_b(self):
        model = LinearModel(seed=0).set_params([2.0, 1.0])
        np.testing.assert_array_equal(model.predict([1.0, 2.0, -3.0]), [3.0, 5.0, -5.0])
        np.testing.assert_array_equal(model.predict([[1.0], [2.0]]), [3.0, 5.0])

    def test_predict_with_several_features(self):
        model = LinearModel(3, seed=0).set_params([1.0, -2.0, 0.5, 10.0])
        x = np.array([[1.0, 1.0, 2.0], [0.0, 3.0, -4.0]])
        np.testing.assert_allclose(model.predict(x), [1 - 2 + 1 + 10, 0 - 6 - 2 + 10])
        assert model.predict(x).shape == (2,)

    def test_params_round_trip(self):
        model = LinearModel(2, seed=0).set_params([1.5, -0.5, 3.0])
        np.testing.assert_array_equal(model.get_params(), [1.5, -0.5, 3.0])
        other = LinearModel(2, seed=9).set_params([7.0, 8.0, 9.0])
        np.testing.assert_array_equal(other.weights, [7.0, 8.0])
        assert other.bias == 9.0
        assert isinstance(other.bias, float)

    def test_set_params_copies_its_input(self):
        params = np.array([1.0, 0.0])
        model = LinearModel(seed=0).set_params(params)
        params[0] = 99.0
        assert model.weights[0] == 1.0

    def test_copy_is_independent(self):
        model = LinearModel(seed=3).set_params([2.0, -1.0])
        twin = model.copy()
        np.testing.assert_array_equal(twin.get_params(), model.get_params())
        twin.set_params([5.0, 5.0])
        np.testing.assert_array_equal(model.get_params(), [2.0, -1.0])

    def test_repr_is_short_and_readable(self):
        model = LinearModel(seed=0).set_params([1 / 3, 2 / 3])
        assert repr(model) == "LinearModel(weights=[0.3333], bias=0.6667)"
