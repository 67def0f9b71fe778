"""Plots used by the notebooks and the explorers.

Every function draws on the Matplotlib ``Axes`` it is given (or on a new figure when
``ax`` is None) and returns that ``Axes``, so a notebook cell can combine several of
them and finish with ``plt.show()``. Axes are labelled, titled and given legends.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.patheffects as patheffects
import matplotlib.pyplot as plt
import numpy as np
from IPython import get_ipython
from IPython.core.pylabtools import print_figure
from matplotlib.axes import Axes
from matplotlib.colors import FuncNorm, LogNorm
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, MaxNLocator, NullFormatter
from mpl_toolkits.mplot3d import Axes3D
from PIL import Image as PILImage

from .checks import check_int, check_number, check_params, check_targets, check_xy
from .data import is_standardized
from .dynamics import Tuning, convergence_rate, critical_momentum, optimal_momentum, optimal_plain
from .evaluation import condition_number, hessian_eigenvalues, least_squares, mse_hessian, stability_limit
from .losses import mse_at, mse_gradient, mse_grid
from .model import LinearModel

#: Width x height in inches of one panel and of a row of two panels.
PANEL = (5.6, 3.8)
ROW = (10.5, 3.8)

#: The palette of roles: one colour per meaning, the same in every figure and explorer of the tutorial.
#: Roles drawn together stay apart for a reader with deuteranopia or protanopia too
#: (``tests/test_palette.py`` simulates both); the methods use the Okabe-Ito colours.
#: Paths on a loss surface get a dark outline, so each colour reads on every part of it.
COLORS: dict[str, str] = {
    # methods
    "sgd": "#0072B2",  # plain SGD (also: the original's mini-batches of 32, a constant rate, the line SGD trained)
    "momentum": "#CC79A7",
    "nesterov": "#882255",
    "adagrad": "#117733",
    "rmsprop": "#56B4E9",
    "adam": "#E69F00",
    # batch sizes beside the original's mini-batches of 32 (plain SGD as the original runs it: "sgd")
    "full batch": "#3F007D",
    "batch 1": "#B9A7E0",
    # learning-rate schedules (a constant rate is plain SGD: "sgd")
    "step decay": "#009988",
    "exponential decay": "#A6611A",
    "inverse-time decay": "#DFC27D",
    # data and models
    "data": "#5A5A5A",  # the training points, and the curve y = x**2 they lie on
    "held-out": "#E7298A",  # test or validation points
    "least squares": "#D55E00",  # the least-squares optimum: star, line and floor's source
    "quadratic": "#74C476",  # the model with x**2 as a second feature
    "by hand": "#17BECF",  # a line set with the sliders
    "untrained": "#662506",  # the model before training, at its starting weight
    # neutral marks
    "reference": "#000000",  # floors, limits, zero lines, the start marker's edge
    "guide": "#BDBDBD",  # faint guides: range edges, shading, grid-like marks
    "paper": "#FFFFFF",  # marks drawn on a dark surface: step numbers, the start marker's face
}
#: Roles that mean the same thing as another role, and so share its colour.
ALIASES: dict[str, str] = {"mini-batch": "sgd", "constant": "sgd", "prediction": "sgd", "truth": "data"}
#: The groups of roles that figures draw together; each must stay distinguishable under colour blindness.
DRAWN_TOGETHER: dict[str, tuple[str, ...]] = {
    "momentum methods": ("sgd", "momentum", "nesterov", "least squares", "reference"),
    "adaptive methods": ("sgd", "momentum", "adagrad", "rmsprop", "adam", "least squares", "reference"),
    "batch sizes": ("full batch", "sgd", "batch 1", "least squares", "reference"),
    "schedules": ("sgd", "step decay", "exponential decay", "inverse-time decay", "reference"),
    "data and models": ("data", "held-out", "sgd", "least squares", "quadratic", "guide"),
    "fitting by hand": ("data", "by hand", "least squares"),
    "before and after training": ("data", "untrained", "sgd", "by hand", "least squares"),  # 02's untrained line
}


def color(role: str) -> str:
    """The colour of ``role`` (a key of :data:`COLORS` or :data:`ALIASES`), as ``"#rrggbb"``."""
    name = ALIASES.get(role, role)
    if name not in COLORS:
        known = ", ".join(sorted([*COLORS, *ALIASES]))
        raise ValueError(f"role must be one of {known}; got {role!r}")
    return COLORS[name]


def shades(role: str, n: int) -> list[str]:
    """``n`` shades of ``role``'s colour, light to dark: for the values of one swept setting.

    A sweep of the learning rate of plain SGD is drawn in shades of plain SGD's colour, so the hue
    still says the method and the lightness says the value (give the values in the legend).
    """
    check_int(n, "n")
    base = np.array(mpl.colors.to_rgb(color(role)))
    mix = np.linspace(-0.45, 0.45, n) if n > 1 else np.zeros(1)  # < 0 towards white, > 0 towards black
    rows = [base + m * (0.0 - base) if m > 0 else base + (-m) * (1.0 - base) for m in mix]
    return [mpl.colors.to_hex(np.clip(row, 0, 1)) for row in rows]


#: The least-squares optimum (star) and line.
LEAST_SQUARES = COLORS["least squares"]
#: The data points.
DATA = COLORS["data"]
#: Path colours, in order, when a caller names none.
PATH_COLORS = [COLORS[name] for name in ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")]
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
    _show_figures_as_palette_pngs()


def palette_png(image: PILImage.Image, *, fast: bool = False) -> bytes:
    """A PNG of ``image`` with a 256-colour palette: about a third of the bytes, and no difference to see.

    ``fast`` quantizes the RGBA image directly (the explorers, about 10 ms a frame); otherwise
    the RGB image is quantized by median cut, which keeps smooth shading best (stored figures).
    """
    if fast:
        palette = image.quantize(256, method=PILImage.Quantize.FASTOCTREE)
    else:
        palette = image.convert("RGB").quantize(256, method=PILImage.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    palette.save(buffer, format="png", compress_level=3 if fast else 9)
    return buffer.getvalue()


def _figure_png(figure: Figure) -> bytes:
    """The PNG that IPython shows for ``figure`` (tight, as the inline backend draws it), with a palette."""
    return palette_png(PILImage.open(io.BytesIO(print_figure(figure, "png", bbox_inches="tight"))))


def _show_figures_as_palette_pngs() -> None:
    """In IPython, figures are shown (and stored in the notebook) as palette PNGs: notebooks a third the size."""
    shell = get_ipython()
    if shell is not None:
        plt.close(plt.figure())  # loads the inline backend now, which registers its own formatter: ours goes after
        shell.display_formatter.formatters["image/png"].for_type(Figure, _figure_png)


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

    ``colors`` maps labels to colours; a line labelled "least squares" is drawn dashed, on top, in
    :data:`LEAST_SQUARES` unless told otherwise.
    """
    ax = plot_data(x, y, ax, title, xlabel, ylabel)
    features = np.ravel(check_xy(x, y)[0][:, 0])
    grid = np.linspace(features.min(), features.max(), 200)
    for label, line in lines.items():
        w, b = _line_params(line)
        optimum = label == "least squares"  # dashed and on top, so a line close to it stays visible
        color = (colors or {}).get(label, LEAST_SQUARES if optimum else None)
        ax.plot(grid, w * grid + b, lw=2, color=color, ls="--" if optimum else "-", zorder=4 if optimum else None,
                label=f"{label}: {line_equation(w, b)}")
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
        ax.axhline(floor, color=COLORS["reference"], ls="--", lw=1, label=f"least-squares floor {floor:.4g}")
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
    log_ticks(ax, decades, axis=axis)
    which.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    which.set_minor_formatter(NullFormatter())


