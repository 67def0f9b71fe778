"""The grid of settings an explorer's frames are computed on: every position of each of its controls.

An explorer's settings are the positions of its controls (a learning-rate slider stops at
:func:`~sgd_lib.widgets.rate_options`, a momentum slider at every 0.01, a box is ticked or not),
so a frame computed at a position is exactly what the explorer shows there. The frames kept for
the browser are those of the *cross* through the current setting: every position of one control,
the others held where they are. A drag moves one control, so it stays on the cross; the kernel
computes a new cross when the drag ends (:mod:`~sgd_lib.widgets._frames`).
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets


@dataclass(frozen=True)
class Axis:
    """One control of the grid: its positions' values and how the browser reads its position."""

    control: widgets.Widget
    values: tuple

    @property
    def kind(self) -> str:
        control = self.control
        if isinstance(control, (widgets.SelectionSlider, widgets.Dropdown)):
            return "index"
        if isinstance(control, widgets.Checkbox):
            return "bool"
        if isinstance(control, widgets.IntSlider):
            return "int"
        return "float"

    def describe(self) -> dict:
        """What the browser needs to turn the control's state into a position."""
        control = self.control
        if self.kind == "float":
            return {"kind": "float", "min": float(control.min), "step": float(control.step), "size": len(self.values)}
        if self.kind == "int":
            return {"kind": "int", "min": int(control.min), "size": len(self.values)}
        return {"kind": self.kind, "size": len(self.values)}

    def position(self) -> int | None:
        """The position of the control's current value; None for a value between two positions.

        Only a value set from code can lie between the positions of a slider (a starting
        weight, say): the browser's slider stops at them.
        """
        control = self.control
        if self.kind == "index":
            return int(control.index)
        if self.kind == "bool":
            return int(bool(control.value))
        if self.kind == "int":
            return int(control.value) - int(control.min)
        position = int(round((control.value - control.min) / control.step))
        on_grid = 0 <= position < len(self.values) and on_position(control.value, self.values[position])
        return position if on_grid else None


def on_position(value: float, position_value: float) -> bool:
    """Whether a slider's value is the value of a grid position (the browser's test is the same)."""
    return abs(value - position_value) <= 1e-9 * max(1.0, abs(position_value))


def axis(control: widgets.Widget) -> Axis:
    """The grid axis of a slider, a menu or a box: all the positions it can take."""
    if isinstance(control, (widgets.SelectionSlider, widgets.Dropdown)):
        return Axis(control, tuple(value for _, value in control._options_full))
    if isinstance(control, widgets.Checkbox):
        return Axis(control, (False, True))
    if isinstance(control, widgets.IntSlider):
        return Axis(control, tuple(range(int(control.min), int(control.max) + 1, int(control.step))))
    count = int(round((control.max - control.min) / control.step)) + 1
    return Axis(control, tuple(float(f"{control.min + i * control.step:.12g}") for i in range(count)))


def key(positions: tuple[int | None, ...]) -> str:
    """The name of a grid point, as the browser writes it: ``x`` for a value between positions."""
    return ",".join("x" if p is None else str(p) for p in positions)


def cross(axes: list[Axis], center: tuple[int | None, ...]) -> list[tuple[int | None, ...]]:
    """Every grid point that differs from ``center`` in one control at most (``center`` first).

    Along each control the last position comes first: a run of more epochs holds the curves
    of fewer as prefixes, which are then stored once.
    """
    points = [center]
    for i, ax in enumerate(axes):
        points += [center[:i] + (p,) + center[i + 1 :] for p in reversed(range(len(ax.values))) if p != center[i]]
    return points
