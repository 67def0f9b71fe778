"""What the browser draws of an explorer: its backgrounds once, and its moving artists as data, frame by frame.

Matplotlib lays the explorer's figure out and draws the static parts of each panel (axes,
ticks, contours, legends) as an image: a *tile*, one per panel and per set of axis limits and
legends. The moving artists (paths, loss curves, the line, markers, arrows) are taken from the
explorer's own artists after it has drawn a frame: their data in data coordinates, their style
(colour, width, dashes, marker, outline) and the pixel box and limits of their axes, so that the
browser maps data to pixels as Matplotlib does. A :class:`Scene` collects these *frames*; arrays
that another frame already holds, or holds a prefix of (a path during playback), are stored once.
"""

from __future__ import annotations

import hashlib
import io
import json
import zlib

import numpy as np
from matplotlib import colors as mcolors
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from PIL import Image


#: Matplotlib's points to the figure's pixels (the figure is drawn at 80 dpi, one image pixel a CSS pixel).
POINTS = 80 / 72


def _hex(color: object, alpha: float | None = None) -> str:
    """``#rrggbb`` or ``#rrggbbaa`` of a Matplotlib colour."""
    rgba = mcolors.to_rgba(color, alpha)
    return mcolors.to_hex(rgba, keep_alpha=rgba[3] < 1)


def _halo(artist) -> list | None:
    """The outline a path effect draws under ``artist``: [width in px, colour], or None."""
    for effect in artist.get_path_effects():
        if isinstance(effect, (patheffects.Stroke, patheffects.withStroke)):
            gc = effect._gc  # the stroke's settings: its line width and colour
            return [gc.get("linewidth", 0) * POINTS, _hex(gc.get("foreground", "black"))]
    return None


def _dashes(pattern: tuple) -> list[float]:
    """A Matplotlib dash pattern (offset, on-off lengths in points, scaled by the width) in pixels."""
    _, sequence = pattern
    return [float(length) * POINTS for length in sequence] if sequence else []


def line_style(line: Line2D, axes: int) -> dict:
    """How the browser draws ``line``: its stroke, its markers and its outline."""
    alpha = line.get_alpha()
    marker = line.get_marker()
    style = {
        "kind": "line",
        "axes": axes,
        "stroke": _hex(line.get_color(), alpha) if line.get_linestyle() not in ("None", "none", "", " ") else None,
        "width": line.get_linewidth() * POINTS,
        "dash": _dashes(line._dash_pattern),
        "marker": marker if marker in ("o", ".", "*", "s") else None,
        "size": line.get_markersize() * POINTS,
        "fill": _hex(line.get_markerfacecolor(), alpha) if str(line.get_markerfacecolor()) != "none" else None,
        "edge": _hex(line.get_markeredgecolor(), alpha),
        "edgeWidth": line.get_markeredgewidth() * POINTS,
        "halo": _halo(line),
        "clip": bool(line.get_clip_on()),
    }
    return style


def arrow_style(arrow: FancyArrowPatch, axes: int) -> dict:
    """How the browser draws a step arrow: a shaft and a filled head, with an outline."""
    return {
        "kind": "arrow",
        "axes": axes,
        "stroke": _hex(arrow.get_edgecolor()),
        "width": arrow.get_linewidth() * POINTS,
        "dash": _dashes(arrow._dash_pattern),
        "head": arrow.get_mutation_scale() * POINTS,
        "halo": _halo(arrow),
        "clip": True,
    }


def _data(artist) -> np.ndarray:
    """The points an artist draws, in data coordinates, as rows (x, y)."""
    if isinstance(artist, FancyArrowPatch):
        return np.asarray(artist._posA_posB, dtype=float)
    x, y = artist.get_data()
    x, y = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    if x.size != y.size:  # a line drawn over a grid of x whose y is one value
        x, y = np.broadcast_arrays(x, y)
    return np.column_stack([x, y]) if x.size else np.empty((0, 2))


def _png(rgba: np.ndarray) -> bytes:
    """A 256-colour PNG of a background, compressed hard: it is drawn once and stored in the notebook."""
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").quantize(256, method=Image.Quantize.FASTOCTREE).save(
        buffer, format="png", optimize=True)
    return buffer.getvalue()