def log_ticks(ax: Axes, decades: float, *, axis: str = "y") -> None:
    """Ticks of a log axis spanning ``decades``: 1, 2 and 5 times the powers of ten up to three
    decades, the powers of ten up to eight, every other power beyond (fewer labels to draw)."""
    which = ax.yaxis if axis == "y" else ax.xaxis
    subs = (1.0,) if decades > 3 else (1.0, 2.0, 5.0)
    which.set_major_locator(LogLocator(base=10, subs=subs, numticks=12 if decades <= 8 else 7))
    which.set_minor_locator(LogLocator(base=10, subs=np.arange(2, 10) if decades <= 8 else (), numticks=12))


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
    bounds = _log_bands(surface, levels)
    low, high = bounds[0], bounds[-1]
    filled = ax.contourf(w_grid, b_grid, np.clip(surface, low, high), levels=bounds, norm=LogNorm(), cmap="viridis")
    ax.contour(w_grid, b_grid, surface, levels=bounds[::3], colors="white", linewidths=0.4, alpha=0.5)
    features, targets = check_xy(x, y)
    standardized = is_standardized(features) and is_standardized(targets)
    colorbar = ax.figure.colorbar(filled, ax=ax, label=f"MSE ({'standardized, ' if standardized else ''}log scale)")
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

    The colour is the factor of :func:`~sgd_lib.dynamics.convergence_rate` (the error shrinks by that
    factor per step), dark where it is small, on a scale that spreads the factors near 1. Where the
    factor is 1 or more the run diverges: that region is hatched grey and bounded by
    :func:`~sgd_lib.evaluation.stability_limit`. A star marks the best pair
    (:func:`~sgd_lib.dynamics.optimal_momentum`), a diamond on the mu = 0 edge plain descent's best
    (:func:`~sgd_lib.dynamics.optimal_plain`), each with its factor written beside it. With
    ``critical``, dashed lines mark where the roots of the flattest and of the steepest direction
    turn complex (:func:`~sgd_lib.dynamics.critical_momentum`): above both, every classical-momentum
    direction spirals. Nesterov's roots are complex only for ``lr * lam < 1``: on its map a
    dash-dotted line marks ``lr = 1 / lam`` of each direction in range, beyond which its roots turn
    real again.

    Called again on axes that hold a rate map (with the same ranges), it redraws that map in place
    for ``nesterov``: an explorer's switch, without new artists.
    """
    grid = _rate_grid(x, nesterov, learning_rates, momenta, resolution)
    ax = _axes(ax)
    artists = {artist.get_gid(): artist for artist in ax.get_children() if str(artist.get_gid()).startswith("rate map")}
    if artists:  # a map is there: the other method, in place
        _update_rate_map(artists, grid)
    else:
        _draw_rate_map(ax, grid, critical)
        ax.set(xlim=learning_rates, ylim=momenta, xlabel="learning rate η", ylabel="momentum μ")
        ax.grid(False)
    ax.set_title(title or f"Convergence factor of {'Nesterov momentum' if nesterov else 'momentum'}")
    if legend:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=2, frameon=False)  # under the axes
    return ax


@dataclass
class _RateGrid:
    """What a rate map shows: the rates on a grid of cells, the limits, the edges and the best settings."""

    lr_edges: np.ndarray
    mu_edges: np.ndarray
    lrs: np.ndarray  # the cells' centres
    rates: np.ma.MaskedArray  # masked where the run diverges
    limits: list[float]  # the stability limit at each momentum edge
    edges: list[np.ndarray]  # the critical momentum of the flattest and of the steepest direction
    real_again: list[float]  # Nesterov: lr = 1 / lam of the flattest and the steepest direction (nan: out of range)
    best: Tuning  # of the method
    plain: Tuning  # of plain descent
    method: str
    together: bool  # a round bowl: the best is plain descent's
    text_at: tuple[float, float]  # where "diverges" is written
    room: bool  # whether the diverging region is wide enough for that word

    @property
    def best_text(self) -> str:
        return f"best: {_rate_text(self.best.rate)}" + (" (plain)" if self.together else "")

    @property
    def name(self) -> str:
        return "Nesterov" if self.method == "nesterov" else "momentum"


def _rate_grid(x: object, nesterov: bool, learning_rates: tuple[float, float], momenta: tuple[float, float],
               resolution: int) -> _RateGrid:
    curvatures = hessian_eigenvalues(x)
    lr_edges = np.linspace(*learning_rates, resolution + 1)
    mu_edges = np.linspace(*momenta, resolution * 2 // 3 + 1)
    lrs, mus = (lr_edges[1:] + lr_edges[:-1]) / 2, (mu_edges[1:] + mu_edges[:-1]) / 2
    rates = convergence_rate(lrs[None, :], mus[:, None], curvatures, nesterov=nesterov)
    limits = [stability_limit(x, mu, nesterov) for mu in mu_edges]
    edges = []  # where the flattest and the steepest direction turn complex, inside the stable region
    for curvature in curvatures[[0, -1]]:
        edge = critical_momentum(lrs, curvature, nesterov=nesterov)
        inside = (edge <= momenta[1]) & (lrs < np.interp(edge, mu_edges, limits))
        edges.append(np.where(inside, edge, np.nan))
    real_again = [1 / c if nesterov and c > 0 and 1 / c < learning_rates[1] else np.nan for c in curvatures[[0, -1]]]
    best = optimal_momentum(curvatures, nesterov=nesterov)
    middle = float(np.mean(momenta))
    middle_limit = stability_limit(x, middle, nesterov)
    return _RateGrid(
        lr_edges, mu_edges, lrs, np.ma.masked_where(rates >= 1, rates), limits, edges, real_again, best,
        optimal_plain(curvatures), "nesterov" if nesterov else "momentum",
        best.momentum < 0.02 * np.ptp(momenta), ((middle_limit + learning_rates[1]) / 2, middle),
        learning_rates[1] - middle_limit > 0.08 * np.ptp(learning_rates),
    )


def _update_rate_map(artists: dict, grid: _RateGrid) -> None:
    """Redraw a rate map's artists (found by their gid) for another method."""
    artists["rate map"].set_array(grid.rates)
    artists["rate map limit"].set_xdata(grid.limits)
    for k, edge in enumerate(grid.edges):
        if f"rate map critical {k}" in artists:
            artists[f"rate map critical {k}"].set_ydata(edge)
            artists[f"rate map real again {k}"].set(xdata=[grid.real_again[k]] * 2, visible=bool(np.isfinite(
                grid.real_again[k])))
    artists["rate map best"].set(xdata=[grid.best.learning_rate], ydata=[grid.best.momentum],
                                 color=COLORS[grid.method], label=f"best {grid.name}")
    artists["rate map best text"].set(text=grid.best_text)
    artists["rate map best text"].xy = (grid.best.learning_rate, grid.best.momentum)
    artists["rate map diverges"].set(x=grid.text_at[0], visible=grid.room)


