"""The explorer in the page: one anywidget whose script computes and draws every setting itself.

Matplotlib lays the explorer's figure out and draws the static parts of each panel (axes, contours,
legends) once per look (:meth:`~.shell.Explorer._variants`: a method's colour in the legends, say)
as a *tile*; the loss axes' ticks and labels, whose limits follow the curve, are left to the page.
The moving artists are described by their style (colour, width, dashes, marker, outline, taken from
the explorer's own artists) and the pixel box of their axes, so that the page maps data to pixels
as Matplotlib does. Their data the page computes itself for every setting, with the same rules as
``sgd_lib`` (``numbers.js`` and ``explorers.js``, from the data and the constants of
:meth:`~.shell.Explorer._browser_data`): a drag never waits for the kernel, and a page without a
kernel works as well as one with it.
"""

from __future__ import annotations

import hashlib
import io
import json
import zlib
from pathlib import Path

import anywidget
import matplotlib as mpl
import numpy as np
import traitlets
from ipywidgets import Widget, widget_serialization
from matplotlib import colors as mcolors
from matplotlib import patheffects
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.typing import ColorType
from PIL import Image

from .common import DPI

#: The page's script, in the order its parts are read: numbers, then the explorers, then the widget.
SCRIPTS = ("numbers.js", "explorers.js", "explorer.js")
#: Matplotlib's points to the figure's pixels (one image pixel a CSS pixel).
POINTS = DPI / 72


def script() -> str:
    """The ES module the page runs: the three parts of :data:`SCRIPTS`, one after the other."""
    here = Path(__file__).parent
    return "\n".join((here / name).read_text(encoding="utf-8") for name in SCRIPTS)


class ExplorerCanvas(anywidget.AnyWidget):
    """A canvas that draws the explorer, and its status line above it."""

    _esm = script()
    #: The explorer's controls, in the order its port reads them.
    controls: traitlets.List[Widget] = traitlets.List().tag(sync=True, **widget_serialization)
    #: Play, the playback slider and the two step buttons, for explorers that play their run back.
    playback_controls: traitlets.List[Widget] = traitlets.List().tag(sync=True, **widget_serialization)
    #: The layout, the looks (tiles and styles), the ticks the page draws and the explorer's data (:func:`describe`).
    spec = traitlets.Dict().tag(sync=True)
    #: The tiles' PNGs, one after the other (``spec["images"]`` holds their lengths).
    images = traitlets.Bytes(b"").tag(sync=True)
    #: Integer arrays of the explorer's data, little-endian, one after the other, zlib-compressed (``spec["arrays"]``).
    arrays = traitlets.Bytes(b"").tag(sync=True)


def describe(explorer) -> tuple[dict, bytes, bytes]:
    """What the page needs to draw ``explorer``: the spec, the tiles' PNGs and the compressed arrays."""
    book = _Book(explorer)
    figure = explorer.figure
    height = figure.canvas.get_width_height()[1]
    axes = [ax for ax in figure.axes if ax.get_visible()]
    groups = list(explorer.render.regions)
    layout = {
        "size": list(figure.canvas.get_width_height()),
        "axes": [
            {
                "box": _box(ax.get_window_extent(), height),
                "xlog": ax.get_xscale() == "log",
                "ylog": ax.get_yscale() == "log",
                "limits": [*map(float, ax.get_xlim()), *map(float, ax.get_ylim())],
            }
            for ax in axes
        ],
        "panels": [
            {"axes": [axes.index(ax) for ax in group], "box": _box(explorer.render.regions[group], height)}
            for group in groups
        ],
    }
    ticks = _ticks(explorer, axes)
    looks = {}
    with explorer.quietly():
        for name, draw in explorer._variants().items():
            with np.errstate(all="ignore"):
                draw()
            looks[name] = {
                "tiles": [book.tile(group, ticks) for group in groups],
                "styles": [book.style(artist, axes) for artist in explorer._animated],
            }
    arrays = {
        name: np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")) for name, a in explorer._browser_arrays().items()
    }
    spec = {
        "kind": explorer.kind,
        "layout": layout,
        "ticks": ticks,
        "looks": looks,
        "styles": book.styles,
        "images": [len(png) for png in book.pngs],
        "data": explorer._browser_data(),
        "arrays": [{"name": name, "type": a.dtype.name, "shape": list(a.shape)} for name, a in arrays.items()],
    }
    json.dumps(spec, allow_nan=False)  # plain values only: the page reads it as JSON
    packed = zlib.compress(b"".join(a.tobytes() for a in arrays.values()), 9) if arrays else b""
    return spec, b"".join(book.pngs), packed


