"""The engine every explorer shares, and the helpers they have in common.

Each explorer owns a single Matplotlib ``Figure`` that is not registered with
``pyplot`` (so no figure piles up, whatever the number of changes). A change of a
control recomputes and updates the existing artists, and a line of text says what
happened in words, including divergence and its epoch. The browser draws the explorer
(:class:`~sgd_lib.widgets._canvas.ExplorerCanvas`): the figure's static parts as
background tiles, the moving artists from frames computed here for every setting of the
grid around the current one (:mod:`~sgd_lib.widgets._frames`), so a drag never waits for
the kernel. The PNG of the current picture (:attr:`Explorer.picture`) is rendered when it
is asked for: the notebook stores it beside the widget, for readers without a kernel.
"""

from __future__ import annotations

import base64
import html
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox
from PIL import Image

from ..checks import check_xy
from . import _frames, _grid
from ._canvas import ExplorerCanvas
from ._scene import Scene
from ..data import is_standardized
from ..evaluation import least_squares, least_squares_floor
from ..losses import mse_gradient
from ..plotting import ROW, log_ticks, palette_png

DPI = 80
BACKGROUNDS_KEPT = 12
#: Frames the kernel keeps of the grids it has sent; beyond, it starts again from the current cross.
FRAMES_KEPT = 6000
#: Milliseconds between two updates while playing back (a steady 6 to 7 frames per second).
PLAY_INTERVAL_MS = 150
#: Loss-axis limits whose tick labels ("100000", "0.0001") are the widest a loss axis shows: the layout
#: leaves room for them, so that no later label covers the axis title.
WIDEST_LOSS_LIMITS = (1e-4, 1e6)