def _draw_rate_map(ax: Axes, grid: _RateGrid, critical: bool) -> None:
    """Draw a rate map's artists, each with a gid so that :func:`_update_rate_map` finds it."""
    spread = (lambda rate: -np.log10(1 - np.minimum(rate, 0.99999)), lambda value: 1 - 10.0**-value)  # near 1
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor="0.92", edgecolor="0.6", hatch="//",
                           lw=0, zorder=0, gid="rate map background"))
    mesh = ax.pcolormesh(grid.lr_edges, grid.mu_edges, grid.rates, cmap="viridis",
                         norm=FuncNorm(spread, vmin=0.0, vmax=0.999), zorder=1, gid="rate map")
    label = "factor per step (error ← factor × error),\nscale stretched near 1"
    colorbar = ax.figure.colorbar(mesh, ax=ax, label=label)
    ticks = [0.0, 0.5, 0.9, 0.99, 0.999]
    colorbar.set_ticks(ticks, labels=[f"{tick:g}" for tick in ticks])
    colorbar.minorticks_off()
    ax.plot(grid.limits, grid.mu_edges, "-", color="black", lw=1.3, label="stability limit", gid="rate map limit")
    if critical:
        for k, (edge, style) in enumerate(zip(grid.edges, ("--", ":"))):
            ax.plot(grid.lrs, edge, style, color="white", lw=1.4, gid=f"rate map critical {k}",
                    path_effects=[patheffects.Stroke(linewidth=2.6, foreground="0.2"), patheffects.Normal()],
                    label=f"turns complex, {('flat', 'steep')[k]}")
            real = grid.real_again[k]  # Nesterov's complex region ends at lr = 1 / lam, whatever mu
            ax.plot([real, real], [grid.mu_edges[0], grid.mu_edges[-1]], "-.", color="white", lw=1.4,
                    gid=f"rate map real again {k}", visible=bool(np.isfinite(real)),
                    path_effects=[patheffects.Stroke(linewidth=2.6, foreground="0.2"), patheffects.Normal()],
                    label=f"real again, {('flat', 'steep')[k]} (η = 1/λ{('min', 'max')[k]})" if np.isfinite(real)
                    else None)
    ax.text(*grid.text_at, "diverges", rotation=90, ha="center", va="center", fontsize=10,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5}, gid="rate map diverges", visible=grid.room)
    ax.plot([grid.plain.learning_rate], [0.0], "D", ms=8, color=COLORS["sgd"], mec="black", ls="none",
            clip_on=False, zorder=5, label="best plain (μ = 0)", gid="rate map plain")
    ax.plot([grid.best.learning_rate], [grid.best.momentum], "*", ms=15, color=COLORS[grid.method], mec="black",
            ls="none", clip_on=False, zorder=5, label=f"best {grid.name}", gid="rate map best")
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0}
    ax.annotate(f"best plain: {_rate_text(grid.plain.rate)}", (grid.plain.learning_rate, 0.0), xytext=(7, 5),
                textcoords="offset points", fontsize=9, bbox=box, zorder=6, gid="rate map plain text",
                visible=not grid.together)
    ax.annotate(grid.best_text, (grid.best.learning_rate, grid.best.momentum), xytext=(8, 6),
                textcoords="offset points", fontsize=9, bbox=box, zorder=6, gid="rate map best text")