class _Book:
    """The tiles and styles of an explorer's looks, each stored once."""

    def __init__(self, explorer) -> None:
        self.explorer = explorer
        self.pngs: list[bytes] = []
        self._images: dict[bytes, int] = {}
        self.styles: list[dict] = []
        self._styles: dict[str, int] = {}

    def tile(self, group: tuple, ticks: list[dict]) -> int:
        """The image of one panel's static parts as drawn now, without the ticks the page draws."""
        render, figure = self.explorer.render, self.explorer.figure
        moving = [(figure.axes[t["figureAxes"]], t["axis"]) for t in ticks if figure.axes[t["figureAxes"]] in group]
        for ax, axis in moving:
            _show_ticks(ax, axis, False)
        try:
            render.draw_panel(group)
        finally:
            for ax, axis in moving:
                _show_ticks(ax, axis, True)
        left, top, right, bottom = (
            int(round(v)) for v in _box(render.regions[group], figure.canvas.get_width_height()[1])
        )
        pixels = np.asarray(figure.canvas.buffer_rgba())[top:bottom, left:right].copy()
        digest = hashlib.sha1(pixels.tobytes()).digest()
        if digest not in self._images:
            self._images[digest] = len(self.pngs)
            self.pngs.append(_png(pixels))
        return self._images[digest]

    def style(self, artist, axes: list) -> int:
        """The number of the artist's style as drawn now."""
        index = axes.index(artist.axes)
        style = arrow_style(artist, index) if isinstance(artist, FancyArrowPatch) else line_style(artist, index)
        text = json.dumps(style, sort_keys=True)
        if text not in self._styles:
            self._styles[text] = len(self.styles)
            self.styles.append(style)
        return self._styles[text]


def _show_ticks(ax, axis: str, shown: bool) -> None:
    side = "left" if axis == "y" else "bottom"
    ax.tick_params(axis=axis, which="both", **{side: shown, f"label{side}": shown})


def _ticks(explorer, axes: list) -> list[dict]:
    """The axes whose ticks the page draws: log y axes that follow a curve, and an x axis that follows epochs."""
    size = FontProperties(size=mpl.rcParams["ytick.labelsize"]).get_size_in_points() * POINTS
    style = {
        "major": [mpl.rcParams["ytick.major.size"] * POINTS, mpl.rcParams["ytick.major.width"] * POINTS],
        "minor": [mpl.rcParams["ytick.minor.size"] * POINTS, mpl.rcParams["ytick.minor.width"] * POINTS],
        "pad": mpl.rcParams["ytick.major.pad"] * POINTS,
        "font": size,
        "color": _hex(mpl.rcParams["ytick.color"]),
    }
    ticks = []
    for ax in explorer._widest_limits():
        entry = {"axes": axes.index(ax), "figureAxes": explorer.figure.axes.index(ax), "axis": "y", "style": style}
        ticks.append(entry)
        limits = explorer._moving_x()
        if limits:
            ticks.append({**entry, "axis": "x", "table": _linear_ticks(ax, limits)})
    return ticks


def _linear_ticks(ax, limits: list[float]) -> dict[str, list]:
    """For each x limit (0, limit): Matplotlib's ticks and their labels, as the page draws them."""
    saved, table = ax.get_xlim(), {}
    for limit in limits:
        ax.set_xlim(0.0, limit)
        locations = [float(v) for v in ax.xaxis.get_majorticklocs() if -1e-9 * limit <= v <= limit * (1 + 1e-9)]
        labels = ax.xaxis.get_major_formatter().format_ticks(locations)
        table[f"{limit:g}"] = [[v, label] for v, label in zip(locations, labels)]
    ax.set_xlim(saved)
    return table


