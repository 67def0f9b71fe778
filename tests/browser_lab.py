"""JupyterLab in headless Chromium, driven with Playwright, as a learner uses it.

Shared by the browser test (``tests/test_browser.py``) and the drag benchmark
(``benchmarks/drag.py``): start a JupyterLab server on copies of some notebooks, open a
notebook and run it, find the explorers on the page, drag a slider with real mouse
moves while recording every change of the explorer's picture, and check that the last
picture belongs to the slider's last value.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
#: A picture is final when no other follows within this long.
QUIET_MS = 1_000


def chromium_path() -> str | None:
    """The Chromium to drive: ``$SGD_CHROMIUM``, or ``chromium`` on the PATH."""
    candidates = [os.environ.get("SGD_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(home: Path, notebooks: list[Path]) -> Iterator[tuple[str, str]]:
    """A JupyterLab server on 127.0.0.1 with token authentication, serving copies of ``notebooks``.

    Yields (base URL, token). The server, its settings and its kernels live under ``home``.
    """
    work = home / "notebooks"
    work.mkdir(parents=True, exist_ok=True)
    for notebook in notebooks:
        shutil.copy(notebook, work / notebook.name)  # runs never touch the stored notebooks
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
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
        f"--config={ROOT / 'jupyter_server_config.py'}",  # the server settings that make lab uses
    ] + (["--allow-root"] if os.geteuid() == 0 else [])
    log_path = home / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_for_server(base, token, server, log_path)
            yield base, token
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


def _wait_for_server(base: str, token: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError("JupyterLab did not start:\n" + log_path.read_text()[-3000:])
        time.sleep(0.3)
    try:
        urllib.request.urlopen(f"{base}/api/status", timeout=5)
    except urllib.error.HTTPError as refused:
        if refused.code != 403:
            raise
    else:
        raise RuntimeError("the server answers without its token")


def open_and_run(page, base: str, token: str, name: str) -> None:
    """Open notebook ``name``, wait for its kernel, clear the stored outputs and run every cell."""
    page.goto(f"{base}/lab/tree/{name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    kernel = page.locator(".jp-Toolbar-kernelName")
    page.wait_for_function("el => el.textContent.includes('Python 3')", arg=kernel.element_handle(), timeout=60_000)
    wait_idle(page)
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
    wait_idle(page)


def wait_idle(page) -> None:
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


def _menu(page, menu: str, command: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f"li.lm-Menu-item[data-command='{command}']").click()


def explorers(page):
    """The explorer widgets on the page: boxes of controls, a status line and an image."""
    return page.locator(".jp-OutputArea-output .widget-vbox:has(> .widget-image)")


def main_slider(explorer):
    """An explorer's main slider: the learning rate where there is one, else its first slider."""
    learning_rate = explorer.locator(".widget-slider:has(.widget-label:text-is('learning rate'))")
    return learning_rate.first if learning_rate.count() else explorer.locator(".widget-slider").first


def slider_named(explorer, name: str):
    return explorer.locator(f".widget-slider:has(.widget-label:text-is('{name}'))").first


_WATCH = """(element) => {
    const log = {frames: [], moves: 0, press: null, release: null};
    window.__sgdWatch = log;
    const picture = element.tagName === 'IMG';  // a picture changes its src; anything else, its text
    new MutationObserver(() => log.frames.push(performance.now())).observe(element, picture
        ? {attributes: true, attributeFilter: ['src']} : {childList: true, subtree: true, characterData: true});
    document.addEventListener('pointerdown', () => { log.press = performance.now(); }, true);
    document.addEventListener('pointerup', () => { log.release = performance.now(); }, true);
    document.addEventListener('pointermove', () => { if (log.press !== null && log.release === null) log.moves++; }, true);
}"""


@dataclass
class Drag:
    """What a learner saw during one drag of a slider."""

    seconds: float  # from press to release
    frames: int  # pictures shown while the handle was held
    release_to_final_ms: float  # from release to the last picture (0 if none came after)
    value: str  # the slider's readout at release
    status: str  # the sentence under the controls at the end
    moves: int = 0  # mouse moves the page received while the handle was held

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0

    @property
    def moves_per_second(self) -> float:
        return self.moves / self.seconds if self.seconds > 0 else 0.0