class Explorer:
    """Base class: a row of controls, a status line and one figure redrawn on every change.

    Subclasses build their axes in ``_setup`` and update them in ``_redraw``, which
    returns the status text (HTML).

    An explorer with ``playback = True`` also plays its run back update by update: a
    ``Play`` button (``play``) and a slider (``step_slider``) that the kernel keeps equal,
    and buttons one update back and forward. Such a subclass implements ``_compute`` (run
    training for the current settings), ``_frames`` (how many updates the run made) and
    ``_frame(k)`` (draw the state after update ``k`` and return the status text;
    ``k == _frames()`` is the end of training). Changing a setting restarts a running
    playback from the first update; a paused one shows the same update of the new run; a
    run shown at its end stays at its end.
    """

    #: Whether the explorer plays its run back update by update.
    playback = False
    #: The word for one update on the playback slider.
    step_name = "update"

    def __init__(self, controls: list[widgets.Widget], figsize: tuple[float, float] = ROW) -> None:
        self.figure = Figure(figsize=figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.controls = controls
        self.status = widgets.HTML()
        rows = [widgets.HBox(controls)]
        self._quiet = False  # True while the explorer itself moves the playback controls
        self._precomputing = False  # True while frames are computed ahead with the controls set quietly
        if self.playback:
            rows.append(self._playback_controls())
        self.canvas = ExplorerCanvas()
        self.canvas.on_msg(self._on_message)
        self.widget = widgets.VBox([*rows, self.canvas])
        self.redraws = 0
        self._png: bytes | None = None
        self._scene: Scene | None = None  # made when the explorer is first shown
        self._grid_frames: dict[str, dict] = {}  # grid point: its frame, for the points computed so far
        self._playback_key: str | None = None  # the grid point whose run the playback frames show
        self._playback_complete = False  # whether they show every update (a long run's come one by one)
        self._settles: list[str] = []  # the grid points where the page's drags ended, not yet answered
        self._sent: tuple | None = None  # the grid point and values between positions of the grid sent
        self._off: dict[int, float] = {}  # control: its value between positions, which the grid's frames use
        self._animated: list = []  # the artists that change, drawn over a cached background
        self._backgrounds: dict = {}  # (axes, style and limits): its drawn static parts
        self._regions: dict = {}  # axes: the part of the figure it owns, once laid out
        self._drawn: dict = {}  # axes: the key of what the composite shows for it
        self._blank: dict = {}
        self._composite = None
        self._setup()
        for artist in self._animated:
            artist.set_animated(True)
        for control in controls:
            control.observe(self._on_change, names="value")
        self.refresh()
        if not self._regions:
            with np.errstate(all="ignore"):
                self._freeze_layout()  # the layout is fixed from the start

    def _setup(self) -> None:
        raise NotImplementedError

    def _redraw(self) -> str:
        """Recompute for the current settings, draw, and return the status (HTML)."""
        if not self.playback:
            raise NotImplementedError
        was_at_end = self.redraws == 0 or self.step_slider.value >= self.step_slider.max  # first: the end
        self._compute_setting()
        frames = self._frames()
        if self.play.playing:
            step = 0  # a new setting restarts a running playback
        elif was_at_end:
            step = frames
        else:
            step = min(self.step_slider.value, frames)  # paused: the same update of the new run
        self._quiet = True
        try:
            for control in (self.play, self.step_slider):
                _move(control, max(frames, 1), step)
        finally:
            self._quiet = False
        return self._frame(step)

    def _draw_setting(self, step: int | None) -> str:
        """Draw the current setting after update ``step`` (None: the end) without moving a control."""
        if not self.playback:
            return self._redraw()
        self._compute_setting()
        frames = self._frames()
        return self._frame(frames if step is None else min(step, frames))

    def _shown_step(self) -> int | None:
        """The update the playback slider shows (None for an explorer without playback)."""
        return int(self.step_slider.value) if self.playback else None

    def _compute_setting(self) -> None:
        """Everything a setting needs before its frames are drawn (a subclass may add panels' data)."""
        self._compute()

    def _compute(self) -> None:
        """Run training for the current settings (playback explorers)."""
        raise NotImplementedError

    def _frames(self) -> int:
        """The number of updates of the current run (playback explorers)."""
        raise NotImplementedError

    def _frame(self, step: int) -> str:
        """Draw the state after update ``step`` and return the status (playback explorers)."""
        raise NotImplementedError

    def _playback_controls(self) -> widgets.HBox:
        """Play, one update back, the update slider, one update forward."""
        self.play = widgets.Play(value=0, min=0, max=1, step=1, interval=PLAY_INTERVAL_MS, show_repeat=False,
                                 description="play", tooltip="play training back update by update")
        self.step_slider = widgets.IntSlider(value=0, min=0, max=1, description=self.step_name,
                                             continuous_update=True, layout=widgets.Layout(width="420px"))
        self.back_button = widgets.Button(icon="step-backward", tooltip=f"one {self.step_name} back",
                                          layout=widgets.Layout(width="40px"))
        self.forward_button = widgets.Button(icon="step-forward", tooltip=f"one {self.step_name} forward",
                                             layout=widgets.Layout(width="40px"))
        self.back_button.on_click(lambda _: self._nudge(-1))
        self.forward_button.on_click(lambda _: self._nudge(1))
        self.play.observe(self._on_step, names="value")
        self.step_slider.observe(self._on_step, names="value")
        self._play_link = widgets.jslink((self.play, "value"), (self.step_slider, "value"))  # plays without a kernel
        return widgets.HBox([self.play, self.back_button, self.step_slider, self.forward_button])

    def _nudge(self, direction: int) -> None:
        """One update back or forward; a running playback pauses."""
        self.play.playing = False
        self.step_slider.value = int(np.clip(self.step_slider.value + direction, 0, self.step_slider.max))

    def _on_step(self, change: dict) -> None:
        """Play or the slider moved: move the other one to match (the kernel is the one source), then draw."""
        if self._quiet:
            return
        self._quiet = True
        try:
            for control in (self.play, self.step_slider):
                if control is not change["owner"]:
                    control.value = change["new"]
        finally:
            self._quiet = False
        if not self._precomputing:
            self._show(lambda: self._frame(min(int(change["new"]), self._frames())))

    def show_step(self, step: int) -> None:
        """Show the state after update ``step``, as moving the playback slider does."""
        if not self.playback:
            raise TypeError(f"{type(self).__name__} has no playback")
        if isinstance(step, bool) or not isinstance(step, numbers.Integral):
            raise TypeError(f"step must be a whole number (an update of this run), got {step!r}")
        if not 0 <= step <= self.step_slider.max:
            raise ValueError(f"step must lie in [0, {self.step_slider.max}] (the updates of this run), got {step!r}")
        self.step_slider.value = int(step)

    def _style(self) -> object:
        """What, besides the axis limits, the static background depends on (its legends, say)."""
        return None

    def _on_change(self, change: dict) -> None:
        if not self._precomputing:
            self.refresh()

    def refresh(self) -> None:
        """Recompute for the current control values and redraw the figure."""
        self._show(self._redraw)

    def _show(self, draw: Callable[[], str]) -> None:
        """Draw (``draw`` returns the status line), put the status on show, and tell the browser if it must know."""
        with np.errstate(all="ignore"):
            self.status.value = draw()
        self._png = None
        self.redraws += 1
        if self._scene is not None:
            self._publish()

    @property
    def picture(self) -> bytes:
        """The PNG of the current picture (rendered the first time it is asked for after a change)."""
        if self._png is None:
            with np.errstate(all="ignore"):
                self._png = self._render()
        return self._png

    # -- the browser's frames ----------------------------------------------------------------------

    def _grid_axes(self) -> list[_grid.Axis]:
        """The controls whose positions make the grid of frames computed ahead."""
        return [_grid.axis(control) for control in self.controls]

    def _grid_point(self) -> str:
        """The grid point of the current setting, as the browser names it (``?`` for a value the grid lacks)."""
        positions = _frames.center(self._grid_axes())
        tokens = [("x" if value == self._off.get(i) else "?") if p is None else str(p)
                  for i, (p, value) in enumerate(zip(positions, (c.value for c in self.controls)))]
        return ",".join(tokens)

    def _show_in_browser(self) -> None:
        """Lay the scene out and send the browser the grid around the current setting and its playback."""
        if self._scene is None:
            self.picture  # noqa: B018  (lays the figure out and draws every panel once)
            self._scene = Scene(self)
            axes = self._grid_axes()
            canvas = self.canvas
            with canvas.hold_sync():
                canvas.controls = [ax.control for ax in axes]
                canvas.axes = [ax.describe() for ax in axes]
                canvas.playback_controls = [self.play, self.step_slider] if self.playback else []
                canvas.scene = self._scene.layout()
                canvas.base = self._scene.base
        self._send_grid()

    def _send_grid(self) -> None:
        """The frames of the cross through the current setting, and the playback frames of its run."""
        axes, scene = self._grid_axes(), self._scene
        point = _frames.center(axes)
        name = _grid.key(point)
        off = {i: ax.control.value for i, (ax, p) in enumerate(zip(axes, point)) if p is None}
        if (name, off) != self._sent:
            if len(self._grid_frames) > FRAMES_KEPT:  # a long session: start afresh rather than keep every frame
                self._scene, self._grid_frames, self._playback_key = Scene(self), {}, None
                scene = self._scene
            if off != self._off:  # frames between positions were computed for other values
                self._grid_frames = {k: frame for k, frame in self._grid_frames.items() if "x" not in k}
                self._off = off
            frames = _frames.grid_frames(self, scene, axes, _grid.cross(axes, point), self._grid_frames)
            self._grid_frames.update(frames)
            self._sent = (name, off)
            with self.canvas.hold_sync():
                self.canvas.grid = scene.blob(list(frames.values()), off=[off.get(i) for i in range(len(axes))])
                if self.playback and self._playback_key != name:
                    with _frames.quietly(self, []):
                        played = _frames.playback_frames(self, scene)
                    for frame in played or []:
                        frame["key"] = name
                    self.canvas.playback = scene.blob(played or [], key=name, complete=played is not None)
                    self._playback_key, self._playback_complete = name, played is not None
        self._publish()

    def _publish(self) -> None:
        """Send the frame just drawn if the browser has no frame of its own for this setting."""
        if self._settles:
            self._settle()
        name, step = self._grid_point(), self._shown_step()
        at_end = not self.playback or step >= self.step_slider.max
        if name in self._grid_frames and (at_end or self._playback_key == name and self._playback_complete):
            if self.canvas.current:
                self.canvas.current = b""  # the browser has this frame: no other frame to keep
            return
        frame = {**self._scene.frame(self.status.value), "key": name, "step": None if at_end else step}
        self.canvas.current = self._scene.blob([frame])

    def _on_message(self, _widget: object, content: dict, _buffers: object) -> None:
        """The browser says a drag has ended: the grid and the playback now go around the setting reached."""
        if not isinstance(content, dict):
            return
        if content.get("type") == "hello":
            self.canvas.send({"type": "hello"})  # a kernel is there: frames the page lacks will come
        elif content.get("type") == "settled" and self._scene is not None:
            # The page's last change of a control may still be on its way (the page sends a control's
            # value only once the previous one is answered): recentre once the kernel is where the page is.
            self._settles.append(str(content.get("key", "")))
            self._settle()

    def _settle(self) -> None:
        """Send the grid around the setting the page reached when its drag ended, once the kernel is there too."""
        if not self._settles:
            return
        wanted, point = self._settles[-1], self._grid_point()
        if wanted != point and "?" not in wanted and len(self._settles) < 50:
            return  # the change is still coming: _publish calls again
        count, self._settles = len(self._settles), []
        self._send_grid()
        self.canvas.send({"type": "settled", "count": count})  # after the frames: the page knows they have come

    def _render(self) -> bytes:
        """PNG of the figure: the static parts of each panel come from a cache.

        Each panel (axes, with its labels and legend) owns a region of the figure. Its
        static parts are drawn once per style and set of axis limits and kept, so a change
        redraws only the panels whose limits changed, then the few artists that move, and
        encodes the PNG.
        """
        canvas = self.figure.canvas
        if not self._regions:
            self._freeze_layout()
        style, changed = self._style(), False
        for group, region in self._regions.items():
            key = (style, *(limit for ax in group for limit in (*ax.get_xlim(), *ax.get_ylim())))
            if self._drawn.get(group) == key:
                continue
            cached = self._backgrounds.get((group, key))
            if cached is None:
                cached = self._draw_panel(group, region)
                if len(self._backgrounds) >= BACKGROUNDS_KEPT * len(self._regions):
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
        for artist in self._animated:
            self.figure.draw_artist(artist)
        return palette_png(Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()), fast=True)

    def _freeze_layout(self) -> None:
        """Lay the figure out once, fix the positions, and give each panel its region of the figure.

        A panel is an axes with its labels and legends, or several whose extents overlap (a
        loss surface and its colour bar). Its region reaches halfway to the neighbouring
        panels (and to the figure's edge where it has none), so what it draws stays inside.
        The empty regions are kept to draw a panel afresh on. A subclass whose legends grow
        later calls this while the largest are shown.
        """
        canvas = self.figure.canvas
        widest = self._widest_limits()  # lay out, and share out the figure, with the widest labels it will show
        shown = {ax: (ax.get_xlim(), ax.get_ylim()) for ax in widest}
        for ax, (xlim, ylim) in widest.items():
            ax.set_xlim(xlim)
            set_log_limits(ax, ylim)
        canvas.draw()
        self.figure.set_layout_engine("none")  # later draws keep the positions
        renderer = canvas.get_renderer()
        boxes = _panels({ax: ax.get_tightbbox(renderer) for ax in self.figure.axes if ax.get_visible()})
        for ax, (xlim, ylim) in shown.items():
            ax.set_xlim(xlim)
            set_log_limits(ax, ylim)
        self._regions = {group: _region(box, boxes.values(), self.figure.bbox) for group, box in boxes.items()}
        for group in boxes:
            for ax in group:
                ax.set_visible(False)
        canvas.draw()
        self._blank = {group: canvas.copy_from_bbox(region) for group, region in self._regions.items()}
        for group in boxes:
            for ax in group:
                ax.set_visible(True)
        self._composite = canvas.copy_from_bbox(self.figure.bbox)
        self._drawn = {}

    def _widest_limits(self) -> dict[Axes, tuple[tuple[float, float], tuple[float, float]]]:
        """Axes whose tick labels change with their limits: the (x, y) limits with the widest labels they show.

        The y axes named here are log scaled. A loss axis that follows its curve is one.
        """
        return {}

    def _draw_panel(self, group: tuple[Axes, ...], region: Bbox) -> object:
        """Draw one panel's static parts on its empty region and keep them."""
        canvas = self.figure.canvas
        canvas.restore_region(self._blank[group])
        for ax in group:
            ax.draw(canvas.get_renderer())  # animated artists are left out
        return canvas.copy_from_bbox(region)

    @property
    def status_text(self) -> str:
        """The status line as plain text."""
        text = self.status.value
        for tag in ("<b>", "</b>", "<span class='bad'>", "</span>"):
            text = text.replace(tag, "")
        return html.unescape(text)

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
        if self.playback:
            self._play_link.close()
            for control in (self.play, self.step_slider, self.back_button, self.forward_button):
                control.close()


