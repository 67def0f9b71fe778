"""Training: convergence to the closed-form optimum, the stability limit, divergence reports,
determinism, the TF.js/Keras epoch-loss semantics, History, validation and callbacks."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from sgd_lib import (
    SGD,
    DivergenceWarning,
    ExponentialDecay,
    History,
    InverseTimeDecay,
    LinearModel,
    Standardizer,
    TrainingDiverged,
    batch_indices,
    fit,
    least_squares,
    make_original_data,
    mean_squared_error,
    mse_at,
    mse_hessian,
    polynomial_features,
    r2_score,
    stability_limit,
    standardize,
)

FLOOR = 0.0613090358  # least-squares MSE of the standardized data of the original


def ls_params(x, y) -> np.ndarray:
    return np.append(*least_squares(x, y))


def full_loss(x, y, theta) -> float:
    features = np.reshape(x, (len(y), -1))
    return float(np.mean((features @ theta[:-1] + theta[-1] - y) ** 2))


def predicted_excess(x, theta0, theta_star, lr, steps) -> np.ndarray:
    """Excess loss L(theta_k) - L* of full-batch gradient descent, from the eigen-decomposition.

    With H = (2/n) A^T A = Q diag(lambda) Q^T and c = Q^T (theta0 - theta*), gradient descent
    multiplies c_i by (1 - lr lambda_i) each step, and L - L* = sum_i lambda_i c_i^2 / 2.
    """
    design = np.hstack([np.reshape(x, (len(x), -1)), np.ones((len(x), 1))])
    lam, q = np.linalg.eigh(2.0 / len(x) * design.T @ design)
    c = q.T @ (theta0 - theta_star)
    k = np.arange(steps)[:, None]
    return ((1.0 - lr * lam) ** (2 * k) * lam * c**2 / 2.0).sum(axis=1)


class TestConvergence:
    def test_full_batch_reaches_least_squares(self, std_data):
        x, y = std_data
        model = LinearModel(seed=0)
        history = fit(model, x, y, 0.1, epochs=300, batch_size=99, shuffle=True)
        # Both Hessian eigenvalues are 2, so the error shrinks by |1 - 0.1 * 2| = 0.8 per epoch.
        np.testing.assert_allclose(model.get_params(), ls_params(x, y), rtol=0, atol=1e-10)
        np.testing.assert_allclose(history.params[-1], model.get_params(), rtol=0, atol=0)
        assert history.final_loss == pytest.approx(FLOOR, rel=1e-9)
        assert not history.diverged

    def test_full_batch_shuffle_is_irrelevant(self, std_data):
        x, y = std_data
        a = fit(LinearModel(seed=0), x, y, 0.1, epochs=20, batch_size=99, shuffle=True, seed=1)
        b = fit(LinearModel(seed=0), x, y, 0.1, epochs=20, batch_size=99, shuffle=False)
        np.testing.assert_allclose(a.params, b.params, rtol=1e-10, atol=1e-12)

    @pytest.mark.parametrize("seed", range(5))
    def test_mini_batch_with_decaying_rate_gets_close(self, std_data, seed):
        # Measured over seeds 0..19 with 200 epochs of batch 32 (800 updates): the largest
        # distance to least squares was 0.0099 with lr = 0.1 / (1 + t/10), against 0.069 at a
        # constant 0.1 (the mini-batch noise floor). 0.015 leaves a 1.5x margin. Because the
        # Hessian is 2 I here, the excess loss is the squared distance: below 2.3e-4 (0.4 %).
        x, y = std_data
        target = ls_params(x, y)
        model = LinearModel(seed=seed)
        fit(model, x, y, SGD(InverseTimeDecay(0.1, rate=1.0, decay_steps=10)), epochs=200, batch_size=32, seed=seed)
        distance = np.abs(model.get_params() - target).max()
        assert distance < 0.015
        assert full_loss(x, y, model.get_params()) - full_loss(x, y, target) == pytest.approx(
            np.sum((model.get_params() - target) ** 2), rel=1e-6
        )

    def test_decaying_rate_beats_constant_rate(self, std_data):
        x, y = std_data
        target = ls_params(x, y)
        decayed, constant = [], []
        for seed in range(8):
            for optimizer, out in ((SGD(ExponentialDecay(0.1, rate=0.5, decay_steps=50)), decayed), (0.1, constant)):
                model = LinearModel(seed=seed)
                fit(model, x, y, optimizer, epochs=100, batch_size=32, seed=seed)
                out.append(np.abs(model.get_params() - target).max())
        # Measured: mean 0.0044 (decayed) against 0.030 (constant).
        assert np.mean(decayed) < 0.3 * np.mean(constant)
        assert max(decayed) < 0.015

    def test_seed_settings_on_standardized_data_reach_the_floor(self, std_data):
        # The original's settings (lr 0.1, batch 32, 100 epochs) after standardizing. TF.js ends at ~0.062.
        x, y = std_data
        model = LinearModel(seed=0)
        history = fit(model, x, y, 0.1, epochs=100, batch_size=32)
        assert len(history.loss) == 100
        assert history.final_loss == pytest.approx(FLOOR, rel=0.03)
        assert history.final_loss == pytest.approx(0.06228, rel=1e-3)  # measured
        assert full_loss(x, y, model.get_params()) == pytest.approx(FLOOR, rel=0.03)
        assert history.message == "Trained for 100 epoch(s): final loss 0.06228."

    @pytest.mark.parametrize("nesterov", [False, True])
    def test_full_batch_momentum_reaches_least_squares(self, std_data, nesterov):
        x, y = std_data
        model = LinearModel(seed=0)
        fit(model, x, y, SGD(0.1, momentum=0.5, nesterov=nesterov), epochs=300, batch_size=99)
        np.testing.assert_allclose(model.get_params(), ls_params(x, y), atol=1e-10)

    def test_polynomial_features_fit_the_parabola(self, original_data):
        x, y = original_data
        features = Standardizer().fit_transform(polynomial_features(x, 2))
        y_scaler = Standardizer().fit(y)
        model = LinearModel(2, seed=0)
        limit = stability_limit(features)
        assert limit == pytest.approx(0.50791, rel=1e-4)
        fit(model, features, y_scaler.transform(y), 0.9 * limit, epochs=1000, batch_size=99)
        prediction = y_scaler.inverse_transform(model.predict(features))
        np.testing.assert_allclose(prediction, y, rtol=0, atol=1e-6)
        assert r2_score(y, prediction) == pytest.approx(1.0, abs=1e-12)


class TestStabilityLimit:
    @pytest.mark.parametrize("data", ["raw", "standardized"])
    def test_just_below_the_limit_converges_as_predicted(self, data):
        x, y = make_original_data()
        if data == "standardized":
            x, y, _, _ = standardize(x, y)
        lr, epochs = 0.9 * stability_limit(x), 2000
        model = LinearModel(seed=0)
        theta0, theta_star = model.get_params(), ls_params(x, y)
        history = fit(model, x, y, lr, epochs=epochs, batch_size=len(y))
        assert not history.diverged and history.diverged_epoch is None
        loss = np.array(history.loss)
        floor = full_loss(x, y, theta_star)
        # Full batch: the logged epoch loss is the loss of the parameters at the start of the epoch.
        np.testing.assert_allclose(loss, [full_loss(x, y, p) for p in history.params[:-1]], rtol=1e-10)
        # The loss falls at every epoch and follows the eigen-decomposition prediction.
        assert np.all(np.diff(loss) <= 1e-12 * loss[0])
        excess = predicted_excess(x, theta0, theta_star, lr, epochs)
        np.testing.assert_allclose(loss - floor, excess, rtol=1e-6, atol=1e-12 * loss[0])
        if data == "raw":
            # The steep direction is gone after a few epochs; what remains decays along the flat
            # direction (lambda_min = 0.4924) by (1 - lr lambda_min)^2 per epoch: slowly.
            lam_min = np.linalg.eigvalsh(mse_hessian(x))[0]
            assert lam_min == pytest.approx(0.49235, rel=1e-4)
            ratio = (1 - lr * lam_min) ** (2 * 1000)
            assert 0.7 < ratio < 0.8
            assert (loss[-1] - floor) / (loss[999] - floor) == pytest.approx(ratio, rel=1e-3)
        else:
            np.testing.assert_allclose(history.params[-1], theta_star, atol=1e-12)

    @pytest.mark.parametrize("data", ["raw", "standardized"])
    def test_just_above_the_limit_diverges_and_is_reported(self, data):
        x, y = make_original_data()
        if data == "standardized":
            x, y, _, _ = standardize(x, y)
        lr = 1.1 * stability_limit(x)
        model = LinearModel(seed=0)
        theta0 = model.get_params()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            history = fit(model, x, y, lr, epochs=500, batch_size=len(y))
        assert history.diverged
        # The steepest direction's error grows by |1 - 1.1 * 2| = 1.2 per epoch, the loss by 1.44.
        loss = np.array(history.loss)
        np.testing.assert_allclose(loss[-6:] / loss[-7:-1], 1.44, rtol=1e-2)
        # Divergence is declared in the first epoch whose loss exceeds 1e8 x max(initial loss, var(y)).
        limit = 1e8 * max(full_loss(x, y, theta0), np.var(y))
        exploded = self._losses(x, y, theta0, lr) > limit
        assert exploded.any()
        expected_epoch = int(np.argmax(exploded))
        assert history.diverged_epoch == expected_epoch
        assert len(history.loss) == expected_epoch + 1
        assert np.all(loss[:-1] <= limit) and loss[-1] > limit
        assert history.params.shape == (expected_epoch + 2, 2)
        assert np.all(np.isfinite(history.params))
        np.testing.assert_array_equal(model.get_params(), history.params[-1])
        assert f"learning rate {lr:.3g}" in history.message
        assert f"epoch {expected_epoch}" in history.message
        assert f"{stability_limit(x):.3g}" in history.message

    @staticmethod
    def _losses(x, y, theta, lr, steps=500):
        """Full-batch gradient descent by hand: the loss before each update."""
        out = []
        design = np.hstack([x.reshape(-1, 1), np.ones((len(y), 1))])
        for _ in range(steps):
            error = design @ theta - y
            out.append(float(error @ error) / len(y))
            theta = theta - lr * (2.0 / len(y)) * design.T @ error
        return np.array(out)


class TestDivergenceReport:
    def test_seed_setting_on_raw_data_diverges_in_epoch_0_without_runtime_warnings(self, original_data):
        x, y = original_data
        model = LinearModel(seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            history = fit(model, x, y, 0.1, epochs=100)
        assert history.diverged is True
        assert history.diverged_epoch == 0
        assert len(history.loss) == 1 and history.epoch == [0]
        assert history.message.startswith("Training diverged in epoch 0:")
        assert "learning rate 0.1 " in history.message
        assert "0.000301" in history.message  # the stability limit
        assert history.message.count(".") >= 1 and "\n" not in history.message
        # the number it quotes is the batch loss that stopped training, not the epoch's logged loss
        replay = fit(LinearModel(seed=0), x, y, 0.1, epochs=100, record_batches=True)
        seen = 32 * len(replay.batch_loss) + 32  # batches of 32 before the one that stopped it, and that one
        stopped = (replay.loss[0] * seen - 32 * np.sum(replay.batch_loss)) / 32  # the logged loss averages it in
        assert f"a batch loss reached {stopped:.3g}, over 1e8 times the starting loss." in history.message
        assert f"{history.loss[0]:.3g}" not in history.message and "smaller batches" not in history.message
        assert np.all(np.isfinite(history.params)) and np.all(np.isfinite(model.get_params()))
        assert "diverged=True" in repr(history)

    @pytest.mark.parametrize("lr", [1e3, 1e10, 1e300])
    @pytest.mark.parametrize("momentum", [0.0, 0.9])
    @pytest.mark.parametrize("fast", [True, False])
    def test_absurd_learning_rates_are_reported_without_overflow_warnings(self, original_data, lr, momentum, fast):
        x, y = original_data
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            history = fit(LinearModel(seed=0), x, y, SGD(lr, momentum=momentum), epochs=20, batch_size=8, fast=fast)
        assert history.diverged and history.diverged_epoch == 0
        assert history.message.startswith("Training diverged in epoch 0: a batch loss ")
        assert f"learning rate {lr:.3g} " in history.message
        assert np.all(np.isfinite(history.params))

    def test_default_stop_does_not_warn(self, original_data):
        x, y = original_data
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit(LinearModel(seed=0), x, y, 0.1, epochs=5)
        assert caught == []

    def test_warn_gives_exactly_one_divergence_warning(self, original_data):
        x, y = original_data
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            history = fit(LinearModel(seed=0), x, y, 0.1, epochs=100, on_divergence="warn")
        assert len(caught) == 1
        assert caught[0].category is DivergenceWarning
        assert issubclass(DivergenceWarning, RuntimeWarning)
        assert str(caught[0].message) == history.message
        assert caught[0].filename == __file__  # attributed to the caller, not to the library

    def test_raise_raises_training_diverged(self, original_data):
        x, y = original_data
        with pytest.raises(TrainingDiverged, match=r"diverged in epoch 0: .*learning rate 0\.1 "):
            fit(LinearModel(seed=0), x, y, 0.1, epochs=100, on_divergence="raise")

    def test_callbacks_see_the_diverged_epoch(self, original_data):
        x, y = original_data
        seen = []
        history = fit(LinearModel(seed=0), x, y, 0.1, epochs=10, callbacks=[lambda e, logs: seen.append((e, logs))])
        assert seen == [(0, {"loss": history.loss[0]})]
        assert history.loss[0] > 1e15

    def test_convergent_run_is_not_flagged(self, std_data):
        x, y = std_data
        history = fit(LinearModel(seed=0), x, y, 0.1, epochs=3)
        assert history.diverged is False and history.diverged_epoch is None
        assert history.message.startswith("Trained for 3 epoch(s): final loss ")


class TestDeterminism:
    def _run(self, x, y, seed, **kwargs):
        return fit(
            LinearModel(seed=0),
            x,
            y,
            SGD(0.05, momentum=0.5),
            epochs=15,
            batch_size=16,
            seed=seed,
            validation_data=(x[::3], y[::3]),
            record_updates=True,
            **kwargs,
        )

    def test_same_seed_gives_bit_identical_history(self, std_data):
        x, y = std_data
        a, b = self._run(x, y, 3), self._run(x, y, 3)
        assert a.loss == b.loss
        assert a.val_loss == b.val_loss
        assert np.array_equal(a.params, b.params)
        assert np.array_equal(a.update_params, b.update_params)
        assert a.message == b.message

    def test_different_seed_gives_different_shuffles(self, std_data):
        x, y = std_data
        a, b = self._run(x, y, 3), self._run(x, y, 4)
        assert a.loss != b.loss
        assert not np.array_equal(a.params[1:], b.params[1:])
        np.testing.assert_array_equal(a.params[0], b.params[0])  # same model, same start

    def test_without_shuffle_the_seed_does_not_matter(self, std_data):
        x, y = std_data
        a, b = self._run(x, y, 3, shuffle=False), self._run(x, y, 4, shuffle=False)
        assert a.loss == b.loss
        assert np.array_equal(a.update_params, b.update_params)


class TestEpochLossSemantics:
    @staticmethod
    def by_hand(x, y, theta, lr, epochs, batch_size, seed):
        """fit's loop written out: one rng, one permutation per epoch, loss before each update."""
        rng = np.random.default_rng(seed)
        epoch_losses, batch_sizes, updates = [], [], [theta]
        for _ in range(epochs):
            batches = batch_indices(len(y), batch_size, shuffle=True, seed=rng)
            total = 0.0
            for index in batches:
                error = x[index] * theta[0] + theta[1] - y[index]
                total += np.mean(error**2) * len(index)
                theta = theta - lr * np.array([2 * np.mean(error * x[index]), 2 * np.mean(error)])
                updates.append(theta)
            batch_sizes.append([len(index) for index in batches])
            epoch_losses.append(total / len(y))
        return epoch_losses, batch_sizes, np.array(updates)

    def test_epoch_loss_is_size_weighted_mean_of_batch_losses_before_updates(self, std_data):
        x, y = std_data
        model = LinearModel(seed=0)
        theta0 = model.get_params()
        history = fit(model, x, y, 0.1, epochs=3, batch_size=32, seed=5, record_updates=True)
        losses, sizes, updates = self.by_hand(x, y, theta0, 0.1, 3, 32, seed=5)
        assert sizes == [[32, 32, 32, 3]] * 3
        np.testing.assert_allclose(history.loss, losses, rtol=1e-10)
        np.testing.assert_allclose(history.update_params, updates, rtol=1e-10, atol=1e-12)
        # It is neither the loss at the start nor at the end of the epoch.
        assert history.loss[0] < full_loss(x, y, history.params[0]) - 0.05
        assert history.loss[0] > full_loss(x, y, history.params[1]) + 0.01

    def test_the_shuffle_is_one_permutation_per_epoch_from_the_seeded_rng(self):
        rng, reference = np.random.default_rng(11), np.random.default_rng(11)
        for _ in range(3):
            batches = batch_indices(99, 32, shuffle=True, seed=rng)
            np.testing.assert_array_equal(np.concatenate(batches), reference.permutation(99))

    def test_recorded_rows(self, std_data):
        x, y = std_data
        history = fit(LinearModel(seed=0), x, y, 0.1, epochs=3, batch_size=32, record_updates=True)
        assert history.update_params.shape == (3 * 4 + 1, 2)
        assert history.params.shape == (3 + 1, 2)
        # Epoch boundaries of the update path are the epoch rows.
        np.testing.assert_array_equal(history.update_params[::4], history.params)
        assert fit(LinearModel(seed=0), x, y, 0.1, epochs=2).update_params is None

    def test_full_batch_larger_than_data(self, std_data):
        x, y = std_data
        history = fit(LinearModel(seed=0), x, y, 0.1, epochs=2, batch_size=1000, record_updates=True)
        assert history.update_params.shape == (3, 2)
        assert history.loss[0] == pytest.approx(full_loss(x, y, history.params[0]), rel=1e-10)


