"""What a learner sees while dragging a slider, in JupyterLab with a live kernel and on the static page.

A notebook with a bare slider and one explorer of each kind (``tests/browser_lab.py``) is run
in JupyterLab in headless Chromium and saved with its widgets' state; ``make site``'s builder
turns it into a static page, served from 127.0.0.1. In both places each explorer's slider is
dragged from the left end of its track to the right end in about one second, with trusted
mouse moves sent at a steady 60 a second whatever the page is doing, as a hand's mouse sends
them. Reported per row, from the page's samples at every animation frame
(``requestAnimationFrame``): the slider's value changes per second, the picture's changes per
second, changes of the value that left the picture as it was, pictures that belonged to
another value (behind), blank pictures; the picture's changes per second as the DevTools
protocol's screencast of the explorer's area saw them (what the page painted), beside the
screencast's own ceiling for an area of that size; whether the last picture is the one drawn
afresh for the final value (the slider is stepped away and back with the keyboard); and, with
the kernel, the time from the release to the last change of the picture.

The machine's speed is measured in the same run: a bare slider dragged the same way (its
readout changes per second; in JupyterLab its handler echoes the value through the kernel).

Run: ``make bench-drag`` (or ``.venv/bin/python benchmarks/drag.py``); needs Chromium,
Playwright and ``make site-js``, like the browser test.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "site"))
from browser_lab import (  # noqa: E402  (the browser test's helpers)
    CHROMIUM_FLAGS,
    EXPLORERS,
    StaticSite,
    SteadyMouse,
    _free_port,
    chromium_path,
    drag,
    explorers,
    explorers_notebook,
    final_picture_belongs_to_final_value,
    jupyterlab,
    open_and_run,
    save,
    save_widget_state,
    slider_named,
)

#: (row label, explorer, slider dragged)
ROWS = [
    ("LineExplorer (weight w)", "LineExplorer", "weight w"),
    ("OptimizerExplorer (learning rate)", "OptimizerExplorer", "learning rate"),
    ("MomentumExplorer (learning rate)", "MomentumExplorer", "learning rate"),
    ("MomentumExplorer (momentum)", "MomentumExplorer", "momentum"),
    ("MethodExplorer, Adam, raw data (learning rate)", "MethodExplorer", "learning rate"),
    ("TrainingExplorer (learning rate)", "TrainingExplorer", "learning rate"),
    ("TrainingExplorer (epochs)", "TrainingExplorer", "epochs"),
    ("TrainingExplorer (batch size)", "TrainingExplorer", "batch size"),
]


class Screencast:
    """The DevTools protocol's screencast of a page, on a connection of its own: every frame's time and bytes."""

    def __init__(self, port: int, url_part: str) -> None:
        import websocket

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.load(response)
        target = next(t for t in targets if t.get("type") == "page" and url_part in t.get("url", ""))
        self._socket = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.frames: list[tuple[float, bytes]] = []
        self._id, self._running = 100, False

    def _send(self, method: str, params: dict | None = None) -> None:
        self._id += 1
        self._socket.send(json.dumps({"id": self._id, "method": method, "params": params or {}}))

    def start(self) -> None:
        self.frames, self._running = [], True
        self._send("Page.startScreencast", {"format": "jpeg", "quality": 80, "everyNthFrame": 1})
        self._thread = threading.Thread(target=self._receive, daemon=True)
        self._thread.start()

    def _receive(self) -> None:
        self._socket.settimeout(0.5)
        while self._running:
            try:
                message = json.loads(self._socket.recv())
            except Exception:  # a time-out: look at the flag again
                continue
            if message.get("method") == "Page.screencastFrame":
                params = message["params"]
                self.frames.append((time.monotonic(), base64.b64decode(params["data"])))
                self._send("Page.screencastFrameAck", {"sessionId": params["sessionId"]})

    def stop(self) -> list[tuple[float, bytes]]:
        self._send("Page.stopScreencast")
        self._running = False
        self._thread.join()
        return self.frames

    def close(self) -> None:
        self._socket.close()


def painted(frames: list[tuple[float, bytes]], box: dict, start: float, end: float) -> int:
    """How many screencast frames between start and end changed the pixels inside ``box`` (CSS pixels)."""
    from PIL import Image

    changes, last = 0, None
    for moment, data in frames:
        image = Image.open(io.BytesIO(data))
        crop = image.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + box["height"])))
        digest = hashlib.sha1(crop.tobytes()).digest()
        if last is not None and digest != last and start <= moment <= end:
            changes += 1
        last = digest
    return changes


CEILING = """([width, height]) => new Promise((done) => {
    const box = document.createElement('div');
    box.style.cssText = `position: fixed; left: 0; top: 0; width: ${width}px; height: ${height}px; z-index: 99999`;
    document.body.append(box);
    let k = 0;
    const start = performance.now();
    const tick = (t) => {
        box.style.background = `rgb(${k % 256}, ${(7 * k) % 256}, 90)`;
        k++;
        if (t - start < 1000) requestAnimationFrame(tick); else { box.remove(); done(k); }
    };
    requestAnimationFrame(tick);
})"""


def ceiling(page, cast: Screencast, width: float, height: float) -> tuple[float, float]:
    """Frames per second the screencast delivers for an area of this size changing at every animation frame."""
    cast.start()
    start = time.monotonic()
    changed = page.evaluate(CEILING, [width, height])
    end = time.monotonic()
    frames = cast.stop()
    return painted(frames, {"x": 0, "y": 0, "width": width, "height": height}, start, end) / (end - start), changed


def measure(page, explorer, slider, mouse, cast, drags: int) -> dict:
    """``drags`` drags counted in the page, then one more under the screencast (which loads the machine)."""
    rows = []
    for filmed in [False] * drags + [True]:
        explorer.scroll_into_view_if_needed()
        box = explorer.locator(".sgd-explorer canvas").first.bounding_box()
        if filmed:
            cast.start()
        start = time.monotonic()
        seen = drag(page, explorer, slider, seconds=1.0, moves=60, mouse=mouse)
        if filmed:
            frames = cast.stop()
            painted_per_second = painted(frames, box, start, start + seen.seconds + 0.3) / seen.seconds
        final = final_picture_belongs_to_final_value(page, explorer, slider)
        if not filmed:
            rows.append(
                {
                    "changes": seen.changes_per_second,
                    "pictures": seen.pictures_per_second,
                    "missed": seen.missed,
                    "behind": seen.behind,
                    "blank": seen.blank,
                    "final": final,
                    "release": seen.release_to_final_ms,
                    "moves": seen.moves_per_second,
                }
            )
    result = {
        key: (statistics.median(r[key] for r in rows) if key != "final" else all(r["final"] for r in rows))
        for key in rows[0]
    }
    return {**result, "painted": painted_per_second}


def bare(page, mouse, drags: int) -> tuple[float, float]:
    """The bare slider's value changes per second, and its echo's (through the kernel in JupyterLab)."""
    box = page.locator(".widget-vbox:has(.widget-label:text-is('bare'))").first
    box.scroll_into_view_if_needed()
    slider = slider_named(box, "bare")
    seen = [drag(page, _BareBox(box), slider, seconds=1.0, moves=60, mouse=mouse) for _ in range(drags)]
    return (
        statistics.median(d.changes_per_second for d in seen),
        statistics.median(d.pictures_per_second for d in seen),
    )


class _BareBox:
    """The bare slider's box, looking like an explorer to :func:`browser_lab.drag` (its echo is the 'picture')."""

    def __init__(self, box) -> None:
        self._box, self.page = box, box.page

    def locator(self, selector: str):
        if selector.startswith(".sgd-explorer canvas"):
            return self._box.locator("canvas")  # none: the sampler then watches the echo's text
        if selector.startswith(".sgd-explorer-status"):
            return self._box.locator(".widget-html")
        return self._box.locator(selector)

    def screenshot(self, **kwargs) -> None:
        self._box.screenshot(**kwargs)