def _move(control: widgets.Widget, maximum: int, value: int) -> None:
    """Give a playback control a new range end and value, so that the browser never answers with a stale value.

    The browser's slider, told a new ``max``, reports where its handle then is; if the
    model's value has already moved on, it sends that old position back as if the learner
    had dragged there. Sent as two messages in the right order (a larger end first, a
    smaller one last), every state the browser sees has the handle where the value is.
    """
    if maximum >= control.value:
        control.max = maximum
        control.value = value
    else:
        control.value = value
        control.max = maximum


def _panels(boxes: dict[Axes, Bbox]) -> dict[tuple[Axes, ...], Bbox]:
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


def _region(box: Bbox, boxes: object, figure: Bbox) -> Bbox:
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


def gradient_step(x: np.ndarray, y: np.ndarray, params: np.ndarray, learning_rate: float) -> np.ndarray:
    """The step (w, b) that the learning rate times the gradient on all of ``(x, y)`` makes from ``params``."""
    grad_w, grad_b = mse_gradient(x, y, params[:1], params[1])
    return -learning_rate * np.array([grad_w[0], grad_b])


def step_arrow(ax: Axes, color: str, *, dashed: bool = False) -> FancyArrowPatch:
    """A hidden arrow on ``ax`` for a step of playback (:func:`place_arrow` places it)."""
    halo = "white" if color == "black" else "black"
    arrow = FancyArrowPatch((0.0, 0.0), (0.0, 0.0), arrowstyle="-|>", mutation_scale=16, lw=2.2, color=color,
                            linestyle=(0, (3, 2)) if dashed else "-", shrinkA=0, shrinkB=0, zorder=4,
                            path_effects=[patheffects.withStroke(linewidth=4, foreground=halo)])
    arrow.set_visible(False)
    ax.add_patch(arrow)
    return arrow