def _rate_text(rate: float) -> str:
    """A rate at three digits; rounding noise below 1e-9 is 0."""
    return "0" if rate < 1e-9 else f"{rate:.3g}"


def surface_legend(ax: Axes) -> None:
    """The legend of a loss-surface panel, under the axes, where it covers no path.

    Artists that share a label (a line and its points) make one entry.
    """
    grouped: dict[str, list] = {}
    for handle, label in zip(*ax.get_legend_handles_labels()):
        grouped.setdefault(label, []).append(handle)
    if not grouped:  # nothing labelled: no legend
        return
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


def plot_loss_bowl(
    x: object,
    y: object,
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    *,
    ax: Axes3D | None = None,
    path: object = None,
    color: str = COLORS["sgd"],
    label: str = "gradient descent",
    title: str = "The loss surface as a bowl",
    zscale: str = "linear",
    standardized: bool | None = None,
    view: tuple[float, float] = (45.0, -60.0),
    resolution: int = 120,
    levels: int = 18,
    legend: bool = True,
) -> Axes3D:
    """The MSE over a (w, b) window as a 3D surface: the bowl that :func:`plot_loss_surface` maps.

    The surface is computed by :func:`~sgd_lib.losses.mse_grid` and coloured in the same
    log-spaced bands as :func:`plot_loss_surface` with the same window and ``levels``, so
    the two views of one loss can be read side by side.

    Parameters
    ----------
    x, y : array-like
        One-feature data and its targets.
    w_range, b_range : (low, high)
        The window over the weight and the bias, each an increasing pair of numbers.
    ax : Axes3D, optional
        A 3D axes (``projection="3d"``) to draw on; a new figure is made when None. Its
        ``computed_zorder`` is turned off, so that the path and the markers are drawn over
        the surface (a bowl seen from above hides nothing that lies on it).
    path : array-like of shape (k, 2), optional
        Successive [w, b] (for instance ``History.params``), drawn on the surface in
        ``color`` with a dark outline, its first row marked as the start, clipped to the
        window. Its height is the MSE of each row (:func:`~sgd_lib.losses.mse_at`), on the
        surface's scale. The least-squares optimum is a star, when it lies in the window.
    color, label : str
        The path's colour (by default plain SGD's colour of :data:`COLORS`) and legend label.
    title : str
        The title.
    zscale : {"linear", "log"}
        The height: the MSE itself (a bowl), or log10 of the MSE, labelled "MSE (log scale)",
        for a loss that spans several decades (on the raw data it shows the narrow valley).
    standardized : bool, optional
        Add "standardized" to the MSE axis label; by default when x and y both have mean 0
        and standard deviation 1.
    view : (elevation, azimuth)
        The viewing angles in degrees (``Axes3D.view_init``).
    resolution : int
        Grid points along each axis of the window.
    levels : int
        Colour bounds, as in :func:`plot_loss_surface`.
    legend : bool
        Draw the legend under the axes (:func:`surface_legend`).

    Returns
    -------
    Axes3D
        The axes drawn on.
    """
    features, targets = check_xy(x, y)
    w_range, b_range = _check_window(w_range, "w_range"), _check_window(b_range, "b_range")
    if zscale not in ("linear", "log"):
        raise ValueError(f'zscale must be "linear" or "log", got {zscale!r}')
    elevation, azimuth = (check_number(angle, "view") for angle in _pair(view, "view"))
    resolution = check_int(resolution, "resolution", minimum=2, maximum=1000)
    levels = check_int(levels, "levels", minimum=2, maximum=256)
    rows = None if path is None else np.atleast_2d(check_params(path, 1, "path"))

    w_grid, b_grid = np.linspace(*w_range, resolution), np.linspace(*b_range, resolution)
    loss = mse_grid(features, targets, w_grid, b_grid)
    bands, least = _log_bands(loss, levels), max(loss.max() * 1e-12, 1e-300)  # least: log10 stays finite
    if ax is None:
        ax = plt.figure(figsize=PANEL).add_subplot(projection="3d")
    ax.computed_zorder = False
    surface = _bowl_height(loss, zscale, least)
    ax.plot_surface(*np.meshgrid(w_grid, b_grid), surface, rstride=1, cstride=1, cmap="viridis",
                    norm=mpl.colors.BoundaryNorm(_bowl_height(bands, zscale, least), 256), linewidth=0,
                    antialiased=False, zorder=1)
    if rows is not None:  # the parts of a path outside the window are clipped
        heights = _bowl_height(np.atleast_1d(mse_at(features, targets, rows)), zscale, least)
        ax.plot(rows[:, 0], rows[:, 1], heights, "-", lw=1.8, color=color, label=label, path_effects=OUTLINE, zorder=5,
                axlim_clip=True)
        ax.plot(rows[:1, 0], rows[:1, 1], heights[:1], "s", ms=7, color=color, mec="black", ls="none", zorder=6,
                label="start", axlim_clip=True)
    (w_star,), b_star = least_squares(features, targets)
    bottom = _bowl_height(np.array([mse_at(features, targets, [w_star, b_star])]), zscale, least)
    inside = w_range[0] <= w_star <= w_range[1] and b_range[0] <= b_star <= b_range[1]
    if inside:
        ax.plot([w_star], [b_star], bottom, marker="*", ms=15, color=LEAST_SQUARES, mec="white", ls="none",
                zorder=10, label="least-squares optimum")
    ax.set_zlim(min(surface.min(), *bottom) if inside else surface.min(), surface.max())
    if standardized is None:
        standardized = is_standardized(features) and is_standardized(targets)
    _bowl_axes(ax, w_range, b_range, title=title, zscale=zscale, standardized=standardized)
    ax.view_init(elevation, azimuth)
    if legend and ax.get_legend_handles_labels()[0]:
        surface_legend(ax)
    return ax


