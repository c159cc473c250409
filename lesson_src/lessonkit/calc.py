"""The functions an instructor may call in a computed number, `{{ expr :fmt }}`.

Each is a thin wrapper over the core (`losslandscape`), so every number printed
in a lesson comes from the same tested code as the figures. `NAMESPACE` maps the
names allowed in expressions to these functions; nothing else is reachable.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

from losslandscape import ArgumentError, grid, layout, losses, optim, surfaces
from losslandscape._validate import check_int, check_real
from losslandscape.points import Point  # `.x`, `.y`, `.value`

MAX_STEPS = 10_000  # longest optimizer run a computed number may ask for


class Vector(NamedTuple):
    """A 2-vector, e.g. a gradient: `.x`, `.y` (also `[0]`, `[1]`)."""

    x: float
    y: float


def _number(name: str, value) -> float:
    return check_real(name, value)


def _count(name: str, value, lo: int, hi: int) -> int:
    return check_int(name, value, low=lo, high=hi)


def _point(name: str, x, y) -> Point:
    """The point (x, y) on surface `name` with its loss."""
    surface = surfaces.get(name)
    value = float(surface.f(np.float64(x), np.float64(y)))
    return Point(float(x), float(y), value)


# Losses and plain maths ------------------------------------------------------


def bce(y, p) -> float:
    """Binary cross-entropy of one prediction: -[y ln p + (1 - y) ln(1 - p)]."""
    return losses.binary_cross_entropy([_number("y", y)], [_number("p", p)])


def ln(x) -> float:
    """Natural logarithm (the `log` of the BCE formula)."""
    x = _number("x", x)
    if x <= 0:
        raise ArgumentError(f"ln(x) needs x > 0, got {x!r}")
    return math.log(x)


def log10(x) -> float:
    """Base-10 logarithm: how many digits a large number has, roughly."""
    return ln(x) / math.log(10)


def relu(z) -> float:
    """max(z, 0): the ReLU activation of one unit."""
    return max(_number("z", z), 0.0)


def exp(x) -> float:
    """e to the power x."""
    return math.exp(_number("x", x))


def sqrt(x) -> float:
    """Square root of x >= 0."""
    x = _number("x", x)
    if x < 0:
        raise ArgumentError(f"sqrt(x) needs x >= 0, got {x!r}")
    return math.sqrt(x)


def sigmoid(z) -> float:
    """1 / (1 + e^-z): turns a score into a probability (losses.sigmoid)."""
    return float(losses.sigmoid(_number("z", z)))


def ratio(a, b) -> float:
    """a / b, e.g. how many times larger one loss is than another."""
    b = _number("b", b)
    if b == 0:
        raise ArgumentError("ratio(a, b) needs b != 0")
    return _number("a", a) / b


def norm(*values) -> float:
    """Length of a vector given by its entries: sqrt(v1^2 + v2^2 + ...)."""
    if not values:
        raise ArgumentError("norm(...) needs at least one entry")
    return float(np.linalg.norm([_number("entry", v) for v in values]))


# Two-weight surfaces ---------------------------------------------------------


def surface_value(name, x, y) -> float:
    """Loss of surface `name` (see surfaces.names()) at the weights (x, y)."""
    return _point(name, x, y).value


def surface_grad(name, x, y) -> Vector:
    """Gradient (dL/dx, dL/dy) of surface `name` at (x, y)."""
    g = surfaces.get(name).grad(np.float64(x), np.float64(y))  # (2,)
    return Vector(float(g[0]), float(g[1]))


def surface_minimum(name, i=0) -> Point:
    """The i-th known minimum of surface `name`, global ones first (i = 0: global)."""
    minima = sorted(surfaces.get(name).minima, key=lambda m: m.kind != "global")
    if not minima:
        raise ArgumentError(f"surface {name!r} has no known minima")
    return minima[_count("i", i, 0, len(minima) - 1)]  # a Minimum: a Point


def _hessian(name, x, y) -> np.ndarray:
    h = surfaces.get(name).hessian(np.float64(x), np.float64(y))
    return np.asarray(h, dtype=np.float64)  # (2, 2)


def hessian_entry(name, x, y, i, j) -> float:
    """Entry (i, j), i and j in {0, 1}, of the Hessian of surface `name` at (x, y)."""
    i, j = _count("i", i, 0, 1), _count("j", j, 0, 1)  # -1 would wrap to the last
    return float(_hessian(name, x, y)[i, j])


def top_eigenvalue(name, x, y) -> float:
    """Largest Hessian eigenvalue of surface `name` at (x, y): the sharpest curve."""
    return float(np.linalg.eigvalsh(_hessian(name, x, y))[-1])


def bottom_eigenvalue(name, x, y) -> float:
    """Smallest Hessian eigenvalue of surface `name` at (x, y): the flattest curve."""
    return float(np.linalg.eigvalsh(_hessian(name, x, y))[0])


def interpolate(name, x0, y0, x1, y1, alpha) -> float:
    """Loss of surface `name` at (1 - alpha) (x0, y0) + alpha (x1, y1) (grid.line)."""
    surface = surfaces.get(name)

    def loss_many(thetas):  # (P, 2) -> (P,)
        return surface.f(thetas[:, 0], thetas[:, 1])

    values = grid.line(loss_many, [x0, y0], [x1, y1], [_number("alpha", alpha)])
    return float(values[0])


# Optimizers on a surface -----------------------------------------------------


def _walk(optimizer, name, x, y, steps) -> Point:
    surface = surfaces.get(name)

    def grad_fn(theta):  # (2,) -> (2,)
        return surface.grad(theta[0], theta[1])

    x0 = np.array([_number("x", x), _number("y", y)])
    run = optim.run_detailed(
        optimizer, grad_fn, x0, _count("steps", steps, 0, MAX_STEPS)
    )
    if run.diverged:
        raise ArgumentError(
            f"the {optimizer.name} run on {name!r} from ({x}, {y}) diverged at step "
            f"{run.stopped_at}; allowed: a smaller learning rate"
        )
    return _point(name, run.path[-1, 0], run.path[-1, 1])  # path: (steps + 1, 2)


def gd_step(name, x, y, lr) -> Point:
    """One plain gradient-descent step from (x, y): (x, y) - lr * gradient."""
    return _walk(optim.SGD(lr=_number("lr", lr)), name, x, y, 1)


def sgd_path(name, x, y, lr, steps, momentum=0.0) -> Point:
    """Where torch-style SGD (with optional momentum) is after `steps` steps."""
    opt = optim.SGD(lr=_number("lr", lr), momentum=_number("momentum", momentum))
    return _walk(opt, name, x, y, steps)


def adam_path(name, x, y, lr, steps) -> Point:
    """Where Adam (default betas and eps) is after `steps` steps from (x, y)."""
    return _walk(optim.Adam(lr=_number("lr", lr)), name, x, y, steps)


def schedule_lr(name, base_lr, step, **params) -> float:
    """Learning rate of update `step` (from 0) under schedule `name`
    (optim.schedules), e.g. schedule_lr("step", 0.1, 25, step_size=10, gamma=0.5)."""
    schedule = optim.schedules.get(name, **params)
    step = check_int("step", step, low=0)
    return float(schedule.lr(step, _number("base_lr", base_lr)))


# Networks --------------------------------------------------------------------


def n_params(*layer_sizes) -> int:
    """Weights and biases of a dense network, e.g. n_params(2, 16, 16, 1)."""
    return layout.n_params(layer_sizes)


def grid_points(resolution, dims) -> int:
    """How many loss evaluations a grid of `resolution` points per axis needs."""
    return _count("resolution", resolution, 1, 10**6) ** _count("dims", dims, 1, 64)


def factorial(n) -> int:
    """n! = 1 x 2 x ... x n, e.g. the orderings of n hidden units."""
    return math.factorial(_count("n", n, 0, 170))


# A network at a saddle -------------------------------------------------------

SADDLE_NETWORK = (2, 8, 1)  # tanh, on 200 two-moons points (100 of each class)


@functools.lru_cache(maxsize=1)
def _origin_hessian() -> np.ndarray:
    from losslandscape import curvature, data, models

    X, y = data.two_moons(200, np.random.default_rng(0), 0.15)
    model = models.MLP(list(SADDLE_NETWORK), activation="tanh")
    theta = np.zeros(model.n_params)
    if np.max(np.abs(model.grad(theta, X, y))) > 1e-12:
        raise ValueError("the all-zero network must be a stationary point")
    hvp = functools.partial(model.hvp, theta, X, y)
    return curvature.hessian_from_hvp(hvp, model.n_params)  # (n, n)


def origin_curvature(which) -> float:
    """The tanh network 2-8-1 with every weight 0, on two moons: a stationary
    point. which: "top" or "bottom" eigenvalue of its Hessian (the core's
    Lanczos), "negative" (how many eigenvalues are < 0), "params"."""
    from losslandscape import curvature

    h = _origin_hessian()
    dim = h.shape[0]
    rng = np.random.default_rng(0)
    options = {
        "top": lambda: curvature.top_eigenvalue(lambda v: h @ v, dim, rng),
        "bottom": lambda: curvature.bottom_eigenvalue(lambda v: h @ v, dim, rng),
        "negative": lambda: int(np.sum(np.linalg.eigvalsh(h) < -1e-12)),
        "params": lambda: dim,
    }
    if which not in options:
        raise ValueError(f"which must be one of {', '.join(options)}; got {which!r}")
    return options[which]()


# Mini-batch noise on a real data set -----------------------------------------


@functools.lru_cache(maxsize=1)
def _iris():
    from losslandscape import data, models

    X, y = data.iris_sepals()
    model = models.LogisticRegression2D()
    best = optim.run(
        optim.SGD(lr=2.0), lambda th: model.grad(th, X, y), np.zeros(2), 3000
    )[-1]
    return model, X, y, best


def iris_minimum() -> Point:
    """The minimum of logistic regression on the iris sepals (full-batch descent)."""
    model, X, y, best = _iris()
    return Point(float(best[0]), float(best[1]), model.loss(best, X, y))


def iris_noise(batch_size) -> float:
    """Root-mean-square error of a mini-batch gradient at the iris minimum
    (batches.gradient_noise): how far a batch's slope is from the true one, 0."""
    from losslandscape import batches

    model, X, y, best = _iris()
    b = _count("batch_size", batch_size, 1, len(y))
    return math.sqrt(batches.gradient_noise(model, best, X, y, b))


