"""The explorer shell: a row of controls, a sentence that says what happened, and one figure that follows them.

An explorer owns a single Matplotlib ``Figure`` that is not registered with ``pyplot`` (so no figure
piles up, whatever the number of changes). A change of a control recomputes and updates the
existing artists, and the status line says what happened in words, including divergence and its
step. The page draws the explorer itself (:mod:`.browser`); the PNG of the current picture
(:attr:`Explorer.picture`) is rendered when it is asked for, and the notebook stores it beside the
widget for readers without a kernel.
"""

from __future__ import annotations

import base64
import contextlib
import html
from collections.abc import Callable, Iterator

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..plotting import ROW
from .browser import ExplorerCanvas, describe
from .common import DPI
from .render import Picture


class Explorer:
    """Base class: a row of controls, a status line and one figure redrawn on every change.

    Subclasses build their axes in ``_setup`` (and list the artists that move in ``self._animated``)
    and update them in ``_redraw``, which returns the status text (HTML). For the page they give
    ``_browser_data`` (what its port of the explorer needs: the data and the constants of the run)
    and, where the static parts of the figure change with a setting, ``_variants``.
    """

    #: Whether the explorer plays its run back update by update (:class:`~.playback.PlaybackExplorer`).
    playback = False
    #: The name of the explorer in the page's script (``explorers.js``).
    kind = ""

    def __init__(self, controls: list[widgets.Widget], figsize: tuple[float, float] = ROW) -> None:
        self.figure = Figure(figsize=figsize, dpi=DPI, layout="constrained")
        self.render = Picture(self.figure, self._style)
        self.controls = controls
        self.status = widgets.HTML()
        self._quiet = False  # True while the explorer moves its own controls
        rows = [widgets.HBox(controls), *self._extra_rows()]
        self.canvas = ExplorerCanvas()
        self.canvas.on_msg(self._on_message)
        self.widget = widgets.VBox([*rows, self.canvas])
        self.redraws = 0
        self._png: bytes | None = None
        self._described = False
        self._animated: list = []
        self._setup()
        self.render.animate(self._animated)
        for control in controls:
            control.observe(self._on_change, names="value")
        self.refresh()
        if not self.render.regions:
            self.render.freeze(self._widest_limits())  # the layout is fixed from the start

    # -- what a subclass gives ---------------------------------------------------------------------------

    def _setup(self) -> None:
        raise NotImplementedError

    def _redraw(self) -> str:
        """Recompute for the current settings, draw, and return the status (HTML)."""
        raise NotImplementedError

    def _extra_rows(self) -> list[widgets.Widget]:
        """Rows of controls under the settings (playback's)."""
        return []

    def _style(self) -> object:
        """What, besides the axis limits, the static background depends on (its legends, say)."""
        return None

    def _widest_limits(self) -> dict[Axes, tuple[tuple[float, float], tuple[float, float]]]:
        """Axes whose tick labels change with their limits: the (x, y) limits with the widest labels they show.

        The y axes named here are log scaled; the page draws their ticks (and, for those listed by
        ``_moving_x``, the x axis's too).
        """
        return {}

    def _moving_x(self) -> list[float]:
        """The x limits (from 0) that the first of ``_widest_limits``'s axes takes, if its x axis moves."""
        return []

    def _browser_data(self) -> dict:
        """What the page's port of this explorer needs (``explorers.js``): data and constants, as plain values."""
        raise NotImplementedError

    def _browser_arrays(self) -> dict[str, np.ndarray]:
        """Larger integer arrays the page's port needs (sent compressed)."""
        return {}

    def _variants(self) -> dict[str, Callable[[], object]]:
        """The page's names for the looks of the static parts (legends, titles), each with a way to draw it."""
        return {"": lambda: None}

    def _draw_current(self) -> None:
        """Draw the current setting again (after the explorer drew others quietly)."""
        self._redraw()

    # -- following the controls ----------------------------------------------------------------------------

    def _on_change(self, change: dict) -> None:
        if not self._quiet:
            self.refresh()

    def refresh(self) -> None:
        """Recompute for the current control values and redraw the figure."""
        self._show(self._redraw)

    def _show(self, draw: Callable[[], str]) -> None:
        """Draw (``draw`` returns the status line) and put the status on show."""
        with np.errstate(all="ignore"):
            self.status.value = draw()
        self._png = None
        self.redraws += 1

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Let the explorer move its own controls without telling the page or itself; put them back after."""
        saved = [control.value for control in self.controls]
        self._quiet = True
        try:
            with contextlib.ExitStack() as stack:
                for control in self.controls:
                    stack.enter_context(control.hold_sync())
                try:
                    yield
                finally:
                    for control, value in zip(self.controls, saved):
                        control.value = value
        finally:
            self._quiet = False
            with np.errstate(all="ignore"):
                self._draw_current()

    # -- the picture, in the page and as a PNG ---------------------------------------------------------------

    @property
    def picture(self) -> bytes:
        """The PNG of the current picture (rendered the first time it is asked for after a change)."""
        if self._png is None:
            with np.errstate(all="ignore"):
                self._png = self.render.png()
        return self._png

    @property
    def status_text(self) -> str:
        """The status line as plain text."""
        text = self.status.value
        for tag in ("<b>", "</b>", "<span class='bad'>", "</span>"):
            text = text.replace(tag, "")
        return html.unescape(text)

    def _on_message(self, canvas: ExplorerCanvas, content: dict, buffers: list) -> None:
        """The page asks whether a kernel runs the explorer: it answers."""
        if isinstance(content, dict) and content.get("type") == "hello":
            canvas.send({"type": "hello"})

    def _show_in_browser(self) -> None:
        """Give the page what it draws the explorer from, the first time the explorer is shown."""
        if self._described:
            return
        self.picture  # noqa: B018  (lays the figure out and draws every panel once)
        spec, images, arrays = describe(self)
        with self.canvas.hold_sync():
            self.canvas.controls = list(self.controls)
            self.canvas.playback_controls = self._playback_widgets()
            self.canvas.spec = spec
            self.canvas.images = images
            self.canvas.arrays = arrays
        self._described = True

    def _playback_widgets(self) -> list[widgets.Widget]:
        return []

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        self._show_in_browser()
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{self!r}\n{self.status_text}"
        bundle["image/png"] = base64.b64encode(self.picture).decode("ascii")
        return bundle

    def close(self) -> None:
        """Close the widgets (the figure is freed with the explorer)."""
        self.widget.close()
        self.canvas.close()
        for control in self.controls:
            control.close()
