"""Training speed: sgd_lib.fit against a plain NumPy loop, PyTorch and scikit-learn, in one run.

Two tasks, timed in this process (the median of repeated runs of the training call alone;
building the data and the model is not timed):

- T, the tutorial's run: the original's 99 points, standardized, one feature, MSE, SGD with
  learning rate 0.1, batches of 32, 100 epochs, shuffled.
- L, a large run: 1,000,000 samples of 16 features, batches of 256, one epoch, shuffled.

Every tool starts from the same initial parameters, and the table gives the MSE each one
reached on the training data, so a speed-up is never bought with a worse answer. The
plain NumPy loop makes the same updates as sgd_lib (same shuffles), so its parameters
must equal sgd_lib's. scikit-learn's SGDRegressor has no mini-batches: it makes one update
per sample (its own algorithm, shown for scale). PyTorch runs the same mini-batch loop in
float64 with its own shuffles.

Then the same two tasks with Adam (TF.js's defaults, epsilon 1e-7) against an Adam loop written
out in NumPy (same shuffles, so the same parameters) and ``torch.optim.Adam(eps=1e-7)``. Then: what
fit's extras (History, the hooks for callbacks, validation data and path recording) cost when they
are off, against the bare computation (shuffles, batch statistics, updates) with and without the
checks that any correct fit makes; and how the cost grows with samples, features and epochs. All
contenders of a table are timed in turns, so that a machine whose speed drifts slows them alike.
Peers that are not installed are reported as such (``pip install -r benchmarks/requirements.txt``
installs them).

Run: ``.venv/bin/python benchmarks/training.py`` (about two minutes; ``--quick`` for fewer repeats).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np

import sgd_lib
from sgd_lib import SGD, Adam, LinearModel, fit, least_squares_floor, make_original_data, mse_at, standardize
from sgd_lib.checks import check_xy
from sgd_lib.losses import mse_rows
from sgd_lib.optimizers import rule_of
from sgd_lib.training import fast
from sgd_lib.training.divergence import loss_limit
from sgd_lib.training.run import Ledger, Run

GOAL_L_VS_LOOP, GOAL_EXTRAS = 1.0, 0.10  # task L: no slower than the NumPy loop; extras: +10%
QUICK = False


def time_in_turns(runs: dict[str, tuple[Callable[[], object], Callable[[], object]]], budget: float) -> dict:
    """Median wall time (ms) of each ``(run, reset)``, and the median ratio of each to the first.

    The runs take turns, so that a machine whose speed drifts (other processes, a busy
    neighbour) slows all of them alike; in each turn a quick run is repeated to take about
    as long as the slowest. ``reset`` (not timed) restores what ``run`` changes. At least
    5 turns, more while within ``budget`` seconds.
    """
    budget = budget / 4 if QUICK else budget
    first = {}
    for label, (run, reset) in runs.items():  # warm up, and see how long each run takes
        reset()
        t0 = time.perf_counter()
        run()
        first[label] = time.perf_counter() - t0
    slowest = max(max(first.values()), 0.02)
    repeats = {label: max(1, min(50, round(slowest / max(t, 1e-6)))) for label, t in first.items()}
    times: dict[str, list[float]] = {label: [] for label in runs}
    ratios: dict[str, list[float]] = {label: [] for label in runs}
    started = time.perf_counter()
    gc.disable()
    try:
        turns = 0
        while turns < 5 or (time.perf_counter() - started < budget and turns < 200):
            turn = {}
            for label, (run, reset) in runs.items():
                samples = []
                for _ in range(repeats[label]):
                    reset()
                    t0 = time.perf_counter()
                    run()
                    samples.append(time.perf_counter() - t0)
                times[label] += samples
                turn[label] = statistics.median(samples)
            base = next(iter(turn.values()))
            for label, t in turn.items():
                ratios[label].append(t / base)
            turns += 1
    finally:
        gc.enable()
    return {label: (1e3 * statistics.median(times[label]), statistics.median(ratios[label])) for label in runs}


# ---------------------------------------------------------------- the contenders
# Each returns (run, reset, parameters): run() trains once, reset() restores the start, and
# parameters() gives the trained [w_1, ..., w_d, b].


def sgd_lib_fit(x, y, theta0, lr, epochs, batch_size, fast=True):
    model = LinearModel(len(theta0) - 1, seed=0)
    run = lambda: fit(model, x, y, lr, epochs=epochs, batch_size=batch_size, seed=0, fast=fast)  # noqa: E731
    return run, lambda: model.set_params(theta0), model.get_params


def shuffled_batches(n: int, epochs: int, batch_size: int, seed: int):
    """The row indices of each mini-batch, in order: the same shuffles as sgd_lib.fit(seed=seed)."""
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            yield order[start : start + batch_size]


def sgd_lib_adam(x, y, theta0, lr, epochs, batch_size):
    model = LinearModel(len(theta0) - 1, seed=0)
    run = lambda: fit(model, x, y, Adam(lr), epochs=epochs, batch_size=batch_size, seed=0)  # noqa: E731
    return run, lambda: model.set_params(theta0), model.get_params


def numpy_adam_loop(x, y, theta0, lr, epochs, batch_size, seed=0, beta1=0.9, beta2=0.999, eps=1e-7):
    """Adam written plainly (TF.js's rule): the same shuffles and updates as fit with Adam(lr)."""
    features = x.reshape(len(y), -1)
    theta, m, v = theta0.copy(), np.zeros_like(theta0), np.zeros_like(theta0)
    for t, index in enumerate(shuffled_batches(len(y), epochs, batch_size, seed), start=1):
        xb = features[index]
        error = xb @ theta[:-1] + theta[-1] - y[index]
        g = (2.0 / len(index)) * np.append(error @ xb, error.sum())
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        theta = theta - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return theta


def plain_numpy_adam(x, y, theta0, lr, epochs, batch_size):
    result = []
    run = lambda: result.append(numpy_adam_loop(x, y, theta0, lr, epochs, batch_size))  # noqa: E731
    return run, result.clear, lambda: result[-1]


def numpy_loop(x, y, theta0, lr, epochs, batch_size, seed=0):
    """Mini-batch SGD written plainly: the same shuffles and updates as sgd_lib.fit, no bookkeeping."""
    features = x.reshape(len(y), -1)
    w, b = theta0[:-1].copy(), float(theta0[-1])
    for index in shuffled_batches(len(y), epochs, batch_size, seed):
        xb = features[index]
        error = xb @ w + b - y[index]
        w = w - lr * (2.0 / len(index)) * (error @ xb)
        b = b - lr * 2.0 * float(error.sum()) / len(index)
    return np.append(w, b)


def plain_numpy(x, y, theta0, lr, epochs, batch_size):
    result = []
    run = lambda: result.append(numpy_loop(x, y, theta0, lr, epochs, batch_size))  # noqa: E731
    return run, result.clear, lambda: result[-1]


def pytorch(x, y, theta0, lr, epochs, batch_size, adam=False):
    import torch

    features = torch.from_numpy(np.ascontiguousarray(x.reshape(len(y), -1)))
    targets = torch.from_numpy(y)
    layer = torch.nn.Linear(features.shape[1], 1, dtype=torch.float64)  # float64, like sgd_lib

    def reset():
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(theta0[:-1]).reshape(1, -1))
            layer.bias.fill_(float(theta0[-1]))

    def run():
        if adam:  # TF.js's epsilon; torch adds it to sqrt(v_hat) after the bias correction, as TF.js does
            optimizer = torch.optim.Adam(layer.parameters(), lr=lr, eps=1e-7)
        else:
            optimizer = torch.optim.SGD(layer.parameters(), lr=lr)
        generator = torch.Generator().manual_seed(0)
        for _ in range(epochs):
            order = torch.randperm(len(targets), generator=generator)
            for start in range(0, len(targets), batch_size):
                index = order[start : start + batch_size]
                optimizer.zero_grad()
                loss = torch.mean((layer(features[index]).squeeze(1) - targets[index]) ** 2)
                loss.backward()
                optimizer.step()

    return run, reset, lambda: np.append(layer.weight.detach().numpy().ravel(), layer.bias.item())


