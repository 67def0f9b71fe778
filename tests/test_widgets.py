"""The notebooks' explorers, driven from Python without a browser.

Each control is set programmatically, as a learner's slider move would set it, and
the test checks that the picture changed, that the sentence under the controls
describes the new setting, and that divergence is reported in words.
"""

import base64
import inspect

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sgd_lib import make_original_data, standardize
from sgd_lib.widgets import LineExplorer, OptimizerExplorer, TrainingExplorer


def _changes_picture(explorer, control, value):
    before, redraws = explorer.picture, explorer.redraws
    control.value = value
    assert explorer.redraws == redraws + 1
    assert explorer.picture != before
    assert explorer.picture[:8] == b"\x89PNG\r\n\x1a\n"


def test_line_explorer_follows_both_sliders(raw):
    explorer = LineExplorer(*raw)
    _changes_picture(explorer, explorer.w_slider, 100.0)
    _changes_picture(explorer, explorer.b_slider, -1683.0)
    text = explorer.status_text
    assert "w = 100," in text and "b = -1683" in text
    x, y = raw
    expected = np.mean((100.0 * x - 1683.0 - y) ** 2)
    assert f"MSE = {expected:.4g}" in text
    assert repr(explorer) == "LineExplorer(w=100, b=-1683)"


def test_optimizer_explorer_reports_convergence_and_divergence(standardized):
    explorer = OptimizerExplorer(*standardized, learning_rate=0.1)
    _changes_picture(explorer, explorer.learning_rate_slider, 0.5)
    assert "learning rate 0.5 = 0.5 × the stability limit 1" in explorer.status_text
    assert not explorer.history.diverged
    assert explorer.history.loss[-1] == pytest.approx(0.0613, abs=1e-3)
    _changes_picture(explorer, explorer.learning_rate_slider, 2.5)
    assert explorer.history.diverged
    assert explorer.status_text.startswith(f"Diverged at step {explorer.history.diverged_epoch}:")


def test_optimizer_explorer_path_follows_the_learning_rate(standardized):
    explorer = OptimizerExplorer(*standardized, learning_rate=0.01)
    slow = explorer.history.params[-1].copy()
    explorer.learning_rate_slider.value = 0.5
    fast = explorer.history.params[-1]
    optimum = np.array([np.corrcoef(*standardized)[0, 1], 0.0])
    assert np.linalg.norm(fast - optimum) < 1e-6 < np.linalg.norm(slow - optimum)


def test_training_explorer_retrains_on_every_control(standardized):
    explorer = TrainingExplorer(*standardized)
    assert explorer.history.final_loss == pytest.approx(0.06228, rel=1e-3)
    _changes_picture(explorer, explorer.epochs_slider, 10)
    assert len(explorer.history.loss) == 10
    assert "10 epochs" in explorer.status_text
    _changes_picture(explorer, explorer.batch_slider, 99)
    assert explorer.history.params.shape == (11, 2)
    assert "batch size 99" in explorer.status_text
    _changes_picture(explorer, explorer.learning_rate_slider, 0.01)
    assert "learning rate 0.01," in explorer.status_text
    assert f"last logged loss {explorer.history.final_loss:.4g}" in explorer.status_text
    final = np.mean(
        (explorer.history.params[-1, 0] * standardized[0] + explorer.history.params[-1, 1] - standardized[1]) ** 2
    )
    assert f"final parameters' loss {final:.4g}" in explorer.status_text
    _changes_picture(explorer, explorer.epochs_slider, 1)
    assert "1 epoch," in explorer.status_text


def test_training_explorer_says_when_training_diverges(standardized):
    explorer = TrainingExplorer(*standardized)
    explorer.learning_rate_slider.value = 5.0
    assert explorer.history.diverged
    epoch = explorer.history.diverged_epoch
    assert f"diverged in epoch {epoch}" in explorer.status_text
    assert not explorer._line.get_visible()
    explorer.learning_rate_slider.value = 0.1
    assert not explorer.history.diverged and explorer._line.get_visible()


