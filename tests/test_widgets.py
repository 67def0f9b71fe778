"""The notebooks' explorers, driven from Python without a browser.

Each control is set programmatically, as a learner's slider move would set it, and
the test checks that the picture changed, that the sentence under the controls
describes the new setting, and that divergence is reported in words.
"""

import base64

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sgd_lib import make_seed_data, standardize
from sgd_lib.widgets import LineExplorer, OptimizerExplorer, TrainingExplorer


@pytest.fixture(scope="module")
def raw():
    return make_seed_data()


@pytest.fixture(scope="module")
def standardized(raw):
    xs, ys, _, _ = standardize(*raw)
    return xs, ys


def _changes_picture(explorer, control, value):
    before, redraws = explorer.image.value, explorer.redraws
    control.value = value
    assert explorer.redraws == redraws + 1
    assert explorer.image.value != before
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"


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
    _changes_picture(explorer, explorer.lr_slider, 0.5)
    assert "learning rate 0.5 = 0.5 × the stability limit 1" in explorer.status_text
    assert not explorer.history.diverged
    assert explorer.history.loss[-1] == pytest.approx(0.0613, abs=1e-3)
    _changes_picture(explorer, explorer.lr_slider, 2.5)
    assert explorer.history.diverged
    assert explorer.status_text.startswith(f"Diverged at step {explorer.history.diverged_epoch}:")


def test_optimizer_explorer_path_follows_the_learning_rate(standardized):
    explorer = OptimizerExplorer(*standardized, learning_rate=0.01)
    slow = explorer.history.params[-1].copy()
    explorer.lr_slider.value = 0.5
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
    _changes_picture(explorer, explorer.lr_slider, 0.01)
    assert "learning rate 0.01," in explorer.status_text
    assert f"final loss {explorer.history.final_loss:.4g}" in explorer.status_text


def test_training_explorer_says_when_training_diverges(standardized):
    explorer = TrainingExplorer(*standardized)
    explorer.lr_slider.value = 5.0
    assert explorer.history.diverged
    epoch = explorer.history.diverged_epoch
    assert f"diverged in epoch {epoch}" in explorer.status_text
    assert not explorer._line.get_visible()
    explorer.lr_slider.value = 0.1
    assert not explorer.history.diverged and explorer._line.get_visible()


def test_explorers_leave_no_pyplot_figures_and_display_a_static_png(raw, standardized):
    plt.close("all")
    explorers = [LineExplorer(*raw), OptimizerExplorer(*standardized), TrainingExplorer(*standardized)]
    assert plt.get_fignums() == []
    for explorer in explorers:
        bundle = explorer._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert base64.b64decode(bundle["image/png"]) == explorer.image.value
        assert bundle["text/plain"] == f"{explorer!r}\n{explorer.status_text}"
        assert " at 0x" not in bundle["text/plain"]
        explorer.close()
