"""A two-weight loss by name, from a core surface or a core model on its toy
data, behind one small interface the landscape views draw."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from losslandscape.points import Minimum

MODEL_WINDOW = ((-4.0, 4.0), (-4.0, 4.0))  # weights shown for a model by default


@dataclass(frozen=True)
class TwoWeightLoss:
    name: str
    title: str
    f: Callable  # f(x, y) on arrays of any shape
    grad: Callable  # grad(theta (2,)) -> (2,)
    minima: tuple  # core Minimum records, the global ones first
    domain: tuple  # ((xmin, xmax), (ymin, ymax))
    # batch_grad(batch_size, seed) -> grad_fn of mini-batch gradients (models only)
    batch_grad: Callable | None = None

    def grid(self, x_range, y_range, resolution: int):
        """xs (n,), ys (n,), Z (n, n) with Z[j, i] = f(xs[i], ys[j])."""
        xs = np.linspace(*x_range, resolution)
        ys = np.linspace(*y_range, resolution)
        xx, yy = np.meshgrid(xs, ys)  # (n, n) each
        return xs, ys, np.asarray(self.f(xx, yy), dtype=np.float64)


def shown(z: np.ndarray, scale: str) -> np.ndarray:
    """The values coloured: z itself, or log(1 + z - min z) for the log scale."""
    return np.log1p(z - np.min(z)) if scale == "log" else z


def lifted(values: np.ndarray, z: np.ndarray, scale: str) -> np.ndarray:
    """Losses along a path on the same colour scale as the grid `z`."""
    if scale == "log":
        return np.log1p(np.maximum(values - np.min(z), 0.0))
    return values


def model_names() -> list[str]:
    return ["iris", "logistic", "nonconvex"]


def surface_names() -> list[str]:
    from losslandscape import surfaces

    return list(surfaces.names())


def get(*, surface: str | None = None, model: str | None = None) -> TwoWeightLoss:
    """The landscape of a core surface, or of a two-weight model on its data."""
    if surface is not None:
        return _from_surface(surface)
    return _from_model(model)


def _from_surface(name: str) -> TwoWeightLoss:
    from losslandscape import surfaces

    s = surfaces.get(name)
    minima = sorted(s.minima, key=lambda p: (p.kind != "global", p.value, p.x, p.y))

    def grad(theta):
        return np.asarray(s.grad(theta[0], theta[1]), dtype=np.float64)

    return TwoWeightLoss(name, s.title, s.f, grad, tuple(minima), s.domain)


def _from_model(name: str) -> TwoWeightLoss:
    """A two-weight model on its toy data, as the core's Surface; its minima
    found by the core's minima.find_minima."""
    from losslandscape import data, minima, models

    model, (X, y), title = {
        "iris": lambda: (
            models.LogisticRegression2D(),
            data.iris_sepals(),
            "Logistic regression on Fisher's iris sepals (convex)",
        ),
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
    s = models.as_surface(model, X, y, MODEL_WINDOW, name, title)
    found = [p for p in minima.find_minima(s) if p.kind == "minimum"]
    best = min((p.value for p in found), default=0.0)
    points = [
        Minimum(p.x, p.y, p.value, "global" if p.value <= best + 1e-9 else "local")
        for p in found
    ]
    points.sort(key=lambda p: (p.kind != "global", p.value, p.x, p.y))

    def grad(theta):
        return np.asarray(s.grad(theta[0], theta[1]), dtype=np.float64)

    def batch_grad(batch_size: int, seed: int):
        from losslandscape import batches

        return batches.MiniBatchGradient(
            model, X, y, batch_size, np.random.default_rng(seed)
        )

    return TwoWeightLoss(name, title, s.f, grad, tuple(points), s.domain, batch_grad)
