"""Standard 2-D test functions with one global minimum in a curved valley or bowl.

Formulas, plotting windows and minima from Surjanovic & Bingham, "Virtual
Library of Simulation Experiments" (2013), https://www.sfu.ca/~ssurjano. Each
minimum keeps its published digits; `precision` is one unit of the last digit.
"""

from __future__ import annotations

import numpy as np

from .._validate import check_positive
from .base import Minimum, Surface, stack2, stack22
from .params import Range


def rosenbrock(a=1.0, b=100.0) -> Surface:
    check_positive("b", b)

    def f(x, y):
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(x, y):
        return stack2(-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2))

    def hessian(x, y):
        return stack22(2 - 4 * b * y + 12 * b * x**2, -4 * b * x, 2 * b + 0 * x)

    return Surface(
        "rosenbrock",
        "Rosenbrock's banana valley",
        f,
        grad,
        ((-2, 2), (-1, 3)),
        (Minimum(a, a**2, 0.0),),
        hessian,
        "A long curved valley whose floor falls gently to (a, a^2).",
    )


def beale() -> Surface:
    def terms(x, y):  # the three residuals and their partial derivatives
        c = np.array([1.5, 2.25, 2.625]).reshape((3,) + (1,) * np.ndim(x))
        k = np.arange(1, 4).reshape(c.shape)
        t = c - x + x * y**k  # (3, ...)
        return t, y**k - 1, k * x * y ** (k - 1)

    def f(x, y):
        return np.sum(terms(x, y)[0] ** 2, axis=0)

    def grad(x, y):
        t, dx, dy = terms(x, y)
        return stack2(np.sum(2 * t * dx, axis=0), np.sum(2 * t * dy, axis=0))

    return Surface(
        "beale",
        "Beale's function",
        f,
        grad,
        ((-4.5, 4.5), (-4.5, 4.5)),
        (Minimum(3.0, 0.5, 0.0),),
        None,
        "Sharp ridges around a flat, curved valley that leads to (3, 0.5).",
    )


def booth() -> Surface:
    def f(x, y):
        return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2

    def grad(x, y):
        u, v = x + 2 * y - 7, 2 * x + y - 5
        return stack2(2 * u + 4 * v, 4 * u + 2 * v)

    def hessian(x, y):
        one = np.ones(np.broadcast(x, y).shape)
        return stack22(10 * one, 8 * one, 10 * one)

    return Surface(
        "booth",
        "Booth's function",
        f,
        grad,
        ((-10, 10), (-10, 10)),
        (Minimum(1.0, 3.0, 0.0),),
        hessian,
        "A tilted quadratic bowl: one minimum, elongated contours.",
    )


def goldstein_price() -> Surface:
    def f(x, y):
        s, t = x + y + 1, 2 * x - 3 * y
        p = 19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2
        q = 18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2
        return (1 + s**2 * p) * (30 + t**2 * q)

    def grad(x, y):
        s, t = x + y + 1, 2 * x - 3 * y
        p = 19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2
        q = 18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2
        first, second = 1 + s**2 * p, 30 + t**2 * q
        d_first = 2 * s * p + s**2 * (-14 + 6 * x + 6 * y)  # same for x and y
        d_second_x = 4 * t * q + t**2 * (-32 + 24 * x - 36 * y)
        d_second_y = -6 * t * q + t**2 * (48 - 36 * x + 54 * y)
        return stack2(
            d_first * second + first * d_second_x, d_first * second + first * d_second_y
        )

    return Surface(
        "goldstein_price",
        "Goldstein-Price function",
        f,
        grad,
        ((-2, 2), (-2, 2)),
        (Minimum(0.0, -1.0, 3.0),),
        None,
        "Values spanning six orders of magnitude, with several local minima.",
    )


FACTORIES = {f.__name__: f for f in (rosenbrock, beale, booth, goldstein_price)}
# The minimum (a, a^2) stays inside the window for a in [-1.4, 1.4].
RANGES = {"rosenbrock": {"a": Range(-1.4, 1.4), "b": Range(1.0, 200.0, "log")}}