def _log_bands(loss: np.ndarray, levels: int) -> np.ndarray:
    """The log-spaced colour bounds of :func:`plot_loss_surface` for a grid of losses."""
    low, high = max(loss.min(), loss.max() * 1e-9, 1e-12), loss.max()
    return np.geomspace(low, high, levels)


def _bowl_height(loss: np.ndarray, zscale: str, low: float) -> np.ndarray:
    """The height of a loss in :func:`plot_loss_bowl`: the MSE, or its log10, at least that of ``low``."""
    loss = np.maximum(loss, low)
    return np.log10(loss) if zscale == "log" else loss


def _bowl_axes(ax: Axes3D, w_range: tuple[float, float], b_range: tuple[float, float], *, title: str, zscale: str,
               standardized: bool) -> None:
    """Title, window, labels and ticks of a bowl; the panes without grid lines (lighter, and a smaller image)."""
    notes = [note for note, on in (("standardized", standardized), ("log scale", zscale == "log")) if on]
    ax.set(title=title, xlabel="weight w", ylabel="bias b", zlabel=f"MSE ({', '.join(notes)})" if notes else "MSE",
           xlim=w_range, ylim=b_range)
    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.yaxis.set_major_locator(MaxNLocator(4, prune="lower"))  # no tick in the corner where the w axis ends
    if zscale == "log":
        _log_height_ticks(ax)
    ax.grid(False)


