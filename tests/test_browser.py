"""The explorers in a real browser, in two places: JupyterLab with a live kernel, and the static pages.

One Chromium and one JupyterLab server serve every test here (session fixtures). In
JupyterLab, a notebook with one explorer of each kind (``browser_lab.EXPLORERS``) is run
(Run All, trusted) and saved with its widgets' state; ``make site``'s builder turns it and
every stored notebook into static pages, served from 127.0.0.1 with every other request
blocked and counted. In both places each explorer's slider is dragged with the mouse while
the page samples, at every animation frame, the slider's readout and the explorer's picture
(its canvas's pixels and its sentence): every change of the value must change the picture,
no picture may belong to another value (behind) or be blank, and after the drag the picture
must be the one drawn afresh for the final value. The frame drawn at the end is checked
against the same explorer made here, in Python: each artist's data to 1e-6 relative, the
sentence word for word, and the path against ``sgd_lib``'s training history. Playback is
played. No page may log a console error. An untrusted notebook shows the stored PNG.

The tests skip where no Chromium is installed, the static-page tests where ``make site-js``
has not run. ``SGD_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns those skips into failures.
``SGD_CHROMIUM`` may name the browser. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest
from browser_lab import (
    CHROMIUM_FLAGS,
    EXPLORERS,
    SETUP,
    StaticSite,
    chromium_path,
    drag,
    explorers,
    explorers_notebook,
    final_picture_belongs_to_final_value,
    jupyterlab,
    main_slider,
    open_and_run,
    play_for,
    save,
    save_widget_state,
    shown,
    slider_named,
)

from sgd_lib.widgets.browser import artist_data

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
PAGES = [n.stem for n in NOTEBOOKS] + [f"solutions/{n.stem}" for n in SOLUTIONS]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
SITE_JS = ROOT / "site" / "node_modules" / ".installed"
PLAY_SECONDS = 1.2

pytestmark = pytest.mark.xdist_group("browser")


def _unavailable(reason: str) -> None:
    if os.environ.get("SGD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SGD_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
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


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 that saves widget state, serving the explorers' notebook and a stored one."""
    home = tmp_path_factory.mktemp("lab")
    save_widget_state(home)
    made = explorers_notebook(tmp_path_factory.mktemp("made") / "explorers.ipynb")
    with jupyterlab(home, [made, ROOT / "notebooks" / "04_optimizer.ipynb"]) as (base, token):
        yield base, token, home / "notebooks"


class Console:
    """The console errors and page errors of a page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture(scope="session")
def lab_page(browser, lab):
    """The explorers' notebook open in JupyterLab, trusted, after Run All, and saved with its widgets' state."""
    base, token, folder = lab
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    console = Console(page)
    open_and_run(page, base, token, "explorers.ipynb")
    found = explorers(page)
    found.nth(len(EXPLORERS) - 1).locator(".sgd-explorer canvas").wait_for(timeout=60_000)
    save(page, folder / "explorers.ipynb")
    yield page, console, folder / "explorers.ipynb"
    page.close()


@pytest.fixture(scope="session")
def site(lab_page, tmp_path_factory):
    """The static pages of the stored notebooks and of the explorers' notebook, served from 127.0.0.1."""
    if not SITE_JS.exists():
        _unavailable("the widget renderer of the static pages is not installed (make site-js)")
    sys.path.insert(0, str(ROOT / "site"))
    import build

    out = tmp_path_factory.mktemp("site")
    build.build(out, [*NOTEBOOKS, lab_page[2]], SOLUTIONS)
    served = StaticSite(out)
    yield served
    served.close()


