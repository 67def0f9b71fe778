"""The cost function: mean squared error, its gradient and the loss-surface grid."""

from __future__ import annotations

import numpy as np
import pytest

from sgd_lib import least_squares, mean_squared_error, mse_at, mse_gradient
from sgd_lib.losses import mse_grid, mse_loss_and_gradient, mse_rows


def mse_of(x: np.ndarray, y: np.ndarray):
    """The MSE as a function of the flat parameters ``[w_1, ..., w_d, b]``."""
    features = x.reshape(len(y), -1)

    def loss(theta: np.ndarray) -> float:
        error = features @ theta[:-1] + theta[-1] - y
        return float(np.mean(error**2))

    return loss


def steps_and_scale(x: np.ndarray, y: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Finite-difference steps and gradient scales, per coordinate, for data of any units.

    The MSE is quadratic, so central differences are exact up to rounding, which is about
    eps * L / h. With h_i = 1e-3 sqrt(L) / rms(A_i) (A = [x, 1]) that rounding is ~1e-13 of
    the natural gradient scale 2 sqrt(L) rms(A_i), a bound on |dL/dtheta_i| (Cauchy-Schwarz).
    """
    design = np.hstack([x.reshape(len(y), -1), np.ones((len(y), 1))])
    rms = np.sqrt(np.mean(design**2, axis=0))
    root_loss = np.sqrt(mse_of(x, y)(theta))
    return 1e-3 * root_loss / rms, 2.0 * root_loss * rms


def check_gradient_against_differences(x, y, theta, finite_differences) -> None:
    grad_w, grad_b = mse_gradient(x, y, theta[:-1], theta[-1])
    analytic = np.append(grad_w, grad_b)
    steps, scale = steps_and_scale(x, y, theta)
    numeric = finite_differences(mse_of(x, y), theta, steps)
    np.testing.assert_allclose(analytic, numeric, rtol=0, atol=1e-8 * scale.max())
    np.testing.assert_array_less(np.abs(analytic - numeric), 1e-8 * scale)


class TestMeanSquaredError:
    def test_hand_values(self):
        assert mean_squared_error([1.0, 2.0, 3.0], [1.0, 3.0, 5.0]) == pytest.approx(5.0 / 3.0, rel=1e-15)
        assert mean_squared_error([2.0], [-1.0]) == 9.0
        assert mean_squared_error([1, 2, 3], [1, 2, 3]) == 0.0

    def test_is_symmetric_and_accepts_columns(self):
        a, b = np.array([0.5, -1.0, 4.0]), np.array([1.5, 2.0, 0.0])
        assert mean_squared_error(a, b) == mean_squared_error(b, a) == pytest.approx((1 + 9 + 16) / 3)
        assert mean_squared_error(a.reshape(-1, 1), b) == mean_squared_error(a, b)

    def test_seed_model_at_initialization(self, original_data):
        x, y = original_data
        # w = 1, b = 0 predicts x; sum over x = 1..99 of (x - x^2)^2 is 57,625,960 * 33, exactly.
        assert mean_squared_error(y, x) == pytest.approx(57_625_960 / 3, rel=1e-14)

    def test_returns_python_float(self):
        assert type(mean_squared_error([1.0, 2.0], [2.0, 2.0])) is float


class TestGradient:
    def test_hand_values_one_feature(self):
        # x = [1, 2], y = [1, 3], w = 2, b = 0: predictions [2, 4], errors [1, 1]
        # dL/dw = (2/2) * (1*1 + 2*1) = 3, dL/db = (2/2) * (1 + 1) = 2
        grad_w, grad_b = mse_gradient([1.0, 2.0], [1.0, 3.0], [2.0], 0.0)
        np.testing.assert_array_equal(grad_w, [3.0])
        assert grad_b == 2.0

    def test_hand_values_two_features(self):
        # x = [[1, 0], [0, 2], [1, 1]], w = [1, -1], b = 0.5, y = [0, 0, 0]
        # predictions [1.5, -1.5, 0.5]; dL/dw = (2/3) x^T e = (2/3) [2, -2.5]; dL/db = (2/3) * 0.5
        x = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
        grad_w, grad_b = mse_gradient(x, [0.0, 0.0, 0.0], [1.0, -1.0], 0.5)
        np.testing.assert_allclose(grad_w, [4.0 / 3.0, -5.0 / 3.0], rtol=1e-15)
        assert grad_b == pytest.approx(1.0 / 3.0, rel=1e-15)

    @pytest.mark.parametrize("theta", [(0.4744, 0.0), (1.0, 0.0), (100.0, -1683.0), (-3.0, 250.0)])
    def test_matches_finite_differences_on_seed_data(self, original_data, finite_differences, theta):
        x, y = original_data
        check_gradient_against_differences(x, y, np.array(theta), finite_differences)

    @pytest.mark.parametrize("theta", [(0.0, 0.0), (0.4744, 0.0), (2.0, -1.0)])
    def test_matches_finite_differences_on_standardized_data(self, std_data, finite_differences, theta):
        x, y = std_data
        check_gradient_against_differences(x, y, np.array(theta), finite_differences)

    @pytest.mark.parametrize("n_features", [1, 2, 3, 5])
    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_matches_finite_differences_on_random_data(self, finite_differences, n_features, seed):
        rng = np.random.default_rng(seed)
        n = 7 + 5 * seed
        x = rng.normal(0.0, 1.0, (n, n_features)) * 10.0 ** rng.uniform(-2, 3, n_features)
        y = rng.normal(0.0, 50.0, n)
        theta = rng.normal(0.0, 3.0, n_features + 1)
        check_gradient_against_differences(x, y, theta, finite_differences)

    def test_is_zero_at_least_squares(self, original_data):
        x, y = original_data
        w, b = least_squares(x, y)
        grad_w, grad_b = mse_gradient(x, y, w, b)
        # Relative to the gradient at w = 1, b = 0 (about 1e6), the optimum's gradient is rounding noise.
        scale = np.abs(np.append(*mse_gradient(x, y, [1.0], 0.0))).max()
        assert scale > 1e5
        assert np.abs(np.append(grad_w, grad_b)).max() < 1e-10 * scale

    def test_shapes_and_types(self):
        x = np.arange(12.0).reshape(4, 3)
        grad_w, grad_b = mse_gradient(x, np.ones(4), np.zeros(3), 0.0)
        assert grad_w.shape == (3,)
        assert isinstance(grad_b, float)
        grad_w, _ = mse_gradient([1.0, 2.0], [1.0, 2.0], 1.0, 0.0)  # scalar weight for one feature
        assert grad_w.shape == (1,)
        np.testing.assert_array_equal(grad_w, [0.0])

    def test_loss_and_gradient_agree_with_separate_functions(self, original_data):
        x, y = original_data
        features = x.reshape(-1, 1)
        loss, grad_w, grad_b = mse_loss_and_gradient(features, y, np.array([3.0]), -5.0)
        assert loss == pytest.approx(mean_squared_error(y, 3.0 * x - 5.0), rel=1e-14)
        ref_w, ref_b = mse_gradient(x, y, [3.0], -5.0)
        np.testing.assert_allclose(grad_w, ref_w, rtol=1e-14)
        assert grad_b == pytest.approx(ref_b, rel=1e-14)


class TestLossGrid:
    def test_matches_pointwise_mse(self, original_data):
        x, y = original_data
        w_values = np.linspace(-50.0, 150.0, 7)
        b_values = np.linspace(-3000.0, 1000.0, 5)
        grid = mse_grid(x, y, w_values, b_values)
        assert grid.shape == (5, 7)
        for i, b in enumerate(b_values):
            for j, w in enumerate(w_values):
                assert grid[i, j] == pytest.approx(mean_squared_error(y, w * x + b), rel=1e-9)

    def test_minimum_is_the_least_squares_loss(self, std_data):
        x, y = std_data
        (w,), b = least_squares(x, y)
        grid = mse_grid(x, y, [w - 0.1, w, w + 0.1], [b - 0.1, b, b + 0.1])
        assert grid.argmin() == 4  # the centre of the 3 x 3 grid
        # On standardized data the surface is (w - w*)^2 + (b - b*)^2 + floor.
        assert grid[1, 1] == pytest.approx(0.0613090358, rel=1e-8)
        assert grid[0, 0] == pytest.approx(grid[1, 1] + 0.02, rel=1e-9)


class TestMseAt:
    def test_matches_the_mse_of_the_predictions(self, std_data):
        xs, ys = std_data
        for w, b in [(0.5, 0.0), (-1.2, 0.7), (0.9689, 0.0)]:
            assert mse_at(xs, ys, [w, b]) == pytest.approx(mean_squared_error(ys, w * xs + b), rel=1e-12)

    def test_one_loss_per_row_of_a_path(self, std_data):
        xs, ys = std_data
        path = np.array([[0.5, 0.0], [1.0, 0.1], [-2.0, 3.0]])
        expected = [mean_squared_error(ys, w * xs + b) for w, b in path]
        np.testing.assert_allclose(mse_at(xs, ys, path), expected, rtol=1e-12)

    def test_several_features(self):
        rng = np.random.default_rng(0)
        x, y, theta = rng.normal(size=(20, 3)), rng.normal(size=20), rng.normal(size=4)
        assert mse_at(x, y, theta) == pytest.approx(np.mean((x @ theta[:-1] + theta[-1] - y) ** 2), rel=1e-12)

    def test_a_parameter_vector_of_the_wrong_length_is_named(self, std_data):
        with pytest.raises(ValueError, match=r"params must have shape \(2,\)"):
            mse_at(*std_data, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("n, d", [(1, 1), (99, 1), (5000, 16), (5001, 17), (4, 9000)])
def test_mse_rows_equals_the_plain_formula(n, d):
    rng = np.random.default_rng(1)
    x, y, theta = rng.standard_normal((n, d)), rng.standard_normal(n), rng.standard_normal(d + 1)
    plain = float(np.mean((x @ theta[:-1] + theta[-1] - y) ** 2))
    assert mse_rows(x, y, theta[np.newaxis])[0] == pytest.approx(plain, rel=1e-13)
