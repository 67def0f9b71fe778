"""Playback: the explorers show training one update at a time.

Driven from Python as the browser drives them: the playback slider (``step_slider``)
is linked to the ``Play`` button in the browser, and the kernel draws the state after
the update the slider names. Each frame is checked against the recorded run: the path
and the loss so far, the batch that made the update, the two step arrows, and the
sentence under the controls.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sgd_lib import SGD, LinearModel, fit, make_original_data, mse_at, mse_gradient, standardize
from sgd_lib.widgets import MethodExplorer, MomentumExplorer, OptimizerExplorer, TrainingExplorer


@pytest.fixture(scope="module")
def data():
    x, y = make_original_data()
    xs, ys, _, _ = standardize(x, y)
    return x, y, xs, ys


def _arrow(arrow) -> np.ndarray:
    (x0, y0), (x1, y1) = arrow._posA_posB
    return np.array([[x0, y0], [x1, y1]])


def test_the_optimizer_explorer_plays_its_steps_back(data):
    _, _, xs, ys = data
    explorer = OptimizerExplorer(xs, ys, learning_rate=0.9)
    params = explorer.history.params
    assert explorer.step_slider.max == explorer.play.max == 30 == explorer.step_slider.value  # shown at the end
    for step in (0, 1, 7, 29):
        explorer.show_step(step)
        np.testing.assert_array_equal(np.column_stack(explorer._path.get_data()), params[: step + 1])
        assert len(explorer._loss.get_xdata()) == step + 1
        assert explorer.status_text.startswith(f"step {step} of 30: loss {mse_at(xs, ys, params[step]):.4g}")
        assert explorer._taken.get_visible() == (step > 0)
    np.testing.assert_allclose(_arrow(explorer._taken), params[28:30])  # the last step taken
    grad_w, grad_b = mse_gradient(xs, ys, params[28, :1], params[28, 1])
    np.testing.assert_allclose(_arrow(explorer._gradient_step)[1], params[28] - 0.9 * np.array([grad_w[0], grad_b]))
    explorer.show_step(30)  # the end: the full path and the usual sentence, no playback marks
    assert explorer.status_text.startswith("learning rate 0.9 = 0.9 × the stability limit")
    assert not explorer._here.get_visible() and not explorer._taken.get_visible()


def test_momentum_steps_are_shown_beside_the_gradients_own_step(data):
    x, _, _, ys = data
    explorer = MomentumExplorer(x / 10, ys, learning_rate=0.015, learning_rate_range=(1e-3, 0.1))
    explorer.show_step(5)
    taken, plain = (_arrow(a)[1] - _arrow(a)[0] for a in (explorer._taken, explorer._gradient_step))
    assert np.linalg.norm(taken - plain) > 0.1 * np.linalg.norm(plain)  # the velocity carries the step further
    assert "the learning rate times the gradient alone would move them by" in explorer.status_text


def test_changing_a_setting_restarts_a_running_playback_and_keeps_a_paused_one(data):
    _, _, xs, ys = data
    explorer = OptimizerExplorer(xs, ys, learning_rate=0.1)
    explorer.learning_rate_slider.value = 0.2  # shown at the end: stays at the end
    assert explorer.step_slider.value == explorer.step_slider.max
    explorer.show_step(12)  # paused midway: the same step of the new run
    explorer.learning_rate_slider.value = 0.3
    assert explorer.step_slider.value == explorer.play.value == 12
    assert explorer.status_text.startswith(f"step 12 of 30: loss {mse_at(xs, ys, explorer.history.params[12]):.4g}")
    explorer.learning_rate_slider.value = 3.0  # a run that diverges within fewer steps: its last one
    assert explorer.step_slider.value == explorer.step_slider.max == len(explorer.history.params) - 1 < 12
    explorer.learning_rate_slider.value = 0.1
    explorer.show_step(30)
    explorer.play.playing = True  # playing: a new setting restarts it
    explorer.learning_rate_slider.value = 0.5
    assert explorer.step_slider.value == 0 and explorer.play.playing


def test_the_step_buttons_move_one_update_and_pause(data):
    _, _, xs, ys = data
    explorer = TrainingExplorer(xs, ys)
    end = explorer.step_slider.max
    explorer.play.playing = True
    explorer.back_button.click()
    assert explorer.step_slider.value == end - 1 and not explorer.play.playing
    explorer.forward_button.click()
    explorer.forward_button.click()  # no further than the end
    assert explorer.step_slider.value == end
    with pytest.raises(ValueError, match=r"step must lie in \[0, 400\]"):
        explorer.show_step(401)


def test_the_training_explorer_shows_each_update_with_its_batch(data):
    _, _, xs, ys = data
    explorer = TrainingExplorer(xs, ys, learning_rate=0.1, epochs=100, batch_size=32)
    run = fit(LinearModel(1, seed=0), xs, ys, SGD(0.1), epochs=100, batch_size=32, seed=0, record_batches=True)
    assert explorer.step_slider.max == 400 == len(run.batches)
    explorer.show_step(6)
    index, before, after = run.batches[5], run.update_params[5], run.update_params[6]
    np.testing.assert_array_equal(explorer._batch_points.get_xdata(), xs[index])
    np.testing.assert_allclose(explorer._line.get_ydata(), after[0] * explorer._ends + after[1])
    np.testing.assert_allclose(_arrow(explorer._batch_step), [before, after])
    grad_w, grad_b = mse_gradient(xs, ys, before[:1], before[1])
    full_step = -0.1 * np.array([grad_w[0], grad_b])
    np.testing.assert_allclose(_arrow(explorer._full_step)[1], before + full_step)
    batch_step = after - before
    angle = np.degrees(np.arccos(batch_step @ full_step / np.linalg.norm(batch_step) / np.linalg.norm(full_step)))
    assert explorer.status_text == (
        f"update 6 of 400 (epoch 1, batch 2 of 4, 32 samples): that batch's loss was {run.batch_loss[5]:.4g}; "
        f"the new line's loss on all the data is {mse_at(xs, ys, after):.4g} (floor {explorer.floor:.4g}); "
        f"the batch's step points {angle:.0f}° away from the full batch's."
    )
    np.testing.assert_allclose(explorer._all_data.get_ydata(), mse_at(xs, ys, run.update_params[:7]))
    np.testing.assert_allclose(explorer._all_data.get_xdata(), np.arange(7) / 4)  # in epochs
    np.testing.assert_allclose(explorer._batch_dots.get_ydata(), run.batch_loss[:6])
    explorer.show_step(400)
    assert explorer.status_text.startswith("learning rate 0.1, 100 epochs, batch size 32: last logged loss")
    assert not explorer._batch_points.get_visible()


def test_full_batches_step_exactly_along_the_full_gradient(data):
    _, _, xs, ys = data
    explorer = TrainingExplorer(xs, ys, learning_rate=0.1, epochs=5, batch_size=len(ys))
    explorer.show_step(3)
    np.testing.assert_allclose(_arrow(explorer._batch_step), _arrow(explorer._full_step), rtol=1e-12, atol=1e-15)
    assert explorer.status_text.endswith("the batch's step points 0° away from the full batch's.")


def test_step_angles_are_the_angles_between_each_batch_step_and_the_full_batch_step(data):
    _, _, xs, ys = data
    explorer = TrainingExplorer(xs, ys, learning_rate=0.1, epochs=3, batch_size=8)
    run = explorer.recorded()
    angles = explorer.step_angles()
    assert angles.shape == (len(run.batches),) == (3 * 13,)
    for k in (1, 5, 39):  # written out: -lr * the gradient on all the data, from the point before update k
        before, after = run.update_params[k - 1], run.update_params[k]
        residual = before[0] * xs + before[1] - ys
        full_step = -0.1 * np.array([2 * np.mean(residual * xs), 2 * np.mean(residual)])
        np.testing.assert_allclose(explorer.full_batch_step(k), full_step, rtol=1e-12)
        cosine = (after - before) @ full_step / np.linalg.norm(after - before) / np.linalg.norm(full_step)
        assert angles[k - 1] == pytest.approx(np.degrees(np.arccos(cosine)), abs=1e-9)
    assert 0 < angles.mean() < 180
    explorer.batch_slider.value = len(ys)
    np.testing.assert_allclose(explorer.step_angles(), 0.0, atol=1e-5)  # the full batch's own steps


def test_a_diverged_run_plays_back_the_updates_it_made(data):
    x, y, _, _ = data
    explorer = TrainingExplorer(x, y, learning_rate=0.1, learning_rate_range=(1e-4, 10.0))
    run = explorer.recorded()
    assert explorer.history.diverged and explorer.step_slider.max == len(run.update_params) - 1
    explorer.show_step(1)
    assert explorer.status_text.startswith("update 1 of ")


def test_playback_at_the_extremes_records_the_run_once(data):
    """1000 epochs of batch size 1 (99,000 updates): the run is recorded once, and a frame draws at most 1500 of
    its points (every k-th, the current one always), whichever update it shows."""
    _, _, xs, ys = data
    extreme = TrainingExplorer(xs, ys, epochs=1000, batch_size=1, learning_rate=0.01)
    extreme.show_step(50_000)
    recorded = extreme.recorded()
    for step in (50_001, 98_999):
        extreme.show_step(step)
        assert extreme.recorded() is recorded  # not trained again
        drawn = extreme._path.get_xdata()
        assert len(drawn) <= 1500 and drawn[-1] == recorded.update_params[step, 0]
        assert not extreme._points.get_visible()  # beyond 120 points the dots would hide the path


def test_playback_leaks_no_figure_and_keeps_its_artists(data):
    _, _, xs, ys = data
    explorer = TrainingExplorer(xs, ys)
    figures, artists = plt.get_fignums(), [len(ax.get_children()) for ax in explorer.figure.axes]
    for step in np.random.default_rng(0).integers(0, 401, 60):
        explorer.show_step(int(step))
    explorer.learning_rate_slider.value = 0.2
    assert plt.get_fignums() == figures
    assert [len(ax.get_children()) for ax in explorer.figure.axes] == artists


def test_the_method_explorer_plays_adam_back(data):
    x, y, _, _ = data
    explorer = MethodExplorer(
        x,
        y,
        method="Adam",
        learning_rate=30.0,
        learning_rate_range=(1e-4, 100.0),
        steps=300,
        start=tuple(LinearModel(seed=0).get_params()),
    )
    explorer.show_step(40)
    step = np.diff(_arrow(explorer._taken), axis=0)[0]
    assert np.abs(step).max() < 3.2 * 30  # an Adam step is at most about 3.16 times the learning rate
    assert explorer.status_text.startswith("step 40 of 300:")


def test_a_step_far_larger_than_the_window_is_cut_at_its_edge(data):
    """On the raw data the gradient's own step at learning rate 30 is millions of units long: drawn whole, its
    dashes took seconds; it is cut at the window's edge, pointing the same way."""
    x, y, _, _ = data
    explorer = MethodExplorer(
        x,
        y,
        method="Adam",
        learning_rate=30.0,
        learning_rate_range=(1e-4, 100.0),
        steps=300,
        start=tuple(LinearModel(seed=0).get_params()),
        w_range=(-50.0, 200.0),
        b_range=(-3000.0, 1000.0),
    )
    explorer.show_step(1)
    before = explorer.history.params[0]
    grad_w, grad_b = mse_gradient(x, y, before[:1], before[1])
    whole = -30.0 * np.array([grad_w[0], grad_b])
    start, end = _arrow(explorer._gradient_step)
    np.testing.assert_allclose(start, before)
    assert np.linalg.norm(whole) > 1e6 and end[0] == pytest.approx(200.0)  # cut on the right edge
    direction = (end - start) / np.linalg.norm(end - start)
    np.testing.assert_allclose(direction, whole / np.linalg.norm(whole), atol=1e-12)
    explorer.method_menu.value, explorer.learning_rate_slider.value = "plain SGD", 0.001  # diverges: leaves the window
    for step in range(1, explorer.step_slider.max):
        explorer.show_step(step)
        w, b = explorer.history.params[step - 1]
        if not (-50 <= w <= 200 and -3000 <= b <= 1000):
            assert not explorer._gradient_step.get_visible() and not explorer._taken.get_visible()
            break
    else:
        pytest.fail("the diverging run never left the window")


