"""The drawing engine every explorer shares, and the helpers they have in common.

Each explorer owns a single Matplotlib ``Figure`` that is not registered with
``pyplot`` (so no figure piles up, whatever the number of changes) and shows it as
a PNG in an ``ipywidgets.Image``. A change of a control recomputes, updates the
existing artists and re-renders that one image, so what is shown always belongs to
the current setting. A line of text under the controls says what happened in
words, including divergence and its epoch.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .._checks import check_xy
from ..evaluation import least_squares, least_squares_floor
from ..plotting import ROW

DPI = 80
BACKGROUNDS_KEPT = 12


class Explorer:
    """Base class: a row of controls, a status line and one figure redrawn on every change.

    Subclasses build their axes in ``_setup`` and update them in ``_redraw``, which
    returns the status text (HTML).
    """

    def __init__(self, controls: list[widgets.Widget], figsize: tuple[float, float] = ROW) -> None:
        self.figure = Figure(figsize=figsize, dpi=DPI, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.controls = controls
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.widget = widgets.VBox([widgets.HBox(controls), self.status, self.image])
        self.redraws = 0
        self._animated: list = []  # the artists that change, drawn over a cached background
        self._backgrounds: dict = {}
        self._setup()
        for artist in self._animated:
            artist.set_animated(True)
        for control in controls:
            control.observe(self._on_change, names="value")
        self.refresh()

    def _setup(self) -> None:
        raise NotImplementedError

    def _redraw(self) -> str:
        raise NotImplementedError

    def _style(self) -> object:
        """What, besides the axis limits, the static background depends on (its legends, say)."""
        return None

    def _on_change(self, change: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute for the current control values and redraw the figure."""
        with np.errstate(all="ignore"):
            self.status.value = self._redraw()
            self.image.value = self._render()
        self.redraws += 1

    def _render(self) -> bytes:
        """PNG of the figure: the static parts come from a cached background.

        The background (everything but the animated artists) is drawn once per set
        of axis limits and kept in a small cache, so most changes only draw the few
        artists that move, then encode the PNG.
        """
        canvas = self.figure.canvas
        limits = tuple(limit for ax in self.figure.axes for limit in (*ax.get_xlim(), *ax.get_ylim()))
        key = (self._style(), *limits)
        if key not in self._backgrounds:
            canvas.draw()
            self.figure.set_layout_engine("none")  # lay out once; later draws keep the positions
            if len(self._backgrounds) >= BACKGROUNDS_KEPT:
                self._backgrounds.pop(next(iter(self._backgrounds)))
            self._backgrounds[key] = canvas.copy_from_bbox(self.figure.bbox)
        canvas.restore_region(self._backgrounds[key])
        for artist in self._animated:
            self.figure.draw_artist(artist)
        buffer = io.BytesIO()
        Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=3
        )
        return buffer.getvalue()

    @property
    def status_text(self) -> str:
        """The status line as plain text."""
        text = self.status.value
        for tag in ("<b>", "</b>", "<span class='bad'>", "</span>"):
            text = text.replace(tag, "")
        return html.unescape(text)

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{self!r}\n{self.status_text}"
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        return bundle

    def close(self) -> None:
        """Close the widgets (the figure is freed with the explorer)."""
        self.widget.close()
        for control in self.controls:
            control.close()


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


def _is_standardized(values: np.ndarray) -> bool:
    return bool(np.isclose(values.mean(), 0.0, atol=1e-9) and np.isclose(values.std(), 1.0, rtol=1e-9))


def _axis_labels(x: np.ndarray, y: np.ndarray) -> tuple[str, str]:
    """"x" and "y", with "(standardized)" added where the data is."""
    return tuple(f"{name} (standardized)" if _is_standardized(v) else name for name, v in (("x", x), ("y", y)))


def _log_limits(values: np.ndarray, floor: float) -> tuple[float, float]:
    """Log-axis limits around the finite ``values`` and the floor, rounded to 1-2-5 steps.

    The axis follows the curve without squashing it, and the few distinct limits keep
    the cache of rendered backgrounds useful.
    """
    finite = values[np.isfinite(values) & (values > 0)]
    low = min(float(finite.min()) if finite.size else floor, floor) / 1.15
    high = max(float(finite.max()) if finite.size else floor, floor) * 1.3
    return _round_125(low, down=True), _round_125(high, down=False)


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
