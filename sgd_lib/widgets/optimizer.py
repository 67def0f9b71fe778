"""The optimizer explorer: full-batch gradient descent's loss per step and its path, for a learning rate."""

from __future__ import annotations

import inspect
from typing import TypedDict

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes

from ..checks import check_int
from ..evaluation import stability_limit
from ..model import LinearModel
from ..optimizers import SGD, Optimizer
from ..plotting import ROW, color, log_axis, optimum_marker, path_artists, plot_loss_surface, surface_legend
from ..training import fit
from ..training.divergence import loss_limit
from .common import (
    WIDEST_LOSS_LIMITS,
    ExplorerData,
    explorer_data,
    full_batch_step,
    log_limits,
    loss_at,
    place_arrow,
    say,
    set_log_limits,
    step_arrow,
    verdict,
    window,
)
from .controls import check_point, check_range, rate_slider
from .playback import PlaybackExplorer

#: Errors along the steepest direction below this fraction of the first one are rounding, not a side.
ROUNDING = 1e-9
#: The divergence test of fit: a batch loss beyond this factor times the starting scale.
DIVERGENCE_FACTOR = inspect.signature(fit).parameters["divergence_factor"].default
#: The most steps an optimizer explorer draws.
MOST_STEPS = 10_000


class PathSettings(TypedDict, total=False):
    """The keyword settings of :class:`OptimizerExplorer` but the learning rate, as explorers built on it pass them."""

    learning_rate_range: tuple[float, float]
    steps: int
    start: tuple[float, float] | None
    w_range: tuple[float, float] | None
    b_range: tuple[float, float] | None


class OptimizerSettings(PathSettings, total=False):
    """Every keyword setting of :class:`OptimizerExplorer`."""

    learning_rate: float


def run_data(data: ExplorerData, learning_rate_slider: widgets.SelectionSlider, start: np.ndarray) -> dict:
    """What a page needs to rerun ``fit`` from ``start``: the data, its optimum and floor, the divergence limit
    of the loss, and the learning-rate slider's values (for the explorers drawn in the browser)."""
    return {
        "x": data.x.tolist(),
        "y": data.y.tolist(),
        "floor": data.floor,
        "optimum": data.optimum.tolist(),
        "start": start.tolist(),
        "lossLimit": loss_limit(data.y, loss_at(data, start), DIVERGENCE_FACTOR),
        "rates": [value for _, value in learning_rate_slider.options],
    }