def scikit_learn(x, y, theta0, lr, epochs, batch_size):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import SGDRegressor

    features = x.reshape(len(y), -1)
    # Per-sample SGD on 0.5 * (y - y_hat)**2: eta0 = 0.01 is stable on these standardized data.
    model = SGDRegressor(
        loss="squared_error",
        penalty=None,
        learning_rate="constant",
        eta0=0.01,
        max_iter=epochs,
        tol=None,
        shuffle=True,
        random_state=0,
    )

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(features, y, coef_init=theta0[:-1], intercept_init=theta0[-1:])

    return run, lambda: None, lambda: np.append(model.coef_, model.intercept_)


PEERS = {  # label: (module that must be installed, contender, note)
    "plain NumPy loop": (None, plain_numpy, ""),
    "PyTorch": ("torch", pytorch, ""),
    "scikit-learn SGDRegressor": ("sklearn", scikit_learn, ", one update per sample"),
}


ADAM_PEERS = {
    "plain NumPy Adam loop": (None, plain_numpy_adam, ""),
    "PyTorch Adam": ("torch", lambda *args: pytorch(*args, adam=True), ", eps=1e-7"),
}


def version(module: str | None) -> str:
    if module is None:
        return np.__version__
    import importlib

    return importlib.import_module(module).__version__.split("+")[0]


