"""The data: the original's data set, other ranges, standardization, splits, mini-batches, polynomials."""

from __future__ import annotations

import numpy as np
import pytest

from sgd_lib import (
    Standardizer,
    batch_indices,
    iterate_minibatches,
    make_data,
    make_original_data,
    polynomial_features,
    standardize,
    train_test_split,
)


class TestMakeData:
    def test_seed_data_is_1_to_99_squared(self):
        x, y = make_original_data()
        assert x.shape == y.shape == (99,)
        assert x.dtype == y.dtype == np.float64
        assert x[0] == 1.0 and x[-1] == 99.0  # tf.range(1, 100, 1) stops before 100
        np.testing.assert_array_equal(x, np.arange(1, 100))
        np.testing.assert_array_equal(y, np.arange(1, 100) ** 2)
        assert y.sum() == 328_350

    def test_other_range_and_function(self):
        x, y = make_data(0.0, 1.0, 0.25, np.sin)
        np.testing.assert_array_equal(x, [0.0, 0.25, 0.5, 0.75])
        np.testing.assert_allclose(y, np.sin([0.0, 0.25, 0.5, 0.75]), rtol=1e-15)

    def test_negative_start_and_lambda(self):
        x, y = make_data(-3, 3, func=lambda v: 2 * v + 1)
        np.testing.assert_array_equal(x, [-3, -2, -1, 0, 1, 2])
        np.testing.assert_array_equal(y, [-5, -3, -1, 1, 3, 5])

    def test_default_is_the_seed(self):
        for a, b in zip(make_data(), make_original_data()):
            np.testing.assert_array_equal(a, b)


class TestStandardizer:
    def test_fitted_values_by_hand(self):
        s = Standardizer().fit([1.0, 2.0, 3.0])
        assert s.mean == 2.0
        assert s.scale == pytest.approx(np.sqrt(2.0 / 3.0), rel=1e-15)  # population standard deviation
        np.testing.assert_allclose(s.transform([2.0, 3.0]), [0.0, np.sqrt(1.5)], rtol=1e-15)
        np.testing.assert_array_equal(s.inverse_transform(s.transform([3.0])), [3.0])

    def test_round_trip_and_moments_1d(self, original_data):
        _, y = original_data
        s = Standardizer()
        z = s.fit_transform(y)
        assert z.shape == (99,)
        assert z.mean() == pytest.approx(0.0, abs=1e-15)
        assert z.std() == pytest.approx(1.0, rel=1e-14)
        # Round-off is relative to the data's magnitude, not to each value.
        np.testing.assert_allclose(s.inverse_transform(z), y, rtol=0, atol=1e-14 * np.abs(y).max())

    def test_round_trip_and_moments_2d_by_column(self):
        rng = np.random.default_rng(0)
        values = rng.normal(size=(50, 3)) * [1.0, 1e4, 1e-3] + [5.0, -2e5, 0.0]
        s = Standardizer().fit(values)
        z = s.transform(values)
        assert z.shape == (50, 3)
        np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=1e-14)
        np.testing.assert_allclose(z.std(axis=0), 1.0, rtol=1e-13)
        magnitude = np.abs(values).max(axis=0)
        assert np.all(np.abs(s.inverse_transform(z) - values) <= 1e-14 * magnitude)
        np.testing.assert_allclose(s.mean, values.mean(axis=0), rtol=1e-14)
        np.testing.assert_allclose(s.scale, values.std(axis=0), rtol=1e-14)

    @pytest.mark.parametrize("value", [0.0, 0.1, 1 / 3, 7.7, 123.456, 1e6 + 0.1])
    def test_constant_column_gets_scale_1(self, value):
        # The std of [0.1] * 3 in floating point is ~1e-17, not 0: it must not blow up to +-1.
        values = np.column_stack([np.arange(7.0), np.full(7, value)])
        s = Standardizer().fit(values)
        assert s.scale[1] == 1.0
        z = s.transform(values)
        np.testing.assert_allclose(z[:, 1], 0.0, atol=1e-9)
        np.testing.assert_allclose(s.inverse_transform(z), values, rtol=1e-15)
        assert Standardizer().fit(np.full(3, value)).scale == 1.0

    def test_standardize_seed_data(self, original_data):
        x, y = original_data
        xs, ys, x_scaler, y_scaler = standardize(x, y)
        assert xs.shape == ys.shape == (99,)
        assert x_scaler.mean == 50.0
        assert x_scaler.scale == pytest.approx(np.sqrt((99**2 - 1) / 12), rel=1e-14)  # std of 1..99
        assert y_scaler.mean == pytest.approx(328_350 / 99, rel=1e-15)
        np.testing.assert_allclose(x_scaler.inverse_transform(xs), x, rtol=0, atol=1e-13)
        np.testing.assert_allclose(y_scaler.inverse_transform(ys), y, rtol=0, atol=1e-14 * 9801)
        for v in (xs, ys):
            assert v.mean() == pytest.approx(0.0, abs=1e-15) and v.std() == pytest.approx(1.0, rel=1e-14)

    def test_standardize_keeps_2d_inputs(self):
        x = np.arange(20.0).reshape(10, 2) ** 2
        xs, ys, x_scaler, _ = standardize(x, np.arange(10.0))
        assert xs.shape == (10, 2) and ys.shape == (10,)
        np.testing.assert_allclose(xs.std(axis=0), 1.0, rtol=1e-14)
        np.testing.assert_allclose(x_scaler.inverse_transform(xs), x, rtol=0, atol=1e-14 * 361)

    def test_new_values_use_the_training_statistics(self):
        s = Standardizer().fit([0.0, 10.0])  # mean 5, scale 5
        np.testing.assert_array_equal(s.transform([20.0, -5.0]), [3.0, -2.0])

    def test_column_count_must_match_the_fit(self):
        with pytest.raises(ValueError, match="values has 2 column"):
            Standardizer().fit([1.0, 2.0, 3.0]).transform(np.ones((4, 2)))
        with pytest.raises(ValueError, match="fitted on 3"):
            Standardizer().fit(np.eye(3)).inverse_transform(np.ones((2, 2)))