@functools.lru_cache(maxsize=64)
def _spread(lr: float, batch_size: int, steps: int, seed: int) -> float:
    from losslandscape import batches

    model, X, y, best = _iris()
    grad_fn = batches.MiniBatchGradient(
        model, X, y, batch_size, np.random.default_rng(seed)
    )
    path = optim.run(optim.SGD(lr=lr), grad_fn, best.copy(), steps)  # (steps + 1, 2)
    tail = path[steps // 4 :]
    return float(np.mean(np.sum((tail - best) ** 2, axis=1)))


def sgd_spread(lr, batch_size, steps=4000, seed=1) -> float:
    """Mean squared distance from the iris minimum of plain SGD started there,
    over the last three quarters of `steps` mini-batch steps: the size of the
    cloud it jiggles in."""
    _, _, y, _ = _iris()
    return _spread(
        _number("lr", lr),
        _count("batch_size", batch_size, 1, len(y)),
        _count("steps", steps, 4, MAX_STEPS),
        _count("seed", seed, 0, 2**31),
    )


NAMESPACE: dict[str, callable] = {
    f.__name__: f
    for f in (
        bce,
        ln,
        log10,
        relu,
        exp,
        sqrt,
        sigmoid,
        ratio,
        norm,
        surface_value,
        surface_grad,
        surface_minimum,
        hessian_entry,
        top_eigenvalue,
        bottom_eigenvalue,
        interpolate,
        gd_step,
        sgd_path,
        adam_path,
        schedule_lr,
        n_params,
        grid_points,
        factorial,
        origin_curvature,
        iris_minimum,
        iris_noise,
        sgd_spread,
    )
}
NAMESPACE["log"] = ln