# ---------------------------------------------------------------- the tasks


def task_t():
    x, y = make_original_data()
    xs, ys, _, _ = standardize(x, y)
    return "T", xs, ys, 0.1, 100, 32


def task_l():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((1_000_000, 16))
    y = x @ rng.normal(size=16) + 0.5 + 0.5 * rng.standard_normal(len(x))
    return "L", x, y, 0.05, 1, 256


def compare(task, budget: float, adam: bool = False) -> None:
    name, x, y, lr, epochs, batch_size = task
    theta0 = LinearModel(x.reshape(len(y), -1).shape[1], seed=0).get_params()
    floor = least_squares_floor(x, y)
    if adam:
        contenders = {"sgd_lib.fit": (sgd_lib_adam(x, y, theta0, lr, epochs, batch_size), "Adam")}
    else:
        contenders = {
            "sgd_lib.fit": (sgd_lib_fit(x, y, theta0, lr, epochs, batch_size), ""),
            "sgd_lib.fit(fast=False)": (sgd_lib_fit(x, y, theta0, lr, epochs, batch_size, fast=False), ""),
        }
    missing = []
    for label, (module, make, note) in (ADAM_PEERS if adam else PEERS).items():
        if module is not None and importlib.util.find_spec(module) is None:
            missing.append(label)
        else:
            contenders[label] = (make(x, y, theta0, lr, epochs, batch_size), f"{version(module)}{note}")
    timed = time_in_turns({label: (run, reset) for label, ((run, reset, _), _) in contenders.items()}, budget)

    n, d = x.reshape(len(y), -1).shape
    method = "Adam" if adam else "SGD"
    print(
        f"\nTask {name}, {method}: {n:,} samples x {d} feature(s), batch {batch_size}, {epochs} epoch(s), "
        f"shuffled, lr {lr}"
    )
    print(f"  least-squares floor of the MSE: {floor:.5g}")
    print(f"  {'':28s} {'median ms':>10s} {'peer/sgd_lib':>13s} {'final MSE':>10s}   note")
    fast_theta = None
    for label, ((run, reset, parameters), note) in contenders.items():
        reset()
        run()
        theta = parameters()
        if fast_theta is None:
            fast_theta = theta
        elif label in ("sgd_lib.fit(fast=False)", "plain NumPy loop", "plain NumPy Adam loop"):  # same updates
            same = np.abs(theta - fast_theta).max() <= 1e-12 * np.abs(fast_theta).max()
            note = ", ".join(filter(None, [note, "same parameters" if same else "DIFFERENT parameters"]))
        ms, ratio = timed[label]
        shown = "1 (base)" if label == "sgd_lib.fit" else f"{ratio:.1f}x"
        print(f"  {label:28s} {ms:10.3f} {shown:>13s} {mse_at(x, y, theta):10.5g}   {note}")
    for label in missing:
        print(f"  {label:28s} {'-':>10s} {'-':>13s} {'-':>10s}   not installed")
    peers = {label: ratio for label, (_, ratio) in timed.items() if not label.startswith("sgd_lib")}
    loop = "plain NumPy Adam loop" if adam else "plain NumPy loop"
    if loop in peers:
        share = 1 / peers[loop]
        print(f"  sgd_lib.fit takes {share:.2f} of the {loop}'s time (median of the ratios in turns)")
        if name == "L" and not adam:
            verdict = "met" if share <= GOAL_L_VS_LOOP else "NOT met"
            print(f"  goal: no slower than the loop (at most {GOAL_L_VS_LOOP} of its time): {verdict}")
    if name == "T" and peers:
        slowest_peer = min(peers, key=peers.get)
        verdict = "met" if peers[slowest_peer] > 1 else "NOT met"
        print(f"  goal: ahead of every peer: {verdict} (closest: {slowest_peer}, {peers[slowest_peer]:.2f}x)")


