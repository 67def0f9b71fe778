"""The rate map: the convergence factor of descent with momentum over (learning rate, momentum), drawn.

Its numbers come from :func:`sgd_lib.dynamics.factor_map`; this module only draws them, and redraws
them in place for the other method (an explorer's switch between classical momentum and Nesterov's).
"""

from __future__ import annotations

from typing import Any

import matplotlib.patheffects as patheffects
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import FuncNorm
from matplotlib.patches import Rectangle

from ..checks import check_bool, check_text
from ..dynamics import FactorMap, factor_map
from ..evaluation import stability_limit
from .axes import _axes
from .style import COLORS

#: The outline of the map's white lines.
_HALO = [patheffects.Stroke(linewidth=2.6, foreground="0.2"), patheffects.Normal()]


def plot_rate_map(
    x: object,
    *,
    nesterov: bool = False,
    learning_rates: tuple[float, float] = (0.0, 0.1),
    momenta: tuple[float, float] = (0.0, 0.99),
    ax: Axes | None = None,
    title: str | None = None,
    resolution: int = 150,
    critical: bool = False,
    legend: bool = True,
) -> Axes:
    """The convergence factor of full-batch descent with momentum over (learning rate, momentum), as a heatmap.

    The colour is the factor of :func:`~sgd_lib.dynamics.convergence_factor` (the error shrinks by that
    factor per step), dark where it is small, on a scale that spreads the factors near 1. Where the
    factor is 1 or more the run diverges: that region is hatched grey and bounded by
    :func:`~sgd_lib.evaluation.stability_limit`. A star marks the best pair
    (:func:`~sgd_lib.dynamics.optimal_momentum`), a diamond on the mu = 0 edge plain descent's best
    (:func:`~sgd_lib.dynamics.optimal_plain`), each with its factor written beside it. With
    ``critical``, dashed lines mark where the roots of the flattest and of the steepest direction
    turn complex (:func:`~sgd_lib.dynamics.critical_momentum`): above both, every classical-momentum
    direction spirals. Nesterov's roots are complex only for ``lr * lam < 1``: on its map a
    dash-dotted line marks ``lr = 1 / lam`` of each direction in range, beyond which its roots turn
    real again. The numbers are :func:`~sgd_lib.dynamics.factor_map`'s.

    Called again on axes that hold a rate map (with the same ranges), it redraws that map in place
    for ``nesterov``: an explorer's switch, without new artists.
    """
    numbers = factor_map(x, nesterov=nesterov, learning_rates=learning_rates, momenta=momenta, resolution=resolution)
    critical, legend = check_bool(critical, "critical"), check_bool(legend, "legend")
    title = (
        f"Convergence factor of {'Nesterov momentum' if nesterov else 'momentum'}"
        if title is None
        else check_text(title, "title")
    )
    method = "nesterov" if nesterov else "momentum"
    ax = _axes(ax)
    artists = {artist.get_gid(): artist for artist in ax.get_children() if str(artist.get_gid()).startswith("rate map")}
    if artists:  # a map is there: the other method, in place
        _update(artists, numbers, method)
    else:
        _draw(ax, numbers, method, critical)
        ax.set(
            xlim=numbers.learning_rates[[0, -1]],
            ylim=numbers.momenta[[0, -1]],
            xlabel="learning rate η",
            ylabel="momentum μ",
        )
        ax.grid(False)
    _place_diverges(ax, x, numbers, nesterov)
    ax.set_title(title)
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, frameon=False)  # under the axes
    return ax


def _factor_text(factor: float) -> str:
    """A factor at three digits; rounding noise below 1e-9 is 0."""
    return "0" if factor < 1e-9 else f"{factor:.3g}"


def _best_text(numbers: FactorMap) -> str:
    return f"best: {_factor_text(numbers.best.factor)}" + (" (plain)" if _together(numbers) else "")


def _together(numbers: FactorMap) -> bool:
    """A round bowl: the best pair is plain descent's (its momentum at the map's lower edge)."""
    return numbers.best.momentum < 0.02 * np.ptp(numbers.momenta)


def _label(method: str) -> str:
    return f"best {'Nesterov' if method == 'nesterov' else 'momentum'}"


def _place_diverges(ax: Axes, x: object, numbers: FactorMap, nesterov: bool) -> None:
    """The word "diverges" halfway between the stability limit and the right edge, where there is room."""
    middle, right = float(np.mean(numbers.momenta[[0, -1]])), numbers.learning_rates[-1]
    limit = stability_limit(x, middle, nesterov)
    text = next(artist for artist in ax.texts if artist.get_gid() == "rate map diverges")
    text.set(x=(limit + right) / 2, y=middle, visible=right - limit > 0.08 * np.ptp(numbers.learning_rates))


