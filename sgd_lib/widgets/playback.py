"""Playback: an explorer that plays its run back update by update.

A ``Play`` button (``play``) and a slider (``step_slider``), linked in the page, and buttons one
update back and forward. A subclass implements ``_compute`` (run training for the current
settings and keep its History in ``history``), ``_frames`` (how many updates the run made) and
``_frame(k)`` (draw the state after update ``k`` and return the status text; ``k == _frames()``
is the end of training). Changing a setting restarts a running playback from the first update; a
paused one shows the same update of the new run; a run shown at its end stays at its end. The page
follows the same rule (``explorer.js``), so that it never waits for the kernel to know which update
to draw.
"""

from __future__ import annotations

import numbers

import ipywidgets as widgets
import numpy as np

from ..history import History
from .shell import Explorer

#: Milliseconds between two updates while playing back (a steady 6 to 7 frames per second).
PLAY_INTERVAL_MS = 150


class PlaybackExplorer(Explorer):
    """An explorer whose run plays back update by update (see the module's docstring)."""

    playback = True
    #: The word for one update on the playback slider.
    step_name = "update"
    #: The run of the current settings (``_compute`` sets it; the constructor computes the first).
    history: History

    def _extra_rows(self) -> list[widgets.Widget]:
        """Play, one update back, the update slider, one update forward."""
        self.play = widgets.Play(
            value=0,
            min=0,
            max=1,
            step=1,
            interval=PLAY_INTERVAL_MS,
            show_repeat=False,
            description="play",
            tooltip="play training back update by update",
        )
        self.step_slider = widgets.IntSlider(
            value=0,
            min=0,
            max=1,
            description=self.step_name,
            continuous_update=True,
            layout=widgets.Layout(width="420px"),
        )
        self.back_button = widgets.Button(
            icon="step-backward", tooltip=f"one {self.step_name} back", layout=widgets.Layout(width="40px")
        )
        self.forward_button = widgets.Button(
            icon="step-forward", tooltip=f"one {self.step_name} forward", layout=widgets.Layout(width="40px")
        )
        self.back_button.on_click(lambda _: self._nudge(-1))
        self.forward_button.on_click(lambda _: self._nudge(1))
        self.step_slider.observe(self._on_step, names="value")
        self._play_link = widgets.jslink((self.play, "value"), (self.step_slider, "value"))  # plays without a kernel
        return [widgets.HBox([self.play, self.back_button, self.step_slider, self.forward_button])]

    def _playback_widgets(self) -> list[widgets.Widget]:
        return [self.play, self.step_slider, self.back_button, self.forward_button]

    # -- what a subclass gives ---------------------------------------------------------------------------

    def _compute(self) -> None:
        """Run training for the current settings."""
        raise NotImplementedError

    def _frames(self) -> int:
        """The number of updates of the current run."""
        raise NotImplementedError

    def _frame(self, step: int) -> str:
        """Draw the state after update ``step`` and return the status."""
        raise NotImplementedError

    def _compute_setting(self) -> None:
        """Everything a setting needs before its frames are drawn (a subclass may add panels' data)."""
        self._compute()

    # -- a new setting, and the update shown ---------------------------------------------------------------

    def _redraw(self) -> str:
        was_at_end = self.redraws == 0 or self.step_slider.value >= self.step_slider.max  # first: the end
        self._compute_setting()
        frames = self._frames()
        if self.play.playing:
            step = 0  # a new setting restarts a running playback
        elif was_at_end:
            step = frames
        else:
            step = min(self.step_slider.value, frames)  # paused: the same update of the new run
        self._set_step(step, maximum=max(frames, 1))
        return self._frame(step)

    def _draw_current(self) -> None:
        self._compute_setting()
        self._frame(min(int(self.step_slider.value), self._frames()))

    def _set_step(self, step: int, maximum: int | None = None) -> None:
        """Move the playback controls to ``step`` (and to a new range end) without drawing."""
        self._quiet = True
        try:
            for control in (self.play, self.step_slider):
                _move(control, control.max if maximum is None else maximum, step)
        finally:
            self._quiet = False

    def _on_step(self, change: dict) -> None:
        """The playback slider moved (the page links Play to it): draw that update."""
        if not self._quiet:
            self._show(lambda: self._frame(min(int(change["new"]), self._frames())))

    def _nudge(self, direction: int) -> None:
        """One update back or forward; a running playback pauses."""
        self.play.playing = False
        self.show_step(int(np.clip(self.step_slider.value + direction, 0, self.step_slider.max)))

    def show_step(self, step: int) -> None:
        """Show the state after update ``step``, as moving the playback slider does."""
        if isinstance(step, bool) or not isinstance(step, numbers.Integral):
            raise TypeError(f"step must be a whole number (an update of this run), got {step!r}")
        if not 0 <= step <= self.step_slider.max:
            raise ValueError(f"step must lie in [0, {self.step_slider.max}] (the updates of this run), got {step!r}")
        self._set_step(int(step))
        self._show(lambda: self._frame(min(int(step), self._frames())))
        self.canvas.send({"type": "step"})  # the page follows the playback slider from now on

    def close(self) -> None:
        super().close()
        self._play_link.close()
        for control in (self.play, self.step_slider, self.back_button, self.forward_button):
            control.close()


def _move(control: widgets.Widget, maximum: int, value: int) -> None:
    """Give a playback control a new range end and value, so that the page never answers with a stale value.

    The page's slider, told a new ``max``, reports where its handle then is; if the model's value has
    already moved on, it sends that old position back as if the learner had dragged there. Sent as
    two messages in the right order (a larger end first, a smaller one last), every state the page
    sees has the handle where the value is.
    """
    if maximum >= control.value:
        control.max = maximum
        control.value = value
    else:
        control.value = value
        control.max = maximum
