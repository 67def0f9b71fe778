"""The fast path of fit (sgd_lib.training.fast) against the reference loop (fit(..., fast=False)).

Both must train the same way: the same shuffles, updates, epoch losses, divergence
reports, History, callback calls and optimizer state. Only rounding may differ, so
parameters and losses are compared to 1e-12 relative (a parameter vector relative to
its largest entry).

Some runs amplify rounding by themselves (ill-conditioned data with momentum above the
plain stability limit, say): there the reference loop started one ulp away from the same
point, or run on data each number of which is one ulp away, ends more than 1e-12 away
from itself. The random tests measure that sensitivity and allow 10 times it where it
exceeds 1e-12.
"""

from __future__ import annotations

from functools import reduce

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rounding import neighbouring_data, relative_rows

from sgd_lib import (
    SGD,
    ConstantLR,
    ExponentialDecay,
    InverseTimeDecay,
    LinearModel,
    StepDecay,
    batch_indices,
    fit,
    polynomial_features,
    stability_limit,
    standardize,
)
from sgd_lib.data import epoch_orders
from sgd_lib.training import fast as fast_path
from sgd_lib.training import loop

RTOL = 1e-12
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_rows_close(fast: np.ndarray | None, ref: np.ndarray | None, rtol: float | np.ndarray = RTOL) -> None:
    """Each row (a parameter vector) equal to ``rtol`` relative to its largest entry."""
    if ref is None:
        assert fast is None
        return
    assert fast.shape == ref.shape
    error = np.abs(fast - ref).max(axis=-1) / np.abs(ref).max(axis=-1)
    assert np.all(error <= rtol), error.max()


def assert_values_close(fast: list[float], ref: list[float], rtol: float | np.ndarray = RTOL) -> None:
    """Equal to ``rtol`` relative, or both the same infinity, or both NaN."""
    fast, ref = np.asarray(fast), np.asarray(ref)
    assert fast.shape == ref.shape
    same = (fast == ref) | (np.isnan(fast) & np.isnan(ref))
    assert np.all(same | (np.abs(fast - ref) <= rtol * np.abs(ref))), np.abs(fast / ref - 1).max()


def assert_same_history(
    fast, ref, loss_rtol: float | np.ndarray = RTOL, params_rtol: float | np.ndarray = RTOL, update_rtol: float = RTOL
):
    assert (fast.diverged, fast.diverged_epoch, fast.message) == (ref.diverged, ref.diverged_epoch, ref.message)
    assert_values_close(fast.loss, ref.loss, loss_rtol)
    if ref.val_loss is None:
        assert fast.val_loss is None
    else:
        assert_values_close(fast.val_loss, ref.val_loss, max(np.max(loss_rtol), np.max(params_rtol)))
    assert_rows_close(fast.params, ref.params, params_rtol)
    if ref.update_params is None:
        assert fast.update_params is None
    else:
        assert_rows_close(fast.update_params, ref.update_params, update_rtol)


def assert_velocity_close(fast, ref, lr: float, param_scale: float, rtol: float = RTOL) -> None:
    """Velocities equal to ``rtol`` relative to the larger of their own size and of theta / lr.

    Near convergence the velocity tends to 0 and keeps only the rounding of the gradients that
    built it, so it is judged by its effect: the next step lr * v, against the parameters.
    """
    if ref is None:
        assert fast is None
        return
    scale = max(np.abs(ref).max(), param_scale / lr)
    assert np.all(np.abs(fast - ref) <= rtol * scale), np.abs(fast - ref).max() / scale


def assert_same_optimizer(fast: SGD, ref: SGD, param_scale: float, rtol: float = RTOL) -> None:
    assert fast.iterations == ref.iterations
    assert_velocity_close(fast.velocity, ref.velocity, ref.learning_rate, param_scale, rtol)


