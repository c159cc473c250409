"""Tolerances and the finite-difference checker shared by every numeric test
(after HIPS/autograd's check_grads)."""

from __future__ import annotations

import numpy as np

EPS = 1e-6  # central-difference step
RTOL = 1e-5  # relative tolerance of a gradient against central differences
ATOL = 1e-7  # absolute tolerance, for entries near zero
MIN_TOL = 1e-6  # tolerance of a published minimum's location and value
ROUNDING = 1e-12  # two float64 evaluations of the same closed form


def central_difference(f, x: np.ndarray, direction: np.ndarray, eps: float = EPS):
    """(f(x + eps d) - f(x - eps d)) / (2 eps): the directional derivative."""
    return (f(x + eps * direction) - f(x - eps * direction)) / (2 * eps)


def numerical_gradient(f, x: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Central differences along each coordinate of x (any shape)."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[index] = 1.0
        grad[index] = central_difference(f, x, e, eps)
    return grad


def check_grad(f, grad, x, rng: np.random.Generator, *, rtol=RTOL, atol=ATOL):
    """grad(x) matches central differences coordinate-wise and along a random
    direction."""
    x = np.asarray(x, dtype=np.float64)
    analytic = np.asarray(grad(x), dtype=np.float64)
    np.testing.assert_allclose(analytic, numerical_gradient(f, x), rtol=rtol, atol=atol)
    d = rng.standard_normal(x.shape)
    np.testing.assert_allclose(
        np.sum(analytic * d), central_difference(f, x, d), rtol=rtol, atol=atol
    )
