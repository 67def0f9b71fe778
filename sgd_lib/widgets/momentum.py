"""The momentum explorer: full-batch gradient descent with classical or Nesterov momentum."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..evaluation import stability_limit
from ..losses import mse_at
from ..optimizers import SGD
from ._engine import _say
from .optimizer import OptimizerExplorer


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
            value=momentum, min=0.0, max=0.99, step=0.01, description="momentum", continuous_update=True
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

    def _method(self) -> str:
        if self.momentum_slider.value == 0:
            return "plain"
        return "nesterov" if self.nesterov_box.value else "momentum"

    def _path_title(self) -> str:
        return {"plain": "Path of gradient descent", "momentum": "Path with momentum",
                "nesterov": "Path with Nesterov momentum"}[self._method()]

    def _describe(self, lr: float) -> str:
        mu, nesterov = self.momentum_slider.value, self.nesterov_box.value
        kind = "Nesterov momentum" if nesterov else "momentum"
        limit = stability_limit(self.x, mu, nesterov)
        setting = f"learning rate {lr:.3g}, {kind} {mu:.2f} (stable below {limit:.3g})"
        if self.history.diverged:
            return _say(f"Diverged at step {self.history.diverged_epoch}: {setting}.", bad=True)
        losses = np.asarray(self.history.loss)
        final = mse_at(self.x, self.y, self.history.params[-1])  # after the last step
        if lr > limit * (1 + 1e-6):
            return _say(f"Diverging: {setting}; the loss grows from step to step (now {final:.3g}).", bad=True)
        close = np.flatnonzero(losses <= self.floor * 1.01)
        reached = f"first within 1% of the floor at step {close[0]}" if close.size else "not yet within 1% of the floor"
        return _say(f"{setting}: loss {final:.4g} after {self.steps} steps, {reached}.")

    def __repr__(self) -> str:
        return (
            f"MomentumExplorer(learning_rate={self.learning_rate_slider.value:.3g}, "
            f"momentum={self.momentum_slider.value:.2f}, nesterov={self.nesterov_box.value}, steps={self.steps})"
        )
