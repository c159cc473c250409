"""Course bowls with minima known in closed form: a quadratic of chosen condition
number, and a smooth bowl beside a rugged copy of it."""

from __future__ import annotations

import numpy as np

from .._validate import check_real
from .base import Minimum, Surface, stack2, stack22
from .params import Range

WINDOW = ((-3.0, 3.0), (-3.0, 3.0))


def quadratic(condition=10.0, angle=0.0) -> Surface:
    """f = (u^2 + condition v^2) / 2 in axes turned by `angle` (radians):
    Hessian eigenvalues 1 and `condition`."""
    kappa = check_real("condition", condition, low=1)  # a condition number
    c, s = np.cos(angle), np.sin(angle)
    hxx, hxy, hyy = c**2 + kappa * s**2, (1 - kappa) * c * s, s**2 + kappa * c**2

    def f(x, y):
        return 0.5 * (hxx * x**2 + 2 * hxy * x * y + hyy * y**2)

    def grad(x, y):
        return stack2(hxx * x + hxy * y, hxy * x + hyy * y)

    def hessian(x, y):
        one = np.ones(np.broadcast(x, y).shape)
        return stack22(hxx * one, hxy * one, hyy * one)

    return Surface(
        "quadratic",
        f"Quadratic bowl, condition number {kappa:g}",
        f,
        grad,
        WINDOW,
        (Minimum(0.0, 0.0, 0.0),),
        hessian,
        f"A bowl {np.sqrt(kappa):.3g} times narrower in one direction than the other.",
    )


def smooth() -> Surface:
    """f = (x^2 + y^2) / 2: the broad shape that `rugged` adds ripples to."""

    def hessian(x, y):
        one = np.ones(np.broadcast(x, y).shape)
        return stack22(one, 0 * one, one)

    return Surface(
        "smooth",
        "Smooth landscape",
        lambda x, y: 0.5 * (x**2 + y**2),
        lambda x, y: stack2(x, y),
        WINDOW,
        (Minimum(0.0, 0.0, 0.0),),
        hessian,
        "A round bowl: every path downhill ends at the one minimum, the global one.",
    )


# rugged: f = h(x) + h(y) with h'(x) = x (1 + B cos(w x)), w = 2 pi / PERIOD.
RIPPLE_DEPTH = 1.5  # B; B in (1, ~1.6) keeps the origin the global minimum
RIPPLE_PERIOD = 0.75
_OMEGA = 2 * np.pi / RIPPLE_PERIOD
_SHIFT = np.arccos(-1 / RIPPLE_DEPTH) / (2 * np.pi)  # a: h' changes sign at P(n +- a)


def ripple_minima_1d(lo: float, hi: float) -> np.ndarray:
    """Minima of h in [lo, hi]: 0 and +-PERIOD (n - a) for n = 1, 2, ..."""
    n = np.arange(1, int(max(abs(lo), abs(hi)) / RIPPLE_PERIOD) + 2)
    x = RIPPLE_PERIOD * (n - _SHIFT)
    x = np.concatenate([-x[::-1], [0.0], x])
    return x[(x >= lo) & (x <= hi)]


def _h(x):
    b, w = RIPPLE_DEPTH, _OMEGA
    return 0.5 * x**2 + b * (x * np.sin(w * x) / w + (np.cos(w * x) - 1) / w**2)


def _h_at_minimum(x):
    """h at the minima: 0 at 0; at P (n - a), where sin(w x) = -sqrt(1 - 1/B^2)."""
    b, s = RIPPLE_DEPTH, np.sqrt(1 - RIPPLE_DEPTH**-2)
    value = 0.5 * x**2 - b * s * np.abs(x) / _OMEGA - (1 + b) / _OMEGA**2
    return np.where(x == 0, 0.0, value)


def rugged() -> Surface:
    """`smooth` plus ripples whose depth grows away from the centre: the origin
    is the global minimum, every other pair of 1-D ripple minima a local one."""
    b, w = RIPPLE_DEPTH, _OMEGA

    def grad(x, y):
        return stack2(x * (1 + b * np.cos(w * x)), y * (1 + b * np.cos(w * y)))

    def hessian(x, y):
        def h2(t):
            return 1 + b * np.cos(w * t) - b * w * t * np.sin(w * t)

        return stack22(h2(x), 0 * x * y, h2(y))

    xs, ys = ripple_minima_1d(*WINDOW[0]), ripple_minima_1d(*WINDOW[1])
    gx, gy = (g.ravel() for g in np.meshgrid(xs, ys))  # (M,)
    values = _h_at_minimum(gx) + _h_at_minimum(gy)
    minima = [
        Minimum(x, y, v, "global" if x == y == 0 else "local")
        for x, y, v in sorted(zip(gx, gy, values, strict=True), key=lambda m: m[2])
    ]
    return Surface(
        "rugged",
        "Rugged landscape",
        lambda x, y: _h(x) + _h(y),
        grad,
        WINDOW,
        tuple(minima),
        hessian,
        f"The smooth bowl with ripples: {len(minima)} minima; only the one at the "
        "centre is global.",
    )


FACTORIES = {"quadratic": quadratic, "smooth": smooth, "rugged": rugged}
RANGES = {
    "quadratic": {
        "condition": Range(1.0, 1000.0, "log"),  # Distill's "Why momentum works"
        "angle": Range(-np.pi / 2, np.pi / 2),  # radians
    },
}
