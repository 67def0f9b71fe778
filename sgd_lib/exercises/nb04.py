"""Exercises of notebook 04: the optimizer."""

from __future__ import annotations

import numpy as np

from ..data import make_data, make_original_data
from ..evaluation import (
    hessian_eigenvalues,
    least_squares,
    stability_limit,
)
from ..losses import mse_gradient
from ..model import LinearModel
from ..optimizers import SGD
from ..training import fit
from ._fixtures import _standardized
from ._framework import (
    Verdict,
    exercise,
    judge_integer,
    judge_number,
    judge_vector,
)


@exercise("04.1")
def check_04_1(answer: object) -> Verdict:
    """Exercise 04.1: the full-batch stability limit 2 / lambda_max for the inputs x = 1..9 (a number)."""
    x_eval, _ = make_data(1.0, 10.0, 1.0)
    expected = stability_limit(x_eval)
    low, high = hessian_eigenvalues(x_eval)
    factor_hint = ("check the two factors of 2: H = 2 [[mean(x**2), mean(x)], [mean(x), 1]], and the limit is 2 "
                   "divided by its largest eigenvalue.")
    return judge_number(
        answer,
        expected,
        rtol=0.01,
        hint="build H = 2 [[mean(x**2), mean(x)], [mean(x), 1]] for these inputs and take 2 over the largest eigenvalue "
        "(np.linalg.eigvalsh sorts them smallest first).",
        praise="above that learning rate full-batch gradient descent on these inputs diverges, and the original's 0.1 "
        "lies above it.",
        mistakes=[
            (2.0 / low, "that is 2 over the smallest eigenvalue; the steepest direction (the largest eigenvalue) "
             "sets the limit."),
            (1.0 / high, factor_hint),
            (4.0 / high, factor_hint),
            (stability_limit(make_data(1.0, 11.0, 1.0)[0]), "that includes the stop value of tf.range among the "
             "inputs; it stops before it."),
            (stability_limit(make_original_data()[0]), "that is the limit for the training inputs 1..99; this task "
             "uses the evaluation inputs."),
        ],
    )


@exercise("04.2")
def check_04_2(answer: object) -> Verdict:
    """Exercise 04.2: [w, b] after one full-batch step (lr 0.3) from (-0.6, 1.6) on the standardized data."""
    x_std, y_std = _standardized()
    theta = np.array([-0.6, 1.6])
    lr = 0.3
    grad_w, grad_b = mse_gradient(x_std, y_std, theta[:1], theta[1])
    grads = np.append(grad_w, grad_b)
    expected = SGD(lr).step(theta, grads)
    return judge_vector(
        answer,
        expected,
        rtol=1e-3,
        atol=1e-9,
        hint="compute dL/dw and dL/db at the start on all the standardized data, then w <- w - lr * dL/dw and "
        "b <- b - lr * dL/db; answer [w, b] after the step.",
        praise="one step of full-batch gradient descent, exactly what SGD(0.3).step does.",
        mistakes=[
            (theta + lr * grads, "that step goes uphill: gradient descent moves against the gradient, "
             "theta - lr * gradient."),
            (theta - 0.5 * lr * grads, "check the factor 2 in the gradient of the squared error."),
            (-lr * grads, "that is the step itself; add it to the starting (w, b)."),
            (theta - grads, "multiply the gradient by the learning rate before subtracting it."),
        ],
    )


@exercise("04.3")
def check_04_3(answer: object) -> Verdict:
    """Exercise 04.3: full-batch steps (lr 0.9) from (-0.6, 1.6) until the distance is below 1% of the start."""
    x_std, y_std = _standardized()
    start = LinearModel(seed=0).set_params([-0.6, 1.6])
    history = fit(start, x_std, y_std, SGD(0.9), epochs=60, batch_size=len(y_std), shuffle=False)
    w_star, b_star = least_squares(x_std, y_std)
    distance = np.linalg.norm(history.params - np.append(w_star, b_star), axis=1)
    reached = np.flatnonzero(distance < 0.01 * distance[0])
    if reached.size == 0:  # guards the exercise itself, not the answer
        raise RuntimeError("exercise 04.3 needs more epochs: the run never reaches the target")
    expected = int(reached[0])
    count_hint = ("count again: history.params[k] holds (w, b) after k steps (row 0 is the start), and the task "
                  "asks for the first k at which the distance is below 1% of the starting distance.")
    return judge_integer(
        answer,
        expected,
        hint="each step multiplies the distance to the optimum by |1 - lr * lambda| with lambda = 2 on the "
        "standardized data: find the first whole k with |1 - 2 lr|^k < 0.01, or measure it in history.params.",
        praise="each zig-zag step keeps a fixed fraction of the distance, so the count follows from 1 - 2 lr.",
        mistakes=[(expected - 1, count_hint), (expected + 1, count_hint)],
    )
