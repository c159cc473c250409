"""Curvature: Lanczos top eigenvalue against np.linalg.eigvalsh, Hutchinson's
trace estimate, and the classification of closed-form critical points."""

from __future__ import annotations

import numpy as np
import pytest

from losslandscape.curvature import (
    classify,
    hessian_2d,
    hutchinson_trace,
    top_eigenvalue,
)
from losslandscape.surfaces import Surface
from tests.numeric import ROUNDING


def _surface(f, grad, hessian=None):
    return Surface("t", "T", f, grad, ((-1, 1), (-1, 1)), hessian=hessian)


def _stack(a, b):
    return np.stack(np.broadcast_arrays(a, b))


# f, grad and the kind of the critical point at the origin
CLOSED_FORMS = {
    "bowl": (lambda x, y: x**2 + y**2, lambda x, y: _stack(2 * x, 2 * y), "minimum"),
    "saddle": (lambda x, y: x**2 - y**2, lambda x, y: _stack(2 * x, -2 * y), "saddle"),
    "cap": (
        lambda x, y: -(x**2) - y**2,
        lambda x, y: _stack(-2 * x, -2 * y),
        "maximum",
    ),
    "quartic": (
        lambda x, y: x**4 + y**2,
        lambda x, y: _stack(4 * x**3, 2 * y),
        "degenerate",
    ),
}


@pytest.mark.parametrize("name", CLOSED_FORMS)
def test_classify_closed_form_critical_points(name):
    f, grad, kind = CLOSED_FORMS[name]
    surface = _surface(f, grad)  # Hessian by central differences of grad
    h = hessian_2d(surface, 0.0, 0.0)
    assert h.shape == (2, 2)
    assert classify(h) == kind


def test_classify_exact_matrices_and_tolerance():
    assert classify(np.diag([0.0, 2.0])) == "degenerate"
    assert classify(np.diag([0.0, -2.0])) == "degenerate"
    assert classify(np.zeros((2, 2))) == "degenerate"
    assert classify(np.diag([1e-9, 2.0])) == "degenerate"  # below rtol * max|lam|
    assert classify(np.diag([1e-9, 2.0]), rtol=ROUNDING) == "minimum"
    assert classify(np.diag([0.0, 3.0, -1.0])) == "saddle"
    assert classify([[2.0, 3.0], [3.0, 2.0]]) == "saddle"  # eigenvalues 5 and -1


def test_classify_and_hessian_2d_reject_bad_input():
    with pytest.raises(ValueError, match="hessian must be a square matrix"):
        classify(np.ones((2, 3)))
    with pytest.raises(ValueError, match="hessian must be 2-D"):
        classify(np.ones(2))
    surface = _surface(*CLOSED_FORMS["bowl"][:2])
    with pytest.raises(ValueError, match="x and y must be scalars"):
        hessian_2d(surface, np.zeros(2), 0.0)


def test_hessian_2d_uses_the_analytic_hessian_when_given():
    f, grad, _ = CLOSED_FORMS["saddle"]
    surface = _surface(f, grad, lambda x, y: np.array([[2.0, 0.5], [0.5, -2.0]]))
    np.testing.assert_array_equal(hessian_2d(surface, 0.3, 0.1), [[2, 0.5], [0.5, -2]])


def _symmetric(rng, eigenvalues):
    q, _ = np.linalg.qr(rng.standard_normal((len(eigenvalues),) * 2))
    return q @ np.diag(eigenvalues) @ q.T


@pytest.mark.parametrize("dim", [1, 2, 7, 40])
def test_top_eigenvalue_of_random_symmetric_matrices(dim, rng):
    for _ in range(3):
        a = rng.standard_normal((dim, dim))
        a = a + a.T  # indefinite
        expected = np.linalg.eigvalsh(a)[-1]
        got = top_eigenvalue(lambda v, a=a: a @ v, dim, rng)
        assert got == pytest.approx(expected, rel=1e-8, abs=1e-10)


def test_top_eigenvalue_is_the_largest_algebraic_not_the_largest_magnitude(rng):
    a = _symmetric(rng, np.concatenate([[-50.0, -20.0], np.linspace(-3, 2, 28)]))
    assert top_eigenvalue(lambda v: a @ v, 30, rng) == pytest.approx(2.0, rel=1e-8)
    negative = _symmetric(rng, -np.linspace(1, 9, 12))  # negative definite
    assert top_eigenvalue(lambda v: negative @ v, 12, rng) == pytest.approx(-1.0)


def test_top_eigenvalue_converges_in_fewer_steps_than_the_dimension(rng):
    spectrum = np.concatenate([[10.0], rng.uniform(-5, 5, 499)])  # a clear gap
    a = _symmetric(rng, spectrum)
    calls = []
    got = top_eigenvalue(lambda v: calls.append(1) or a @ v, 500, rng, iters=80)
    assert got == pytest.approx(10.0, rel=1e-8)
    assert len(calls) <= 80


def test_top_eigenvalue_rejects_bad_arguments(rng):
    with pytest.raises(ValueError, match="hvp must map a vector of shape"):
        top_eigenvalue(lambda v: np.ones(3), 4, rng)
    with pytest.raises(ValueError, match=r"dim must be an int in \[1, inf\)"):
        top_eigenvalue(lambda v: v, 0, rng)
    with pytest.raises(ValueError, match="iters must be an int"):
        top_eigenvalue(lambda v: v, 3, rng, iters=0)


def test_hutchinson_is_exact_for_diagonal_matrices(rng):
    d = rng.standard_normal(25)  # z^T D z = sum d_i z_i^2 = trace when z_i = +-1
    assert hutchinson_trace(lambda v: d * v, 25, rng, samples=1) == pytest.approx(
        d.sum(), rel=1e-12
    )


def test_hutchinson_is_within_a_statistical_bound_for_a_general_matrix(rng):
    a = rng.standard_normal((30, 30))
    a = a + a.T
    samples = 400
    # Var(z^T A z) = 2 sum_{i != j} A_ij^2 for Rademacher z (Hutchinson 1989);
    # Chebyshev: |error| > 5 sd with probability at most 1/25.
    off = a - np.diag(np.diag(a))
    sd = np.sqrt(2 * np.sum(off**2) / samples)
    estimate = hutchinson_trace(lambda v: a @ v, 30, rng, samples=samples)
    assert abs(estimate - np.trace(a)) <= 5 * sd
    assert estimate != pytest.approx(np.trace(a), abs=1e-9)  # it is an estimate


def test_hutchinson_rejects_bad_samples(rng):
    with pytest.raises(ValueError, match=r"samples must be an int in \[1, inf\)"):
        hutchinson_trace(lambda v: v, 3, rng, samples=0)


def test_bottom_eigenvalue_and_full_hessian_from_products(rng):
    from losslandscape import curvature

    q, _ = np.linalg.qr(rng.standard_normal((6, 6)))
    lam = np.array([-3.0, -0.5, 0.2, 1.0, 2.0, 7.0])
    A = q @ np.diag(lam) @ q.T
    np.testing.assert_allclose(
        curvature.bottom_eigenvalue(lambda v: A @ v, 6, rng), -3.0, rtol=1e-8
    )
    np.testing.assert_allclose(curvature.hessian_from_hvp(lambda v: A @ v, 6), A)
