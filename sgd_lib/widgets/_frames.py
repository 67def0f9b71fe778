"""Frames computed ahead: the explorer itself draws each setting of the grid, and its artists are recorded.

Every frame is made by the explorer's own code (the same training run, the same sentence, the
same artists as when a learner moves the control there), with the controls set quietly: no
message reaches the browser and no observer runs until they are put back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np

from ._grid import Axis, cross, key
from ._scene import Scene

#: Playback frames are computed ahead for runs of at most this many updates; longer runs ask the kernel.
PLAYBACK_KEPT = 400


@contextlib.contextmanager
def quietly(explorer, axes: list[Axis]) -> Iterator[None]:
    """Let the explorer's controls be moved without telling the browser or the explorer; put them back after."""
    saved = [ax.control.value for ax in axes]
    explorer._precomputing = True
    try:
        with contextlib.ExitStack() as stack:
            for ax in axes:
                stack.enter_context(ax.control.hold_sync())
            try:
                yield
            finally:
                for ax, value in zip(axes, saved):
                    ax.control.value = value
    finally:
        explorer._precomputing = False
        with np.errstate(all="ignore"):
            explorer._draw_setting(explorer._shown_step())  # the artists show the current setting again


def grid_frames(explorer, scene: Scene, axes: list[Axis], points: list[tuple[int, ...]],
                known: dict[str, dict]) -> dict[str, dict]:
    """The end-of-run frame of every grid point (from ``known`` where it was computed before)."""
    frames, saved = {}, [ax.control.value for ax in axes]
    with quietly(explorer, axes), np.errstate(all="ignore"):
        for point in points:
            name = key(point)
            if name in known:
                frames[name] = known[name]
                continue
            for ax, position, value in zip(axes, point, saved):
                ax.control.value = value if position is None else ax.values[position]
            frame = scene.frame(explorer._draw_setting(None))
            frames[name] = {**frame, "key": name}
    return frames


def playback_frames(explorer, scene: Scene) -> list[dict] | None:
    """The frames of every update of the current run, or None when the run is longer than :data:`PLAYBACK_KEPT`."""
    if not explorer.playback:
        return []
    with np.errstate(all="ignore"):
        explorer._compute_setting()
        count = explorer._frames()
        if count > PLAYBACK_KEPT:
            return None
        frames = []
        for step in range(count - 1, -1, -1):  # the longest path first: the others are its prefixes
            frames.append({**scene.frame(explorer._frame(step)), "step": step})
        explorer._draw_setting(explorer._shown_step())
    return frames[::-1]


def center(axes: list[Axis]) -> tuple[int | None, ...]:
    """The grid point of the controls' current values."""
    return tuple(ax.position() for ax in axes)


__all__ = ["PLAYBACK_KEPT", "center", "cross", "grid_frames", "playback_frames", "quietly"]
