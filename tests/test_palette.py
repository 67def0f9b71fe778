"""The palette of roles: one colour per meaning, told apart by every reader.

Colour differences are CIE76 distances in CIELAB (about 2.3 is a just-noticeable difference;
roles drawn together should differ by far more). Colour blindness is simulated with the
matrices of Machado, Oliveira and Fernandes (2009) at full severity, applied to linear RGB.
"""

from __future__ import annotations

import itertools

import matplotlib.colors as mcolors
import numpy as np
import pytest

from sgd_lib import plotting

#: Machado et al. (2009), severity 1.0.
SIMULATIONS = {
    "normal vision": np.eye(3),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
}
#: The least distance between any two roles (normal vision), and between roles drawn together (every vision).
ANY_TWO = 20.0
TOGETHER = 15.0


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(hex_colour: str, simulation: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a colour as seen through ``simulation``."""
    linear = np.clip(simulation @ _linear(np.array(mcolors.to_rgb(hex_colour))), 0.0, 1.0)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def distance(a: str, b: str, vision: str = "normal vision") -> float:
    """CIE76 distance between two colours as a reader with ``vision`` sees them."""
    return float(np.linalg.norm(_lab(a, SIMULATIONS[vision]) - _lab(b, SIMULATIONS[vision])))


def test_the_distance_is_zero_for_one_colour_and_large_for_red_and_green():
    assert distance("#336699", "#336699") == 0.0
    assert distance("#d62728", "#2ca02c") > 80  # normal vision: far apart
    assert distance("#d62728", "#2ca02c", "deuteranopia") < 0.5 * distance("#d62728", "#2ca02c")


def test_no_two_roles_share_a_colour():
    pairs = sorted(
        (distance(plotting.COLORS[a], plotting.COLORS[b]), a, b) for a, b in itertools.combinations(plotting.COLORS, 2)
    )
    closest, a, b = pairs[0]
    assert closest >= ANY_TWO, f"{a} and {b} are only {closest:.1f} apart"


@pytest.mark.parametrize("vision", list(SIMULATIONS))
@pytest.mark.parametrize("group", list(plotting.DRAWN_TOGETHER))
def test_roles_drawn_together_stay_apart_for_every_reader(group, vision):
    roles = plotting.DRAWN_TOGETHER[group]
    for a, b in itertools.combinations(roles, 2):
        gap = distance(plotting.color(a), plotting.color(b), vision)
        assert gap >= TOGETHER, f"{group}, {vision}: {a} and {b} are only {gap:.1f} apart"


def test_plain_sgd_and_adam_are_far_apart_for_every_reader():
    for vision in SIMULATIONS:
        assert distance(plotting.color("sgd"), plotting.color("adam"), vision) > 40


def test_every_group_names_known_roles_and_aliases_share_their_roles_colour():
    for roles in plotting.DRAWN_TOGETHER.values():
        assert set(roles) <= set(plotting.COLORS)
    for alias, role in plotting.ALIASES.items():
        assert alias not in plotting.COLORS and plotting.color(alias) == plotting.COLORS[role]


def test_an_unknown_role_is_refused_by_name():
    with pytest.raises(ValueError, match=r"role must be one of .*sgd.*; got 'SGD'"):
        plotting.color("SGD")


def test_shades_run_from_light_to_dark_around_the_roles_colour():
    values = plotting.shades("sgd", 5)
    lightness = [_lab(value, np.eye(3))[0] for value in values]
    assert len(set(values)) == 5 and all(np.diff(lightness) < 0)
    assert values[2] == plotting.color("sgd").lower()
    assert plotting.shades("adam", 1) == [plotting.color("adam").lower()]
    with pytest.raises(ValueError, match="n"):
        plotting.shades("sgd", 0)