def _pair(value: object, name: str) -> tuple[object, object]:
    """The two items of a pair, or a ValueError naming ``name``."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence | np.ndarray) or len(value) != 2:
        raise ValueError(f"{name} must be a pair of two numbers, got {value!r}")
    return value[0], value[1]


def _check_window(value: object, name: str) -> tuple[float, float]:
    """A window's (low, high) as floats, refused by name unless low < high."""
    low, high = (check_number(end, name) for end in _pair(value, name))
    if not low < high:
        raise ValueError(f"{name} must be an increasing pair (low, high), got ({low:g}, {high:g})")
    return low, high


def _log_height_ticks(ax: Axes3D) -> None:
    """Ticks of a log10 height at the powers of ten (at round MSE values when fewer than two are in
    range), labelled with the MSE they stand for."""
    low, high = ax.get_zlim()
    powers = np.arange(np.ceil(low), np.floor(high) + 1)
    if len(powers) < 2:
        values = MaxNLocator(4).tick_values(10**low, 10**high)
        powers = np.log10(values[(values >= max(10**low, 1e-300)) & (values <= 10**high)])
    ax.zaxis.set_major_locator(FixedLocator(powers))
    ax.zaxis.set_major_formatter(FuncFormatter(lambda power, _: _mse_label(10**power)))


