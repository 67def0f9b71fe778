"""Plots over x or over epochs: the data, lines through it, loss curves, residuals, the fit as training goes on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..checks import check_array, check_bool, check_int, check_number, check_targets, check_text, shown
from ..model import LinearModel
from .axes import _axes, _check_color, _check_colors, _check_legend_loc, _one_feature, log_axis
from .style import COLORS, DATA, LEAST_SQUARES

#: A one-feature line: a model, or its (w, b).
Line = LinearModel | tuple[float, float] | Sequence[float]


def _line_params(line: object, name: str = "line") -> tuple[float, float]:
    """(w, b) of a one-feature line given as a :class:`~sgd_lib.model.LinearModel` or a pair (w, b)."""
    if isinstance(line, LinearModel):
        if line.n_features != 1:
            raise ValueError(
                f"{name} must be a one-feature model to be drawn as a line, got {line.n_features} features"
            )
        return float(line.weights[0]), float(line.bias)
    if isinstance(line, (str, bytes)) or not isinstance(line, Sequence | np.ndarray) or len(line) != 2:
        raise TypeError(f"{name} must be a LinearModel or a pair (w, b), got {shown(line)}")
    w, b = (check_array(part, name).ravel() for part in line)
    if w.size != 1 or b.size != 1:
        raise ValueError(f"{name} must be a pair of two numbers (w, b), got {shown(line)}")
    return float(w[0]), float(b[0])


def line_equation(w: float, b: float, digits: int = 4) -> str:
    """``"y = 2.5·x − 1"``: a line's equation with one sign before the bias.

    A bias that is rounding noise next to the slope (below 1e-12 of it) is written as 0.
    """
    w, b, digits = check_number(w, "w"), check_number(b, "b"), check_int(digits, "digits", maximum=17)
    if abs(b) < 1e-12 * max(1.0, abs(w)):
        b = 0.0
    return f"y = {w:.{digits}g}·x {'+' if b >= 0 else '−'} {abs(b):.{digits}g}"


def _labelled(ax: Axes, title: object, xlabel: object, ylabel: object) -> None:
    ax.set(title=check_text(title, "title"), xlabel=check_text(xlabel, "xlabel"), ylabel=check_text(ylabel, "ylabel"))


def plot_data(
    x: object, y: object, ax: Axes | None = None, title: str = "The data", xlabel: str = "x", ylabel: str = "y"
) -> Axes:
    """Scatter the data points (one feature ``x`` against ``y``), with a legend that counts them."""
    features, targets = _one_feature(x, y)
    inputs = features[:, 0]
    ax = _axes(ax)
    _labelled(ax, title, xlabel, ylabel)
    ax.scatter(inputs, targets, s=12, color=DATA, label=f"data ({len(targets)} points)", zorder=3)
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

    ``colors`` maps labels to colours; a line labelled "least squares" is drawn dashed, on top, in
    :data:`LEAST_SQUARES` unless told otherwise.
    """
    inputs = _one_feature(x, y)[0][:, 0]
    if not isinstance(lines, Mapping):
        raise TypeError(f"lines must be a mapping of labels to lines (models or (w, b)), got {shown(lines)}")
    pairs = {label: _line_params(line, f"lines[{label!r}]") for label, line in lines.items()}
    hues = _check_colors(colors)
    ax = plot_data(x, y, ax, title, xlabel, ylabel)
    grid = np.linspace(inputs.min(), inputs.max(), 200)
    for label, (w, b) in pairs.items():
        optimum = label == "least squares"  # dashed and on top, so a line close to it stays visible
        dashed = {"ls": "--", "zorder": 4, "color": hues.get(label, LEAST_SQUARES)}
        style = dashed if optimum else {"ls": "-", "color": hues.get(label)}
        ax.plot(grid, w * grid + b, lw=2, label=f"{label}: {line_equation(w, b)}", **style)
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
    if not isinstance(curves, Mapping):
        raise TypeError(f"curves must be a mapping of labels to Histories or losses, got {shown(curves)}")
    values = {label: _losses(curve, f"curves[{label!r}]") for label, curve in curves.items()}
    log, hues, loc = check_bool(log, "log"), _check_colors(colors), _check_legend_loc(legend_loc)
    floor = None if floor is None else check_number(floor, "floor", low=0.0)
    ax = _axes(ax)
    _labelled(ax, title, xlabel, ylabel)
    for label, losses in values.items():
        keep = np.isfinite(losses) & (losses > 0 if log else True)
        ax.plot(np.arange(len(losses))[keep], losses[keep], lw=1.8, color=hues.get(label), label=label)
    if floor is not None:
        ax.axhline(floor, color=COLORS["reference"], ls="--", lw=1, label=f"least-squares floor {floor:.4g}")
    if log:
        log_axis(ax)
    ax.legend(loc=loc)
    return ax


def _losses(curve: object, name: str) -> np.ndarray:
    """The losses of a History (its ``loss``) or of a sequence, as a 1-D float array (NaN and inf allowed)."""
    losses = check_array(getattr(curve, "loss", curve), name, finite=False)
    if losses.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of losses, got shape {losses.shape}")
    return losses


def plot_residuals(
    x: object,
    y_true: object,
    y_pred: object,
    ax: Axes | None = None,
    title: str = "Residuals",
    xlabel: str = "x",
    color: str = DATA,
) -> Axes:
    """Residuals ``y_true - y_pred`` against x: a pattern means the model misses a shape in the data."""
    features, truth = _one_feature(x, y_true, "x", "y_true")
    inputs = features[:, 0]
    pred = check_targets(y_pred, "y_pred")
    if pred.shape != truth.shape:
        raise ValueError(f"y_pred has {pred.size} values but y_true has {truth.size}")
    color = _check_color(color, "color")
    ax = _axes(ax)
    _labelled(ax, title, xlabel, "residual")
    ax.axhline(0.0, color=COLORS["reference"], lw=1)
    ax.scatter(inputs, truth - pred, s=12, color=color, label="actual − predicted", zorder=3)
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
    inputs = _one_feature(x, y)[0][:, 0]
    rows = np.atleast_2d(check_array(params, "params"))
    if rows.ndim != 2 or rows.shape[1] != 2:
        raise ValueError(f"params must have shape (epochs + 1, 2): one (w, b) per epoch, got {rows.shape}")
    if isinstance(epochs, (str, bytes)) or not isinstance(epochs, Sequence | np.ndarray) or len(epochs) == 0:
        raise TypeError(f"epochs must be a non-empty sequence of epoch numbers, got {shown(epochs)}")
    chosen = [check_int(epoch, "epochs", minimum=0, maximum=len(rows) - 1) for epoch in epochs]
    ax = plot_data(x, y, ax, title, xlabel, ylabel)
    grid = np.linspace(inputs.min(), inputs.max(), 100)
    for color, epoch in zip(plt.get_cmap("plasma")(np.linspace(0.1, 0.85, len(chosen))), chosen):
        w, b = rows[epoch]
        label = "initial line" if epoch == 0 else f"after {epoch} epoch{'s' if epoch > 1 else ''}"
        ax.plot(grid, w * grid + b, color=color, lw=1.8, label=label)
    ax.legend(loc="upper left")
    return ax
