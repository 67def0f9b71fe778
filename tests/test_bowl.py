"""``plotting.plot_loss_bowl``: the loss surface as a 3D bowl.

The heights drawn are checked against the MSE computed point by point, the path's
heights against ``mse_at`` of its rows, the colours against the bands of
``plot_loss_surface`` with the same window, and bad settings against clear errors.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from mpl_toolkits.mplot3d.art3d import Poly3DCollection

from sgd_lib import least_squares, least_squares_floor, mse_at
from sgd_lib.losses import mse_grid
from sgd_lib.plotting import COLORS, plot_loss_bowl, plot_loss_surface

RAW_W, RAW_B = (-100.0, 300.0), (-8000.0, 5000.0)
STD_W, STD_B = (0.0, 2.0), (-1.0, 1.0)


@pytest.fixture
def ax3d():
    fig = plt.figure()
    yield fig.add_subplot(projection="3d")
    plt.close(fig)


def _surface(ax) -> Poly3DCollection:
    (surface,) = [c for c in ax.collections if isinstance(c, Poly3DCollection)]
    return surface


def _line(ax, label: str):
    (line,) = [line for line in ax.lines if line.get_label() == label]
    return line


def _brute_force_mse(x, y, w_values, b_values) -> np.ndarray:
    """Row i, column j: the MSE of the line w_values[j] * x + b_values[i], one point at a time."""
    return np.array([[np.mean((w * x + b - y) ** 2) for w in w_values] for b in b_values])


@pytest.mark.parametrize("zscale", ["linear", "log"])
def test_the_surface_heights_are_the_mse_at_the_grid_points(raw, ax3d, zscale):
    x, y = raw
    resolution = 9
    plot_loss_bowl(x, y, RAW_W, RAW_B, ax=ax3d, zscale=zscale, resolution=resolution)
    loss = _brute_force_mse(x, y, np.linspace(*RAW_W, resolution), np.linspace(*RAW_B, resolution))
    np.testing.assert_allclose(
        loss, mse_grid(x, y, np.linspace(*RAW_W, resolution), np.linspace(*RAW_B, resolution)), rtol=1e-12
    )
    height = np.log10(loss) if zscale == "log" else loss
    # plot_surface colours each face by the mean height of its four corners
    faces = (height[:-1, :-1] + height[1:, :-1] + height[:-1, 1:] + height[1:, 1:]) / 4
    np.testing.assert_allclose(_surface(ax3d).get_array(), faces.ravel(), rtol=1e-12)
    low, high = ax3d.get_zlim()
    assert low <= height.min() and height.max() <= high


@pytest.mark.parametrize("zscale", ["linear", "log"])
def test_the_path_lies_on_the_surface_at_the_mse_of_its_rows(raw, ax3d, zscale):
    x, y = raw
    path = np.array([[0.4744, 0.0], [49.66, 0.66], [66.2, 0.8], [80.0, -300.0]])
    plot_loss_bowl(x, y, RAW_W, RAW_B, ax=ax3d, path=path, zscale=zscale, label="descent")
    expected = mse_at(x, y, path)
    expected = np.log10(expected) if zscale == "log" else expected
    w, b, z = _line(ax3d, "descent").get_data_3d()
    np.testing.assert_array_equal(np.column_stack([w, b]), path)
    np.testing.assert_allclose(z, expected, rtol=1e-12)
    start = _line(ax3d, "start").get_data_3d()
    np.testing.assert_allclose(np.ravel(start), [*path[0], expected[0]], rtol=1e-12)
    assert _line(ax3d, "descent").get_color() == COLORS["sgd"]


def test_the_optimum_sits_at_the_least_squares_floor(standardized, ax3d):
    x, y = standardized
    plot_loss_bowl(x, y, STD_W, STD_B, ax=ax3d)
    (w_star,), b_star = least_squares(x, y)
    star = np.ravel(_line(ax3d, "least-squares optimum").get_data_3d())
    np.testing.assert_allclose(star, [w_star, b_star, least_squares_floor(x, y)], rtol=1e-12, atol=1e-12)
    surface_heights = _surface(ax3d).get_array()
    assert star[2] < surface_heights.min(), "the optimum lies below every face of the bowl"


def test_an_optimum_outside_the_window_is_not_drawn_and_the_path_is_clipped(raw, ax3d):
    x, y = raw
    path = np.array([[0.0, 0.0], [2.0, 1.0], [1.0, 3.0]])  # the last row lies outside the window
    plot_loss_bowl(x, y, (-1.0, 3.0), (-2.0, 2.0), ax=ax3d, path=path, zscale="log")
    assert "least-squares optimum" not in [line.get_label() for line in ax3d.lines]
    ax3d.figure.canvas.draw()
    drawn = _line(ax3d, "gradient descent").get_xdata()  # projected on the screen, after drawing
    assert list(np.ma.getmaskarray(drawn)) == [False, False, True], "the row outside the window is clipped"
    heights = _surface(ax3d).get_array()
    low, high = ax3d.get_zlim()
    loss = mse_grid(x, y, np.linspace(-1.0, 3.0, 120), np.linspace(-2.0, 2.0, 120))
    np.testing.assert_allclose([low, high], np.log10([loss.min(), loss.max()]), rtol=1e-12)
    assert low <= heights.min() and heights.max() <= high


@pytest.mark.parametrize("zscale", ["linear", "log"])
def test_same_window_as_the_contour_map_gives_the_same_bands(raw, ax3d, zscale):
    x, y = raw
    fig, ax = plt.subplots()
    try:
        plot_loss_surface(x, y, RAW_W, RAW_B, ax=ax, levels=10)
        plot_loss_bowl(x, y, RAW_W, RAW_B, ax=ax3d, levels=10, zscale=zscale)
        contour_bounds = ax.collections[0].levels
        assert ax3d.get_xlim() == ax.get_xlim() == RAW_W and ax3d.get_ylim() == ax.get_ylim() == RAW_B
    finally:
        plt.close(fig)
    bounds = _surface(ax3d).norm.boundaries
    np.testing.assert_allclose(10**bounds if zscale == "log" else bounds, contour_bounds, rtol=1e-9)


def test_labels_say_what_the_height_is(raw, standardized):
    labels = {}
    for name, data, zscale in [
        ("raw", raw, "log"),
        ("raw linear", raw, "linear"),
        ("std", standardized, "linear"),
        ("std log", standardized, "log"),
    ]:
        ax = plot_loss_bowl(*data, (-1.0, 3.0), (-2.0, 2.0), zscale=zscale)
        labels[name] = (ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel())
        plt.close(ax.figure)
    assert labels["raw"] == ("weight w", "bias b", "MSE (log scale)")
    assert labels["raw linear"][2] == "MSE"
    assert labels["std"][2] == "MSE (standardized)"
    assert labels["std log"][2] == "MSE (standardized, log scale)"
    centered = (raw[0] - raw[0].mean(), raw[1] - raw[1].mean())  # mean 0 but not standard deviation 1
    ax = plot_loss_bowl(*centered, RAW_W, RAW_B)
    assert ax.get_zlabel() == "MSE"
    plt.close(ax.figure)
    ax = plot_loss_bowl(*raw, RAW_W, RAW_B, standardized=True)
    assert ax.get_zlabel() == "MSE (standardized)"
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("window", "labels"),
    [
        (((0.8, 1.2), (-0.2, 0.2)), ["0.075", "0.1", "0.125", "0.15"]),  # MSE 0.061 to 0.15: round values
        (((-2.0, 4.0), (-3.0, 3.0)), ["0.1", "1", "10"]),  # more than two decades: powers of ten
    ],
)
def test_a_log_height_is_labelled_with_the_mse(standardized, ax3d, window, labels):
    plot_loss_bowl(*standardized, *window, ax=ax3d, zscale="log")
    low, high = ax3d.get_zlim()
    locations = ax3d.zaxis.get_ticklocs()
    assert [label.get_text() for label in ax3d.zaxis.get_ticklabels()] == labels
    np.testing.assert_allclose(10**locations, [float(label) for label in labels], rtol=1e-9)
    assert low <= locations.min() and locations.max() <= high


def test_large_mse_values_are_written_as_powers_of_ten(raw, ax3d):
    plot_loss_bowl(*raw, (-1.0, 3.0), (-2.0, 2.0), ax=ax3d, zscale="log")  # MSE about 1.9e7 to 2.5e7
    labels = [label.get_text() for label in ax3d.zaxis.get_ticklabels()]
    values = [float(label.strip("$").replace("\\cdot10^{", "e").rstrip("}")) for label in labels]
    assert len(labels) >= 2 and all("\\cdot10^{7}" in label for label in labels), labels
    np.testing.assert_allclose(10 ** ax3d.zaxis.get_ticklocs(), values, rtol=1e-9)


def test_no_figure_is_left_open_when_ax_is_given(raw, ax3d):
    before = plt.get_fignums()
    plot_loss_bowl(*raw, RAW_W, RAW_B, ax=ax3d, path=[[0.0, 0.0], [50.0, 0.0]])
    assert plt.get_fignums() == before
    ax = plot_loss_bowl(*raw, RAW_W, RAW_B)
    assert len(plt.get_fignums()) == len(before) + 1 and ax.name == "3d"
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("settings", "error", "message"),
    [
        ({"w_range": (300.0, -100.0)}, ValueError, "w_range must be an increasing pair"),
        ({"b_range": (5.0, 5.0)}, ValueError, "b_range must be an increasing pair"),
        ({"w_range": (0.0, 1.0, 2.0)}, ValueError, "w_range must be a pair"),
        ({"b_range": "ab"}, TypeError, "b_range must be a pair"),
        ({"w_range": (0.0, np.nan)}, ValueError, "w_range must be a finite number"),
        ({"zscale": "cubic"}, ValueError, "zscale must be"),
        ({"path": [[0.0, 1.0, 2.0]]}, ValueError, "path must have shape"),
        ({"path": [[0.0, np.inf]]}, ValueError, "path contains 1 NaN or infinite"),
        ({"view": (30.0,)}, ValueError, "view must be a pair"),
        ({"resolution": 1}, ValueError, "resolution must be an integer in \\[2, 1,000\\], got 1"),
        ({"levels": 1}, ValueError, "levels must be an integer in \\[2, 256\\], got 1"),
        ({"ax": Figure().add_subplot()}, TypeError, "ax must be a 3D axes"),
    ],
)
def test_bad_settings_are_refused_by_name(raw, settings, error, message):
    arguments = {"w_range": RAW_W, "b_range": RAW_B} | settings
    before = plt.get_fignums()
    with pytest.raises(error, match=message):
        plot_loss_bowl(*raw, arguments.pop("w_range"), arguments.pop("b_range"), **arguments)
    assert plt.get_fignums() == before, "a refused call leaves no figure behind"


def test_bad_data_is_refused_by_name(raw):
    x, y = raw
    with pytest.raises(ValueError, match="x has 99 samples but y has 98"):
        plot_loss_bowl(x, y[:-1], RAW_W, RAW_B)
    with pytest.raises(ValueError, match="x must hold one feature"):
        plot_loss_bowl(np.column_stack([x, x]), y, RAW_W, RAW_B)


def test_settings_are_keyword_only(raw):
    with pytest.raises(TypeError):
        plot_loss_bowl(*raw, RAW_W, RAW_B, None)