class OptimizerExplorer(PlaybackExplorer):
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

    kind = "optimizer"
    step_name = "step"
    #: The size of the figure (a subclass with more panels makes it larger).
    figsize: tuple[float, float] = ROW

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
        self.data = data = explorer_data(x, y)
        self.x, self.y, self.floor, self.optimum = data.x, data.y, data.floor, data.optimum
        default_w, default_b = window(data)
        self.w_range = default_w if w_range is None else check_range(w_range, "w_range")
        self.b_range = default_b if b_range is None else check_range(b_range, "b_range")
        self.steps = check_int(steps, "steps", maximum=MOST_STEPS)
        corner = (self.w_range[0] + 0.1 * np.ptp(self.w_range), self.b_range[1] - 0.1 * np.ptp(self.b_range))
        self.start = corner if start is None else check_point(start, "start")
        self.learning_rate_slider = rate_slider(learning_rate, learning_rate_range)
        self._check_settings()
        self.limit = stability_limit(data.x)
        self.steepest = data.steepest
        super().__init__(self._make_controls(), figsize=self.figsize)

    def _check_settings(self) -> None:
        """Check the settings of a subclass's own controls (before anything is drawn)."""

    def _make_controls(self) -> list[widgets.Widget]:
        return [self.learning_rate_slider]

    def _optimizer(self) -> Optimizer:
        return SGD(self.learning_rate_slider.value)

    def _layout(self) -> tuple[Axes, Axes]:
        """The axes of the loss per step and of the loss surface (a subclass may add more panels)."""
        loss, surface = self.figure.subplots(1, 2)
        return loss, surface

    def _setup(self) -> None:
        self._loss_ax, self._surface_ax = self._layout()
        ax, right = self._loss_ax, self._surface_ax
        (self._loss,) = ax.plot([], [], ".-", color=color("sgd"), lw=1.5, ms=4, label="loss at each step")
        (self._floor_line,) = ax.plot(
            [0, self.steps], [self.floor] * 2, color="k", ls="--", lw=1, label=f"least-squares floor {self.floor:.3g}"
        )
        log_axis(ax)
        ax.set(title="Loss per step", xlabel="step", ylabel="loss (MSE)", xlim=(0, self.steps))
        ax.legend(loc="upper right")
        plot_loss_surface(self.x, self.y, self.w_range, self.b_range, ax=right, legend=False, title=self._path_title())
        self._halos, self._path, self._points = path_artists(right, color("sgd"))
        right.plot(*self.start, "s", color="white", mec="black", ms=7, label="start")
        surface_legend(right)
        (self._here,) = right.plot([], [], "o", ms=9, mfc="white", mec="black", mew=1.5)  # where playback stands
        self._taken = step_arrow(right, color("sgd"))
        self._gradient_step = step_arrow(right, "black", dashed=True)
        self._animated = [
            self._halos,
            self._path,
            self._points,
            self._gradient_step,
            self._taken,
            self._here,
            self._loss,
            self._floor_line,
            optimum_marker(right),
        ]  # the optimum on top

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

    # -- the run -----------------------------------------------------------------------------------------

    def _compute(self) -> None:
        hue = color(self._method())
        if self._path.get_color() != hue:  # another method: its colour, and legends that show it
            for artist in (self._path, self._points, self._loss):
                artist.set_color(hue)
            self._taken.set_color(hue)
            self._loss_ax.legend(loc="upper right")
            surface_legend(self._surface_ax)
            self._surface_ax.set_title(self._path_title())
        model = LinearModel(1).set_params(self.start)
        self.history = fit(
            model, self.x, self.y, self._optimizer(), epochs=self.steps, batch_size=len(self.y), shuffle=False
        )
        set_log_limits(self._loss_ax, log_limits(np.asarray(self.history.loss), self.floor))

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
        loss = loss_at(self.data, after)
        text = f"{self.step_name} {step} of {self._frames()}: loss {loss:.4g} (floor {self.floor:.4g})"
        if step == 0:
            return say(text + ", the start.")
        before = self.history.params[step - 1]
        plain = full_batch_step(self.data, before, self.learning_rate_slider.value)
        taken = after - before
        place_arrow(self._taken, before, after)
        place_arrow(self._gradient_step, before, before + plain)
        text += f"; this step moved (w, b) by ({taken[0]:+.3g}, {taken[1]:+.3g})"
        if not np.allclose(taken, plain, rtol=1e-9, atol=0.0):
            text += (
                f", the learning rate times the gradient alone would move them by ({plain[0]:+.3g}, {plain[1]:+.3g})"
            )
        return say(text + ".")

    def crossings(self) -> int:
        """How many steps of the current path land on the other side of the optimum along the steepest direction.

        Only the steps taken while the error along that direction is above :data:`ROUNDING` times the
        first one count (:meth:`counted_steps`): below, the path sits at the optimum up to rounding,
        and its side is noise.
        """
        kept = self._along()[: self.counted_steps() + 1]
        return int(np.sum(np.sign(kept[1:]) * np.sign(kept[:-1]) < 0))

    def counted_steps(self) -> int:
        """The steps whose side :meth:`crossings` counts: those made before the error fell to rounding."""
        along = self._along()
        if not along.size or along[0] == 0:
            return 0
        meaningful = np.abs(along) > ROUNDING * abs(along[0])
        return (len(along) if meaningful.all() else int(np.argmin(meaningful))) - 1

    def _along(self) -> np.ndarray:
        """The error along the steepest direction after each step (the finite ones)."""
        along = (self.history.params - self.optimum) @ self.steepest
        return along[np.isfinite(along)]

    def _manner(self) -> str:
        """How the path goes: in a single step, across the optimum, or down the slope."""
        first, second = (self.history.params[:2] - self.optimum) @ self.steepest
        if first != 0 and abs(second) <= ROUNDING * abs(first):
            return (
                "reaches the optimum in a single step"
                if self.data.round
                else "reaches the bottom of the steepest direction in a single step"
            )
        crossed, counted = self.crossings(), self.counted_steps()
        if crossed and crossed == counted:
            return "jumps across the optimum at every step"
        if crossed:
            return f"jumps across the optimum ({crossed} of {counted} steps land on the other side)"
        return "walks down the slope without overshooting"

    def _describe(self, lr: float) -> str:
        ratio = f"learning rate {lr:.3g} = {lr / self.limit:.3g} × the stability limit {self.limit:.3g}"
        final = loss_at(self.data, self.history.params[-1])  # after the last step
        blown = verdict(self.history, ratio, lr, self.limit, final, why="Each step overshoots more.")
        if blown:
            return blown
        if np.isclose(lr, self.limit, rtol=1e-6):
            return say(f"{ratio}: on the edge, the path jumps between two points and the loss stays at {final:.4g}.")
        return say(
            f"{ratio}: the path {self._manner()}; after {self.steps} steps the loss is {final:.4g} "
            f"(floor {self.floor:.4g})."
        )

    # -- the page ------------------------------------------------------------------------------------------

    def _browser_data(self) -> dict:
        return run_data(self.data, self.learning_rate_slider, np.asarray(self.start, dtype=float)) | {
            "steps": self.steps,
            "limit": self.limit,
            "steepest": self.steepest.tolist(),
            "round": self.data.round,
            "stepName": self.step_name,
        }

    def __repr__(self) -> str:
        return f"OptimizerExplorer(learning_rate={self.learning_rate_slider.value:.3g}, steps={self.steps})"
