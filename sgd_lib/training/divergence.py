"""Divergence: when a run counts as blown up, and the one sentence that tells the learner why."""

from __future__ import annotations

import numpy as np

from ..evaluation import condition_number, stability_limit
from ..optimizers import SGD, Optimizer
from .run import Run


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss blew up."""


class TrainingDiverged(RuntimeError):
    """Raised by :func:`~sgd_lib.fit` with ``on_divergence="raise"`` when the loss blows up."""


def loss_limit(targets: np.ndarray, start_loss: float, factor: float) -> float:
    """The batch loss beyond which a run diverges: ``factor`` times the larger of the starting loss and
    the variance of the targets (1 when both are 0), at most the largest float."""
    scale = max(start_loss, float(np.var(targets)))
    limit = factor * (scale if scale > 0 else 1.0)
    return limit if limit < np.inf else float(np.finfo(float).max)


def divergence_message(epoch: int, loss: float, which: str, opt: Optimizer, rate: float | None, run: Run) -> str:
    """One sentence for the learner: what blew up, the rate that did it, its limit, and what to do.

    ``which`` names the loss that blew up: ``"batch loss"`` (one batch's, the test made at every update),
    ``"loss of the final parameters"`` or ``"validation loss"``.
    """
    what = f"a {which}" if which == "batch loss" else f"the {which}"
    if not np.isfinite(loss):
        what = f"{what} became {loss}"
    else:
        what = f"{what} reached {loss:.3g}"
        if run.start_loss > 0 and loss > run.limit:  # the limit is at least the factor times the starting loss
            what += f", over {_plain(run.limit / run.start_loss)} times the starting loss"
    if which == "validation loss":
        return (
            f"Training diverged in epoch {epoch}: {what}, because the line's predictions on validation_data "
            "overflow; give validation_data on the scale of the training data."
        )
    rate = rate if rate is not None else opt.learning_rate
    try:
        stretched = condition_number(run.features) > 10
    except ValueError:  # a Hessian too large for a float: the data needs rescaling anyway
        stretched = True
    advice = "lower the learning rate or standardize the data" if stretched else "lower the learning rate"
    return (
        f"Training diverged in epoch {epoch}: {what}. The learning rate {rate:.3g} is too large for this data "
        f"{_why(opt, run)}; {advice}."
    )


def _plain(ratio: float) -> str:
    """A large ratio as a reader writes it: ``1e8``, ``3.5e9``, ``250``."""
    text = f"{ratio:.3g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"


def _why(opt: Optimizer, run: Run) -> str:
    """The stability limit that the rate broke, in parentheses."""
    if not isinstance(opt, SGD):
        return (
            f"(the full-batch stability limit is known for SGD with or without momentum, not for {type(opt).__name__})"
        )
    mu = opt.momentum
    method = "gradient descent" if mu == 0 else f"{'Nesterov ' if opt.nesterov else ''}momentum {mu:g}"
    try:
        limit = f"is stable only below {stability_limit(run.features, momentum=mu, nesterov=opt.nesterov):.3g}"
    except ValueError:
        limit = "has a stability limit too small to compute for this data"
    return f"(full-batch {method} {limit})"
