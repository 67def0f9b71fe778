"""plotting.plot_eigen_directions and plotting.number_steps (notebook 04's surfaces)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sgd_lib import least_squares, make_original_data, mse_hessian, plotting


@pytest.fixture
def raw_panel():
    x, y = make_original_data()
    fig, ax = plt.subplots()
    plotting.plot_loss_surface(x, y, (-100, 300), (-8000, 5000), ax=ax, legend=False)
    yield x, y, ax
    plt.close(fig)


def test_the_directions_are_the_eigenvectors_through_the_optimum_across_the_window(raw_panel):
    x, y, ax = raw_panel
    before = (ax.get_xlim(), ax.get_ylim())
    plotting.plot_eigen_directions(ax, x, y)
    assert (ax.get_xlim(), ax.get_ylim()) == before  # the window stays
    values, vectors = np.linalg.eigh(mse_hessian(x))
    (w_star,), b_star = least_squares(x, y)
    lines = {line.get_label(): line.get_xydata() for line in ax.lines if "curvature" in line.get_label()}
    assert set(lines) == {f"steepest, curvature {values[1]:.4g}", f"flattest, curvature {values[0]:.4g}"}
    for (label, points), vector in zip(sorted(lines.items()), [vectors[:, 0], vectors[:, 1]]):
        direction = points[1] - points[0]
        assert abs(direction[0] * vector[1] - direction[1] * vector[0]) < 1e-9 * np.linalg.norm(direction)
        offset = np.array([w_star, b_star]) - points[0]  # the optimum lies on the segment
        assert abs(offset[0] * direction[1] - offset[1] * direction[0]) < 1e-6 * np.linalg.norm(direction) ** 2
        # each end lies on the window's edge
        for end in points:
            on_edge = (
                np.isclose(end[0], ax.get_xlim(), rtol=1e-9).any() or np.isclose(end[1], ax.get_ylim(), rtol=1e-9).any()
            )
            assert on_edge, (label, end)


def test_two_features_are_refused(raw_panel):
    _, y, ax = raw_panel
    with pytest.raises(ValueError, match="one feature"):
        plotting.plot_eigen_directions(ax, np.ones((99, 2)), y)


def test_numbers_never_overlap_and_stay_inside():
    fig, ax = plt.subplots()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    path = np.array([[0.5, 0.5]] * 3 + [[0.9, 0.9], [2.0, 2.0], [0.1, 0.1]])
    plotting.number_steps(ax, path, most=9, spacing=0.06)
    texts = [(t.get_text(), t.xy) for t in ax.texts]
    assert [text for text, _ in texts] == ["0", "3", "5"]  # 1 and 2 repeat 0; 4 lies outside the window
    plotting.number_steps(ax, path, most=1)
    assert len(ax.texts) == 4
    with pytest.raises(ValueError, match="shape"):
        plotting.number_steps(ax, np.ones(3))
    plt.close(fig)