@pytest.fixture(scope="session")
def site_page(browser, site):
    """A page of the static site, in a browser context that loads nothing from any other host."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    site.route(context)
    page = context.new_page()
    console = Console(page)
    yield page, console, site
    context.close()


def _open(page, site, name: str) -> None:
    page.goto(f"{site.base}/{name}.html")
    page.wait_for_load_state("load")
    if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
        found = explorers(page)
        page.wait_for_function(
            "(n) => document.querySelectorAll('.sgd-explorer canvas').length >= n",
            arg=page.locator(".sgd-fallback").count(),
            timeout=60_000,
        )
        for i in range(found.count()):
            found.nth(i).locator(".sgd-explorer-status").first.wait_for(timeout=30_000)


def _python_explorer(code: str, frame: dict):
    """The explorer of ``code`` made here, at the grid point and update of the frame the browser shows."""
    namespace: dict = {}
    exec(SETUP, namespace)
    explorer = eval(code, namespace)
    for control, value in zip(explorer.controls, frame["setting"], strict=True):
        if isinstance(control, widgets.SelectionSlider):  # the page reads the learning rate itself
            control.index = [v for _, v in control.options].index(value)
        elif isinstance(control, widgets.Dropdown):  # and a menu's index
            control.index = value
        else:
            control.value = value
    if frame["step"] is not None:
        explorer.show_step(frame["step"])
    return explorer


def _check_values(explorer_element, code: str) -> None:
    """The frame on the canvas against the same explorer made here and against sgd_lib's history."""
    frame = shown(explorer_element)
    assert frame is not None, "the explorer shows no frame"
    explorer = _python_explorer(code, frame)
    assert frame["status"] == explorer.status_text
    drawn = [
        np.column_stack([np.asarray(x, float), np.asarray(y, float)]) if len(x) else np.empty((0, 2))
        for x, y in frame["artists"]
    ]
    for artist, points in zip(explorer._animated, drawn):
        expected = artist_data(artist)
        np.testing.assert_allclose(
            points,
            expected,
            rtol=1e-6,
            atol=0,
            equal_nan=True,
            err_msg=f"{type(explorer).__name__}: {artist.get_label()} drawn wrongly",
        )
    history = getattr(explorer, "history", None)
    if history is not None and frame["step"] is None:  # the path of the run, as sgd_lib trained it
        params = history.params
        assert any(
            points.shape == params.shape and np.allclose(points, params, rtol=1e-6, atol=0) for points in drawn
        ), "no artist shows the trained path"
    explorer.close()


def _follows(page, explorer, slider, name: str, screenshot: bool = False) -> None:
    seen = drag(
        page, explorer, slider, seconds=0.8, screenshot=ARTIFACTS / f"{name}-mid-drag.png" if screenshot else None
    )
    assert seen.changes >= 5, f"{name}: the slider hardly moved ({seen.changes} changes)"
    assert seen.missed == 0, f"{name}: {seen.missed} of {seen.changes} changes of the value left the picture as it was"
    assert seen.pictures >= seen.changes, f"{name}: {seen.pictures} pictures for {seen.changes} changes"
    assert seen.behind == 0, f"{name}: {seen.behind} pictures belonged to another value of the slider"
    assert seen.blank == 0, f"{name}: {seen.blank} blank pictures"
    assert final_picture_belongs_to_final_value(page, explorer, slider), (
        f"{name}: after the drag the picture is not the one drawn for the final value {seen.value}"
    )


def _explorer_checks(page, explorer, label: str, code: str, control: str, place: str) -> None:
    """Play at the stored setting, drag the control, check the values; then the learning rate, if there is one."""
    name = f"{place}-{label}"
    explorer.scroll_into_view_if_needed()
    explorer.screenshot(path=str(ARTIFACTS / f"{name}-before.png"))
    _check_values(explorer, code)
    _playback_checks(page, explorer, name)
    _follows(page, explorer, slider_named(explorer, control), name, screenshot=True)
    _check_values(explorer, code)
    main = main_slider(explorer)
    if control != "learning rate" and main.locator(".widget-label").inner_text() == "learning rate":
        _follows(page, explorer, main, f"{name} (learning rate)")  # the page computes any pair of settings
        _check_values(explorer, code)
    explorer.screenshot(path=str(ARTIFACTS / f"{name}-after.png"))