class Scene:
    """The layout, the background tiles and the frames of one explorer, as the browser needs them.

    Parameters
    ----------
    explorer : Explorer
        A laid-out explorer (its figure's layout is frozen and its panels known).
    """

    def __init__(self, explorer) -> None:
        self.explorer = explorer
        figure = explorer.figure
        canvas = figure.canvas
        width, height = canvas.get_width_height()
        self.size = (int(width), int(height))
        self.axes: list[Axes] = [ax for ax in figure.axes if ax.get_visible()]
        self.groups = list(explorer._regions)
        self.panels = [
            {"axes": [self.axes.index(ax) for ax in group], "box": self._box(explorer._regions[group])}
            for group in self.groups
        ]
        self.artists = list(explorer._animated)
        self.tiles: list[dict] = []
        self.pngs: list[bytes] = []
        self._images: dict[bytes, int] = {}  # digest of a tile's pixels: its image
        self._tile_ids: dict = {}
        self.styles: list[dict] = []
        self._style_ids: dict[str, int] = {}
        self._style_of: dict[tuple, int] = {}  # an artist and its colours: its style's number
        self._pool: list[np.ndarray] = []
        self._length = 0
        self._stored: dict[bytes, int] = {}
        self._recent: dict[int, list[tuple[int, np.ndarray]]] = {}
        self.base = self._base()

    def _box(self, bbox) -> list[float]:
        """A display box (origin bottom left) as [left, top, right, bottom] pixels of the picture."""
        height = self.size[1]
        return [float(bbox.x0), float(height - bbox.y1), float(bbox.x1), float(height - bbox.y0)]

    def layout(self) -> dict:
        """The figure's size, its axes (pixel box, log scales) and its panels."""
        axes = [{"box": self._box(ax.get_window_extent()), "xlog": ax.get_xscale() == "log",
                 "ylog": ax.get_yscale() == "log"} for ax in self.axes]
        return {"size": self.size, "axes": axes, "panels": self.panels}

    def _base(self) -> bytes:
        """The whole figure's static parts as shown now: what the tiles are drawn over."""
        explorer = self.explorer
        explorer._render()  # brings every panel's background up to date
        canvas = explorer.figure.canvas
        canvas.restore_region(explorer._composite)
        rgba = np.asarray(canvas.buffer_rgba()).copy()
        return _png(rgba)

    def _tile(self, index: int) -> int:
        """The tile of panel ``index`` for its current limits and legends, drawn the first time it is needed."""
        explorer, group = self.explorer, self.groups[index]
        key = (explorer._style(), *(limit for ax in group for limit in (*ax.get_xlim(), *ax.get_ylim())))
        found = self._tile_ids.get((index, key))
        if found is not None:
            return found
        region = explorer._regions[group]
        explorer._draw_panel(group, region)
        rgba = np.asarray(explorer.figure.canvas.buffer_rgba())
        left, top, right, bottom = (int(round(v)) for v in self._box(region))
        pixels = rgba[top:bottom, left:right].copy()
        explorer._drawn.pop(group, None)  # the canvas no longer shows the composite there
        digest = hashlib.sha1(pixels.tobytes()).digest()  # another style may leave this panel as it was
        if digest not in self._images:
            self.pngs.append(_png(pixels))
            self._images[digest] = len(self.pngs) - 1
        limits = [[*ax.get_xlim(), *ax.get_ylim()] for ax in group]
        self.tiles.append({"panel": index, "image": self._images[digest],
                           "limits": [[float(v) for v in lim] for lim in limits]})
        self._tile_ids[(index, key)] = len(self.tiles) - 1
        return len(self.tiles) - 1

    def _style(self, artist) -> int:
        """The number of the artist's style (explorers change an artist's colour, nothing else of its style)."""
        colours = (artist.get_edgecolor() if isinstance(artist, FancyArrowPatch) else
                   (artist.get_color(), artist.get_markerfacecolor(), artist.get_markeredgecolor()))
        cached = (id(artist), str(colours), artist.get_alpha())
        if cached in self._style_of:
            return self._style_of[cached]
        axes = self.axes.index(artist.axes)
        style = arrow_style(artist, axes) if isinstance(artist, FancyArrowPatch) else line_style(artist, axes)
        text = json.dumps(style, sort_keys=True)
        if text not in self._style_ids:
            self._style_ids[text] = len(self.styles)
            self.styles.append(style)
        self._style_of[cached] = self._style_ids[text]
        return self._style_ids[text]

    def _store(self, slot: tuple, values: np.ndarray) -> int:
        """The offset of ``values`` in the pool: an array, or a prefix of one, already stored is reused."""
        values = np.ascontiguousarray(values, dtype="<f4")
        raw = values.tobytes()
        if raw in self._stored:
            return self._stored[raw]
        for offset, longer in self._recent.get(slot, []):
            if len(longer) >= len(values) and longer[: len(values)].tobytes() == raw:
                return offset
        offset = self._length
        self._pool.append(values)
        self._length += len(values)
        self._stored[raw] = offset
        recent = self._recent.setdefault(slot, [])
        recent.insert(0, (offset, values))
        del recent[4:]
        return offset

    def frame(self, status: str) -> dict:
        """The explorer's current picture as a frame: a tile per panel, each artist's points and style, the status.

        An artist is ``[offset of its x values, offset of its y values, count, style]``: the x
        and the y values are stored apart, so that the steps 0, 1, 2, ... of every curve are
        stored once.
        """
        tiles = [self._tile(i) for i in range(len(self.groups))]
        artists = []
        for slot, artist in enumerate(self.artists):
            points = _data(artist) if artist.get_visible() else np.empty((0, 2))
            if not len(points):
                artists.append([0, 0, 0, self._style(artist)])
                continue
            x, y = (self._store((slot, column), points[:, column]) for column in (0, 1))
            artists.append([x, y, len(points), self._style(artist)])
        return {"tiles": tiles, "artists": artists, "status": status}

    def blob(self, frames: list[dict], **extra: object) -> bytes:
        """The packed frames (:func:`pack`) with the styles, tiles and values they use, and ``extra`` fields.

        Each frame carries the keys the browser finds it by (set by the caller); tiles and
        styles keep the scene's numbering, so that frames of several blobs can share them.
        """
        starts = np.cumsum([0] + [len(chunk) for chunk in self._pool])
        chunks: dict[int, int] = {}  # chunk index: its start in this blob's pool
        length = 0

        def moved(offset: int) -> int:
            nonlocal length
            chunk = int(np.searchsorted(starts, offset, side="right")) - 1
            if chunk not in chunks:
                chunks[chunk] = length
                length += len(self._pool[chunk])
            return chunks[chunk] + offset - int(starts[chunk])

        packed = []
        for frame in frames:
            artists = [[moved(x), moved(y), n, style] if n else [0, 0, 0, style]
                       for x, y, n, style in frame["artists"]]
            packed.append({**frame, "artists": artists})
        pool = [self._pool[chunk] for chunk in chunks]  # in the order of their new starts
        tile_ids = sorted({t for frame in frames for t in frame["tiles"]})
        style_ids = sorted({a[3] for frame in frames for a in frame["artists"]})
        image_ids = sorted({self.tiles[t]["image"] for t in tile_ids})
        images = [self.pngs[i] for i in image_ids]
        tiles = {str(t): {**self.tiles[t], "image": image_ids.index(self.tiles[t]["image"])} for t in tile_ids}
        styles = {str(s): self.styles[s] for s in style_ids}
        document = {"frames": packed, "tiles": tiles, "styles": styles, **extra}
        return pack(document, np.concatenate(pool) if pool else np.empty(0, np.float32), images)