class Recorder:
    """A callback that keeps the logs and what it can see of the optimizer."""

    def __init__(self, opt: SGD):
        self.opt, self.calls = opt, []

    def __call__(self, epoch: int, logs: dict[str, float]) -> None:
        velocity = None if self.opt.velocity is None else self.opt.velocity.copy()
        self.calls.append((epoch, logs, self.opt.iterations, velocity, self.opt.learning_rate))

    def assert_same(self, ref: Recorder, param_scale: float, rtol: float = RTOL) -> None:
        assert [c[0] for c in self.calls] == [c[0] for c in ref.calls]
        for (_, logs, iterations, velocity, _), (_, ref_logs, ref_iterations, ref_velocity, lr) in zip(
            self.calls, ref.calls
        ):
            assert logs.keys() == ref_logs.keys()
            assert_values_close(list(logs.values()), list(ref_logs.values()), rtol)
            assert iterations == ref_iterations
            assert_velocity_close(velocity, ref_velocity, lr, param_scale, rtol)


class FailingSGD(SGD):
    """SGD whose step raises after ``after`` updates."""

    def __init__(self, learning_rate: float, after: int) -> None:
        super().__init__(learning_rate)
        self.after = after

    def step(self, params, grads):
        if self.iterations >= self.after:
            raise RuntimeError("a failing step")
        return super().step(params, grads)


def run_both(make_optimizer, x, y, *, n_features=1, model_seed=0, callbacks=False, sensitivity=False, **kwargs):
    """fit on the fast path and on the reference loop, each with a fresh model and optimizer.

    With ``sensitivity``, also run the reference from a start one ulp away and on a few
    versions of the data each number of which is one ulp away (:func:`rounding.neighbouring_data`),
    and allow 10 times the largest difference these make where it exceeds RTOL.
    """

    def run(fast, data=(x, y), nudge=0.0):
        model, opt = LinearModel(n_features, seed=model_seed), make_optimizer()
        model.set_params(model.get_params() * (1.0 + nudge))
        recorder = Recorder(opt)
        history = fit(model, *data, opt, callbacks=[recorder] if callbacks else (), fast=fast, **kwargs)
        return history, model, opt, recorder

    (fast_h, fast_m, fast_o, fast_r), (ref_h, ref_m, ref_o, ref_r) = run(True), run(False)
    loss_rtol, params_rtol, update_rtol = RTOL, RTOL, RTOL
    if sensitivity:
        nudged_data = neighbouring_data(x, y, seed=model_seed)
        probes = [run(False, nudge=2.0**-52)[0]] + [run(False, data=data)[0] for data in nudged_data]
        # Probes that stop at another epoch or batch make the run too close to call.
        assume(all(p.diverged_epoch == ref_h.diverged_epoch and len(p.loss) == len(ref_h.loss) for p in probes))
        assume(ref_h.update_params is None or all(p.update_params.shape == ref_h.update_params.shape for p in probes))
        loss_changes = [np.abs(np.subtract(p.loss, ref_h.loss)) / np.abs(ref_h.loss) for p in probes]
        loss_rtol = reduce(np.maximum, [10 * change for change in loss_changes], RTOL)
        params_rtol = reduce(np.maximum, [10 * relative_rows(p.params, ref_h.params) for p in probes], RTOL)
        if ref_h.update_params is not None:
            update_rtol = max(10 * relative_rows(p.update_params, ref_h.update_params).max() for p in probes)
    update_rtol = max(update_rtol, np.max(params_rtol))
    assert_same_history(fast_h, ref_h, loss_rtol, params_rtol, update_rtol)
    assert_rows_close(fast_m.get_params(), ref_m.get_params(), np.max(params_rtol))
    param_scale = np.abs(ref_h.params).max()
    assert_same_optimizer(fast_o, ref_o, param_scale, np.max(params_rtol))
    fast_r.assert_same(ref_r, param_scale, max(np.max(loss_rtol), np.max(params_rtol)))
    return fast_h, ref_h