def extras() -> None:
    """fit with its extras (callbacks, History, path recording, validation data) off and on.

    Two baselines: the bare computation (shuffles, batch statistics, update loop), and the
    same plus the work that any correct fit does before and after it (checking the inputs,
    the scale that divergence is measured against, the loss of the final parameters, so that
    the last update is checked too, and storing the trained parameters).
    """
    _, x, y, lr, epochs, batch_size = task_t()
    model = LinearModel(seed=0)
    theta0 = model.get_params()

    column, first_loss = x.reshape(-1, 1), mse_at(x, y, theta0)

    def bare(features=column, targets=y, start_loss=first_loss, limit=None):
        """Orders, batch statistics and updates: fit's fast path on one feature, without fit around it."""
        limit = loss_limit(targets, start_loss, 1e8) if limit is None else limit
        opt, rng = SGD(lr), np.random.default_rng(0)
        run = Run(features, targets, epochs, batch_size, True, rng, start_loss, limit)
        ledger, reference = Ledger(run, theta0), fast._reference_line(features, targets, theta0)
        index = fast._orders(run, epochs, batch_size)
        columns = fast._line_stats(fast._line_table(features, targets, reference), index, ledger.sizes)
        return fast._descend_line(columns, reference, ledger, opt, rule_of(opt, 2), theta0, None)[0]

    def bare_checked():
        features, targets = check_xy(x, y)
        start = model.get_params()
        start_loss = float(mse_rows(features, targets, start[np.newaxis])[0])
        limit = loss_limit(targets, start_loss, 1e8)
        theta = bare(features, targets, start_loss, limit)
        if not float(mse_rows(features, targets, theta[np.newaxis])[0]) <= limit:  # the last update is checked too
            raise RuntimeError("diverged")
        model.set_params(theta)

    reset = lambda: model.set_params(theta0)  # noqa: E731
    runs = {
        "bare computation": (bare, lambda: None),
        "bare + checks (inputs, divergence, model)": (bare_checked, reset),
        "fit, extras off": (lambda: fit(model, x, y, lr, epochs=epochs, batch_size=batch_size), reset),
        "fit, callback + validation + record_updates": (
            lambda: fit(
                model,
                x,
                y,
                lr,
                epochs=epochs,
                batch_size=batch_size,
                callbacks=[lambda e, logs: None],
                validation_data=(x, y),
                record_updates=True,
            ),
            reset,
        ),
    }
    timed = time_in_turns(runs, budget=8.0)
    checked = timed["bare + checks (inputs, divergence, model)"][1]
    print("\nfit's extras on task T (median ms; median ratios of runs timed in turns)")
    print(f"  {'':48s} {'ms':>8s} {'vs bare':>8s} {'vs bare+checks':>15s}")
    for label, (ms, ratio) in timed.items():
        print(f"  {label:48s} {ms:8.3f} {ratio - 1:+8.1%} {ratio / checked - 1:+15.1%}")
    off = timed["fit, extras off"][1] / checked - 1
    print(
        f"  goal: extras off cost <= {GOAL_EXTRAS:.0%} (over bare+checks): {'met' if off <= GOAL_EXTRAS else 'NOT met'}"
        f" ({off:+.1%})"
    )


def scaling() -> None:
    """How the cost of fit grows, fast path against the reference loop."""
    rng = np.random.default_rng(1)
    cases = [  # (label, samples, features, epochs, batch)
        ("samples", 1_000, 4, 1, 32),
        ("samples", 10_000, 4, 1, 32),
        ("samples", 100_000, 4, 1, 32),
        ("features", 10_000, 1, 1, 32),
        ("features", 10_000, 16, 1, 32),
        ("features", 10_000, 64, 1, 32),
        ("epochs", 99, 1, 10, 32),
        ("epochs", 99, 1, 100, 32),
        ("epochs", 99, 1, 1000, 32),
        ("batch 1", 99, 1, 100, 1),
    ]
    print("\nHow the cost grows (median ms; fit with its defaults, shuffled, lr 0.01)")
    print(
        f"  {'grows with':10s} {'samples':>8s} {'features':>8s} {'epochs':>6s} {'batch':>5s} "
        f"{'fast':>9s} {'reference':>10s} {'speed-up':>8s} {'us/update':>9s}"
    )
    for label, n, d, epochs, batch in cases:
        x = rng.standard_normal((n, d))
        y = x @ rng.normal(size=d) + 0.1 * rng.standard_normal(n)
        theta0 = LinearModel(d, seed=0).get_params()
        timed = time_in_turns(
            {
                "fast": sgd_lib_fit(x, y, theta0, 0.01, epochs, batch)[:2],
                "reference": sgd_lib_fit(x, y, theta0, 0.01, epochs, batch, fast=False)[:2],
            },
            budget=1.5,
        )
        (fast_ms, _), (ref_ms, ratio) = timed["fast"], timed["reference"]
        updates = epochs * -(-n // batch)
        print(
            f"  {label:10s} {n:8,d} {d:8d} {epochs:6d} {batch:5d} {fast_ms:9.3f} {ref_ms:10.3f} "
            f"{ratio:7.1f}x {1e3 * fast_ms / updates:9.2f}"
        )


def main() -> None:
    global QUICK
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a rough look)")
    QUICK = parser.parse_args().quick
    print("sgd_lib training benchmark")
    print(
        f"  sgd_lib {sgd_lib.__version__}, NumPy {np.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}"
    )
    compare(task_t(), budget=8.0)
    compare(task_l(), budget=15.0)
    compare(task_t(), budget=6.0, adam=True)
    compare(task_l(), budget=10.0, adam=True)
    extras()
    scaling()
    return None


if __name__ == "__main__":
    sys.exit(main())
