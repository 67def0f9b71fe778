"""Plots used by the notebooks and the explorers.

Every function draws on the Matplotlib ``Axes`` it is given (or on a new figure when
``ax`` is None) and returns that ``Axes``, so a notebook cell can combine several of
them and finish with ``plt.show()``. Axes are labelled, titled and given legends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.patheffects as patheffects
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ._checks import check_targets, check_xy
from .evaluation import condition_number, least_squares
from .losses import mse_grid
from .model import LinearModel

#: Width x height in inches of one panel and of a row of two panels.
PANEL = (5.6, 3.8)
ROW = (10.5, 3.8)

#: One colour per method and per batch regime, the same in every figure of the tutorial.
#: Paths on a loss surface get a dark outline, so each colour reads on every part of it.
COLORS = {
    "plain": "#ff7f0e",  # plain SGD
    "momentum": "#e7298a",
    "nesterov": "#22d3ee",
    "adagrad": "#94d82d",
    "rmsprop": "#b197fc",
    "adam": "#f5c211",
    "full batch": "#4dabf7",
    "mini-batch": "#20c997",
    "batch 1": "#f06595",
}
#: The least-squares optimum (star) and line.
LEAST_SQUARES = "#e03131"
#: The data points.
DATA = "0.35"
#: Path colours, in order, when a caller names none.
PATH_COLORS = [COLORS[name] for name in ("plain", "momentum", "nesterov", "full batch", "mini-batch", "batch 1")]
#: The dark outline drawn around a path on a loss surface.
OUTLINE = [patheffects.Stroke(linewidth=3.4, foreground="black"), patheffects.Normal()]

Line = LinearModel | tuple[float, float] | Sequence[float]


def use_tutorial_style() -> None:
    """Readable defaults at notebook width and small stored images (80 dpi)."""
    mpl.rcParams.update(
        {
            "figure.dpi": 80,
            "figure.figsize": PANEL,
            "figure.constrained_layout.use": True,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "legend.fontsize": 9,
            "legend.framealpha": 0.85,
        }
    )


def _axes(ax: Axes | None, figsize: tuple[float, float] = PANEL) -> Axes:
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=figsize)
    return new


def _line_params(line: Line) -> tuple[float, float]:
    """(w, b) of a one-feature line given as a model or a pair."""
    if isinstance(line, LinearModel):
        if line.n_features != 1:
            raise ValueError(f"only one-feature models can be drawn as a line, got {line.n_features} features")
        return float(line.weights[0]), float(line.bias)
    w, b = line
    return float(np.ravel(w)[0]), float(b)


def line_equation(w: float, b: float, digits: int = 4) -> str:
    """``"y = 2.5·x − 1"``: a line's equation with one sign before the bias.

    A bias that is rounding noise next to the slope (below 1e-12 of it) is written as 0.
    """
    if abs(b) < 1e-12 * max(1.0, abs(w)):
        b = 0.0
    return f"y = {w:.{digits}g}·x {'+' if b >= 0 else '−'} {abs(b):.{digits}g}"


def plot_data(
    x: object, y: object, ax: Axes | None = None, title: str = "The data", xlabel: str = "x", ylabel: str = "y"
) -> Axes:
    """Scatter the data points."""
    features, targets = check_xy(x, y)
    ax = _axes(ax)
    ax.scatter(features[:, 0], targets, s=12, color=DATA, label=f"data ({len(targets)} points)", zorder=3)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(loc="upper left")
    return ax


def plot_lines(
    x: object,
    y: object,
    lines: Mapping[str, Line],
    ax: Axes | None = None,
    title: str = "Lines over the data",
    xlabel: str = "x",
    ylabel: str = "y",
    colors: Mapping[str, str] | None = None,
) -> Axes:
    """The data and one straight line ``w * x + b`` per entry of ``lines`` (label -> model or (w, b)).

    ``colors`` maps labels to colours; a line labelled "least squares" is drawn in
    :data:`LEAST_SQUARES` unless told otherwise.
    """
    ax = plot_data(x, y, ax, title, xlabel, ylabel)
    features = np.ravel(check_xy(x, y)[0][:, 0])
    grid = np.linspace(features.min(), features.max(), 200)
    for label, line in lines.items():
        w, b = _line_params(line)
        color = (colors or {}).get(label, LEAST_SQUARES if label == "least squares" else None)
        ax.plot(grid, w * grid + b, lw=2, color=color, label=f"{label}: {line_equation(w, b)}")
    ax.legend(loc="upper left")
    return ax


def plot_loss_curves(
    curves: Mapping[str, object],
    ax: Axes | None = None,
    log: bool = True,
    title: str = "Loss per epoch",
    xlabel: str = "epoch",
    ylabel: str = "loss (MSE)",
    floor: float | None = None,
    colors: Mapping[str, str] | None = None,
    legend_loc: str = "best",
) -> Axes:
    """One loss curve per entry (label -> History or sequence of losses); non-finite values are skipped.

    ``floor`` draws the least-squares minimum as a dashed line, the best any line can do.
    ``colors`` maps labels to colours (for instance from :data:`COLORS`).
    """
    ax = _axes(ax)
    for label, curve in curves.items():
        values = np.asarray(getattr(curve, "loss", curve), dtype=np.float64)
        steps = np.arange(len(values))
        keep = np.isfinite(values) & (values > 0 if log else True)
        ax.plot(steps[keep], values[keep], lw=1.8, color=(colors or {}).get(label), label=label)
    if floor is not None:
        ax.axhline(floor, color="k", ls="--", lw=1, label=f"least-squares floor {floor:.4g}")
    if log:
        log_axis(ax)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(loc=legend_loc)
    return ax


def log_axis(ax: Axes, axis: str = "y", decades: float | None = None) -> None:
    """A log scale labelled with plain numbers: ticks at 1, 2 and 5 times the powers of ten over a
    short range, at the powers of ten alone over more than three ``decades`` (read off the data's
    limits when not given)."""
    which = ax.yaxis if axis == "y" else ax.xaxis
    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    if decades is None:
        low, high = which.get_data_interval()
        decades = float(np.log10(high / low)) if 0 < low < high < np.inf else 1.0
    subs = (1.0,) if decades > 3 else (1.0, 2.0, 5.0)
    which.set_major_locator(LogLocator(base=10, subs=subs, numticks=12))
    which.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    which.set_minor_formatter(NullFormatter())


def optimum_marker(ax: Axes):
    """The star that :func:`plot_loss_surface` drew at the least-squares optimum."""
    return next(line for line in ax.lines if line.get_label() == "least-squares optimum")


def plot_loss_surface(
    x: object,
    y: object,
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    paths: Mapping[str, np.ndarray] | None = None,
    ax: Axes | None = None,
    title: str = "Loss surface over (w, b)",
    resolution: int = 120,
    levels: int = 18,
    colors: Mapping[str, str] | None = None,
    legend: bool = True,
) -> Axes:
    """Filled contours of the MSE over a (w, b) window, log-spaced, with optional optimizer paths.

    ``paths`` maps a label to an array of shape (k, 2) of successive (w, b), drawn in
    ``colors[label]`` (default: :data:`PATH_COLORS` in order) with a dark outline. The
    least-squares optimum is a star drawn on top of everything. The legend sits under the
    axes, where it covers nothing. A round bowl (condition number near 1), or a window as
    tall as it is wide, gets the same scale on both axes, so that round looks round.
    """
    ax = _axes(ax)
    w_grid = np.linspace(*w_range, resolution)
    b_grid = np.linspace(*b_range, resolution)
    surface = mse_grid(x, y, w_grid, b_grid)
    low, high = max(surface.min(), surface.max() * 1e-9, 1e-12), surface.max()
    bounds = np.geomspace(low, high, levels)
    filled = ax.contourf(w_grid, b_grid, np.clip(surface, low, high), levels=bounds, norm=LogNorm(), cmap="viridis")
    ax.contour(w_grid, b_grid, surface, levels=bounds[::3], colors="white", linewidths=0.4, alpha=0.5)
    colorbar = ax.figure.colorbar(filled, ax=ax, label="MSE (log scale)")
    ticks = np.geomspace(low, high, 5)
    colorbar.set_ticks(ticks, labels=[f"{tick:.2g}" for tick in ticks])
    colorbar.minorticks_off()
    for (label, path), default in zip((paths or {}).items(), PATH_COLORS * 3):
        path = np.asarray(path, dtype=np.float64)
        color = (colors or {}).get(label, default)
        ax.plot(path[:, 0], path[:, 1], ".-", lw=1.3, ms=4, color=color, label=label, path_effects=OUTLINE)
    w_star, b_star = least_squares(x, y)
    ax.plot(w_star[0], b_star, marker="*", ms=15, color=LEAST_SQUARES, mec="white", ls="none", zorder=10,
            label="least-squares optimum")
    ax.set(title=title, xlabel="weight w", ylabel="bias b", xlim=w_range, ylim=b_range)
    if condition_number(x) < 1.5 or np.isclose(np.ptp(w_range), np.ptp(b_range), rtol=0.05):
        ax.set_aspect("equal")  # same units on both axes: a round bowl looks round
    if legend:
        surface_legend(ax)
    return ax


def path_artists(ax: Axes, color: str, *, label: str = "path") -> list[Line2D]:
    """An empty outlined path for an explorer to fill: black halos, the line, then its points.

    It looks like ``plot(..., ".-", path_effects=OUTLINE)``, but draws hundreds of points
    several times faster (matplotlib draws a path effect on markers one marker at a time).
    All three artists carry ``label``; :func:`surface_legend` shows them as one entry, whose
    first handle is the line (so the legend's colour is the path's).
    """
    (line,) = ax.plot([], [], "-", color=color, lw=1.5, label=label, path_effects=OUTLINE)
    (halos,) = ax.plot([], [], "o", ls="none", color="black", ms=5.9, mew=0, label=label, zorder=line.zorder - 0.1)
    (points,) = ax.plot([], [], "o", ls="none", color=color, ms=3.5, mew=0, label=label)
    return [halos, line, points]


def surface_legend(ax: Axes) -> None:
    """The legend of a loss-surface panel, under the axes, where it covers no path.

    Artists that share a label (a line and its points) make one entry.
    """
    grouped: dict[str, list] = {}
    for handle, label in zip(*ax.get_legend_handles_labels()):
        grouped.setdefault(label, []).append(handle)
    handles = [group[0] if len(group) == 1 else tuple(group) for group in grouped.values()]
    ax.legend(handles, list(grouped), loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=min(3, len(grouped)),
              frameon=False, handler_map={tuple: HandlerTuple(ndivide=1)})


def plot_residuals(
    x: object, y_true: object, y_pred: object, ax: Axes | None = None, title: str = "Residuals", xlabel: str = "x",
    color: str = DATA,
) -> Axes:
    """Residuals ``y_true - y_pred`` against x: a pattern means the model misses a shape in the data."""
    features, truth = check_xy(x, y_true, "x", "y_true")
    pred = check_targets(y_pred, "y_pred")
    if pred.shape != truth.shape:
        raise ValueError(f"y_pred has {pred.size} values but y_true has {truth.size}")
    ax = _axes(ax)
    ax.axhline(0.0, color="k", lw=1)
    ax.scatter(features[:, 0], truth - pred, s=12, color=color, label="actual − predicted", zorder=3)
    ax.set(title=title, xlabel=xlabel, ylabel="residual")
    ax.legend(loc="upper center")
    return ax


def plot_fit_over_epochs(
    x: object,
    y: object,
    params: np.ndarray,
    epochs: Sequence[int],
    ax: Axes | None = None,
    title: str = "The line after some epochs",
    xlabel: str = "x",
    ylabel: str = "y",
) -> Axes:
    """The data and the line ``w * x + b`` of ``params[k]`` (``History.params``) for each k in ``epochs``.

    Row k of ``History.params`` holds the parameters after k epochs (row 0: before
    training), so it is labelled "after k epochs"; the epoch log counts from 0, so
    that line follows the log's "Epoch k-1".
    """
    params = np.asarray(params, dtype=np.float64)
    colors = plt.get_cmap("plasma")(np.linspace(0.1, 0.85, len(epochs)))
    ax = plot_data(x, y, ax, title, xlabel, ylabel)
    features = check_xy(x, y)[0][:, 0]
    grid = np.linspace(features.min(), features.max(), 100)
    for color, epoch in zip(colors, epochs):
        if not 0 <= epoch < len(params):
            raise ValueError(f"epoch {epoch} is outside the recorded 0..{len(params) - 1}")
        w, b = params[epoch, 0], params[epoch, -1]
        label = "initial line" if epoch == 0 else f"after {epoch} epoch{'s' if epoch > 1 else ''}"
        ax.plot(grid, w * grid + b, color=color, lw=1.8, label=label)
    ax.legend(loc="upper left")
    return ax