SCHEDULES = {
    "constant": lambda lr: lr,
    "ConstantLR": lambda lr: ConstantLR(lr),
    "StepDecay": lambda lr: StepDecay(lr, factor=0.5, every=7),
    "ExponentialDecay": lambda lr: ExponentialDecay(lr, rate=0.3, decay_steps=20),
    "InverseTimeDecay": lambda lr: InverseTimeDecay(lr, rate=1.0, decay_steps=10),
    "callable": lambda lr: lambda t: lr / (1.0 + 0.05 * t),
}


@st.composite
def problems(draw):
    """Noisy linear data (never an exact fit) with 1 to 4 features, and training settings."""
    n_features = draw(st.integers(1, 4))
    n = draw(st.integers(n_features + 3, 60))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scale, offset = 10.0 ** draw(st.floats(-1, 2)), draw(st.floats(-20, 20))
    x = offset + scale * rng.normal(size=(n, n_features))
    y = x @ rng.normal(size=n_features) + rng.normal() + draw(st.floats(0.05, 2.0)) * scale * rng.normal(size=n)
    if n_features == 1 and draw(st.booleans()):
        x = x[:, 0]  # 1-D x, as the notebooks pass it
    validation = (x[: n // 3 + 1] + 0.1, y[: n // 3 + 1]) if draw(st.booleans()) else None
    return x, y, n_features, validation


def amplifying_problem() -> tuple[np.ndarray, np.ndarray, int, None]:
    """Data on which the run of the @example below amplifies rounding.

    Above the stability limit its path passes near (0, 0): one recorded row is 1/1900 of the
    largest. Relative to that row, the loop started one ulp away moves by 2e-16, the fast path
    by 2.5e-12, and the loop on data one ulp away (three versions) by 3.5e-12 to 6.7e-12. Judged
    by the start alone, the two routes were more than 1e-12 apart: a failure by chance.
    """
    rng = np.random.default_rng(589)
    x = -13.0 + 20.0 * rng.normal(size=50)
    return x, 0.5 * x + 2.0 + 20.0 * rng.normal(size=50), 1, None


@PROPERTY
@example(
    problem=amplifying_problem(),
    lr_factor=1.4,
    momentum=0.0,
    nesterov=False,
    schedule="constant",
    batch_size=6,
    epochs=5,
    shuffle=True,
    seed=589,
    callbacks=False,
    record_updates=True,
)
@given(
    problem=problems(),
    lr_factor=st.floats(0.01, 3.0),
    momentum=st.sampled_from([0.0, 0.5, 0.9]),
    nesterov=st.booleans(),
    schedule=st.sampled_from(sorted(SCHEDULES)),
    batch_size=st.integers(1, 70),
    epochs=st.integers(1, 12),
    shuffle=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
    callbacks=st.booleans(),
    record_updates=st.booleans(),
)
def test_fast_path_equals_reference(
    problem, lr_factor, momentum, nesterov, schedule, batch_size, epochs, shuffle, seed, callbacks, record_updates
):
    x, y, n_features, validation = problem
    lr = lr_factor * stability_limit(x)
    run_both(
        lambda: SGD(SCHEDULES[schedule](lr), momentum=momentum, nesterov=nesterov),
        x,
        y,
        n_features=n_features,
        model_seed=seed % 1000,
        callbacks=callbacks,
        sensitivity=True,
        epochs=epochs,
        batch_size=batch_size,
        shuffle=shuffle,
        seed=seed,
        validation_data=validation,
        record_updates=record_updates,
    )


@PROPERTY
@given(n=st.integers(1, 300), batch_size=st.integers(1, 40), epochs=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_the_orders_of_many_epochs_are_drawn_like_one_permutation_per_epoch(n, batch_size, epochs, seed):
    # Both engines and batch_indices draw the epochs' orders with epoch_orders, many epochs in one call; row k
    # must be the k-th rng.permutation(n) (the draws of one shuffle per epoch), and leave rng in the same state.
    rng, reference = np.random.default_rng(seed), np.random.default_rng(seed)
    first, rest = epoch_orders(rng, epochs // 2, n), epoch_orders(rng, epochs - epochs // 2, n)
    for order in np.vstack([first, rest]):
        np.testing.assert_array_equal(order, reference.permutation(n))
    assert rng.integers(2**62) == reference.integers(2**62)
    batches = batch_indices(n, batch_size, seed=np.random.default_rng(seed))
    np.testing.assert_array_equal(np.concatenate(batches), np.random.default_rng(seed).permutation(n))
    assert [len(b) for b in batches] == [min(batch_size, n)] * (n // min(batch_size, n)) + [n % batch_size] * (
        n % min(batch_size, n) > 0
    )


class TestSeedSettings:
    """The tutorial's own runs: the original data, raw and standardized."""

    def test_seed_settings_on_standardized_data(self, std_data):
        x, y = std_data
        fast, _ = run_both(lambda: SGD(0.1), x, y, epochs=100, batch_size=32, record_updates=True)
        assert fast.final_loss == pytest.approx(0.06228, rel=1e-3)

    @pytest.mark.parametrize("momentum, nesterov", [(0.0, False), (0.9, False), (0.9, True)])
    def test_raw_data_diverges_in_the_same_batch(self, original_data, momentum, nesterov):
        x, y = original_data
        fast, ref = run_both(lambda: SGD(0.1, momentum=momentum, nesterov=nesterov), x, y, epochs=100, callbacks=True)
        assert fast.diverged and fast.diverged_epoch == 0 and fast.message == ref.message

    def test_divergence_after_some_epochs(self, original_data):
        # Just above the stability limit, full batch: the loss grows by 1.44 per epoch.
        x, y = original_data
        lr = 1.1 * stability_limit(x)
        fast, _ = run_both(lambda: SGD(lr), x, y, epochs=500, batch_size=len(y), record_updates=True)
        assert fast.diverged and fast.diverged_epoch > 20

    @pytest.mark.parametrize("on_divergence", ["warn", "raise"])
    def test_divergence_reports(self, original_data, on_divergence):
        x, y = original_data
        messages = []
        for fast in (True, False):
            with pytest.warns(Warning) if on_divergence == "warn" else pytest.raises(Exception) as caught:
                fit(LinearModel(seed=0), x, y, 0.1, epochs=5, on_divergence=on_divergence, fast=fast)
            messages.append(str(caught.value) if on_divergence == "raise" else str(caught[0].message))
        assert messages[0] == messages[1] and messages[0].startswith("Training diverged in epoch 0")


class TestExactFits:
    """Noise-free data: the loss falls to rounding level and must not turn into noise (or below 0)."""

    @staticmethod
    def assert_losses_agree(fast, ref, y):
        # Beyond RTOL, allow the rounding of the reference's own residuals: eps * |y| * |e| per sample.
        fast_loss, ref_loss = np.array(fast.loss), np.array(ref.loss)
        assert np.all(fast_loss >= 0)
        slack = 1e-14 * np.sqrt(np.mean(y**2) * ref_loss)
        assert np.all(np.abs(fast_loss - ref_loss) <= RTOL * ref_loss + slack)
        assert_rows_close(fast.params, ref.params)

    def test_parabola_with_polynomial_features(self, original_data):
        x, y = original_data
        features, ys, _, _ = standardize(polynomial_features(x, 2), y)
        histories = [
            fit(LinearModel(2, seed=0), features, ys, SGD(0.05, momentum=0.9), epochs=150, fast=fast)
            for fast in (True, False)
        ]
        assert histories[1].loss[-1] < 1e-25  # the fit is exact
        self.assert_losses_agree(*histories, ys)

    def test_line_through_points(self):
        x = np.linspace(-3.0, 5.0, 40)
        y = 2.5 * x - 1.0
        histories = [
            fit(LinearModel(seed=0), x, y, 0.05, epochs=300, batch_size=8, fast=fast) for fast in (True, False)
        ]
        assert histories[1].loss[-1] < 1e-25
        self.assert_losses_agree(*histories, y)


class TestOptimizerState:
    def test_a_reused_optimizer_continues_the_same_way(self, std_data):
        x, y = std_data

        def two_fits(fast):
            opt, model = SGD(ExponentialDecay(0.1, 0.5, 30), momentum=0.5, nesterov=True), LinearModel(seed=0)
            first = fit(model, x, y, opt, epochs=7, batch_size=10, fast=fast)
            second = fit(model, x, y, opt, epochs=5, batch_size=25, seed=3, fast=fast)
            return first, second, opt

        (a1, a2, a_opt), (b1, b2, b_opt) = two_fits(True), two_fits(False)
        assert_same_history(a1, b1)
        assert_same_history(a2, b2)
        assert_same_optimizer(a_opt, b_opt, np.abs(b2.params).max())
        assert a_opt.iterations == 7 * 10 + 5 * 4

    def test_a_callback_that_changes_the_optimizer(self, std_data):
        x, y = std_data

        def run(fast):
            opt = SGD(0.2)

            def slow_down(epoch, logs):
                if epoch == 3:
                    opt.schedule, opt.momentum = ConstantLR(0.02), 0.5

            return fit(LinearModel(seed=0), x, y, opt, epochs=10, callbacks=[slow_down], fast=fast), opt

        (fast, fast_opt), (ref, ref_opt) = run(True), run(False)
        assert_same_history(fast, ref)
        assert_same_optimizer(fast_opt, ref_opt, np.abs(ref.params).max())

    def test_a_subclass_of_sgd_is_stepped_by_its_own_step(self, std_data):
        x, y = std_data

        class ClippedSGD(SGD):
            def step(self, params, grads):
                return super().step(params, np.clip(grads, -0.5, 0.5))

        run_both(lambda: ClippedSGD(0.3), x, y, epochs=20, batch_size=16, record_updates=True)


class Watched(SGD):
    """SGD that counts the calls of its step (set on the instance, so the fast path still uses its rule)."""

    def __init__(self, learning_rate: float) -> None:
        super().__init__(learning_rate)
        self.calls = 0
        rule_step = self.step

        def step(params, grads):
            self.calls += 1
            return rule_step(params, grads)

        self.step = step


class TestRouting:
    def test_fast_false_runs_the_reference_loop(self, std_data):
        # The reference loop calls the optimizer's step for every update; the fast path runs its rule instead.
        x, y = std_data
        ref, fast = Watched(0.1), Watched(0.1)
        fit(LinearModel(seed=0), x, y, ref, epochs=2, fast=False)
        fit(LinearModel(seed=0), x, y, fast, epochs=2)
        assert (ref.calls, fast.calls, ref.iterations, fast.iterations) == (8, 0, 8, 8)

    def test_a_batch_larger_than_the_data(self, std_data):
        x, y = std_data
        run_both(lambda: SGD(0.1, momentum=0.5), x, y, epochs=5, batch_size=10**9, record_updates=True)
        x2 = np.column_stack([x, x**2])
        run_both(lambda: SGD(0.1), x2, y, n_features=2, epochs=5, batch_size=10**9, record_updates=True)

    @pytest.mark.parametrize("rows", [False, True])
    @pytest.mark.parametrize("limit", [50, 420, 5000])
    def test_work_split_into_pieces_gives_the_same_run(self, limit, rows):
        # A small budget (the fast path's one hook, steered) makes it draw orders for a few epochs at a time
        # and gather the batches in several pieces, with one feature on the line statistics or on rows.
        rng = np.random.default_rng(1)
        x = rng.normal(size=(203, 2))
        y = x @ [1.0, -2.0] + 0.3 * rng.normal(size=203)
        with fast_path.steered(pieces=limit, rows=rows):
            for n_features, data in ((2, x), (1, x[:, 0])):
                for make in (lambda: SGD(0.05, momentum=0.5), lambda: SGD(ExponentialDecay(0.1, 0.5, 30))):
                    run_both(
                        make,
                        data,
                        y,
                        n_features=n_features,
                        epochs=9,
                        batch_size=8,
                        validation_data=(data[:50], y[:50]),
                        record_updates=True,
                    )

    def test_a_step_that_fails_stops_the_run_with_its_error(self, original_data):
        x, y = original_data
        with pytest.raises(RuntimeError, match="a failing step"):
            fit(LinearModel(2, seed=0), np.column_stack([x, x]), y, FailingSGD(0.0001, after=5), epochs=3)

    def test_fast_must_be_a_bool(self, std_data):
        x, y = std_data
        with pytest.raises(TypeError, match="fast must be True or False"):
            fit(LinearModel(seed=0), x, y, 0.1, fast="yes")

    def test_the_reference_loop_is_still_there(self):
        # The notebooks teach loop.run_epoch; the fast path must not replace it.
        assert callable(loop.run_epoch) and callable(loop.train)


class TestBadlyScaledData:
    """Where the line statistics would lose digits, the fast path gathers rows: still the loop's numbers."""

    @pytest.mark.parametrize(
        "x, y, lr, batch_size, start",
        [
            ([1e-6, 0.0], [147.0, 0.0], 1.0, 1, None),  # a reference line whose slope dwarfs the start
            ([1e-200, 0.0], [1.0, 0.0], 0.1, 1, None),  # x without spread at double precision
            ([9e149, 1e149, 5e149], [1e149, 3e149, 2e149], 1e-300, 2, [0.5, 0.0]),  # at the edge of the data's range
            ([1e8 + 1.0, 1e8 + 2.0, 1e8 + 4.0], [3.0, 5.0, 9.0], 1e-17, 1, [0.0, 0.0]),  # far from 0, tiny spread
        ],
    )
    def test_fast_and_reference_agree(self, x, y, lr, batch_size, start):
        results = []
        for fast in (True, False):
            model = LinearModel(seed=0) if start is None else LinearModel(seed=0).set_params(start)
            results.append(fit(model, x, y, SGD(lr), epochs=5, batch_size=batch_size, shuffle=False, fast=fast))
        fast_history, reference = results
        assert fast_history.diverged == reference.diverged
        assert fast_history.diverged_epoch == reference.diverged_epoch
        np.testing.assert_allclose(fast_history.params, reference.params, rtol=1e-12, atol=0)
        np.testing.assert_allclose(fast_history.loss, reference.loss, rtol=1e-12, atol=0)

    def test_the_line_statistics_are_used_only_where_they_are_precise(self):
        start = np.array([0.47, 0.0])
        assert fast_path._reference_line(np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 4.0, 9.0]), start) is not None
        assert fast_path._reference_line(np.array([[1e-6], [0.0]]), np.array([147.0, 0.0]), start) is None
        assert fast_path._reference_line(np.array([[1e-200], [0.0]]), np.array([1.0, 0.0]), start) is None
        assert fast_path._reference_line(np.array([[2e100], [1e100]]), np.array([1.0, 0.0]), start) is None


def test_a_run_gathered_in_small_blocks_stops_where_it_diverges_or_fails(original_data):
    # Small pieces cut even these rows into many blocks; a run that stops early (divergence, or an error in
    # a step) stops inside its block.
    x, y = original_data
    x2 = np.column_stack([x, x])
    with fast_path.steered(pieces=16):
        history = fit(LinearModel(2, seed=0), x2, y, 0.01, epochs=3)
        assert history.diverged and history.diverged_epoch == 0
        with pytest.raises(RuntimeError, match="a failing step"):
            fit(LinearModel(2, seed=0), x2, y, FailingSGD(0.0001, after=5), epochs=3)
