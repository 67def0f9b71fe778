"""Bad input gets a clear error that names the parameter and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from sgd_lib import (
    SGD,
    ConstantLR,
    ExponentialDecay,
    InverseTimeDecay,
    LinearModel,
    Standardizer,
    StepDecay,
    batch_indices,
    dynamics,
    fit,
    glorot_normal,
    iterate_minibatches,
    least_squares,
    least_squares_floor,
    make_data,
    make_original_data,
    mean_squared_error,
    mse_at,
    mse_gradient,
    mse_hessian,
    noise,
    polynomial_features,
    prediction_table,
    r2_score,
    stability_limit,
    standardize,
    tfjs,
    train_test_split,
)
from sgd_lib.data import batch_sizes
from sgd_lib.schedules import rates

X, Y = make_original_data()
NAN_X = np.where(X == 50, np.nan, X)
INF_Y = np.where(X == 3, np.inf, Y)


def train(**kwargs):
    arguments = {"model": LinearModel(seed=0), "x": X, "y": Y, "optimizer": 0.01, "epochs": 1}
    arguments.update(kwargs)
    return fit(**arguments)


DATA_ERRORS = [
    # (id, call, exception, message pattern)
    ("lengths differ", lambda: train(y=Y[:-1]), ValueError, r"x has 99 samples but y has 98"),
    ("empty x", lambda: train(x=[], y=[]), ValueError, r"x is empty"),
    ("empty y", lambda: mean_squared_error([], []), ValueError, r"y_true is empty"),
    ("NaN in x", lambda: train(x=NAN_X), ValueError, r"x contains 1 NaN or infinite"),
    ("inf in y", lambda: train(y=INF_Y), ValueError, r"y contains 1 NaN or infinite"),
    ("inf in y_pred", lambda: mean_squared_error([1.0], [np.inf]), ValueError, r"y_pred contains 1 NaN"),
    (
        "3-D x",
        lambda: train(x=np.ones((3, 1, 1)), y=[1.0, 2.0, 3.0]),
        ValueError,
        r"x must be 1-D .* or 2-D .*got shape \(3, 1, 1\)",
    ),
    ("3-D y", lambda: train(y=np.ones((99, 1, 1))), ValueError, r"y must be 1-D .*got shape \(99, 1, 1\)"),
    ("y with 2 columns", lambda: train(y=np.ones((99, 2))), ValueError, r"y must be 1-D .*\(99, 2\)"),
    ("string x", lambda: train(x=["1", "2"], y=[1.0, 2.0]), TypeError, r"x must hold real numbers"),
    ("string y", lambda: train(y=["a"] * 99), TypeError, r"y must hold real numbers"),
    ("bool x", lambda: train(x=[True, False], y=[1.0, 2.0]), TypeError, r"x must hold real numbers .*dtype bool"),
    ("bool y", lambda: least_squares([1.0, 2.0], [True, False]), TypeError, r"y must hold real numbers .*dtype bool"),
    ("None in x", lambda: train(x=[1.0, None], y=[1.0, 2.0]), TypeError, r"x must hold real numbers .*dtype object"),
    ("complex x", lambda: standardize([1j, 2j], [1.0, 2.0]), TypeError, r"x must hold real numbers"),
]

TRAINING_ERRORS = [
    ("lr zero", lambda: train(optimizer=0.0), ValueError, r"optimizer must be a finite number > 0, got 0\.0"),
    ("lr negative", lambda: train(optimizer=-0.1), ValueError, r"optimizer must be a finite number > 0"),
    ("lr NaN", lambda: train(optimizer=float("nan")), ValueError, r"optimizer must be a finite number > 0, got nan"),
    ("lr inf", lambda: train(optimizer=float("inf")), ValueError, r"optimizer must be a finite number > 0"),
    (
        "lr string",
        lambda: train(optimizer="0.1"),
        TypeError,
        r"optimizer must be an optimizer such as SGD\(0.1\) or a learning rate",
    ),
    ("SGD lr zero", lambda: SGD(0.0), ValueError, r"learning_rate must be a finite number > 0"),
    ("SGD lr negative", lambda: SGD(-1), ValueError, r"learning_rate must be a finite number > 0, got -1\.0"),
    ("SGD lr NaN", lambda: SGD(float("nan")), ValueError, r"learning_rate must be a finite number > 0, got nan"),
    ("SGD lr bool", lambda: SGD(True), TypeError, r"learning_rate must be a finite number > 0, got True"),
    ("epochs zero", lambda: train(epochs=0), ValueError, r"epochs must be an integer >= 1, got 0"),
    ("epochs negative", lambda: train(epochs=-3), ValueError, r"epochs must be an integer >= 1"),
    ("epochs float", lambda: train(epochs=2.0), TypeError, r"epochs must be an integer >= 1, got 2\.0"),
    ("epochs bool", lambda: train(epochs=True), TypeError, r"epochs must be an integer"),
    ("epochs string", lambda: train(epochs="10"), TypeError, r"epochs must be an integer"),
    ("batch_size zero", lambda: train(batch_size=0), ValueError, r"batch_size must be an integer >= 1, got 0"),
    ("batch_size float", lambda: train(batch_size=32.5), TypeError, r"batch_size must be an integer"),
    ("momentum 1", lambda: SGD(0.1, momentum=1.0), ValueError, r"momentum must be a number in \[0, 1\), got 1\.0"),
    ("momentum negative", lambda: SGD(0.1, momentum=-0.1), ValueError, r"momentum must be a number in \[0, 1\)"),
    (
        "momentum NaN",
        lambda: SGD(0.1, momentum=float("nan")),
        ValueError,
        r"momentum must be a number in \[0, 1\), got nan",
    ),
    ("momentum string", lambda: SGD(0.1, momentum="0.9"), TypeError, r"momentum must be a number"),
    ("nesterov not bool", lambda: SGD(0.1, nesterov=1), TypeError, r"nesterov must be True or False"),
    ("model features", lambda: train(model=LinearModel(2)), ValueError, r"x has 1 feature\(s\) but model expects 2"),
    ("not a model", lambda: train(model="model"), TypeError, r"model must be a LinearModel, got str"),
    ("seed negative", lambda: train(seed=-1), ValueError, r"seed must be an integer >= 0"),
    (
        "seed float",
        lambda: train(seed=1.5),
        TypeError,
        r"seed must be an integer >= 0, a numpy.random.Generator or None, got 1.5",
    ),
    (
        "on_divergence",
        lambda: train(on_divergence="ignore"),
        ValueError,
        r"on_divergence must be 'stop', 'warn' or 'raise'",
    ),
    (
        "divergence_factor",
        lambda: train(divergence_factor=0),
        ValueError,
        r"divergence_factor must be a finite number > 0",
    ),
    ("callback not callable", lambda: train(callbacks=[1]), TypeError, r"callbacks\[0\] must be callable"),
    ("validation not a pair", lambda: train(validation_data=(X,)), TypeError, r"validation_data must be a pair"),
    ("validation array", lambda: train(validation_data=X), TypeError, r"validation_data must be a pair"),
    (
        "validation lengths",
        lambda: train(validation_data=(X, Y[:3])),
        ValueError,
        r"validation_data\[0\] has 99 samples but validation_data\[1\] has 3",
    ),
    (
        "validation features",
        lambda: train(validation_data=(np.ones((3, 2)), [1.0, 2.0, 3.0])),
        ValueError,
        r"validation_data\[0\] has 2 feature\(s\) but the model expects 1",
    ),
    (
        "validation NaN",
        lambda: train(validation_data=(X, np.where(X == 2, np.nan, Y))),
        ValueError,
        r"validation_data\[1\] contains 1 NaN",
    ),
    (
        "validation strings",
        lambda: train(validation_data=(["a"], [1.0])),
        TypeError,
        r"validation_data\[0\] must hold real numbers",
    ),
]

MODEL_AND_SCHEDULE_ERRORS = [
    (
        "n_features zero",
        lambda: LinearModel(0),
        ValueError,
        r"n_features must be an integer in \[1, 1,000,000\], got 0",
    ),
    ("n_features float", lambda: LinearModel(1.0), TypeError, r"n_features must be an integer"),
    (
        "predict features",
        lambda: LinearModel(2).predict(X),
        ValueError,
        r"x has 1 feature\(s\) but the model expects 2",
    ),
    ("predict NaN", lambda: LinearModel().predict([np.nan]), ValueError, r"x contains 1 NaN"),
    (
        "set_params too long",
        lambda: LinearModel().set_params([1.0, 2.0, 0.0]),
        ValueError,
        r"params must have shape \(2,\)",
    ),
    ("set_params NaN", lambda: LinearModel().set_params([np.nan, 0.0]), ValueError, r"params contains 1 NaN"),
    ("set_params too short", lambda: LinearModel().set_params([1.0]), ValueError, r"params must have shape \(2,\)"),
    (
        "set_params bias None",
        lambda: LinearModel().set_params([1.0, None]),
        TypeError,
        r"params must hold real numbers",
    ),
    ("set_params rows", lambda: LinearModel().set_params([[1.0, 2.0]]), ValueError, r"params must be one vector"),
    ("glorot fan_in", lambda: glorot_normal(0), ValueError, r"fan_in must be an integer in \[1, "),
    ("glorot fan_out", lambda: glorot_normal(1, 0), ValueError, r"fan_out must be an integer in \[1, "),
    ("constant initial", lambda: ConstantLR(0.0), ValueError, r"initial must be a finite number > 0"),
    ("step factor", lambda: StepDecay(0.1, factor=2.0), ValueError, r"factor must be a number in \(0, 1\], got 2\.0"),
    ("step every", lambda: StepDecay(0.1, every=0), ValueError, r"every must be an integer >= 1"),
    (
        "exponential rate",
        lambda: ExponentialDecay(0.1, rate=1.5),
        ValueError,
        r"rate must be a number in \(0, 1\], got 1\.5",
    ),
    ("exponential steps", lambda: ExponentialDecay(0.1, decay_steps=2.5), TypeError, r"decay_steps must be an integer"),
    ("inverse rate", lambda: InverseTimeDecay(0.1, rate=-1.0), ValueError, r"rate must be a finite number >= 0"),
    ("inverse rate inf", lambda: InverseTimeDecay(0.1, rate=float("inf")), ValueError, r"rate must be a finite number"),
    (
        "inverse rate string",
        lambda: InverseTimeDecay(0.1, rate="1"),
        TypeError,
        r"rate must be a finite number >= 0, got '1'",
    ),
    ("inverse initial", lambda: InverseTimeDecay(-0.1), ValueError, r"initial must be a finite number > 0"),
    (
        "gradient weights",
        lambda: mse_gradient(X, Y, [1.0, 2.0], 0.0),
        ValueError,
        r"weights must have shape \(1,\) to match x",
    ),
]

DATA_MODULE_ERRORS = [
    (
        "test_size zero",
        lambda: train_test_split(X, Y, 0.0),
        ValueError,
        r"test_size must be a number in \(0, 1\), got 0\.0",
    ),
    ("test_size one", lambda: train_test_split(X, Y, 1.0), ValueError, r"test_size must be a number in \(0, 1\)"),
    ("test_size negative", lambda: train_test_split(X, Y, -0.2), ValueError, r"test_size must be a number in \(0, 1\)"),
    (
        "test_size NaN",
        lambda: train_test_split(X, Y, float("nan")),
        ValueError,
        r"test_size must be a number in \(0, 1\)",
    ),
    ("test_size string", lambda: train_test_split(X, Y, "0.2"), TypeError, r"test_size must be a number"),
    ("test_size too small", lambda: train_test_split(X, Y, 0.001), ValueError, r"test_size=0\.001 leaves 0 of 99"),
    ("test_size too large", lambda: train_test_split(X, Y, 0.999), ValueError, r"test_size=0\.999 leaves 99 of 99"),
    ("split lengths", lambda: train_test_split(X, Y[:5]), ValueError, r"x has 99 samples but y has 5"),
    ("split seed", lambda: train_test_split(X, Y, seed=-2), ValueError, r"seed must be an integer >= 0"),
    ("make_data empty range", lambda: make_data(5, 1), ValueError, r"stop must be greater than start"),
    ("make_data step", lambda: make_data(1, 5, 0), ValueError, r"step must be a finite number > 0"),
    (
        "make_data infinite",
        lambda: make_data(1, np.inf),
        ValueError,
        r"stop must be a number in \[-1e\+150, 1e\+150\], got inf",
    ),
    (
        "make_data func",
        lambda: make_data(1, 5, 1, lambda v: v[:2]),
        ValueError,
        r"func must return one value per input",
    ),
    ("standardize lengths", lambda: standardize(X, Y[:3]), ValueError, r"x has 99 samples but y has 3"),
    ("standardizer unfitted", lambda: Standardizer().transform([1.0]), RuntimeError, r"not fitted yet"),
    ("standardizer scalar", lambda: Standardizer().fit(3.0), ValueError, r"values must be a 1-D or 2-D array"),
    ("standardizer NaN", lambda: Standardizer().fit([1.0, np.nan]), ValueError, r"values contains 1 NaN"),
    (
        "standardizer columns",
        lambda: Standardizer().fit(np.ones((3, 2))).transform([1.0, 2.0]),
        ValueError,
        r"values has 1 column\(s\) but this Standardizer was fitted on 2",
    ),
    ("batch n_samples", lambda: batch_indices(0), ValueError, r"n_samples must be an integer in \[1, "),
    ("batch batch_size", lambda: batch_indices(10, 0), ValueError, r"batch_size must be an integer >= 1"),
    ("minibatch batch_size", lambda: list(iterate_minibatches(X, Y, batch_size=-1)), ValueError, r"batch_size must be"),
    ("minibatch lengths", lambda: list(iterate_minibatches(X, Y[:2])), ValueError, r"x has 99 samples but y has 2"),
    ("poly degree", lambda: polynomial_features(X, 0), ValueError, r"degree must be an integer in \[1, 100\], got 0"),
    ("poly columns", lambda: polynomial_features(np.ones((3, 2))), ValueError, r"x must hold one feature to expand"),
]

EVALUATION_ERRORS = [
    ("mse lengths", lambda: mean_squared_error([1.0, 2.0], [1.0]), ValueError, r"y_true has 2 values but y_pred has 1"),
    ("r2 lengths", lambda: r2_score([1.0, 2.0], [1.0]), ValueError, r"y_true has 2 values but y_pred has 1"),
    ("r2 constant", lambda: r2_score([1.0, 1.0], [1.0, 2.0]), ValueError, r"y_true is constant"),
    ("least_squares NaN", lambda: least_squares(NAN_X, Y), ValueError, r"x contains 1 NaN"),
    ("stability_limit 3-D", lambda: stability_limit(np.ones((2, 2, 2))), ValueError, r"x must be 1-D"),
    (
        "table lengths",
        lambda: prediction_table(X, Y, Y[:3]),
        ValueError,
        r"y_true has 99 values but y_pred has 3: pass one prediction per target",
    ),
    ("table x and y", lambda: prediction_table(X[:3], Y, Y), ValueError, r"x has 3 samples but y_true has 99"),
]

ALL_ERRORS = DATA_ERRORS + TRAINING_ERRORS + MODEL_AND_SCHEDULE_ERRORS + DATA_MODULE_ERRORS + EVALUATION_ERRORS


@pytest.mark.parametrize(("call", "error", "pattern"), [c[1:] for c in ALL_ERRORS], ids=[c[0] for c in ALL_ERRORS])
def test_bad_input_gets_a_clear_error(call, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        call()
    message = str(info.value)
    assert "\n" not in message and len(message) < 200  # one readable sentence, not a NumPy traceback


def test_case_ids_are_unique():
    ids = [case[0] for case in ALL_ERRORS]
    assert len(ids) == len(set(ids))


def test_valid_alternatives_are_accepted():
    # The boundaries of the checks are inclusive where they should be.
    assert SGD(0.1, momentum=0.0).momentum == 0.0
    assert SGD(np.float64(0.1), momentum=np.float64(0.99)).momentum == 0.99
    assert StepDecay(0.1, factor=1.0)(1000) == 0.1
    history = train(epochs=np.int64(2), batch_size=np.int64(99), seed=np.int64(0))
    assert len(history.loss) == 2
    assert train(x=X.reshape(-1, 1), y=Y.reshape(-1, 1), seed=None).loss[0] > 0
    assert train(x=list(range(1, 100)), y=[v * v for v in range(1, 100)]).loss == train().loss


# --- The cases the fuzzing of issue "bad input, said in words" found ------------------------------

FOUND_BY_FUZZING = [
    (
        "squares overflow",
        lambda: fit(LinearModel(), [1, 2, 3], [1e200, 2e200, 3e200], 0.01, epochs=2),
        ValueError,
        r"y holds values as large as 3e\+200: beyond 1e\+150 their squares overflow",
    ),
    ("ragged x", lambda: train(x=[[1.0, 2.0], [3.0]], y=[1.0, 2.0]), ValueError, r"x must be a rectangular array"),
    (
        "make_data None",
        lambda: make_data(None),
        TypeError,
        r"start must be a number in \[-1e\+150, 1e\+150\], got None",
    ),
    ("make_data func", lambda: make_data(1, 5, 1, "square"), TypeError, r"func must be a function"),
    ("make_data too many", lambda: make_data(0, 1, 1e-12), ValueError, r"would make more than 100,000,000 points"),
    ("set_params None", lambda: LinearModel().set_params([1.0, None]), TypeError, r"params must hold real numbers"),
    ("callbacks None", lambda: train(callbacks=None), TypeError, r"callbacks must be a list of functions"),
    (
        "seed string",
        lambda: batch_indices(10, seed="0"),
        TypeError,
        r"seed must be an integer >= 0, a numpy.random.Generator or None, got '0'",
    ),
    ("shuffle no", lambda: train(shuffle="no"), TypeError, r"shuffle must be True or False"),
    ("nesterov no", lambda: SGD(0.1, momentum=0.5, nesterov="no"), TypeError, r"nesterov must be True or False"),
    ("limit nesterov no", lambda: stability_limit(X, 0.5, "no"), TypeError, r"nesterov must be True or False"),
    ("step factor 0", lambda: StepDecay(0.1, factor=0.0), ValueError, r"factor must be a number in \(0, 1\], got 0\.0"),
    (
        "exponential rate 0",
        lambda: ExponentialDecay(0.1, rate=0.0),
        ValueError,
        r"rate must be a number in \(0, 1\], got 0\.0",
    ),
    ("epochs beyond", lambda: train(epochs=10**9, batch_size=1), ValueError, r"at most 100,000,000 fit"),
    (
        "step complex",
        lambda: SGD(0.1).step(np.array([1.0, 2.0]), np.array([1j, 2.0])),
        TypeError,
        r"grads must hold real numbers \(int or float\), got an array of dtype complex128",
    ),
    ("digits", lambda: prediction_table(X, Y, Y, digits="2"), TypeError, r"digits must be an integer"),
]


@pytest.mark.parametrize(
    ("call", "error", "pattern"), [c[1:] for c in FOUND_BY_FUZZING], ids=[c[0] for c in FOUND_BY_FUZZING]
)
def test_inputs_found_by_fuzzing_are_refused_in_words(call, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        call()
    assert "\n" not in str(info.value) and len(str(info.value)) < 200


def test_a_non_finite_loss_anywhere_is_divergence_said_in_words():
    xs, ys, _, _ = standardize(X, Y)
    huge_factor = fit(LinearModel(seed=0), xs, ys, 50.0, epochs=30, divergence_factor=1e300)
    assert huge_factor.diverged and huge_factor.message.startswith("Training diverged in epoch")
    # validation inputs far outside the training data: the validation loss overflows
    history = fit(
        LinearModel(seed=0), [0.0, 1.0], [0.0, 1e6], 0.5, epochs=40, batch_size=2, validation_data=([1e150], [0.0])
    )
    assert history.diverged and "Training diverged in epoch" in history.message
    assert not np.isfinite(history.val_loss[history.diverged_epoch])
    assert history.message.count(". ") <= 1  # one sentence, whatever the cause


def test_least_squares_is_exact_whatever_the_scale_of_x():
    w, b = least_squares([1e15, 2e15, 3e15], [2.0, 4.0, 7.0])
    assert w[0] == pytest.approx(2.5e-15, rel=1e-12) and b == pytest.approx(-2.0 / 3.0, rel=1e-9)
    w, b = least_squares([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]], [1.0, 2.0, 3.0])  # a constant column
    np.testing.assert_allclose([*w, b], [1.0, 0.0, 0.0], atol=1e-12)


def test_the_condition_number_of_a_flat_bowl_is_inf():
    from sgd_lib import condition_number

    assert condition_number([3.0]) == np.inf
    assert condition_number([2.0, 2.0, 2.0]) == np.inf
    assert condition_number(X) == pytest.approx(13476, rel=1e-4)


def test_exercise_checks_refuse_complex_answers(capsys):
    from sgd_lib.exercises import check_01_2, check_09_2

    check_01_2(complex(-0.5 * Y.std() + Y.mean(), 0.0))
    check_09_2(np.array([0.04 + 0j]))
    printed = capsys.readouterr().out.splitlines()
    assert all(line.startswith("Not quite:") and "complex" in line for line in printed)


# --- the holes an independent fuzz of the public API found, each closed ---------------------------------------


def test_data_a_line_fits_exactly_works_everywhere_in_the_core():
    x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])
    (w,), b = least_squares(x, y)
    assert (w, b) == pytest.approx((2.0, 1.0)) and least_squares_floor(x, y) == pytest.approx(0.0, abs=1e-28)
    assert r2_score(y, 2.0 * x + 1.0) == 1.0 and mse_at(x, y, [2.0, 1.0]) == 0.0
    for fast in (True, False):
        start = LinearModel(seed=0).set_params([2.0, 1.0])  # at the optimum: loss 0 from the start
        history = fit(start, x, y, SGD(0.1, momentum=0.5), epochs=5, batch_size=2, fast=fast)
        assert not history.diverged and history.loss == [0.0] * 5
        history = fit(LinearModel(seed=0), x, y, 0.1, epochs=300, batch_size=3, fast=fast)
        assert not history.diverged and history.final_loss < 1e-15  # measured: 2.7e-17
    assert stability_limit(x) == pytest.approx(2 / np.linalg.eigvalsh(mse_hessian(x))[-1])


def test_the_optimizer_class_instead_of_an_optimizer_is_refused_by_name():
    with pytest.raises(TypeError, match=r"optimizer must be an optimizer .* got the class SGD itself: create one"):
        train(optimizer=SGD)


@pytest.mark.parametrize("fast", [True, False])
def test_an_optimizer_reused_on_a_model_of_another_size_says_so(fast):
    opt = SGD(0.01, momentum=0.9)
    fit(LinearModel(seed=0), X, Y, opt, fast=fast)
    with pytest.raises(
        ValueError, match=r"the optimizer holds its state for 2 parameters but params has 3: call reset"
    ):
        fit(LinearModel(2, seed=0), np.column_stack([X, X]), Y, opt, fast=fast)
    opt.reset()
    fit(LinearModel(2, seed=0), np.column_stack([X, X]) / 100, Y / 1e4, opt, fast=fast)  # after reset() it works


@pytest.mark.parametrize("fast", [True, False])
def test_a_batch_larger_than_the_data_is_one_batch_as_in_tfjs(fast):
    xs, ys, _, _ = standardize(X[:10], Y[:10])
    big = fit(LinearModel(seed=0), xs, ys, 0.1, epochs=3, batch_size=32, record_updates=True, fast=fast)
    whole = fit(LinearModel(seed=0), xs, ys, 0.1, epochs=3, batch_size=10, record_updates=True, fast=fast)
    assert len(big.update_params) == 4 and np.array_equal(big.update_params, whole.update_params)
    assert [len(batch) for batch in batch_indices(10, 32)] == [10]


@pytest.mark.parametrize(
    "call",
    [
        lambda m: fit(LinearModel(seed=0), m, Y, 0.01),
        lambda m: mse_at(X, m, [1.0, 0.0]),
        lambda m: least_squares(m, Y),
        lambda m: mean_squared_error(m, Y),
        lambda m: standardize(m, Y),
    ],
)
def test_masked_arrays_are_refused_not_unmasked(call):
    masked = np.ma.masked_array(X, mask=X > 50)
    with pytest.raises(TypeError, match=r"must be a plain array, got a masked array: fill or drop its masked values"):
        call(masked)


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    "rate, error",
    [
        (-0.1, ValueError),
        (0.0, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (np.float64(-0.1), ValueError),
        ("0.1", TypeError),
        (True, TypeError),
    ],
)
def test_a_schedule_that_gives_no_positive_rate_is_refused(fast, rate, error):
    schedule = lambda t: 0.01 if t < 3 else rate  # noqa: E731
    with pytest.raises(error, match=r"learning_rate must give a finite number > 0 at every update; .* at update 3"):
        fit(LinearModel(seed=0), X / 100, Y / 1e4, SGD(schedule), epochs=2, fast=fast)
    with pytest.raises(error, match=r"learning_rate must give a finite number > 0"):
        SGD(lambda t: rate).step(np.zeros(2), np.ones(2))


def test_a_schedules_rates_come_back_as_plain_floats():
    from sgd_lib.schedules import rates

    got = (
        rates(lambda t: np.float64(0.1) / (1 + t), 0, 3)
        + rates(lambda t: np.float32(0.5), 0, 1)
        + rates(lambda t: 2, 0, 1)
    )
    assert got == [0.1, 0.05, 0.1 / 3, 0.5, 2.0] and {type(rate) for rate in got} == {float}


# --- the holes a fuzz of the teaching modules (dynamics, noise, tfjs) found, each closed -----------------------

XS = (X[:10] - 5.5) / 3
YS = (Y[:10] - 38.5) / 30


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: rates(ExponentialDecay(0.1), None, 5), TypeError, "first must be an integer >= 0, got None"),
        (lambda: rates(ExponentialDecay(0.1), 0, 10**9), ValueError, "count must be an integer in"),
        (lambda: batch_sizes(None, 4), TypeError, "n_samples must be an integer"),
        (lambda: dynamics.momentum_matrix([0.1, 0.2], 0.5, 1.0), TypeError, "learning_rate must be one number"),
        (lambda: dynamics.optimal_plain(1e-320), ValueError, "curvatures are too close to 0"),
        (lambda: dynamics.optimal_momentum(1e-320), ValueError, "curvatures are too close to 0"),
        (
            lambda: dynamics.measured_factor(np.ones(6), first=0, last=10, window=3),
            ValueError,
            r"last must be an integer in \[3, 3\], got 10 \(errors has 6 steps, window 3\)",
        ),
        (lambda: dynamics.factor_map(XS, learning_rates=(1e200, 2e200)), ValueError, "learning_rates must be"),
        (lambda: noise.epoch_growth([0.0], 0.5, 3, shuffles=20), ValueError, r"got 3 \(x has 1 sample\(s\)\)"),
        (
            lambda: noise.epoch_growth(XS, 1e100, 3, shuffles=20),
            ValueError,
            "on this x makes an epoch's product overflow",
        ),
        (lambda: noise.epoch_growth(XS, 0.5, 3, shuffles=2**40), ValueError, "shuffles must be an integer in"),
        (lambda: noise.epoch_growth_limit(XS, 3, shuffles=20, rtol=1e-300), ValueError, "rtol must be a number in"),
        (lambda: noise.epoch_growth_limit(np.ones(10), 3, shuffles=20), ValueError, "its Hessian is singular"),
        (lambda: noise.reshuffled_noise_floor(np.ones(10), YS, 0.1, 3), ValueError, "its Hessian is singular"),
        (
            lambda: noise.reshuffled_noise_floor(XS, YS, 1e-190, 3),
            ValueError,
            "learning_rate must be a finite number >= 1e-150",
        ),
        (lambda: tfjs.epoch_line(0, None), TypeError, "loss must be a real number"),
        (lambda: tfjs.replay_fit(X, Y, None, learning_rate=0.1, epochs=1), TypeError, "start must be a pair"),
        (lambda: tfjs.replay_fit(X, Y, (0, 0), learning_rate=1e39, epochs=1), ValueError, "learning_rate must be a"),
        (lambda: tfjs.replay_fit(X, Y, (0, 0), learning_rate=0.1, epochs=1, orders=True), TypeError, "orders must be"),
        (lambda: tfjs.replay_fit(X, Y, (0, 0), learning_rate=0.1, epochs=10**8), ValueError, "epochs must be an"),
        (lambda: tfjs.side_by_side(None, None, [0]), TypeError, "log must be the OriginalLog"),
        (lambda: tfjs.original_log(True), TypeError, "path must be a file's path"),
    ],
)
def test_the_teaching_modules_refuse_what_the_fuzz_found_by_name(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_js_precision_takes_up_to_100_digits_as_javascript_does():
    assert tfjs.js_precision(0.1, 29) == "0.10000000000000000555111512313"  # Node's (0.1).toPrecision(29)
    assert tfjs.js_precision(0.1, 100) == "0.1" + "000000000000000055511151231257827021181583404541015625" + "0" * 45
