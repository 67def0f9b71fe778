"""Shared fixtures of the test suite."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

if importlib.util.find_spec("matplotlib") is not None:
    import matplotlib

    matplotlib.use("Agg")

from sgd_lib import make_original_data, standardize


@pytest.fixture
def original_data() -> tuple[np.ndarray, np.ndarray]:
    """The original's data: x = 1..99, y = x**2."""
    return make_original_data()


@pytest.fixture
def std_data() -> tuple[np.ndarray, np.ndarray]:
    """The original's data, x and y standardized."""
    x, y = make_original_data()
    xs, ys, _, _ = standardize(x, y)
    return xs, ys


@pytest.fixture(scope="module")
def raw() -> tuple[np.ndarray, np.ndarray]:
    """The original's data, once per test module."""
    return make_original_data()


@pytest.fixture(scope="module")
def standardized(raw) -> tuple[np.ndarray, np.ndarray]:
    """The original's data standardized, once per test module."""
    xs, ys, _, _ = standardize(*raw)
    return xs, ys


def central_differences(loss, theta: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Gradient of ``loss`` at ``theta`` by central finite differences, one step per coordinate."""
    theta = np.asarray(theta, dtype=np.float64)
    grad = np.empty_like(theta)
    for i, h in enumerate(steps):
        e = np.zeros_like(theta)
        e[i] = h
        grad[i] = (loss(theta + e) - loss(theta - e)) / (2 * h)
    return grad


@pytest.fixture(scope="session")
def finite_differences():
    """:func:`central_differences`, as a fixture."""
    return central_differences


@pytest.hookimpl(trylast=True)  # after pytest-xdist's own hook
def pytest_collection_modifyitems(config, items) -> None:
    """Keep each notebook's cells on one worker of pytest-xdist (``--dist loadgroup``), in order: nbval runs
    a notebook in one kernel, cell after cell. Tests marked ``xdist_group("browser")`` share one worker too.

    pytest-xdist 3.8 tells the scheduler a test's group by a suffix ``@group`` of its node id, which it writes
    where pytest 9.2 no longer reads it (pytest-xdist#1386, fix pending in #1388): without the last lines,
    every test would be scheduled on its own. They write the suffix where pytest 9.2 keeps the id.
    """
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(name=f"notebook-{item.path.stem}"))
    if not getattr(config.option, "loadgroup", False) or not hasattr(config, "workerinput"):
        return
    for item in items:
        marks = item.iter_markers("xdist_group")
        names = sorted({mark.args[0] if mark.args else mark.kwargs.get("name", "default") for mark in marks})
        if names and "@" not in item.nodeid:
            from _pytest.nodeid import NodeId  # pytest 9.2's structured node ids

            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")
