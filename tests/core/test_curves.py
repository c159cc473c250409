"""Paths between minima: Bezier curves in closed form, the control point's
gradient against central differences, and a fitted curve that follows a ring
of minima around the hill the straight line must cross."""

import numpy as np
import pytest

from losslandscape import curves, grid, models
from tests.numeric import RTOL, central_difference


def ring(p):  # (..., 2) -> (...): minima on the unit circle, a hill at 0
    return (p[..., 0] ** 2 + p[..., 1] ** 2 - 1) ** 2


def ring_grad(p):  # (2,) -> (2,)
    return 4 * (p[0] ** 2 + p[1] ** 2 - 1) * p


def test_bezier_ends_midpoint_and_a_straight_control_point(rng):
    a, b, c = rng.standard_normal((3, 5))
    ts = np.array([0.0, 0.5, 1.0])
    points = curves.bezier(a, c, b, ts)
    np.testing.assert_allclose(points[0], a)
    np.testing.assert_allclose(points[2], b)
    np.testing.assert_allclose(points[1], (a + 2 * c + b) / 4)
    # with c at the midpoint the curve is the segment, run at t' = t
    ts = np.linspace(0, 1, 11)
    np.testing.assert_allclose(
        curves.bezier(a, (a + b) / 2, b, ts), curves.straight(a, b, ts), atol=1e-15
    )


def test_straight_is_the_grid_line(rng):
    a, b = rng.standard_normal((2, 3))
    ts = np.linspace(0, 1, 7)
    direct = ring(curves.straight(a[:2], b[:2], ts))
    np.testing.assert_allclose(direct, grid.line(ring, a[:2], b[:2], ts))


def test_bezier_grad_matches_central_differences(rng):
    model = models.MLP([2, 3, 1])
    X, y = rng.standard_normal((12, 2)), rng.integers(0, 2, 12).astype(float)
    a, b, c = rng.standard_normal((3, model.n_params))
    ts = np.array([0.1, 0.35, 0.8])

    def objective(c_):
        return np.mean(model.loss_many(curves.bezier(a, c_, b, ts), X, y))

    g = curves.bezier_grad(lambda t: model.grad(t, X, y), a, c, b, ts)
    d = rng.standard_normal(model.n_params)
    np.testing.assert_allclose(g @ d, central_difference(objective, c, d), rtol=RTOL)


def test_a_fitted_curve_goes_round_the_hill(rng):
    a, b = np.array([1.0, 0.0]), np.array([-1.0, 0.0])
    ts = np.linspace(0, 1, 201)
    assert ring(curves.straight(a, b, ts)).max() == 1.0  # the hill at the centre
    c = curves.fit_bezier(ring_grad, a, b, rng, theta_c0=[0.0, 0.1], steps=500, lr=0.05)
    assert ring(curves.bezier(a, c, b, ts)).max() < 0.1
    # the curve bulges round the hill: its middle, (a + 2c + b) / 4, is near the ring
    assert abs(np.linalg.norm(curves.bezier(a, c, b, [0.5])[0]) - 1) < 0.1


def test_fit_is_deterministic_given_the_generator():
    a, b = np.array([1.0, 0.0]), np.array([-1.0, 0.0])
    runs = [
        curves.fit_bezier(
            ring_grad, a, b, np.random.default_rng(5), theta_c0=[0, 0.1], steps=50
        )
        for _ in range(2)
    ]
    np.testing.assert_array_equal(*runs)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: curves.bezier([0, 0], [0, 0, 0], [1, 1], [0.5]), "same shape"),
        (lambda: curves.straight([0, 0], [1, 1], [1.5]), "ts must lie in"),
        (lambda: curves.straight([0, 0], [1], [0.5]), "same shape"),
        (
            lambda: curves.fit_bezier(ring_grad, [1, 0], [-1, 0], 0),
            "rng must be a numpy.random.Generator",
        ),
        (
            lambda: curves.fit_bezier(
                ring_grad, [1, 0], [-1, 0], np.random.default_rng(0), samples=0
            ),
            "samples must be",
        ),
    ],
)
def test_bad_arguments_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