def test_explorers_leave_no_pyplot_figures_and_display_a_static_png(raw, standardized):
    plt.close("all")
    explorers = [LineExplorer(*raw), OptimizerExplorer(*standardized), TrainingExplorer(*standardized)]
    assert plt.get_fignums() == []
    for explorer in explorers:
        bundle = explorer._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert base64.b64decode(bundle["image/png"]) == explorer.picture
        assert bundle["text/plain"] == f"{explorer!r}\n{explorer.status_text}"
        assert " at 0x" not in bundle["text/plain"]
        explorer.close()


# --- Reachable learning rates, measured words, and figures that read at a glance ---------------


def test_the_rate_slider_stops_exactly_at_round_values(standardized):
    explorer = OptimizerExplorer(*standardized, learning_rate=0.1)
    options = [value for _, value in explorer.learning_rate_slider.options]
    for named in (0.001, 0.01, 0.1, 0.3, 0.5, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0):
        assert named in options
    assert options == sorted(options) and options[0] == 0.001 and options[-1] == 3.0
    ratios = np.diff(np.log10(options))
    assert ratios.max() < 0.13  # no gap wider than a factor 1.33 between neighbours


def test_a_starting_rate_off_the_grid_is_kept_and_one_outside_the_range_is_refused(standardized):
    explorer = OptimizerExplorer(*standardized, learning_rate=0.0137)
    assert explorer.learning_rate_slider.value == 0.0137
    with pytest.raises(ValueError, match="learning_rate must lie in learning_rate_range"):
        OptimizerExplorer(*standardized, learning_rate=100.0)
    with pytest.raises(ValueError, match="epochs must be an integer in"):
        TrainingExplorer(*standardized, epochs=0)


def test_explorers_refuse_more_than_one_feature(standardized):
    xs, ys = standardized
    two = np.column_stack([xs, xs**2])
    for kind in (LineExplorer, OptimizerExplorer, TrainingExplorer):
        with pytest.raises(ValueError, match="x must hold one feature"):
            kind(two, ys)


@pytest.mark.parametrize(
    "rate, words",
    [
        (0.1, "walks down the slope without overshooting"),
        (0.5, "reaches the optimum in a single step"),  # a round bowl: eta lambda = 1 along both eigenvectors
        (0.55, "jumps across the optimum at every step"),  # 1 < eta lambda < 2: every step flips sign (04)
        (0.6, "jumps across the optimum at every step"),
        (0.7, "jumps across the optimum at every step"),
        (0.9, "jumps across the optimum at every step"),
        (1.0, "on the edge, the path jumps between two points"),
        (1.01, "= 1.01 × the stability limit"),
        (1.5, "Diverged at step"),
    ],
)
def test_the_optimizer_explorer_says_what_its_path_does(standardized, rate, words):
    explorer = OptimizerExplorer(*standardized, learning_rate=rate)  # 1.01 is not a stop: the slider keeps it
    assert words in explorer.status_text


def test_steps_at_the_optimum_up_to_rounding_are_not_counted_as_crossings(standardized):
    """At 0.55 the error along each eigenvector shrinks by 0.1 per step and flips sign: after about 9 steps it is
    rounding, whose side is noise. Only the steps before count, and every one of them crossed."""
    explorer = OptimizerExplorer(*standardized, learning_rate=0.55)
    along = (explorer.history.params - explorer.optimum) @ explorer.steepest
    above = np.abs(along) > 1e-9 * abs(along[0])
    assert 5 < explorer.counted_steps() == np.argmin(above) - 1 < 30
    assert explorer.crossings() == explorer.counted_steps()
    assert np.sum(np.sign(along[1:]) != np.sign(along[:-1])) < 30  # counted to the end, rounding breaks the pattern
    explorer.learning_rate_slider.value = 0.9  # shrinks by 0.8 per step: 30 steps stay far above rounding
    assert explorer.crossings() == explorer.counted_steps() == 30


def test_crossings_count_sign_changes_along_the_steepest_direction(raw):
    x, y = raw
    explorer = OptimizerExplorer(x / 10, (y - y.mean()) / y.std(), learning_rate=0.02, learning_rate_range=(1e-3, 0.1))
    hessian = 2 * np.array([[np.mean((x / 10) ** 2), np.mean(x / 10)], [np.mean(x / 10), 1.0]])
    steepest = np.linalg.eigh(hessian)[1][:, -1]
    along = (explorer.history.params - explorer.optimum) @ steepest
    along = along[np.abs(along) > 1e-9 * abs(along[0])]  # rounding noise is no side
    assert explorer.crossings() == np.sum(along[1:] * along[:-1] < 0) > 0


