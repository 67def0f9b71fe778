"""What a learner sees while dragging a slider: frames per second, and the last frame after release.

A notebook with one explorer per cell is opened in JupyterLab in headless Chromium (as
the browser test does). For each explorer, the main slider's handle is dragged from the
left end of its track to the right end in about one second with real mouse moves (trusted
input events, 60 a second at a steady pace whatever the page is doing, as a hand's mouse
sends them; ``--mouse playwright`` waits after each move until the page has handled it), and
the page records every change of the explorer's picture. Reported per row:

- frames per second while the handle is held (pictures shown / seconds held);
- the delay from the release of the mouse button to the last picture;
- whether that last picture is the one the explorer draws for the slider's final value
  (the slider is stepped one notch away and back with the keyboard; the picture must come
  back byte for byte): no backlog and no stale picture.

Goals at default settings: at least 20 frames per second, the last frame within 100 ms of
release and matching the final value. At the extremes (1,000 epochs of batch size 1) the
last frame within 300 ms, matching. Each row is the median of ``--drags`` drags.

The machine's own speed is measured in the same run: a bare slider whose kernel handler
only writes its value into a text widget, dragged the same way, shows how many changes per
second the browser, the server and the kernel can carry at all. Each explorer's rate is
also given as a share of that reference, beside the mouse moves the page took in while the
handle was held (a busy page takes in fewer: then the input, not the redraw, sets the rate).

Run: ``make bench-drag`` (or ``.venv/bin/python benchmarks/drag.py``); needs Chromium and
Playwright, like the browser test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser_lab import (  # noqa: E402  (the browser test's helpers)
    CHROMIUM_FLAGS,
    SteadyMouse,
    _free_port,
    chromium_path,
    drag,
    explorers,
    final_picture_belongs_to_final_value,
    jupyterlab,
    open_and_run,
    slider_named,
)

REFERENCE = """\
import ipywidgets as widgets
bare = widgets.IntSlider(description="bare", max=200, continuous_update=True)
echo = widgets.HTML("0")
bare.observe(lambda change: setattr(echo, "value", str(change["new"])), names="value")
widgets.VBox([bare, echo])"""

SETUP = """\
from sgd_lib import LinearModel, make_original_data, standardize
from sgd_lib.widgets import LineExplorer, MethodExplorer, MomentumExplorer, OptimizerExplorer, TrainingExplorer
x, y = make_original_data()
xs, ys, _, _ = standardize(x, y)"""

#: (row label, the cell that shows the explorer, the slider dragged, extreme settings?)
ROWS = [
    ("LineExplorer (weight w)", "LineExplorer(x, y)", "weight w", False),
    ("OptimizerExplorer (learning rate)", "OptimizerExplorer(xs, ys)", "learning rate", False),
    ("MomentumExplorer (learning rate)", "MomentumExplorer(x / 10, ys, learning_rate=0.015, "
     "learning_rate_range=(1e-3, 0.1))", "learning rate", False),
    ("MomentumExplorer (momentum)", "MomentumExplorer(x / 10, ys, learning_rate=0.015, "
     "learning_rate_range=(1e-3, 0.1))", "momentum", False),
    ("MethodExplorer, Adam, raw data (learning rate)", "MethodExplorer(x, y, method='Adam', learning_rate=30.0, "
     "learning_rate_range=(1e-4, 100.0), steps=300, start=tuple(LinearModel(seed=0).get_params()), "
     "w_range=(-50.0, 200.0), b_range=(-3000.0, 1000.0))", "learning rate", False),
    ("TrainingExplorer (learning rate)", "TrainingExplorer(xs, ys)", "learning rate", False),
    ("TrainingExplorer (epochs)", "TrainingExplorer(xs, ys)", "epochs", False),
    ("TrainingExplorer (batch size)", "TrainingExplorer(xs, ys)", "batch size", False),
    ("TrainingExplorer, 1000 epochs, batch 1 (learning rate)",
     "TrainingExplorer(xs, ys, epochs=1000, batch_size=1, learning_rate=0.01)", "learning rate", True),
]
GOALS = {False: (20.0, 100.0), True: (0.0, 300.0)}  # (frames per second, ms from release to the last frame)


def _notebook(path: Path, rows: list) -> None:
    cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(REFERENCE)]
    cells += [nbformat.v4.new_code_cell(code) for _, code, _, _ in rows]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drags", type=int, default=3, help="drags per explorer (the median is reported)")
    parser.add_argument("--only", default="", help="only the rows whose label contains this text")
    parser.add_argument("--mouse", choices=["steady", "playwright"], default="steady",
                        help="steady: 60 moves a second whatever the page does, as a hand's mouse (the default); "
                        "playwright: each move after the page has handled the one before")
    parser.add_argument("--moves", type=int, default=60, help="mouse moves per second of the steady mouse")
    args = parser.parse_args()
    rows_run = [row for row in ROWS if args.only in row[0]]
    if chromium_path() is None:
        sys.exit("no Chromium: apt-get install chromium, or set SGD_CHROMIUM")
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp())
    notebook = home / "drag_benchmark.ipynb"
    _notebook(notebook, rows_run)
    rows = []
    with jupyterlab(home / "lab", [notebook]) as (base, token), sync_playwright() as playwright:
        port = _free_port()
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=[*CHROMIUM_FLAGS, f"--remote-debugging-port={port}"])
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        open_and_run(page, base, token, notebook.name)
        mouse = SteadyMouse(port, notebook.name) if args.mouse == "steady" else None
        how = {"mouse": mouse, "moves": args.moves} if mouse is not None else {}
        box = page.locator(".jp-OutputArea-output .widget-vbox:has(.widget-label:text-is('bare'))").first
        box.scroll_into_view_if_needed()
        bare = [drag(page, box, slider_named(box, "bare"), seconds=1.0, watched=box.locator(".widget-html").first,
                     **how) for _ in range(args.drags)]
        reference = statistics.median(d.fps for d in bare)
        input_rate = statistics.median(d.moves_per_second for d in bare)
        found = explorers(page)
        for i, (label, _, control, extreme) in enumerate(rows_run):
            explorer = found.nth(i)
            explorer.scroll_into_view_if_needed()
            slider = slider_named(explorer, control)
            drags, matches = [], []
            for _ in range(args.drags):
                drags.append(drag(page, explorer, slider, seconds=1.0, **how))
                matches.append(final_picture_belongs_to_final_value(page, explorer, slider))
            fps = statistics.median(d.fps for d in drags)
            final = statistics.median(d.release_to_final_ms for d in drags)
            moves = statistics.median(d.moves_per_second for d in drags)
            rows.append((label, fps, moves, final, all(matches), extreme))
        if mouse is not None:
            mouse.close()
        browser.close()
    pace = (f"a mouse that sends {args.moves} moves a second whatever the page does" if mouse is not None
            else "Playwright's mouse, each move after the page has handled the one before")
    print("Dragging each explorer's slider across its range in about 1 s, in JupyterLab in headless Chromium, "
          f"with {pace} (median of {args.drags} drags)\n")
    print(f"Reference in the same run: a bare slider echoed by the kernel changes {reference:.1f} times per second, "
          f"while the page receives {input_rate:.1f} mouse moves per second.\n")
    print(f"| {'explorer (slider)':<56} | frames/s | mouse moves/s | share of the bare slider "
          "| release → last frame, ms | last frame is the final value's | goal |")
    print(f"|{'-' * 58}|----------|---------------|--------------------------|--------------------------|"
          "---------------------------------|------|")
    for label, fps, moves, final, matched, extreme in rows:
        min_fps, max_ms = GOALS[extreme]
        met = fps >= min_fps and final <= max_ms and matched
        goal = (f">= {min_fps:.0f} fps, " if min_fps else "") + f"<= {max_ms:.0f} ms: " + ("met" if met else "MISSED")
        share = fps / reference if reference else float("nan")
        print(f"| {label:<56} | {fps:8.1f} | {moves:13.1f} | {share:24.2f} | {final:24.0f} | "
              f"{'yes' if matched else 'NO':<31} | {goal} |")


if __name__ == "__main__":
    main()