def place_arrow(arrow: FancyArrowPatch, start: np.ndarray, end: np.ndarray) -> None:
    """Draw ``arrow`` from ``start`` towards ``end``, cut where it leaves its axes' window.

    A step far larger than the window (the gradient's own step on raw data, say) would
    otherwise be drawn as a dashed line millions of dashes long; cut, its head sits on
    the window's edge, pointing the right way. An arrow that starts outside is hidden.
    """
    (x0, x1), (y0, y1) = sorted(arrow.axes.get_xlim()), sorted(arrow.axes.get_ylim())
    start, delta = np.asarray(start, dtype=float), np.asarray(end, dtype=float) - np.asarray(start, dtype=float)
    inside = np.all(np.isfinite(start)) and np.all(np.isfinite(delta)) and x0 <= start[0] <= x1 and y0 <= start[1] <= y1
    if not inside:
        arrow.set_visible(False)
        return
    reach = 1.0  # the largest t in [0, 1] with start + t * delta inside the window
    for position, step, low, high in ((start[0], delta[0], x0, x1), (start[1], delta[1], y0, y1)):
        if step > 0:
            reach = min(reach, (high - position) / step)
        elif step < 0:
            reach = min(reach, (low - position) / step)
    arrow.set_positions(tuple(start), tuple(start + reach * delta))