def pack(document: dict, pool: np.ndarray, images: list[bytes] = ()) -> bytes:
    """One zlib stream: the JSON document's length (4 bytes), the document, the float32 values, the images.

    The values' bytes are stored shuffled (every value's first byte, then every second
    byte, ...), which compresses better. ``document["values"]`` and ``document["images"]``
    (byte lengths) are filled in here. The browser inflates the stream with
    ``DecompressionStream('deflate')``.
    """
    pool = np.ascontiguousarray(pool, dtype="<f4").ravel()
    document = {**document, "values": len(pool), "images": [len(image) for image in images]}
    text = json.dumps(document, separators=(",", ":"), allow_nan=False).encode()
    body = len(text).to_bytes(4, "little") + text
    shuffled = pool.view(np.uint8).reshape(-1, 4).T.tobytes()
    return zlib.compress(body + shuffled + b"".join(images), 9)


def unpack(blob: bytes) -> tuple[dict, np.ndarray, list[bytes]]:
    """The inverse of :func:`pack`: the document, the values and the images."""
    body = zlib.decompress(blob)
    length = int.from_bytes(body[:4], "little")
    document = json.loads(body[4 : 4 + length])
    start, count = 4 + length, document["values"]
    shuffled = np.frombuffer(body[start : start + 4 * count], dtype=np.uint8).reshape(4, count)
    pool = shuffled.T.copy().view("<f4").ravel()
    images, offset = [], start + 4 * count
    for size in document["images"]:
        images.append(body[offset : offset + size])
        offset += size
    return document, pool, images
