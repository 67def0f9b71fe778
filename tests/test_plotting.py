"""The plot functions that no other test draws with: what each puts on its axes, and what it refuses.

Each test reads the artists back (their data, colours, labels and scales) rather than the pixels, so it
fails when a plot draws the wrong thing, not when a font renders differently.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from sgd_lib import SGD, LinearModel, fit, least_squares, least_squares_floor
from sgd_lib.plotting import (
    COLORS,
    DATA,
    line_equation,
    log_axis,
    log_ticks,
    optimum_marker,
    path_artists,
    plot_data,
    plot_fit_over_epochs,
    plot_lines,
    plot_loss_curves,
    plot_loss_surface,
    plot_residuals,
    surface_legend,
)


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def test_plot_data_scatters_every_point_and_counts_them(ax, raw):
    x, y = raw
    assert plot_data(x, y, ax, title="t", xlabel="inputs", ylabel="targets") is ax
    (points,) = ax.collections
    np.testing.assert_array_equal(points.get_offsets(), np.column_stack([x, y]))
    assert to_hex(points.get_facecolor()[0]) == DATA.lower()
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("t", "inputs", "targets")
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["data (99 points)"]


def test_plot_lines_draws_each_line_and_the_optimum_dashed_on_top(ax, raw):
    x, y = raw
    plot_lines(x, y, {"guess": (50.0, 0.0), "least squares": least_squares(x, y)}, ax, colors={"guess": "#17BECF"})
    guess, optimum = ax.lines
    np.testing.assert_allclose(guess.get_ydata(), 50.0 * guess.get_xdata())
    assert guess.get_xdata()[[0, -1]].tolist() == [1.0, 99.0] and guess.get_color() == "#17BECF"
    assert optimum.get_linestyle() == "--" and optimum.get_zorder() > guess.get_zorder()
    assert optimum.get_color() == COLORS["least squares"] and optimum.get_label().startswith("least squares: y = 100")


def test_line_equation_writes_one_sign_and_rounding_noise_as_zero():
    assert line_equation(2.5, -1.0) == "y = 2.5·x − 1"
    assert line_equation(100.0, -1683.3333) == "y = 100·x − 1683"
    assert line_equation(1.0, 3e-17) == "y = 1·x + 0"
    assert line_equation(2.0, 0.125, digits=2) == "y = 2·x + 0.12"


def test_loss_curves_skip_what_a_log_axis_cannot_show_and_draw_the_floor(ax, standardized):
    history = fit(LinearModel(seed=0), *standardized, SGD(0.1), epochs=20)
    floor = least_squares_floor(*standardized)
    plot_loss_curves(
        {"fit": history, "blew up": [1.0, 0.5, np.inf, np.nan, 0.0]}, ax, floor=floor, colors={"fit": COLORS["adam"]}
    )
    fitted, blown, line = ax.lines
    np.testing.assert_array_equal(fitted.get_ydata(), history.loss)
    np.testing.assert_array_equal(fitted.get_xdata(), np.arange(20))
    assert fitted.get_color() == COLORS["adam"]
    assert blown.get_xdata().tolist() == [0, 1] and blown.get_ydata().tolist() == [1.0, 0.5]  # inf, NaN, 0 skipped
    assert line.get_ydata()[0] == floor and line.get_label() == f"least-squares floor {floor:.4g}"
    assert ax.get_yscale() == "log"


def test_loss_curves_on_a_linear_axis_keep_zero(ax):
    plot_loss_curves({"run": [2.0, 1.0, 0.0]}, ax, log=False, legend_loc="upper right")
    assert ax.get_yscale() == "linear" and list(ax.lines[0].get_ydata()) == [2.0, 1.0, 0.0]
    assert ax.get_legend()._loc == 1  # "upper right"


def test_residuals_are_actual_minus_predicted_around_a_zero_line(ax, raw):
    x, y = raw
    plot_residuals(x, y, 100 * x - 1683.3, ax, color=COLORS["sgd"])
    (points,) = ax.collections
    np.testing.assert_allclose(points.get_offsets()[:, 1], y - (100 * x - 1683.3))
    assert list(ax.lines[0].get_ydata()) == [0.0, 0.0] and ax.get_ylabel() == "residual"
    assert to_hex(points.get_facecolor()[0]) == COLORS["sgd"].lower()


def test_fit_over_epochs_draws_the_line_of_each_chosen_row(ax, standardized):
    history = fit(LinearModel(seed=0), *standardized, SGD(0.1), epochs=10)
    plot_fit_over_epochs(*standardized, history.params, [0, 1, 10], ax)
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["initial line", "after 1 epoch", "after 10 epochs"]
    for line, row in zip(ax.lines, history.params[[0, 1, 10]]):
        np.testing.assert_allclose(line.get_ydata(), row[0] * line.get_xdata() + row[1])
    with pytest.raises(ValueError, match=r"epochs must be an integer in \[0, 10\], got 11"):
        plot_fit_over_epochs(*standardized, history.params, [0, 11], ax)


def test_the_optimum_marker_is_the_surface_s_star(ax, standardized):
    plot_loss_surface(*standardized, (-1.0, 2.0), (-1.5, 1.5), ax=ax, resolution=20)
    star = optimum_marker(ax)
    (w,), b = least_squares(*standardized)
    assert star.get_marker() == "*" and (star.get_xdata()[0], star.get_ydata()[0]) == pytest.approx((w, b))
    ax.cla()
    with pytest.raises(ValueError, match="ax holds no least-squares optimum"):
        optimum_marker(ax)


def test_path_artists_are_one_legend_entry_in_the_path_s_colour(ax):
    halos, line, points = path_artists(ax, COLORS["momentum"], label="momentum")
    assert (halos.get_color(), line.get_color(), points.get_color()) == (
        "black",
        COLORS["momentum"],
        COLORS["momentum"],
    )
    assert halos.get_zorder() < line.get_zorder() and halos.get_markersize() > points.get_markersize()
    assert all(len(artist.get_xdata()) == 0 for artist in (halos, line, points))  # empty, for an explorer to fill
    ax.plot([0, 1], [0, 1], label="other")
    surface_legend(ax)
    legend = ax.get_legend()
    assert [text.get_text() for text in legend.get_texts()] == ["momentum", "other"]
    assert legend.legend_handles[0].get_color() == COLORS["momentum"]  # the entry's first handle is the line


def test_surface_legend_draws_nothing_when_nothing_is_labelled(ax):
    ax.plot([0, 1], [0, 1])
    surface_legend(ax)
    assert ax.get_legend() is None


def test_log_axis_labels_plain_numbers_and_thins_its_ticks_over_many_decades(ax):
    ax.plot([1.0, 2.0], [0.01, 50.0])
    log_axis(ax)  # 3.7 decades: powers of ten only, labelled as plain numbers
    ax.figure.canvas.draw()
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert ticks == pytest.approx([0.01, 0.1, 1.0, 10.0])
    assert ax.yaxis.get_major_formatter()(0.01, 0) == "0.01" and ax.yaxis.get_major_formatter()(10.0, 0) == "10"
    log_ticks(ax, 2.0)  # two decades: 1, 2 and 5 times the powers of ten
    ticks = [t for t in ax.get_yticks() if 0.05 <= t <= 0.6]
    assert ticks == pytest.approx([0.05, 0.1, 0.2, 0.5])
    log_axis(ax, "x", decades=1.0)
    assert ax.get_xscale() == "log"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda ax, x, y: plot_data(x, y, ax=3), TypeError, "ax must be a matplotlib Axes"),
        (lambda ax, x, y: plot_data(np.column_stack([x, x]), y, ax), ValueError, "x must hold one feature"),
        (lambda ax, x, y: plot_data(x, y, ax, title=None), TypeError, "title must be a string"),
        (lambda ax, x, y: plot_lines(x, y, [(1.0, 2.0)], ax), TypeError, "lines must be a mapping"),
        (lambda ax, x, y: plot_lines(x, y, {"a": (1.0, 2.0, 3.0)}, ax), TypeError, r"lines\['a'\] must be"),
        (lambda ax, x, y: plot_lines(x, y, {"a": LinearModel(2)}, ax), ValueError, r"lines\['a'\] must be a one"),
        (
            lambda ax, x, y: plot_lines(x, y, {"a": (1.0, 2.0)}, ax, colors={"a": "nope"}),
            ValueError,
            r"colors\['a'\] must be a colour",
        ),
        (lambda ax, x, y: plot_loss_curves({"a": "abc"}, ax), TypeError, r"curves\['a'\] must be an array of numbers"),
        (lambda ax, x, y: plot_loss_curves({"a": [1.0]}, ax, legend_loc="middle"), ValueError, "legend_loc must be"),
        (lambda ax, x, y: plot_loss_curves({"a": [1.0]}, ax, floor=-1.0), ValueError, "floor must be"),
        (lambda ax, x, y: plot_residuals(x, y, y[:-1], ax), ValueError, "y_pred has 98 values but y_true has 99"),
        (lambda ax, x, y: plot_residuals(x, y, y, ax, color=5), TypeError, "color must be a colour"),
        (lambda ax, x, y: plot_fit_over_epochs(x, y, [[1.0, 2.0, 3.0]], [0], ax), ValueError, "params must have"),
        (lambda ax, x, y: plot_fit_over_epochs(x, y, [[1.0, 2.0]], "0", ax), TypeError, "epochs must be a non-empty"),
        (lambda ax, x, y: log_axis(ax, "z"), ValueError, "axis must be 'x' or 'y'"),
        (lambda ax, x, y: log_ticks(ax, -1.0), ValueError, "decades must be"),
        (lambda ax, x, y: path_artists(ax, "nope"), ValueError, "color must be a colour"),
        (lambda ax, x, y: surface_legend(None), TypeError, "ax must be a matplotlib Axes"),
        (lambda ax, x, y: line_equation("1", 0.0), TypeError, "w must be"),
    ],
)
def test_bad_arguments_are_refused_by_name(ax, raw, call, error, message):
    with pytest.raises(error, match=message):
        call(ax, *raw)
