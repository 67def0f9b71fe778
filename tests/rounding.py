"""Inputs one rounding away, to measure how much a training run amplifies rounding by itself.

Shared by the tests that compare ``fit``'s fast path with its reference loop
(``tests/test_fast_path.py``, ``tests/test_adaptive.py``): two correct programs that
round differently can end as far apart as one program on inputs one ulp apart.
"""

from __future__ import annotations

import numpy as np

# Versions of the data one ulp away that measure a run's sensitivity: one alone can miss it by 100 times.
PROBES = 3


def ulp_neighbours(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``values`` as float64 with every number moved to the next float up or down, at random.

    Each number moves independently, as rounding errors do, so that a run on these
    inputs feels a rounding-sized disturbance at every step, not only at the start.
    """
    values = np.asarray(values, dtype=np.float64)
    return np.nextafter(values, np.where(rng.random(values.shape) < 0.5, -np.inf, np.inf))


def neighbouring_data(x: np.ndarray, y: np.ndarray, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``PROBES`` versions of ``(x, y)`` one ulp away (:func:`ulp_neighbours`), the same for the same seed."""
    rng = np.random.default_rng(seed)
    return [(ulp_neighbours(x, rng), ulp_neighbours(y, rng)) for _ in range(PROBES)]


def relative_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each row's largest difference, relative to the largest entry of that row of ``b``."""
    return np.abs(a - b).max(axis=-1) / np.abs(b).max(axis=-1)
