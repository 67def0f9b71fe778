"""The method explorer: full-batch steps of plain SGD, momentum, Nesterov, AdaGrad, RMSProp or Adam."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Unpack

import ipywidgets as widgets
import numpy as np

from ..checks import check_choice
from ..evaluation import stability_limit
from ..optimizers import SGD, AdaGrad, Adam, Optimizer, RMSProp
from .common import loss_at, say, settles, verdict
from .optimizer import OptimizerExplorer, OptimizerSettings

#: The methods of :class:`MethodExplorer`: the optimizer for a learning rate, and its key in ``COLORS``.
METHODS: dict[str, tuple[Callable[[float], Optimizer], str]] = {
    "plain SGD": (lambda rate: SGD(rate), "sgd"),
    "momentum 0.9": (lambda rate: SGD(rate, momentum=0.9), "momentum"),
    "Nesterov 0.9": (lambda rate: SGD(rate, momentum=0.9, nesterov=True), "nesterov"),
    "AdaGrad": (lambda rate: AdaGrad(rate), "adagrad"),
    "RMSProp": (lambda rate: RMSProp(rate), "rmsprop"),
    "Adam": (lambda rate: Adam(rate), "adam"),
}


class MethodExplorer(OptimizerExplorer):
    """A method menu (plain SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam) and a learning-rate slider.

    Full-batch steps of the chosen method from one start, drawn as a path on the loss surface and as
    the loss per step, in the method's colour. The status line says where the run ended, when it
    first got within 1% of the floor, and, for the SGD family, the stability limit.

    Parameters
    ----------
    x, y : array-like
        One-feature data.
    method : str
        One of :data:`METHODS`.
    learning_rate, learning_rate_range, steps, start, w_range, b_range
        As for :class:`~sgd_lib.widgets.OptimizerExplorer`.
    """

    kind = "method"

    def __init__(self, x: object, y: object, *, method: str = "Adam", **kwargs: Unpack[OptimizerSettings]) -> None:
        self.method_menu = widgets.Dropdown(
            options=list(METHODS), value=check_choice(method, "method", list(METHODS)), description="method"
        )
        super().__init__(x, y, **kwargs)

    def _make_controls(self) -> list[widgets.Widget]:
        return [self.method_menu, self.learning_rate_slider]

    def _optimizer(self) -> Optimizer:
        return METHODS[self.method_menu.value][0](self.learning_rate_slider.value)

    def _method(self) -> str:
        return METHODS[self.method_menu.value][1]

    def _path_title(self) -> str:
        return f"Path of {self.method_menu.value}"

    def _stability_limit(self, name: str) -> float:
        """The full-batch stability limit of a method of the SGD family (inf for the adaptive ones)."""
        optimizer = METHODS[name][0](1.0)
        if not isinstance(optimizer, SGD):
            return np.inf
        return stability_limit(self.x, optimizer.momentum, optimizer.nesterov)

    def _describe(self, lr: float) -> str:
        name = self.method_menu.value
        setting = f"{name}, learning rate {lr:.3g}"
        limit = self._stability_limit(name)
        if np.isfinite(limit):
            setting += f" (stable below {limit:.3g})"
        final = loss_at(self.data, self.history.params[-1])  # after the last step
        blown = verdict(self.history, setting, lr, limit, final)
        if blown:
            return blown
        times = f" ({final / self.floor:.3g} × the floor)" if self.floor > 0 else ""
        return say(
            f"{setting}: loss {final:.4g} after {self.steps} steps{times}, {settles(self.history.loss, self.floor)}."
        )

    def _variants(self) -> dict[str, Callable[[], object]]:
        def draw(name: str) -> None:
            self.method_menu.value = name
            self._draw_current()

        return {str(i): partial(draw, name) for i, name in enumerate(METHODS)}

    def _browser_data(self) -> dict:
        methods = []
        for name, (make, _) in METHODS.items():
            limit = self._stability_limit(name)
            methods.append({**rule_of(make(1.0)), "name": name, "limit": limit if np.isfinite(limit) else None})
        return {**super()._browser_data(), "methods": methods}

    def __repr__(self) -> str:
        return (
            f"MethodExplorer(method={self.method_menu.value!r}, "
            f"learning_rate={self.learning_rate_slider.value:.3g}, steps={self.steps})"
        )


def rule_of(optimizer: Optimizer) -> dict:
    """An optimizer of :data:`METHODS` as the page runs it: its rule's name and settings (``numbers.js``)."""
    if isinstance(optimizer, SGD):
        return {"rule": "sgd", "momentum": optimizer.momentum, "nesterov": optimizer.nesterov}
    if isinstance(optimizer, AdaGrad):
        return {"rule": "adagrad", "initial": optimizer.initial_accumulator_value, "epsilon": optimizer.epsilon}
    if isinstance(optimizer, RMSProp):
        return {
            "rule": "rmsprop",
            "decay": optimizer.decay,
            "momentum": optimizer.momentum,
            "epsilon": optimizer.epsilon,
        }
    if isinstance(optimizer, Adam):
        return {"rule": "adam", "beta1": optimizer.beta1, "beta2": optimizer.beta2, "epsilon": optimizer.epsilon}
    raise TypeError(f"the page has no rule for {type(optimizer).__name__}")
