"""The optimizer explorers: full-batch gradient descent, and the method explorer (SGD to Adam)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes

from ..evaluation import mse_hessian, stability_limit
from ..history import History
from ..losses import mse_at
from ..model import LinearModel
from ..optimizers import SGD, AdaGrad, Adam, Optimizer, RMSProp
from ..plotting import ROW, color, log_axis, optimum_marker, path_artists, plot_loss_surface, surface_legend
from ..training import fit
from ._engine import (
    WIDEST_LOSS_LIMITS,
    Explorer,
    _log_limits,
    _rate_slider,
    _say,
    _window,
    explorer_data,
    gradient_step,
    place_arrow,
    set_log_limits,
    step_arrow,
)


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

    playback = True
    step_name = "step"

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
        data = explorer_data(x, y)
        self.x, self.y, self.floor, self.optimum = data.x, data.y, data.floor, data.optimum
        default_w, default_b = _window(data)
        self.w_range, self.b_range = w_range or default_w, b_range or default_b
        self.start = start or (self.w_range[0] + 0.1 * np.ptp(self.w_range), self.b_range[1] - 0.1 * np.ptp(self.b_range))
        if not isinstance(steps, (int, np.integer)) or isinstance(steps, bool) or steps < 1:
            raise ValueError(f"steps must be a positive whole number, got {steps!r}")
        self.steps = int(steps)
        self.limit = stability_limit(self.x)
        self.steepest = np.linalg.eigh(mse_hessian(self.x))[1][:, -1]  # the steepest direction of the bowl
        self.learning_rate_slider = _rate_slider(learning_rate, *learning_rate_range)
        self.history: History | None = None
        super().__init__(self._make_controls(), figsize=self.figsize)

    #: The size of the figure (a subclass with more panels makes it larger).
    figsize: tuple[float, float] = ROW

    def _make_controls(self) -> list[widgets.Widget]:
        return [self.learning_rate_slider]

    def _optimizer(self) -> SGD:
        return SGD(self.learning_rate_slider.value)

    def _layout(self) -> tuple[Axes, Axes]:
        """The axes of the loss per step and of the loss surface (a subclass may add more panels)."""
        return tuple(self.figure.subplots(1, 2))

    def _setup(self) -> None:
        self._loss_ax, right = self._layout()
        (self._loss,) = self._loss_ax.plot([], [], ".-", color=color("sgd"), lw=1.5, ms=4, label="loss at each step")
        self._loss_ax.axhline(self.floor, color="k", ls="--", lw=1, label=f"least-squares floor {self.floor:.3g}")
        log_axis(self._loss_ax)
        self._loss_ax.set(title="Loss per step", xlabel="step", ylabel="loss (MSE)", xlim=(0, self.steps))
        self._loss_ax.legend(loc="upper right")
        plot_loss_surface(self.x, self.y, self.w_range, self.b_range, ax=right, legend=False,
                          title=self._path_title())
        self._halos, self._path, self._points = path_artists(right, color("sgd"))
        right.plot(*self.start, "s", color="white", mec="black", ms=7, label="start")
        surface_legend(right)
        (self._here,) = right.plot([], [], "o", ms=9, mfc="white", mec="black", mew=1.5)  # where playback stands
        self._taken = step_arrow(right, color("sgd"))
        self._gradient_step = step_arrow(right, "black", dashed=True)
        self._animated = [self._halos, self._path, self._points, self._gradient_step, self._taken, self._here,
                          self._loss, optimum_marker(right)]  # the optimum on top

    def _widest_limits(self) -> dict:
        return {self._loss_ax: ((0, self.steps), WIDEST_LOSS_LIMITS)}

    def _method(self) -> str:
        """The key of the method in use in :data:`~sgd_lib.plotting.COLORS`."""
        return "sgd"

    def _path_title(self) -> str:
        """The title of the surface panel, naming the method."""
        return "Path of gradient descent"

    def _style(self) -> object:
        return self._method()

    def _compute(self) -> None:
        hue = color(self._method())
        if self._path.get_color() != hue:  # another method: its colour, and legends that show it
            for artist in (self._path, self._points, self._loss):
                artist.set_color(hue)
            self._taken.set_color(hue)
            self._loss_ax.legend(loc="upper right")
            surface_legend(self._path.axes)
            self._path.axes.set_title(self._path_title())
        model = LinearModel(1).set_params(self.start)
        self.history = fit(model, self.x, self.y, self._optimizer(), epochs=self.steps, batch_size=len(self.y),
                           shuffle=False)
        set_log_limits(self._loss_ax, _log_limits(np.asarray(self.history.loss), self.floor))

    def _frames(self) -> int:
        return len(self.history.params) - 1

    def _frame(self, step: int) -> str:
        """The path and the loss up to ``step``; before the end, the last step beside the gradient's own step."""
        params, losses = self.history.params[: step + 1], np.asarray(self.history.loss)[: step + 1]
        for artist in (self._halos, self._path, self._points):
            artist.set_data(params[:, 0], params[:, 1])
        finite = np.isfinite(losses)
        self._loss.set_data(np.arange(len(losses))[finite], losses[finite])
        playing = step < self._frames()
        self._here.set_data(params[-1:, 0], params[-1:, 1])
        self._here.set_visible(playing)
        self._taken.set_visible(playing and step > 0)
        self._gradient_step.set_visible(playing and step > 0)
        if not playing:
            return self._describe(self.learning_rate_slider.value)
        return self._describe_step(step)

    def _describe_step(self, step: int) -> str:
        """Where playback stands: the loss after ``step`` steps, the last step, and the gradient's own step."""
        after = self.history.params[step]
        text = f"{self.step_name} {step} of {self._frames()}: loss {mse_at(self.x, self.y, after):.4g} (floor {self.floor:.4g})"
        if step == 0:
            return _say(text + ", the start.")
        before = self.history.params[step - 1]
        plain = gradient_step(self.x, self.y, before, self.learning_rate_slider.value)
        taken = after - before
        place_arrow(self._taken, before, after)
        place_arrow(self._gradient_step, before, before + plain)
        text += f"; this step moved (w, b) by ({taken[0]:+.3g}, {taken[1]:+.3g})"
        if not np.allclose(taken, plain, rtol=1e-9, atol=0.0):
            text += f", the learning rate times the gradient alone would move them by ({plain[0]:+.3g}, {plain[1]:+.3g})"
        return _say(text + ".")

    def crossings(self) -> int:
        """How many steps of the current path land on the other side of the optimum along the steepest direction.

        Errors below a billionth of the first one are rounding noise, not a side, and are not counted.
        """
        along = (self.history.params - self.optimum) @ self.steepest
        along = along[np.isfinite(along)]
        along = along[np.abs(along) > 1e-9 * abs(along[0])] if along.size else along
        return int(np.sum(np.sign(along[1:]) * np.sign(along[:-1]) < 0))

    def _describe(self, lr: float) -> str:
        ratio = f"learning rate {lr:.3g} = {lr / self.limit:.2g} × the stability limit {self.limit:.3g}"
        if self.history.diverged:
            return _say(f"Diverged at step {self.history.diverged_epoch}: {ratio}. Each step overshoots more.", bad=True)
        final = mse_at(self.x, self.y, self.history.params[-1])  # after the last step
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


