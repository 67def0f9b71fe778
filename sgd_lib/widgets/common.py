"""What the explorers share: their data, their axes' limits and ticks, their words, and the step arrows.

Every number here that the page computes too (the loss axes' limits and ticks) has its port in
``numbers.js``, written operation for operation; the browser test compares the two.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FixedLocator

from ..checks import check_xy
from ..data import is_standardized
from ..evaluation import least_squares, least_squares_floor, mse_hessian
from ..history import History
from ..losses import mse_loss_and_gradient, mse_rows
from ..optimizers import sgd_step

#: The figures' resolution: one image pixel per CSS pixel of the page.
DPI = 80
#: Loss-axis limits whose tick labels ("100000", "0.0001") are the widest a loss axis shows: the layout
#: leaves room for them, so that no later label covers the axis title.
WIDEST_LOSS_LIMITS = (1e-4, 1e6)
#: A loss this close to the floor (a fraction of it) is "within 1% of the floor".
NEAR_FLOOR = 0.01


@dataclass(frozen=True)
class ExplorerData:
    """What every explorer needs of its data: one feature, the targets, the floor, the optimum and the bowl.

    ``curvatures`` are the Hessian's eigenvalues (flat, then steep) and ``directions`` its eigenvectors
    (columns, in the same order): one eigendecomposition serves every explorer.
    """

    x: np.ndarray
    y: np.ndarray
    floor: float
    optimum: np.ndarray  # the least-squares [w, b]
    curvatures: np.ndarray
    directions: np.ndarray

    @property
    def round(self) -> bool:
        """Whether the bowl is round (both curvatures equal): no steepest direction, no valley."""
        return bool(np.isclose(self.curvatures[0], self.curvatures[-1], rtol=1e-9))

    @property
    def steepest(self) -> np.ndarray:
        """The eigenvector of the largest curvature."""
        return self.directions[:, -1]


@dataclass(frozen=True)
class RecordedRun:
    """A run of :func:`~sgd_lib.fit` recorded update by update (``record_batches=True``), its records typed.

    ``update_params`` holds (w, b) before training and after every update, ``batches`` the rows of each
    update's batch and ``batch_loss`` that batch's loss before its update; ``history`` is what ``fit`` returned.
    """

    history: History
    update_params: np.ndarray
    batches: list[np.ndarray]
    batch_loss: np.ndarray

    @classmethod
    def of(cls, history: History) -> RecordedRun:
        """The records of a History that ``fit(record_batches=True)`` returned."""
        if history.update_params is None or history.batches is None or history.batch_loss is None:
            raise ValueError("the History holds no record of its updates: fit(record_batches=True) makes one")
        return cls(history, history.update_params, history.batches, history.batch_loss)


def explorer_data(x: object, y: object) -> ExplorerData:
    """Check an explorer's data (one feature that varies, targets of the same length) and summarize it."""
    features, targets = check_xy(x, y)
    if features.shape[1] != 1:
        raise ValueError(f"x must hold one feature for an explorer, got {features.shape[1]}")
    if np.ptp(features[:, 0]) == 0:
        raise ValueError("x must take at least two different values: with one value there is no line to fit")
    weights, bias = least_squares(features, targets)
    curvatures, directions = np.linalg.eigh(mse_hessian(features))
    floor = float(least_squares_floor(features, targets))
    if floor <= 1e-12 * float(np.var(targets)):  # data on a line: what is left is rounding
        floor = 0.0
    return ExplorerData(features[:, 0], targets, floor, np.append(weights, bias), curvatures, directions)


def losses_at(data: ExplorerData, params: np.ndarray) -> np.ndarray:
    """The MSE on the explorer's data of each row (w, b) of ``params`` (inf or NaN where a run blew up)."""
    with np.errstate(all="ignore"):
        return mse_rows(data.x[:, np.newaxis], data.y, np.atleast_2d(np.asarray(params, dtype=float)))


def loss_at(data: ExplorerData, params: np.ndarray) -> float:
    """The MSE on the explorer's data of the parameters (w, b)."""
    return float(losses_at(data, params)[0])


def full_batch_step(data: ExplorerData, params: np.ndarray, learning_rate: float) -> np.ndarray:
    """The change of (w, b) that one step of plain gradient descent on all the data makes from ``params``.

    NaN where the gradient there is too large for a float.
    """
    params = np.asarray(params, dtype=float)
    with np.errstate(all="ignore"):
        _, grad_w, grad_b = mse_loss_and_gradient(data.x[:, np.newaxis], data.y, params[:1], float(params[1]))
    grads = np.append(grad_w, grad_b)
    if not (np.all(np.isfinite(grads)) and np.all(np.isfinite(params))):
        return np.full(2, np.nan)
    try:
        new, _ = sgd_step(params, grads, learning_rate=learning_rate)
    except ValueError:  # the step itself is too large for a float
        return np.full(2, np.nan)
    with np.errstate(over="ignore"):
        return new - params


