"""The line explorer: fit a line by hand with two sliders."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..losses import mse_at
from ..plotting import color, optimum_marker, plot_data, plot_loss_surface, surface_legend
from ._engine import Explorer, _axis_labels, _padded, _say, _window, explorer_data


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
        self.x, self.y, self.floor, self.optimum = data.x, data.y, data.floor, data.optimum
        default_w, default_b = _window(data)
        self.w_range, self.b_range = w_range or default_w, b_range or default_b
        self.w_slider = self._slider("weight w", self.w_range, w if w is not None else self.w_range[0] * 0.25, "w")
        self.b_slider = self._slider("bias b", self.b_range, b if b is not None else self.b_range[1] * 0.5, "b")
        super().__init__([self.w_slider, self.b_slider])

    @staticmethod
    def _slider(description: str, bounds: tuple[float, float], value: float, name: str) -> widgets.FloatSlider:
        if not bounds[0] <= value <= bounds[1]:
            raise ValueError(f"{name} must lie in {name}_range [{bounds[0]:.4g}, {bounds[1]:.4g}], got {value:.4g}")
        step = (bounds[1] - bounds[0]) / 400
        # The slider's stops run through the starting value (the browser's slider moves a value between its
        # stops onto one), from within a step of each end of the range.
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

    def _setup(self) -> None:
        left, right = self.figure.subplots(1, 2)
        xlabel, ylabel = _axis_labels(self.x, self.y)
        plot_data(self.x, self.y, left, title="Your line over the data", xlabel=xlabel, ylabel=ylabel)
        grid = np.array([self.x.min(), self.x.max()])  # a straight line needs its two ends
        (self._line,) = left.plot(grid, grid, lw=2, color=color("by hand"), label="your line")
        self._grid = grid
        left.legend(loc="upper left")
        left.set_ylim(*_padded(self.y))
        plot_loss_surface(self.x, self.y, self.w_range, self.b_range, ax=right, legend=False,
                          title="Where your line sits on the loss surface")
        (self._point,) = right.plot([], [], "o", ms=9, color=color("by hand"), mec="black", label="your (w, b)")
        surface_legend(right)
        self._animated = [self._line, self._point, optimum_marker(right)]  # the optimum stays on top

    def _redraw(self) -> str:
        w, b = self.w_slider.value, self.b_slider.value
        self._line.set_ydata(w * self._grid + b)
        self._point.set_data([w], [b])
        loss = mse_at(self.x, self.y, [w, b])
        return _say(f"w = {w:.4g}, b = {b:.4g}: MSE = {loss:.4g} (the best line has MSE {self.floor:.4g})")

    def __repr__(self) -> str:
        return f"LineExplorer(w={self.w_slider.value:.4g}, b={self.b_slider.value:.4g})"
