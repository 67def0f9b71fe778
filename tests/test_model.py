"""The model: a dense layer with one output unit, Glorot-normal weights (as TF.js draws them) and a zero bias."""

from __future__ import annotations

import numpy as np
import pytest

from sgd_lib import LinearModel, glorot_normal, glorot_std

# The variance of a standard normal cut at +-2 (and drawn again beyond): 1 - 4 phi(2) / (Phi(2) - Phi(-2)).
PHI2 = np.exp(-2.0) / np.sqrt(2 * np.pi)
TRUNCATED_VARIANCE = 1 - 4 * PHI2 / 0.9544997361036416


class TestGlorotNormal:
    def test_one_input_draws_a_normal_cut_at_two(self):
        draws = np.array([glorot_normal(1, 1, seed=s)[0] for s in range(3000)])
        assert glorot_std(1, 1) == 1.0
        assert np.all(np.abs(draws) <= 2.0)
        # The whole range is used, with the spread of a truncated normal (not of a uniform, 1, or a full normal, 1).
        assert draws.max() > 1.95 and draws.min() < -1.95
        assert np.mean(draws**2) == pytest.approx(TRUNCATED_VARIANCE, abs=0.04)
        assert np.mean(np.abs(draws) < 1.0) == pytest.approx(0.6827 / 0.9545, abs=0.03)

    def test_std_depends_on_fan_in_and_fan_out(self):
        std = np.sqrt(2.0 / (4 + 3))
        assert glorot_std(4, 3) == pytest.approx(std)
        draws = np.concatenate([glorot_normal(4, 3, seed=s) for s in range(500)])
        assert draws.shape == (2000,)
        assert np.all(np.abs(draws) <= 2 * std)
        assert np.std(draws) == pytest.approx(std * np.sqrt(TRUNCATED_VARIANCE), rel=0.05)

    def test_is_numpys_normal_with_that_seed_redrawn_beyond_two(self):
        expected = np.random.default_rng(7).standard_normal(3)
        assert np.all(np.abs(expected) <= 2)
        np.testing.assert_allclose(glorot_normal(3, 3, seed=7), expected * np.sqrt(2 / 6), rtol=1e-15)
        rng = np.random.default_rng(0)
        first = rng.standard_normal(1000)
        far = np.abs(first) > 2
        first[far] = rng.standard_normal(int(far.sum()))  # one round of redraws, as glorot_normal does
        assert np.all(np.abs(first) <= 2), "this seed needs one round only"
        np.testing.assert_allclose(glorot_normal(1000, 1000, seed=0), first * np.sqrt(2 / 2000), rtol=1e-15)

    def test_same_seed_same_draw_and_different_seed_different_draw(self):
        np.testing.assert_array_equal(glorot_normal(3, seed=5), glorot_normal(3, seed=5))
        assert not np.array_equal(glorot_normal(3, seed=5), glorot_normal(3, seed=6))


class TestLinearModel:
    def test_seed_0_initial_parameters(self):
        model = LinearModel(seed=0)
        assert model.n_features == 1
        assert model.weights.shape == (1,)
        assert model.weights[0] == pytest.approx(0.1257302, abs=1e-7)
        assert model.bias == 0.0

    @pytest.mark.parametrize("seed", [0, 1, 2, 3, 42, 2026])
    def test_initialization_in_glorot_range_bias_zero_reproducible(self, seed):
        a, b = LinearModel(seed=seed), LinearModel(seed=seed)
        assert -2.0 <= a.weights[0] <= 2.0
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
