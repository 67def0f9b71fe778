"""The notebooks in a real JupyterLab, driven in Chromium with Playwright.

For every notebook: open it, run all cells, wait for the kernel to finish, and check
that no cell shows an error or stderr output. Then, for every explorer: move its main
slider (the learning rate where there is one) with the keyboard and check that the
picture changed; drag it across its range with the mouse and check that the picture
shown at the end is the one drawn for the slider's final value (no backlog, no stale
picture, and not a playback frame); the epochs slider too, where there is one (each change
moves the end of the playback slider, which the browser must not answer with a stale
position); and where the explorer plays training back, play it for a moment and check
that the pictures come at a steady rate and stop when paused. Screenshots (before,
mid-drag, after, mid-playback) go to ``test-artifacts/browser/``.

The test skips where no Chromium is installed. ``SGD_REQUIRE_BROWSER=1`` (set by
``.ci/run``) turns that skip into a failure. ``SGD_CHROMIUM`` may name the browser.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from browser_lab import (
    CHROMIUM_FLAGS,
    chromium_path,
    drag,
    explorers,
    final_picture_belongs_to_final_value,
    jupyterlab,
    main_slider,
    open_and_run,
    play_for,
    slider_named,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PLAY_SECONDS = 1.6


def _unavailable(reason: str) -> None:
    if os.environ.get("SGD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SGD_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        _unavailable("no Chromium is installed (apt-get install chromium, or set SGD_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 with token authentication, serving copies of the notebooks."""
    with jupyterlab(tmp_path_factory.mktemp("lab"), NOTEBOOKS) as server:
        yield server


def _keyboard_moves_the_picture(page, explorer, slider) -> None:
    image = explorer.locator(".widget-image").first
    readout_before = slider.locator(".widget-readout").inner_text()
    src_before = image.get_attribute("src")
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    page.wait_for_function(
        "([img, before]) => img.getAttribute('src') !== before", arg=[image.element_handle(), src_before],
        timeout=30_000,
    )
    assert slider.locator(".widget-readout").inner_text() != readout_before


def _back_to_the_end(page, explorer) -> None:
    """Move the paused playback to its last update (the end of training), as the End key does."""
    steps = slider_named(explorer, explorer.locator(".widget-play ~ .widget-slider .widget-label").first.inner_text())
    steps.locator(".noUi-handle").first.press("End")
    page.wait_for_function(
        "(el) => !/^(update|step) \\d/.test(el.innerText)", arg=explorer.locator(".widget-html").first.element_handle(),
        timeout=30_000,
    )


def _drag_follows_and_ends_on_the_final_value(page, explorer, slider, name: str, screenshot: bool = False) -> None:
    seen = drag(page, explorer, slider, screenshot=ARTIFACTS / f"{name}-mid-drag.png" if screenshot else None)
    assert seen.frames >= 2, f"{name}: the picture did not follow the drag ({seen.frames} frames)"
    assert final_picture_belongs_to_final_value(page, explorer, slider), (
        f"{name}: after the drag the picture is not the one drawn for the final value {seen.value}"
    )
    assert not seen.status.startswith(("update ", "step ")), f"{name}: a drag left the picture in playback: {seen.status}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_notebook_runs_and_explorers_respond(browser, lab, notebook):
    base, token = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    try:
        open_and_run(page, base, token, notebook.name)
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, f"{notebook.name} shows error output: {errors.first.inner_text()[:500]}"
        found = explorers(page)
        for i in range(found.count()):
            explorer = found.nth(i)
            explorer.scroll_into_view_if_needed()
            explorer.locator(".widget-image").first.wait_for(state="visible", timeout=30_000)
            name = f"{notebook.stem}-explorer{i}"
            explorer.screenshot(path=str(ARTIFACTS / f"{name}-before.png"))
            if explorer.locator(".widget-play").count():  # at the stored settings, a run that plays for a while
                times = play_for(page, explorer, PLAY_SECONDS, screenshot=ARTIFACTS / f"{name}-mid-playback.png")
                assert len(times) >= 4, f"{name}: playback showed {len(times)} pictures in {PLAY_SECONDS} s"
                gaps = np.diff(times[1:])  # the first picture answers the click
                assert np.median(gaps) < 600, f"{name}: playback pictures {np.median(gaps):.0f} ms apart"
                _back_to_the_end(page, explorer)
            slider = main_slider(explorer)
            _keyboard_moves_the_picture(page, explorer, slider)
            epochs = slider_named(explorer, "epochs")
            if epochs.count():  # up its range, at a rate that converges: the playback slider's end grows each time
                _drag_follows_and_ends_on_the_final_value(page, explorer, epochs, f"{name} (epochs)")
            _drag_follows_and_ends_on_the_final_value(page, explorer, slider, name, screenshot=True)
            explorer.screenshot(path=str(ARTIFACTS / f"{name}-after.png"))
        page.screenshot(path=str(ARTIFACTS / f"{notebook.stem}-page.png"))
    finally:
        page.close()