def axis_labels(x: np.ndarray, y: np.ndarray) -> tuple[str, str]:
    """ "x" and "y", with "(standardized)" added where the data is."""
    xlabel, ylabel = (f"{name} (standardized)" if is_standardized(v) else name for name, v in (("x", x), ("y", y)))
    return xlabel, ylabel


# --- the loss axes: limits that follow the curve, and their ticks ------------------------------------------


def log_limits(values: np.ndarray, floor: float) -> tuple[float, float]:
    """Log-axis limits around the finite positive ``values`` and the floor, rounded to 1-2-5 steps.

    The axis follows the curve without squashing it, and the few distinct limits keep the cache of
    rendered backgrounds useful. A floor of 0 (data on a line) bounds nothing.
    """
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values) & (values > 0)]
    known = [float(finite.min()), float(finite.max())] if finite.size else []
    if floor > 0:
        known.append(floor)
    if not known:
        return 0.1, 1.0
    low, high = min(known) / 1.15, max(known) * 1.3
    return round_125(low, down=True), round_125(high, down=False)


def round_125(value: float, down: bool) -> float:
    """The nearest 1, 2 or 5 times a power of ten below (``down``) or above ``value``."""
    exponent = math.floor(math.log10(value))
    steps = [decimal(m, e) for e in (exponent - 1, exponent, exponent + 1) for m in (1, 2, 5)]
    return max(v for v in steps if v <= value) if down else min(v for v in steps if v >= value)


def decimal(digit: int, exponent: int) -> float:
    """The float nearest to ``digit`` times ten to the ``exponent`` (read as the decimal ``"2e-5"``)."""
    return float(f"{digit}e{exponent}")


def log_ticks(low: float, high: float) -> tuple[list[float], list[float]]:
    """The major and minor ticks of a log axis from ``low`` to ``high`` (the page draws the same).

    Up to 3 decades: majors at 1, 2 and 5 times the powers of ten, minors at the other digits; up
    to 8: majors at the powers, minors at every digit; beyond, majors at every k-th power (k = the
    decades / 6, rounded up), no minors. Only ticks within the limits are given.
    """
    decades = math.log10(high / low)
    first, last = math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1
    stride = 1 if decades <= 8 else math.ceil(decades / 6)
    major_digits = (1, 2, 5) if decades <= 3 else (1,)
    minor_digits = () if decades > 8 else [d for d in range(2, 10) if d not in major_digits]
    majors = [decimal(d, e) for e in range(first, last + 1) if e % stride == 0 for d in major_digits]
    minors = [decimal(d, e) for e in range(first, last + 1) for d in minor_digits]

    def inside(v: float) -> bool:
        return low * (1 - 1e-9) <= v <= high * (1 + 1e-9)

    return [v for v in majors if inside(v)], [v for v in minors if inside(v)]


