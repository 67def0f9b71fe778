"""The momentum explorer's two explaining panels: the map of the factor per step with the current setting, and
the error along each eigenvector of H with its predicted factor**k.

Every number drawn is recomputed here from scratch (the Hessian 2/n A^T A, its eigenvectors, the
2x2 matrix of the rule) and compared with what the explorer shows.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sgd_lib import LinearModel, make_original_data, standardize
from sgd_lib.dynamics import convergence_factor, optimal_momentum
from sgd_lib.widgets import MomentumExplorer


@pytest.fixture(scope="module")
def stretched():
    x, y = make_original_data()
    _, y_std, _, _ = standardize(x, y)
    return x / 10, y_std


def _explorer(stretched, **settings):
    x, y = stretched
    options = {
        "learning_rate": 0.015,
        "momentum": 0.9,
        "learning_rate_range": (1e-3, 0.1),
        "steps": 80,
        "start": tuple(LinearModel(seed=0).get_params()),
    } | settings
    return MomentumExplorer(x, y, **options)


def _bowl(x):
    """Curvatures and eigenvectors of the Hessian (2/n) A^T A, A = [x, 1], written out."""
    design = np.column_stack([x, np.ones_like(x)])
    return np.linalg.eigh(2 / len(x) * design.T @ design)


def _rate(lr, mu, lam, nesterov):
    """The larger |eigenvalue| of the rule's 2x2 matrix along one direction, written out."""
    top = [1 - lr * lam * (1 + mu), -lr * mu * mu] if nesterov else [1 - lr * lam, -lr * mu]
    return np.abs(np.linalg.eigvals(np.array([top, [lam, mu]]))).max()


SETTINGS = [
    (0.015, 0.9, False),
    (0.015, 0.9, True),
    (0.05, 0.72, False),
    (0.025, 0.0, False),
    (0.06, 0.9, False),
    (0.002, 0.5, True),
]


@pytest.mark.parametrize("lr, mu, nesterov", SETTINGS)
def test_the_marker_sits_at_the_current_setting(stretched, lr, mu, nesterov):
    explorer = _explorer(stretched)
    explorer.learning_rate_slider.value = lr
    explorer.momentum_slider.value = mu
    explorer.nesterov_box.value = nesterov
    xs, ys = explorer._marker.get_data()
    assert (list(xs), list(ys)) == ([lr], [mu])
    assert explorer._marker.axes is explorer._rate_ax and explorer._marker in explorer._animated


@pytest.mark.parametrize("lr, mu, nesterov", SETTINGS)
def test_the_curves_are_the_history_projected_on_the_eigenvectors(stretched, lr, mu, nesterov):
    explorer = _explorer(stretched, learning_rate=lr, momentum=mu, nesterov=nesterov)
    x, _ = stretched
    curvatures, directions = _bowl(x)
    error = explorer.history.params - explorer.optimum
    expected = np.abs(error @ directions) / np.linalg.norm(error[0])
    steep, flat = explorer._errors
    for line, column in ((steep, 1), (flat, 0)):
        e = expected[:, column]
        shown = np.isfinite(e) & (e > 1e-12)
        steps, values = line.get_data()
        np.testing.assert_array_equal(steps, np.flatnonzero(shown))
        np.testing.assert_allclose(values, e[shown], rtol=1e-9)
    # the predicted lines: rate**k for each direction, through the curve's highest point, above it elsewhere
    px, py = explorer._predicted.get_data()
    pieces = np.split(np.arange(len(px)), np.flatnonzero(np.isnan(px)))
    pieces = [p[~np.isnan(px[p])] for p in pieces if np.isfinite(px[p]).any()]
    assert len(pieces) == 2
    for piece, (line, column) in zip(pieces, ((steep, 1), (flat, 0))):
        rate = _rate(lr, mu, curvatures[column], nesterov)
        ratios = py[piece][1:] / py[piece][:-1]
        np.testing.assert_allclose(ratios[np.isfinite(ratios)], rate, rtol=1e-9)
        steps, values = line.get_data()
        on_line = py[piece][steps.astype(int)]
        assert np.all(values <= on_line * (1 + 1e-9)) and np.isclose(values / on_line, 1.0, rtol=1e-9).any()


