"""The tutorial's look: one colour per role, readable defaults, and small PNGs of the figures."""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.patheffects as patheffects
import matplotlib.pyplot as plt
import numpy as np
from IPython import get_ipython
from IPython.core.pylabtools import print_figure
from matplotlib.figure import Figure
from PIL import Image as PILImage

from ..checks import check_bool, check_int, shown

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
    name = ALIASES.get(role, role) if isinstance(role, str) else None
    if name not in COLORS:
        known = ", ".join(sorted([*COLORS, *ALIASES]))
        raise (ValueError if isinstance(role, str) else TypeError)(f"role must be one of {known}; got {shown(role)}")
    return COLORS[name]


def shades(role: str, n: int) -> list[str]:
    """``n`` shades of ``role``'s colour, light to dark: for the values of one swept setting.

    A sweep of the learning rate of plain SGD is drawn in shades of plain SGD's colour, so the hue
    still says the method and the lightness says the value (give the values in the legend).
    """
    base = np.array(mpl.colors.to_rgb(color(role)))
    n = check_int(n, "n", maximum=256)
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
    if not isinstance(image, PILImage.Image):
        raise TypeError(f"image must be a PIL image, got {type(image).__name__}")
    if check_bool(fast, "fast"):
        palette = image.quantize(256, method=PILImage.Quantize.FASTOCTREE)
    else:
        palette = image.convert("RGB").quantize(256, method=PILImage.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    palette.save(buffer, format="png", compress_level=3 if fast else 9)
    return buffer.getvalue()


def figure_png(figure: Figure) -> bytes:
    """The PNG that IPython shows for ``figure`` (tight, as the inline backend draws it), with a palette."""
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
    return palette_png(PILImage.open(io.BytesIO(print_figure(figure, "png", bbox_inches="tight"))))


def _show_figures_as_palette_pngs() -> None:
    """In IPython, figures are shown (and stored in the notebook) as palette PNGs: notebooks a third the size."""
    shell = get_ipython()
    if shell is not None:
        plt.close(plt.figure())  # loads the inline backend now, which registers its own formatter: ours goes after
        shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)
