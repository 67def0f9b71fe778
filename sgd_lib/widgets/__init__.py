"""Explorers: controls over a picture that follows them, and a sentence that says what happened.

The page draws each explorer itself: Matplotlib draws the figure's static parts once, and the
page's script (``numbers.js``, ``explorers.js``, ``explorer.js``, through anywidget) runs the same
training rules as ``sgd_lib`` for every setting the controls reach, so a dragged slider never waits
for the kernel, and a page without a kernel (``make site``) works too. In the kernel, each explorer
owns one Matplotlib ``Figure`` that is not registered with ``pyplot`` and follows every change; a
line of text says what happened in words, including divergence and its step.

Displayed in a notebook, an explorer also carries a PNG of its current state
(:attr:`~sgd_lib.widgets.shell.Explorer.picture`), so that readers without a running kernel
(GitHub, an untrusted notebook) still see the plot.

The parts: :mod:`.shell` (controls, status, figure), :mod:`.playback`, :mod:`.render` (the PNG),
:mod:`.browser` (what the page gets), :mod:`.common` and :mod:`.controls` (what the explorers
share), and one module per explorer.
"""

from __future__ import annotations

from .line import LineExplorer
from .method import MethodExplorer
from .momentum import MomentumExplorer
from .optimizer import OptimizerExplorer
from .training import TrainingExplorer

__all__ = ["LineExplorer", "MethodExplorer", "MomentumExplorer", "OptimizerExplorer", "TrainingExplorer"]