def _playback_checks(page, explorer, name: str) -> None:
    if not explorer.locator(".widget-play").count():
        return
    counts, values = play_for(page, explorer, PLAY_SECONDS, screenshot=ARTIFACTS / f"{name}-mid-playback.png")
    assert counts["changes"] >= 3, f"{name}: playback showed {counts['changes']} updates in {PLAY_SECONDS} s"
    assert counts["missed"] == counts["behind"] == counts["blank"] == 0, f"{name}: playback {counts}"
    explorer.locator(".widget-play ~ .widget-slider .noUi-handle").first.press("End")
    page.wait_for_function(
        "(el) => !/^(update|step) \\d/.test(el.textContent)",
        arg=explorer.locator(".sgd-explorer-status").first.element_handle(),
        timeout=30_000,
    )


# --- JupyterLab, with a live kernel ---------------------------------------------------------------------


@pytest.mark.parametrize("label, code, control", EXPLORERS, ids=[e[0] for e in EXPLORERS])
def test_an_explorer_in_jupyterlab_follows_the_drag(lab_page, label, code, control):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page, console, _ = lab_page
    explorer = explorers(page).nth([e[0] for e in EXPLORERS].index(label))
    _explorer_checks(page, explorer, label, code, control, "lab")
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert console.errors == []


def test_an_untrusted_notebook_shows_the_stored_picture(browser, lab):
    base, token, _ = lab
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/04_optimizer.ipynb?reset&token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        cell = page.locator(".jp-CodeCell").filter(has_text="explorer = OptimizerExplorer(")
        cell.scroll_into_view_if_needed()
        picture = cell.locator(".jp-OutputArea-output img[src^='data:image/png']")
        picture.first.wait_for(timeout=30_000)  # the stored PNG, since the stored widget state is not trusted
        assert picture.first.evaluate("img => img.naturalWidth") > 500
        assert cell.locator(".sgd-explorer").count() == 0
        cell.screenshot(path=str(ARTIFACTS / "lab-untrusted-04_optimizer.png"))
    finally:
        page.close()


# --- The static pages, no kernel ------------------------------------------------------------------------


@pytest.mark.parametrize("label, code, control", EXPLORERS, ids=[e[0] for e in EXPLORERS])
def test_an_explorer_on_its_static_page_follows_the_drag(site_page, label, code, control):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page, console, site = site_page
    index = [e[0] for e in EXPLORERS].index(label)

    _open(page, site, "explorers")
    _explorer_checks(page, explorers(page).nth(index), label, code, control, "site")
    assert site.blocked == [] and console.errors == []


@pytest.mark.parametrize("notebook", PAGES)
def test_every_page_of_the_site_loads_nothing_from_elsewhere_and_its_explorers_draw(site_page, notebook):
    page, console, site = site_page
    _open(page, site, notebook)
    found = explorers(page)
    assert found.count() == page.locator(".sgd-fallback").count()
    for i in range(found.count()):
        explorer = found.nth(i)
        explorer.scroll_into_view_if_needed()
        frame = shown(explorer)
        assert frame is not None and frame["status"], f"{notebook}: explorer {i} shows nothing"
        assert explorer.locator(".sgd-explorer-status").inner_text() == frame["status"]
        _follows(page, explorer, main_slider(explorer), f"site-{notebook}-explorer{i}")
        explorer.screenshot(path=str(ARTIFACTS / f"site-{notebook.replace('/', '-')}-explorer{i}.png"))
    page.wait_for_function(  # MathJax typesets after the page has loaded: the math is drawn, or there is none
        "() => document.querySelector('mjx-container, .MathJax_CHTML, .mjx-chtml')"
        " || !document.body.innerText.includes('$')",
        timeout=30_000,
    )
    assert site.blocked == [], f"{notebook}: requests to other hosts: {site.blocked[:5]}"
    assert console.errors == [], f"{notebook}: console errors: {console.errors[:5]}"