def picture(explorer) -> str:
    """A digest of the explorer's current picture (the bytes of its PNG)."""
    image = explorer.locator(".widget-image").first
    data = image.evaluate(
        """async (img) => {
            const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
            let text = '';
            for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
            return btoa(text);
        }"""
    )
    return hashlib.sha256(data.encode()).hexdigest()


def wait_quiet(page, quiet_ms: int = QUIET_MS, timeout_ms: int = 30_000) -> None:
    """Wait until the watched picture has not changed for ``quiet_ms``."""
    page.wait_for_function(
        """(quiet) => {
            const frames = window.__sgdWatch.frames;
            const last = frames.length ? frames[frames.length - 1] : 0;
            return performance.now() - Math.max(last, window.__sgdWatch.release || 0) > quiet;
        }""",
        arg=quiet_ms,
        timeout=timeout_ms,
        polling=50,
    )


class PageMouse:
    """Playwright's mouse: each move is made after the page has handled the one before."""

    def __init__(self, page) -> None:
        self._page = page

    def move(self, x: float, y: float) -> None:
        self._page.mouse.move(x, y)

    def down(self, x: float, y: float) -> None:
        self._page.mouse.down()

    def up(self, x: float, y: float) -> None:
        self._page.mouse.up()

    def pause(self, until: float) -> None:
        """Wait until the next move is due (``time.monotonic()``), at least a millisecond."""
        self._page.wait_for_timeout(max(1, int(1000 * (until - time.monotonic()))))

    def wait_handled(self) -> None:
        """Every move has been handled already."""


class SteadyMouse:
    """A mouse that, like a hand's, moves at its own pace whatever the page is doing.

    Playwright's ``page.mouse`` waits, after each move, until the page has handled it, so a
    busy page slows the hand down (to 15 to 20 moves a second here). This one sends the same
    trusted input events (the DevTools protocol's ``Input.dispatchMouseEvent``) over a
    connection of its own to the browser's debugging port, without waiting, and the browser
    queues and coalesces them as it does a real mouse's. Chromium must be started with
    ``--remote-debugging-port=<port>``.
    """

    def __init__(self, port: int, url_part: str) -> None:
        import websocket  # websocket-client, which the Jupyter server needs too

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.load(response)
        target = next(t for t in targets if t.get("type") == "page" and url_part in t.get("url", ""))
        self._socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30)
        self._sent = 0
        self._buttons = 0

    def _send(self, kind: str, x: float, y: float) -> None:
        self._sent += 1
        params = {"type": kind, "x": x, "y": y, "button": "left", "buttons": self._buttons, "clickCount": 1}
        self._socket.send(json.dumps({"id": self._sent, "method": "Input.dispatchMouseEvent", "params": params}))

    def move(self, x: float, y: float) -> None:
        self._send("mouseMoved", x, y)

    def down(self, x: float, y: float) -> None:
        self._buttons = 1
        self._send("mousePressed", x, y)

    def up(self, x: float, y: float) -> None:
        self._buttons = 0
        self._send("mouseReleased", x, y)

    def pause(self, until: float) -> None:
        """Wait until the next move is due (``time.monotonic()``), whatever the page is doing."""
        time.sleep(max(0.0, until - time.monotonic()))

    def wait_handled(self) -> None:
        """Wait until the browser has answered every event sent."""
        answered = 0
        while answered < self._sent:
            if "id" in json.loads(self._socket.recv()):
                answered += 1
        self._sent = 0

    def close(self) -> None:
        self._socket.close()


