"""Loss on a plane or a line through parameter space, for any `loss_many`.

`loss_many` maps thetas of shape (P, n) to losses of shape (P,); points are
evaluated in chunks of `chunk_size`, so memory stays bounded at any grid size.
`functools.partial(model.loss_many, X=X, y=y)` of a model with a `loss_plane`
method (an MLP) is routed there: the same numbers, from the plane's structure.
"""

from __future__ import annotations

import functools

import numpy as np

from ._validate import (
    ArgumentError,
    as_float_array,
    as_steps,
    check_callable,
    check_int,
    check_same_shape,
)

DEFAULT_CHUNK_SIZE = 64  # grid points per call of loss_many


def plane(loss_many, theta0, d1, d2, alphas, betas, chunk_size=DEFAULT_CHUNK_SIZE):
    """Z[j, i] = L(theta0 + alphas[i] d1 + betas[j] d2), shape (len(betas),
    len(alphas)): rows follow betas (a contour plot's y), columns alphas (x).
    Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", sec. 3.
    """
    theta0, d1, d2 = _vectors(theta0=theta0, d1=d1, d2=d2)
    alphas, betas = as_steps("alphas", alphas), as_steps("betas", betas)
    routed = _loss_plane(loss_many)
    if routed is not None:
        _chunk_size(chunk_size)
        Z = np.asarray(routed(theta0, d1, d2, alphas, betas), dtype=np.float64)
        return _numbers(Z, "loss_plane")
    a = np.tile(alphas, len(betas))  # (P,) i varies fastest: row-major Z
    b = np.repeat(betas, len(alphas))  # (P,)

    def thetas(k):  # (len(k), n)
        return theta0 + a[k, None] * d1 + b[k, None] * d2

    losses = _evaluate(loss_many, thetas, a.size, chunk_size)
    return losses.reshape(len(betas), len(alphas))


def line(loss_many, theta_a, theta_b, alphas, chunk_size=DEFAULT_CHUNK_SIZE):
    """L((1 - alpha) theta_a + alpha theta_b) for each alpha, shape (len(alphas),).

    Alpha = 0 gives theta_a and alpha = 1 gives theta_b exactly; alphas outside
    [0, 1] extrapolate. Goodfellow, Vinyals & Saxe 2015, "Qualitatively
    characterizing neural network optimization problems".
    """
    theta_a, theta_b = _vectors(theta_a=theta_a, theta_b=theta_b)
    alphas = as_steps("alphas", alphas)

    def thetas(k):  # (len(k), n)
        return (1.0 - alphas[k, None]) * theta_a + alphas[k, None] * theta_b

    return _evaluate(loss_many, thetas, alphas.size, chunk_size)


def _evaluate(loss_many, thetas, count, chunk_size):
    """loss_many over points 0..count-1 in chunks; checks what it returns."""
    check_callable(
        "loss_many", loss_many, "a callable from thetas (P, n) to losses (P,)"
    )
    chunk_size = _chunk_size(chunk_size)
    out = np.empty(count)
    for start in range(0, count, chunk_size):
        k = np.arange(start, min(start + chunk_size, count))
        losses = np.asarray(loss_many(thetas(k)), dtype=np.float64)
        if losses.shape != k.shape:
            raise ArgumentError(
                f"loss_many must return shape (P,) = {k.shape} for thetas of shape "
                f"({k.size}, n); got {losses.shape}"
            )
        out[k] = _numbers(losses, "loss_many")
    return out


def _numbers(losses, name):
    if np.any(np.isnan(losses)):
        raise ArgumentError(f"{name} returned NaN; losses must be numbers")
    return losses


def _loss_plane(loss_many):
    """model.loss_plane with X and y bound, when `loss_many` is
    functools.partial(model.loss_many, X=..., y=...) and the model has one."""
    if not isinstance(loss_many, functools.partial) or loss_many.args:
        return None
    method, keywords = loss_many.func, loss_many.keywords
    loss_plane = getattr(getattr(method, "__self__", None), "loss_plane", None)
    if (
        getattr(method, "__name__", None) != "loss_many"
        or not callable(loss_plane)
        or not {"X", "y"} <= keywords.keys() <= {"X", "y", "chunk_size"}
    ):
        return None
    return functools.partial(loss_plane, X=keywords["X"], y=keywords["y"])


def _vectors(**named):
    """Equal-length finite 1-D float64 arrays, in the order given."""
    arrays = [as_float_array(name, value, ndim=1) for name, value in named.items()]
    names = list(named)
    for name, array in zip(names[1:], arrays[1:], strict=True):
        check_same_shape(names[0], arrays[0], name, array)
    if arrays[0].size == 0:
        raise ArgumentError(f"{names[0]} must not be empty")
    return arrays


def _chunk_size(chunk_size):
    return check_int("chunk_size", chunk_size, low=1)
