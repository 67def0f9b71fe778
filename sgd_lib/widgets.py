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

import base64
import html
import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ._checks import check_xy
from .evaluation import least_squares, least_squares_floor, mse_hessian, stability_limit
from .losses import mse_at, mse_grid
from .model import LinearModel
from .optimizers import SGD
from .plotting import (
    COLORS,
    OUTLINE,
    ROW,
    line_equation,
    log_axis,
    optimum_marker,
    plot_data,
    plot_loss_surface,
    surface_legend,
)
from .training import History, fit

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
        key = tuple(limit for ax in self.figure.axes for limit in (*ax.get_xlim(), *ax.get_ylim()))
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
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="380px"),
    )


def _one_feature(x: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """The explorers' data: x as a flat array of one feature, y as targets (checked)."""
    features, targets = check_xy(x, y)
    if features.shape[1] != 1:
        raise ValueError(f"x must hold one feature for an explorer, got {features.shape[1]}")
    return features[:, 0], targets


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


def _window(x: np.ndarray, y: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """A (w, b) window around the least-squares optimum, wide enough to see the bowl."""
    w_star, b_star = least_squares(x, y)
    w_half = 2.0 * max(abs(w_star[0]), np.std(y) / np.std(x))
    b_half = 2.0 * max(abs(b_star), np.std(y))
    return (w_star[0] - w_half, w_star[0] + w_half), (b_star - b_half, b_star + b_half)


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
        self.x, self.y = _one_feature(x, y)
        default_w, default_b = _window(self.x, self.y)
        self.w_range, self.b_range = w_range or default_w, b_range or default_b
        self.floor = least_squares_floor(self.x, self.y)
        self.w_slider = self._slider("weight w", self.w_range, w if w is not None else self.w_range[0] * 0.25, "w")
        self.b_slider = self._slider("bias b", self.b_range, b if b is not None else self.b_range[1] * 0.5, "b")
        super().__init__([self.w_slider, self.b_slider])

    @staticmethod
    def _slider(description: str, bounds: tuple[float, float], value: float, name: str) -> widgets.FloatSlider:
        if not bounds[0] <= value <= bounds[1]:
            raise ValueError(f"{name} must lie in {name}_range [{bounds[0]:.4g}, {bounds[1]:.4g}], got {value:.4g}")
        return widgets.FloatSlider(
            value=value,
            min=bounds[0],
            max=bounds[1],
            step=(bounds[1] - bounds[0]) / 400,
            description=description,
            readout_format=".4g",
            continuous_update=True,
            layout=widgets.Layout(width="380px"),
        )

    def _setup(self) -> None:
        left, right = self.figure.subplots(1, 2)
        xlabel, ylabel = _axis_labels(self.x, self.y)
        plot_data(self.x, self.y, left, title="Your line over the data", xlabel=xlabel, ylabel=ylabel)
        grid = np.linspace(self.x.min(), self.x.max(), 50)
        (self._line,) = left.plot(grid, grid, lw=2, color=COLORS["plain"], label="your line")
        self._grid = grid
        left.legend(loc="upper left")
        left.set_ylim(*_padded(self.y))
        plot_loss_surface(self.x, self.y, self.w_range, self.b_range, ax=right, legend=False,
                          title="Where your line sits on the loss surface")
        (self._point,) = right.plot([], [], "o", ms=9, color=COLORS["plain"], mec="black", label="your (w, b)")
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


class OptimizerExplorer(Explorer):
    """A learning-rate slider: full-batch gradient descent's loss per step and its path on the loss surface.

    Parameters
    ----------
    x, y : array-like
        One-feature data.
    learning_rate : float
        Starting learning rate.
    learning_rate_range : (float, float)
        Smallest and largest learning rate of the slider (log-spaced round values).
    steps : int
        Number of gradient-descent steps drawn.
    start : (float, float), optional
        Starting (w, b) (default: a corner of the window, far from the optimum).
    w_range, b_range : (float, float), optional
        The loss-surface window (default: around the least-squares optimum).
    """

    def __init__(
        self,
        x: object,
        y: object,
        *,
        learning_rate: float = 0.1,
        learning_rate_range: tuple[float, float] = (1e-3, 3.0),
        steps: int = 30,
        start: tuple[float, float] | None = None,
        w_range: tuple[float, float] | None = None,
        b_range: tuple[float, float] | None = None,
    ) -> None:
        self.x, self.y = _one_feature(x, y)
        default_w, default_b = _window(self.x, self.y)
        self.w_range, self.b_range = w_range or default_w, b_range or default_b
        self.start = start or (self.w_range[0] + 0.1 * np.ptp(self.w_range), self.b_range[1] - 0.1 * np.ptp(self.b_range))
        if not isinstance(steps, (int, np.integer)) or isinstance(steps, bool) or steps < 1:
            raise ValueError(f"steps must be a positive whole number, got {steps!r}")
        self.steps = int(steps)
        self.limit = stability_limit(self.x)
        self.floor = least_squares_floor(self.x, self.y)
        self.optimum = np.append(*least_squares(self.x, self.y))
        self.steepest = np.linalg.eigh(mse_hessian(self.x))[1][:, -1]  # the steepest direction of the bowl
        self.learning_rate_slider = _rate_slider(learning_rate, *learning_rate_range)
        self.history: History | None = None
        super().__init__(self._make_controls())

    def _make_controls(self) -> list[widgets.Widget]:
        return [self.learning_rate_slider]

    def _optimizer(self) -> SGD:
        return SGD(self.learning_rate_slider.value)

    def _setup(self) -> None:
        self._loss_ax, right = self.figure.subplots(1, 2)
        (self._loss,) = self._loss_ax.plot([], [], ".-", color=COLORS["plain"], lw=1.5, ms=4, label="loss at each step")
        self._loss_ax.axhline(self.floor, color="k", ls="--", lw=1, label=f"least-squares floor {self.floor:.3g}")
        log_axis(self._loss_ax)
        self._loss_ax.set(title="Loss per step", xlabel="step", ylabel="loss (MSE)", xlim=(0, self.steps))
        self._loss_ax.legend(loc="upper right")
        plot_loss_surface(self.x, self.y, self.w_range, self.b_range, ax=right, legend=False,
                          title="Path of gradient descent")
        (self._path,) = right.plot([], [], ".-", color=COLORS["plain"], lw=1.5, ms=5, label="path",
                                   path_effects=OUTLINE)
        right.plot(*self.start, "s", color=COLORS["plain"], mec="black", ms=7, label="start")
        surface_legend(right)
        self._animated = [self._path, self._loss, optimum_marker(right)]  # the optimum stays on top

    def _redraw(self) -> str:
        model = LinearModel(1).set_params(self.start)
        self.history = fit(model, self.x, self.y, self._optimizer(), epochs=self.steps, batch_size=len(self.y),
                           shuffle=False)
        self._path.set_data(self.history.params[:, 0], self.history.params[:, 1])
        losses = np.asarray(self.history.loss)
        finite = np.isfinite(losses)
        self._loss.set_data(np.arange(len(losses))[finite], losses[finite])
        self._loss_ax.set_ylim(*_log_limits(losses, self.floor))
        return self._describe(self.learning_rate_slider.value)

    def crossings(self) -> int:
        """How many steps of the current path land on the other side of the optimum along the steepest direction."""
        along = (self.history.params - self.optimum) @ self.steepest
        along = along[np.isfinite(along)]
        return int(np.sum(np.sign(along[1:]) * np.sign(along[:-1]) < 0))

    def _describe(self, lr: float) -> str:
        ratio = f"learning rate {lr:.3g} = {lr / self.limit:.2g} × the stability limit {self.limit:.3g}"
        if self.history.diverged:
            return _say(f"Diverged at step {self.history.diverged_epoch}: {ratio}. Each step overshoots more.", bad=True)
        final = self.history.loss[-1]
        if np.isclose(lr, self.limit, rtol=1e-6):
            return _say(f"{ratio}: on the edge, the path jumps between two points and the loss stays at {final:.4g}.")
        if lr > self.limit:
            return _say(f"Diverging: {ratio}; the loss grows from step to step (now {final:.3g}).", bad=True)
        first, second = (self.history.params[:2] - self.optimum) @ self.steepest
        crossings = self.crossings()
        if abs(second) <= 1e-9 * abs(first):
            manner = "reaches the bottom of the steepest direction in a single step"
        elif crossings:
            manner = f"jumps across the optimum ({crossings} of {self.steps} steps land on the other side)"
        else:
            manner = "walks down the slope without overshooting"
        return _say(f"{ratio}: the path {manner}; after {self.steps} steps the loss is {final:.4g} (floor {self.floor:.4g}).")

    def __repr__(self) -> str:
        return f"OptimizerExplorer(learning_rate={self.learning_rate_slider.value:.3g}, steps={self.steps})"


class MomentumExplorer(OptimizerExplorer):
    """The optimizer explorer with a momentum slider and a Nesterov switch.

    Full-batch gradient descent with momentum mu is stable for learning rates below
    2 (1 + mu) / lambda_max, with Nesterov momentum below 2 (1 + mu) / ((1 + 2 mu) lambda_max)
    (:func:`~sgd_lib.evaluation.stability_limit`). The status line gives that limit for
    the current setting and the first step at which the loss gets within 1% of the floor.
    """

    def __init__(
        self, x: object, y: object, *, learning_rate: float = 0.1, momentum: float = 0.9, nesterov: bool = False,
        **kwargs: object,
    ) -> None:
        if not 0.0 <= momentum <= 0.99:
            raise ValueError(f"momentum must lie in [0, 0.99], the slider's range, got {momentum!r}")
        self.momentum_slider = widgets.FloatSlider(
            value=momentum, min=0.0, max=0.99, step=0.01, description="momentum", continuous_update=False
        )
        if not isinstance(nesterov, bool):
            raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
        self.nesterov_box = widgets.Checkbox(value=nesterov, description="Nesterov")
        super().__init__(x, y, learning_rate=learning_rate, **kwargs)

    def _make_controls(self) -> list[widgets.Widget]:
        return [self.learning_rate_slider, self.momentum_slider, self.nesterov_box]

    def _optimizer(self) -> SGD:
        return SGD(self.learning_rate_slider.value, momentum=self.momentum_slider.value,
                   nesterov=self.nesterov_box.value)

    def _describe(self, lr: float) -> str:
        mu, nesterov = self.momentum_slider.value, self.nesterov_box.value
        kind = "Nesterov momentum" if nesterov else "momentum"
        limit = stability_limit(self.x, mu, nesterov)
        setting = f"learning rate {lr:.3g}, {kind} {mu:.2f} (stable below {limit:.3g})"
        if self.history.diverged:
            return _say(f"Diverged at step {self.history.diverged_epoch}: {setting}.", bad=True)
        losses = np.asarray(self.history.loss)
        close = np.flatnonzero(losses <= self.floor * 1.01)
        reached = f"first within 1% of the floor at step {close[0]}" if close.size else "not yet within 1% of the floor"
        return _say(f"{setting}: loss {losses[-1]:.4g} after {self.steps} steps, {reached}.")

    def __repr__(self) -> str:
        return (
            f"MomentumExplorer(learning_rate={self.learning_rate_slider.value:.3g}, "
            f"momentum={self.momentum_slider.value:.2f}, nesterov={self.nesterov_box.value}, steps={self.steps})"
        )


class TrainingExplorer(Explorer):
    """Learning rate (log scale), epochs and batch size: re-trains and redraws the loss curve and the fit.

    Parameters
    ----------
    x, y : array-like
        One-feature training data (for instance the standardized data of the original).
    learning_rate, epochs, batch_size : starting values of the controls.
    seed : int
        Seed of the initial weight and of the shuffling, so every setting is reproducible.
    learning_rate_range : (float, float)
        Smallest and largest learning rate of the slider.
    max_epochs : int
        The largest number of epochs the slider offers.
    """

    def __init__(
        self,
        x: object,
        y: object,
        *,
        learning_rate: float = 0.1,
        epochs: int = 100,
        batch_size: int = 32,
        seed: int = 0,
        learning_rate_range: tuple[float, float] = (1e-4, 10.0),
        max_epochs: int = 1000,
    ) -> None:
        self.x, self.y = _one_feature(x, y)
        self.seed = seed
        self.floor = least_squares_floor(self.x, self.y)
        self.learning_rate_slider = _rate_slider(learning_rate, *learning_rate_range)
        if not 1 <= epochs <= max_epochs:
            raise ValueError(f"epochs must lie in [1, max_epochs={max_epochs}], got {epochs!r}")
        if not 1 <= batch_size <= len(self.y):
            raise ValueError(f"batch_size must lie in [1, {len(self.y)}] (the number of samples), got {batch_size!r}")
        self.epochs_slider = widgets.IntSlider(
            value=epochs, min=1, max=max_epochs, description="epochs", continuous_update=False
        )
        self.batch_slider = widgets.IntSlider(
            value=batch_size, min=1, max=len(self.y), description="batch size", continuous_update=False
        )
        self.history: History | None = None
        super().__init__([self.learning_rate_slider, self.epochs_slider, self.batch_slider])

    def _setup(self) -> None:
        self._loss_ax, right = self.figure.subplots(1, 2)
        (self._curve,) = self._loss_ax.plot([], [], lw=1.8, color=COLORS["plain"], label="logged loss per epoch")
        self._loss_ax.axhline(self.floor, color="k", ls="--", lw=1, label=f"least-squares floor {self.floor:.3g}")
        log_axis(self._loss_ax)
        self._loss_ax.set(title="Loss per epoch", xlabel="epoch", ylabel="loss (MSE)")
        self._loss_ax.legend(loc="upper right")
        xlabel, ylabel = _axis_labels(self.x, self.y)
        plot_data(self.x, self.y, right, title="The trained line", xlabel=xlabel, ylabel=ylabel)
        self._grid = np.linspace(self.x.min(), self.x.max(), 50)
        (self._line,) = right.plot(self._grid, self._grid, lw=2, color=COLORS["plain"], label="trained line")
        right.set_ylim(*_padded(self.y))
        right.legend(loc="upper left")
        self._animated = [self._curve, self._line]

    def _redraw(self) -> str:
        lr, epochs, batch = self.learning_rate_slider.value, self.epochs_slider.value, self.batch_slider.value
        model = LinearModel(1, seed=self.seed)
        self.history = fit(model, self.x, self.y, SGD(lr), epochs=epochs, batch_size=batch, seed=self.seed)
        losses = np.asarray(self.history.loss)
        finite = np.isfinite(losses) & (losses > 0)
        self._curve.set_data(np.arange(len(losses))[finite], losses[finite])
        self._loss_ax.set_xlim(0, _nice_ceiling(epochs))
        self._loss_ax.set_ylim(*_log_limits(losses, self.floor))
        w, b = self.history.params[-1, 0], self.history.params[-1, -1]
        self._line.set_ydata(w * self._grid + b)
        self._line.set_visible(not self.history.diverged)
        setting = f"learning rate {lr:.3g}, {epochs} epochs, batch size {batch}"
        if self.history.diverged:
            return _say(f"{setting}: {self.history.message}", bad=True)
        return _say(
            f"{setting}: final loss {self.history.final_loss:.4g} (floor {self.floor:.4g}), line {line_equation(w, b, 3)}."
        )

    def __repr__(self) -> str:
        return (
            f"TrainingExplorer(learning_rate={self.learning_rate_slider.value:.3g}, epochs={self.epochs_slider.value}, "
            f"batch_size={self.batch_slider.value})"
        )


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
