"""sgd_lib: the six steps of the SGD tutorial, in NumPy.

One module per section of the tutorial:

- :mod:`sgd_lib.data`: the data set (x = 1..99, y = x**2), standardization, splits, mini-batches
- :mod:`sgd_lib.model`: a linear model (one weight per feature and a bias)
- :mod:`sgd_lib.losses`: mean squared error and its gradient
- :mod:`sgd_lib.optimizers`: SGD (with momentum or Nesterov), AdaGrad, RMSProp, Adam;
  :mod:`sgd_lib.schedules`: learning-rate schedules
- :mod:`sgd_lib.training`: ``fit`` with epochs, batches, shuffling, callbacks and a History
- :mod:`sgd_lib.evaluation`: metrics, the least-squares optimum, the stability limit
"""

from .data import (
    Standardizer,
    batch_indices,
    iterate_minibatches,
    make_data,
    make_original_data,
    polynomial_features,
    standardize,
    train_test_split,
)
from .evaluation import (
    condition_number,
    hessian_eigenvalues,
    least_squares,
    least_squares_floor,
    mean_absolute_error,
    mse_hessian,
    prediction_table,
    r2_score,
    regression_metrics,
    root_mean_squared_error,
    stability_limit,
)
from .losses import mean_squared_error, mse_at, mse_gradient
from .model import LinearModel, glorot_normal, glorot_std
from .optimizers import SGD, AdaGrad, Adam, Optimizer, RMSProp, sgd_step
from .schedules import ConstantLR, ExponentialDecay, InverseTimeDecay, StepDecay
from .training import DivergenceWarning, History, TrainingDiverged, fit

__version__ = "0.1.0"

__all__ = [
    "SGD",
    "AdaGrad",
    "Adam",
    "Optimizer",
    "RMSProp",
    "ConstantLR",
    "DivergenceWarning",
    "ExponentialDecay",
    "History",
    "InverseTimeDecay",
    "LinearModel",
    "Standardizer",
    "StepDecay",
    "TrainingDiverged",
    "batch_indices",
    "condition_number",
    "fit",
    "glorot_normal",
    "glorot_std",
    "hessian_eigenvalues",
    "iterate_minibatches",
    "least_squares",
    "least_squares_floor",
    "make_data",
    "make_original_data",
    "mean_absolute_error",
    "mean_squared_error",
    "mse_at",
    "mse_gradient",
    "mse_hessian",
    "polynomial_features",
    "prediction_table",
    "r2_score",
    "regression_metrics",
    "root_mean_squared_error",
    "sgd_step",
    "stability_limit",
    "standardize",
    "train_test_split",
]
