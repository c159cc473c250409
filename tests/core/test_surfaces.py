"""Surfaces: gradients against central differences, published minima of the
standard test functions, closed-form minima of the course surfaces."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from losslandscape import curvature, surfaces
from losslandscape.surfaces import Minimum, Surface, bowls, valleys
from tests.numeric import ATOL, MIN_TOL, ROUNDING, RTOL, check_grad, numerical_gradient

NAMES = surfaces.names()

# Surjanovic & Bingham, Virtual Library of Simulation Experiments (sfu.ca/~ssurjano);
# Himmelblau (1972) via Wikipedia "Test functions for optimization"; the 2-D
# Styblinski-Tang value -39.16617 * 2 (the library's -39.16599 d is a known typo).
PUBLISHED = {  # name: ([(x, y), ...], value, one unit of the last published digit)
    "rosenbrock": ([(1, 1)], 0, 0),
    "himmelblau": (
        [(3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)],
        0,
        1e-6,
    ),
    "beale": ([(3, 0.5)], 0, 0),
    "booth": ([(1, 3)], 0, 0),
    "rastrigin": ([(0, 0)], 0, 0),
    "ackley": ([(0, 0)], 0, 0),
    "six_hump_camel": ([(0.0898, -0.7126), (-0.0898, 0.7126)], -1.0316, 1e-4),
    "goldstein_price": ([(0, -1)], 3, 0),
    "styblinski_tang": ([(-2.903534, -2.903534)], -78.33233, 1e-5),
}


def _point_in(surface, rng, n=1):
    (x0, x1), (y0, y1) = surface.domain
    return rng.uniform((x0, y0), (x1, y1), size=(n, 2))


def test_names_are_sorted_and_include_the_standard_and_course_surfaces():
    assert sorted(NAMES) == NAMES
    for name in [
        *PUBLISHED,
        "quadratic",
        "smooth",
        "rugged",
        "saddle",
        "sharp_flat",
        "two_valleys",
    ]:
        assert name in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_f_grad_hessian_broadcast_and_match_pointwise_values(name, rng):
    s = surfaces.get(name)
    xs, ys = _point_in(s, rng, 4).T
    x, y = xs[:, None], ys[None, :3]  # broadcast to (4, 3)
    z, g, h = s.f(x, y), s.grad(x, y), s.hessian(x, y)
    assert z.shape == (4, 3) and g.shape == (2, 4, 3) and h.shape == (2, 2, 4, 3)
    i, j = 2, 1
    assert z[i, j] == pytest.approx(float(s.f(xs[i], ys[j])), rel=1e-12)
    np.testing.assert_allclose(g[:, i, j], s.grad(xs[i], ys[j]), rtol=ROUNDING)
    np.testing.assert_allclose(h[:, :, i, j], s.hessian(xs[i], ys[j]), rtol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_grad_matches_central_differences(name, rng):
    _check_grad_at_random_points(surfaces.get(name), rng, 5)


def _check_grad_at_random_points(s, rng, n: int) -> None:
    """grad against central differences of f at n random points of the domain."""
    for p in _point_in(s, rng, n):
        scale = max(1.0, abs(float(s.f(*p))))  # rounding noise of f grows with f
        check_grad(
            lambda q, s=s: s.f(q[0], q[1]),
            lambda q, s=s: s.grad(q[0], q[1]),
            p,
            rng,
            rtol=RTOL,
            atol=ATOL * scale,
        )


@pytest.mark.parametrize("name", NAMES)
def test_hessian_is_symmetric_and_matches_differences_of_grad(name, rng):
    s = surfaces.get(name)
    for p in _point_in(s, rng, 3):
        h = s.hessian(*p)
        np.testing.assert_allclose(h, h.T, rtol=ROUNDING, atol=ROUNDING)
        rows = [
            numerical_gradient(lambda q, i=i: s.grad(q[0], q[1])[i], p, eps=1e-5)
            for i in range(2)
        ]
        scale = max(1.0, np.abs(h).max())
        np.testing.assert_allclose(h, np.array(rows), rtol=1e-5, atol=1e-6 * scale)


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_stored_minima_are_the_published_ones(name):
    points, value, unit = PUBLISHED[name]
    stored = surfaces.get(name).minima
    assert sorted((m.x, m.y) for m in stored) == sorted(points)
    assert all(m.value == value and m.kind == "global" for m in stored)
    assert all(m.precision == unit for m in stored)


@pytest.mark.parametrize("name", NAMES)
def test_listed_minima_have_zero_gradient_psd_hessian_and_their_value(name):
    s = surfaces.get(name)
    assert s.minima and s.global_minima
    for m in s.minima:
        h = s.hessian(m.x, m.y)
        # a location known to +-precision leaves a gradient of at most |H| * error
        allowed = np.linalg.norm(h, 2) * np.sqrt(2) * m.precision + 1e-9
        assert np.linalg.norm(s.grad(m.x, m.y)) <= allowed
        assert float(s.f(m.x, m.y)) == pytest.approx(m.value, abs=m.precision + 1e-12)
        assert np.linalg.eigvalsh(h).min() > 0


@pytest.mark.parametrize("name", NAMES)
def test_no_point_of_a_fine_grid_is_below_a_global_minimum(name):
    s = surfaces.get(name)
    (x0, x1), (y0, y1) = s.domain
    x, y = np.meshgrid(np.linspace(x0, x1, 601), np.linspace(y0, y1, 601))
    best = min(m.value - m.precision for m in s.global_minima)
    assert s.f(x, y).min() >= best - 1e-12
    assert all(m.value > best for m in s.minima if m.kind == "local")


def test_get_rejects_unknown_names_and_parameters():
    with pytest.raises(
        ValueError,
        match="^name must be one of 'ackley', .*'himmelblau', .*; got 'nope'$",
    ):
        surfaces.get("nope")
    with pytest.raises(ValueError, match="no parameter 'kappa'; allowed: condition"):
        surfaces.get("quadratic", kappa=3)
    with pytest.raises(ValueError, match="no parameter 'a'; allowed: none"):
        surfaces.get("himmelblau", a=1)
    with pytest.raises(
        ValueError, match="^condition must be a finite number; got 'big'$"
    ):
        surfaces.get("quadratic", condition="big")
    with pytest.raises(ValueError, match="^b must be a finite number; got nan$"):
        surfaces.get("rosenbrock", b=float("nan"))
    with pytest.raises(
        ValueError, match=r"condition must be a finite number in \[1, inf\); got 0.5"
    ):
        surfaces.get("quadratic", condition=0.5)
    with pytest.raises(ValueError, match=r"b must be a finite number in \(0, inf\)"):
        surfaces.get("rosenbrock", b=-1)


def test_parameters_move_the_published_minimum():
    s = surfaces.get("rosenbrock", a=2.0, b=5.0)
    assert (s.minima[0].x, s.minima[0].y) == (2.0, 4.0)
    np.testing.assert_allclose(s.grad(2.0, 4.0), 0.0, atol=ROUNDING)


def test_surface_and_minimum_validate_their_fields():
    f, g = (lambda x, y: x + y), (lambda x, y: np.stack([x, y]))
    with pytest.raises(ValueError, match="domain"):
        Surface("s", "S", f, g, ((1, 0), (0, 1)))
    with pytest.raises(ValueError, match="domain"):
        Surface("s", "S", f, g, (0, 1))
    with pytest.raises(
        ValueError, match=r"^grad must be a function \(x, y\) -> array; got NoneType$"
    ):
        Surface("s", "S", f, None, ((0, 1), (0, 1)))
    with pytest.raises(ValueError, match="minima must be a tuple of Minimum"):
        Surface("s", "S", f, g, ((0, 1), (0, 1)), minima=((0, 0, 0),))
    with pytest.raises(ValueError, match="kind must be one of"):
        Minimum(0, 0, 0, "best")


def _quartic(grad):
    """x^4 + x y + 2 y^2 without an analytic Hessian: [[12 x^2, 1], [1, 4]]."""
    return Surface(
        "quartic",
        "Quartic",
        lambda x, y: x**4 + x * y + 2 * y**2,
        grad,
        ((-1, 1), (-1, 1)),
    )


def test_hessian_falls_back_to_differences_of_the_gradient(rng):
    s = _quartic(lambda x, y: np.stack(np.broadcast_arrays(4 * x**3 + y, x + 4 * y)))
    assert not s.has_analytic_hessian
    x, y = rng.uniform(-1, 1, size=(2, 5))
    expected = np.array([[12 * x**2, np.ones(5)], [np.ones(5), 4 * np.ones(5)]])
    np.testing.assert_allclose(s.hessian(x, y), expected, rtol=1e-7, atol=1e-8)
    doubled = dataclasses.replace(s, grad=lambda x, y: 2 * s.grad(x, y))
    np.testing.assert_allclose(doubled.hessian(x, y), 2 * expected, rtol=1e-7)


@pytest.mark.parametrize("condition, angle", [(1, 0), (10, 0), (100, 0.7), (4, -2)])
def test_quadratic_has_the_requested_condition_number(condition, angle, rng):
    s = surfaces.get("quadratic", condition=condition, angle=angle)
    c, si = np.cos(angle), np.sin(angle)
    rot = np.array([[c, -si], [si, c]])
    expected = rot @ np.diag([1.0, condition]) @ rot.T
    np.testing.assert_allclose(s.hessian(0.3, -0.2), expected, atol=ROUNDING)
    p = rng.standard_normal(2)
    assert float(s.f(*p)) == pytest.approx(0.5 * p @ expected @ p, rel=1e-12)


def _ripple_minima():
    """1-D minima of h, h'(x) = x (1 + B cos(2 pi x / P)), in [-3, 3]: h' changes
    sign from - to + at 0 and at x = +-P (n - a), a = arccos(-1/B) / 2 pi."""
    b, period = bowls.RIPPLE_DEPTH, bowls.RIPPLE_PERIOD
    a = np.arccos(-1 / b) / (2 * np.pi)
    n = np.arange(1, 10)
    x = period * (n - a)
    x = x[x <= 3]
    return np.sort(np.concatenate([-x, [0.0], x])), a


def test_rugged_lists_every_closed_form_minimum_and_the_origin_is_global():
    xs, a = _ripple_minima()
    assert len(xs) == 9  # P (n - a) <= 3 for n = 1..4 with P = 0.75, a = 0.366
    s = surfaces.get("rugged")
    expected = sorted((x, y) for x in xs for y in xs)
    got = sorted((m.x, m.y) for m in s.minima)
    np.testing.assert_allclose(got, expected, atol=ROUNDING)
    (best,) = s.global_minima
    assert (best.x, best.y, best.value) == (0.0, 0.0, 0.0)
    b = bowls.RIPPLE_DEPTH  # h'' = B sqrt(1 - 1/B^2) 2 pi (n - a) at x = P (n - a)
    top = b * np.sqrt(1 - b**-2) * 2 * np.pi * (4 - a)  # xs[-1] = P (4 - a)
    np.testing.assert_allclose(
        np.linalg.eigvalsh(s.hessian(xs[-1], 0.0)), sorted([1 + b, top]), rtol=ROUNDING
    )


def test_rugged_is_the_smooth_bowl_plus_bounded_ripples(rng):
    rugged, smooth = surfaces.get("rugged"), surfaces.get("smooth")
    x, y = rng.uniform(-3, 3, size=(2, 1000))
    w = 2 * np.pi / bowls.RIPPLE_PERIOD  # |h - x^2/2| <= B (|x| / w + 2 / w^2)
    bound = bowls.RIPPLE_DEPTH * ((np.abs(x) + np.abs(y)) / w + 4 / w**2)
    assert np.all(np.abs(rugged.f(x, y) - smooth.f(x, y)) <= bound)


def test_sharp_flat_minima_have_equal_depth_and_closed_form_curvature():
    s = surfaces.get("sharp_flat")
    (sx, sy), (fx, fy) = valleys.SHARP_CENTRE, valleys.FLAT_CENTRE
    d2 = (sx - fx) ** 2 + (sy - fy) ** 2
    lam_s, lam_f = valleys.SHARP_CURVATURE, valleys.FLAT_CURVATURE
    sharp = lam_s * (1 - np.exp(-lam_f * d2 / 2))  # Hessian of A B at A = 0: B H_A
    flat = lam_f * (1 - np.exp(-lam_s * d2 / 2))
    np.testing.assert_allclose(s.hessian(sx, sy), sharp * np.eye(2), rtol=ROUNDING)
    np.testing.assert_allclose(s.hessian(fx, fy), flat * np.eye(2), rtol=ROUNDING)
    assert sharp > 10 * flat
    assert s.f(sx, sy) == s.f(fx, fy) == 0.0
    assert valleys.sharp_flat_eigenvalues() == pytest.approx((sharp, flat))


def test_two_valleys_closed_form_minima_saddle_and_hessians():
    s = surfaces.get("two_valleys")
    # f = p(x) + (y - (x^2 - 9/4)/4)^2 / 2 with p' = (x + 3/2)(x - 1/2)(x - 3/2) / 2
    assert float(s.f(-1.5, 0.0)) == pytest.approx(0.0, abs=1e-14)
    assert float(s.f(1.5, 0.0)) == pytest.approx(9 / 8, rel=1e-14)
    assert float(s.f(0.5, -0.5)) == pytest.approx(4 / 3, rel=1e-14)
    for x, y in [(-1.5, 0.0), (1.5, 0.0), (0.5, -0.5)]:
        np.testing.assert_allclose(s.grad(x, y), 0.0, atol=1e-14)
    # f_xx = p'' + phi'^2, f_xy = -phi', f_yy = 1 on the valley floor; p''(-3/2) = 3
    np.testing.assert_allclose(s.hessian(-1.5, 0.0), [[3 + 9 / 16, 0.75], [0.75, 1]])
    np.testing.assert_allclose(s.hessian(1.5, 0.0), [[1.5 + 9 / 16, -0.75], [-0.75, 1]])
    assert np.linalg.eigvalsh(s.hessian(0.5, -0.5))[0] < 0  # the pass over the ridge
    assert [(m.x, m.y, m.kind) for m in s.minima] == [
        (-1.5, 0, "global"),
        (1.5, 0, "local"),
    ]


@pytest.mark.parametrize(
    "start, end",
    [
        ((-2.5, 2.5), (-1.5, 0)),
        ((0, -3), (-1.5, 0)),
        ((2.5, 2.5), (1.5, 0)),
        ((1, -2), (1.5, 0)),
    ],
)
def test_gradient_descent_on_two_valleys_ends_where_it_starts(start, end):
    s, p = surfaces.get("two_valleys"), np.array(start, dtype=float)
    for _ in range(2000):
        p = p - 0.05 * s.grad(*p)
    np.testing.assert_allclose(p, end, atol=MIN_TOL)


@pytest.mark.parametrize("name", surfaces.names())
def test_nan_weights_are_a_value_error_naming_the_argument(name):
    s = surfaces.get(name)
    for method in (s.f, s.grad, s.hessian):
        with pytest.raises(ValueError, match="x must not be NaN"):
            method(np.array([0.5, np.nan]), 0.5)
        with pytest.raises(ValueError, match="y must not be NaN"):
            method(0.5, np.nan)


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_has_a_range_holding_its_default(name):
    import inspect

    declared = surfaces.parameters(name)
    signature = inspect.signature(surfaces._FACTORIES[name]).parameters
    assert [p.name for p in declared] == list(signature)
    for p in declared:
        assert p.default == signature[p.name].default
        assert p.contains(p.default), p
        assert p.scale in ("linear", "log")


@pytest.mark.parametrize(
    ("name", "param"),
    [(n, p.name) for n in NAMES for p in surfaces.parameters(n)],
)
@pytest.mark.parametrize("end", ["lo", "hi"])
def test_the_ends_of_each_range_give_a_valid_surface(name, param, end, rng):
    """At either end of its range a parameter still gives finite values and a
    gradient that matches central differences, and the minimum stays on the map."""
    value = getattr(next(p for p in surfaces.parameters(name) if p.name == param), end)
    s = surfaces.get(name, **{param: value})
    _check_grad_at_random_points(s, rng, 3)
    (x0, x1), (y0, y1) = s.domain
    for m in s.global_minima:
        assert x0 <= m.x <= x1 and y0 <= m.y <= y1
        np.testing.assert_allclose(s.grad(m.x, m.y), 0.0, atol=MIN_TOL)


def test_parameters_of_an_unknown_surface_and_bad_ranges_are_errors():
    with pytest.raises(
        ValueError, match="^name must be one of 'ackley', .*; got 'nope'$"
    ):
        surfaces.parameters("nope")
    with pytest.raises(
        ValueError, match=r"^hi must be a finite number in \(2.0, inf\); got 1.0$"
    ):
        surfaces.Range(2.0, 1.0)
    with pytest.raises(
        ValueError, match=r"^lo must be a finite number in \(0, inf\); got 0.0$"
    ):
        surfaces.Range(0.0, 1.0, "log")
    with pytest.raises(
        ValueError, match="^scale must be one of 'linear', 'log'; got 'cubic'$"
    ):
        surfaces.Range(0.0, 1.0, "cubic")


def test_saddle_closed_form_valleys_and_pass():
    """x^2 / 2 + (y^2 - 1)^2 / 4: minima (0, +-1) at 0 with Hessian diag(1, 2);
    the pass (0, 0) at 1/4 with Hessian diag(1, -1)."""
    s = surfaces.get("saddle")
    for y0 in (-1.0, 1.0):
        assert s.f(0.0, y0) == 0.0
        np.testing.assert_allclose(s.grad(0.0, y0), 0.0, atol=1e-15)
        np.testing.assert_allclose(curvature.hessian_2d(s, 0.0, y0), np.diag([1, 2]))
    assert s.f(0.0, 0.0) == 0.25
    np.testing.assert_allclose(s.grad(0.0, 0.0), 0.0, atol=1e-15)
    assert curvature.classify(curvature.hessian_2d(s, 0.0, 0.0)) == "saddle"
    np.testing.assert_allclose(curvature.hessian_2d(s, 0.0, 0.0), np.diag([1, -1]))
