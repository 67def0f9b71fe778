"""``plotting.plot_descent_arrows``: minus the gradient drawn on a loss-surface panel.

Each arrow must point along minus the gradient computed here from its formula, all arrows must
have one length in fractions of the window, each point gets a dotted line to the least-squares
optimum, and bad points are refused by name.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sgd_lib import least_squares
from sgd_lib.plotting import COLORS, plot_descent_arrows, plot_lines, plot_loss_surface

RAW_W, RAW_B = (-100.0, 300.0), (-8000.0, 5000.0)


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def _gradient(x, y, w, b):
    errors = w * x + b - y
    return np.array([2 * np.mean(errors * x), 2 * np.mean(errors)])


def test_arrows_point_down_the_gradient_with_one_length_in_the_window(ax, raw):
    x, y = raw
    points = np.array([[0.1257, 0.0], [0.0, -6000.0], [200.0, -6000.0]])
    plot_loss_surface(x, y, RAW_W, RAW_B, ax=ax, legend=False)
    plot_descent_arrows(ax, x, y, points, length=0.2)
    arrows = [child for child in ax.texts if child.arrow_patch is not None]
    assert len(arrows) == len(points)
    span = np.array([np.ptp(RAW_W), np.ptp(RAW_B)])
    for arrow, (w, b) in zip(arrows, points):
        start, tip = np.array(arrow.xyann), np.array(arrow.xy)
        assert np.allclose(start, [w, b])
        step = tip - start
        descent = -_gradient(x, y, w, b)
        cosine = step @ descent / (np.linalg.norm(step) * np.linalg.norm(descent))
        assert cosine == pytest.approx(1.0, abs=1e-12)
        assert np.linalg.norm(step / span) == pytest.approx(0.2)


def test_each_point_gets_a_dotted_line_to_the_optimum_and_one_legend_entry(ax, standardized):
    x, y = standardized
    plot_loss_surface(x, y, (-1.0, 3.0), (-2.0, 2.0), ax=ax, legend=False)
    plot_descent_arrows(ax, x, y, [[-0.5, 1.2], [2.5, -1.5]])
    (w_star,), b_star = least_squares(x, y)
    dotted = [line for line in ax.lines if line.get_linestyle() == ":"]
    assert len(dotted) == 2
    for line in dotted:
        assert np.allclose([line.get_xdata()[-1], line.get_ydata()[-1]], [w_star, b_star])
        assert line.get_color() == COLORS["least squares"]
    labels = list(ax.get_legend_handles_labels()[1])
    assert labels.count("to the optimum") == 1 and labels.count("minus the gradient") == 1


def test_bad_points_are_refused_by_name(ax, standardized):
    x, y = standardized
    with pytest.raises(ValueError, match="points"):
        plot_descent_arrows(ax, x, y, [[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError, match="length"):
        plot_descent_arrows(ax, x, y, [[1.0, 2.0]], length=-1.0)


def test_the_least_squares_line_is_dashed_and_on_top(ax, raw):
    x, y = raw
    plot_lines(x, y, {"least squares": least_squares(x, y), "trained": (95.8, -1505.0)}, ax=ax)
    optimum, other = ax.lines
    assert optimum.get_linestyle() == "--" and optimum.get_zorder() > other.get_zorder()
    assert other.get_linestyle() == "-"
