"""Rapid use of the explorers: hundreds of changes, extremes included.

A learner drags sliders fast and to the ends. After 120+ changes each explorer
must still show exactly what its final setting gives (the same run, sentence and
picture as an explorer made at that setting), keep one figure with the same
artists, keep its memory bounded (at most 30 KB more per change, over the last
100), say divergence in words, and let no RuntimeWarning through.
"""

import gc
import tracemalloc
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sgd_lib import SGD, LinearModel, fit, make_original_data, standardize
from sgd_lib.widgets import LineExplorer, MethodExplorer, MomentumExplorer, OptimizerExplorer, TrainingExplorer

CHANGES = 120
WARM_UP = 20  # changes before memory is traced: the background cache fills up
MEMORY_BOUND = 30_000 * (CHANGES - WARM_UP)  # bytes: a leak of 30 KB per change would pass this bound


@pytest.fixture(scope="module")
def data():
    x, y = make_original_data()
    xs, ys, _, _ = standardize(x, y)
    return x, y, xs, ys


def _artist_counts(explorer):
    return [len(ax.get_children()) for ax in explorer.figure.axes]


def _drive(explorer, moves):
    """Apply (control, value) moves; return the memory growth after a warm-up of 20 moves."""
    figures, artists = plt.get_fignums(), _artist_counts(explorer)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for control, value in moves[:WARM_UP]:
            control.value = value
        gc.collect()
        tracemalloc.start()
        start, _ = tracemalloc.get_traced_memory()
        for control, value in moves[WARM_UP:]:
            control.value = value
        gc.collect()
        end, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert plt.get_fignums() == figures
    assert _artist_counts(explorer) == artists
    return end - start


def _rates(rng, slider, n):
    """n learning rates a learner can reach on the slider, in random order."""
    options = [value for _, value in slider.options]
    return [options[i] for i in rng.integers(0, len(options), n)]


def test_line_explorer_under_rapid_use(data):
    x, y, _, _ = data
    explorer = LineExplorer(x, y)
    rng = np.random.default_rng(1)
    w, b = explorer.w_slider, explorer.b_slider
    moves = [(w, v) for v in rng.uniform(w.min, w.max, CHANGES // 2)]
    moves += [(b, v) for v in rng.uniform(b.min, b.max, CHANGES // 2)]
    moves += [(w, w.min), (b, b.max), (w, w.max), (b, b.min), (w, 100.0), (b, -1683.0)]
    assert _drive(explorer, moves) < MEMORY_BOUND
    assert explorer.redraws == len(moves) + 1
    expected = np.mean((w.value * x + b.value - y) ** 2)
    assert f"MSE = {expected:.4g}" in explorer.status_text


@pytest.mark.parametrize("kind", [OptimizerExplorer, MomentumExplorer, MethodExplorer])
def test_optimizer_explorers_under_rapid_use(data, kind):
    _, _, xs, ys = data
    explorer = kind(xs, ys)
    lr = explorer.learning_rate_slider
    rng = np.random.default_rng(2)
    options = [value for _, value in lr.options]
    values = _rates(rng, lr, CHANGES) + [options[0], options[-1], options[0], options[-1], 0.3]
    moves = [(lr, v) for v in values]
    if kind is MomentumExplorer:
        moves += [(explorer.momentum_slider, 0.99), (explorer.nesterov_box, True), (explorer.momentum_slider, 0.0)]
    if kind is MethodExplorer:
        menu = explorer.method_menu
        moves += [(menu, name) for name in rng.permutation(menu.options)] + [(menu, "RMSProp")]
    assert _drive(explorer, moves) < MEMORY_BOUND
    reference = kind(xs, ys, learning_rate=lr.value)
    if kind is MomentumExplorer:
        reference.nesterov_box.value = True
        reference.momentum_slider.value = 0.0
    if kind is MethodExplorer:
        reference.method_menu.value = "RMSProp"
    np.testing.assert_array_equal(explorer.history.params, reference.history.params)
    assert explorer.status_text == reference.status_text
    assert explorer.picture == reference.picture


def test_training_explorer_under_rapid_use_with_extremes(data):
    _, _, xs, ys = data
    explorer = TrainingExplorer(xs, ys)
    lr, epochs, batch = explorer.learning_rate_slider, explorer.epochs_slider, explorer.batch_slider
    rng = np.random.default_rng(3)
    moves = []
    for _ in range(CHANGES // 3):
        moves += [
            (lr, _rates(rng, lr, 1)[0]),
            (epochs, int(rng.integers(1, 60))),
            (batch, int(rng.integers(1, len(ys) + 1))),
        ]
    low, high = lr.options[0][1], lr.options[-1][1]
    extremes = [(lr, low), (epochs, 1000), (batch, 1), (lr, high), (batch, len(ys)), (epochs, 1), (lr, 0.1)]
    moves += extremes + [(epochs, 200), (batch, 16), (lr, 1.5)]
    diverged_seen = []
    explorer.status.observe(lambda change: diverged_seen.append("diverged in epoch" in change["new"]), names="value")
    assert _drive(explorer, moves) < MEMORY_BOUND
    assert any(diverged_seen), "some settings diverge and must say so"
    model = LinearModel(1, seed=0)
    expected = fit(model, xs, ys, SGD(1.5), epochs=200, batch_size=16, seed=0)
    assert explorer.history.loss == expected.loss
    assert explorer.history.diverged == expected.diverged
    status = explorer.status_text
    assert status.startswith("learning rate 1.5, 200 epochs, batch size 16:")
    if expected.diverged:
        assert f"diverged in epoch {expected.diverged_epoch}" in status
