"""The frames the kernel computes ahead for the browser: each is what the explorer shows at that setting.

The browser draws a frame of the grid without asking the kernel, so a frame must be exactly
the picture and the sentence the explorer gives when a learner moves the controls there.
Here frames are unpacked as the browser unpacks them and compared with the explorer set to
the same point, artist by artist, to float32 precision.
"""

from __future__ import annotations

import numpy as np
import pytest

from sgd_lib import LinearModel
from sgd_lib.widgets import LineExplorer, MethodExplorer, MomentumExplorer, OptimizerExplorer, TrainingExplorer
from sgd_lib.widgets._frames import PLAYBACK_KEPT
from sgd_lib.widgets._grid import key
from sgd_lib.widgets._scene import _data, pack, unpack


def _frames(blob: bytes) -> dict:
    document, values, _ = unpack(blob)
    frames = {}
    for frame in document["frames"]:
        arrays = [np.column_stack([values[x : x + n], values[y : y + n]]) for x, y, n, _ in frame["artists"]]
        frames[(frame["key"], frame.get("step"))] = (frame["status"], arrays)
    return frames


def _same_as_explorer(explorer, status: str, arrays: list[np.ndarray]) -> None:
    assert status == explorer.status.value
    for artist, drawn in zip(explorer._animated, arrays):
        expected = _data(artist) if artist.get_visible() else np.empty((0, 2))
        np.testing.assert_allclose(drawn, expected.astype(np.float32), rtol=0, atol=0, equal_nan=True)


def _shown(explorer) -> dict:
    explorer._repr_mimebundle_()
    return _frames(explorer.canvas.grid)


@pytest.mark.parametrize("make", [
    lambda x, y, xs, ys: OptimizerExplorer(xs, ys, learning_rate=0.1),
    lambda x, y, xs, ys: MomentumExplorer(x / 10, ys, learning_rate=0.015, learning_rate_range=(1e-3, 0.1)),
    lambda x, y, xs, ys: MethodExplorer(x, y, learning_rate=30.0, learning_rate_range=(1e-4, 100.0), steps=60,
                                        start=tuple(LinearModel(seed=0).get_params())),
    lambda x, y, xs, ys: LineExplorer(x, y, w=0.1257, b=0.0),
], ids=["optimizer", "momentum", "method", "line"])
def test_every_frame_of_the_grid_is_what_the_explorer_shows_there(raw, standardized, make):
    explorer = make(*raw, *standardized)
    frames = _shown(explorer)
    axes = explorer._grid_axes()
    rng = np.random.default_rng(0)
    names = [name for name, step in frames if step is None]
    for name in [names[0], *rng.choice(names[1:], 6, replace=False)]:
        for ax, token in zip(axes, name.split(",")):
            ax.control.value = ax.values[int(token)]
        _same_as_explorer(explorer, *frames[(name, None)])
        for ax, token in zip(axes, names[0].split(",")):  # back to the centre of the cross
            ax.control.value = ax.values[int(token)]


def test_the_epochs_frames_from_the_longest_run_are_those_of_each_run(standardized):
    """The epochs slider's frames come from one long run per rate and batch size; trained anew, each is the same."""
    for rate in (0.1, 1.5):  # a tame run, and one that diverges (trained anew for every number of epochs)
        explorer = TrainingExplorer(*standardized, learning_rate=rate, epochs=100, max_epochs=300)
        frames = _shown(explorer)
        lr, epochs, batch = (ax.position() for ax in explorer._grid_axes())
        for count in (1, 7, 100, 299, 300):
            name = key((lr, count - 1, batch))
            explorer.epochs_slider.value = count
            _same_as_explorer(explorer, *frames[(name, None)])


def test_playback_frames_are_the_explorers_updates(standardized):
    explorer = TrainingExplorer(*standardized, epochs=10)
    explorer._repr_mimebundle_()
    frames = _frames(explorer.canvas.playback)
    assert len(frames) == 40 <= PLAYBACK_KEPT
    for step in (0, 1, 17, 39):
        explorer.show_step(step)
        (status, arrays), = [value for (name, s), value in frames.items() if s == step]
        _same_as_explorer(explorer, status, arrays)


def test_a_setting_off_the_grid_is_sent_as_the_current_frame(standardized):
    explorer = OptimizerExplorer(*standardized, learning_rate=0.1)
    explorer._repr_mimebundle_()
    assert explorer.canvas.current == b""
    explorer.show_step(12)  # playback of the shown run: stored with the grid
    assert explorer.canvas.current == b""
    explorer.learning_rate_slider.value = 0.5  # another run, paused at step 12: the kernel sends that frame
    (name, step), = _frames(explorer.canvas.current)
    assert step == 12
    explorer.show_step(30)
    assert explorer.canvas.current == b""  # the end of a run of the grid: the browser has it


def test_the_line_explorers_slider_stops_run_through_its_starting_values(raw):
    explorer = LineExplorer(*raw, w=0.1257, b=0.0)
    for ax in explorer._grid_axes():
        assert ax.position() is not None
        assert explorer.w_range[0] <= explorer.w_slider.min < explorer.w_range[0] + explorer.w_slider.step
    assert explorer.w_slider.value == 0.1257 and explorer.b_slider.value == 0.0


def test_packed_frames_unpack_to_the_same_values():
    values = np.array([1.5, np.nan, -np.inf, 3e-30], dtype=np.float32)
    document, unpacked, images = unpack(pack({"frames": []}, values, [b"png bytes", b"more"]))
    np.testing.assert_array_equal(unpacked, values)
    assert images == [b"png bytes", b"more"] and document["values"] == 4


def test_the_stored_notebooks_with_their_explorers_state_stay_under_4_mb():
    from pathlib import Path

    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    total = sum(path.stat().st_size for path in [*notebooks.glob("*.ipynb"), *notebooks.glob("solutions/*.ipynb")])
    assert total <= 4_000_000, f"the notebooks take {total / 1e6:.2f} MB"


def test_the_grid_follows_the_end_of_a_drag_once_the_last_change_has_come(standardized):
    explorer = TrainingExplorer(*standardized)
    explorer._repr_mimebundle_()
    sent = []
    explorer.canvas.send = lambda content, buffers=None: sent.append(content)
    lr, epochs, batch = (ax.position() for ax in explorer._grid_axes())
    reached = key((lr, 49, batch))  # the page is at 50 epochs; its last change has not reached the kernel yet
    explorer._on_message(explorer.canvas, {"type": "settled", "key": reached}, [])
    assert sent == []
    explorer.epochs_slider.value = 50
    assert sent == [{"type": "settled", "count": 1}]
    frames = _frames(explorer.canvas.grid)
    assert (key((lr - 1, 49, batch)), None) in frames  # the learning rates at 50 epochs: the new cross
