"""Evaluation: metrics, the least-squares reference, the Hessian and the stability limit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sgd_lib import (
    condition_number,
    hessian_eigenvalues,
    least_squares,
    mean_absolute_error,
    mean_squared_error,
    mse_hessian,
    polynomial_features,
    prediction_table,
    r2_score,
    regression_metrics,
    root_mean_squared_error,
    stability_limit,
)

# y_true = [1, 2, 3, 4], y_pred = [1, 3, 2, 6]: errors [0, 1, -1, 2]
# MSE = 6/4, RMSE = sqrt(1.5), MAE = 4/4, SS_tot = 2.25 + 0.25 + 0.25 + 2.25 = 5, R^2 = 1 - 6/5
Y_TRUE, Y_PRED = [1.0, 2.0, 3.0, 4.0], [1.0, 3.0, 2.0, 6.0]


def independent_eigenvalues(x: np.ndarray) -> np.ndarray:
    design = np.column_stack([x, np.ones_like(x)])
    return np.linalg.eigvalsh((2.0 / len(x)) * design.T @ design)


class TestMetrics:
    def test_hand_values(self):
        assert mean_squared_error(Y_TRUE, Y_PRED) == 1.5
        assert root_mean_squared_error(Y_TRUE, Y_PRED) == pytest.approx(math.sqrt(1.5), rel=1e-15)
        assert mean_absolute_error(Y_TRUE, Y_PRED) == 1.0
        assert r2_score(Y_TRUE, Y_PRED) == pytest.approx(-0.2, rel=1e-14)  # worse than predicting the mean

    def test_regression_metrics_collects_them(self):
        metrics = regression_metrics(Y_TRUE, Y_PRED)
        assert set(metrics) == {"mse", "rmse", "mae", "r2"}
        assert metrics["mse"] == 1.5 and metrics["mae"] == 1.0
        assert metrics["rmse"] == pytest.approx(math.sqrt(1.5)) and metrics["r2"] == pytest.approx(-0.2)

    def test_perfect_and_mean_predictions(self):
        y = np.array([3.0, -1.0, 4.0, 1.5])
        assert r2_score(y, y) == 1.0
        assert mean_absolute_error(y, y) == 0.0 == root_mean_squared_error(y, y)
        assert r2_score(y, np.full(4, y.mean())) == pytest.approx(0.0, abs=1e-15)

    def test_mae_is_absolute(self):
        assert mean_absolute_error([0.0, 0.0], [-3.0, 1.0]) == 2.0


class TestLeastSquares:
    def test_seed_data_best_line(self, original_data):
        x, y = original_data
        (w,), b = least_squares(x, y)
        # Over x = 1..99: w = cov(x, x^2) / var(x) = 2 mean(x) = 100, b = mean(x^2) - 100 * 50 = -5050/3.
        assert w == pytest.approx(100.0, rel=1e-12)
        assert b == pytest.approx(-5050.0 / 3.0, rel=1e-12)
        assert b == pytest.approx(-1683.33, abs=0.005)
        prediction = w * x + b
        assert mean_squared_error(y, prediction) == pytest.approx(533_392.2222, rel=1e-9)
        assert r2_score(y, prediction) == pytest.approx(0.9387, abs=5e-5)
        assert r2_score(y, prediction) == pytest.approx(0.938690964, rel=1e-8)

    def test_no_other_line_does_better(self, original_data):
        x, y = original_data
        (w,), b = least_squares(x, y)
        best = mean_squared_error(y, w * x + b)
        for dw, db in [(0.01, 0), (-0.01, 0), (0, 1.0), (0, -1.0), (0.01, -0.5)]:
            assert mean_squared_error(y, (w + dw) * x + b + db) > best

    def test_recovers_exact_coefficients(self):
        rng = np.random.default_rng(1)
        x = rng.normal(size=(30, 3))
        y = x @ np.array([2.0, -1.0, 0.25]) + 7.0
        w, b = least_squares(x, y)
        np.testing.assert_allclose(w, [2.0, -1.0, 0.25], atol=1e-12)
        assert b == pytest.approx(7.0, abs=1e-12)

    def test_quadratic_features_fit_the_parabola(self, original_data):
        x, y = original_data
        w, b = least_squares(polynomial_features(x, 2), y)
        np.testing.assert_allclose(w, [0.0, 1.0], atol=1e-9)
        assert b == pytest.approx(0.0, abs=1e-7)


class TestHessianAndStabilityLimit:
    def test_seed_hessian_by_hand(self, original_data):
        x, _ = original_data
        # (2/99) [[sum x^2, sum x], [sum x, 99]], sum x = 4950, sum x^2 = 328350
        expected = (2.0 / 99.0) * np.array([[328_350.0, 4_950.0], [4_950.0, 99.0]])
        np.testing.assert_allclose(mse_hessian(x), expected, rtol=1e-14)

    def test_seed_stability_limit_and_condition_number(self, original_data):
        x, _ = original_data
        eigenvalues = independent_eigenvalues(x)
        np.testing.assert_allclose(hessian_eigenvalues(x), eigenvalues, rtol=1e-12)
        assert eigenvalues[0] == pytest.approx(0.49235, rel=1e-4)
        assert eigenvalues[1] == pytest.approx(6634.84, rel=1e-5)
        assert stability_limit(x) == pytest.approx(2.0 / eigenvalues[1], rel=1e-12)
        assert stability_limit(x) == pytest.approx(3.0e-4, rel=0.01)
        assert 0.1 / stability_limit(x) == pytest.approx(332, rel=0.01)  # the original's 0.1 is ~330x too big
        assert condition_number(x) == pytest.approx(eigenvalues[1] / eigenvalues[0], rel=1e-12)
        assert condition_number(x) == pytest.approx(13_500, rel=0.01)
        assert condition_number(x) == pytest.approx(13_475.85, rel=1e-6)

    def test_standardized_data_is_a_round_bowl(self, std_data):
        x, _ = std_data
        np.testing.assert_allclose(hessian_eigenvalues(x), [2.0, 2.0], rtol=1e-12)
        np.testing.assert_allclose(independent_eigenvalues(x), [2.0, 2.0], rtol=1e-12)
        np.testing.assert_allclose(mse_hessian(x), 2.0 * np.eye(2), atol=1e-12)
        assert stability_limit(x) == pytest.approx(1.0, rel=1e-12)
        assert condition_number(x) == pytest.approx(1.0, rel=1e-12)

    def test_hessian_with_several_features(self):
        x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]])
        design = np.column_stack([x, np.ones(4)])
        np.testing.assert_allclose(mse_hessian(x), 0.5 * design.T @ design, rtol=1e-15)
        assert mse_hessian(x).shape == (3, 3)
        values = hessian_eigenvalues(x)
        assert np.all(np.diff(values) >= 0)  # smallest first

    def test_flat_direction_gives_infinite_condition_number(self):
        assert condition_number(np.zeros(5)) == math.inf


class TestPredictionTable:
    def test_shape_and_content(self):
        table = prediction_table([1.0, 2.0, 10.0], [1.0, 4.0, 100.0], [2.5, 3.25, 90.0])
        lines = table.split("\n")
        assert len(lines) == 4
        assert lines[0].split() == ["x", "predicted", "actual", "error"]
        assert lines[1].split() == ["1", "2.5", "1.0", "1.5"]
        assert lines[2].split() == ["2", "3.2", "4.0", "-0.8"]  # 3.25 rounds half to even
        assert lines[3].split() == ["10", "90.0", "100.0", "-10.0"]
        assert len({len(line) for line in lines}) == 1  # aligned columns

    def test_digits(self):
        table = prediction_table([0.5], [1.0], [1.23456], digits=3)
        assert table.split("\n")[1].split() == ["0.5", "1.235", "1.000", "0.235"]

    def test_one_row_per_sample_on_seed_data(self, original_data):
        x, y = original_data
        (w,), b = least_squares(x, y)
        lines = prediction_table(x, y, w * x + b).split("\n")
        assert len(lines) == 100
        assert lines[1].split() == ["1", "-1583.3", "1.0", "-1584.3"]
        assert lines[-1].split() == ["99", "8216.7", "9801.0", "-1584.3"]

    def test_two_dimensional_input_uses_first_column(self):
        table = prediction_table(np.array([[3.0, 9.0]]), [9.0], [8.0])
        assert table.split("\n")[1].split() == ["3", "8.0", "9.0", "-1.0"]


def test_least_squares_floor_is_the_lowest_mse_of_any_line(std_data):
    from sgd_lib import least_squares_floor, mse_at

    xs, ys = std_data
    floor = least_squares_floor(xs, ys)
    w, b = least_squares(xs, ys)
    assert floor == pytest.approx(mse_at(xs, ys, [w[0], b]), rel=1e-15)
    assert floor == pytest.approx(1 - np.corrcoef(xs, ys)[0, 1] ** 2, rel=1e-12)  # standardized: 1 - r^2
    rng = np.random.default_rng(0)
    for step in rng.normal(scale=0.01, size=(20, 2)):
        assert mse_at(xs, ys, [w[0] + step[0], b + step[1]]) > floor
