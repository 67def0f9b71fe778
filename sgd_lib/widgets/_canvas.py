"""The widget that draws an explorer in the browser: one ES module (``explorer.js``) through anywidget.

It carries the explorer's layout and background, the frames of the grid around the current
setting, the playback frames of the current run and, when the current setting is in neither,
the frame the kernel drew for it. The browser listens to the explorer's own controls and draws
the frame of their positions on a canvas, without a round trip to the kernel.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets
from ipywidgets import widget_serialization

MODULE = Path(__file__).with_name("explorer.js")


class ExplorerCanvas(anywidget.AnyWidget):
    """A canvas over the explorer's background, and the status line above it."""

    _esm = MODULE
    #: The controls whose positions name a grid point, and how to read each position (``_grid.Axis.describe``).
    controls = traitlets.List().tag(sync=True, **widget_serialization)
    axes = traitlets.List().tag(sync=True)
    #: The Play button and the playback slider, for explorers that play their run back.
    playback_controls = traitlets.List().tag(sync=True, **widget_serialization)
    #: The figure's size, its axes' pixel boxes and log scales, and its panels (``_scene.Scene.layout``).
    scene = traitlets.Dict().tag(sync=True)
    #: The static parts of the whole figure, as a PNG: what the panels' tiles are drawn over.
    base = traitlets.Bytes(b"").tag(sync=True)
    #: Packed frames (``_scene.pack``): the grid's, the playback's, and the kernel's current frame.
    grid = traitlets.Bytes(b"").tag(sync=True)
    playback = traitlets.Bytes(b"").tag(sync=True)
    current = traitlets.Bytes(b"").tag(sync=True)