class TestHistoryValidationCallbacks:
    def test_validation_loss_is_mse_of_the_epoch_end_parameters(self, std_data):
        x, y = std_data
        x_val, y_val = x[:10] + 0.01, y[:10]
        history = fit(LinearModel(seed=0), x, y, 0.1, epochs=4, validation_data=(x_val, y_val))
        assert len(history.val_loss) == 4
        for k, val_loss in enumerate(history.val_loss):
            w, b = history.params[k + 1]
            assert val_loss == pytest.approx(mean_squared_error(y_val, w * x_val + b), rel=1e-10)
        assert history.history == {"loss": history.loss, "val_loss": history.val_loss}

    def test_without_validation(self, std_data):
        x, y = std_data
        history = fit(LinearModel(seed=0), x, y, 0.1, epochs=2)
        assert history.val_loss is None
        assert history.history == {"loss": history.loss}
        assert history.epoch == [0, 1]
        assert history.final_loss == history.loss[-1]

    def test_callbacks_get_epoch_and_logs(self, std_data):
        x, y = std_data
        seen = []

        class Recorder:
            def __init__(self):
                self.calls = []

            def on_epoch_end(self, epoch, logs):
                self.calls.append((epoch, logs))

        recorder = Recorder()
        history = fit(
            LinearModel(seed=0),
            x,
            y,
            0.1,
            epochs=3,
            validation_data=(x, y),
            callbacks=[lambda epoch, logs: seen.append((epoch, logs)), recorder],
        )
        expected = [(k, {"loss": history.loss[k], "val_loss": history.val_loss[k]}) for k in range(3)]
        assert seen == expected
        assert recorder.calls == expected

    def test_a_single_callable_is_accepted_and_logs_are_copies(self, std_data):
        x, y = std_data

        def meddle(epoch, logs):
            logs["loss"] = -1.0

        history = fit(LinearModel(seed=0), x, y, 0.1, epochs=2, callbacks=meddle)
        assert all(loss > 0 for loss in history.loss)

    def test_each_callback_gets_its_own_logs(self, std_data):
        x, y = std_data
        seen = []

        def meddle(epoch, logs):
            logs["loss"] = -1.0
            logs["extra"] = 1.0

        fit(LinearModel(seed=0), x, y, 0.1, epochs=2, callbacks=[meddle, lambda e, logs: seen.append(logs)])
        assert [set(logs) for logs in seen] == [{"loss"}, {"loss"}]
        assert all(logs["loss"] > 0 for logs in seen)

    def test_float_optimizer_is_plain_sgd(self, std_data):
        x, y = std_data
        a = fit(LinearModel(seed=0), x, y, 0.05, epochs=3, seed=2)
        b = fit(LinearModel(seed=0), x, y, SGD(0.05), epochs=3, seed=2)
        assert a.loss == b.loss

    def test_model_is_trained_in_place(self, std_data):
        x, y = std_data
        model = LinearModel(seed=0)
        history = fit(model, x, y, 0.1, epochs=2)
        assert isinstance(history, History)
        np.testing.assert_array_equal(model.get_params(), history.params[-1])
        assert not np.array_equal(history.params[0], history.params[-1])

    def test_two_features(self):
        rng = np.random.default_rng(0)
        x = rng.normal(size=(60, 2))
        y = x @ np.array([1.5, -2.0]) + 0.5
        model = LinearModel(2, seed=0)
        fit(model, x, y, 0.2, epochs=300, batch_size=60)
        np.testing.assert_allclose(model.get_params(), [1.5, -2.0, 0.5], atol=1e-8)