def _say(text: str, bad: bool = False) -> str:
    text = html.escape(text)
    return f"<b><span class='bad'>{text}</span></b>" if bad else text


#: Mantissas of the learning rates a rate slider offers, per decade: round numbers a learner can name.
RATE_MANTISSAS = (1.0, 1.1, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)


def rate_options(low: float, high: float, include: float | None = None) -> list[float]:
    """The learning rates between ``low`` and ``high`` (inclusive) with a round mantissa, plus ``include``.

    Every value is the float nearest to a short decimal (``0.5``, ``1.5e-3``), so a
    slider over these options stops exactly at the values the notebooks name.
    """
    if not (0 < low < high and np.isfinite(high)):
        raise ValueError(f"the learning-rate range must satisfy 0 < low < high, got ({low}, {high})")
    decades = range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
    values = {float(f"{m:g}e{k}") for k in decades for m in RATE_MANTISSAS}
    values = {v for v in values if low * (1 - 1e-12) <= v <= high * (1 + 1e-12)}
    if include is not None:
        values.add(float(include))
    return sorted(values)


def _rate_slider(value: float, low: float, high: float) -> widgets.SelectionSlider:
    """A learning-rate slider over :func:`rate_options`: log-spaced, round values, readout as typed."""
    value = float(value)
    if not (low <= value <= high):
        raise ValueError(f"learning_rate must lie in learning_rate_range [{low:g}, {high:g}], got {value:g}")
    options = rate_options(low, high, include=value)
    return widgets.SelectionSlider(
        options=[(f"{v:.4g}", v) for v in options],
        value=value,
        description="learning rate",
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="380px"),
    )


