"""The explorers in headless Chromium, driven with Playwright, as a learner uses them.

Shared by the browser test (``tests/test_browser.py``) and the drag benchmark
(``benchmarks/drag.py``): start a JupyterLab server on copies of some notebooks, or serve
the static pages of ``make site`` from 127.0.0.1 with every other request blocked and
counted; open a notebook and run it; find the explorers on the page; drag a slider with
real mouse moves while the page samples, at every animation frame
(``requestAnimationFrame``), the slider's readout and what the explorer shows (the
canvas's pixels and the sentence above them); and count from those samples the slider's
changes, the picture's changes, pictures that belong to another value of the slider
(behind) and blank ones.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
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
QUIET_MS = 500


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
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port, token = _free_port(), uuid.uuid4().hex
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
    )
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}",
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


#: The explorers of the browser test and the drag benchmark, at the notebooks' settings:
#: (label, the code that makes it, the slider dragged).
SETUP = """\
from sgd_lib import LinearModel, make_original_data, standardize
from sgd_lib.widgets import LineExplorer, MethodExplorer, MomentumExplorer, OptimizerExplorer, TrainingExplorer
x, y = make_original_data()
xs, ys, _, _ = standardize(x, y)"""
REFERENCE = """\
import ipywidgets as widgets
bare = widgets.IntSlider(description="bare", max=200, continuous_update=True)
echo = widgets.HTML("0")
bare.observe(lambda change: setattr(echo, "value", str(change["new"])), names="value")
widgets.VBox([bare, echo])"""
MOMENTUM = (
    "MomentumExplorer(x / 10, ys, learning_rate=0.015, learning_rate_range=(1e-3, 0.1), steps=80, "
    "start=tuple(LinearModel(seed=0).get_params()))"
)
METHOD = (
    "MethodExplorer(x, y, method='Adam', learning_rate=30.0, learning_rate_range=(1e-4, 100.0), steps=300, "
    "start=tuple(LinearModel(seed=0).get_params()), w_range=(-50.0, 200.0), b_range=(-3000.0, 1000.0))"
)
EXPLORERS = [
    ("LineExplorer", "LineExplorer(x, y, w=0.1257, b=0.0)", "weight w"),
    ("OptimizerExplorer", "OptimizerExplorer(xs, ys, learning_rate=0.1)", "learning rate"),
    ("MomentumExplorer", MOMENTUM, "momentum"),
    ("MethodExplorer", METHOD, "learning rate"),
    ("TrainingExplorer", "TrainingExplorer(xs, ys, learning_rate=0.1, epochs=100, batch_size=32)", "epochs"),
]


def explorers_notebook(path: Path, reference: bool = False) -> Path:
    """A notebook with one explorer per cell (after the bare slider of :data:`REFERENCE`, if asked)."""
    import nbformat

    cells = [nbformat.v4.new_code_cell(SETUP)]
    cells += [nbformat.v4.new_code_cell(REFERENCE)] if reference else []
    cells += [nbformat.v4.new_code_cell(code) for _, code, _ in EXPLORERS]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def save_widget_state(home: Path) -> None:
    """JupyterLab settings under ``home``: save the widgets' state with the notebook (off by default)."""
    folder = home / "settings" / "@jupyter-widgets" / "jupyterlab-manager"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plugin.jupyterlab-settings").write_text(json.dumps({"saveState": True}))


