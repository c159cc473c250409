"""find_minima against published and closed-form minima."""

from __future__ import annotations

import numpy as np
import pytest

from losslandscape import surfaces
from losslandscape.minima import CriticalPoint, find_minima, grid_minima
from losslandscape.surfaces import Surface, bowls

HIMMELBLAU = [
    (3, 2),
    (-2.805118, 3.131312),
    (-3.779310, -3.283186),
    (3.584428, -1.848126),
]  # Himmelblau (1972)


def _locations(points):
    return sorted((p.x, p.y) for p in points)


def test_grid_minima_are_strictly_below_all_eight_neighbours():
    z = np.full((6, 7), 5.0)
    z[2, 3] = 1.0  # a minimum
    z[4, 1], z[4, 2] = 2.0, 2.0  # a flat pair: neither is strictly lower
    z[0, 0] = -9.0  # on the border: ignored
    np.testing.assert_array_equal(grid_minima(z), [[2, 3]])


def test_finds_himmelblaus_four_minima():
    points = find_minima(surfaces.get("himmelblau"))
    assert len(points) == 4
    np.testing.assert_allclose(_locations(points), sorted(HIMMELBLAU), atol=1e-6)
    for p in points:
        assert isinstance(p, CriticalPoint) and p.kind == "minimum"
        assert p.value == pytest.approx(0.0, abs=1e-12)
        assert min(p.eigenvalues) > 0


def test_finds_six_hump_camels_two_global_among_its_six_minima():
    points = find_minima(surfaces.get("six_hump_camel"))
    # Surjanovic & Bingham: six local minima, two of them global, -1.0316
    assert len(points) == 6 and [p.kind for p in points] == ["minimum"] * 6
    best = points[:2]
    np.testing.assert_allclose(
        _locations(best), [(-0.0898, 0.7126), (0.0898, -0.7126)], atol=1e-4
    )
    assert all(p.value == pytest.approx(-1.0316, abs=1e-4) for p in best)
    assert points[2].value > -1.0316 + 0.5


def test_results_are_sorted_by_value():
    values = [p.value for p in find_minima(surfaces.get("styblinski_tang"))]
    assert values == sorted(values) and len(values) == 4  # one per quadrant
    assert values[0] == pytest.approx(-78.33233, abs=1e-5)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("smooth", [(0.0, 0.0, 0.0)]),
        ("two_valleys", [(-1.5, 0.0, 0.0), (1.5, 0.0, 9 / 8)]),
        ("sharp_flat", [(-1.0, -0.5, 0.0), (1.0, 0.5, 0.0)]),
    ],
)
def test_finds_the_closed_form_minima_of_course_surfaces(name, expected):
    points = find_minima(surfaces.get(name))
    got = sorted((p.x, p.y, p.value) for p in points)
    np.testing.assert_allclose(got, expected, atol=1e-7)


@pytest.mark.parametrize("condition", [1, 10, 1000])
def test_quadratic_has_one_minimum_with_eigenvalues_one_and_condition(condition):
    (point,) = find_minima(surfaces.get("quadratic", condition=condition, angle=0.4))
    np.testing.assert_allclose((point.x, point.y), (0, 0), atol=1e-9)
    np.testing.assert_allclose(point.eigenvalues, (1, condition), rtol=1e-9)


def test_rugged_has_the_closed_form_count_and_positions():
    """h'(x) = x (1 + B cos(2 pi x / P)) is < 0 just left of 0 and of P (n - a),
    a = arccos(-1/B) / 2 pi, and > 0 just right: minima at 0 and +-P (n - a), of
    which P (n - a) <= 3 for n <= 4 (P = 0.75, a = 0.366): 9 per axis, 81 in 2-D."""
    b, period = bowls.RIPPLE_DEPTH, bowls.RIPPLE_PERIOD
    a = np.arccos(-1 / b) / (2 * np.pi)
    x = period * (np.arange(1, 5) - a)
    xs = np.concatenate([-x, [0.0], x])
    points = find_minima(surfaces.get("rugged"))
    assert len(points) == 81
    expected = sorted((u, v) for u in xs for v in xs)
    np.testing.assert_allclose(_locations(points), expected, atol=1e-8)
    assert (points[0].x, points[0].y) == pytest.approx((0, 0), abs=1e-12)


def test_rastrigin_has_a_minimum_near_every_integer_point_of_its_window():
    """g(x) = x^2 - A cos(2 pi x): on each branch around an integer k where
    g'' > 0 (cos(2 pi t) > -1 / (2 pi^2 A)), g' is increasing and changes sign
    when |k| < t0 + pi A s0 (about 31 for A = 10), so every k in [-5, 5] has one:
    11 per axis, 121 in 2-D."""
    points = find_minima(surfaces.get("rastrigin"))
    assert len(points) == 121
    k = np.array(sorted((round(p.x), round(p.y)) for p in points))
    np.testing.assert_array_equal(
        k, sorted((i, j) for i in range(-5, 6) for j in range(-5, 6))
    )


def _wrapped(domain):
    """f = (x^2 - 1)^2 + 3 y^2 given by f and grad only, as a model loss would be:
    minima (+-1, 0), value 0, Hessian diag(8, 6)."""
    return Surface(
        "wrapped",
        "Wrapped loss",
        lambda x, y: (x**2 - 1) ** 2 + 3 * y**2,
        lambda x, y: np.stack(np.broadcast_arrays(4 * x * (x**2 - 1), 6 * y)),
        domain,
    )


def test_works_on_a_surface_without_an_analytic_hessian():
    points = find_minima(_wrapped(((-2, 2), (-1.5, 1))), resolution=51)
    np.testing.assert_allclose(_locations(points), [(-1, 0), (1, 0)], atol=1e-8)
    for p in points:
        np.testing.assert_allclose(p.eigenvalues, (6, 8), rtol=1e-6)


def test_minima_outside_the_domain_are_not_reported():
    points = find_minima(_wrapped(((-0.5, 1.5), (0.2, 1))))  # y = 0 is outside
    assert points == []
    (point,) = find_minima(_wrapped(((-0.5, 1.5), (-1, 1))))
    assert (point.x, point.y) == pytest.approx((1, 0), abs=1e-8)


def test_rejects_a_bad_resolution():
    with pytest.raises(ValueError, match=r"resolution must be an int in \[3, inf\)"):
        find_minima(surfaces.get("smooth"), resolution=2)