def test_standardized_axes_say_so(raw, standardized):
    trained = TrainingExplorer(*standardized)
    assert trained.figure.axes[1].get_xlabel() == "x (standardized)"
    assert trained.figure.axes[1].get_ylabel() == "y (standardized)"
    assert LineExplorer(*raw).figure.axes[0].get_xlabel() == "x"


def _boxes(figure):
    renderer = figure.canvas.get_renderer()
    return renderer, [ax.get_tightbbox(renderer) for ax in figure.axes]


@pytest.mark.parametrize("which", ["line", "optimizer", "momentum", "method", "training"])
def test_no_panel_or_colourbar_label_collides_and_surface_legends_cover_nothing(raw, standardized, which):
    from sgd_lib.widgets import MethodExplorer, MomentumExplorer

    x, y = raw
    explorer = {
        "line": lambda: LineExplorer(x, y),
        "optimizer": lambda: OptimizerExplorer(*standardized),
        "momentum": lambda: MomentumExplorer(
            x / 10, standardized[1], learning_rate=0.015, learning_rate_range=(1e-3, 0.1)
        ),
        "method": lambda: MethodExplorer(
            x,
            y,
            learning_rate=30.0,
            learning_rate_range=(1e-4, 100.0),
            w_range=(-50.0, 200.0),
            b_range=(-3000.0, 1000.0),
        ),
        "training": lambda: TrainingExplorer(*standardized),
    }[which]()
    renderer, boxes = _boxes(explorer.figure)
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            gap = max(b.x0 - a.x1, a.x0 - b.x1, b.y0 - a.y1, a.y0 - b.y1)  # pixels between labels and ticks
            assert gap >= 4, f"panels {i} and {j} (with their labels) are {gap:.1f} px apart"
    for ax in explorer.figure.axes:
        legend = ax.get_legend()
        if legend is not None and any(line.get_label() == "least-squares optimum" for line in ax.lines):
            box = legend.get_window_extent(renderer)
            assert box.intersection(box, ax.get_window_extent(renderer)) is None  # under the axes


def test_the_momentum_explorer_draws_each_method_in_its_colour_and_says_when_it_diverges(raw, standardized):
    from sgd_lib.plotting import COLORS
    from sgd_lib.widgets import MomentumExplorer

    x, y = raw
    explorer = MomentumExplorer(x / 10, standardized[1], learning_rate=0.015, learning_rate_range=(1e-3, 0.1))
    assert explorer._path.get_color() == COLORS["momentum"]
    explorer.nesterov_box.value = True
    assert explorer._path.get_color() == COLORS["nesterov"] == explorer._loss.get_color()
    for ax in (explorer._loss_ax, explorer._path.axes):  # the legends show the method in use, not a stale one
        swatches = [handle.get_color() for handle in ax.get_legend().legend_handles if hasattr(handle, "get_color")]
        assert COLORS["nesterov"] in swatches and COLORS["momentum"] not in swatches
    explorer.nesterov_box.value = False
    explorer.momentum_slider.value = 0.0
    assert explorer._path.get_color() == COLORS["sgd"]
    explorer.learning_rate_slider.value = 0.03  # above the plain limit 0.0295, not yet stopped by fit
    assert not explorer.history.diverged and explorer.status_text.startswith("Diverging: learning rate 0.03")


