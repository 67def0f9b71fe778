"""An explorer's figure as a PNG: laid out once, each panel's static parts drawn once per set of axis limits.

The figure is laid out once (with the widest labels it will show), then each panel (an axes with
its labels and legends, or several axes whose extents overlap: a surface and its colour bar) owns
a region of it. A panel's static parts are drawn once per style and set of axis limits into a
small cache; a change redraws only the panels whose limits changed, then the few artists that
move, and encodes the PNG. The page draws the same panels as tiles (:mod:`.browser`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox, BboxBase
from PIL import Image

from ..plotting import palette_png
from .common import set_log_limits

#: Backgrounds kept per panel (a style and a set of axis limits each).
BACKGROUNDS_KEPT = 12
#: Axes limits: (x limits, y limits); the y axes of a limits map are log scaled.
Limits = dict[Axes, tuple[tuple[float, float], tuple[float, float]]]


class Picture:
    """The PNG of a figure whose artists ``animated`` move and whose other artists stay.

    Parameters
    ----------
    figure : Figure
        The explorer's figure (not registered with ``pyplot``).
    style : callable
        What, besides the axis limits, the static parts depend on (legends that change, say).
    """

    def __init__(self, figure: Figure, style: Callable[[], object]) -> None:
        FigureCanvasAgg(figure)
        self.figure = figure
        self.style = style
        self.animated: list[Artist] = []
        self.regions: dict[tuple[Axes, ...], Bbox] = {}  # panel: the part of the figure it owns, once laid out
        self._blank: dict = {}
        self._backgrounds: dict = {}  # (panel, style and limits): its drawn static parts
        self._drawn: dict = {}  # panel: the key of what the composite shows for it
        self._composite = None

    @property
    def canvas(self) -> FigureCanvasAgg:
        """The figure's canvas: the Agg canvas made with the picture, whose pixels it copies and restores."""
        canvas = self.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            raise TypeError(f"the figure's canvas must be Matplotlib's Agg canvas, got {type(canvas).__name__}")
        return canvas

    def animate(self, artists: Iterable[Artist]) -> None:
        """Mark the artists that move: they are drawn over the cached backgrounds."""
        self.animated = list(artists)
        for artist in self.animated:
            artist.set_animated(True)

    def key(self, group: tuple[Axes, ...]) -> tuple:
        """What a panel's static parts depend on: the style and its axes' limits."""
        return (self.style(), *(limit for ax in group for limit in (*ax.get_xlim(), *ax.get_ylim())))

    def png(self) -> bytes:
        """The PNG of the figure as it is now."""
        if not self.regions:
            self.freeze({})
        self.composite()
        for artist in self.animated:
            self.figure.draw_artist(artist)
        canvas = self.canvas
        return palette_png(Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()), fast=True)

    def composite(self) -> None:
        """Bring the canvas to the static parts of every panel as they are now (from the cache where it can)."""
        canvas, changed = self.canvas, False
        for group in self.regions:
            key = self.key(group)
            if self._drawn.get(group) == key:
                continue
            cached = self._backgrounds.get((group, key))
            if cached is None:
                cached = self.draw_panel(group)
                if len(self._backgrounds) >= BACKGROUNDS_KEPT * len(self.regions):
                    self._backgrounds.pop(next(iter(self._backgrounds)))
                self._backgrounds[(group, key)] = cached
            if not changed:
                canvas.restore_region(self._composite)
            canvas.restore_region(cached)
            self._drawn[group], changed = key, True
        if changed:
            self._composite = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._composite)

    def draw_panel(self, group: tuple[Axes, ...]) -> object:
        """Draw one panel's static parts on its empty region and return them (the canvas keeps them too)."""
        canvas = self.canvas
        canvas.restore_region(self._blank[group])
        for ax in group:
            ax.draw(canvas.get_renderer())  # animated artists are left out
        self._drawn.pop(group, None)  # the canvas no longer shows the composite there
        return canvas.copy_from_bbox(self.regions[group])

    def freeze(self, widest: Limits) -> None:
        """Lay the figure out once, fix the positions, and give each panel its region of the figure.

        ``widest`` names the axes whose tick labels change with their limits, with the limits of the
        widest labels they show: the layout leaves room for those. A panel's region reaches halfway
        to the neighbouring panels (and to the figure's edge where it has none), so what it draws
        stays inside. The empty regions are kept to draw a panel afresh on. An explorer whose legends
        grow later calls this while the largest are shown.
        """
        canvas = self.canvas
        shown = {ax: (ax.get_xlim(), ax.get_ylim()) for ax in widest}
        for ax, (xlim, ylim) in widest.items():
            ax.set_xlim(xlim)
            set_log_limits(ax, ylim)
        with np.errstate(all="ignore"):
            canvas.draw()
        self.figure.set_layout_engine("none")  # later draws keep the positions
        for ax in widest:  # their axis titles stay where the widest labels put them, whatever the labels shown
            to_axes = ax.transAxes.inverted()
            ax.yaxis.set_label_coords(to_axes.transform((ax.yaxis.label.get_position()[0], 0))[0], 0.5)
            ax.xaxis.set_label_coords(0.5, to_axes.transform((0, ax.xaxis.label.get_position()[1]))[1])
        renderer = canvas.get_renderer()
        extents = {ax: ax.get_tightbbox(renderer) for ax in self.figure.axes if ax.get_visible()}
        boxes = panels({ax: box for ax, box in extents.items() if box is not None})  # (None is for hidden axes)
        for ax, (xlim, ylim) in shown.items():
            ax.set_xlim(xlim)
            set_log_limits(ax, ylim)
        self.regions = {group: region(box, boxes.values(), self.figure.bbox) for group, box in boxes.items()}
        for group in boxes:
            for ax in group:
                ax.set_visible(False)
        canvas.draw()
        self._blank = {group: canvas.copy_from_bbox(box) for group, box in self.regions.items()}
        for group in boxes:
            for ax in group:
                ax.set_visible(True)
        self._composite = canvas.copy_from_bbox(self.figure.bbox)
        self._drawn = {}


def panels(boxes: dict[Axes, Bbox]) -> dict[tuple[Axes, ...], Bbox]:
    """Group axes whose extents overlap into one panel, with the union of their extents."""
    groups = [([ax], box) for ax, box in boxes.items()]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if groups[i][1].overlaps(groups[j][1]):
                    groups[i] = (groups[i][0] + groups[j][0], Bbox.union([groups[i][1], groups[j][1]]))
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return {tuple(axes): box for axes, box in groups}


def region(box: Bbox, boxes: Iterable[Bbox], figure: BboxBase) -> Bbox:
    """The part of the figure around ``box`` that reaches halfway to the nearest other boxes."""
    x0, y0, x1, y1 = figure.x0, figure.y0, figure.x1, figure.y1
    for other in boxes:
        if other is box:
            continue
        overlaps_rows = other.y0 < box.y1 and box.y0 < other.y1
        overlaps_columns = other.x0 < box.x1 and box.x0 < other.x1
        if overlaps_rows and other.x1 <= box.x0:
            x0 = max(x0, (other.x1 + box.x0) / 2)
        if overlaps_rows and other.x0 >= box.x1:
            x1 = min(x1, (other.x0 + box.x1) / 2)
        if overlaps_columns and other.y1 <= box.y0:
            y0 = max(y0, (other.y1 + box.y0) / 2)
        if overlaps_columns and other.y0 >= box.y1:
            y1 = min(y1, (other.y0 + box.y1) / 2)
    return Bbox([[np.floor(x0), np.floor(y0)], [np.ceil(x1), np.ceil(y1)]])
