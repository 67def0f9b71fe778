"""The loss over (w, b) as contours, with paths on them and what to read off them: minus the gradient, the
bowl's steepest and flattest directions, numbered steps (the same loss as a 3D bowl: :mod:`.bowl`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.patheffects as patheffects
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.lines import Line2D

from ..checks import (
    check_array,
    check_bool,
    check_int,
    check_number,
    check_params,
    check_range,
    check_text,
    shown,
)
from ..data import is_standardized
from ..evaluation import condition_number, least_squares, mse_hessian
from ..losses import mse_gradient, mse_grid
from .axes import _axes, _check_axes, _check_color, _check_colors, _one_feature, surface_legend
from .style import COLORS, LEAST_SQUARES, OUTLINE, PATH_COLORS

#: The label of the least-squares star, by which :func:`optimum_marker` finds it.
_OPTIMUM = "least-squares optimum"


def _log_bands(loss: np.ndarray, levels: int) -> np.ndarray:
    """The ``levels`` log-spaced colour bounds of a grid of losses, shared by the contours and the bowl."""
    low, high = max(loss.min(), loss.max() * 1e-9, 1e-12), loss.max()
    return np.geomspace(low, high, levels)


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
    features, targets = _one_feature(x, y)
    w_range, b_range = check_range(w_range, "w_range"), check_range(b_range, "b_range")
    drawn = _paths(paths, _check_colors(colors))
    resolution = check_int(resolution, "resolution", minimum=2, maximum=1000)
    levels, title, legend = (
        check_int(levels, "levels", minimum=2, maximum=256),
        check_text(title, "title"),
        check_bool(legend, "legend"),
    )
    ax = _axes(ax)
    w_grid, b_grid = np.linspace(*w_range, resolution), np.linspace(*b_range, resolution)
    surface = mse_grid(features, targets, w_grid, b_grid)
    bounds = _log_bands(surface, levels)
    low, high = bounds[0], bounds[-1]
    filled = ax.contourf(w_grid, b_grid, np.clip(surface, low, high), levels=bounds, norm=LogNorm(), cmap="viridis")
    ax.contour(w_grid, b_grid, surface, levels=bounds[::3], colors="white", linewidths=0.4, alpha=0.5)
    standardized = is_standardized(features) and is_standardized(targets)
    colorbar = ax.figure.colorbar(filled, ax=ax, label=f"MSE ({'standardized, ' if standardized else ''}log scale)")
    ticks = np.geomspace(low, high, 5)
    colorbar.set_ticks(ticks.tolist(), labels=[f"{tick:.2g}" for tick in ticks])
    colorbar.minorticks_off()
    for label, (path, color) in drawn.items():
        ax.plot(path[:, 0], path[:, 1], ".-", lw=1.3, ms=4, color=color, label=label, path_effects=OUTLINE)
    w_star, b_star = least_squares(features, targets)
    ax.plot(
        w_star[0], b_star, marker="*", ms=15, color=LEAST_SQUARES, mec="white", ls="none", zorder=10, label=_OPTIMUM
    )
    ax.set(title=title, xlabel="weight w", ylabel="bias b", xlim=w_range, ylim=b_range)
    if condition_number(features) < 1.5 or np.isclose(np.ptp(w_range), np.ptp(b_range), rtol=0.05):
        ax.set_aspect("equal")  # same units on both axes: a round bowl looks round
    if legend:
        surface_legend(ax)
    return ax


def _paths(paths: object, colors: dict[str, Any]) -> dict[str, tuple[np.ndarray, Any]]:
    """Each path as an array of shape (k, 2) (NaN and inf allowed: a diverged run), with its colour."""
    if paths is None:
        return {}
    if not isinstance(paths, Mapping):
        raise TypeError(f"paths must be a mapping of labels to arrays of (w, b), got {shown(paths)}")
    drawn = {}
    for (label, path), default in zip(paths.items(), PATH_COLORS * 3):
        rows = check_array(path, f"paths[{label!r}]", finite=False)
        if rows.ndim != 2 or rows.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] must have shape (k, 2): one (w, b) per row, got {rows.shape}")
        drawn[label] = rows, colors.get(label, default)
    return drawn


def optimum_marker(ax: Axes) -> Line2D:
    """The star that :func:`plot_loss_surface` drew at the least-squares optimum."""
    marker = next((line for line in _check_axes(ax).lines if line.get_label() == _OPTIMUM), None)
    if marker is None:
        raise ValueError("ax holds no least-squares optimum: draw the surface with plot_loss_surface first")
    return marker


def path_artists(ax: Axes, color: str, *, label: str = "path") -> list[Line2D]:
    """An empty outlined path for an explorer to fill: black halos, the line, then its points.

    It looks like ``plot(..., ".-", path_effects=OUTLINE)``, but draws hundreds of points
    several times faster (matplotlib draws a path effect on markers one marker at a time).
    All three artists carry ``label``; :func:`surface_legend` shows them as one entry, whose
    first handle is the line (so the legend's colour is the path's).
    """
    ax, color, label = _check_axes(ax), _check_color(color), check_text(label, "label")
    (line,) = ax.plot([], [], "-", color=color, lw=1.5, label=label, path_effects=OUTLINE)
    (halos,) = ax.plot([], [], "o", ls="none", color="black", ms=5.9, mew=0, label=label, zorder=line.zorder - 0.1)
    (points,) = ax.plot([], [], "o", ls="none", color=color, ms=3.5, mew=0, label=label)
    return [halos, line, points]


def plot_descent_arrows(ax: Axes, x: object, y: object, points: object, *, length: float = 0.22) -> Axes:
    """Arrows of minus the gradient of the MSE at ``points`` on a loss-surface panel, and lines to the optimum.

    Each point (a row ``[w, b]`` of ``points``) gets a marker, an arrow along minus the gradient
    (:func:`~sgd_lib.losses.mse_gradient`), the direction of a gradient-descent step, and a dotted
    line to the least-squares optimum. Only the direction is drawn: every arrow is ``length`` of the
    window long, measured in fractions of each axis's span, so arrows on a squeezed axis stay visible.
    Draw the surface first (:func:`plot_loss_surface`): the window is read from ``ax``.
    """
    ax, (features, targets) = _check_axes(ax), _one_feature(x, y)
    rows = np.atleast_2d(check_params(points, 1, "points"))
    length = check_number(length, "length", low=0.0)
    span = np.array([np.ptp(ax.get_xlim()), np.ptp(ax.get_ylim())])
    (w_star,), b_star = least_squares(features, targets)
    sgd = COLORS["sgd"]
    for k, (w, b) in enumerate(rows):
        grad_w, grad_b = mse_gradient(features, targets, [w], b)
        step = -np.array([grad_w[0], grad_b])
        step *= length / np.linalg.norm(step / span)
        ax.plot([w, w_star], [b, b_star], ":", color=LEAST_SQUARES, lw=1.6, label="to the optimum" if k == 0 else None)
        ax.annotate(
            "",
            xy=(w + step[0], b + step[1]),
            xytext=(w, b),
            arrowprops={"arrowstyle": "-|>", "color": sgd, "lw": 2.2, "path_effects": OUTLINE},
        )
        ax.plot(w, b, "o", color=sgd, mec=COLORS["reference"], ms=8, label="minus the gradient" if k == 0 else None)
    return ax


def plot_eigen_directions(ax: Axes, x: object, y: object) -> Axes:
    """The steepest and the flattest direction of the MSE's bowl over (w, b) on a loss-surface panel.

    The two eigenvectors of :func:`~sgd_lib.evaluation.mse_hessian` are drawn as lines through the
    least-squares optimum of ``(x, y)`` across the whole window of ``ax`` (drawn by
    :func:`plot_loss_surface` for one feature), each labelled with its curvature, its eigenvalue.
    """
    ax, (features, targets) = _check_axes(ax), _one_feature(x, y)
    values, vectors = np.linalg.eigh(mse_hessian(features))
    (w_star,), b_star = least_squares(features, targets)
    center = np.array([w_star, b_star])
    low, high = np.array([ax.get_xlim()[0], ax.get_ylim()[0]]), np.array([ax.get_xlim()[1], ax.get_ylim()[1]])
    outline = [patheffects.Stroke(linewidth=3.2, foreground=COLORS["reference"]), patheffects.Normal()]
    for value, vector, name, style in [
        (values[1], vectors[:, 1], "steepest", "--"),
        (values[0], vectors[:, 0], "flattest", ":"),
    ]:
        # the stretch of s for which center + s * vector stays inside the window, in each coordinate
        with np.errstate(divide="ignore", invalid="ignore"):
            ends = np.sort(np.stack([(low - center) / vector, (high - center) / vector]), axis=0)
        reach = np.array([np.max(ends[0][np.isfinite(ends[0])]), np.min(ends[1][np.isfinite(ends[1])])])
        segment = center + np.outer(reach, vector)
        ax.plot(
            segment[:, 0],
            segment[:, 1],
            ls=style,
            lw=1.8,
            color=COLORS["paper"],
            zorder=4,
            path_effects=outline,
            label=f"{name}, curvature {value:.4g}",
        )
    ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]))
    return ax


def number_steps(ax: Axes, path: object, *, most: int = 9, spacing: float = 0.06) -> Axes:
    """Number the points of ``path`` (rows of (w, b), the start is 0) in white on a loss-surface panel.

    A point closer than ``spacing`` (a fraction of the window's width and height) to one already
    numbered is left out, and at most ``most`` points are numbered, so that no two numbers overlap.
    Points outside the window, or not finite (a diverged run), are not numbered.
    """
    ax, points = _check_axes(ax), check_array(path, "path", finite=False)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"path must have shape (steps, 2), got {points.shape}")
    most, spacing = check_int(most, "most", minimum=0), check_number(spacing, "spacing", low=0.0)
    (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    span = np.array([right - left, top - bottom])
    numbered: list[np.ndarray] = []
    for k, point in enumerate(points):
        inside = bool(np.all(np.isfinite(point))) and left <= point[0] <= right and bottom <= point[1] <= top
        if len(numbered) < most and inside and all(np.hypot(*((point - other) / span)) > spacing for other in numbered):
            ax.annotate(
                str(k),
                point,
                xytext=(4, 4),
                textcoords="offset points",
                color=COLORS["paper"],
                fontsize=9,
                fontweight="bold",
                path_effects=OUTLINE,
            )
            numbered.append(point)
    return ax