def test_the_method_explorer_runs_each_method_in_its_colour_with_its_name(raw):
    from sgd_lib import SGD, AdaGrad, Adam, LinearModel, RMSProp, fit
    from sgd_lib.plotting import COLORS
    from sgd_lib.widgets import MethodExplorer
    from sgd_lib.widgets.method import METHODS

    x, y = raw
    explorer = MethodExplorer(x, y, learning_rate=0.1, learning_rate_range=(1e-4, 100.0), steps=50)
    optimizers = {
        "plain SGD": SGD(0.1),
        "momentum 0.9": SGD(0.1, momentum=0.9),
        "Nesterov 0.9": SGD(0.1, momentum=0.9, nesterov=True),
        "AdaGrad": AdaGrad(0.1),
        "RMSProp": RMSProp(0.1),
        "Adam": Adam(0.1),
    }
    assert list(METHODS) == list(optimizers) == list(explorer.method_menu.options)
    for name, optimizer in optimizers.items():
        explorer.method_menu.value = name
        color = COLORS[METHODS[name][1]]
        assert explorer._path.get_color() == color == explorer._loss.get_color()
        assert explorer._path.axes.get_title() == f"Path of {name}"
        swatches = [h.get_color() for h in explorer._loss_ax.get_legend().legend_handles if hasattr(h, "get_color")]
        assert color in swatches
        expected = fit(
            LinearModel(1).set_params(explorer.start), x, y, optimizer, epochs=50, batch_size=len(y), shuffle=False
        )
        np.testing.assert_array_equal(explorer.history.params, expected.params)
        sgd_family = isinstance(optimizer, SGD)  # 0.1 is far above its limits on the raw data
        assert expected.diverged == sgd_family
        assert explorer.status_text.startswith("Diverged at step" if sgd_family else f"{name}, learning rate 0.1:")


def test_a_run_settles_where_it_stays_near_the_floor_not_where_it_first_dips_in():
    from sgd_lib.widgets.common import settles

    assert settles(np.array([5.0, 1.0, 2.0, 1.005, 1.0]), 1.0) == "settles within 1% of the floor at step 3"
    assert settles(np.array([5.0, 1.0, np.nan]), 1.0) == "does not yet settle within 1% of the floor"
    assert settles(np.array([1.0, 1e-7, 1.0, 1e-9]), 0.0) == "settles below a millionth of its start at step 3"


def test_the_method_explorer_says_how_close_each_run_gets(raw):
    from sgd_lib import LinearModel, least_squares_floor, mse_at
    from sgd_lib.widgets import MethodExplorer

    x, y = raw
    floor = least_squares_floor(x, y)
    explorer = MethodExplorer(
        x,
        y,
        method="Adam",
        learning_rate=30.0,
        learning_rate_range=(1e-4, 100.0),
        steps=300,
        start=tuple(LinearModel(seed=0).get_params()),
    )
    ratio = mse_at(x, y, explorer.history.params[-1]) / floor
    away = np.flatnonzero(np.asarray(explorer.history.loss) > 1.01 * floor)
    settled = int(away[-1]) + 1
    assert explorer.status_text == (
        f"Adam, learning rate 30: loss {ratio * floor:.4g} after 300 steps "
        f"({ratio:.3g} × the floor), settles within 1% of the floor at step {settled}."
    )
    explorer.learning_rate_slider.value = 0.1
    assert explorer.status_text.endswith("does not yet settle within 1% of the floor.")
    explorer.method_menu.value = "plain SGD"
    limit = explorer.limit
    assert f"(stable below {limit:.3g})" in explorer.status_text and explorer.history.diverged
    assert explorer.status_text.startswith("Diverged at step ")
    explorer.method_menu.value = "momentum 0.9"  # momentum's limit is 1.9 times plain SGD's
    assert f"(stable below {1.9 * limit:.3g})" in explorer.status_text
    with pytest.raises(ValueError, match="method must be 'plain SGD', 'momentum 0.9', .* or 'Adam', got 'adam'"):
        MethodExplorer(x, y, method="adam")


def test_a_steep_error_at_rounding_level_is_no_crossing(standardized):
    explorer = OptimizerExplorer(*standardized, learning_rate=0.01)
    assert explorer.crossings() == 0 and "without overshooting" in explorer.status_text


def test_the_optimum_is_drawn_on_top_of_the_moving_path(standardized):
    explorer = OptimizerExplorer(*standardized)
    assert explorer._animated[-1].get_label() == "least-squares optimum"


def test_the_training_loss_axis_follows_the_curve(standardized):
    explorer = TrainingExplorer(*standardized)
    for rate in (0.1, 0.001):
        explorer.learning_rate_slider.value = rate
        losses = np.asarray(explorer.history.loss)
        low, high = explorer._loss_ax.get_ylim()
        assert low <= min(losses.min(), explorer.floor) and high >= losses.max()
        assert high / low <= 20 * max(losses.max(), explorer.floor) / min(losses.min(), explorer.floor)


