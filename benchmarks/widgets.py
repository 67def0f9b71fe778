"""Latency of the explorers in a real kernel, as a learner's browser experiences it.

A Jupyter kernel is started, the explorers are created in it, and then this
script plays the part of the browser: it sends the kernel the same comm message
that a slider sends when it moves (``{"method": "update", "state": {"value": v}}``)
and waits until the kernel has recomputed the explorer (its run, its artists, its
sentence) and is idle again. The browser draws the explorer from frames computed
ahead, so a drag does not wait for this; it is what the kernel does beside it, and
what a change made from code costs. The table gives the median and the worst
over many changes, at default settings and at the extremes (1000 epochs, batch
size 1).

Run: ``make bench-widgets`` (or ``.venv/bin/python benchmarks/widgets.py``).
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import tempfile
import time

import numpy as np
from jupyter_client.manager import KernelManager

SETUP = """
import numpy as np
from sgd_lib import LinearModel, make_original_data, standardize
from sgd_lib.widgets import LineExplorer, MethodExplorer, MomentumExplorer, OptimizerExplorer, TrainingExplorer
x, y = make_original_data()
xs, ys, _, _ = standardize(x, y)
def methods():  # as notebook 10 shows it
    return MethodExplorer(x, y, method="Adam", learning_rate=30.0, learning_rate_range=(1e-4, 100.0), steps=300,
                          start=tuple(LinearModel(seed=0).get_params()), w_range=(-50.0, 200.0),
                          b_range=(-3000.0, 1000.0))
explorers = {
    "LineExplorer (w slider)": (LineExplorer(x, y), "w_slider"),
    "OptimizerExplorer (learning rate)": (OptimizerExplorer(xs, ys), "learning_rate_slider"),
    "MomentumExplorer (learning rate)": (MomentumExplorer(xs, ys), "learning_rate_slider"),
    "MethodExplorer, raw data (learning rate)": (methods(), "learning_rate_slider"),
    "MethodExplorer, raw data (method)": (methods(), "method_menu"),
    "TrainingExplorer (learning rate)": (TrainingExplorer(xs, ys), "learning_rate_slider"),
    "TrainingExplorer, 1000 epochs, batch 1 (learning rate)": (
        TrainingExplorer(xs, ys, epochs=1000, batch_size=1), "learning_rate_slider"),
    "TrainingExplorer (epochs)": (TrainingExplorer(xs, ys), "epochs_slider"),
    "TrainingExplorer (batch size)": (TrainingExplorer(xs, ys), "batch_slider"),
}
controls = {name: getattr(e, c) for name, (e, c) in explorers.items()}
import ipywidgets
bare, echo = ipywidgets.IntSlider(max=200), ipywidgets.HTML("0")  # the reference: a change that draws nothing
bare.observe(lambda change: setattr(echo, "value", str(change["new"])), names="value")
def span(c):
    # A selection slider (the learning rate) or a menu is moved by its index, as the browser does.
    if type(c).__name__ in ("SelectionSlider", "Dropdown"):
        return 0, len(c.options) - 1, c.index
    return c.min, c.max, c.value
ids = {name: (c.model_id, explorers[name][0].canvas.model_id, *span(c), type(c).__name__)
       for name, c in controls.items()}
ids["reference"] = (bare.model_id, echo.model_id, 0, 200, 0, "IntSlider")
print(repr(ids))
"""

GOALS = {"default": 0.050, "extreme": 0.150}


def _execute(client, code: str, timeout: float = 120) -> str:
    """Run code in the kernel and return what it printed."""
    msg_id = client.execute(code)
    out = []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            raise RuntimeError("\n".join(msg["content"]["traceback"]))
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return "".join(out)


def _values(kind: str, low: float, high: float, current: float, n: int, rng: np.random.Generator) -> list:
    """n random values for a control, each different from the one before (a real change)."""
    values: list = [current]
    while len(values) <= n:
        if kind in ("IntSlider", "SelectionSlider", "Dropdown"):
            value = int(rng.integers(low, high + 1))
        else:
            value = float(rng.uniform(low, high))
        if value != values[-1]:
            values.append(value)
    return values[1:]


def measure(client, control_id: str, values: list, key: str = "value", timeout: float = 60) -> list[float]:
    """Send each value as a browser would; time until the kernel has sent the redrawn output and is idle.

    The kernel handles the change, sends the new image and status line, then reports
    itself idle for that message: the clock stops there. (The image is sent only when
    it differs, so the idle message is the one end every change has.)
    """
    times = []
    for value in values:
        msg = client.session.msg(
            "comm_msg",
            {"comm_id": control_id, "data": {"method": "update", "state": {key: value}, "buffer_paths": []}},
        )
        start = time.perf_counter()
        client.shell_channel.send(msg)
        while True:
            reply = client.get_iopub_msg(timeout=timeout)
            if (
                reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]
                and reply["msg_type"] == "status"
                and reply["content"]["execution_state"] == "idle"
            ):
                times.append(time.perf_counter() - start)
                break
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60, help="value changes per explorer")
    args = parser.parse_args()
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(tempfile.mkdtemp(), "kernel"))
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    try:
        ids = ast.literal_eval(_execute(client, SETUP))
        rng = np.random.default_rng(0)
        rows = []
        reference_id, _, low, high, current, kind = ids.pop("reference")
        reference = statistics.median(
            measure(client, reference_id, _values(kind, low, high, current, args.changes, rng))
        )
        for name, (control_id, _image_id, low, high, current, kind) in ids.items():
            key = "index" if kind in ("SelectionSlider", "Dropdown") else "value"
            times = measure(client, control_id, _values(kind, low, high, current, args.changes, rng), key)
            goal = GOALS["extreme" if "1000 epochs" in name else "default"]
            median, worst = statistics.median(times), max(times)
            rows.append((name, median, worst, goal))
        print(f"Explorer latency in a real kernel: {args.changes} changes each, value change -> redrawn image\n")
        print(
            f"Reference in the same run: a bare slider whose handler only echoes its value answers in a median "
            f"{reference * 1000:.1f} ms.\n"
        )
        print(f"| {'explorer (control)':<56} | median ms | × bare slider | worst ms | {'goal for the median':<22} |")
        print(f"|{'-' * 58}|-----------|---------------|----------|{'-' * 24}|")
        for name, median, worst, goal in rows:
            verdict = "met" if median <= goal else "MISSED"
            goal_text = f"{goal * 1000:.0f} ms: {verdict}"
            print(
                f"| {name:<56} | {median * 1000:9.1f} | {median / reference:13.1f} | {worst * 1000:8.1f} | "
                f"{goal_text:<22} |"
            )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
