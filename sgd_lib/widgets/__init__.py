"""Explorers: controls over a picture that follows them, and a sentence that says what happened.

Each explorer owns a single Matplotlib ``Figure`` that is not registered with
``pyplot`` (so no figure piles up, whatever the number of changes). The browser draws
it (``explorer.js``, through anywidget): the figure's static parts as background tiles,
its moving artists from frames the explorer computed for the settings around the
current one, so a dragged slider never waits for the kernel. A line of text says what
happened in words, including divergence and its epoch.

Displayed in a notebook, an explorer also carries a PNG of its current state
(:attr:`Explorer.picture`), so that readers without a running kernel (GitHub, an
untrusted notebook) still see the plot.
"""

from __future__ import annotations

from ._engine import DPI, Explorer, ExplorerData, explorer_data, rate_options
from .line import LineExplorer
from .momentum import MomentumExplorer
from .optimizer import METHODS, MethodExplorer, OptimizerExplorer
from .training import TrainingExplorer

__all__ = [
    "DPI", "Explorer", "ExplorerData", "LineExplorer", "METHODS", "MethodExplorer", "MomentumExplorer",
    "OptimizerExplorer", "TrainingExplorer",
    "explorer_data", "rate_options",
]
