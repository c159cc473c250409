"""A two-weight loss by name, from a core surface or a core model on its toy
data, behind one small interface the landscape views draw."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

MODEL_WINDOW = ((-4.0, 4.0), (-4.0, 4.0))  # weights shown for a model by default


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    kind: str  # "global" | "local"


@dataclass(frozen=True)
class Landscape:
    name: str
    title: str
    f: Callable  # f(x, y) on arrays of any shape
    grad: Callable  # grad(theta (2,)) -> (2,)
    minima: tuple  # Points, the global ones first
    domain: tuple  # ((xmin, xmax), (ymin, ymax))

    def grid(self, x_range, y_range, resolution: int):
        """xs (n,), ys (n,), Z (n, n) with Z[j, i] = f(xs[i], ys[j])."""
        xs = np.linspace(*x_range, resolution)
        ys = np.linspace(*y_range, resolution)
        xx, yy = np.meshgrid(xs, ys)  # (n, n) each
        return xs, ys, np.asarray(self.f(xx, yy), dtype=np.float64)


def shown(z: np.ndarray, scale: str) -> np.ndarray:
    """The values coloured: z itself, or log(1 + z - min z) for the log scale."""
    return np.log1p(z - np.min(z)) if scale == "log" else z


def model_names() -> list[str]:
    return ["logistic", "nonconvex"]


def surface_names() -> list[str]:
    from losslandscape import surfaces

    return list(surfaces.names())


def get(*, surface: str | None = None, model: str | None = None) -> Landscape:
    """The landscape of a core surface, or of a two-weight model on its data."""
    if surface is not None:
        return _from_surface(surface)
    return _from_model(model)


def _from_surface(name: str) -> Landscape:
    from losslandscape import surfaces

    s = surfaces.get(name)
    minima = sorted(
        (Point(m.x, m.y, m.value, m.kind) for m in s.minima),
        key=lambda p: (p.kind != "global", p.value, p.x, p.y),
    )

    def grad(theta):
        return np.asarray(s.grad(theta[0], theta[1]), dtype=np.float64)

    return Landscape(name, s.title, s.f, grad, tuple(minima), s.domain)


def _from_model(name: str) -> Landscape:
    from losslandscape import data, minima, models, surfaces

    model, (X, y), title = {
        "logistic": lambda: (
            models.LogisticRegression2D(),
            data.logistic_toy(),
            "Logistic regression, two weights (convex)",
        ),
        "nonconvex": lambda: (
            models.TwoWeightNonconvex(),
            data.nonconvex_toy(),
            "A two-weight non-convex model",
        ),
    }[name]()
    domain = getattr(model, "domain", MODEL_WINDOW)

    def f(a, b):
        a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
        thetas = np.stack([a.ravel(), b.ravel()], axis=1)  # (P, 2)
        return model.loss_many(thetas, X, y).reshape(a.shape)

    def grad(theta):
        return np.asarray(model.grad(np.asarray(theta, float), X, y), dtype=np.float64)

    def grad_xy(a, b):  # (2, ...) like a surface's gradient
        a, b = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float))
        flat = [grad(np.array(t)) for t in zip(a.ravel(), b.ravel(), strict=True)]
        return np.stack(flat, axis=-1).reshape((2, *a.shape))

    as_surface = surfaces.Surface(name, title, f, grad_xy, domain)
    found = minima.find_minima(as_surface)
    points = [Point(p.x, p.y, p.value, "local") for p in found if p.kind == "minimum"]
    if points:
        best = min(p.value for p in points)
        points = [
            Point(p.x, p.y, p.value, "global" if p.value <= best + 1e-9 else "local")
            for p in points
        ]
    points.sort(key=lambda p: (p.kind != "global", p.value, p.x, p.y))
    return Landscape(name, title, f, grad, tuple(points), domain)