@pytest.mark.parametrize("fast", [True, False])
def test_the_last_update_is_checked_too(original_data, fast):
    x, y = original_data
    # One full-batch step with lr 1e305 lands on non-finite parameters: that is divergence.
    blown = fit(LinearModel(seed=0), x, y, 1e305, epochs=1, batch_size=len(y), fast=fast)
    assert blown.diverged and blown.diverged_epoch == 0
    # One step of lr 0.1 multiplies the loss by about 4e5, below the divergence threshold: the run
    # ends, but the message says the loss is growing instead of reporting only the logged loss.
    model = LinearModel(seed=0)
    start = mse_at(x, y, model.get_params())
    grown = fit(model, x, y, 0.1, epochs=1, batch_size=len(y), fast=fast)
    end = mse_at(x, y, model.get_params())
    assert not grown.diverged and end / start > 1e5
    assert f"But the loss is growing: the final parameters have loss {end:.3g}" in grown.message


def test_divergence_message_names_the_rate_used_and_the_right_limit(original_data):
    x, y = original_data
    schedule = ExponentialDecay(0.1, 0.5, 1)
    history = fit(LinearModel(seed=0), x, y, SGD(schedule), epochs=5, record_updates=True)
    assert history.diverged
    updates_made = len(history.update_params) - 1
    assert updates_made >= 1
    assert f"The learning rate {schedule(updates_made - 1):.3g} is too large" in history.message
    xs, ys, _, _ = standardize(x, y)
    momentum = fit(LinearModel(seed=0), xs, ys, SGD(4.0, momentum=0.5), epochs=50, batch_size=len(ys), shuffle=False)
    assert momentum.diverged
    assert f"momentum 0.5 is stable only below {stability_limit(xs, 0.5):.3g})" in momentum.message
    assert momentum.message.endswith("lower the learning rate.")  # standardized data: nothing to standardize


