"""The rate map's critical lines: where the roots turn complex, and, for Nesterov, where they turn real again."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sgd_lib import hessian_eigenvalues, make_original_data
from sgd_lib.dynamics import momentum_roots
from sgd_lib.plotting import plot_rate_map


@pytest.fixture
def x_tens():
    x, _ = make_original_data()
    return x / 10


def _line(ax, gid):
    return next(line for line in ax.lines if line.get_gid() == gid)


def test_nesterov_map_marks_where_the_steep_roots_turn_real_again(x_tens):
    fig, ax = plt.subplots()
    plot_rate_map(x_tens, nesterov=True, critical=True, ax=ax)
    steep = hessian_eigenvalues(x_tens)[-1]
    edge = _line(ax, "rate map real again 1")
    assert edge.get_visible() and np.allclose(edge.get_xdata(), 1 / steep)
    assert not _line(ax, "rate map real again 0").get_visible()  # the flat one's 1 / lambda is off the map
    labels = ax.get_legend_handles_labels()[1]
    assert any("real again, steep" in label for label in labels)
    for mu in (0.1, 0.5, 0.9):  # complex just left of the line, real right
        roots = momentum_roots(np.array([0.999, 1.001]) / steep, mu, steep, nesterov=True)[:, 0]
        assert roots[0].imag != 0 and roots[1].imag == 0
    plt.close(fig)


def test_classical_map_has_no_such_line_and_says_factor(x_tens):
    fig, ax = plt.subplots()
    plot_rate_map(x_tens, critical=True, ax=ax)
    assert not any(line.get_visible() for line in ax.lines if str(line.get_gid()).startswith("rate map real again"))
    assert ax.get_title() == "Convergence factor of momentum"
    assert "factor" in fig.axes[-1].get_ylabel()  # the colour bar
    plot_rate_map(x_tens, nesterov=True, critical=True, ax=ax)  # redrawn in place for Nesterov
    assert _line(ax, "rate map real again 1").get_visible()
    plt.close(fig)