def _mse_label(value: float) -> str:
    """``0.5``, ``2000``, or ``$2\\cdot10^{7}$`` for a value of five digits or more."""
    if 1e-4 <= value < 1e4:
        return f"{value:.4g}"
    exponent = int(np.floor(np.log10(value) + 1e-9))
    mantissa = round(value / 10**exponent, 3)
    return f"$10^{{{exponent}}}$" if mantissa == 1 else f"${mantissa:g}\\cdot10^{{{exponent}}}$"


# --- Minus the gradient on a loss surface (notebook 03) -------------------------------------------


def plot_descent_arrows(ax: Axes, x: object, y: object, points: object, *, length: float = 0.22) -> Axes:
    """Arrows of minus the gradient of the MSE at ``points`` on a loss-surface panel, and lines to the optimum.

    Each point (a row ``[w, b]`` of ``points``) gets a marker, an arrow along minus the gradient
    (:func:`~sgd_lib.losses.mse_gradient`), the direction of a gradient-descent step, and a dotted
    line to the least-squares optimum. Only the direction is drawn: every arrow is ``length`` of the
    window long, measured in fractions of each axis's span, so arrows on a squeezed axis stay visible.
    Draw the surface first (:func:`plot_loss_surface`): the window is read from ``ax``.
    """
    features, targets = check_xy(x, y)
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
        ax.annotate("", xy=(w + step[0], b + step[1]), xytext=(w, b),
                    arrowprops=dict(arrowstyle="-|>", color=sgd, lw=2.2, path_effects=OUTLINE))
        ax.plot(w, b, "o", color=sgd, mec=COLORS["reference"], ms=8, label="minus the gradient" if k == 0 else None)
    return ax


