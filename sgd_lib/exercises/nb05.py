"""Exercises of notebook 05: training."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import numpy as np

from ..data import make_original_data, train_test_split
from ..evaluation import (
    least_squares_floor,
    stability_limit,
)
from ..losses import mse_at
from ..model import LinearModel
from ..optimizers import SGD
from ..training import fit
from ._fixtures import _original_run, _standardized, _updates_per_epoch
from ._framework import (
    AnswerError,
    FunctionTask,
    Mistake,
    Verdict,
    exercise,
    function_exercise,
    judge_integer,
    judge_number,
)


@exercise("05.1")
def check_05_1(answer: object) -> Verdict:
    """Exercise 05.1: updates made by 100 epochs in batches of 32 on the training part of the 80/20 split."""
    x, y = make_original_data()
    _, _, y_train, _ = train_test_split(x, y, test_size=0.2, seed=0)
    expected = 100 * _updates_per_epoch(len(y_train), 32)
    return judge_integer(
        answer,
        expected,
        hint="count the training samples of the split, the batches of 32 they make in one epoch (the last one may "
        "be smaller), and multiply by the epochs; or count the rows of fit(..., record_updates=True).update_params.",
        praise="one update per mini-batch, and the smaller last batch of every epoch counts too.",
        mistakes=[
            (100 * (len(y_train) // 32), "the last batch of each epoch is smaller than 32 but still makes an update."),
            (
                100 * _updates_per_epoch(len(y), 32),
                "that counts the batches of all 99 samples; the run sees only the training part of the split.",
            ),
            (expected + 1, "update_params also holds the starting parameters in its first row."),
            (
                round(100 * len(y_train) / 32),
                "that divides all the samples seen in 100 epochs by 32, as if every "
                "batch held 32: count the batches of one epoch (the last one is smaller, and still one update), then "
                "multiply by the epochs.",
            ),
        ],
    )


@exercise("05.2")
def check_05_2(answer: object) -> Verdict:
    """Exercise 05.2: the logged loss of epoch 1 with full batches (lr 0.1, batch_size=99) from LinearModel(seed=0)."""
    x_std, y_std = _standardized()
    full = fit(LinearModel(seed=0), x_std, y_std, SGD(0.1), epochs=2, batch_size=len(y_std), seed=0)
    expected = full.loss[1]
    _, original = _original_run()
    return judge_number(
        answer,
        expected,
        rtol=0.001,
        hint="with batch_size=99 an epoch is one batch, all the data; its loss is taken just before that batch's "
        "update. Which parameters does epoch 1 start from? Take epoch 0's one step by hand, then score that line.",
        praise="with one batch per epoch the log runs one step behind the parameters: epoch k logs the loss of "
        "row k of history.params, the parameters before that epoch's step, on all the data.",
        mistakes=[
            (
                full.loss[0],
                "that is epoch 0's log, the untrained line; epoch 1 starts from the line after epoch 0's one step.",
            ),
            (
                float(mse_at(x_std, y_std, full.params[2])),
                "that is the loss after epoch 1's own update; the log takes each batch's loss just before its update.",
            ),
            (
                original.loss[1],
                "that is the log of batches of 32, which mixes four batches' losses; with "
                "batch_size=99 the epoch is one batch.",
            ),
            (
                least_squares_floor(x_std, y_std),
                "that is the least-squares floor, the best any line can do; one step from the untrained line is far "
                "from it.",
            ),
        ],
    )


@exercise("05.3")
def check_05_3(answer: object) -> Verdict:
    """Exercise 05.3: the first epoch of the original's run whose end-of-epoch loss is within 2% of the floor
    (an int)."""
    _, history = _original_run()
    x_std, y_std = _standardized()
    target = 1.02 * least_squares_floor(x_std, y_std)
    end_of_epoch = np.array([mse_at(x_std, y_std, params) for params in history.params[1:]])  # after epoch 0, 1, ...
    within = np.flatnonzero(end_of_epoch <= target)
    logged = np.flatnonzero(np.asarray(history.loss) <= target)
    if within.size == 0:  # guards the exercise itself, not the answer
        raise RuntimeError("exercise 05.3 needs another target: the run never reaches it")
    expected = int(within[0])
    logged_hint = (
        "that is where the logged loss (history.loss) first gets within 2%: it lags behind, because it "
        "averages batch losses taken during the epoch. The task asks about the parameters at the end of "
        "each epoch, with mse_at on all the data."
    )
    row_hint = (
        "row k + 1 of history.params holds the parameters after epoch k (row 0 is the start): answer the "
        "epoch number the way the log counts it."
    )
    late = int(logged[0]) if logged.size else None
    mistakes = [
        (
            expected + 1,
            "one epoch late, for one of two reasons. Either you read row k of history.params "
            "as epoch k: row k + 1 holds the parameters after epoch k (row 0 is the start). Or you used the "
            "logged loss, which lags behind because it averages batch losses taken during the epoch: the task "
            "asks for mse_at of the parameters, on all the data."
            if late == expected + 1
            else row_hint,
        )
    ]
    if late is not None and late not in (expected, expected + 1):
        mistakes.append((late, logged_hint))
    return judge_integer(
        answer,
        expected,
        hint="compute the loss of every row of history.params on all the standardized data, find the first one "
        "within 2% of the least-squares floor, and say at the end of which epoch that row was recorded.",
        praise="a few epochs already bring the line within 2% of the best possible; the rest of training "
        "jiggles around it.",
        mistakes=mistakes,
    )


def _loop(
    x: np.ndarray,
    y: np.ndarray,
    w: float,
    b: float,
    learning_rate: float,
    epochs: int,
    batch_size: int,
    seed: int,
    *,
    shuffle: str = "every",
    gradient: str = "mean",
    factor: float = 2.0,
    updates: str = "batch",
    log: str = "before",
    weighting: str = "size",
    last: str = "keep",
) -> tuple[float, float, list[float]]:
    """The training loop of exercise 05.4, right (the defaults) or with one of :data:`LOOP_MISTAKES`."""
    rng = np.random.default_rng(seed)
    n = len(y)
    order = rng.permutation(n) if shuffle == "once" else np.arange(n)
    losses = []
    for _ in range(epochs):
        if shuffle == "every":
            order = rng.permutation(n)
        total, seen = 0.0, 0
        for start in range(0, n if last == "keep" else n - n % batch_size, batch_size):
            index = order[start : start + batch_size]
            xb, yb = x[index], y[index]
            error = w * xb + b - yb
            loss = float(np.mean(error**2))
            reduce = np.sum if gradient == "sum" else np.mean
            grad_w, grad_b = factor * reduce(error * xb), factor * reduce(error)
            if updates == "batch":
                w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
            elif updates == "sequential":
                w = w - learning_rate * grad_w
                b = b - learning_rate * factor * reduce(w * xb + b - yb)
            if log == "after":
                loss = float(np.mean((w * xb + b - yb) ** 2))
            total, seen = (
                total + loss * (len(index) if weighting == "size" else 1),
                seen + (len(index) if weighting == "size" else 1),
            )
        if updates == "last batch":
            w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
        elif updates == "full batch":
            error = w * x + b - y
            w, b = w - learning_rate * factor * np.mean(error * x), b - learning_rate * factor * np.mean(error)
        losses.append(float(np.mean((w * x + b - y) ** 2)) if log == "end" else total / seen)
    return float(w), float(b), losses


#: What a learner's training loop gets wrong most often, as :func:`_loop` making that mistake, with the hint for each.
LOOP_MISTAKES: dict[str, tuple[Callable[..., tuple[float, float, list[float]]], str]] = {
    "shuffle once": (
        functools.partial(_loop, shuffle="once"),
        "your batches look shuffled only once: draw a fresh permutation at the start of every epoch, from the "
        "same generator, so each epoch groups the samples differently.",
    ),
    "never shuffle": (
        functools.partial(_loop, shuffle="never"),
        "your batches are not shuffled: every epoch starts with a new permutation of the sample indices, and "
        "the batches are consecutive slices of it.",
    ),
    "sum": (
        functools.partial(_loop, gradient="sum"),
        "your steps are too large by the batch size: the gradient of a batch is the average of its samples' "
        "gradients, not their sum.",
    ),
    "no factor 2": (
        functools.partial(_loop, factor=1.0),
        "your steps are half as long as they should be: the derivative of a squared error brings a factor 2.",
    ),
    "last batch": (
        functools.partial(_loop, updates="last batch"),
        "your loop updates the parameters once per epoch: the update belongs inside the loop over the batches, "
        "one step per mini-batch.",
    ),
    "full batch": (
        functools.partial(_loop, updates="full batch"),
        "your loop takes one step per epoch with the gradient of all the data: SGD takes one step per "
        "mini-batch, with that batch's gradient.",
    ),
    "drop last": (
        functools.partial(_loop, last="drop"),
        "your loop leaves out the last, smaller batch of each epoch: fit, like TF.js and Keras, keeps it, so that "
        "every sample is used once per epoch.",
    ),
    "sequential": (
        functools.partial(_loop, updates="sequential"),
        "your loop changes w before it computes the derivative for b: take both derivatives at the same (w, b), "
        "then update both.",
    ),
    "after": (
        functools.partial(_loop, log="after"),
        "your parameters are right but the logged losses are not: each batch's loss is computed just before "
        "that batch's update, with the parameters the gradient is taken at.",
    ),
    "unweighted": (
        functools.partial(_loop, weighting="equal"),
        "your parameters are right but the logged losses are not: the epoch's loss weighs each batch's loss by "
        "its number of samples (the last batch is smaller).",
    ),
    "end of epoch": (
        functools.partial(_loop, log="end"),
        "your parameters are right but the logged losses are not: that is the loss of the parameters at the "
        "end of each epoch on all the data; the log averages the batch losses seen during the epoch.",
    ),
}


def _read_loop(result: object, case: Mapping[str, object]) -> np.ndarray:
    """A training loop's (w, b, epoch_losses) as one array [w, b, loss_0, ...], or AnswerError."""
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise AnswerError("your function should return three things: w, b and the list of epoch losses.")
    w, b, losses = result
    try:
        params = [np.asarray(w, dtype=np.float64).item(), np.asarray(b, dtype=np.float64).item()]
        losses = np.asarray(losses, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise AnswerError(
            "your function should return w and b as numbers and the epoch losses as a list of numbers."
        ) from None
    if losses.size != case["epochs"]:
        raise AnswerError(f"expected one logged loss per epoch, got {losses.size} for {case['epochs']} epochs.")
    return np.concatenate([params, losses])


def _fit_loop(
    x: np.ndarray, y: np.ndarray, w: float, b: float, learning_rate: float, epochs: int, batch_size: int, seed: int
) -> tuple[float, float, list[float]]:
    """What the learner's loop must give: fit(..., fast=False) from (w, b)."""
    history = fit(
        LinearModel(seed=0).set_params([w, b]),
        x,
        y,
        SGD(learning_rate),
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        fast=False,
    )
    return float(history.params[-1][0]), float(history.params[-1][1]), list(history.loss)


def _right_params_wrong_log(got: np.ndarray, expected: np.ndarray, case: Mapping[str, object]) -> str | None:
    if np.allclose(got[:2], expected[:2], rtol=1e-8, atol=1e-12):
        return (
            "your parameters are right but the logged losses are not: log, for every epoch, the mean of the "
            "batch losses weighted by the batch sizes, each loss computed before its update."
        )
    return None


def _loop_cases() -> tuple[dict[str, object], ...]:
    x_std, y_std = _standardized()
    start = LinearModel(seed=0).get_params()
    return (
        {
            "x": x_std,
            "y": y_std,
            "w": float(start[0]),
            "b": float(start[1]),
            "learning_rate": 0.1,
            "epochs": 5,
            "batch_size": 32,
            "seed": 0,
        },
        {"x": x_std, "y": y_std, "w": -0.5, "b": 1.2, "learning_rate": 0.05, "epochs": 3, "batch_size": 10, "seed": 1},
    )


LOOP_TASK = FunctionTask(
    reference=_fit_loop,
    cases=_loop_cases(),
    read=_read_loop,
    mistakes=tuple(Mistake(name, loop, hint) for name, (loop, hint) in LOOP_MISTAKES.items()),
    diagnose=_right_params_wrong_log,
)

check_05_4 = function_exercise(
    "05.4",
    LOOP_TASK,
    name="train",
    doc="Exercise 05.4: the learner's mini-batch SGD loop against fit(..., fast=False) (a function).",
    praise="your loop gives fit's parameters and logged losses, to 8 digits, for two different settings: "
    "this is what fit(..., fast=False) does.",
    hint="compare your loop with one epoch by hand in this notebook: a fresh permutation per epoch, "
    "consecutive batches of batch_size, and per batch its loss, its average gradient and one update. "
    "Check also that you use every argument (learning_rate, batch_size, seed).",
)


def _stopped_runs(learning_rate: float, seeds: range = range(20), epochs: int = 100) -> int:
    """How many single-sample runs of fit (one per seed) stop as diverged at ``learning_rate``."""
    x_std, y_std = _standardized()
    return sum(
        fit(LinearModel(seed=0), x_std, y_std, SGD(learning_rate), epochs=epochs, batch_size=1, seed=seed).diverged
        for seed in seeds
    )


@exercise("05.5")
def check_05_5(answer: object) -> Verdict:
    """Exercise 05.5: the largest learning rate at which no single-sample step overshoots its own bowl, on the
    standardized data (a number: the smallest of the single samples' stability limits)."""
    x, _ = make_original_data()
    x_std, _ = _standardized()
    single = np.array([stability_limit(x_std[i : i + 1]) for i in range(len(x_std))])
    steepest = float(np.max(np.abs(x_std)))
    factor_hint = (
        "check the factors of 2: a sample's Hessian is 2 [[x_i**2, x_i], [x_i, 1]], and its limit is 2 "
        "over its largest eigenvalue."
    )
    return judge_number(
        answer,
        float(single.min()),
        rtol=0.01,
        hint="a single sample's loss (w x_i + b - y_i)**2 is a bowl with Hessian 2 [[x_i**2, x_i], [x_i, 1]]: find "
        "each sample's stability limit 2 / lambda_max (stability_limit(x_std[i:i + 1]), or by hand), and take the "
        "one that every sample allows.",
        praise=f"below it no step on a single sample overshoots its own bowl. At 0.5, {np.sum(single < 0.5)} of the 99 "
        "samples overshoot theirs: now and then the loss leaps far above the floor, and fit stops a run when a "
        f"batch loss passes 1e8 times the starting loss ({_stopped_runs(0.5)} of 20 shuffles within 100 epochs). "
        "Those are excursions, not divergence: without fit's stop the same runs come back near the floor, and "
        "never settle (the solutions show it).",
        mistakes=[
            (
                stability_limit(x_std),
                "that is the limit of the full batch (and of the flattest sample, x = 0): the "
                "steepest single sample sets the limit for steps on single samples.",
            ),
            (
                1.0 / steepest**2,
                "that leaves out the bias: the sample's bowl curves along (x_i, 1), with eigenvalue 2 (x_i**2 + 1).",
            ),
            (2.0 * float(single.min()), factor_hint),
            (0.5 * float(single.min()), factor_hint),
            (
                min(stability_limit(x[i : i + 1]) for i in range(len(x))),
                "that is on the raw data; the task uses the standardized x_std.",
            ),
        ],
    )