def test_explorers_refuse_constant_x_and_out_of_range_settings_in_words(standardized):
    from sgd_lib.widgets import MomentumExplorer

    xs, ys = standardized
    for kind in (LineExplorer, OptimizerExplorer, TrainingExplorer, MomentumExplorer):
        with pytest.raises(ValueError, match="x must take at least two different values"):
            kind(np.ones_like(xs), ys)
    with pytest.raises(ValueError, match=r"momentum must be a number in \[0, 0.99\]"):
        MomentumExplorer(xs, ys, momentum=1.5)
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1"):
        TrainingExplorer(xs, ys, batch_size=0)
    with pytest.raises(ValueError, match="w must lie in w_range"):
        LineExplorer(xs, ys, w=100.0)


def test_the_settings_an_explorer_passes_on_are_the_optimizer_explorers_keywords():
    # MethodExplorer and MomentumExplorer pass **kwargs on to OptimizerExplorer, typed by these TypedDicts: a keyword
    # added to OptimizerExplorer (or renamed) without them would be refused by the type check of a correct call.
    from sgd_lib.widgets import MethodExplorer, MomentumExplorer
    from sgd_lib.widgets.optimizer import OptimizerSettings, PathSettings

    def keywords(explorer: type) -> set[str]:
        return {p.name for p in inspect.signature(explorer).parameters.values() if p.kind is p.KEYWORD_ONLY}

    optimizer = keywords(OptimizerExplorer)
    every, path = OptimizerSettings.__optional_keys__, PathSettings.__optional_keys__
    assert not OptimizerSettings.__required_keys__ and not PathSettings.__required_keys__
    assert every == optimizer and path == optimizer - {"learning_rate"}
    # each explorer built on it takes its own keywords and passes every other one on
    assert keywords(MethodExplorer) | every == optimizer | {"method"}
    assert keywords(MomentumExplorer) | path == optimizer | {"momentum", "nesterov"}


@pytest.mark.parametrize("make", ["training", "optimizer"])
def test_loss_tick_labels_never_cover_the_loss_axis_title(make):
    """The layout is fixed once; it leaves room for the widest loss labels, such as those of a diverging run."""
    x, y = make_original_data()
    xs, ys, _, _ = standardize(x, y)
    explorer = TrainingExplorer(xs, ys) if make == "training" else OptimizerExplorer(xs, ys)
    slider = explorer.learning_rate_slider
    for value in (slider.options[-1][1], slider.options[0][1], slider.options[len(slider.options) // 2][1]):
        slider.value = value
        ax = explorer._loss_ax
        renderer = explorer.figure.canvas.get_renderer()
        title = ax.yaxis.label.get_window_extent(renderer)
        low, high = ax.get_ylim()
        labels = [
            t.get_window_extent(renderer)
            for t in ax.get_yticklabels()
            if t.get_text() and t.get_visible() and low <= t.get_position()[1] <= high
        ]
        assert labels and not any(box.overlaps(title) for box in labels), f"learning rate {value}: {ax.get_ylim()}"
        region = next(region for group, region in explorer.render.regions.items() if ax in group)
        assert title.x0 >= region.x0, f"learning rate {value}: the axis title leaves its panel and is cut off"


def test_the_loss_axis_labels_of_1000_epochs_stay_inside_their_panel(standardized):
    explorer = TrainingExplorer(*standardized)
    explorer.epochs_slider.value = explorer.epochs_slider.max
    ax, renderer = explorer._loss_ax, explorer.figure.canvas.get_renderer()
    region = next(region for group, region in explorer.render.regions.items() if ax in group)
    low, high = ax.get_xlim()
    labels = [t for t in ax.get_xticklabels() if t.get_text() and low <= t.get_position()[0] <= high]
    assert labels[-1].get_text() == "1000"
    for label in labels:
        box = label.get_window_extent(renderer)
        assert region.x0 <= box.x0 and box.x1 <= region.x1, f"{label.get_text()} is cut off at its panel's edge"
