"""Curvature of a loss: the Hessian of a surface, its top eigenvalue and trace
from Hessian-vector products alone, and what kind of critical point it makes."""

from __future__ import annotations

import numpy as np

from ._validate import (
    ArgumentError,
    as_float_array,
    check_callable,
    check_generator,
    check_int,
    check_positive,
)

ZERO_RTOL = 1e-6  # an eigenvalue counts as 0 if |lam| <= ZERO_ATOL + ZERO_RTOL max|lam|
ZERO_ATOL = 1e-12


def hessian_2d(surface, x, y) -> np.ndarray:
    """The 2x2 Hessian of `surface` at the point (x, y)."""
    x, y = as_float_array("x", x), as_float_array("y", y)
    if x.ndim or y.ndim:
        raise ArgumentError(f"x and y must be scalars; got shapes {x.shape}, {y.shape}")
    return np.asarray(surface.hessian(x, y), dtype=np.float64).reshape(2, 2)


def _apply(hvp, v: np.ndarray) -> np.ndarray:
    out = np.asarray(hvp(v), dtype=np.float64)
    if out.shape != v.shape:
        raise ArgumentError(
            f"hvp must map a vector of shape {v.shape} to the same "
            f"shape; got {out.shape}"
        )
    return out


def top_eigenvalue(hvp, dim, rng: np.random.Generator, iters=100, tol=1e-8) -> float:
    """Largest algebraic eigenvalue of the symmetric operator v -> hvp(v), by the
    Lanczos iteration with full reorthogonalization (Lanczos 1950; Golub & Van
    Loan, Matrix Computations, 4th ed., sec. 10.1). Stops when the Ritz residual
    is below tol * max(1, |theta|), or after min(iters, dim) steps."""
    check_callable("hvp", hvp, "a function v -> H v")
    dim, iters = check_int("dim", dim, low=1), check_int("iters", iters, low=1)
    check_positive("tol", tol)
    q = check_generator("rng", rng).standard_normal(dim)
    basis = [q / np.linalg.norm(q)]  # orthonormal Lanczos vectors, each (dim,)
    alphas, betas = [], []
    for _ in range(min(iters, dim)):
        w = _apply(hvp, basis[-1])
        alphas.append(basis[-1] @ w)
        Q = np.array(basis)  # (k, dim)
        for _ in range(2):  # "twice is enough" (Kahan, Parlett)
            w = w - Q.T @ (Q @ w)
        beta = np.linalg.norm(w)
        T = np.diag(alphas) + np.diag(betas, 1) + np.diag(betas, -1)  # (k, k)
        thetas, vectors = np.linalg.eigh(T)
        residual = beta * abs(vectors[-1, -1])  # |A y - theta y| for the top Ritz pair
        if residual <= tol * max(1.0, abs(thetas[-1])) or beta == 0:
            break
        betas.append(beta)
        basis.append(w / beta)
    return float(thetas[-1])


def bottom_eigenvalue(hvp, dim, rng: np.random.Generator, iters=100, tol=1e-8) -> float:
    """Smallest algebraic eigenvalue: minus the top one of v -> -hvp(v). A
    negative value is a direction of negative curvature (a saddle's way down)."""
    return -top_eigenvalue(lambda v: -np.asarray(hvp(v)), dim, rng, iters, tol)


def hessian_from_hvp(hvp, dim) -> np.ndarray:
    """The full (dim, dim) Hessian from dim products with the unit vectors,
    symmetrized; for small models only."""
    check_callable("hvp", hvp, "a function v -> H v")
    dim = check_int("dim", dim, low=1)
    columns = [_apply(hvp, e) for e in np.eye(dim)]  # dim x (dim,)
    h = np.array(columns).T  # (dim, dim)
    return 0.5 * (h + h.T)


def hutchinson_trace(hvp, dim, rng: np.random.Generator, samples=100) -> float:
    """Unbiased trace estimate mean(z^T A z) over Rademacher vectors z
    (Hutchinson 1989); exact for a diagonal A."""
    check_callable("hvp", hvp, "a function v -> H v")
    dim, samples = check_int("dim", dim, low=1), check_int("samples", samples, low=1)
    signs = np.array([-1.0, 1.0])
    z = check_generator("rng", rng).choice(signs, size=(samples, dim))  # (S, dim)
    return float(np.mean([zi @ _apply(hvp, zi) for zi in z]))


def classify(hessian, rtol=ZERO_RTOL, atol=ZERO_ATOL) -> str:
    """ "minimum", "maximum", "saddle" or "degenerate" from the signs of the
    eigenvalues of the (symmetrized) Hessian; |lam| <= atol + rtol max|lam| is 0."""
    h = as_float_array("hessian", hessian, ndim=2)
    rtol, atol = (
        check_positive("rtol", rtol, allow_zero=True),
        check_positive("atol", atol, allow_zero=True),
    )
    if h.shape[0] != h.shape[1]:
        raise ArgumentError(f"hessian must be a square matrix; got shape {h.shape}")
    lam = np.linalg.eigvalsh(0.5 * (h + h.T))
    zero = atol + rtol * np.max(np.abs(lam))
    positive, negative = np.any(lam > zero), np.any(lam < -zero)
    if positive and negative:
        return "saddle"
    if np.all(lam > zero):
        return "minimum"
    if np.all(lam < -zero):
        return "maximum"
    return "degenerate"
