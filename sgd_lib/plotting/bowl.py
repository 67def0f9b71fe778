"""The loss over (w, b) as a 3D bowl: the surface that :func:`~sgd_lib.plotting.plot_loss_surface` maps."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator
from mpl_toolkits.mplot3d import Axes3D

from ..checks import check_bool, check_choice, check_int, check_pair, check_params, check_range, check_text, shown
from ..data import is_standardized
from ..evaluation import least_squares
from ..losses import mse_at, mse_grid
from .axes import _check_color, _one_feature, surface_legend
from .style import COLORS, LEAST_SQUARES, OUTLINE, PANEL
from .surfaces import _OPTIMUM, _log_bands


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
    """The MSE over a (w, b) window as a 3D surface, coloured in the log-spaced bands of
    :func:`~sgd_lib.plotting.plot_loss_surface` with the same window and ``levels``, so that the two
    views of one loss can be read side by side.

    Parameters
    ----------
    x, y, w_range, b_range, title, resolution, levels, legend
        As in :func:`~sgd_lib.plotting.plot_loss_surface`.
    ax : Axes3D, optional
        A 3D axes to draw on (a new figure when None). Its ``computed_zorder`` is turned off, so that
        the path and the markers are drawn over the surface.
    path, color, label : array-like of shape (k, 2), str, str
        Successive [w, b] (``History.params``), drawn on the surface at the height of each row's MSE,
        in ``color`` with a dark outline, its first row marked as the start, clipped to the window.
        The least-squares optimum is a star, when it lies in the window.
    zscale : {"linear", "log"}
        The height: the MSE (a bowl), or its log10, labelled "MSE (log scale)", for a loss that spans
        several decades (on the raw data it shows the narrow valley).
    standardized : bool, optional
        Add "standardized" to the MSE axis label; by default when x and y both have mean 0 and std 1.
    view : (elevation, azimuth)
        The viewing angles in degrees (``Axes3D.view_init``).
    """
    bowl = _Bowl.checked(locals())  # every argument, before a figure is made
    ax = ax if ax is not None else plt.figure(figsize=PANEL).add_subplot(projection="3d")
    bowl.draw_surface(ax)
    if bowl.rows is not None:
        bowl.draw_path(ax, bowl.rows)
    bowl.draw_optimum(ax)
    bowl.label_axes(ax)
    ax.view_init(*bowl.view)
    if bowl.legend and ax.get_legend_handles_labels()[0]:
        surface_legend(ax)
    return ax


@dataclass(frozen=True)
class _Bowl:
    """What :func:`plot_loss_bowl` draws, checked: the data, the window, the loss over it and the settings."""

    features: np.ndarray
    targets: np.ndarray
    w_range: tuple[float, float]
    b_range: tuple[float, float]
    loss: np.ndarray  # the MSE over the window's grid: row i, column j at (w_j, b_i)
    rows: np.ndarray | None  # the path
    color: object
    label: str
    title: str
    zscale: str
    standardized: bool
    view: tuple[float, float]
    levels: int
    legend: bool

    @classmethod
    def checked(cls, settings: dict) -> _Bowl:
        """The bowl of :func:`plot_loss_bowl`'s arguments, each checked and refused by name."""
        features, targets = _one_feature(settings["x"], settings["y"])
        w_range, b_range = check_range(settings["w_range"], "w_range"), check_range(settings["b_range"], "b_range")
        ax, path, standardized = settings["ax"], settings["path"], settings["standardized"]
        if ax is not None and not isinstance(ax, Axes3D):
            raise TypeError(f"ax must be a 3D axes (projection='3d'), got {shown(ax)}")
        resolution = check_int(settings["resolution"], "resolution", minimum=2, maximum=1000)
        grid = np.linspace(*w_range, resolution), np.linspace(*b_range, resolution)
        return cls(
            features=features,
            targets=targets,
            w_range=w_range,
            b_range=b_range,
            loss=mse_grid(features, targets, *grid),
            rows=None if path is None else np.atleast_2d(check_params(path, 1, "path")),
            color=_check_color(settings["color"]),
            label=check_text(settings["label"], "label"),
            title=check_text(settings["title"], "title"),
            zscale=check_choice(settings["zscale"], "zscale", ("linear", "log")),
            standardized=is_standardized(features) and is_standardized(targets)
            if standardized is None
            else check_bool(standardized, "standardized"),
            view=check_pair(settings["view"], "view"),
            levels=check_int(settings["levels"], "levels", minimum=2, maximum=256),
            legend=check_bool(settings["legend"], "legend"),
        )

    def height(self, loss: np.ndarray) -> np.ndarray:
        """The height of a loss: the MSE, or its log10, at least that of a tiny loss (log10 stays finite)."""
        loss = np.maximum(loss, max(self.loss.max() * 1e-12, 1e-300))
        return np.log10(loss) if self.zscale == "log" else loss

    def draw_surface(self, ax: Axes3D) -> None:
        """The surface in the colour bands of the loss surface, below everything else drawn."""
        ax.computed_zorder = False
        w_grid, b_grid = np.linspace(*self.w_range, self.loss.shape[1]), np.linspace(*self.b_range, self.loss.shape[0])
        norm = mpl.colors.BoundaryNorm(self.height(_log_bands(self.loss, self.levels)), 256)
        ax.plot_surface(
            *np.meshgrid(w_grid, b_grid),
            self.height(self.loss),
            rstride=1,
            cstride=1,
            cmap="viridis",
            norm=norm,
            linewidth=0,
            antialiased=False,
            zorder=1,
        )

    def draw_path(self, ax: Axes3D, rows: np.ndarray) -> None:
        """The path ``rows`` on the surface and its start; the parts outside the window are clipped."""
        heights = self.height(np.atleast_1d(mse_at(self.features, self.targets, rows)))
        ax.plot(
            rows[:, 0],
            rows[:, 1],
            heights,
            "-",
            lw=1.8,
            color=self.color,
            label=self.label,
            path_effects=OUTLINE,
            zorder=5,
            axlim_clip=True,
        )
        ax.plot(
            rows[:1, 0],
            rows[:1, 1],
            heights[:1],
            "s",
            ms=7,
            color=self.color,
            mec="black",
            ls="none",
            zorder=6,
            label="start",
            axlim_clip=True,
        )

    def draw_optimum(self, ax: Axes3D) -> None:
        """The least-squares star at the bottom, when it lies in the window; the limits of the height."""
        (w_star,), b_star = least_squares(self.features, self.targets)
        bottom = self.height(np.array([mse_at(self.features, self.targets, [w_star, b_star])]))
        inside = self.w_range[0] <= w_star <= self.w_range[1] and self.b_range[0] <= b_star <= self.b_range[1]
        if inside:
            ax.plot(
                [w_star],
                [b_star],
                bottom,
                marker="*",
                ms=15,
                color=LEAST_SQUARES,
                mec="white",
                ls="none",
                zorder=10,
                label=_OPTIMUM,
            )
        surface = self.height(self.loss)
        ax.set_zlim(min(surface.min(), *bottom) if inside else surface.min(), surface.max())

    def label_axes(self, ax: Axes3D) -> None:
        """Title, window, labels and ticks; the panes without grid lines (lighter, and a smaller image)."""
        notes = [note for note, on in (("standardized", self.standardized), ("log scale", self.zscale == "log")) if on]
        ax.set(
            title=self.title,
            xlabel="weight w",
            ylabel="bias b",
            xlim=self.w_range,
            ylim=self.b_range,
            zlabel=f"MSE ({', '.join(notes)})" if notes else "MSE",
        )
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.yaxis.set_major_locator(MaxNLocator(4, prune="lower"))  # no tick in the corner where the w axis ends
        if self.zscale == "log":
            _log_height_ticks(ax)
        ax.grid(False)


def _log_height_ticks(ax: Axes3D) -> None:
    """Ticks of a log10 height at the powers of ten (at round MSE values when fewer than two are in
    range), labelled with the MSE they stand for."""
    low, high = ax.get_zlim()
    powers = np.arange(np.ceil(low), np.floor(high) + 1)
    if len(powers) < 2:
        values = MaxNLocator(4).tick_values(10**low, 10**high)
        powers = np.log10(values[(values >= max(10**low, 1e-300)) & (values <= 10**high)])
    ax.zaxis.set_major_locator(FixedLocator(powers.tolist()))
    ax.zaxis.set_major_formatter(FuncFormatter(lambda power, _: _mse_label(10**power)))


def _mse_label(value: float) -> str:
    """``0.5``, ``2000``, or ``$2\\cdot10^{7}$`` for a value of five digits or more."""
    if 1e-4 <= value < 1e4:
        return f"{value:.4g}"
    exponent = int(np.floor(np.log10(value) + 1e-9))
    mantissa = round(value / 10**exponent, 3)
    return f"$10^{{{exponent}}}$" if mantissa == 1 else f"${mantissa:g}\\cdot10^{{{exponent}}}$"