@dataclass(frozen=True)
class ExplorerData:
    """What every explorer needs of its data: one feature, the targets, the floor and the optimum."""

    x: np.ndarray
    y: np.ndarray
    floor: float
    optimum: np.ndarray  # the least-squares [w, b]


def explorer_data(x: object, y: object) -> ExplorerData:
    """Check an explorer's data (one feature that varies, targets of the same length) and summarize it."""
    features, targets = check_xy(x, y)
    if features.shape[1] != 1:
        raise ValueError(f"x must hold one feature for an explorer, got {features.shape[1]}")
    if np.ptp(features[:, 0]) == 0:
        raise ValueError("x must take at least two different values: with one value there is no line to fit")
    weights, bias = least_squares(features, targets)
    return ExplorerData(features[:, 0], targets, least_squares_floor(features, targets), np.append(weights, bias))


def _axis_labels(x: np.ndarray, y: np.ndarray) -> tuple[str, str]:
    """"x" and "y", with "(standardized)" added where the data is."""
    return tuple(f"{name} (standardized)" if is_standardized(v) else name for name, v in (("x", x), ("y", y)))


def _log_limits(values: np.ndarray, floor: float) -> tuple[float, float]:
    """Log-axis limits around the finite ``values`` and the floor, rounded to 1-2-5 steps.

    The axis follows the curve without squashing it, and the few distinct limits keep
    the cache of rendered backgrounds useful.
    """
    finite = values[np.isfinite(values) & (values > 0)]
    low = min(float(finite.min()) if finite.size else floor, floor) / 1.15
    high = max(float(finite.max()) if finite.size else floor, floor) * 1.3
    return _round_125(low, down=True), _round_125(high, down=False)


def set_log_limits(ax: Axes, limits: tuple[float, float]) -> None:
    """Set a log y axis to ``limits``, with ticks for its span (:func:`~sgd_lib.plotting.log_ticks`)."""
    if ax.get_ylim() != limits:
        ax.set_ylim(*limits)
        log_ticks(ax, float(np.log10(limits[1] / limits[0])))


def _round_125(value: float, down: bool) -> float:
    """The nearest 1, 2 or 5 times a power of ten below (``down``) or above ``value``."""
    exponent = np.floor(np.log10(value))
    steps = [m * 10.0**e for e in (exponent - 1, exponent, exponent + 1) for m in (1.0, 2.0, 5.0)]
    return max(v for v in steps if v <= value) if down else min(v for v in steps if v >= value)


def _window(data: ExplorerData) -> tuple[tuple[float, float], tuple[float, float]]:
    """A (w, b) window around the least-squares optimum, wide enough to see the bowl."""
    x, y, (w_star, b_star) = data.x, data.y, data.optimum
    w_half = 2.0 * max(abs(w_star), np.std(y) / np.std(x))
    b_half = 2.0 * max(abs(b_star), np.std(y))
    return (w_star - w_half, w_star + w_half), (b_star - b_half, b_star + b_half)


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is >= value: few distinct axis limits, few redraws."""
    for magnitude in 10.0 ** np.arange(0, 7):
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return float(step * magnitude)
    return float(value)


def _padded(values: np.ndarray, fraction: float = 0.15) -> tuple[float, float]:
    span = float(np.ptp(values)) or 1.0
    return float(values.min() - fraction * span), float(values.max() + fraction * span)
