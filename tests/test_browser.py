"""The notebooks in a real JupyterLab, driven in Chromium with Playwright.

For every notebook: open it, run all cells, wait for the kernel to finish, check
that no cell shows an error or stderr output, then move the first slider of every
explorer (the learning rate where there is one) with the keyboard and check that
the explorer's picture changed. Screenshots go to ``test-artifacts/browser/``.

The test skips where no Chromium is installed. ``SGD_REQUIRE_BROWSER=1`` (set by
``.ci/run``) turns that skip into a failure. ``SGD_CHROMIUM`` may name the browser.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RUN_TIMEOUT_MS = 180_000


def _chromium() -> str | None:
    candidates = [os.environ.get("SGD_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def _unavailable(reason: str) -> None:
    if os.environ.get("SGD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SGD_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    path = _chromium()
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
    home = tmp_path_factory.mktemp("lab")
    work = home / "notebooks"
    work.mkdir()
    for notebook in NOTEBOOKS:
        shutil.copy(notebook, work / notebook.name)  # runs never touch the stored notebooks
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = _free_port(), uuid.uuid4().hex
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
    )
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
    ] + (["--allow-root"] if os.geteuid() == 0 else [])
    log = open(home / "server.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("JupyterLab did not start:\n" + (home / "server.log").read_text()[-3000:])
            time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/api/status", timeout=5) as answer:
            pass
    except urllib.error.HTTPError as refused:
        assert refused.code == 403, "without the token the server must refuse"
    try:
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_idle(page) -> None:
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


def _menu(page, menu: str, command: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f"li.lm-Menu-item[data-command='{command}']").click()


def _run_all(page) -> None:
    """Clear the stored outputs, run every cell, and wait until each has run and the kernel is idle."""
    _menu(page, "Edit", "editmenu:clear-all")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
        ".every(p => !/\\[\\d+\\]/.test(p.textContent))",
        timeout=30_000,
    )
    _menu(page, "Run", "runmenu:run-all")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=RUN_TIMEOUT_MS,
    )
    _wait_idle(page)


def _explorers(page):
    """The explorer widgets on the page: a box of controls, a status line and an image."""
    return page.locator(".jp-OutputArea-output .widget-vbox:has(> .widget-image)")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_notebook_runs_and_explorers_respond(browser, lab, notebook):
    base, token = lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/{notebook.name}?reset&token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        kernel = page.locator(".jp-Toolbar-kernelName")
        page.wait_for_function(
            "el => el.textContent.includes('Python 3')", arg=kernel.element_handle(), timeout=60_000
        )
        _wait_idle(page)
        _run_all(page)
        errors = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, f"{notebook.name} shows error output: {errors.first.inner_text()[:500]}"
        explorers = _explorers(page)
        for i in range(explorers.count()):
            explorer = explorers.nth(i)
            explorer.scroll_into_view_if_needed()
            image = explorer.locator(".widget-image").first
            image.wait_for(state="visible", timeout=30_000)
            sliders = explorer.locator(".widget-slider")
            learning_rate = explorer.locator(".widget-slider:has(.widget-label:text-is('learning rate'))")
            slider = learning_rate.first if learning_rate.count() else sliders.first
            readout_before = slider.locator(".widget-readout").inner_text()
            src_before = image.get_attribute("src")
            explorer.screenshot(path=str(ARTIFACTS / f"{notebook.stem}-explorer{i}-before.png"))
            handle = slider.locator(".noUi-handle").first
            handle.focus()
            for _ in range(3):
                handle.press("ArrowRight")
            page.wait_for_function(
                "([img, before]) => img.getAttribute('src') !== before",
                arg=[image.element_handle(), src_before],
                timeout=30_000,
            )
            assert slider.locator(".widget-readout").inner_text() != readout_before
            explorer.screenshot(path=str(ARTIFACTS / f"{notebook.stem}-explorer{i}-after.png"))
        page.screenshot(path=str(ARTIFACTS / f"{notebook.stem}-page.png"))
    finally:
        page.close()
