"""Argument checks shared by the models: theta, thetas, X and y."""

from __future__ import annotations

import numpy as np

from .._validate import ArgumentError, as_float_array, check_int, check_labels


def theta_vector(theta, n_params: int) -> np.ndarray:
    theta = as_float_array("theta", theta, ndim=1)
    if theta.shape != (n_params,):
        raise ArgumentError(f"theta must have shape ({n_params},); got {theta.shape}")
    return theta


def theta_rows(thetas, n_params: int) -> np.ndarray:
    thetas = as_float_array("thetas", thetas, ndim=2)
    if thetas.shape[1] != n_params:
        raise ArgumentError(
            f"thetas must have shape (P, {n_params}); got {thetas.shape}"
        )
    return thetas


def features(X, n_features: int) -> np.ndarray:
    X = as_float_array("X", X, ndim=2)
    if X.shape[1] != n_features or X.shape[0] == 0:
        raise ArgumentError(
            f"X must have shape (N, {n_features}) with N >= 1; got {X.shape}"
        )
    return X


def data(X, y, n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """X (N, n_features) and labels y (N,) in {0, 1}."""
    X = features(X, n_features)
    y = as_float_array("y", y, ndim=1)
    if y.shape != (X.shape[0],):
        raise ArgumentError(
            f"y must have shape ({X.shape[0]},) to match X; got {y.shape}"
        )
    return X, check_labels("y", y)


def chunk_rows(chunk_size, n_rows: int, width: int) -> int:
    """Rows of thetas per chunk: `chunk_size`, or enough to fill ~16 MB."""
    if chunk_size is None:
        return max(1, 2**21 // max(1, n_rows * width))
    return check_int("chunk_size", chunk_size, low=1)
