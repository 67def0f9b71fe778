"""Helpers every plot uses: the axes to draw on, log axes labelled with plain numbers, legends that cover nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerTuple
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from ..checks import check_choice, check_number, check_xy, shown
from .style import PANEL


def _check_axes(ax: object, name: str = "ax") -> Axes:
    """``ax`` if it is a Matplotlib ``Axes`` (a 3D one included)."""
    if isinstance(ax, Axes):
        return ax
    raise TypeError(f"{name} must be a matplotlib Axes, got {shown(ax)}")


def _axes(ax: object, figsize: tuple[float, float] = PANEL) -> Axes:
    """``ax`` (checked), or the axes of a new figure of ``figsize`` when it is None."""
    if ax is not None:
        return _check_axes(ax)
    _, new = plt.subplots(figsize=figsize)
    return new


def _check_colors(colors: object, name: str = "colors") -> dict[str, Any]:
    """``colors`` (None or a mapping of labels to Matplotlib colours) as a dict."""
    if colors is None:
        return {}
    if not isinstance(colors, Mapping):
        raise TypeError(f"{name} must be a mapping of labels to colours, such as COLORS, got {shown(colors)}")
    return {label: _check_color(value, f"{name}[{label!r}]") for label, value in colors.items()}


def _check_color(value: object, name: str = "color") -> Any:
    """``value`` if Matplotlib reads it as a colour (``"#0072B2"``, ``"black"``, an RGB triple)."""
    if isinstance(value, (str, tuple, list, np.ndarray)) and mpl.colors.is_color_like(value):
        return value
    raise (ValueError if isinstance(value, str) else TypeError)(
        f"{name} must be a colour such as '#0072B2', got {shown(value)}"
    )


def _one_feature(x: object, y: object, x_name: str = "x", y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """:func:`~sgd_lib.checks.check_xy` for data drawn over one input: a matrix of one column, and the targets."""
    features, targets = check_xy(x, y, x_name, y_name)
    if features.shape[1] != 1:
        raise ValueError(f"{x_name} must hold one feature to be drawn, got {features.shape[1]}")
    return features, targets


def _check_legend_loc(loc: object, name: str = "legend_loc") -> Any:
    """``loc`` if it is one of Matplotlib's legend locations ("best", "upper left", ...)."""
    return check_choice(loc, name, tuple(Legend.codes))


def log_axis(ax: Axes, axis: str = "y", decades: float | None = None) -> None:
    """A log scale labelled with plain numbers: ticks at 1, 2 and 5 times the powers of ten over a
    short range, at the powers of ten alone over more than three ``decades`` (read off the data's
    limits when not given)."""
    which = _axis(_check_axes(ax), axis)
    (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
    if decades is None:
        low, high = which.get_data_interval()
        decades = float(np.log10(high / low)) if 0 < low < high < np.inf else 1.0
    log_ticks(ax, decades, axis=axis)
    which.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    which.set_minor_formatter(NullFormatter())


def log_ticks(ax: Axes, decades: float, *, axis: str = "y") -> None:
    """Ticks of a log axis spanning ``decades``: 1, 2 and 5 times the powers of ten up to three
    decades, the powers of ten up to eight, every other power beyond (fewer labels to draw)."""
    which = _axis(_check_axes(ax), axis)
    decades = check_number(decades, "decades", low=0.0)
    subs = (1.0,) if decades > 3 else (1.0, 2.0, 5.0)
    which.set_major_locator(LogLocator(base=10, subs=subs, numticks=12 if decades <= 8 else 7))
    which.set_minor_locator(
        LogLocator(base=10, subs=[2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0] if decades <= 8 else [], numticks=12)
    )


def _axis(ax: Axes, axis: str):
    return ax.yaxis if check_choice(axis, "axis", ("x", "y")) == "y" else ax.xaxis


def surface_legend(ax: Axes) -> None:
    """The legend of a loss-surface panel, under the axes, where it covers no path.

    Artists that share a label (a line and its points) make one entry.
    """
    grouped: dict[str, list] = {}
    for handle, label in zip(*_check_axes(ax).get_legend_handles_labels()):
        grouped.setdefault(label, []).append(handle)
    if not grouped:  # nothing labelled: no legend
        return
    handles = [group[0] if len(group) == 1 else tuple(group) for group in grouped.values()]
    ax.legend(
        handles,
        list(grouped),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncol=min(3, len(grouped)),
        frameon=False,
        handler_map={tuple: HandlerTuple(ndivide=1)},
    )