def _box(bbox, height: float) -> list[float]:
    """A display box (origin bottom left) as [left, top, right, bottom] pixels of the picture."""
    return [float(bbox.x0), float(height - bbox.y1), float(bbox.x1), float(height - bbox.y0)]


def _png(rgba: np.ndarray) -> bytes:
    """A 256-colour PNG of a tile, compressed hard: it is drawn once and stored in the notebook."""
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").quantize(256, method=Image.Quantize.FASTOCTREE).save(
        buffer, format="png", optimize=True
    )
    return buffer.getvalue()


def _hex(color: ColorType, alpha: float | None = None) -> str:
    """``#rrggbb`` or ``#rrggbbaa`` of a Matplotlib colour."""
    rgba = mcolors.to_rgba(color, alpha)
    return mcolors.to_hex(rgba, keep_alpha=rgba[3] < 1)


def _halo(artist) -> list | None:
    """The outline a path effect draws under ``artist``: [width in px, colour], or None."""
    for effect in artist.get_path_effects():
        if isinstance(effect, (patheffects.Stroke, patheffects.withStroke)):
            gc = effect._gc  # type: ignore[attr-defined]  # private: the stroke's width and colour
            return [gc.get("linewidth", 0) * POINTS, _hex(gc.get("foreground", "black"))]
    return None


def _dashes(pattern: tuple) -> list[float]:
    """A Matplotlib dash pattern (offset, on-off lengths in points, scaled by the width) in pixels."""
    _, sequence = pattern
    return [float(length) * POINTS for length in sequence] if sequence else []


def line_style(line: Line2D, axes: int) -> dict:
    """How the page draws ``line``: its stroke, its markers and its outline."""
    alpha = line.get_alpha()
    marker = line.get_marker()
    return {
        "kind": "line",
        "axes": axes,
        "stroke": _hex(line.get_color(), alpha) if line.get_linestyle() not in ("None", "none", "", " ") else None,
        "width": line.get_linewidth() * POINTS,
        "dash": _dashes(line._dash_pattern),  # type: ignore[attr-defined]  # private: dashes scaled by the width
        "marker": marker if marker in ("o", ".", "*", "s", "D") else None,
        "size": line.get_markersize() * POINTS,
        "fill": _hex(line.get_markerfacecolor(), alpha) if str(line.get_markerfacecolor()) != "none" else None,
        "edge": _hex(line.get_markeredgecolor(), alpha),
        "edgeWidth": line.get_markeredgewidth() * POINTS,
        "halo": _halo(line),
        "clip": bool(line.get_clip_on()),
    }


def arrow_style(arrow: FancyArrowPatch, axes: int) -> dict:
    """How the page draws a step arrow: a shaft and a filled head, with an outline."""
    return {
        "kind": "arrow",
        "axes": axes,
        "stroke": _hex(arrow.get_edgecolor()),
        "width": arrow.get_linewidth() * POINTS,
        "dash": _dashes(arrow._dash_pattern),  # type: ignore[attr-defined]  # private: dashes scaled by the width
        "head": arrow.get_mutation_scale() * POINTS,
        "halo": _halo(arrow),
        "clip": True,
    }


def artist_data(artist) -> np.ndarray:
    """The points an artist draws, in data coordinates, as rows (x, y); none when it is hidden."""
    if not artist.get_visible():
        return np.empty((0, 2))
    if isinstance(artist, FancyArrowPatch):
        return np.asarray(artist._posA_posB, dtype=float)  # type: ignore[attr-defined]  # private: the two ends
    x, y = artist.get_data()
    x, y = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    if x.size != y.size:  # a line drawn over a grid of x whose y is one value
        x, y = np.broadcast_arrays(x, y)
    return np.column_stack([x, y]) if x.size else np.empty((0, 2))
