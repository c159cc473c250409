"""Paths between two minima: the straight line, and a quadratic Bezier curve
whose middle control point is trained so the loss stays low all along it
(Garipov, Izmailov, Podoprikhin, Vetrov & Wilson 2018, "Loss Surfaces, Mode
Connectivity, and Fast Ensembling of DNNs")."""

from __future__ import annotations

import numpy as np

from . import optim
from ._validate import (
    ArgumentError,
    as_float_array,
    check_callable,
    check_generator,
    check_int,
    check_same_shape,
)


def _ends(theta_a, theta_b):
    a = as_float_array("theta_a", theta_a, ndim=1)
    b = as_float_array("theta_b", theta_b, ndim=1)
    check_same_shape("theta_a", a, "theta_b", b)
    return a, b


def _ts(ts) -> np.ndarray:
    ts = as_float_array("ts", ts, ndim=1)
    bad = (ts < 0) | (ts > 1)
    if np.any(bad):
        raise ArgumentError(f"ts must lie in [0, 1]; got {ts[bad][0].item()!r}")
    return ts


def bezier(theta_a, theta_c, theta_b, ts) -> np.ndarray:
    """Points (T, n) of (1 - t)^2 a + 2 t (1 - t) c + t^2 b for each t in ts:
    from a (t = 0) to b (t = 1), pulled towards the control point c."""
    a, b = _ends(theta_a, theta_b)
    c = as_float_array("theta_c", theta_c, ndim=1)
    check_same_shape("theta_a", a, "theta_c", c)
    t = _ts(ts)[:, None]  # (T, 1)
    return (1 - t) ** 2 * a + 2 * t * (1 - t) * c + t**2 * b


def straight(theta_a, theta_b, ts) -> np.ndarray:
    """Points (T, n) of (1 - t) a + t b: the segment between two minima."""
    a, b = _ends(theta_a, theta_b)
    t = _ts(ts)[:, None]  # (T, 1)
    return (1 - t) * a + t * b


def bezier_grad(grad_fn, theta_a, theta_c, theta_b, ts) -> np.ndarray:
    """Gradient with respect to c of mean_t L(bezier(t)): the chain rule gives
    mean_t 2 t (1 - t) grad L(bezier(t)). `grad_fn(theta (n,)) -> (n,)`."""
    check_callable("grad_fn", grad_fn, "a function theta -> gradient")
    points = bezier(theta_a, theta_c, theta_b, ts)  # (T, n)
    ts = _ts(ts)
    weights = 2 * ts * (1 - ts)  # (T,)
    grads = np.array([grad_fn(p) for p in points])  # (T, n)
    return weights @ grads / len(ts)


def fit_bezier(
    grad_fn,
    theta_a,
    theta_b,
    rng: np.random.Generator,
    *,
    theta_c0=None,
    steps: int = 300,
    lr: float = 0.01,
    samples: int = 4,
) -> np.ndarray:
    """The control point c that makes the curve's mean loss low: Adam on
    mean_t L(bezier(t)) with `samples` stratified random t in (0, 1) per step,
    from c0 (default: the midpoint of a and b), as Garipov et al. (2018) train
    their curves. Returns c, shape (n,)."""
    a, b = _ends(theta_a, theta_b)
    check_generator("rng", rng)
    samples = check_int("samples", samples, low=1)
    check_callable("grad_fn", grad_fn, "a function theta -> gradient")
    c0 = (a + b) / 2 if theta_c0 is None else as_float_array("theta_c0", theta_c0)
    check_same_shape("theta_a", a, "theta_c0", c0)

    def grad_c(c):  # (n,) -> (n,)
        ts = (np.arange(samples) + rng.random(samples)) / samples  # (samples,)
        return bezier_grad(grad_fn, a, c, b, ts)

    return optim.run(optim.Adam(lr=lr), grad_c, c0, steps)[-1]
