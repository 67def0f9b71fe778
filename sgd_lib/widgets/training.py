"""The training explorer: learning rate, epochs and batch size, re-trained on every change."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..history import History
from ..losses import mse_at
from ..model import LinearModel
from ..optimizers import SGD
from ..plotting import COLORS, line_equation, log_axis, plot_data
from ..training import fit
from ._engine import Explorer, _axis_labels, _log_limits, _nice_ceiling, _padded, _rate_slider, _say, explorer_data


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
        data = explorer_data(x, y)
        self.x, self.y, self.floor, self.optimum = data.x, data.y, data.floor, data.optimum
        self.seed = seed
        self.learning_rate_slider = _rate_slider(learning_rate, *learning_rate_range)
        if not 1 <= epochs <= max_epochs:
            raise ValueError(f"epochs must lie in [1, max_epochs={max_epochs}], got {epochs!r}")
        if not 1 <= batch_size <= len(self.y):
            raise ValueError(f"batch_size must lie in [1, {len(self.y)}] (the number of samples), got {batch_size!r}")
        self.epochs_slider = widgets.IntSlider(
            value=epochs, min=1, max=max_epochs, description="epochs", continuous_update=True
        )
        self.batch_slider = widgets.IntSlider(
            value=batch_size, min=1, max=len(self.y), description="batch size", continuous_update=True
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
        setting = f"learning rate {lr:.3g}, {epochs} epoch{'s' if epochs != 1 else ''}, batch size {batch}"
        if self.history.diverged:
            return _say(f"{setting}: {self.history.message}", bad=True)
        final = mse_at(self.x, self.y, self.history.params[-1])
        return _say(
            f"{setting}: last logged loss {self.history.final_loss:.4g}, final parameters' loss {final:.4g} "
            f"(floor {self.floor:.4g}), line {line_equation(w, b, 3)}."
        )

    def __repr__(self) -> str:
        return (
            f"TrainingExplorer(learning_rate={self.learning_rate_slider.value:.3g}, epochs={self.epochs_slider.value}, "
            f"batch_size={self.batch_slider.value})"
        )
