"""A two-weight loss surface: vectorized value, gradient, Hessian and its known
minima."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .._validate import ArgumentError, check_callable
from ..points import Minimum

HESSIAN_STEP = 1e-5  # central-difference step of the numerical Hessian, per unit


def stack2(a, b) -> np.ndarray:
    """Stack two broadcastable arrays along a new first axis: (2, ...)."""
    return np.stack(np.broadcast_arrays(a, b))


def stack22(xx, xy, yy) -> np.ndarray:
    """A symmetric 2x2 Hessian field from its three entries: (2, 2, ...)."""
    xx, xy, yy = np.broadcast_arrays(xx, xy, yy)
    return np.stack([np.stack([xx, xy]), np.stack([xy, yy])])


class CentralDifferenceHessian:
    """Hessian by central differences of an analytic gradient, symmetrized."""

    def __init__(self, grad: Callable):
        self.grad = grad

    def __call__(self, x, y) -> np.ndarray:
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        hx = HESSIAN_STEP * np.maximum(1.0, np.abs(x))  # relative step: (...)
        hy = HESSIAN_STEP * np.maximum(1.0, np.abs(y))
        col_x = (self.grad(x + hx, y) - self.grad(x - hx, y)) / (2 * hx)  # (2, ...)
        col_y = (self.grad(x, y + hy) - self.grad(x, y - hy)) / (2 * hy)
        h = np.stack([col_x, col_y], axis=1)  # (2, 2, ...): h[i, j] = d grad_i / d x_j
        return 0.5 * (h + np.swapaxes(h, 0, 1))


class NaNChecked:
    """Wraps f, grad or hessian so that a NaN weight is a ValueError, not a NaN
    that travels on silently (infinities pass: diverging runs must see them)."""

    def __init__(self, function: Callable, what: str):
        self.function, self.what = function, what

    def __call__(self, x, y):
        for name, value in (("x", x), ("y", y)):
            try:
                value = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                raise ArgumentError(
                    f"{self.what}: {name} must be numeric; got {type(value).__name__}"
                ) from None
            if np.any(np.isnan(value)):
                raise ArgumentError(f"{self.what}: {name} must not be NaN; got NaN")
        return self.function(x, y)


@dataclass(frozen=True)
class Surface:
    """f(x, y), grad(x, y) -> (2, ...), hessian(x, y) -> (2, 2, ...) (analytic if
    given, else central differences of grad); domain ((xmin, xmax), (ymin, ymax))."""

    name: str
    title: str
    f: Callable
    grad: Callable
    domain: tuple
    minima: tuple = ()
    hessian: Callable | None = None
    description: str = ""

    def __post_init__(self):
        for field in ("f", "grad"):
            check_callable(field, getattr(self, field), "a function (x, y) -> array")
        if self.hessian is not None:
            check_callable("hessian", self.hessian, "a function (x, y) or None")
        try:
            (x0, x1), (y0, y1) = self.domain
            domain = ((float(x0), float(x1)), (float(y0), float(y1)))
        except (TypeError, ValueError) as exc:
            raise ArgumentError(
                f"domain must be ((xmin, xmax), (ymin, ymax)); got {self.domain!r}"
            ) from exc
        if not all(lo < hi for lo, hi in domain) or not np.all(np.isfinite(domain)):
            raise ArgumentError(f"domain must be finite with min < max; got {domain!r}")
        minima = tuple(self.minima)
        if not all(isinstance(m, Minimum) for m in minima):
            raise ArgumentError(
                f"minima must be a tuple of Minimum; got {self.minima!r}"
            )
        object.__setattr__(self, "domain", domain)
        object.__setattr__(self, "minima", minima)
        for field in ("f", "grad"):
            function = getattr(self, field)
            if not isinstance(function, NaNChecked):
                checked = NaNChecked(function, f"{self.name}.{field}")
                object.__setattr__(self, field, checked)
        stale = (
            isinstance(self.hessian, CentralDifferenceHessian)
            and self.hessian.grad is not self.grad
        )
        if self.hessian is None or stale:  # also after dataclasses.replace(grad=...)
            object.__setattr__(self, "hessian", CentralDifferenceHessian(self.grad))
        elif not isinstance(self.hessian, CentralDifferenceHessian | NaNChecked):
            checked = NaNChecked(self.hessian, f"{self.name}.hessian")
            object.__setattr__(self, "hessian", checked)

    @property
    def has_analytic_hessian(self) -> bool:
        return not isinstance(self.hessian, CentralDifferenceHessian)

    @property
    def global_minima(self) -> tuple:
        return tuple(m for m in self.minima if m.kind == "global")
