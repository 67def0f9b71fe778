"""Every public function of sgd_lib, fed odd values: it works, or it says what is wrong in words.

For each public function and each of its parameters, hypothesis replaces that one argument
of a working call by an odd value (strings, None, bools, complex numbers, NaN, ±inf, empty,
0-d and 3-D arrays, ragged lists, object arrays, mismatched lengths, float32 and int arrays,
NumPy integer scalars, values whose squares overflow, ...). The call must then either

- work: return without NaN or inf that nobody asked for, or
- raise ``ValueError`` or ``TypeError`` whose message names the parameter;

and in both cases emit no NumPy warning and leave the caller's arrays unchanged. The number
of calls tried is printed at the end of the module (``pytest -s``).
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sgd_lib
from sgd_lib import (
    SGD,
    AdaGrad,
    Adam,
    ConstantLR,
    ExponentialDecay,
    History,
    InverseTimeDecay,
    LinearModel,
    RMSProp,
    Standardizer,
    StepDecay,
    batch_indices,
    condition_number,
    dynamics,
    fit,
    glorot_normal,
    glorot_std,
    hessian_eigenvalues,
    iterate_minibatches,
    least_squares,
    least_squares_floor,
    make_data,
    mean_absolute_error,
    mean_squared_error,
    mse_at,
    mse_gradient,
    mse_hessian,
    noise,
    polynomial_features,
    prediction_table,
    r2_score,
    regression_metrics,
    root_mean_squared_error,
    sgd_step,
    stability_limit,
    standardize,
    tfjs,
    train_test_split,
)
from sgd_lib.checks import MOST
from sgd_lib.claims import ClaimFailed, claim
from sgd_lib.data import batch_sizes
from sgd_lib.exercises import EXERCISES
from sgd_lib.losses import mse_grid
from sgd_lib.schedules import rates

#: One worker runs the whole file in order, so the count of calls at its end covers every test of it.
pytestmark = pytest.mark.xdist_group("fuzz")

X = np.arange(1.0, 11.0)
Y = X**2
XS, YS = (X - 5.5) / 3, (Y - 38.5) / 30  # standardized, for the functions that need a stable learning rate
CALLS = {"count": 0}


def _ragged():
    return [[1.0, 2.0], [3.0]]


ODD = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            "0.5",
            "",
            b"1",
            1j,
            complex(1, 1),
            math.nan,
            math.inf,
            -math.inf,
            0,
            -1,
            0.0,
            -0.5,
            1e308,
            -1e308,
            1e200,
            1e-320,
            2**70,
            np.int64(3),
            np.int8(-2),
            np.float32(0.5),
            np.nan,
            [],
            (),
            {},
            {"a": 1},
            set(),
            np.array(5.0),
            np.array([]),
            np.zeros((2, 2, 2)),
            np.array([1, "a"], dtype=object),
            np.array([None, None]),
            np.arange(3, dtype=np.float32),
            np.arange(3),
            np.array([1.0, np.nan]),
            np.array([1e200, 2e200]),
            np.array([[1.0, 2.0], [3.0, 4.0]]),
            np.ones(10) * np.inf,
            [1.0, 2.0],
            np.array([1 + 2j, 3j]),
            np.ones(10, dtype=bool),
            lambda *args: None,
            object(),
            SGD,
            LinearModel,
            np.ma.masked_array([1.0, 2.0], mask=[False, True]),
            lambda t: -0.1,
            lambda t: 0.0,
        ]
    ),
    st.builds(_ragged),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=12),
    st.text(max_size=5),
)


@dataclass
class Call:
    """A working call of a public function, whose arguments are replaced one at a time."""

    name: str
    function: Callable[..., object]
    kwargs: dict[str, Callable[[], object]]  # fresh working values
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other names a message may use
    infinite: bool = False  # the result may be inf by definition (documented, not silent)
    #: sizes whose legal values from 10,000 to MOST ask for a large result (they only take time): not tried
    sizes: tuple[str, ...] = ()


def _model():
    return LinearModel(seed=0)


def _claim_or_refute(holds, fact):
    """``claim``, whose documented answer to a false ``holds`` is ClaimFailed with the fact in words."""
    try:
        claim(holds, fact)
    except ClaimFailed as refuted:
        assert str(refuted) == f"not so: {fact}"


CALLS_TABLE = [
    Call(
        "make_data",
        make_data,
        {"start": lambda: 1.0, "stop": lambda: 10.0, "step": lambda: 1.0, "func": lambda: np.square},
        sizes=("stop",),
    ),
    Call("Standardizer.fit", lambda values: Standardizer().fit(values), {"values": lambda: X.copy()}),
    Call(
        "Standardizer.transform", lambda values: Standardizer().fit(X).transform(values), {"values": lambda: X.copy()}
    ),
    Call(
        "Standardizer.inverse_transform",
        lambda values: Standardizer().fit(X).inverse_transform(values),
        {"values": lambda: X.copy()},
    ),
    Call("standardize", standardize, {"x": lambda: X.copy(), "y": lambda: Y.copy()}),
    Call(
        "train_test_split",
        train_test_split,
        {"x": lambda: X.copy(), "y": lambda: Y.copy(), "test_size": lambda: 0.2, "seed": lambda: 0},
    ),
    Call(
        "batch_indices",
        batch_indices,
        {"n_samples": lambda: 10, "batch_size": lambda: 3, "shuffle": lambda: True, "seed": lambda: 0},
        sizes=("n_samples",),
    ),
    Call(
        "iterate_minibatches",
        lambda **kw: list(iterate_minibatches(**kw)),
        {
            "x": lambda: X.copy(),
            "y": lambda: Y.copy(),
            "batch_size": lambda: 3,
            "shuffle": lambda: True,
            "seed": lambda: 0,
        },
    ),
    Call("polynomial_features", polynomial_features, {"x": lambda: X.copy(), "degree": lambda: 2}),
    Call("LinearModel", LinearModel, {"n_features": lambda: 1, "seed": lambda: 0}, sizes=("n_features",)),
    Call("LinearModel.set_params", lambda params: _model().set_params(params), {"params": lambda: [1.0, 2.0]}),
    Call("LinearModel.predict", lambda x: _model().predict(x), {"x": lambda: X.copy()}),
    Call("glorot_std", glorot_std, {"fan_in": lambda: 1, "fan_out": lambda: 1}),
    Call(
        "glorot_normal",
        glorot_normal,
        {"fan_in": lambda: 1, "fan_out": lambda: 1, "seed": lambda: 0},
        sizes=("fan_in", "fan_out"),
    ),
    Call("mean_squared_error", mean_squared_error, {"y_true": lambda: Y.copy(), "y_pred": lambda: Y + 1.0}),
    Call("mean_absolute_error", mean_absolute_error, {"y_true": lambda: Y.copy(), "y_pred": lambda: Y + 1.0}),
    Call("root_mean_squared_error", root_mean_squared_error, {"y_true": lambda: Y.copy(), "y_pred": lambda: Y + 1.0}),
    Call("r2_score", r2_score, {"y_true": lambda: Y.copy(), "y_pred": lambda: Y + 1.0}),
    Call("regression_metrics", regression_metrics, {"y_true": lambda: Y.copy(), "y_pred": lambda: Y + 1.0}),
    Call(
        "prediction_table",
        prediction_table,
        {"x": lambda: X.copy(), "y_true": lambda: Y.copy(), "y_pred": lambda: Y + 1.0, "digits": lambda: 1},
    ),
    Call(
        "mse_gradient",
        mse_gradient,
        {"x": lambda: X.copy(), "y": lambda: Y.copy(), "weights": lambda: [1.0], "bias": lambda: 0.5},
    ),
    Call("mse_at", mse_at, {"x": lambda: X.copy(), "y": lambda: Y.copy(), "params": lambda: [1.0, 0.5]}),
    Call(
        "mse_grid",
        mse_grid,
        {"x": lambda: X.copy(), "y": lambda: Y.copy(), "w_values": lambda: [0.0, 1.0], "b_values": lambda: [0.0, 1.0]},
    ),
    Call("least_squares", least_squares, {"x": lambda: X.copy(), "y": lambda: Y.copy()}),
    Call("least_squares_floor", least_squares_floor, {"x": lambda: X.copy(), "y": lambda: Y.copy()}),
    Call("mse_hessian", mse_hessian, {"x": lambda: X.copy()}),
    Call("hessian_eigenvalues", hessian_eigenvalues, {"x": lambda: X.copy()}),
    Call("condition_number", condition_number, {"x": lambda: X.copy()}, infinite=True),  # inf: a flat bowl
    Call(
        "stability_limit", stability_limit, {"x": lambda: X.copy(), "momentum": lambda: 0.5, "nesterov": lambda: False}
    ),
    Call("SGD", SGD, {"learning_rate": lambda: 0.1, "momentum": lambda: 0.5, "nesterov": lambda: False}),
    Call(
        "SGD.step",
        lambda params, grads: SGD(0.1, momentum=0.5).step(params, grads),
        {"params": lambda: np.array([1.0, 2.0]), "grads": lambda: np.array([0.5, -0.5])},
    ),
    Call(
        "sgd_step",
        sgd_step,
        {
            "params": lambda: np.array([1.0, 2.0]),
            "grads": lambda: np.array([0.5, -0.5]),
            "velocity": lambda: None,
            "learning_rate": lambda: 0.1,
            "momentum": lambda: 0.5,
            "nesterov": lambda: True,
        },
    ),
    Call("ConstantLR", ConstantLR, {"initial": lambda: 0.1}),
    Call(
        "AdaGrad",
        AdaGrad,
        {"learning_rate": lambda: 0.1, "initial_accumulator_value": lambda: 0.1, "epsilon": lambda: 1e-7},
    ),
    Call(
        "RMSProp",
        RMSProp,
        {"learning_rate": lambda: 0.1, "decay": lambda: 0.9, "momentum": lambda: 0.0, "epsilon": lambda: 1e-7},
    ),
    Call(
        "Adam",
        Adam,
        {"learning_rate": lambda: 0.001, "beta1": lambda: 0.9, "beta2": lambda: 0.999, "epsilon": lambda: 1e-7},
    ),
    Call(
        "Adam.step",
        lambda params, grads: Adam(0.1).step(params, grads),
        {"params": lambda: np.array([1.0, 2.0]), "grads": lambda: np.array([0.5, -0.5])},
    ),
    Call("StepDecay", StepDecay, {"initial": lambda: 0.1, "factor": lambda: 0.5, "every": lambda: 10}),
    Call(
        "ExponentialDecay", ExponentialDecay, {"initial": lambda: 0.1, "rate": lambda: 0.5, "decay_steps": lambda: 10}
    ),
    Call(
        "InverseTimeDecay", InverseTimeDecay, {"initial": lambda: 0.1, "rate": lambda: 1.0, "decay_steps": lambda: 10}
    ),
    Call(
        "fit",
        fit,
        {
            "model": _model,
            "x": lambda: (X - 5.5) / 3,
            "y": lambda: (Y - 38.5) / 30,
            "optimizer": lambda: 0.1,
            "epochs": lambda: 2,
            "batch_size": lambda: 4,
            "shuffle": lambda: True,
            "seed": lambda: 0,
            "validation_data": lambda: None,
            "callbacks": lambda: (),
            "record_updates": lambda: False,
            "on_divergence": lambda: "stop",
            "divergence_factor": lambda: 1e8,
            "fast": lambda: True,
        },
        sizes=("epochs",),
    ),
]
# The public functions of the modules that notebooks import one by one (dynamics, noise, tfjs, ...).
CALLS_TABLE += [
    Call(
        "rates",
        rates,
        {"schedule": lambda: ExponentialDecay(0.1), "first": lambda: 0, "count": lambda: 5},
        aliases={"schedule": ("learning_rate",)},  # a schedule is an optimizer's learning rate
        sizes=("count",),
    ),
    Call("batch_sizes", batch_sizes, {"n_samples": lambda: 10, "batch_size": lambda: 4}, sizes=("n_samples",)),
    Call("claim", _claim_or_refute, {"holds": lambda: True, "fact": lambda: "one is one"}),
    Call(
        "momentum_matrix",
        dynamics.momentum_matrix,
        {"learning_rate": lambda: 0.1, "momentum": lambda: 0.5, "curvature": lambda: 2.0, "nesterov": lambda: False},
    ),
    Call(
        "momentum_roots",
        dynamics.momentum_roots,
        {"learning_rate": lambda: 0.1, "momentum": lambda: 0.5, "curvature": lambda: 2.0, "nesterov": lambda: True},
    ),
    Call(
        "spectral_radius",
        dynamics.spectral_radius,
        {"learning_rate": lambda: 0.1, "momentum": lambda: 0.5, "curvature": lambda: 2.0, "nesterov": lambda: False},
    ),
    Call(
        "convergence_factor",
        dynamics.convergence_factor,
        {
            "learning_rate": lambda: 0.1,
            "momentum": lambda: 0.5,
            "curvatures": lambda: np.array([0.5, 2.0]),
            "nesterov": lambda: False,
        },
    ),
    Call(
        "critical_momentum",
        dynamics.critical_momentum,
        {"learning_rate": lambda: 0.1, "curvature": lambda: 2.0, "nesterov": lambda: False},
    ),
    Call(
        "steps_per_sign_change",
        dynamics.steps_per_sign_change,
        {"learning_rate": lambda: 0.1, "momentum": lambda: 0.9, "curvature": lambda: 2.0, "nesterov": lambda: False},
        infinite=True,  # inf: an error that never changes sign
    ),
    Call(
        "optimal_momentum",
        dynamics.optimal_momentum,
        {"curvatures": lambda: np.array([0.5, 2.0]), "nesterov": lambda: False},
    ),
    Call("optimal_plain", dynamics.optimal_plain, {"curvatures": lambda: np.array([0.5, 2.0])}),
    Call(
        "measured_factor",
        dynamics.measured_factor,
        {"errors": lambda: 0.9 ** np.arange(20.0), "first": lambda: 0, "last": lambda: 10, "window": lambda: 3},
    ),
    Call(
        "factor_map",
        dynamics.factor_map,
        {
            "x": lambda: XS.copy(),
            "nesterov": lambda: False,
            "learning_rates": lambda: (0.0, 1.0),
            "momenta": lambda: (0.0, 0.9),
            "resolution": lambda: 12,
        },
    ),
    Call(
        "per_sample_gradients",
        noise.per_sample_gradients,
        {"x": lambda: XS.copy(), "y": lambda: YS.copy(), "params": lambda: [0.5, 0.1]},
    ),
    Call(
        "noise_covariance",
        noise.noise_covariance,
        {"x": lambda: XS.copy(), "y": lambda: YS.copy(), "batch_size": lambda: 3},
    ),
    Call("batch_noise", noise.batch_noise, {"x": lambda: XS.copy(), "y": lambda: YS.copy(), "batch_size": lambda: 3}),
    Call(
        "noise_floor",
        noise.noise_floor,
        {"x": lambda: XS.copy(), "y": lambda: YS.copy(), "learning_rate": lambda: 0.1, "batch_size": lambda: 3},
    ),
    Call(
        "reshuffled_noise_floor",
        noise.reshuffled_noise_floor,
        {
            "x": lambda: XS.copy(),
            "y": lambda: YS.copy(),
            "learning_rate": lambda: 0.1,
            "batch_size": lambda: 3,
            "at": lambda: "every update",
        },
    ),
    Call(
        "epoch_growth",
        noise.epoch_growth,
        {
            "x": lambda: XS.copy(),
            "learning_rate": lambda: 0.5,
            "batch_size": lambda: 3,
            "shuffles": lambda: 20,
            "seed": lambda: 0,
        },
        sizes=("shuffles",),
    ),
    Call(
        "epoch_growth_limit",
        noise.epoch_growth_limit,
        {
            "x": lambda: XS.copy(),
            "batch_size": lambda: 3,
            "shuffles": lambda: 20,
            "seed": lambda: 0,
            "rtol": lambda: 1e-3,
        },
        sizes=("shuffles",),
    ),
    Call("js_number", tfjs.js_number, {"value": lambda: 0.1}),
    Call("js_precision", tfjs.js_precision, {"value": lambda: 0.1, "digits": lambda: 4}),
    Call("epoch_line", tfjs.epoch_line, {"epoch": lambda: 0, "loss": lambda: 0.1}),
    Call(
        "side_by_side",
        tfjs.side_by_side,
        {
            "log": tfjs.original_log,
            "replay": lambda: tfjs.replay_fit(X, Y, (0.5, 0.0), learning_rate=1e-4, epochs=2, batch_size=4),
            "epochs": lambda: [0, 1],
        },
    ),
    Call(
        "replay_fit",
        tfjs.replay_fit,
        {
            "x": lambda: X.copy(),
            "y": lambda: Y.copy(),
            "start": lambda: (0.5, 0.0),
            "learning_rate": lambda: 1e-4,
            "epochs": lambda: 2,
            "batch_size": lambda: 4,
            "orders": lambda: None,
            "seed": lambda: 0,
        },
        sizes=("epochs",),
    ),
]
PAIRS = [(call, parameter) for call in CALLS_TABLE for parameter in call.kwargs]


def _arrays(value: object) -> list[np.ndarray]:
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, (list, tuple)):
        return [a for item in value for a in _arrays(item)]
    return []


def _silent_nonfinite(result: object) -> bool:
    """True when a result carries NaN or inf that nothing reported."""
    if isinstance(result, History):
        return not result.diverged and not all(np.isfinite(result.loss))
    if isinstance(result, (float, np.floating)):
        return not np.isfinite(result)
    if isinstance(result, np.ndarray) and result.dtype.kind == "f":
        return not np.all(np.isfinite(result))
    if isinstance(result, dict):
        return any(_silent_nonfinite(v) for v in result.values())
    if isinstance(result, (list, tuple)):
        return any(_silent_nonfinite(v) for v in result)
    return False


def _check_call(call: Call, parameter: str, odd: object) -> None:
    kwargs = {name: make() for name, make in call.kwargs.items()}
    kwargs[parameter] = odd
    before = [(a, a.copy()) for a in _arrays(odd) if a.dtype != object]
    CALLS["count"] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a NumPy RuntimeWarning (overflow, invalid, ...) fails the test
        try:
            result = call.function(**kwargs)
        except (ValueError, TypeError) as error:
            names = (parameter, *call.aliases.get(parameter, ()))
            assert any(name in str(error) for name in names), (
                f"{call.name}({parameter}={odd!r}) raised {type(error).__name__} without naming {parameter}: {error}"
            )
        else:
            shown = np.where(np.isinf(result), 0.0, result) if call.infinite else result  # inf by definition
            assert not _silent_nonfinite(shown), f"{call.name}({parameter}={odd!r}) returned NaN or inf silently"
    for array, copy in before:
        assert np.array_equal(array, copy, equal_nan=True), f"{call.name} changed the caller's {parameter}"


@pytest.mark.parametrize("call, parameter", PAIRS, ids=[f"{c.name}-{p}" for c, p in PAIRS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd=ODD)
def test_odd_values_work_or_are_refused_by_name(call, parameter, odd):
    large = isinstance(odd, (int, float, np.integer, np.floating)) and not isinstance(odd, bool) and 10**4 < odd <= MOST
    assume(not (parameter in call.sizes and large))  # a legal request for millions of values takes its time
    _check_call(call, parameter, odd)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
@settings(max_examples=25, deadline=None)
@given(odd=ODD)
def test_exercise_checks_answer_odd_values_with_one_line(exercise_id, odd):
    CALLS["count"] += 1
    out = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(out):
        warnings.simplefilter("error")
        EXERCISES[exercise_id](odd)
    printed = out.getvalue()
    assert printed.count("\n") == 1 and printed.split(":")[0] in ("Correct", "Not quite", "Not answered yet")
    if isinstance(odd, (complex, np.complexfloating)) or (isinstance(odd, np.ndarray) and odd.dtype.kind == "c"):
        assert not printed.startswith("Correct")


def test_the_public_api_is_covered():
    covered = {call.name.split(".")[0] for call in CALLS_TABLE}
    skipped = {
        "make_original_data",
        "History",
        "TrainingDiverged",
        "DivergenceWarning",  # no arguments
        "Optimizer",
    }  # abstract: its subclasses are called
    missing = set(sgd_lib.__all__) - covered - skipped
    assert not missing, f"public names the fuzz test does not call: {sorted(missing)}"


def test_the_public_functions_of_the_teaching_modules_are_covered():
    covered = {call.name.split(".")[0] for call in CALLS_TABLE}
    results = {"Tuning", "FactorMap", "Replay", "OriginalLog"}  # what the functions return, not called directly
    reads_a_file = {"original_log"}  # a wrong path is Python's own FileNotFoundError; a wrong type is refused by name
    for module in (dynamics, noise, tfjs):
        public = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_") and callable(value) and getattr(value, "__module__", None) == module.__name__
        }
        missing = public - covered - results - reads_a_file
        assert not missing, f"public names of {module.__name__} the fuzz test does not call: {sorted(missing)}"


def test_zz_report_the_number_of_calls():
    print(f"\nfuzz: {CALLS['count']} calls of the public API with odd values")
    assert CALLS["count"] > 1000 or CALLS["count"] == 0  # 0 when run alone with -k