def test_the_status_line_gives_the_factor_and_the_oscillations(stretched):
    explorer = _explorer(stretched)
    x, _ = stretched
    curvatures, _ = _bowl(x)
    factor = max(_rate(0.015, 0.9, lam, False) for lam in curvatures)
    assert factor == pytest.approx(np.sqrt(0.9))
    assert explorer.status_text.endswith(
        f"The error shrinks × {factor:.3g} per step; across the valley it changes "
        "sign every 2.9 steps, along it every 45 steps."
    )
    assert explorer.factor() == pytest.approx(factor)
    explorer.momentum_slider.value = 0.0  # plain descent at 0.015: below 1/lambda_max across, so no flips
    explorer.learning_rate_slider.value = 0.025  # above 1/lambda_max = 0.0147: a flip at every step across
    plain = max(abs(1 - 0.025 * lam) for lam in curvatures)
    assert explorer.status_text.endswith(
        f"The error shrinks × {plain:.3g} per step; across the valley it flips sign "
        "every step, along it does not oscillate."
    )
    explorer.learning_rate_slider.value = 0.04  # above the plain limit
    assert f"The error grows × {abs(1 - 0.04 * curvatures[1]):.3g} per step" in explorer.status_text


def test_the_heatmap_follows_the_nesterov_box(stretched):
    explorer = _explorer(stretched)
    x, _ = stretched
    curvatures, _ = _bowl(x)
    mesh = next(c for c in explorer._rate_ax.collections if c.get_gid() == "rate map")
    star = next(line for line in explorer._rate_ax.lines if line.get_gid() == "rate map best")
    classical, image = mesh.get_array().copy(), explorer.picture
    artists = len(explorer._rate_ax.get_children())

    explorer.nesterov_box.value = True
    nesterov = mesh.get_array().copy()
    assert not np.ma.allequal(classical, nesterov) and explorer.picture != image
    assert explorer._rate_ax.get_title().startswith("Factor per step, Nesterov momentum")
    best = optimal_momentum(curvatures, nesterov=True)
    assert list(star.get_xdata()) == [best.learning_rate] and list(star.get_ydata()) == [best.momentum]
    # the cells hold the Nesterov rates (masked where they reach 1: the hatched region)
    coordinates = np.ma.getdata(mesh.get_coordinates())  # (a masked array with nothing masked)
    lrs = (coordinates[0, 1:, 0] + coordinates[0, :-1, 0]) / 2
    mus = (coordinates[1:, 0, 1] + coordinates[:-1, 0, 1]) / 2
    expected = convergence_factor(lrs[None, :], mus[:, None], curvatures, nesterov=True)
    np.testing.assert_allclose(nesterov.filled(np.nan), np.where(expected < 1, expected, np.nan), rtol=1e-9)
    assert coordinates[0, -1, 0] == pytest.approx(0.1)  # the map spans the slider's learning rates

    explorer.nesterov_box.value = False  # back: the same map, no new artists
    np.testing.assert_array_equal(mesh.get_array().filled(np.nan), classical.filled(np.nan))
    assert len(explorer._rate_ax.get_children()) == artists
    assert explorer.picture == image


def test_the_heatmap_is_background_and_the_optimum_stays_on_top(stretched):
    explorer = _explorer(stretched)
    mesh = next(c for c in explorer._rate_ax.collections if c.get_gid() == "rate map")
    assert mesh not in explorer._animated and not mesh.get_animated()
    assert explorer._animated[-1].get_label() == "least-squares optimum"
    canvas, draws = explorer.figure.canvas, []
    real = canvas.draw
    canvas.draw = lambda *args, **kwargs: (draws.append(1), real(*args, **kwargs))
    explorer.momentum_slider.value = 0.91  # the same axes limits: only the moving artists are drawn
    explorer.momentum_slider.value = 0.9
    assert draws == []


def test_no_figure_leaks_and_the_repr_carries_the_picture(stretched):
    plt.close("all")
    explorer = _explorer(stretched)
    for lr, mu, nesterov in SETTINGS:
        explorer.learning_rate_slider.value = lr
        explorer.momentum_slider.value = mu
        explorer.nesterov_box.value = nesterov
    assert plt.get_fignums() == []
    assert len(explorer.figure.axes) == 6  # four panels and two colour bars
    bundle = explorer._repr_mimebundle_()
    assert bundle["text/plain"] == f"{explorer!r}\n{explorer.status_text}"
    explorer.close()


def test_a_round_bowl_labels_its_directions_plainly():
    x, y = make_original_data()
    xs, ys, _, _ = standardize(x, y)
    explorer = MomentumExplorer(xs, ys)
    assert [line.get_label() for line in explorer._errors] == ["one eigenvector", "the other"]
    assert explorer.status_text.endswith("The error shrinks × 0.949 per step and changes sign every 6.8 steps.")
