"""sgd_lib.tfjs: numbers as JavaScript writes them, the float32 replay of TF.js's fit, and the stored log.

The replay is checked against ``fit`` (the same batches and update, float32 against float64), against
what float32 arithmetic must do on the raw data (overflow to inf, then nan), and against the log that
TF.js itself wrote (``sgd_lib/tfjs_original_log.json``): from its start and its shuffles the replay gives
every logged number, digit for digit. ``tests/test_tfjs_original_log.py`` makes that log again with TF.js.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sgd_lib import SGD, LinearModel, fit, make_original_data, standardize, tfjs

FLOAT32 = 1e-5


@pytest.mark.parametrize(
    "value, text",
    [
        (0.0, "0"),
        (-0.0, "0"),
        (1.0, "1"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (16838020.0, "16838020"),
        (3676804816434102300.0, "3676804816434102300"),
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (1.184964435811603e23, "1.184964435811603e+23"),
        (1e-6, "0.000001"),
        (1.25e-6, "0.00000125"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (123e-20, "1.23e-18"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (math.nan, "NaN"),
        (np.float32(0.1), "0.10000000149011612"),
        (np.float32(3.4e38), "3.3999999521443642e+38"),
        (7, "7"),
        (np.int64(-12), "-12"),
    ],
)
def test_js_number_writes_as_javascript_does(value, text):
    assert tfjs.js_number(value) == text


@pytest.mark.parametrize(
    "value, digits, text",
    [
        (16838020.0, 2, "1.7e+7"),
        (0.00015, 2, "0.00015"),
        (9.96, 2, "10"),
        (123456.0, 3, "1.23e+5"),
        (1.23e-7, 2, "1.2e-7"),
        (1.5, 1, "2"),
        (2.5, 1, "3"),
        (0.125, 2, "0.13"),
        (1.005, 3, "1.00"),
        (0.0, 3, "0.00"),
        (100.0, 2, "1.0e+2"),
        (99.5, 2, "1.0e+2"),
        (-0.000123, 2, "-0.00012"),
        (math.inf, 2, "Infinity"),
        (math.nan, 4, "NaN"),
        (3.4e38, 2, "3.4e+38"),
    ],
)
def test_js_precision_writes_as_to_precision_does(value, digits, text):
    assert tfjs.js_precision(value, digits) == text


def test_the_log_line_is_the_originals():
    assert tfjs.epoch_line(3, math.nan) == "Epoch 3: loss = NaN"
    assert tfjs.epoch_line(0, 0.5) == "Epoch 0: loss = 0.5"


@pytest.mark.parametrize("bad", ["1.5", None, True, [1.0]])
def test_js_number_refuses_what_is_not_a_number(bad):
    with pytest.raises(TypeError, match="value"):
        tfjs.js_number(bad)


@pytest.fixture(scope="module")
def data():
    x, y = make_original_data()
    xs, ys, _, _ = standardize(x, y)
    return x, y, xs, ys


@pytest.mark.parametrize("shuffle", [False, True])
def test_the_replay_is_fit_in_float32(data, shuffle):
    _, _, xs, ys = data
    start = LinearModel(seed=0).get_params()
    history = fit(
        LinearModel(seed=0), xs, ys, SGD(0.1), epochs=30, batch_size=32, shuffle=shuffle, seed=0, record_updates=True
    )
    orders = None if shuffle else [np.arange(len(ys))] * 30
    replay = tfjs.replay_fit(xs, ys, start, learning_rate=0.1, epochs=30, orders=orders, seed=0)
    assert replay.epoch_loss.dtype == np.float32 and replay.batch_loss.shape == (30, 4)
    assert replay.params.shape == (30, 4, 2)
    np.testing.assert_allclose(replay.epoch_loss, history.loss, rtol=FLOAT32)
    np.testing.assert_allclose(replay.params.reshape(-1, 2), history.update_params[1:], rtol=FLOAT32, atol=1e-6)


def test_on_the_raw_data_float32_overflows_to_inf_then_nan(data):
    x, y, _, _ = data
    replay = tfjs.replay_fit(x, y, LinearModel(seed=0).get_params(), learning_rate=0.1, epochs=6, seed=0)
    losses = replay.epoch_loss
    assert np.isfinite(losses[0]) and losses[0] > np.finfo(np.float32).max / 1e20  # huge but finite
    assert np.isinf(losses[1]) and np.isnan(losses[-1])
    first_nan = int(np.flatnonzero(np.isnan(losses))[0])
    assert np.isinf(losses[1:first_nan]).all() and np.isnan(losses[first_nan:]).all()
    # the cause is float32's range: in float64 (fit, not stopped) the same run's epoch 1 is still finite
    history = fit(LinearModel(seed=0), x, y, SGD(0.1), epochs=2, seed=0, divergence_factor=1e290)
    assert np.isfinite(history.loss[1]) and history.loss[1] > float(np.finfo(np.float32).max)
    np.testing.assert_allclose(replay.epoch_loss[0], history.loss[0], rtol=1e-3)


def test_bad_settings_are_refused_by_name(data):
    _, _, xs, ys = data
    with pytest.raises(ValueError, match="orders"):
        tfjs.replay_fit(xs, ys, (0.0, 0.0), learning_rate=0.1, epochs=2, orders=[np.arange(99)])
    with pytest.raises(ValueError, match=r"orders\[0\]"):
        tfjs.replay_fit(xs, ys, (0.0, 0.0), learning_rate=0.1, epochs=1, orders=[np.zeros(99, dtype=int)])
    with pytest.raises(ValueError, match="start"):
        tfjs.replay_fit(xs, ys, (0.0,), learning_rate=0.1, epochs=1)
    with pytest.raises(ValueError, match="learning_rate"):
        tfjs.replay_fit(xs, ys, (0.0, 0.0), learning_rate=-0.1, epochs=1)
    with pytest.raises(ValueError, match="one feature"):
        tfjs.replay_fit(np.ones((99, 2)), ys, (0.0, 0.0), learning_rate=0.1, epochs=1)


def test_the_stored_log_is_tfjs_running_the_original():
    log = tfjs.original_log()
    assert log.tfjs.startswith("4.") and log.backend == "cpu"
    assert len(log.lines) == 100 and all(line.startswith(f"Epoch {k}: loss = ") for k, line in enumerate(log.lines))
    assert len(log.shuffles) == 100 and all(np.array_equal(np.sort(order), np.arange(99)) for order in log.shuffles)
    assert [len(batches) for batches in log.batch_loss] == [4] * 100
    assert -2 <= log.start[0] <= 2 and log.start[1] == 0  # a Glorot-normal draw cut at 2 sigma, and no bias
    losses = log.epoch_loss
    assert np.isfinite(losses[0]) and np.isinf(losses[1]) and np.isnan(losses[-1])


def test_the_replay_gives_every_number_tfjs_logged(data):
    x, y, _, _ = data
    log = tfjs.original_log()
    replay = tfjs.replay_fit(x, y, log.start, learning_rate=0.1, epochs=100, orders=log.shuffles)
    assert [tfjs.epoch_line(k, loss) for k, loss in enumerate(replay.epoch_loss)] == list(log.lines)
    assert [tuple(map(tfjs.js_number, losses)) for losses in replay.batch_loss] == list(log.batch_loss)


def test_side_by_side_writes_the_log_beside_the_replay(data):
    x, y, _, _ = data
    log = tfjs.original_log()
    replay = tfjs.replay_fit(x, y, log.start, learning_rate=0.1, epochs=5, orders=log.shuffles)
    lines = tfjs.side_by_side(log, replay, epochs=[0, 3]).splitlines()
    assert len(lines) == 2 and lines[1].startswith("TF.js: Epoch 3: loss = NaN")
    assert lines[0].split(" | ")[1].strip() == f"replay: {tfjs.js_number(replay.epoch_loss[0])}"
    assert lines[1].endswith("batches: " + ", ".join(tfjs.js_precision(v, 2) for v in replay.batch_loss[3]))
    assert len({line.index("| replay") for line in lines}) == 1  # the columns line up
    with pytest.raises(ValueError, match="epoch"):
        tfjs.side_by_side(log, replay, epochs=[5])
