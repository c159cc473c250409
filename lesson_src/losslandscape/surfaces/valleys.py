"""Course surfaces with two minima known in closed form: a sharp and a flat one,
the chapter-13 landscape of a deep and a shallow valley, and a saddle between
two valleys."""

from __future__ import annotations

import numpy as np

from .base import Minimum, Surface, stack2, stack22

WINDOW = ((-3.0, 3.0), (-3.0, 3.0))

# sharp_flat: f = (1 - exp(-Qs)) (1 - exp(-Qf)), Q = lam |p - centre|^2 / 2.
SHARP_CENTRE, SHARP_CURVATURE = (1.0, 0.5), 25.0
FLAT_CENTRE, FLAT_CURVATURE = (-1.0, -0.5), 1.0


def _well(x, y, centre, lam):
    """1 - exp(-Q), its gradient (2, ...) and Hessian (2, 2, ...)."""
    dx, dy = x - centre[0], y - centre[1]
    e = np.exp(-0.5 * lam * (dx**2 + dy**2))
    gx, gy = lam * dx * e, lam * dy * e
    hess = stack22(
        e * (lam - lam**2 * dx**2), -(lam**2) * dx * dy * e, e * (lam - lam**2 * dy**2)
    )
    return 1 - e, stack2(gx, gy), hess


def sharp_flat_eigenvalues() -> tuple[float, float]:
    """Both Hessian eigenvalues (a double one) at the sharp and at the flat
    minimum: each well's curvature times the other factor there."""
    d2 = sum((a - b) ** 2 for a, b in zip(SHARP_CENTRE, FLAT_CENTRE, strict=True))
    return (
        SHARP_CURVATURE * (1 - np.exp(-0.5 * FLAT_CURVATURE * d2)),
        FLAT_CURVATURE * (1 - np.exp(-0.5 * SHARP_CURVATURE * d2)),
    )


def sharp_flat() -> Surface:
    """A narrow and a wide hole of the same depth (0) in a plateau at 1."""

    def wells(x, y):
        return (
            _well(x, y, SHARP_CENTRE, SHARP_CURVATURE),
            _well(x, y, FLAT_CENTRE, FLAT_CURVATURE),
        )

    def f(x, y):
        (a, _, _), (b, _, _) = wells(x, y)
        return a * b

    def grad(x, y):
        (a, ga, _), (b, gb, _) = wells(x, y)
        return ga * b + a * gb

    def hessian(x, y):
        (a, ga, ha), (b, gb, hb) = wells(x, y)
        outer = ga[:, None] * gb[None, :]  # (2, 2, ...)
        return ha * b + outer + np.swapaxes(outer, 0, 1) + a * hb

    sharp, flat = sharp_flat_eigenvalues()
    return Surface(
        "sharp_flat",
        "A sharp and a flat minimum",
        f,
        grad,
        WINDOW,
        (Minimum(*SHARP_CENTRE, 0.0), Minimum(*FLAT_CENTRE, 0.0)),
        hessian,
        f"Two minima of equal depth: the sharp one curves {sharp / flat:.0f} times "
        "more steeply than the flat one.",
    )


# two_valleys: f = p(x) + (y - phi(x))^2 / 2, phi(x) = (x^2 - 9/4) / 4 the valley
# floor, p'(x) = (x + 3/2)(x - 1/2)(x - 3/2) / 2: critical where p' = 0, y = phi(x).
P_COEFFS = (153 / 128, 9 / 16, -9 / 16, -1 / 12, 1 / 8)  # p(x) = sum c_k x^k
GLOBAL_VALLEY = Minimum(-1.5, 0.0, 0.0, "global")  # p(-3/2) = 0
LOCAL_VALLEY = Minimum(1.5, 0.0, 9 / 8, "local")  # p(3/2) = 9/8


def two_valleys() -> Surface:
    """The chapter-13 landscape: a deep valley and a shallower one, separated by a
    ridge; gradient descent ends in either, depending on where it starts."""
    p = np.polynomial.Polynomial(P_COEFFS)
    dp, d2p = p.deriv(), p.deriv(2)

    def f(x, y):
        return p(x) + 0.5 * (y - 0.25 * (x**2 - 2.25)) ** 2

    def grad(x, y):
        r = y - 0.25 * (x**2 - 2.25)  # distance above the valley floor
        return stack2(dp(x) - 0.5 * x * r, r)

    def hessian(x, y):
        r = y - 0.25 * (x**2 - 2.25)
        return stack22(d2p(x) + 0.25 * x**2 - 0.5 * r, -0.5 * x, 1 + 0 * r)

    return Surface(
        "two_valleys",
        "Two valleys: a global and a local minimum",
        f,
        grad,
        WINDOW,
        (GLOBAL_VALLEY, LOCAL_VALLEY),
        hessian,
        "A curved valley with two low points: the global minimum (loss 0) on the "
        "left, a shallower local minimum (loss 1.125) on the right, and a ridge "
        "between them crossed at the saddle (0.5, -0.5), loss 1.333.",
    )


# saddle: f = x^2 / 2 + (y^2 - 1)^2 / 4: a pass at (0, 0) between two valleys.
SADDLE_POINT = (0.0, 0.0, 0.25)


def saddle() -> Surface:
    """Two equal valleys at (0, +-1) and a saddle between them at (0, 0), where
    the Hessian is diag(1, -1): descent along y = 0 ends on the saddle, and
    from anywhere else it lingers there before rolling off."""

    def f(x, y):
        return 0.5 * x**2 + 0.25 * (y**2 - 1) ** 2

    def grad(x, y):
        return stack2(x, y**3 - y)

    def hessian(x, y):
        return stack22(1 + 0 * x * y, 0 * x * y, 3 * y**2 - 1 + 0 * x)

    return Surface(
        "saddle",
        "A saddle between two valleys",
        f,
        grad,
        ((-2.5, 2.5), (-2.0, 2.0)),
        (Minimum(0.0, -1.0, 0.0), Minimum(0.0, 1.0, 0.0)),
        hessian,
        "Two valleys of equal depth at (0, -1) and (0, 1), and a mountain pass "
        "between them: the saddle (0, 0), loss 0.25, curving up along x and "
        "down along y.",
    )


FACTORIES = {"saddle": saddle, "sharp_flat": sharp_flat, "two_valleys": two_valleys}