def _update(artists: dict, numbers: FactorMap, method: str) -> None:
    """Redraw a rate map's artists (found by their gid) for another method."""
    artists["rate map"].set_array(np.ma.masked_where(numbers.factors >= 1, numbers.factors))
    artists["rate map limit"].set_xdata(numbers.limits)
    for k, (edge, real) in enumerate(zip(numbers.critical, numbers.real_again)):
        if f"rate map critical {k}" in artists:
            artists[f"rate map critical {k}"].set_ydata(edge)
            artists[f"rate map real again {k}"].set(xdata=[real] * 2, visible=bool(np.isfinite(real)))
    best = numbers.best
    artists["rate map best"].set(
        xdata=[best.learning_rate], ydata=[best.momentum], color=COLORS[method], label=_label(method)
    )
    artists["rate map best text"].set(text=_best_text(numbers))
    artists["rate map best text"].xy = (best.learning_rate, best.momentum)


def _draw(ax: Axes, numbers: FactorMap, method: str, critical: bool) -> None:
    """Draw a rate map's artists, each with a gid so that :func:`_update` finds it."""
    spread = (lambda factor: -np.log10(1 - np.minimum(factor, 0.99999)), lambda value: 1 - 10.0**-value)  # near 1
    hatched: dict[str, Any] = {"facecolor": "0.92", "edgecolor": "0.6", "hatch": "//", "lw": 0, "zorder": 0}
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, gid="rate map background", **hatched))
    factors, norm = np.ma.masked_where(numbers.factors >= 1, numbers.factors), FuncNorm(spread, vmin=0.0, vmax=0.999)
    mesh = ax.pcolormesh(
        numbers.learning_rates, numbers.momenta, factors, cmap="viridis", norm=norm, zorder=1, gid="rate map"
    )
    colorbar = ax.figure.colorbar(
        mesh, ax=ax, label="factor per step (error ← factor × error),\nscale stretched near 1"
    )
    ticks = [0.0, 0.5, 0.9, 0.99, 0.999]
    colorbar.set_ticks(ticks, labels=[f"{tick:g}" for tick in ticks])
    colorbar.minorticks_off()
    ax.plot(numbers.limits, numbers.momenta, "-", color="black", lw=1.3, label="stability limit", gid="rate map limit")
    if critical:
        _draw_critical(ax, numbers)
    box = {"facecolor": "white", "edgecolor": "none", "pad": 1.5}
    ax.text(0, 0, "diverges", rotation=90, ha="center", va="center", fontsize=10, bbox=box, gid="rate map diverges")
    _draw_best(ax, numbers, method)


def _draw_best(ax: Axes, numbers: FactorMap, method: str) -> None:
    """The best pair (a star) and plain descent's best (a diamond on the mu = 0 edge), each with its factor."""
    plain, best = numbers.plain, numbers.best
    marker: dict[str, Any] = {"mec": "black", "ls": "none", "clip_on": False, "zorder": 5}
    ax.plot(
        [plain.learning_rate],
        [0.0],
        "D",
        ms=8,
        color=COLORS["sgd"],
        label="best plain (μ = 0)",
        gid="rate map plain",
        **marker,
    )
    ax.plot(
        [best.learning_rate],
        [best.momentum],
        "*",
        ms=15,
        color=COLORS[method],
        label=_label(method),
        gid="rate map best",
        **marker,
    )
    note: dict[str, Any] = {
        "xytext": (7, 5),
        "textcoords": "offset points",
        "fontsize": 9,
        "zorder": 6,
        "bbox": {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0},
    }
    ax.annotate(
        f"best plain: {_factor_text(plain.factor)}",
        (plain.learning_rate, 0.0),
        gid="rate map plain text",
        visible=not _together(numbers),
        **note,
    )
    ax.annotate(
        _best_text(numbers),
        (best.learning_rate, best.momentum),
        gid="rate map best text",
        **(note | {"xytext": (8, 6)}),
    )


def _draw_critical(ax: Axes, numbers: FactorMap) -> None:
    """Where each direction's roots turn complex (dashed, dotted) and, for Nesterov, real again (dash-dotted)."""
    white: dict[str, Any] = {"color": "white", "lw": 1.4, "path_effects": _HALO}
    for k, (edge, real, style) in enumerate(zip(numbers.critical, numbers.real_again, ("--", ":"))):
        side = ("flat", "steep")[k]
        ax.plot(numbers.centres, edge, style, gid=f"rate map critical {k}", label=f"turns complex, {side}", **white)
        ax.plot(
            [real, real],
            numbers.momenta[[0, -1]],
            "-.",
            gid=f"rate map real again {k}",  # whatever mu
            visible=bool(np.isfinite(real)),
            label=f"real again, {side} (η = 1/λ{('min', 'max')[k]})" if np.isfinite(real) else None,
            **white,
        )