class TestTrainTestSplit:
    def test_sizes_disjoint_and_covering(self, original_data):
        x, y = original_data
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, seed=0)
        assert len(x_test) == len(y_test) == 20  # round(99 * 0.2)
        assert len(x_train) == len(y_train) == 79
        assert not set(x_train) & set(x_test)
        np.testing.assert_array_equal(np.sort(np.concatenate([x_train, x_test])), x)
        # Pairs stay together.
        np.testing.assert_array_equal(y_train, x_train**2)
        np.testing.assert_array_equal(y_test, x_test**2)

    def test_is_seeded(self, original_data):
        x, y = original_data
        a, b = train_test_split(x, y, seed=3), train_test_split(x, y, seed=3)
        for u, v in zip(a, b):
            np.testing.assert_array_equal(u, v)
        c = train_test_split(x, y, seed=4)
        assert not np.array_equal(a[1], c[1])

    def test_is_the_seeded_permutation(self, original_data):
        x, y = original_data
        order = np.random.default_rng(5).permutation(99)
        _, x_test, _, _ = train_test_split(x, y, test_size=0.1, seed=5)
        np.testing.assert_array_equal(x_test, x[order[:10]])

    def test_keeps_2d_inputs(self):
        x = np.arange(20.0).reshape(10, 2)
        x_train, x_test, y_train, y_test = train_test_split(x, x[:, 0] + x[:, 1], test_size=0.3)
        assert x_train.shape == (7, 2) and x_test.shape == (3, 2)
        np.testing.assert_array_equal(y_test, x_test.sum(axis=1))


class TestMiniBatches:
    def test_batch_indices_sizes_and_cover(self):
        batches = batch_indices(99, 32, shuffle=True, seed=np.random.default_rng(0))
        assert [len(b) for b in batches] == [32, 32, 32, 3]
        np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(99))

    def test_batch_indices_without_shuffle(self):
        batches = batch_indices(7, 3, shuffle=False)
        assert [b.tolist() for b in batches] == [[0, 1, 2], [3, 4, 5], [6]]

    def test_batch_indices_one_batch_when_large(self):
        batches = batch_indices(5, 100, shuffle=True, seed=np.random.default_rng(1))
        assert len(batches) == 1 and sorted(batches[0].tolist()) == [0, 1, 2, 3, 4]

    @pytest.mark.parametrize("batch_size", [1, 7, 32, 99, 150])
    def test_iterate_minibatches_covers_each_sample_once(self, original_data, batch_size):
        x, y = original_data
        pairs = list(iterate_minibatches(x, y, batch_size=batch_size, seed=0))
        sizes = [len(yb) for _, yb in pairs]
        expected = [batch_size] * (99 // batch_size) + ([99 % batch_size] if 99 % batch_size else [])
        if batch_size >= 99:
            expected = [99]
        assert sizes == expected
        xs = np.concatenate([xb[:, 0] for xb, _ in pairs])
        np.testing.assert_array_equal(np.sort(xs), x)
        for xb, yb in pairs:
            assert xb.ndim == 2 and xb.shape[1] == 1
            np.testing.assert_array_equal(yb, xb[:, 0] ** 2)

    def test_iterate_minibatches_is_seeded_and_shuffles(self, original_data):
        x, y = original_data
        first = [yb for _, yb in iterate_minibatches(x, y, 32, seed=1)]
        again = [yb for _, yb in iterate_minibatches(x, y, 32, seed=1)]
        other = [yb for _, yb in iterate_minibatches(x, y, 32, seed=2)]
        assert all(np.array_equal(a, b) for a, b in zip(first, again))
        assert not np.array_equal(first[0], other[0])
        assert not np.array_equal(first[0], y[:32])  # shuffled
        ordered = [yb for _, yb in iterate_minibatches(x, y, 32, shuffle=False)]
        np.testing.assert_array_equal(ordered[0], y[:32])


class TestPolynomialFeatures:
    def test_columns_are_powers(self):
        p = polynomial_features([1.0, 2.0, 3.0], degree=3)
        np.testing.assert_array_equal(p, [[1, 1, 1], [2, 4, 8], [3, 9, 27]])

    def test_degree_1_and_column_input(self):
        np.testing.assert_array_equal(polynomial_features([[2.0], [-1.0]], degree=1), [[2.0], [-1.0]])
        assert polynomial_features(np.arange(99.0)).shape == (99, 2)  # default degree 2
