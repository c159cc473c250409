"""Find the minima of any surface: lowest points of a grid, refined by damped
Newton steps, classified by the Hessian."""

from __future__ import annotations

import numpy as np

from ._validate import ArgumentError, check_int, check_positive
from .curvature import classify
from .points import CriticalPoint


def grid_minima(z: np.ndarray) -> np.ndarray:
    """Indices (K, 2) of (row, col) of interior cells strictly lower than all
    8 neighbours."""
    z = np.asarray(z)  # may hold inf where a surface overflows
    if z.ndim != 2:
        raise ArgumentError(f"z must be 2-D; got shape {z.shape}")
    centre = z[1:-1, 1:-1]
    lower = np.ones(centre.shape, dtype=bool)
    rows, cols = z.shape
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            if dr or dc:
                lower &= centre < z[1 + dr : rows - 1 + dr, 1 + dc : cols - 1 + dc]
    return np.argwhere(lower) + 1


def _newton_steps(surface, p: np.ndarray, max_step: float, iters: int, gtol: float):
    """Damped Newton from each column of p (2, K): eigenvalues of the Hessian
    replaced by max(|lam|, floor), step capped at max_step, halved until f drops."""
    for _ in range(iters):
        g = surface.grad(p[0], p[1])  # (2, K)
        if np.all(np.linalg.norm(g, axis=0) <= gtol):
            break
        h = np.moveaxis(surface.hessian(p[0], p[1]), -1, 0)  # (K, 2, 2)
        lam, vec = np.linalg.eigh(h)  # (K, 2), (K, 2, 2)
        floor = 1e-8 * np.maximum(1.0, np.abs(lam).max(axis=1, keepdims=True))
        lam = np.maximum(np.abs(lam), floor)
        coords = np.einsum("kji,jk->ki", vec, g) / lam  # g in the eigenbasis / lam
        step = -np.einsum("kij,kj->ik", vec, coords)  # (2, K)
        norm = np.linalg.norm(step, axis=0)
        step *= np.minimum(1.0, max_step / np.maximum(norm, 1e-300))
        f0, t = surface.f(p[0], p[1]), np.ones(p.shape[1])
        for _ in range(30):  # backtrack only the points whose f did not drop
            trial = p + t * step
            worse = ~(surface.f(trial[0], trial[1]) <= f0)
            if not worse.any():
                break
            t = np.where(worse, 0.5 * t, t)
        p = np.where(worse, p, trial)
    return p, np.linalg.norm(surface.grad(p[0], p[1]), axis=0)


def _leave_saddles(surface, p: np.ndarray, spacing: float) -> np.ndarray:
    """Move points with a negative Hessian eigenvalue half a grid cell along its
    eigenvector, to whichever side is lower."""
    h = np.moveaxis(surface.hessian(p[0], p[1]), -1, 0)  # (K, 2, 2)
    lam, vec = np.linalg.eigh(h)
    down = vec[:, :, 0].T * (0.5 * spacing * (lam[:, 0] < 0))  # (2, K)
    plus, minus = p + down, p - down
    lower = surface.f(plus[0], plus[1]) <= surface.f(minus[0], minus[1])
    return np.where(lower, plus, minus)


def _distinct(p: np.ndarray, tol: float) -> list[int]:
    """Indices of the columns of p (2, K) farther than tol from every earlier kept
    one (a loop over candidates, each compared with all kept at once)."""
    kept = [0] if p.shape[1] else []
    for k in range(1, p.shape[1]):
        if np.linalg.norm(p[:, kept] - p[:, k, None], axis=0).min() > tol:
            kept.append(k)
    return kept


def find_minima(
    surface, resolution=201, *, iters=100, gtol=1e-7
) -> list[CriticalPoint]:
    """Minima of `surface` inside its domain, lowest first: grid minima at
    `resolution` points per axis, refined (damped Newton, off saddles) until
    |grad| <= gtol (absolute); unconverged points and duplicates are dropped."""
    resolution = check_int("resolution", resolution, low=3)
    iters, gtol = check_int("iters", iters, low=1), check_positive("gtol", gtol)
    (x0, x1), (y0, y1) = surface.domain
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    z = surface.f(*np.meshgrid(xs, ys))  # (ny, nx): z[j, i] = f(xs[i], ys[j])
    cells = grid_minima(np.where(np.isfinite(z), z, np.inf))  # (K, 2)
    p = np.stack([xs[cells[:, 1]], ys[cells[:, 0]]])  # (2, K)
    spacing = max(xs[1] - xs[0], ys[1] - ys[0])
    p, _ = _newton_steps(surface, p, 2 * spacing, iters, gtol)
    p = _leave_saddles(surface, p, spacing)  # a grid point can sit on a saddle
    p, gnorm = _newton_steps(surface, p, 2 * spacing, iters, gtol)
    inside = (p[0] >= x0) & (p[0] <= x1) & (p[1] >= y0) & (p[1] <= y1)
    p = p[:, (gnorm <= gtol) & inside]
    values = surface.f(p[0], p[1])  # (K,)
    order = np.argsort(values, kind="stable")
    p, values = p[:, order], values[order]
    keep = _distinct(p, 0.5 * spacing)
    p, values = p[:, keep], values[keep]
    hessians = np.moveaxis(surface.hessian(p[0], p[1]), -1, 0)  # (M, 2, 2)
    lams = np.linalg.eigvalsh(0.5 * (hessians + np.swapaxes(hessians, 1, 2)))
    return [
        CriticalPoint(x, y, value, (lam[0], lam[1]), classify(h))
        for x, y, value, lam, h in zip(
            *p.tolist(), values.tolist(), lams.tolist(), hessians, strict=True
        )
    ]
