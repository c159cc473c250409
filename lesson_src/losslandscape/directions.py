"""Directions to slice a network's loss along: random (normalized) and PCA.

Li, Xu, Taylor, Studer & Goldstein 2018, "Visualizing the Loss Landscape of
Neural Nets". `model` needs only `layer_slices` (see layout.py).
"""

from __future__ import annotations

import numpy as np

from ._validate import (
    ArgumentError,
    as_float_array,
    check_bool,
    check_choice,
    check_generator,
    check_int,
)

NORMS = ("filter", "layer", None)


def random_direction(model, theta, rng, norm="filter", keep_bias=False):
    """A Gaussian direction, normalized to theta (Li et al. 2018, sec. 4).

    norm="filter": each row of each W (one unit's filter) gets the norm of the
    same row of theta; "layer": each W gets the Frobenius norm of theta's W;
    None: the raw Gaussian. keep_bias=False zeroes every bias entry; with
    keep_bias=True a layer's bias vector is treated as one filter of its own
    and scaled to the norm of theta's bias (for both "filter" and "layer").
    """
    check_choice("norm", norm, NORMS)
    keep_bias = check_bool("keep_bias", keep_bias)
    slices = _layer_slices(model)
    theta = as_float_array("theta", theta, ndim=1)
    n = slices[-1].bias.stop
    if theta.size != n:
        raise ArgumentError(
            f"theta must have the model's {n} parameters; got {theta.size}"
        )
    d = check_generator("rng", rng).standard_normal(n)  # (n,)
    for layer in slices:
        w_d = d[layer.weight].reshape(layer.shape)  # (out, in), a view into d
        w_t = theta[layer.weight].reshape(layer.shape)  # (out, in)
        if norm == "filter":
            w_d *= _ratio(w_t, w_d, axis=1)  # (out, 1)
        elif norm == "layer":
            w_d *= _ratio(w_t, w_d, axis=None)
        if not keep_bias:
            d[layer.bias] = 0.0
        elif norm is not None:
            d[layer.bias] *= _ratio(theta[layer.bias], d[layer.bias], axis=None)
    return d


def random_directions(
    model, theta, rng, norm="filter", keep_bias=False, orthogonal=False
):
    """Two random directions (d1, d2), drawn one after the other from rng.

    orthogonal=True removes d1's component from d2 AFTER normalization, so
    d1 . d2 = 0; d2's filter norms then differ from theta's by that small
    projection (relative size ~ 1/sqrt(n) for random directions) while its
    zeroed biases stay zero.
    """
    orthogonal = check_bool("orthogonal", orthogonal)
    d1 = random_direction(model, theta, rng, norm=norm, keep_bias=keep_bias)
    d2 = random_direction(model, theta, rng, norm=norm, keep_bias=keep_bias)
    if orthogonal:
        d2 = d2 - (d2 @ d1) / (d1 @ d1) * d1
    return d1, d2


def pca_directions(trajectory, n=2):
    """The top n principal directions of theta_i - theta_final over a trajectory.

    Returns (directions (n, dim), explained_variance_ratio (n,)); rows are unit
    vectors with their largest |entry| positive. Li et al. 2018, sec. 7: PCA of
    the matrix [theta_0 - theta_T; ...; theta_{T-1} - theta_T] (the zero row of
    the final point itself is left out; the rows are centred as in PCA).
    """
    path = as_float_array("trajectory", trajectory, ndim=2)
    n = check_int("n", n, low=1)
    steps, dim = path.shape
    if steps < n + 2 or dim < n:
        raise ArgumentError(
            f"trajectory must have at least n + 2 = {n + 2} points of at least "
            f"n = {n} dimensions for {n} directions; got shape {path.shape}"
        )
    diffs = path[:-1] - path[-1]  # (T - 1, dim)
    centred = diffs - diffs.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    variance = s**2  # (min(T - 1, dim),)
    if variance[0] == 0:
        raise ArgumentError("trajectory must move: all its points are the same")
    directions = vt[:n]  # (n, dim)
    biggest = np.argmax(np.abs(directions), axis=1)
    directions = directions * np.sign(directions[np.arange(n), biggest])[:, None]
    return directions, variance[:n] / variance.sum()


def _ratio(target, direction, axis):
    """||target|| / ||direction|| along axis; 0 where the direction is zero."""
    keep = axis is not None
    t = np.linalg.norm(target, axis=axis, keepdims=keep)
    d = np.linalg.norm(direction, axis=axis, keepdims=keep)
    return np.divide(t, d, out=np.zeros_like(t, dtype=np.float64), where=d > 0)


def _layer_slices(model):
    """model.layer_slices, whether a list or a method returning one."""
    slices = getattr(model, "layer_slices", None)
    if callable(slices):
        slices = slices()
    if not slices:
        raise ArgumentError(
            "model must offer layer_slices (see losslandscape.layout), "
            f"got {type(model).__name__}"
        )
    return list(slices)