# --- record_batches: what playback needs ----------------------------------------------------------


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("batch_size", [1, 7, 32, 99])
def test_recorded_batches_are_the_batches_fit_used(std_data, fast, batch_size):
    x, y = std_data
    history = fit(
        LinearModel(seed=0), x, y, SGD(0.05), epochs=3, batch_size=batch_size, seed=4, fast=fast, record_batches=True
    )
    replay = np.random.default_rng(4)
    expected = [index for _ in range(3) for index in batch_indices(len(y), batch_size, seed=replay)]
    assert len(history.batches) == len(expected) == len(history.update_params) - 1 == len(history.batch_loss)
    assert all(np.array_equal(a, b) for a, b in zip(history.batches, expected))
    # each update is one plain SGD step on its batch, from the parameters before it
    for k in (0, len(expected) // 2, len(expected) - 1):
        index, before = expected[k], history.update_params[k]
        error = x[index] * before[0] + before[1] - y[index]
        step = 0.05 * 2 * np.array([np.mean(error * x[index]), np.mean(error)])
        np.testing.assert_allclose(history.update_params[k + 1], before - step, rtol=1e-12, atol=1e-15)
        assert history.batch_loss[k] == pytest.approx(np.mean(error**2), rel=1e-12)
    # the logged epoch loss is the size-weighted mean of the recorded batch losses
    per_epoch = len(expected) // 3
    sizes = np.array([len(index) for index in expected])
    for epoch in range(3):
        part = slice(epoch * per_epoch, (epoch + 1) * per_epoch)
        assert np.average(history.batch_loss[part], weights=sizes[part]) == pytest.approx(
            history.loss[epoch], rel=1e-12
        )


def test_recording_batches_changes_nothing_else(std_data):
    x, y = std_data
    generator = np.random.default_rng(11)
    recorded = fit(LinearModel(seed=0), x, y, SGD(0.1), epochs=4, seed=generator, record_batches=True)
    after_recording = generator.random()
    generator = np.random.default_rng(11)
    plain = fit(LinearModel(seed=0), x, y, SGD(0.1), epochs=4, seed=generator)
    assert generator.random() == after_recording  # the caller's generator advanced by the same draws
    np.testing.assert_array_equal(recorded.params, plain.params)
    assert recorded.loss == plain.loss
    assert plain.batches is None and plain.batch_loss is None and plain.update_params is None


def test_a_diverged_run_records_the_updates_it_made(original_data):
    x, y = original_data
    history = fit(LinearModel(seed=0), x, y, SGD(0.1), epochs=100, seed=0, record_batches=True)
    assert history.diverged and history.diverged_epoch == 0
    assert len(history.batches) == len(history.batch_loss) == len(history.update_params) - 1
    assert len(history.batches) < 4  # it stopped inside the first epoch, before the batch that blew up
    with pytest.raises(TypeError, match="record_batches"):
        fit(LinearModel(seed=0), x, y, SGD(0.1), record_batches="yes")