def set_log_limits(ax: Axes, limits: tuple[float, float]) -> None:
    """Set a log y axis to ``limits``, with the ticks of :func:`log_ticks`."""
    if ax.get_ylim() != limits:
        ax.set_ylim(*limits)
        majors, minors = log_ticks(*limits)
        ax.yaxis.set_major_locator(FixedLocator(majors))
        ax.yaxis.set_minor_locator(FixedLocator(minors))


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is >= value: few distinct axis limits, few redraws."""
    for magnitude in 10.0 ** np.arange(0, 7):
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return float(step * magnitude)
    return float(value)


def window(data: ExplorerData) -> tuple[tuple[float, float], tuple[float, float]]:
    """A (w, b) window around the least-squares optimum, wide enough to see the bowl."""
    x, y, (w_star, b_star) = data.x, data.y, data.optimum
    w_half = 2.0 * max(abs(w_star), np.std(y) / np.std(x))
    b_half = 2.0 * max(abs(b_star), np.std(y))
    if w_half == 0 or b_half == 0:  # targets that do not vary: a window of the data's own scale
        w_half, b_half = w_half or 1.0 / np.std(x), b_half or 1.0
    return (w_star - w_half, w_star + w_half), (b_star - b_half, b_star + b_half)


def padded(values: np.ndarray, fraction: float = 0.15) -> tuple[float, float]:
    """Limits around ``values`` with ``fraction`` of their span as room on each side."""
    span = float(np.ptp(values)) or 1.0
    return float(values.min() - fraction * span), float(values.max() + fraction * span)


# --- words ------------------------------------------------------------------------------------------------


def say(text: str, bad: bool = False) -> str:
    """The status line as HTML: escaped, and in bold red for a run that went wrong."""
    text = html.escape(text)
    return f"<b><span class='bad'>{text}</span></b>" if bad else text


def verdict(
    history: History, setting: str, learning_rate: float, limit: float, final: float, why: str = ""
) -> str | None:
    """The sentence of a full-batch run that blew up or is growing, or None for a run that converges.

    "Diverged at step k: <setting>." when training stopped; "Diverging: <setting>; the loss grows
    from step to step (now <final>)." when the learning rate is above the stability ``limit``.
    ``why`` follows either sentence.
    """
    tail = f" {why}" if why else ""
    if history.diverged:
        return say(f"Diverged at step {history.diverged_epoch}: {setting}.{tail}", bad=True)
    if learning_rate > limit * (1 + 1e-6):
        return say(f"Diverging: {setting}; the loss grows from step to step (now {final:.3g}).{tail}", bad=True)
    return None


def settles(losses: Sequence[float] | np.ndarray, floor: float) -> str:
    """When a run settles: the first step from which every loss stays within 1% of the floor.

    With a floor of 0 (data on a line): below a millionth of the starting loss from that step on.
    """
    losses = np.asarray(losses, dtype=float)
    near = losses <= (floor * (1 + NEAR_FLOOR) if floor > 0 else 1e-6 * losses[0])
    where = "within 1% of the floor" if floor > 0 else "below a millionth of its start"
    away = np.flatnonzero(~near)
    step = int(away[-1]) + 1 if away.size else 0
    return f"settles {where} at step {step}" if step < len(losses) else f"does not yet settle {where}"


# --- the step arrows of playback ----------------------------------------------------------------------------


def step_arrow(ax: Axes, color: str, *, dashed: bool = False) -> FancyArrowPatch:
    """A hidden arrow on ``ax`` for a step of playback (:func:`place_arrow` places it)."""
    halo = "white" if color == "black" else "black"
    arrow = FancyArrowPatch(
        (0.0, 0.0),
        (0.0, 0.0),
        arrowstyle="-|>",
        mutation_scale=16,
        lw=2.2,
        color=color,
        linestyle=(0, (3, 2)) if dashed else "-",
        shrinkA=0,
        shrinkB=0,
        zorder=4,
        path_effects=[patheffects.withStroke(linewidth=4, foreground=halo)],
    )
    arrow.set_visible(False)
    ax.add_patch(arrow)
    return arrow


def place_arrow(arrow: FancyArrowPatch, start: np.ndarray, end: np.ndarray) -> None:
    """Draw ``arrow`` from ``start`` towards ``end``, cut where it leaves its axes' window.

    A step far larger than the window (the gradient's own step on raw data, say) would otherwise be
    drawn as a dashed line millions of dashes long; cut, its head sits on the window's edge, pointing
    the right way. An arrow that starts outside is hidden.
    """
    ax = arrow.axes
    if ax is None:
        raise ValueError("the arrow must be on an axes (step_arrow puts it on one)")
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    start, delta = np.asarray(start, dtype=float), np.asarray(end, dtype=float) - np.asarray(start, dtype=float)
    inside = np.all(np.isfinite(start)) and np.all(np.isfinite(delta)) and x0 <= start[0] <= x1 and y0 <= start[1] <= y1
    if not inside:
        arrow.set_visible(False)
        return
    reach = 1.0  # the largest t in [0, 1] with start + t * delta inside the window
    for position, step, low, high in ((start[0], delta[0], x0, x1), (start[1], delta[1], y0, y1)):
        if step > 0:
            reach = min(reach, (high - position) / step)
        elif step < 0:
            reach = min(reach, (low - position) / step)
    arrow.set_positions(tuple(start), tuple(start + reach * delta))


def legend_stand_in(artist: Line2D) -> Line2D:
    """A legend handle that looks like ``artist`` (an animated artist would not be drawn in a legend)."""
    return Line2D(
        [],
        [],
        color=artist.get_color(),
        lw=artist.get_linewidth(),
        ls=artist.get_linestyle(),
        marker=artist.get_marker(),
        ms=artist.get_markersize(),
        mfc=artist.get_markerfacecolor(),
        mec=artist.get_markeredgecolor(),
        mew=artist.get_markeredgewidth(),
        alpha=artist.get_alpha(),
        label=artist.get_label(),
    )


def window_around(start: np.ndarray, optimum: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """A square (w, b) window that holds the start and the optimum with room around them."""
    center, half = (start + optimum) / 2, 1.6 * max(float(np.abs(start - optimum).max()), 1e-3)
    return (center[0] - half, center[0] + half), (center[1] - half, center[1] + half)
