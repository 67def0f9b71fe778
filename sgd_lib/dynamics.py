"""How the update rules move on a quadratic bowl, one eigendirection of the Hessian at a time.

The MSE of a linear model is a quadratic bowl with Hessian ``H``. Along an eigenvector of ``H``
with curvature ``lam`` the gradient is ``lam * e``, where ``e`` is the error (the distance to the
least-squares optimum along that eigenvector). :class:`~sgd_lib.optimizers.SGD`'s rules

    v <- mu * v + g,    theta <- theta - lr * v                  (classical momentum)
    v <- mu * v + g,    theta <- theta - lr * (g + mu * v)       (Nesterov, with the new v)

then become a linear map of the pair ``(e, v)`` from one step to the next, the 2x2
:func:`momentum_matrix`. Its eigenvalues (:func:`momentum_roots`) decide everything: the larger
modulus is the factor by which the error shrinks per step in the long run (the convergence factor),
and complex eigenvalues make the error spiral, changing sign every ``pi / angle`` steps. Plain
gradient descent is ``mu = 0``. :func:`factor_map` lays the factor out over a grid of learning rates
and momenta, with the edges and the best settings that :func:`~sgd_lib.plotting.plot_rate_map` draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .checks import LARGEST, check_array, check_bool, check_int, check_range
from .evaluation import condition_number, hessian_eigenvalues, stability_limit


class Tuning(NamedTuple):
    """A learning rate and a momentum, and the convergence factor (error factor per step) they give."""

    learning_rate: float
    momentum: float
    factor: float


def _values(
    value: object, name: str, low: float, high: float = LARGEST, *, low_open: bool = False, high_open: bool = False
) -> np.ndarray | float:
    """``value`` (a number or an array of numbers) as floats from ``low`` to ``high``; refused by name."""
    return _scalar(check_array(value, name, low=low, high=high, low_open=low_open, high_open=high_open))


def _scalar(values: np.ndarray) -> np.ndarray | float:
    """A float for a 0-d array (a call on numbers), the array itself otherwise (a call on a grid)."""
    return float(values) if np.ndim(values) == 0 else values


def _learning_rate(value: object) -> np.ndarray | float:
    return _values(value, "learning_rate", 0.0, low_open=True)


def _momentum(value: object) -> np.ndarray | float:
    return _values(value, "momentum", 0.0, 1.0, high_open=True)


def _curvature(value: object, name: str = "curvature") -> np.ndarray | float:
    return _values(value, name, 0.0)


def _curvatures(value: object) -> np.ndarray:
    curvatures = np.atleast_1d(_curvature(value, "curvatures"))
    if curvatures.ndim != 1:
        raise ValueError(f"curvatures must be a 1-D array (the Hessian's eigenvalues), got shape {curvatures.shape}")
    return curvatures


def _trace_and_determinant(learning_rate, momentum, curvature, nesterov: bool) -> tuple:
    """Trace and determinant of :func:`momentum_matrix` (the roots solve z**2 - trace z + det = 0)."""
    step = learning_rate * curvature
    if nesterov:
        return (1 + momentum) * (1 - step), momentum * (1 - step)
    return 1 + momentum - step, momentum + 0 * step


def momentum_matrix(learning_rate: float, momentum: float, curvature: float, *, nesterov: bool = False) -> np.ndarray:
    """The 2x2 matrix that maps ``(e_t, v_t)`` to ``(e_{t+1}, v_{t+1})`` along one eigendirection.

    With the gradient ``g = curvature * e`` (a quadratic bowl), SGD's rule gives

        v_{t+1} = curvature * e_t + mu * v_t
        e_{t+1} = (1 - lr * curvature) * e_t - lr * mu * v_t                       (classical)
        e_{t+1} = (1 - lr * curvature * (1 + mu)) * e_t - lr * mu**2 * v_t          (Nesterov)

    for a learning rate eta > 0, a momentum mu in [0, 1) (0: plain gradient descent) and the eigenvalue
    lambda >= 0 of the Hessian along the direction. Rows: the new error, the new velocity; columns: the
    old error, the old velocity.
    """
    lr, mu, lam = _learning_rate(learning_rate), _momentum(momentum), _curvature(curvature)
    for name, value in (("learning_rate", lr), ("momentum", mu), ("curvature", lam)):
        if not isinstance(value, float):
            raise TypeError(f"{name} must be one number (momentum_roots takes arrays), got shape {np.shape(value)}")
    if check_bool(nesterov, "nesterov"):
        return np.array([[1.0 - lr * lam * (1.0 + mu), -lr * mu * mu], [lam, mu]])
    return np.array([[1.0 - lr * lam, -lr * mu], [lam, mu]])


def momentum_roots(learning_rate: object, momentum: object, curvature: object, *, nesterov: bool = False) -> np.ndarray:
    """The eigenvalues of :func:`momentum_matrix`, the larger modulus first (broadcast over arrays).

    They solve ``z**2 - (1 + mu - lr * lam) z + mu = 0`` (classical momentum) or
    ``z**2 - (1 + mu)(1 - lr * lam) z + mu (1 - lr * lam) = 0`` (Nesterov): complex, of shape
    ``broadcast shape + (2,)``.
    """
    trace, det = _trace_and_determinant(
        _learning_rate(learning_rate), _momentum(momentum), _curvature(curvature), check_bool(nesterov, "nesterov")
    )
    with np.errstate(over="ignore", invalid="ignore"):
        root = np.sqrt(np.asarray(trace * trace - 4 * det, dtype=complex))
        larger = np.where(np.asarray(trace) >= 0, (trace + root) / 2, (trace - root) / 2)
        smaller = np.where(np.asarray(trace) >= 0, (trace - root) / 2, (trace + root) / 2)
    return np.stack(np.broadcast_arrays(larger, smaller), axis=-1)


def spectral_radius(
    learning_rate: object, momentum: object, curvature: object, *, nesterov: bool = False
) -> float | np.ndarray:
    """The factor along one eigendirection: the larger modulus of :func:`momentum_roots` (broadcast over arrays).

    In the long run the error along that direction shrinks by this factor per step (grows, when
    it exceeds 1; ``inf`` when the growth is too large for a float). Complex roots have modulus
    ``sqrt(det)``: ``sqrt(mu)`` for classical momentum, whatever the learning rate.
    """
    trace, det = _trace_and_determinant(
        _learning_rate(learning_rate), _momentum(momentum), _curvature(curvature), check_bool(nesterov, "nesterov")
    )
    with np.errstate(over="ignore", invalid="ignore"):
        discriminant = trace * trace - 4 * det
        radius = np.where(discriminant < 0, np.sqrt(np.abs(det)), (np.abs(trace) + np.sqrt(np.abs(discriminant))) / 2)
    return _scalar(np.where(np.isnan(radius), np.inf, radius))  # only a step too large for a float gives NaN


def convergence_factor(
    learning_rate: object, momentum: object, curvatures: object, *, nesterov: bool = False
) -> float | np.ndarray:
    """The largest :func:`spectral_radius` over the eigendirections: the error factor per step of the run.

    Below 1 the run converges (the error shrinks at least that fast in the long run); at 1 or
    above it does not. ``learning_rate`` and ``momentum`` may be arrays (a grid); the result has
    their broadcast shape. ``curvatures`` are the Hessian's eigenvalues (:func:`~sgd_lib.hessian_eigenvalues`).
    """
    lr, mu, lams = _learning_rate(learning_rate), _momentum(momentum), _curvatures(curvatures)
    radii = spectral_radius(np.expand_dims(lr, -1), np.expand_dims(mu, -1), lams, nesterov=nesterov)
    return _scalar(np.max(radii, axis=-1))


def critical_momentum(learning_rate: object, curvature: object, *, nesterov: bool = False) -> float | np.ndarray:
    """The momentum above which the roots along a direction are complex: the error spirals.

    At this momentum the two roots meet (critical damping), and for that direction and learning
    rate it gives the smallest factor. Classical momentum: ``(1 - sqrt(lr * lam))**2``, that is,
    complex roots for ``(1 - sqrt(mu))**2 < lr * lam < (1 + sqrt(mu))**2``. Nesterov:
    ``(1 - s) / (1 + s)`` with ``s = sqrt(lr * lam)``, for ``lr * lam < 1`` (beyond, the roots stay
    real: ``inf``). A value >= 1 means that no momentum in [0, 1) makes the roots complex.
    """
    step = _learning_rate(learning_rate) * _curvature(curvature)
    root = np.sqrt(step)
    if check_bool(nesterov, "nesterov"):
        with np.errstate(divide="ignore"):
            critical = np.where(step < 1, (1 - root) / (1 + root), np.inf)
    else:
        critical = (1 - root) ** 2
    return _scalar(critical)


def steps_per_sign_change(
    learning_rate: object, momentum: object, curvature: object, *, nesterov: bool = False
) -> float | np.ndarray:
    """How often, in the long run, the error along a direction changes sign: ``pi / angle`` of the larger root.

    1 when that root is negative (a flip at every step, like plain descent above ``1 / lam``);
    ``inf`` when it is positive (no oscillation); in between for complex roots (a spiral).
    """
    angle = np.abs(np.angle(momentum_roots(learning_rate, momentum, curvature, nesterov=nesterov)[..., 0]))
    with np.errstate(divide="ignore"):
        steps = np.where(angle > 0, np.pi / np.maximum(angle, 1e-300), np.inf)
    return _scalar(steps)


def optimal_momentum(curvatures: object, *, nesterov: bool = False) -> Tuning:
    """The learning rate and momentum with the smallest :func:`convergence_factor`, in closed form.

    With ``kappa = lam_max / lam_min``, classical momentum (Polyak's heavy ball) is best at

        lr* = 4 / (sqrt(lam_max) + sqrt(lam_min))**2,  mu* = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))**2,

    with factor ``sqrt(mu*) = (sqrt(kappa) - 1) / (sqrt(kappa) + 1)``: the flattest direction sits at
    the lower edge of the complex region, the steepest at its upper edge, and every direction
    spirals at ``sqrt(mu*)``. Nesterov's form is best at ``lr* = 4 / (3 lam_max + lam_min)``,
    ``mu* = (sqrt(3 kappa + 1) - 2) / (sqrt(3 kappa + 1) + 2)``, with factor ``1 - 2 / sqrt(3 kappa + 1)``
    (Lessard, Recht and Packard, 2016): the flattest direction critically damped, the steepest
    on real roots of the same modulus.
    """
    low, high = _extremes(curvatures)
    kappa = high / low
    if check_bool(nesterov, "nesterov"):
        root = math.sqrt(3 * kappa + 1)
        return _tuning(4 / (3 * high + low), (root - 2) / (root + 2), 1 - 2 / root)
    factor = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    return _tuning(4 / (math.sqrt(high) + math.sqrt(low)) ** 2, factor * factor, factor)


def optimal_plain(curvatures: object) -> Tuning:
    """Plain gradient descent's best: learning rate ``2 / (lam_min + lam_max)``, factor ``(kappa - 1) / (kappa + 1)``.

    There the flattest direction shrinks by ``1 - lr lam_min`` and the steepest flips sign and
    shrinks by ``lr lam_max - 1``, the same factor.
    """
    low, high = _extremes(curvatures)
    return _tuning(2 / (low + high), 0.0, (high - low) / (high + low))


def _extremes(curvatures: object) -> tuple[float, float]:
    """The smallest and the largest of ``curvatures``, all of which must be > 0 for an optimum."""
    values = _curvatures(curvatures)
    low, high = float(values.min()), float(values.max())
    if low <= 0:
        raise ValueError("curvatures must all be > 0 for an optimum: along a flat direction nothing converges")
    return low, high


def _tuning(learning_rate: float, momentum: float, factor: float) -> Tuning:
    """The :class:`Tuning`, refused in words when its learning rate, about 2 / curvature, overflows a float."""
    if not math.isfinite(learning_rate):
        raise ValueError("curvatures are too close to 0 for an optimum: its learning rate overflows a float")
    return Tuning(learning_rate, momentum, factor)


def measured_factor(errors: object, *, first: int, last: int, window: int) -> float:
    """The factor per step by which a run's ``|errors|`` shrank between step ``first`` and step ``last``.

    The error along a spiralling direction swings, so each end is read at a peak: the largest
    ``|error|`` in ``window`` steps from there (a window of at least half a turn,
    ``steps_per_sign_change``, holds one). With those peaks at steps ``i`` and ``j``, the result is
    ``(|errors[j]| / |errors[i]|) ** (1 / (j - i))``.
    """
    values = np.abs(check_array(errors, "errors", low=-np.inf, high=np.inf))
    if values.ndim != 1:
        raise ValueError(f"errors must be 1-D (one error per step), got shape {values.shape}")
    hint = f"errors has {values.size} steps"
    window = check_int(window, "window", maximum=max(1, values.size // 2), hint=hint)  # two windows must fit
    hint += f", window {window}"
    first = check_int(first, "first", minimum=0, maximum=max(0, values.size - 2 * window), hint=hint)
    last = check_int(last, "last", minimum=first + window, maximum=max(first + window, values.size - window), hint=hint)
    i = first + int(np.argmax(values[first : first + window]))
    j = last + int(np.argmax(values[last : last + window]))
    if not (np.isfinite(values[i]) and np.isfinite(values[j]) and values[i] > 0):
        raise ValueError("errors must be finite with a nonzero peak near first (a diverged or finished run)")
    return float((values[j] / values[i]) ** (1.0 / (j - i)))


@dataclass(frozen=True)
class FactorMap:
    """The convergence factor of full-batch descent with momentum over a grid of (learning rate, momentum)
    cells, and what bounds it: the numbers that :func:`~sgd_lib.plotting.plot_rate_map` draws."""

    learning_rates: np.ndarray  # the cells' edges along the learning rate, (columns + 1,)
    momenta: np.ndarray  # and along the momentum, (rows + 1,)
    factors: np.ndarray  # (rows, columns): the factor at each cell's centre; 1 or more where the run diverges
    limits: np.ndarray  # the stability limit (the largest stable learning rate) at each momentum edge
    critical: np.ndarray  # (2, columns): critical_momentum of the flattest and the steepest direction (NaN: off the
    # map or where the run diverges) at each column's centre
    real_again: np.ndarray  # (2,): Nesterov only, lr = 1 / lam of each direction, beyond which its roots are real
    # again (NaN: classical momentum, or off the map)
    best: Tuning  # the best pair of the method (optimal_momentum)
    plain: Tuning  # plain descent's best (optimal_plain)

    @property
    def centres(self) -> np.ndarray:
        """The learning rate at the centre of each column of cells."""
        return (self.learning_rates[1:] + self.learning_rates[:-1]) / 2


def factor_map(
    x: object,
    *,
    nesterov: bool = False,
    learning_rates: tuple[float, float] = (0.0, 0.1),
    momenta: tuple[float, float] = (0.0, 0.99),
    resolution: int = 150,
) -> FactorMap:
    """The :class:`FactorMap` of the MSE's bowl on data ``x``: :func:`convergence_factor` on ``resolution`` cells
    along ``learning_rates`` (low, high) and two thirds as many along ``momenta`` (within [0, 1)), with
    :func:`~sgd_lib.evaluation.stability_limit` at each momentum edge, the critical momenta and the best
    settings, for classical momentum or, with ``nesterov``, Nesterov's."""
    nesterov = check_bool(nesterov, "nesterov")
    lr_range = check_range(learning_rates, "learning_rates", low=0.0, high=LARGEST)
    mu_range = check_range(momenta, "momenta", low=0.0, high=1.0, high_open=True)
    resolution = check_int(resolution, "resolution", minimum=2, maximum=2000)
    if not condition_number(x) < math.inf:
        raise ValueError("x must vary: with a flat direction in the bowl no setting converges")
    curvatures = hessian_eigenvalues(x)
    lr_edges = np.linspace(*lr_range, resolution + 1)
    mu_edges = np.linspace(*mu_range, resolution * 2 // 3 + 1)
    lrs, mus = (lr_edges[1:] + lr_edges[:-1]) / 2, (mu_edges[1:] + mu_edges[:-1]) / 2
    factors = np.asarray(convergence_factor(lrs[None, :], mus[:, None], curvatures, nesterov=nesterov))
    limits = np.array([stability_limit(x, mu, nesterov) for mu in mu_edges])
    critical = np.array([critical_momentum(lrs, lam, nesterov=nesterov) for lam in curvatures[[0, -1]]])
    inside = (critical <= mu_range[1]) & (lrs < np.interp(critical, mu_edges, limits))
    critical = np.where(inside, critical, np.nan)
    real_again = np.array([1 / lam if nesterov and 1 / lam < lr_range[1] else np.nan for lam in curvatures[[0, -1]]])
    return FactorMap(
        lr_edges,
        mu_edges,
        factors,
        limits,
        critical,
        real_again,
        optimal_momentum(curvatures, nesterov=nesterov),
        optimal_plain(curvatures),
    )