def test_the_playback_range_and_value_reach_the_browser_in_an_order_it_cannot_misread(data):
    """Told a new max, the browser's slider reports where its handle is; had the value already moved on, that
    stale position would come back as a learner's drag and switch the picture to playback (dragging epochs up
    did). A larger max goes out before the value, a smaller one after it, each in its own message."""
    _, _, xs, ys = data
    explorer = TrainingExplorer(xs, ys, epochs=10)
    for control in (explorer.play, explorer.step_slider):
        sent = []
        control.send_state = lambda key=None, sent=sent: sent.append(key)  # what would go to the browser
        explorer.epochs_slider.value = 20  # 40 -> 80 updates: the end grows
        explorer.epochs_slider.value = 5  # 80 -> 20: it shrinks
        assert sent == ["max", "value", "value", "max"], sent
        assert control.value == control.max == 20
    assert explorer.status_text.startswith("learning rate")  # the end of training, not playback


@pytest.mark.parametrize(
    "bad, error", [(True, TypeError), (2.5, TypeError), ("3", TypeError), (-1, ValueError), (10_000, ValueError)]
)
def test_show_step_names_what_it_needs(data, bad, error):
    _, _, xs, ys = data
    explorer = OptimizerExplorer(xs, ys)
    with pytest.raises(error, match="step must"):
        explorer.show_step(bad)
