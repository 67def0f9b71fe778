"""What the page gets of an explorer (``sgd_lib.widgets.browser``), checked without a browser.

The page computes every setting itself (``numbers.js``, ``explorers.js``; ``tests/test_browser.py``
compares its frames with the explorers here). What it gets from the kernel must then be exactly what
the explorer uses: the epochs' orders that ``fit`` draws, the ticks ``set_log_limits`` gives the loss
axes, a tile per panel and a style per moving artist in every look, in the colours of the palette.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

from sgd_lib import SGD, LinearModel, fit
from sgd_lib.plotting import COLORS
from sgd_lib.widgets import LineExplorer, MethodExplorer, MomentumExplorer, OptimizerExplorer, TrainingExplorer
from sgd_lib.widgets.browser import SCRIPTS, ExplorerCanvas
from sgd_lib.widgets.common import log_ticks, set_log_limits
from sgd_lib.widgets.method import METHODS

MAKERS = {
    "line": lambda x, y, xs, ys: LineExplorer(x, y, w=0.1257, b=0.0),
    "optimizer": lambda x, y, xs, ys: OptimizerExplorer(xs, ys, learning_rate=0.1),
    "momentum": lambda x, y, xs, ys: MomentumExplorer(x / 10, ys, learning_rate=0.015, learning_rate_range=(1e-3, 0.1)),
    "method": lambda x, y, xs, ys: MethodExplorer(
        x,
        y,
        learning_rate=30.0,
        learning_rate_range=(1e-4, 100.0),
        steps=60,
        start=tuple(LinearModel(seed=0).get_params()),
    ),
    "training": lambda x, y, xs, ys: TrainingExplorer(xs, ys, epochs=20, max_epochs=300),
}


def _shown(make, raw, standardized):
    explorer = make(*raw, *standardized)
    explorer._repr_mimebundle_()
    return explorer


@pytest.mark.parametrize("kind", MAKERS)
def test_every_look_has_a_tile_per_panel_and_a_style_per_moving_artist(raw, standardized, kind):
    explorer = _shown(MAKERS[kind], raw, standardized)
    spec = explorer.canvas.spec
    assert spec["kind"] == kind == explorer.kind
    json.dumps(spec, allow_nan=False)
    panels = len(spec["layout"]["panels"])
    for look in spec["looks"].values():
        assert len(look["tiles"]) == panels and len(look["styles"]) == len(explorer._animated)
        assert all(0 <= t < len(spec["images"]) for t in look["tiles"])
    assert sum(spec["images"]) == len(explorer.canvas.images)
    assert [c.model_id for c in explorer.canvas.controls] == [c.model_id for c in explorer.controls]


def test_the_method_explorers_looks_are_drawn_in_each_methods_colour(raw, standardized):
    explorer = _shown(MAKERS["method"], raw, standardized)
    spec = explorer.canvas.spec
    path = explorer._animated.index(explorer._path)
    for index, (_, key) in enumerate(METHODS.values()):
        style = spec["styles"][spec["looks"][str(index)]["styles"][path]]
        assert style["stroke"] == COLORS[key].lower()
    assert explorer.method_menu.value == "Adam"  # drawing the looks left the controls as they were


def test_the_momentum_explorers_looks_follow_the_method_and_the_nesterov_map(raw, standardized):
    explorer = _shown(MAKERS["momentum"], raw, standardized)
    spec = explorer.canvas.spec
    assert set(spec["looks"]) == {"sgd|0", "sgd|1", "momentum|0", "nesterov|1"}
    map_panel = next(
        i
        for i, panel in enumerate(spec["layout"]["panels"])
        if explorer.figure.axes.index(explorer._rate_ax) in panel["axes"]
    )
    tiles = {name: look["tiles"][map_panel] for name, look in spec["looks"].items()}
    assert tiles["sgd|0"] == tiles["momentum|0"] != tiles["sgd|1"] == tiles["nesterov|1"]  # the map of the box
    assert explorer.momentum_slider.value == 0.9 and not explorer.nesterov_box.value


@pytest.mark.parametrize("batch_size", [1, 8, 32, 99])
def test_the_orders_sent_to_the_page_are_the_batches_fit_draws(standardized, batch_size):
    explorer = TrainingExplorer(*standardized, epochs=5, batch_size=batch_size, max_epochs=40)
    explorer._repr_mimebundle_()
    (array,) = explorer.canvas.spec["arrays"]
    assert array == {"name": "orders", "type": "uint8", "shape": [40, 99]}
    orders = np.frombuffer(zlib.decompress(explorer.canvas.arrays), dtype=np.uint8).reshape(40, 99)
    run = fit(
        LinearModel(1, seed=0), *standardized, SGD(0.1), epochs=7, batch_size=batch_size, seed=0, record_batches=True
    )
    per_epoch = -(-99 // batch_size)
    for update, batch in enumerate(run.batches):
        epoch, k = divmod(update, per_epoch)
        np.testing.assert_array_equal(batch, orders[epoch, k * batch_size : (k + 1) * batch_size])


@pytest.mark.parametrize("limits", [(0.05, 1.0), (0.05, 2e6), (1e-4, 1e6), (2e5, 5e7), (1e-30, 1e10), (0.5, 0.7)])
def test_the_loss_axes_show_the_ticks_the_page_draws(standardized, limits):
    explorer = OptimizerExplorer(*standardized)
    ax = explorer._loss_ax
    set_log_limits(ax, limits)
    majors, minors = log_ticks(*limits)
    shown = [v for v in ax.yaxis.get_majorticklocs() if limits[0] * (1 - 1e-9) <= v <= limits[1] * (1 + 1e-9)]
    assert shown == majors and majors  # at least one labelled tick, whatever the limits
    assert [f"{v:g}" for v in majors] == [
        t.get_text()
        for t in ax.yaxis.get_majorticklabels()
        if limits[0] * (1 - 1e-9) <= t.get_position()[1] <= limits[1] * (1 + 1e-9)
    ]
    assert not set(majors) & set(minors)


def test_the_epochs_axis_ticks_are_matplotlibs(standardized):
    explorer = TrainingExplorer(*standardized)
    explorer._repr_mimebundle_()
    (entry,) = [t for t in explorer.canvas.spec["ticks"] if t["axis"] == "x"]
    assert list(entry["table"]) == ["1", "2", "5", "10", "20", "50", "100", "200", "500", "1000"]
    ax = explorer._loss_ax
    for limit, ticks in entry["table"].items():
        ax.set_xlim(0, float(limit))
        explorer.figure.canvas.draw()
        labels = {t.get_text() for t in ax.get_xticklabels() if 0 <= t.get_position()[0] <= float(limit)}
        assert {label for _, label in ticks} == labels


def test_the_page_runs_one_module_of_three_parts():
    script = ExplorerCanvas._esm.default_value if hasattr(ExplorerCanvas._esm, "default_value") else ExplorerCanvas._esm
    folder = Path(__file__).resolve().parents[1] / "sgd_lib" / "widgets"
    assert script == "\n".join((folder / name).read_text(encoding="utf-8") for name in SCRIPTS)
    assert script.count("export default") == 1


def test_the_stored_notebooks_with_their_explorers_state_stay_under_4_mb():
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    total = sum(path.stat().st_size for path in [*notebooks.glob("*.ipynb"), *notebooks.glob("solutions/*.ipynb")])
    assert total <= 4_000_000, f"the notebooks take {total / 1e6:.2f} MB"
