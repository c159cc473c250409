"""Standard 2-D test functions with several minima.

Formulas, plotting windows and minima from Surjanovic & Bingham, "Virtual
Library of Simulation Experiments" (2013), https://www.sfu.ca/~ssurjano;
Himmelblau's from Himmelblau, "Applied Nonlinear Programming" (1972). Each
minimum keeps its published digits; `precision` is one unit of the last digit.
"""

from __future__ import annotations

import numpy as np

from .._validate import check_positive
from .base import Minimum, Surface, stack2, stack22
from .params import Range

TAU = 2 * np.pi


def himmelblau() -> Surface:
    def f(x, y):
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    def grad(x, y):
        u, v = x**2 + y - 11, x + y**2 - 7
        return stack2(4 * x * u + 2 * v, 2 * u + 4 * y * v)

    def hessian(x, y):
        u, v = x**2 + y - 11, x + y**2 - 7
        return stack22(4 * u + 8 * x**2 + 2, 4 * (x + y), 4 * v + 8 * y**2 + 2)

    minima = [
        (3.0, 2.0),
        (-2.805118, 3.131312),
        (-3.779310, -3.283186),
        (3.584428, -1.848126),
    ]
    return Surface(
        "himmelblau",
        "Himmelblau's function",
        f,
        grad,
        ((-5, 5), (-5, 5)),
        tuple(Minimum(x, y, 0.0, "global", 1e-6) for x, y in minima),
        hessian,
        "Four valleys of exactly the same depth.",
    )


def rastrigin(A=10.0) -> Surface:
    check_positive("A", A)

    def f(x, y):
        return 2 * A + x**2 - A * np.cos(TAU * x) + y**2 - A * np.cos(TAU * y)

    def grad(x, y):
        return stack2(
            2 * x + TAU * A * np.sin(TAU * x), 2 * y + TAU * A * np.sin(TAU * y)
        )

    def hessian(x, y):
        return stack22(
            2 + TAU**2 * A * np.cos(TAU * x),
            0 * x * y,
            2 + TAU**2 * A * np.cos(TAU * y),
        )

    return Surface(
        "rastrigin",
        "Rastrigin's function",
        f,
        grad,
        ((-5.12, 5.12), (-5.12, 5.12)),
        (Minimum(0.0, 0.0, 0.0),),
        hessian,
        "A bowl covered in regular ripples: a local minimum near every integer point.",
    )


def ackley(a=20.0, b=0.2, c=TAU) -> Surface:
    for name, value in (("a", a), ("b", b), ("c", c)):
        check_positive(name, value)

    def parts(x, y):
        r = np.sqrt(0.5 * (x**2 + y**2))
        return r, np.exp(-b * r), np.exp(0.5 * (np.cos(c * x) + np.cos(c * y)))

    def f(x, y):
        r, e1, e2 = parts(x, y)
        return -a * e1 - e2 + a + np.e

    def grad(x, y):  # the cone's tip at the origin has no gradient: use 0 there
        r, e1, e2 = parts(x, y)
        k = np.where(r > 0, a * b * e1 / (2 * np.where(r > 0, r, 1.0)), 0.0)
        return stack2(
            k * x + 0.5 * c * np.sin(c * x) * e2, k * y + 0.5 * c * np.sin(c * y) * e2
        )

    return Surface(
        "ackley",
        "Ackley's function",
        f,
        grad,
        ((-5, 5), (-5, 5)),
        (Minimum(0.0, 0.0, 0.0),),
        None,
        "A nearly flat, bumpy plateau with one deep hole at the origin.",
    )


def six_hump_camel() -> Surface:
    def f(x, y):
        return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2

    def grad(x, y):
        return stack2(8 * x - 8.4 * x**3 + 2 * x**5 + y, x - 8 * y + 16 * y**3)

    return Surface(
        "six_hump_camel",
        "Six-hump camel function",
        f,
        grad,
        ((-2, 2), (-1, 1)),
        (
            Minimum(0.0898, -0.7126, -1.0316, "global", 1e-4),
            Minimum(-0.0898, 0.7126, -1.0316, "global", 1e-4),
        ),
        None,
        "Six local minima; two of them, mirror images, are global.",
    )


def styblinski_tang() -> Surface:
    def f(x, y):
        return 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y)

    def grad(x, y):
        return stack2(2 * x**3 - 16 * x + 2.5, 2 * y**3 - 16 * y + 2.5)

    def hessian(x, y):
        return stack22(6 * x**2 - 16, 0 * x * y, 6 * y**2 - 16)

    return Surface(
        "styblinski_tang",
        "Styblinski-Tang function",
        f,
        grad,
        ((-5, 5), (-5, 5)),
        (Minimum(-2.903534, -2.903534, -78.33233, "global", 1e-5),),
        hessian,
        "Four basins in the corners; the global one is at the lower left.",
    )


FACTORIES = {
    f.__name__: f
    for f in (himmelblau, rastrigin, ackley, six_hump_camel, styblinski_tang)
}
RANGES = {
    "rastrigin": {"A": Range(0.5, 20.0)},
    "ackley": {"a": Range(1.0, 40.0), "b": Range(0.05, 1.0), "c": Range(1.0, 4 * TAU)},
}
