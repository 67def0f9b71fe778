"""The line explorer: fit a line by hand with two sliders."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..checks import check_number
from ..losses import mse_at
from ..plotting import color, optimum_marker, plot_data, plot_loss_surface, surface_legend
from .common import axis_labels, explorer_data, padded, say, window
from .controls import check_range, check_within
from .shell import Explorer


class LineExplorer(Explorer):
    """Sliders for the weight w and the bias b: the line over the data and its MSE on the loss surface.

    Parameters
    ----------
    x, y : array-like
        One-feature data.
    w, b : float, optional
        Starting slider values (default: a line well away from the optimum).
    w_range, b_range : (float, float), optional
        Slider ranges and loss-surface window (default: around the least-squares optimum).
    """

    kind = "line"

    def __init__(
        self,
        x: object,
        y: object,
        *,
        w: float | None = None,
        b: float | None = None,
        w_range: tuple[float, float] | None = None,
        b_range: tuple[float, float] | None = None,
    ) -> None:
        data = explorer_data(x, y)
        self.data = data
        self.x, self.y, self.floor, self.optimum = data.x, data.y, data.floor, data.optimum
        default_w, default_b = window(data)
        self.w_range = default_w if w_range is None else check_range(w_range, "w_range")
        self.b_range = default_b if b_range is None else check_range(b_range, "b_range")
        w = self.w_range[0] * 0.25 if w is None else check_number(w, "w")
        b = self.b_range[1] * 0.5 if b is None else check_number(b, "b")
        self.w_slider = _slider("weight w", self.w_range, check_within(w, "w", *self.w_range, "w_range"))
        self.b_slider = _slider("bias b", self.b_range, check_within(b, "b", *self.b_range, "b_range"))
        super().__init__([self.w_slider, self.b_slider])

    def _setup(self) -> None:
        left, right = self.figure.subplots(1, 2)
        xlabel, ylabel = axis_labels(self.x, self.y)
        plot_data(self.x, self.y, left, title="Your line over the data", xlabel=xlabel, ylabel=ylabel)
        ends = np.array([self.x.min(), self.x.max()])  # a straight line needs its two ends
        (self._line,) = left.plot(ends, ends, lw=2, color=color("by hand"), label="your line")
        self._ends = ends
        left.legend(loc="upper left")
        left.set_ylim(*padded(self.y))
        plot_loss_surface(
            self.x,
            self.y,
            self.w_range,
            self.b_range,
            ax=right,
            legend=False,
            title="Where your line sits on the loss surface",
        )
        (self._point,) = right.plot([], [], "o", ms=9, color=color("by hand"), mec="black", label="your (w, b)")
        surface_legend(right)
        self._animated = [self._line, self._point, optimum_marker(right)]  # the optimum stays on top

    def _redraw(self) -> str:
        w, b = self.w_slider.value, self.b_slider.value
        self._line.set_ydata(w * self._ends + b)
        self._point.set_data([w], [b])
        loss = mse_at(self.x, self.y, [w, b])
        return say(f"w = {w:.4g}, b = {b:.4g}: MSE = {loss:.4g} (the best line has MSE {self.floor:.4g})")

    def _browser_data(self) -> dict:
        return {
            "x": self.x.tolist(),
            "y": self.y.tolist(),
            "floor": self.floor,
            "optimum": self.optimum.tolist(),
            "ends": self._ends.tolist(),
        }

    def __repr__(self) -> str:
        return f"LineExplorer(w={self.w_slider.value:.4g}, b={self.b_slider.value:.4g})"


def _slider(description: str, bounds: tuple[float, float], value: float) -> widgets.FloatSlider:
    """A slider of 400 steps over ``bounds`` whose stops run through ``value``.

    The page's slider moves a value between its stops onto one, so the stops start within a step
    of the range's low end and run through the starting value.
    """
    step = (bounds[1] - bounds[0]) / 400
    low = value - np.floor((value - bounds[0]) / step * (1 + 1e-12)) * step
    high = low + np.floor((bounds[1] - low) / step * (1 + 1e-12)) * step
    return widgets.FloatSlider(
        value=value,
        min=float(low),
        max=float(high),
        step=step,
        description=description,
        readout_format=".4g",
        continuous_update=True,
        layout=widgets.Layout(width="380px"),
    )