# --- The directions of a bowl, and numbered steps (notebook 04) ------------------------------------


def plot_eigen_directions(ax: Axes, x: object, y: object) -> Axes:
    """The steepest and the flattest direction of the MSE's bowl over (w, b) on a loss-surface panel.

    The two eigenvectors of :func:`~sgd_lib.evaluation.mse_hessian` are drawn as lines through the
    least-squares optimum of ``(x, y)`` across the whole window of ``ax`` (drawn by
    :func:`plot_loss_surface` for one feature), each labelled with its curvature, its eigenvalue.
    """
    features, targets = check_xy(x, y)
    if features.shape[1] != 1:
        raise ValueError(f"x must hold one feature (a (w, b) surface), got {features.shape[1]}")
    values, vectors = np.linalg.eigh(mse_hessian(features))
    (w_star,), b_star = least_squares(features, targets)
    center = np.array([w_star, b_star])
    low, high = np.array([ax.get_xlim()[0], ax.get_ylim()[0]]), np.array([ax.get_xlim()[1], ax.get_ylim()[1]])
    for value, vector, name, style in [(values[1], vectors[:, 1], "steepest", "--"), (values[0], vectors[:, 0], "flattest", ":")]:
        # the stretch of s for which center + s * vector stays inside the window, in each coordinate
        with np.errstate(divide="ignore"):
            ends = np.sort(np.stack([(low - center) / vector, (high - center) / vector]), axis=0)
        reach = np.array([np.max(ends[0][np.isfinite(ends[0])]), np.min(ends[1][np.isfinite(ends[1])])])
        segment = center + np.outer(reach, vector)
        ax.plot(segment[:, 0], segment[:, 1], ls=style, lw=1.8, color=COLORS["paper"], zorder=4,
                path_effects=[patheffects.Stroke(linewidth=3.2, foreground=COLORS["reference"]), patheffects.Normal()],
                label=f"{name}, curvature {value:.4g}")
    ax.set(xlim=(low[0], high[0]), ylim=(low[1], high[1]))
    return ax


def number_steps(ax: Axes, path: object, *, most: int = 9, spacing: float = 0.06) -> Axes:
    """Number the points of ``path`` (rows of (w, b), the start is 0) in white on a loss-surface panel.

    A point closer than ``spacing`` (a fraction of the window's width and height) to one already
    numbered is left out, and at most ``most`` points are numbered, so that no two numbers overlap.
    """
    points = np.asarray(path, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"path must have shape (steps, 2), got {points.shape}")
    span = np.array([np.ptp(ax.get_xlim()), np.ptp(ax.get_ylim())])
    numbered: list[np.ndarray] = []
    for k, point in enumerate(points):
        inside = np.all(np.isfinite(point)) and ax.get_xlim()[0] <= point[0] <= ax.get_xlim()[1] and \
            ax.get_ylim()[0] <= point[1] <= ax.get_ylim()[1]
        if len(numbered) < most and inside and all(np.hypot(*((point - other) / span)) > spacing for other in numbered):
            ax.annotate(str(k), point, xytext=(4, 4), textcoords="offset points", color=COLORS["paper"], fontsize=9,
                        fontweight="bold", path_effects=OUTLINE)
            numbered.append(point)
    return ax
