"""AdaGrad, RMSProp and Adam: TF.js's update rules and defaults, written out by hand, and their known facts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sgd_lib import SGD, AdaGrad, Adam, ExponentialDecay, LinearModel, RMSProp, fit, standardize
from sgd_lib.optimizers import Optimizer, keep, rule_of

EPSILON = 1e-7  # TF.js's CPU backend epsilon


def adagrad_by_hand(params, grads_list, lr, initial=0.1, eps=EPSILON):
    """tf.train.adagrad: a <- a + g**2; theta <- theta + (-lr) * (g / sqrt(a + eps))."""
    theta, a = np.array(params, float), np.full(len(params), initial)
    for g in grads_list:
        a = a + g**2
        theta = theta + (-lr) * (g / np.sqrt(a + eps))
    return theta


def rmsprop_by_hand(params, grads_list, lr, decay=0.9, momentum=0.0, eps=EPSILON):
    """tf.train.rmsprop (not centered): s <- s*decay + g**2*(1-decay); m <- m*momentum + g*lr/sqrt(s+eps)."""
    theta, s, m = np.array(params, float), np.zeros(len(params)), np.zeros(len(params))
    for g in grads_list:
        s = s * decay + g**2 * (1 - decay)
        m = m * momentum + g * lr / np.sqrt(s + eps)
        theta = theta - m
    return theta


def adam_by_hand(params, grads_list, lr, beta1=0.9, beta2=0.999, eps=EPSILON):
    """tf.train.adam: bias-corrected moments; eps added after the square root; accBeta multiplied per step."""
    theta, m, v = np.array(params, float), np.zeros(len(params)), np.zeros(len(params))
    acc1, acc2 = beta1, beta2
    for g in grads_list:
        m = m * beta1 + g * (1 - beta1)
        v = v * beta2 + g**2 * (1 - beta2)
        theta = theta + (m / (1 - acc1)) / (np.sqrt(v / (1 - acc2)) + eps) * (-lr)
        acc1, acc2 = acc1 * beta1, acc2 * beta2
    return theta


CASES = {
    "AdaGrad": (lambda: AdaGrad(0.3), lambda p, gs: adagrad_by_hand(p, gs, 0.3)),
    "AdaGrad, accumulator 0.5": (
        lambda: AdaGrad(0.3, initial_accumulator_value=0.5),
        lambda p, gs: adagrad_by_hand(p, gs, 0.3, initial=0.5),
    ),
    "RMSProp": (lambda: RMSProp(0.01), lambda p, gs: rmsprop_by_hand(p, gs, 0.01)),
    "RMSProp with momentum": (
        lambda: RMSProp(0.01, decay=0.8, momentum=0.5, epsilon=1e-6),
        lambda p, gs: rmsprop_by_hand(p, gs, 0.01, decay=0.8, momentum=0.5, eps=1e-6),
    ),
    "Adam": (lambda: Adam(0.05), lambda p, gs: adam_by_hand(p, gs, 0.05)),
    "Adam, other betas": (
        lambda: Adam(0.05, beta1=0.5, beta2=0.9, epsilon=1e-8),
        lambda p, gs: adam_by_hand(p, gs, 0.05, beta1=0.5, beta2=0.9, eps=1e-8),
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_update_rule_is_tfjs_s_written_out_by_hand(name):
    make, by_hand = CASES[name]
    rng = np.random.default_rng(0)
    params, grads = rng.normal(size=3), [rng.normal(scale=10.0 ** rng.uniform(-2, 3), size=3) for _ in range(25)]
    optimizer, theta = make(), params.copy()
    for g in grads:
        theta = optimizer.step(theta, g)
    np.testing.assert_allclose(theta, by_hand(params, grads), rtol=1e-13, atol=1e-15)
    assert optimizer.iterations == 25 and isinstance(optimizer, Optimizer)


def test_the_defaults_are_tfjs_s():
    assert Adam().learning_rate == 0.001 and (Adam().beta1, Adam().beta2, Adam().epsilon) == (0.9, 0.999, 1e-7)
    rms = RMSProp(0.01)
    assert (rms.decay, rms.momentum, rms.epsilon) == (0.9, 0.0, 1e-7)
    ada = AdaGrad(0.01)
    assert (ada.initial_accumulator_value, ada.epsilon) == (0.1, 1e-7)


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3, 1e5])
def test_adam_s_first_step_moves_every_parameter_by_about_the_learning_rate(scale):
    gradient = np.array([scale, -scale / 7.0, 3.0 * scale])
    step = Adam(0.1).step(np.zeros(3), gradient)
    np.testing.assert_allclose(np.abs(step), 0.1, rtol=1e-3)  # |m_hat / sqrt(v_hat)| = 1 at t = 1
    assert np.all(np.sign(step) == -np.sign(gradient))


def test_adagrad_s_effective_rate_decays_as_one_over_the_root_of_the_summed_squares():
    optimizer, theta, g = AdaGrad(0.5), np.zeros(1), np.array([2.0])
    steps = []
    for _ in range(400):
        new = optimizer.step(theta, g)
        steps.append(float(theta[0] - new[0]))
        theta = new
    k = np.arange(1, 401)
    np.testing.assert_allclose(steps, 0.5 * 2.0 / np.sqrt(0.1 + k * 4.0 + EPSILON), rtol=1e-12)
    assert steps[399] / steps[99] == pytest.approx(math.sqrt(100 / 400), rel=1e-3)  # four times the sum: half the step


def test_rmsprop_s_steps_settle_at_the_learning_rate_for_a_constant_gradient():
    optimizer, theta = RMSProp(0.01), np.zeros(2)
    for _ in range(200):
        new = optimizer.step(theta, np.array([50.0, -0.02]))
        change, theta = theta - new, new
    np.testing.assert_allclose(change, [0.01, -0.01], rtol=1e-3)  # g / sqrt(mean of g**2) -> sign(g)


RULE_CASES = {
    **CASES,
    "SGD": (lambda: SGD(0.1), None),
    "momentum": (lambda: SGD(0.1, momentum=0.9), None),
    "Nesterov, decaying": (lambda: SGD(ExponentialDecay(0.1, 0.5, 7), momentum=0.5, nesterov=True), None),
}


@pytest.mark.parametrize("name", sorted(RULE_CASES))
def test_state_round_trip_reset_and_the_fast_rule_agree_with_step(name):
    # The fast path runs each optimizer's one rule (rule_of) on arrays and, one parameter at a time, on
    # Python floats: the same operations as step, so the same bits; keep() leaves the state step would.
    make, _ = RULE_CASES[name]
    rng = np.random.default_rng(1)
    grads = [rng.normal(size=2) * 10 for _ in range(30)]
    reference, theta = make(), np.array([0.3, -0.2])
    for g in grads[:10]:
        theta = reference.step(theta, g)
    saved = reference.get_state()
    scalar, array = make(), make()
    scalar.set_state(saved)
    array.set_state(saved)
    rule = rule_of(array, 2)
    rates = [rule.schedule(t) for t in range(10, 30)]
    w_slots, b_slots = tuple(float(v[0]) for v in rule.slots), tuple(float(v[1]) for v in rule.slots)
    w, b, th, slots = float(theta[0]), float(theta[1]), theta.copy(), rule.slots
    for t, (g, rate) in enumerate(zip(grads[10:], rates, strict=True), start=10):
        theta = reference.step(theta, g)
        change_w, w_slots = rule.update(t, rate, float(g[0]), math.sqrt, w_slots)
        change_b, b_slots = rule.update(t, rate, float(g[1]), math.sqrt, b_slots)
        w, b = w - change_w, b - change_b
        change, slots = rule.update(t, rate, g, np.sqrt, slots)
        th = th - change
    assert [w, b] == theta.tolist() and th.tolist() == theta.tolist()  # the same operations: the same bits
    keep(scalar, rule, 20, tuple(np.array(pair) for pair in zip(w_slots, b_slots, strict=True)))
    keep(array, rule, 20, slots)
    for optimizer in (scalar, array):
        assert optimizer.iterations == reference.iterations == 30
        for slot, value in reference.get_state()["slots"].items():
            np.testing.assert_array_equal(optimizer.get_state()["slots"][slot], value)
    reference.reset()
    assert reference.iterations == 0 and reference.get_state()["slots"] is None


def test_the_fast_path_steps_an_optimizer_it_does_not_know_by_its_step():
    class Clipped(SGD):
        def step(self, params, grads):
            return super().step(params, np.clip(grads, -0.5, 0.5))

    assert rule_of(Clipped(0.1), 2) is None and rule_of(SGD(0.1), 2) is not None


@pytest.mark.parametrize(
    "make", [lambda: AdaGrad(0.4), lambda: RMSProp(0.02, momentum=0.5), lambda: Adam(ExponentialDecay(0.05, 0.5, 200))]
)
@pytest.mark.parametrize("batch_size", [1, 7, 32, 99])
def test_fit_s_fast_path_equals_the_reference_loop(original_data, make, batch_size):
    xs, ys, _, _ = standardize(*original_data)
    # Not the exactly centered targets: there the bias's full-batch gradient is rounding noise, which these
    # optimizers scale up to steps of about the learning rate, so that any two roundings part ways.
    ys = ys + 0.5
    runs = []
    for fast in (True, False):
        optimizer = make()
        history = fit(
            LinearModel(seed=0),
            xs,
            ys,
            optimizer,
            epochs=15,
            batch_size=batch_size,
            seed=3,
            record_updates=True,
            fast=fast,
        )
        runs.append((history, optimizer))
    (fast_history, fast_opt), (ref_history, ref_opt) = runs
    np.testing.assert_allclose(fast_history.loss, ref_history.loss, rtol=1e-12)
    np.testing.assert_allclose(fast_history.update_params, ref_history.update_params, rtol=1e-12, atol=1e-13)
    assert fast_opt.iterations == ref_opt.iterations
    for slot, value in ref_opt.get_state()["slots"].items():
        np.testing.assert_allclose(fast_opt.get_state()["slots"][slot], value, rtol=1e-12, atol=1e-13)


def test_many_features_on_the_fast_path_equal_the_loop():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(500, 5))
    y = x @ rng.normal(size=5) + 0.1 * rng.normal(size=500)
    for make in (lambda: Adam(0.01), lambda: RMSProp(0.005, momentum=0.3), lambda: AdaGrad(0.2)):
        histories = [
            fit(LinearModel(5, seed=0), x, y, make(), epochs=4, batch_size=16, fast=fast) for fast in (True, False)
        ]
        np.testing.assert_allclose(histories[0].params, histories[1].params, rtol=1e-12, atol=1e-15)


def test_divergence_is_reported_for_an_adaptive_optimizer_in_one_true_sentence(original_data):
    xs, ys, _, _ = standardize(*original_data)
    history = fit(LinearModel(seed=0), xs, ys, Adam(1e9), epochs=5)
    assert history.diverged
    assert "not for Adam" in history.message and history.message.count(". ") == 1


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda: Adam(beta1=1.0), r"beta1 must be a number in \[0, 1\), got 1.0"),
        (lambda: Adam(beta2=-0.1), r"beta2 must be a number in"),
        (lambda: Adam(epsilon=0.0), r"epsilon must be a finite number > 0"),
        (lambda: RMSProp(0.1, decay=1.5), r"decay must be a number in"),
        (lambda: RMSProp(0.1, momentum=1.0), r"momentum must be a number in"),
        (lambda: AdaGrad(0.1, initial_accumulator_value=-1.0), r"initial_accumulator_value must be a finite number"),
        (lambda: AdaGrad("0.1"), r"learning_rate must be a finite number > 0, got '0.1'"),
        (lambda: Adam(0.1).step(np.zeros(2), np.zeros(3)), r"params and grads must be 1-D of one length"),
    ],
)
def test_bad_settings_are_refused_by_name(call, pattern):
    with pytest.raises((ValueError, TypeError), match=pattern):
        call()


def test_sgd_is_unchanged_by_the_adaptive_base():
    assert not isinstance(SGD(0.1), type(Adam())) and isinstance(SGD(0.1), Optimizer)


from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rounding import neighbouring_data

MAKERS = {
    "AdaGrad": lambda lr: AdaGrad(lr),
    "RMSProp": lambda lr: RMSProp(lr / 10, momentum=0.5),
    "Adam": lambda lr: Adam(lr / 10),
    "Adam, decaying": lambda lr: Adam(ExponentialDecay(lr / 10, 0.5, 50)),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n_features=st.integers(1, 3),
    n=st.integers(5, 60),
    batch_size=st.integers(1, 70),
    epochs=st.integers(1, 10),
    method=st.sampled_from(sorted(MAKERS)),
    lr=st.floats(0.01, 1.0),
    shuffle=st.booleans(),
)
def test_fast_and_reference_paths_agree_for_random_problems(
    seed, n_features, n, batch_size, epochs, method, lr, shuffle
):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_features)) * 3 + rng.normal()
    y = x @ rng.normal(size=n_features) + rng.normal() + rng.normal(size=n)
    if n_features == 1:
        x = x[:, 0]

    def run(fast, data=(x, y), nudge=0.0):
        model = LinearModel(n_features, seed=seed % 100)
        model.set_params(model.get_params() * (1 + nudge))
        return fit(
            model,
            *data,
            MAKERS[method](lr),
            epochs=epochs,
            batch_size=batch_size,
            shuffle=shuffle,
            seed=seed,
            fast=fast,
        )

    fast_run, reference = run(True), run(False)
    # The reference from a start one ulp away, and on data one ulp away: how much this run amplifies rounding.
    probes = [run(False, nudge=2.0**-52)] + [run(False, data=data) for data in neighbouring_data(x, y, seed)]
    assume(all(probe.diverged_epoch == reference.diverged_epoch for probe in probes))
    assert fast_run.diverged == reference.diverged and fast_run.diverged_epoch == reference.diverged_epoch
    scale = np.abs(reference.params).max()
    sensitivity = max(np.abs(probe.params - reference.params).max() for probe in probes) / scale
    tolerance = max(1e-12, 10 * sensitivity)  # a run that amplifies rounding may differ by as much
    assert np.abs(fast_run.params - reference.params).max() <= tolerance * scale
