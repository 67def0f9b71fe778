"""Plots used by the notebooks and the explorers.

Every plot function draws on the Matplotlib ``Axes`` it is given (or on a new figure when ``ax`` is
None) and returns that ``Axes``, so a notebook cell can combine several of them and finish with
``plt.show()``. Axes are labelled, titled and given legends. The parts:

- :mod:`~sgd_lib.plotting.style`: the palette of roles (:func:`color`), the tutorial's defaults
  (:func:`use_tutorial_style`) and small PNGs;
- :mod:`~sgd_lib.plotting.axes`: log axes labelled with plain numbers, legends under the axes;
- :mod:`~sgd_lib.plotting.curves`: the data, lines, loss curves, residuals, the fit over epochs;
- :mod:`~sgd_lib.plotting.surfaces`: the loss surface over (w, b), paths, eigen-directions, descent
  arrows; :mod:`~sgd_lib.plotting.bowl`: the same loss as a 3D bowl;
- :mod:`~sgd_lib.plotting.rate_map`: the convergence factor over (learning rate, momentum).
"""

from .axes import log_axis, log_ticks, surface_legend
from .bowl import plot_loss_bowl
from .curves import Line, line_equation, plot_data, plot_fit_over_epochs, plot_lines, plot_loss_curves, plot_residuals
from .rate_map import plot_rate_map
from .style import (
    ALIASES,
    COLORS,
    DATA,
    DRAWN_TOGETHER,
    LEAST_SQUARES,
    OUTLINE,
    PANEL,
    PATH_COLORS,
    ROW,
    color,
    figure_png,
    palette_png,
    shades,
    use_tutorial_style,
)
from .surfaces import (
    number_steps,
    optimum_marker,
    path_artists,
    plot_descent_arrows,
    plot_eigen_directions,
    plot_loss_surface,
)

__all__ = [
    "ALIASES",
    "COLORS",
    "DATA",
    "DRAWN_TOGETHER",
    "LEAST_SQUARES",
    "OUTLINE",
    "PANEL",
    "PATH_COLORS",
    "ROW",
    "Line",
    "color",
    "figure_png",
    "line_equation",
    "log_axis",
    "log_ticks",
    "number_steps",
    "optimum_marker",
    "palette_png",
    "path_artists",
    "plot_data",
    "plot_descent_arrows",
    "plot_eigen_directions",
    "plot_fit_over_epochs",
    "plot_lines",
    "plot_loss_bowl",
    "plot_loss_curves",
    "plot_loss_surface",
    "plot_rate_map",
    "plot_residuals",
    "shades",
    "surface_legend",
    "use_tutorial_style",
]