def drag(page, explorer, slider, *, seconds: float = 1.0, moves: int = 150, screenshot: Path | None = None,
         watched=None, mouse: PageMouse | SteadyMouse | None = None) -> Drag:
    """Drag ``slider``'s handle from its left end to its right end in about ``seconds``, with real mouse moves.

    Records every change of the explorer's picture (or of the element ``watched``) from
    the page, waits until the changes stop, and returns what was seen. ``screenshot``
    saves the explorer halfway. ``moves`` moves a second are made with ``mouse``: by default a
    :class:`PageMouse`, each move after the page has handled the one before; a
    :class:`SteadyMouse` keeps its pace whatever the page does.
    """
    (watched or explorer.locator(".widget-image").first).evaluate(_WATCH)
    track = slider.locator(".noUi-target").first.bounding_box()
    handle = slider.locator(".noUi-handle").first.bounding_box()
    y = handle["y"] + handle["height"] / 2
    left, right = track["x"] + 1, track["x"] + track["width"] - 1
    mouse = mouse if mouse is not None else PageMouse(page)
    mouse.move(handle["x"] + handle["width"] / 2, y)
    mouse.down(handle["x"] + handle["width"] / 2, y)
    mouse.move(left, y)  # to the left end first, then across at a steady speed
    start, shot, sent = time.monotonic(), screenshot is None, 0
    while (elapsed := time.monotonic() - start) < seconds:
        mouse.move(left + (right - left) * elapsed / seconds, y)
        sent += 1
        mouse.pause(start + sent / moves)
        if not shot and elapsed > seconds / 2:
            explorer.screenshot(path=str(screenshot))
            shot = True
    mouse.move(right, y)
    mouse.up(right, y)
    mouse.wait_handled()
    value = slider.locator(".widget-readout").inner_text()
    wait_quiet(page)
    log = page.evaluate("() => window.__sgdWatch")
    press, release, frames = log["press"], log["release"], log["frames"]
    held = [t for t in frames if press <= t <= release]
    after = [t for t in frames if t > release]
    status = explorer.locator(".widget-html").first.inner_text() if watched is None else ""
    return Drag((release - press) / 1000, len(held), (after[-1] - release) if after else 0.0, value, status,
                log["moves"])


def final_picture_belongs_to_final_value(page, explorer, slider) -> bool:
    """Step the slider away with the keyboard until the picture changes, then back: the picture must come back.

    The explorer draws the same bytes for the same setting, so if the picture shown after a
    drag equals the one drawn afresh for the slider's value, the drag left no stale picture.
    (A notch of a fine slider may move nothing by a whole pixel, hence "until it changes".)
    """
    before, value = picture(explorer), slider.locator(".widget-readout").inner_text()
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    away, back = "ArrowLeft", "ArrowRight"  # a drag ends at the right end
    handle.press(away)
    if slider.locator(".widget-readout").inner_text() == value:  # it was at the left end after all
        away, back = back, away
        handle.press(away)
    presses = 1
    while picture(explorer) == before and presses < 60:
        page.wait_for_timeout(150)
        if picture(explorer) == before:
            handle.press(away)
            presses += 1
    wait_quiet(page, quiet_ms=500)
    for _ in range(presses):
        handle.press(back)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (picture(explorer) != before):
        page.wait_for_timeout(100)
    wait_quiet(page, quiet_ms=500)
    return slider.locator(".widget-readout").inner_text() == value and picture(explorer) == before


def play_for(page, explorer, seconds: float, screenshot: Path | None = None) -> list[float]:
    """Press the explorer's Play button, let it play ``seconds``, pause it; the times of the pictures shown.

    Returns the picture times (ms) while playing, then checks that the pictures stop
    soon after the pause: a playback that lags behind would keep drawing.
    """
    image = explorer.locator(".widget-image").first
    image.evaluate(_WATCH)
    button = explorer.locator(".widget-play button").first
    start = page.evaluate("() => performance.now()")
    button.click()
    page.wait_for_timeout(int(1000 * seconds))
    if screenshot is not None:
        explorer.screenshot(path=str(screenshot))
    if button.locator("i.fa-pause").count():  # still playing (a short run ends by itself)
        button.click()
    paused = page.evaluate("() => performance.now()")
    wait_quiet(page, quiet_ms=600)
    frames = page.evaluate("() => window.__sgdWatch.frames")
    late = [t for t in frames if t > paused + 400]
    if late:
        raise AssertionError(f"{len(late)} pictures arrived more than 400 ms after the pause: a backlog")
    return [t - start for t in frames if t <= paused]
