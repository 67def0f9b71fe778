"""The momentum explorer: full-batch gradient descent with classical or Nesterov momentum, and why it moves so."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Unpack

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes

from ..checks import check_bool, check_number
from ..dynamics import convergence_factor, spectral_radius, steps_per_sign_change
from ..evaluation import stability_limit
from ..optimizers import SGD
from ..plotting import color, log_axis, plot_rate_map
from .common import loss_at, say, settles, verdict
from .optimizer import OptimizerExplorer, PathSettings

#: Errors below this fraction of the start are rounding noise: not drawn, and no anchor for a predicted line.
NOISE = 1e-12
#: The momentum slider's largest value.
MOST_MOMENTUM = 0.99


class MomentumExplorer(OptimizerExplorer):
    """The optimizer explorer with a momentum slider and a Nesterov switch, and the numbers behind the path.

    Full-batch gradient descent with momentum mu is stable for learning rates below
    2 (1 + mu) / lambda_max, with Nesterov momentum below 2 (1 + mu) / ((1 + 2 mu) lambda_max)
    (:func:`~sgd_lib.evaluation.stability_limit`). Beside the loss and the path, two panels explain
    them: the convergence factor (the error's factor per step) over (learning rate, momentum) with
    the current setting marked (:func:`~sgd_lib.plotting.plot_rate_map`, the Nesterov map when the
    box is ticked), and the error along each eigenvector of the Hessian per step, with the line
    factor**k that :func:`~sgd_lib.dynamics.spectral_radius` predicts for it. The status line gives
    the limit, the step from which the loss stays within 1% of the floor, the factor per step and how each direction
    oscillates.
    """

    kind = "momentum"
    #: Two rows of two panels: loss and path, then the errors per direction and the factor map.
    figsize: tuple[float, float] = (10.5, 6.0)

    def __init__(
        self,
        x: object,
        y: object,
        *,
        learning_rate: float = 0.1,
        momentum: float = 0.9,
        nesterov: bool = False,
        **kwargs: Unpack[PathSettings],
    ) -> None:
        self._momentum = check_number(momentum, "momentum", low=0.0, high=MOST_MOMENTUM)
        self._nesterov = check_bool(nesterov, "nesterov")
        super().__init__(x, y, learning_rate=learning_rate, **kwargs)

    def _make_controls(self) -> list[widgets.Widget]:
        self.momentum_slider = widgets.FloatSlider(
            value=self._momentum, min=0.0, max=MOST_MOMENTUM, step=0.01, description="momentum", continuous_update=True
        )
        self.nesterov_box = widgets.Checkbox(value=self._nesterov, description="Nesterov")
        return [self.learning_rate_slider, self.momentum_slider, self.nesterov_box]

    def _optimizer(self) -> SGD:
        return SGD(
            self.learning_rate_slider.value, momentum=self.momentum_slider.value, nesterov=self.nesterov_box.value
        )

    def _method(self) -> str:
        if self.momentum_slider.value == 0:
            return "sgd"
        return "nesterov" if self.nesterov_box.value else "momentum"

    def _path_title(self) -> str:
        return {
            "sgd": "Path of gradient descent",
            "momentum": "Path with momentum",
            "nesterov": "Path with Nesterov momentum",
        }[self._method()]

    def _style(self) -> object:
        return self._method(), self.nesterov_box.value  # the map shows Nesterov's factors even at momentum 0

    # --- the two panels that explain the path ---------------------------------------------------------------

    def _layout(self) -> tuple[Axes, Axes]:
        (loss, surface), (self._error_ax, self._rate_ax) = self.figure.subplots(2, 2)
        return loss, surface

    def _rate_map(self) -> None:
        nesterov = self.nesterov_box.value
        plot_rate_map(
            self.x,
            nesterov=nesterov,
            learning_rates=self._map_range,
            ax=self._rate_ax,
            legend=False,
            title=f"Factor per step, {'Nesterov momentum' if nesterov else 'momentum'} (○ = now)",
        )
        self._map_nesterov = nesterov

    def _setup(self) -> None:
        super()._setup()
        self.curvatures, self.directions = self.data.curvatures, self.data.directions  # columns: flat, then steep
        self._map_range = (0.0, float(self.learning_rate_slider.options[-1][1]))
        self._rate_map()
        (self._marker,) = self._rate_ax.plot(
            [],
            [],
            "o",
            ms=9,
            mfc="white",
            mec="black",
            mew=1.6,
            ls="none",
            clip_on=False,
            zorder=6,
            label="this setting",
        )
        hue, ax = color(self._method()), self._error_ax
        labels = ("one eigenvector", "the other") if self.data.round else ("steep", "flat")  # a round bowl: no valley
        self._errors = [
            ax.plot([], [], style, color=hue, lw=1.6, label=label)[0] for style, label in zip(("-", "--"), labels)
        ]
        (self._predicted,) = ax.plot([], [], ":", color="black", lw=1.2, label="predicted factor$^k$")  # both lines
        ax.set(
            title="Error along each eigenvector of H",
            xlabel="step",
            ylabel="|error| / |start error|",
            xlim=(0, self.steps),
            ylim=(1e-6, 2.0),
        )
        log_axis(ax, decades=6)
        self._error_legend()
        self._animated[-1:-1] = [self._marker, self._predicted, *self._errors]  # the optimum star stays last

    def _error_legend(self) -> None:
        self._error_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=3, frameon=False)  # under the axes

    def _factors(self, lr: float) -> tuple[np.ndarray, np.ndarray]:
        """The factor per step and the steps per sign change along each eigenvector (flat, then steep)."""
        mu, nesterov = self.momentum_slider.value, self.nesterov_box.value
        return (
            np.asarray(spectral_radius(lr, mu, self.curvatures, nesterov=nesterov)),
            np.asarray(steps_per_sign_change(lr, mu, self.curvatures, nesterov=nesterov)),
        )

    def _compute_setting(self) -> None:
        if self.nesterov_box.value != self._map_nesterov:
            self._rate_map()
        lr, hue = self.learning_rate_slider.value, color(self._method())
        self._now = self._factors(lr)  # for the status line too
        super()._compute_setting()
        self._marker.set_data([lr], [self.momentum_slider.value])
        if self._errors[0].get_color() != hue:  # another method: its colour, and a legend that shows it
            for line in self._errors:
                line.set_color(hue)
            self._error_legend()
        errors, steps = self.direction_errors(), np.arange(len(self.history.params))
        predicted_x: list[np.ndarray | list[float]] = []
        predicted_y: list[np.ndarray | list[float]] = []
        for column, line in zip((-1, 0), self._errors):  # steep, then flat
            e, factor = errors[:, column], self._now[0][column]
            shown = np.isfinite(e) & (e > NOISE)
            line.set_data(steps[shown], e[shown])
            if factor > 0 and shown.any():  # the line factor**k through the highest point of the curve
                with np.errstate(over="ignore", divide="ignore", under="ignore"):
                    scale = np.max(e[shown] / factor ** steps[shown])
                    predicted_x += [steps, [np.nan]]
                    predicted_y += [scale * factor ** steps.astype(float), [np.nan]]
        self._predicted.set_data(np.concatenate(predicted_x or [[]]), np.concatenate(predicted_y or [[]]))

    def direction_errors(self) -> np.ndarray:
        """|error| along each eigenvector of H per step (columns: flat, then steep), over the start's distance."""
        error = self.history.params - self.optimum
        start = float(np.linalg.norm(error[0])) or 1.0
        with np.errstate(invalid="ignore", over="ignore"):
            return np.abs(error @ self.directions) / start

    def factor(self) -> float:
        """The convergence factor of the current setting: the error's factor per step in the long run."""
        lr, mu, nesterov = self.learning_rate_slider.value, self.momentum_slider.value, self.nesterov_box.value
        return float(convergence_factor(lr, mu, self.curvatures, nesterov=nesterov))

    # --- the status line ----------------------------------------------------------------------------------

    def _dynamics(self) -> str:
        """The factor per step and how the error oscillates across and along the valley, in a few words."""
        factors, sign_steps = self._now
        factor = float(factors.max())
        size = f"the error {'shrinks' if factor < 1 else 'grows'} × {factor:.3g} per step"

        def motion(steps: float) -> str:
            if steps == 1:
                return "flips sign every step"
            return "does not oscillate" if np.isinf(steps) else f"changes sign every {steps:.2g} steps"

        if self.data.round:  # a round bowl: one curvature
            return f"{size[0].upper()}{size[1:]} and {motion(sign_steps[0])}."
        across, along = motion(sign_steps[-1]), motion(sign_steps[0])
        if across.startswith("changes sign") and along.startswith("changes sign"):
            along = along.removeprefix("changes sign ")
        return f"{size[0].upper()}{size[1:]}; across the valley it {across}, along it {along}."

    def _describe(self, lr: float) -> str:
        mu, nesterov = self.momentum_slider.value, self.nesterov_box.value
        kind = "Nesterov momentum" if nesterov else "momentum"
        limit = stability_limit(self.x, mu, nesterov)
        setting = f"learning rate {lr:.3g}, {kind} {mu:.2f} (stable below {limit:.3g})"
        why = self._dynamics()
        final = loss_at(self.data, self.history.params[-1])  # after the last step
        blown = verdict(self.history, setting, lr, limit, final, why=why)
        if blown:
            return blown
        return say(
            f"{setting}: loss {final:.4g} after {self.steps} steps, {settles(self.history.loss, self.floor)}. {why}"
        )

    # --- the page ------------------------------------------------------------------------------------------

    def _variants(self) -> dict[str, Callable[[], object]]:
        moving = self.momentum_slider.value or 0.5

        def draw(mu: float, nesterov: bool) -> None:
            self.momentum_slider.value, self.nesterov_box.value = mu, nesterov
            self._draw_current()

        return {
            f"{method}|{int(nesterov)}": partial(draw, mu, nesterov)
            for method, mu, nesterov in (
                ("sgd", 0.0, False),
                ("sgd", 0.0, True),
                ("momentum", moving, False),
                ("nesterov", moving, True),
            )
        }

    def _browser_data(self) -> dict:
        return {
            **super()._browser_data(),
            "curvatures": self.curvatures.tolist(),
            "directions": self.directions.tolist(),
            "lambdaMax": float(self.curvatures[-1]),
            "noise": NOISE,
        }

    def __repr__(self) -> str:
        return (
            f"MomentumExplorer(learning_rate={self.learning_rate_slider.value:.3g}, "
            f"momentum={self.momentum_slider.value:.2f}, nesterov={self.nesterov_box.value}, steps={self.steps})"
        )