def save(page, path: Path, timeout: float = 60.0) -> None:
    """Save the notebook open in ``page`` (Ctrl+S) and wait until ``path`` holds it with its widgets' state."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if path.stat().st_mtime_ns != before and "widgets" in json.loads(path.read_text())["metadata"]:
                return
        except (OSError, ValueError, KeyError):
            pass  # not written yet, or written halfway
        time.sleep(0.2)
    raise TimeoutError(f"{path.name} was not saved with its widgets' state")


class StaticSite:
    """The pages of a folder served from 127.0.0.1; a browser context that blocks and counts every other request."""

    def __init__(self, folder: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self._server.server_port}"
        self.blocked: list[str] = []
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def route(self, context) -> None:
        """Let ``context`` load only this site (and the page's own data: and blob: URLs)."""

        def decide(route):
            url = route.request.url
            if url.startswith((self.base + "/", "data:", "blob:")):
                route.continue_()
            else:
                self.blocked.append(url)
                route.abort()

        context.route("**/*", decide)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def explorers(page):
    """The explorer widgets on the page: boxes of controls over the explorer's canvas."""
    return page.locator(".widget-vbox:has(.sgd-explorer)")


def main_slider(explorer):
    """An explorer's main slider: the learning rate where there is one, else its first slider."""
    learning_rate = explorer.locator(".widget-slider:has(.widget-label:text-is('learning rate'))")
    return learning_rate.first if learning_rate.count() else explorer.locator(".widget-slider").first


def slider_named(explorer, name: str):
    return explorer.locator(f".widget-slider:has(.widget-label:text-is('{name}'))").first


#: At every animation frame, the readout of the watched slider and what the explorer shows: a hash of the
#: canvas's pixels and the sentence above it. A sample is kept when any of them changed.
_SAMPLE = """([canvas, status, readout]) => {
    const log = {samples: [], moves: 0, press: null, release: null};
    if (window.__sgdWatch) window.__sgdWatch.stop = true;
    window.__sgdWatch = log;
    const ctx = canvas ? canvas.getContext('2d') : null;
    let last = '';
    const picture = () => {
        if (!ctx) return status.textContent;
        const data = new Uint32Array(ctx.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
        let h = 2166136261, ink = 0;
        for (let i = 0; i < data.length; i++) {
            h = Math.imul(h ^ data[i], 16777619);
            ink |= data[i];
        }
        return (ink ? (h >>> 0).toString(16) : 'empty') + '|' + status.textContent;
    };
    const tick = (t) => {
        if (log.stop) return;
        const sample = {t, value: readout.textContent, picture: picture()};
        const now = sample.value + '#' + sample.picture;
        if (now !== last) log.samples.push(sample);
        last = now;
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    document.addEventListener('pointerdown', () => { log.press = performance.now(); }, true);
    document.addEventListener('pointerup', () => { log.release = performance.now(); }, true);
    document.addEventListener('pointermove', () => { if (log.press !== null && log.release === null) log.moves++; },
                              true);
}"""
#: The sentences an explorer shows when it has no frame for the setting: a blank picture.
BLANK = ("Computing this setting", "This setting is not stored in the page", "Playback of this setting is not stored")


@dataclass
class Drag:
    """What a learner saw during one drag of a slider, from the page's samples at every animation frame."""

    seconds: float  # from press to release
    changes: int  # the slider's readout changed (samples with a new value)
    pictures: int  # the picture changed
    missed: int  # samples whose value changed but whose picture did not
    behind: int  # samples showing the picture of another value of the slider
    blank: int  # samples showing no picture (an empty canvas, or the sentence that the frame is missing)
    release_to_final_ms: float  # from release to the last change of the picture (0 if none came after)
    value: str  # the slider's readout at the end
    status: str  # the sentence above the picture at the end
    moves: int = 0  # mouse moves the page received while the handle was held

    @property
    def changes_per_second(self) -> float:
        return self.changes / self.seconds if self.seconds > 0 else 0.0

    @property
    def pictures_per_second(self) -> float:
        return self.pictures / self.seconds if self.seconds > 0 else 0.0

    @property
    def moves_per_second(self) -> float:
        return self.moves / self.seconds if self.seconds > 0 else 0.0


def watch(explorer, slider) -> None:
    """Start sampling ``slider``'s readout and the explorer's picture at every animation frame."""
    canvas = explorer.locator(".sgd-explorer canvas").first
    status = (
        explorer.locator(".sgd-explorer-status").first if canvas.count() else explorer.locator(".widget-html").first
    )
    handles = [
        canvas.element_handle() if canvas.count() else None,
        status.element_handle(),
        slider.locator(".widget-readout").first.element_handle(),
    ]
    explorer.page.evaluate(_SAMPLE, handles)


def count(samples: list[dict], start: float, end: float) -> dict:
    """Changes of value and of picture, pictures behind and blank ones, among the samples from start to end."""
    owner: dict[str, str] = {}  # picture: the value it was first shown for
    result = {"changes": 0, "pictures": 0, "missed": 0, "behind": 0, "blank": 0}
    previous = None
    for sample in samples:
        if previous is not None and start <= sample["t"] <= end:
            value_changed = sample["value"] != previous["value"]
            picture_changed = sample["picture"] != previous["picture"]
            result["changes"] += value_changed
            result["pictures"] += picture_changed
            result["missed"] += value_changed and not picture_changed
            result["behind"] += owner.get(sample["picture"], sample["value"]) != sample["value"]
            status = sample["picture"].split("|", 1)[-1]
            result["blank"] += sample["picture"].startswith("empty") or status.startswith(BLANK)
        owner.setdefault(sample["picture"], sample["value"])
        previous = sample
    return result


def wait_quiet(page, quiet_ms: int = QUIET_MS, timeout_ms: int = 60_000) -> None:
    """Wait until neither the value nor the picture has changed for ``quiet_ms``."""
    page.wait_for_function(
        """(quiet) => {
            const samples = window.__sgdWatch.samples;
            const last = samples.length ? samples[samples.length - 1].t : 0;
            return performance.now() - Math.max(last, window.__sgdWatch.release || 0) > quiet;
        }""",
        arg=quiet_ms,
        timeout=timeout_ms,
        polling=50,
    )


def picture(explorer) -> str:
    """What the explorer shows now: a hash of its canvas's pixels and the sentence above them."""
    return explorer.locator(".sgd-explorer canvas").first.evaluate(
        """(canvas) => {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let h = 2166136261;
            for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 16777619);
            const status = canvas.parentElement.querySelector('.sgd-explorer-status');
            return (h >>> 0).toString(16) + '|' + status.textContent;
        }"""
    )


def shown(explorer) -> dict:
    """The frame the explorer's canvas shows: its grid point, its sentence and the data of each artist."""
    return explorer.locator(".sgd-explorer canvas").first.evaluate("(canvas) => canvas.sgdExplorer.shown()")


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
        self._socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
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


def drag(
    page,
    explorer,
    slider,
    *,
    seconds: float = 1.0,
    moves: int = 150,
    screenshot: Path | None = None,
    mouse: PageMouse | SteadyMouse | None = None,
) -> Drag:
    """Drag ``slider``'s handle from its left end to its right end in about ``seconds``, with real mouse moves.

    The page samples the slider's readout and the explorer's picture at every animation
    frame (:func:`watch`); after the release the drag waits until both have settled and
    returns what the samples show. ``screenshot`` saves the explorer halfway. ``moves`` moves
    a second are made with ``mouse``: by default a :class:`PageMouse`, each move after the page
    has handled the one before; a :class:`SteadyMouse` keeps its pace whatever the page does.
    """
    watch(explorer, slider)
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
    wait_quiet(page)
    log = page.evaluate("() => window.__sgdWatch")
    press, release, samples = log["press"], log["release"], log["samples"]
    counted = count(samples, press, samples[-1]["t"] if samples else release)
    after = [
        s["t"] for i, s in enumerate(samples) if s["t"] > release and i and s["picture"] != samples[i - 1]["picture"]
    ]
    last = samples[-1] if samples else {"value": "", "picture": "|"}
    return Drag(
        (release - press) / 1000,
        **counted,
        release_to_final_ms=(after[-1] - release) if after else 0.0,
        value=last["value"],
        status=last["picture"].split("|", 1)[-1],
        moves=log["moves"],
    )


def final_picture_belongs_to_final_value(page, explorer, slider) -> bool:
    """Step the slider away with the keyboard until the picture changes, then back: the picture must come back.

    The explorer draws the same frame for the same setting, so if the picture shown after a
    drag equals the one drawn afresh for the slider's value, the drag left no stale picture.
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
        handle.press(away)
        presses += 1
    for _ in range(presses):
        handle.press(back)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and picture(explorer) != before:
        page.wait_for_timeout(50)
    return slider.locator(".widget-readout").inner_text() == value and picture(explorer) == before


def play_for(page, explorer, seconds: float, screenshot: Path | None = None) -> tuple[dict, list[str]]:
    """Press the explorer's Play button, let it play ``seconds``, pause it.

    Returns the counts of :func:`count` over the playback (the playback slider's readout
    against the picture) and the updates' readouts seen.
    """
    steps = explorer.locator(".widget-play ~ .widget-slider").first
    watch(explorer, steps)
    button = explorer.locator(".widget-play button").first
    start = page.evaluate("() => performance.now()")
    button.click()
    page.wait_for_timeout(int(1000 * seconds))
    if screenshot is not None:
        explorer.screenshot(path=str(screenshot))
    if button.locator("i.fa-pause").count():  # still playing (a short run ends by itself)
        button.click()
    end = page.evaluate("() => performance.now()")
    samples = page.evaluate("() => window.__sgdWatch.samples")
    return count(samples, start, end), [s["value"] for s in samples if start <= s["t"] <= end]
