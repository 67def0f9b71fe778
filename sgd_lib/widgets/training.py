"""The training explorer: learning rate, epochs and batch size, re-trained on every change and played back."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D

from ..checks import MOST, check_int
from ..data import epoch_orders
from ..evaluation import condition_number, stability_limit
from ..history import History
from ..model import LinearModel
from ..optimizers import SGD
from ..plotting import (
    color,
    line_equation,
    log_axis,
    optimum_marker,
    path_artists,
    plot_data,
    plot_loss_surface,
)
from ..training import fit
from .common import (
    WIDEST_LOSS_LIMITS,
    RecordedRun,
    axis_labels,
    explorer_data,
    full_batch_step,
    legend_stand_in,
    log_limits,
    loss_at,
    losses_at,
    nice_ceiling,
    padded,
    place_arrow,
    say,
    set_log_limits,
    step_arrow,
    window_around,
)
from .controls import rate_slider
from .optimizer import run_data
from .playback import PlaybackExplorer

#: Where a legend goes when it would cover the curves: under the axes.
BELOW = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.2), "frameon": False}
#: At most this many points of a curve or path are drawn (every k-th, the current one always).
DRAWN = 1500
#: The most updates the epochs slider may ask for (max_epochs times the batches of an epoch).
MOST_UPDATES = 1_000_000


class TrainingExplorer(PlaybackExplorer):
    """Learning rate (log scale), epochs and batch size: re-trains and redraws the loss, the fit and the path.

    At the end of training (the default) the panels show the logged loss per epoch, the
    trained line and the path of the line at the end of each epoch on the loss surface.
    Playback shows the state after each update: the loss of the line on all the data and
    each batch's loss so far, the line with the batch that produced it, and the path of the
    updates with the step of that batch beside the step the full batch would have taken.

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

    A batch size larger than the data is one batch of all of it, as in TF.js.
    """

    kind = "training"
    figsize = (12.5, 4.1)

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
        self.data = data = explorer_data(x, y)
        self.x, self.y, self.floor, self.optimum = data.x, data.y, data.floor, data.optimum
        self.seed = check_int(seed, "seed", minimum=0)
        self.learning_rate_slider = rate_slider(learning_rate, learning_rate_range)
        n = len(self.y)
        max_epochs = check_int(max_epochs, "max_epochs", maximum=min(MOST, MOST_UPDATES // n))
        epochs = check_int(epochs, "epochs", maximum=max_epochs)
        batch_size = min(check_int(batch_size, "batch_size"), n)  # a batch larger than the data is all of it
        self.w_range, self.b_range = window_around(LinearModel(1, seed=self.seed).get_params(), self.optimum)
        self.epochs_slider = widgets.IntSlider(
            value=epochs, min=1, max=max_epochs, description="epochs", continuous_update=True
        )
        self.batch_slider = widgets.IntSlider(
            value=batch_size, min=1, max=n, description="batch size", continuous_update=True
        )
        self._recorded: RecordedRun | None = None  # the same run with every update and batch, made when played back
        self._limits: tuple[float, float] | None = None  # of the loss axis during playback
        super().__init__([self.learning_rate_slider, self.epochs_slider, self.batch_slider], figsize=self.figsize)

    # -- drawing ---------------------------------------------------------------------------------

    def _setup(self) -> None:
        self._loss_ax, line_ax, self._surface_ax = self.figure.subplots(1, 3, width_ratios=(1.0, 1.0, 0.95))
        self._setup_loss(self._loss_ax)
        self._setup_line(line_ax)
        self._setup_surface(self._surface_ax)
        self._legends(playing=True)  # lay the figure out once, with the larger legends of playback
        self.figure.set_layout_engine("constrained", wspace=0.1)  # room for tick labels that change with the limits
        self.render.freeze(self._widest_limits())
        self._legends(playing=False)
        self._animated = [
            self._curve,
            self._batch_dots,
            self._all_data,
            self._floor_line,
            self._line,
            self._batch_points,
            self._halos,
            self._path,
            self._points,
            self._full_step,
            self._batch_step,
            self._here,
            optimum_marker(self._surface_ax),
        ]  # the optimum on top

    def _setup_loss(self, ax) -> None:
        (self._curve,) = ax.plot([], [], lw=1.8, color=color("sgd"), label="logged loss per epoch")
        (self._all_data,) = ax.plot([], [], lw=1.5, color=color("full batch"), label="the line's loss, all data")
        (self._batch_dots,) = ax.plot(
            [], [], ".", ms=4, color=color("mini-batch"), alpha=0.6, label="each batch's loss"
        )
        (self._floor_line,) = ax.plot(
            [0.0, 1.0], [self.floor] * 2, color="k", ls="--", lw=1, label=f"least-squares floor {self.floor:.3g}"
        )
        log_axis(ax)
        ax.set(title="Loss", xlabel="epoch", ylabel="loss (MSE)")

    def _legends(self, playing: bool) -> None:
        """The legends show what is drawn: the end of training, or playback."""
        shown = [self._all_data, self._batch_dots] if playing else [self._curve]
        self._loss_ax.legend(handles=[*map(legend_stand_in, [*shown, self._floor_line])], **BELOW)
        line_ax = self._line.axes
        data = [h for h in line_ax.get_legend_handles_labels()[0] if h.get_label().startswith("data")]
        shown = [self._line, self._batch_points] if playing else [self._line]
        line_ax.legend(handles=[*data, *map(legend_stand_in, shown)], loc="upper left")
        surface_ax = self._surface_ax
        handles = [h for h in surface_ax.get_legend_handles_labels()[0] if h.get_label() == "least-squares optimum"]
        handles.append((legend_stand_in(self._halos), legend_stand_in(self._path), legend_stand_in(self._points)))
        labels = ["least-squares optimum", "path"]
        if playing:
            handles += [
                Line2D([], [], color=color("mini-batch"), lw=2.2),
                Line2D([], [], color="black", lw=2.2, ls=(0, (3, 2))),
            ]
            labels += ["this batch's step", "full batch's step"]
        surface_ax.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=1)}, ncol=2, **BELOW)
        self._legend_playing = playing

    def _setup_line(self, ax) -> None:
        xlabel, ylabel = axis_labels(self.x, self.y)
        plot_data(self.x, self.y, ax, title="The line", xlabel=xlabel, ylabel=ylabel)
        self._ends = np.array([self.x.min(), self.x.max()])  # a straight line needs its two ends
        (self._line,) = ax.plot(self._ends, self._ends, lw=2, color=color("sgd"), label="the line")
        (self._batch_points,) = ax.plot(
            [], [], "o", ms=8, mfc="none", mec=color("mini-batch"), mew=2, label="this update's batch"
        )
        ax.set_ylim(*padded(self.y))

    def _setup_surface(self, ax) -> None:
        plot_loss_surface(self.x, self.y, self.w_range, self.b_range, ax=ax, legend=False, title="Path of the line")
        self._halos, self._path, self._points = path_artists(ax, color("sgd"))
        (self._here,) = ax.plot([], [], "o", ms=9, mfc="white", mec="black", mew=1.5)
        self._batch_step = step_arrow(ax, color("mini-batch"))
        self._full_step = step_arrow(ax, "black", dashed=True)

    def _widest_limits(self) -> dict:
        return {self._loss_ax: ((0.0, nice_ceiling(self.epochs_slider.max)), WIDEST_LOSS_LIMITS)}  # "1000" overhangs

    def _moving_x(self) -> list[float]:
        """Every x limit the loss axis takes: the 1-2-5 ceilings of the epochs shown."""
        limits = [1.0]
        while limits[-1] < nice_ceiling(self.epochs_slider.max):
            limits.append(nice_ceiling(limits[-1] * 1.5))
        return limits

    def _style(self) -> object:
        return self._legend_playing  # the legends differ during playback

    # -- the run -----------------------------------------------------------------------------------

    def _settings(self) -> tuple[float, int, int]:
        return self.learning_rate_slider.value, self.epochs_slider.value, self.batch_slider.value

    def _fit(self, record: bool) -> History:
        lr, epochs, batch = self._settings()
        return fit(
            LinearModel(1, seed=self.seed),
            self.x,
            self.y,
            SGD(lr),
            epochs=epochs,
            batch_size=batch,
            seed=self.seed,
            record_batches=record,
        )

    def _compute(self) -> None:
        self.history, self._recorded, self._limits = self._fit(record=False), None, None
        if self.history.diverged:  # how many updates it made is known only from a recorded run
            self._recording()

    def _frames(self) -> int:
        if self._recorded is not None:
            return len(self._recorded.update_params) - 1
        return len(self.history.loss) * self._per_epoch()

    def _per_epoch(self) -> int:
        return -(-len(self.y) // self.batch_slider.value)

    def _playback_limits(self) -> tuple[float, float]:
        """Loss-axis limits for the whole playback of this run, so the axis stays put while it plays.

        The bottom leaves out the lowest 5% of the batch losses: with small batches a batch can sit
        almost on the line, and its loss would stretch the axis over many decades.
        """
        if self._limits is None:
            run = self._recording()
            full = losses_at(self.data, run.update_params[_thinned(len(run.update_params))])
            batch = run.batch_loss[np.isfinite(run.batch_loss) & (run.batch_loss > 0)]
            low = np.percentile(batch, 5) if batch.size else self.floor
            self._limits = log_limits(np.concatenate([full, batch[batch >= low]]), self.floor)
        return self._limits

    def recorded(self) -> History:
        """The current run with every update and its batch recorded (trained again the first time it is asked)."""
        return self._recording().history

    def _recording(self) -> RecordedRun:
        if self._recorded is None:
            self._recorded = RecordedRun.of(self._fit(record=True))
        return self._recorded

    def full_batch_step(self, step: int) -> np.ndarray:
        """The step (w, b) that the full batch would have taken instead of update ``step`` (1 = the first)."""
        return full_batch_step(self.data, self._recording().update_params[step - 1], self.learning_rate_slider.value)

    def step_angles(self) -> np.ndarray:
        """Per update of the current run, the angle in degrees between its batch's step and the full batch's.

        0 means the batch pointed the way all the data does; 90 that its step neither lowered nor
        raised the loss to first order; above 90 that it went uphill.
        """
        run = self._recording()
        steps = np.diff(run.update_params, axis=0)
        return np.array([_angle(steps[k - 1], self.full_batch_step(k)) for k in range(1, len(run.update_params))])

    # -- a frame -------------------------------------------------------------------------------------

    def _frame(self, step: int) -> str:
        playing = step < self._frames()
        if playing != self._legend_playing:
            self._legends(playing)
        for artist in (self._all_data, self._batch_dots, self._batch_points, self._here):
            artist.set_visible(playing)
        self._curve.set_visible(not playing)
        self._batch_step.set_visible(playing and step > 0)
        self._full_step.set_visible(playing and step > 0)
        text = self._end() if not playing else self._during(step)
        self._floor_line.set_xdata([0.0, self._loss_ax.get_xlim()[1]])
        return text

    def _end(self) -> str:
        """The end of training: logged loss per epoch, the trained line, the path of the epochs' ends."""
        lr, epochs, batch = self._settings()
        losses = np.asarray(self.history.loss)
        finite = np.isfinite(losses) & (losses > 0)
        self._curve.set_data(np.arange(len(losses))[finite], losses[finite])
        self._loss_ax.set_xlim(0, nice_ceiling(epochs))
        set_log_limits(self._loss_ax, log_limits(losses, self.floor))
        params = self.history.params
        self._show_path(params)
        w, b = params[-1, 0], params[-1, -1]
        self._line.set_ydata(w * self._ends + b)
        self._line.set_visible(not self.history.diverged)
        setting = f"learning rate {lr:.3g}, {epochs} epoch{'s' if epochs != 1 else ''}, batch size {batch}"
        if self.history.diverged:
            return say(f"{setting}: {self.history.message}", bad=True)
        final = loss_at(self.data, params[-1])
        return say(
            f"{setting}: last logged loss {self.history.final_loss:.4g}, final parameters' loss {final:.4g} "
            f"(floor {self.floor:.4g}), line {line_equation(w, b, 3)}."
        )

    def _during(self, step: int) -> str:
        """After update ``step``: the loss so far, the line and its batch, the path and the last two steps."""
        run = self._recording()
        params = run.update_params[: step + 1]
        per_epoch = self._per_epoch()
        shown = _thinned(step + 1)
        self._all_data.set_data(shown / per_epoch, losses_at(self.data, params[shown]))
        dots = shown[shown < step]  # batch j is scored at the line before update j + 1
        self._batch_dots.set_data(dots / per_epoch, run.batch_loss[dots])
        self._loss_ax.set_xlim(0, nice_ceiling(max(step / per_epoch, 1.0)))
        set_log_limits(self._loss_ax, self._playback_limits())
        self._show_path(params[shown])
        w, b = params[-1]
        self._line.set_ydata(w * self._ends + b)
        self._line.set_visible(bool(np.all(np.isfinite(params[-1]))))
        self._here.set_data([w], [b])
        loss = loss_at(self.data, params[-1])
        text = f"update {step} of {self._frames()}"
        if step == 0:
            self._batch_points.set_data([], [])
            return say(f"{text}: the untrained line, loss {loss:.4g} (floor {self.floor:.4g}).")
        index = run.batches[step - 1]
        self._batch_points.set_data(self.x[index], self.y[index])
        before = run.update_params[step - 1]
        full_step = self.full_batch_step(step)
        batch_step = params[-1] - before
        place_arrow(self._batch_step, before, params[-1])
        place_arrow(self._full_step, before, before + full_step)
        epoch, batch = divmod(step - 1, per_epoch)
        return say(
            f"{text} (epoch {epoch}, batch {batch + 1} of {per_epoch}, {len(index)} "
            f"sample{'s' if len(index) != 1 else ''}): that batch's loss was {run.batch_loss[step - 1]:.4g}; "
            f"the new line's loss on all the data is {loss:.4g} (floor {self.floor:.4g}); the batch's step points "
            f"{_angle(batch_step, full_step):.0f}° away from the full batch's."
        )

    def _show_path(self, params: np.ndarray) -> None:
        for artist in (self._halos, self._path, self._points):
            artist.set_data(params[:, 0], params[:, 1])
        few = len(params) <= 120  # beyond that the points would hide the path
        self._halos.set_visible(few)
        self._points.set_visible(few)

    # -- the page ------------------------------------------------------------------------------------------

    def _variants(self) -> dict[str, Callable[[], object]]:
        return {"end": lambda: self._legends(playing=False), "play": lambda: self._legends(playing=True)}

    def _browser_data(self) -> dict:
        start = LinearModel(1, seed=self.seed).get_params()
        try:
            plain_limit: float | None = stability_limit(self.x)
        except ValueError:  # a bowl too steep for a float: the advice stands without the number
            plain_limit = None
        try:
            stretched = condition_number(self.x) > 10
        except ValueError:
            stretched = True
        return run_data(self.data, self.learning_rate_slider, start) | {
            "startLoss": loss_at(self.data, start),
            "plainLimit": plain_limit,
            "stretched": stretched,
            "drawn": DRAWN,
            "ends": self._ends.tolist(),
        }

    def _browser_arrays(self) -> dict[str, np.ndarray]:
        """The order of the samples in every epoch the slider offers (``fit`` draws the same from the seed)."""
        orders = epoch_orders(np.random.default_rng(self.seed), self.epochs_slider.max, len(self.y))
        return {"orders": orders.astype(np.uint8 if len(self.y) <= 256 else np.uint16)}

    def __repr__(self) -> str:
        lr, epochs, batch = self._settings()
        return f"TrainingExplorer(learning_rate={lr:.3g}, epochs={epochs}, batch_size={batch})"


def _thinned(count: int) -> np.ndarray:
    """Indices 0 .. count - 1, at most :data:`DRAWN` of them, evenly spread, the last one always."""
    if count <= DRAWN:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, DRAWN).round().astype(int))


def _angle(a: np.ndarray, b: np.ndarray) -> float:
    """The angle between two vectors in degrees (0 when either is zero)."""
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    if not np.isfinite(norms) or norms == 0:
        return 0.0
    return float(np.degrees(np.arccos(np.clip(float(a @ b) / norms, -1.0, 1.0))))
