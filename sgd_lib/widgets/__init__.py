"""Explorers: controls and one figure that they redraw in place.

Each explorer owns a single Matplotlib ``Figure`` that is not registered with
``pyplot`` (so no figure piles up, whatever the number of changes) and shows it as
a PNG in an ``ipywidgets.Image``. A change of a control recomputes, updates the
existing artists and re-renders that one image, so what is shown always belongs to
the current setting. A line of text under the controls says what happened in
words, including divergence and its epoch.

Displayed in a notebook, an explorer also carries a PNG of its current state, so
that readers without a running kernel (GitHub, nbviewer) still see the plot.
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