#: The methods of :class:`MethodExplorer`: the optimizer for a learning rate, and its key in ``COLORS``.
METHODS = {
    "plain SGD": (lambda rate: SGD(rate), "sgd"),
    "momentum 0.9": (lambda rate: SGD(rate, momentum=0.9), "momentum"),
    "Nesterov 0.9": (lambda rate: SGD(rate, momentum=0.9, nesterov=True), "nesterov"),
    "AdaGrad": (lambda rate: AdaGrad(rate), "adagrad"),
    "RMSProp": (lambda rate: RMSProp(rate), "rmsprop"),
    "Adam": (lambda rate: Adam(rate), "adam"),
}


class MethodExplorer(OptimizerExplorer):
    """A method menu (plain SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam) and a learning-rate slider.

    Full-batch steps of the chosen method from one start, drawn as a path on the loss surface
    and as the loss per step, in the method's colour. The status line says where the run ended,
    when it first got within 1% of the floor, and, for the SGD family, the stability limit.

    Parameters
    ----------
    x, y : array-like
        One-feature data.
    method : str
        One of :data:`METHODS`.
    learning_rate, learning_rate_range, steps, start, w_range, b_range
        As for :class:`OptimizerExplorer`.
    """

    def __init__(self, x: object, y: object, *, method: str = "Adam", **kwargs: object) -> None:
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
        self.method_menu = widgets.Dropdown(options=list(METHODS), value=method, description="method")
        super().__init__(x, y, **kwargs)

    def _make_controls(self) -> list[widgets.Widget]:
        return [self.method_menu, self.learning_rate_slider]

    def _optimizer(self) -> Optimizer:
        return METHODS[self.method_menu.value][0](self.learning_rate_slider.value)

    def _method(self) -> str:
        return METHODS[self.method_menu.value][1]

    def _path_title(self) -> str:
        return f"Path of {self.method_menu.value}"

    def _describe(self, lr: float) -> str:
        name = self.method_menu.value
        setting = f"{name}, learning rate {lr:.3g}"
        if name in ("plain SGD", "momentum 0.9", "Nesterov 0.9"):
            mu = 0.0 if name == "plain SGD" else 0.9
            limit = stability_limit(self.x, mu, name == "Nesterov 0.9")
            setting += f" (stable below {limit:.3g})"
        else:
            limit = np.inf
        if self.history.diverged:
            return _say(f"Diverged at step {self.history.diverged_epoch}: {setting}.", bad=True)
        final = mse_at(self.x, self.y, self.history.params[-1])  # after the last step
        if lr > limit * (1 + 1e-6):
            return _say(f"Diverging: {setting}; the loss grows from step to step (now {final:.3g}).", bad=True)
        losses = np.asarray(self.history.loss)
        close = np.flatnonzero(losses <= self.floor * 1.01)
        reached = f"first within 1% of the floor at step {close[0]}" if close.size else "not yet within 1% of the floor"
        return _say(f"{setting}: loss {final:.4g} after {self.steps} steps ({final / self.floor:.3g} × the floor), "
                    f"{reached}.")

    def __repr__(self) -> str:
        return (f"MethodExplorer(method={self.method_menu.value!r}, "
                f"learning_rate={self.learning_rate_slider.value:.3g}, steps={self.steps})")