def table(title: str, references: tuple[float, float], ceilings: tuple[float, int], results: list, live: bool) -> None:
    reference, echo = references
    print(f"\n{title}")
    echoed = f" and its kernel's echo {echo:.1f}" if live else ""
    print(
        f"Reference in the same run: a bare slider's value changes {reference:.1f} times per second{echoed}; "
        "the screencast "
        f"delivers at most {ceilings[0]:.1f} changed frames per second of an explorer-sized area "
        f"(the page painted {ceilings[1]} frames in that second).\n"
    )
    print(
        "| explorer (slider) | slider changes/s | picture changes/s (rAF) | painted/s (screencast, 1 more drag) "
        "| × bare slider | missed | behind | blank | last frame final | release → last frame, ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, r in results:
        release = f"{r['release']:.0f}" if live else "— (no kernel)"
        print(
            f"| {label} | {r['changes']:.1f} | {r['pictures']:.1f} | {r['painted']:.1f} | "
            f"{r['pictures'] / reference:.2f} | {r['missed']:.0f} | {r['behind']:.0f} | {r['blank']:.0f} | "
            f"{'yes' if r['final'] else 'NO'} | {release} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drags", type=int, default=3, help="drags per row (the median is reported)")
    parser.add_argument("--only", default="", help="only the rows whose label contains this text")
    args = parser.parse_args()
    rows = [row for row in ROWS if args.only in row[0]]
    if chromium_path() is None:
        sys.exit("no Chromium: apt-get install chromium, or set SGD_CHROMIUM")
    import build
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp())
    save_widget_state(home / "lab")
    notebook = explorers_notebook(home / "drag_benchmark.ipynb", reference=True)
    names = [name for name, _, _ in EXPLORERS]
    with jupyterlab(home / "lab", [notebook]) as (base, token), sync_playwright() as playwright:
        port = _free_port()
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=[*CHROMIUM_FLAGS, f"--remote-debugging-port={port}"]
        )
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        open_and_run(page, base, token, notebook.name)
        explorers(page).nth(len(EXPLORERS) - 1).locator(".sgd-explorer canvas").wait_for(timeout=60_000)
        mouse, cast = SteadyMouse(port, notebook.name), Screencast(port, notebook.name)
        size = explorers(page).nth(0).locator(".sgd-explorer canvas").bounding_box()
        lab_ceiling = ceiling(page, cast, size["width"], size["height"])
        lab_reference = bare(page, mouse, args.drags)
        lab_results = []
        for label, name, control in rows:
            explorer = explorers(page).nth(names.index(name))
            lab_results.append(
                (label, measure(page, explorer, slider_named(explorer, control), mouse, cast, args.drags))
            )
        save(page, home / "lab" / "notebooks" / notebook.name)
        print(
            f"Dragging each explorer's slider across its range in about 1 s in headless Chromium, with 60 mouse "
            f"moves a second whatever the page does (median of {args.drags} drags)."
        )
        table("JupyterLab, live kernel", lab_reference, lab_ceiling, lab_results, live=True)
        mouse.close()
        cast.close()
        out = home / "site"
        build.build(out, [home / "lab" / "notebooks" / notebook.name])
        site = StaticSite(out)
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        site.route(context)
        static = context.new_page()
        url = f"{site.base}/{notebook.stem}.html"
        static.goto(url)
        static.wait_for_selector(".sgd-explorer canvas")
        mouse, cast = SteadyMouse(port, url), Screencast(port, url)
        site_ceiling = ceiling(static, cast, size["width"], size["height"])
        site_reference = bare(static, mouse, args.drags)
        site_results = []
        for label, name, control in rows:
            static.goto(url)  # every drag from the stored setting: the page keeps the frames one control away
            static.wait_for_function(f"() => document.querySelectorAll('.sgd-explorer canvas').length >= {len(names)}")
            explorer = explorers(static).nth(names.index(name))
            explorer.locator(".sgd-explorer-status").first.wait_for()
            site_results.append(
                (label, measure(static, explorer, slider_named(explorer, control), mouse, cast, args.drags))
            )
        blocked = list(site.blocked)
        mouse.close()
        cast.close()
        site.close()
        browser.close()
    table(
        f"Static page (make site), no kernel; requests to other hosts: {len(blocked)}",
        site_reference,
        site_ceiling,
        site_results,
        live=False,
    )


if __name__ == "__main__":
    main()
