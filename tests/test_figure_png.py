"""Figures are stored in the notebooks as palette PNGs: a fraction of the bytes, the same picture."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
from IPython.core.pylabtools import print_figure
from PIL import Image

from sgd_lib.plotting import figure_png, plot_loss_bowl, plot_loss_surface, use_tutorial_style


def test_a_stored_figure_is_a_palette_png_of_the_same_picture(standardized):
    use_tutorial_style()
    fig = plt.figure(figsize=(10.5, 3.8))
    plot_loss_bowl(*standardized, (0.0, 2.0), (-1.0, 1.0), ax=fig.add_subplot(1, 2, 1, projection="3d"))
    plot_loss_surface(*standardized, (0.0, 2.0), (-1.0, 1.0), ax=fig.add_subplot(1, 2, 2))
    print_figure(fig, "png", bbox_inches="tight")  # a 3D axes settles its tight box on the first draw
    plain, palette = print_figure(fig, "png", bbox_inches="tight"), figure_png(fig)
    plt.close(fig)
    before, after = Image.open(io.BytesIO(plain)), Image.open(io.BytesIO(palette))
    assert after.mode == "P" and after.size == before.size
    assert len(palette) < 0.5 * len(plain), (len(palette), len(plain))
    difference = np.abs(np.asarray(after.convert("RGB"), float) - np.asarray(before.convert("RGB"), float))
    assert difference.mean() < 1.0 and np.percentile(difference, 99.9) < 40  # the same picture to the eye
