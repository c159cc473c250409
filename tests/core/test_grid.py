"""grid.plane and grid.line against closed forms on asymmetric functions."""

import functools

import numpy as np
import pytest

from losslandscape import grid
from losslandscape.models import MLP
from tests.numeric import ROUNDING


def asymmetric(thetas):
    """A function whose value changes under any swap or flip of the axes."""
    t = np.atleast_2d(thetas)
    return t[:, 0] + 10.0 * t[:, 1] ** 2 + t[:, 0] * t[:, 1] ** 3 + np.sin(t[:, 2])


def closed_form(x, y, z):
    return x + 10.0 * y**2 + x * y**3 + np.sin(z)


THETA0 = np.array([0.5, -0.25, 1.0])
E0, E1 = np.eye(3)[0], np.eye(3)[1]


def test_plane_orientation_on_a_non_square_grid():
    alphas = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
    betas = np.array([-2.0, 0.0, 3.0])
    Z = grid.plane(asymmetric, THETA0, E0, E1, alphas, betas)
    assert Z.shape == (3, 5)
    A, B = np.meshgrid(alphas, betas)  # A[j, i] = alphas[i], B[j, i] = betas[j]
    expected = closed_form(THETA0[0] + A, THETA0[1] + B, THETA0[2])
    np.testing.assert_allclose(Z, expected, rtol=1e-14, atol=1e-14)
    # One entry by hand: alpha = 1 (i = 4), beta = 3 (j = 2): x = 1.5, y = 2.75.
    assert Z[2, 4] == pytest.approx(1.5 + 10 * 2.75**2 + 1.5 * 2.75**3 + np.sin(1.0))


def test_plane_along_general_directions(rng):
    d1, d2 = rng.standard_normal(3), rng.standard_normal(3)
    alphas, betas = np.linspace(-1, 2, 4), np.linspace(0.5, 1.5, 6)
    Z = grid.plane(asymmetric, THETA0, d1, d2, alphas, betas)
    for j, b in enumerate(betas):
        for i, a in enumerate(alphas):
            x, y, z = THETA0 + a * d1 + b * d2
            assert Z[j, i] == pytest.approx(closed_form(x, y, z), rel=1e-13)


def test_plane_centre_is_the_loss_at_theta0_exactly(rng):
    d1, d2 = rng.standard_normal(3), rng.standard_normal(3)
    Z = grid.plane(asymmetric, THETA0, d1, d2, [-1.0, 0.0, 1.0], [-0.3, 0.0])
    assert Z[1, 1] == closed_form(*THETA0)


def test_plane_centre_of_an_mlp(rng):
    model = MLP((2, 5, 1))
    X, y = rng.standard_normal((20, 2)), (rng.random(20) > 0.5).astype(float)
    theta0 = model.init(rng)
    loss_many = functools.partial(model.loss_many, X=X, y=y)
    d1, d2 = rng.standard_normal((2, model.n_params))
    Z = grid.plane(loss_many, theta0, d1, d2, [-1.0, 0.0, 2.0], [0.0, 1.0])
    # routed to MLP.loss_plane: the same loss, computed another way
    assert Z[0, 1] == pytest.approx(loss_many(theta0[None])[0], rel=1e-12)
    assert Z[0, 1] == pytest.approx(model.loss(theta0, X, y), rel=1e-12)


@pytest.mark.parametrize("chunk_size", [1, 7, 1000])
def test_chunk_size_does_not_change_results(rng, chunk_size):
    d1, d2 = rng.standard_normal(3), rng.standard_normal(3)
    alphas, betas = np.linspace(-1, 1, 9), np.linspace(-2, 2, 5)
    whole = grid.plane(asymmetric, THETA0, d1, d2, alphas, betas, chunk_size=10**6)
    Z = grid.plane(asymmetric, THETA0, d1, d2, alphas, betas, chunk_size=chunk_size)
    np.testing.assert_array_equal(Z, whole)


def test_line_endpoints_and_extrapolation(rng):
    theta_a, theta_b = rng.standard_normal(3), rng.standard_normal(3)
    alphas = np.array([0.0, 1.0, -0.5, 0.25, 1.5])
    L = grid.line(asymmetric, theta_a, theta_b, alphas)
    assert L[0] == closed_form(*theta_a)
    assert L[1] == closed_form(*theta_b)
    for k, a in enumerate(alphas[2:], start=2):
        x, y, z = theta_a + a * (theta_b - theta_a)
        assert L[k] == pytest.approx(closed_form(x, y, z), rel=1e-12)


def test_line_of_a_quadratic_is_a_parabola(rng):
    """||(1-a) u + a v||^2 = ||u||^2 (1-a)^2 + 2 u.v a (1-a) + ||v||^2 a^2."""
    u, v = rng.standard_normal(6), rng.standard_normal(6)
    alphas = np.linspace(-1, 2, 13)
    L = grid.line(lambda t: np.sum(t**2, axis=1), u, v, alphas, chunk_size=4)
    expected = u @ u * (1 - alphas) ** 2 + 2 * u @ v * alphas * (1 - alphas)
    np.testing.assert_allclose(L, expected + v @ v * alphas**2, rtol=ROUNDING)


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"theta0": [np.nan, 0.0, 0.0]}, "theta0"),
        ({"d1": [1.0, 0.0]}, "d1"),
        ({"d2": [[1.0, 0.0, 0.0]]}, "d2"),
        ({"alphas": []}, "alphas"),
        ({"betas": [0.0, np.inf]}, "betas"),
        ({"chunk_size": 0}, "chunk_size"),
        ({"chunk_size": 2.5}, "chunk_size"),
        ({"loss_many": lambda t: t[:, :1]}, "loss_many"),
        ({"loss_many": lambda t: np.full(len(t), np.nan)}, "loss_many"),
        ({"loss_many": "not callable"}, "loss_many"),
    ],
)
def test_plane_rejects_bad_input(change, name):
    args = {
        "loss_many": asymmetric,
        "theta0": THETA0,
        "d1": E0,
        "d2": E1,
        "alphas": [0.0, 1.0],
        "betas": [0.0],
    }
    with pytest.raises(ValueError, match=name):
        grid.plane(**{**args, **change})


def test_line_rejects_bad_input():
    with pytest.raises(ValueError, match="theta_b"):
        grid.line(asymmetric, THETA0, THETA0[:2], [0.0])
    with pytest.raises(ValueError, match="alphas"):
        grid.line(asymmetric, THETA0, THETA0, [])
    with pytest.raises(ValueError, match="loss_many"):
        grid.line(lambda t: np.zeros(len(t) + 1), THETA0, THETA0, [0.0, 1.0])
