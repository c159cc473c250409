"""The functions of computed numbers against closed forms, hand-worked update
rules (torch.optim's, as documented) and the seed chapter's worked numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lessonkit import calc
from tests.numeric import MIN_TOL, RTOL


def booth(x, y):
    """Booth's function, written out: (x + 2y - 7)^2 + (2x + y - 5)^2."""
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def booth_grad(x, y):
    a, b = x + 2 * y - 7, 2 * x + y - 5
    return np.array([2 * a + 4 * b, 4 * a + 2 * b])


# The seed's worked numbers (chapter 13, Practice Problems 1 and 2) ------------


def test_bce_matches_the_seed_problems():
    assert calc.bce(1, 0.9) == pytest.approx(-math.log(0.9), rel=1e-12)
    assert calc.bce(1, 0.1) == pytest.approx(-math.log(0.1), rel=1e-12)
    assert f"{calc.bce(1, 0.9):.3f}" == "0.105"
    assert f"{calc.bce(1, 0.1):.3f}" == "2.303"
    assert f"{calc.ratio(calc.bce(1, 0.1), calc.bce(1, 0.9)):.0f}" == "22"


@pytest.mark.parametrize("p", [0.2, 0.5, 0.73])
def test_bce_of_label_zero_is_minus_log_of_one_minus_p(p):
    assert calc.bce(0, p) == pytest.approx(-math.log(1 - p), rel=1e-12)


def test_bce_rejects_a_label_that_is_not_zero_or_one():
    with pytest.raises(ValueError, match="y_true"):
        calc.bce(2, 0.5)
    with pytest.raises(ValueError, match="y_prob"):
        calc.bce(1, 1.5)
    with pytest.raises(ValueError, match="p must be a finite number"):
        calc.bce(1, "0.9")


# Plain maths -------------------------------------------------------------------


def test_logs_exp_sqrt_against_math(rng):
    for x in rng.uniform(0.01, 50.0, size=5):
        assert calc.ln(x) == pytest.approx(math.log(x), rel=1e-15)
        assert calc.log10(x) == pytest.approx(math.log10(x), rel=1e-14)
        assert calc.exp(math.log(x)) == pytest.approx(x, rel=1e-14)
        assert calc.sqrt(x) ** 2 == pytest.approx(x, rel=1e-14)
    assert calc.NAMESPACE["log"] is calc.ln


def test_logs_and_sqrt_reject_numbers_outside_their_domain():
    with pytest.raises(ValueError, match="x > 0"):
        calc.ln(0)
    with pytest.raises(ValueError, match="x >= 0"):
        calc.sqrt(-1)


@pytest.mark.parametrize("z", [-30.0, -2.0, 0.0, 1.5, 30.0])
def test_sigmoid_is_the_logistic_function(z):
    assert calc.sigmoid(z) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-14)


def test_relu_ratio_norm():
    assert calc.relu(-2.5) == 0.0
    assert calc.relu(3) == 3.0
    assert calc.ratio(3, 4) == 0.75
    assert calc.norm(3, 4) == pytest.approx(5.0)
    assert calc.norm(1, 2, 2) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="b != 0"):
        calc.ratio(1, 0)
    with pytest.raises(ValueError, match="at least one"):
        calc.norm()


# Surfaces ----------------------------------------------------------------------


def test_surface_value_and_gradient_of_booth_match_the_closed_form(rng):
    for x, y in rng.uniform(-10, 10, size=(4, 2)):
        assert calc.surface_value("booth", x, y) == pytest.approx(booth(x, y), rel=RTOL)
        g = calc.surface_grad("booth", x, y)
        np.testing.assert_allclose([g.x, g.y], booth_grad(x, y), rtol=RTOL)
        assert tuple(g) == (g.x, g.y)


def test_surface_minimum_gives_published_minima():
    m = calc.surface_minimum("booth")
    assert (m.x, m.y, m.value) == pytest.approx((1, 3, 0), abs=MIN_TOL)
    # Himmelblau (1970): four minima of value 0, one at (3, 2).
    himmelblau = [calc.surface_minimum("himmelblau", i) for i in range(4)]
    assert any((p.x, p.y) == pytest.approx((3, 2), abs=MIN_TOL) for p in himmelblau)
    assert all(p.value == pytest.approx(0, abs=MIN_TOL) for p in himmelblau)
    with pytest.raises(ValueError, match=r"i must be an int in \[0, 0\]"):
        calc.surface_minimum("booth", 1)


def test_surface_minimum_lists_the_global_minimum_first():
    # The chapter-13 landscape: global minimum (-1.5, 0), loss 0; local (1.5, 0).
    first, second = (calc.surface_minimum("two_valleys", i) for i in (0, 1))
    assert (first.x, first.y, first.value) == pytest.approx((-1.5, 0, 0), abs=MIN_TOL)
    assert second.value > first.value


def test_hessian_of_booth_and_its_eigenvalues():
    # d2/dx2 = 2 + 8 = 10, d2/dxdy = 4 + 4 = 8, d2/dy2 = 8 + 2 = 10; eig 18, 2.
    expected = [[10, 8], [8, 10]]
    for i in range(2):
        for j in range(2):
            h = calc.hessian_entry("booth", 0.3, -1.2, i, j)
            assert h == pytest.approx(expected[i][j], rel=RTOL)
    assert calc.top_eigenvalue("booth", 1, 3) == pytest.approx(18, rel=RTOL)
    assert calc.bottom_eigenvalue("booth", 1, 3) == pytest.approx(2, rel=RTOL)


def test_rosenbrock_hessian_at_its_minimum():
    # f = (1 - x)^2 + 100 (y - x^2)^2: H(1, 1) = [[802, -400], [-400, 200]].
    assert calc.hessian_entry("rosenbrock", 1, 1, 0, 0) == pytest.approx(802, rel=RTOL)
    assert calc.hessian_entry("rosenbrock", 1, 1, 0, 1) == pytest.approx(-400, rel=RTOL)
    assert calc.hessian_entry("rosenbrock", 1, 1, 1, 1) == pytest.approx(200, rel=RTOL)
    t, d = 1002.0, 802.0 * 200.0 - 400.0**2
    top = (t + math.sqrt(t * t - 4 * d)) / 2
    assert calc.top_eigenvalue("rosenbrock", 1, 1) == pytest.approx(top, rel=RTOL)
    assert calc.bottom_eigenvalue("rosenbrock", 1, 1) == pytest.approx(
        d / top, rel=RTOL
    )


def test_interpolation_towards_the_minimum_of_a_quadratic(rng):
    # Booth is quadratic with minimum 0 at (1, 3): along the line from theta0,
    # L = (1 - alpha)^2 L(theta0).
    for alpha in [0.0, 0.5, 1.0, *rng.uniform(-0.5, 1.5, size=3)]:
        expected = (1 - alpha) ** 2 * booth(0, 0)
        value = calc.interpolate("booth", 0, 0, 1, 3, alpha)
        assert value == pytest.approx(expected, rel=RTOL, abs=1e-12)


# Optimizers, worked by hand with torch.optim's documented rules ---------------


def test_gd_step_is_x_minus_lr_times_gradient(rng):
    for x, y in rng.uniform(-5, 5, size=(3, 2)):
        p = calc.gd_step("booth", x, y, 0.01)
        expected = np.array([x, y]) - 0.01 * booth_grad(x, y)
        np.testing.assert_allclose([p.x, p.y], expected, rtol=1e-12)
        assert p.value == pytest.approx(booth(*expected), rel=1e-12)


def test_gd_step_from_the_origin_by_hand():
    p = calc.gd_step("booth", 0, 0, 0.01)  # gradient (-34, -38)
    assert (p.x, p.y) == pytest.approx((0.34, 0.38), rel=1e-12)
    assert p.value == pytest.approx((-5.9) ** 2 + (-3.94) ** 2, rel=1e-12)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_path_follows_torch_momentum_rule(momentum):
    # torch.optim.SGD: b_1 = g_1, b_t = mu b_{t-1} + g_t, x_t = x_{t-1} - lr b_t.
    lr, x, b = 0.01, np.zeros(2), None
    for _ in range(3):
        g = booth_grad(*x)
        b = g if b is None else momentum * b + g
        x = x - lr * b
    p = calc.sgd_path("booth", 0, 0, lr, 3, momentum=momentum)
    np.testing.assert_allclose([p.x, p.y], x, rtol=1e-12)


def test_adam_first_step_moves_each_weight_by_about_lr():
    # m^ = g, v^ = g^2 after one step: the move is lr g / (|g| + eps), eps = 1e-8.
    g = booth_grad(0, 0)
    expected = -0.1 * g / (np.abs(g) + 1e-8)
    p = calc.adam_path("booth", 0, 0, 0.1, 1)
    np.testing.assert_allclose([p.x, p.y], expected, rtol=1e-12)


def test_a_diverging_run_is_an_error_not_a_number():
    # lr = 0.5 > 2 / 18, Booth's stability limit: each step grows the error 8-fold.
    with pytest.raises(ValueError, match="diverged"):
        calc.sgd_path("booth", 0, 0, 0.5, 200)


def test_step_counts_must_be_whole_numbers():
    with pytest.raises(ValueError, match="steps must be an int"):
        calc.sgd_path("booth", 0, 0, 0.01, 2.5)
    with pytest.raises(ValueError, match="dims must be an int"):
        calc.grid_points(51, 1000)


def test_schedules_in_closed_form():
    lr = calc.schedule_lr("step", 0.1, 25, step_size=10, gamma=0.5)
    assert lr == pytest.approx(0.1 * 0.5**2)
    lr = calc.schedule_lr("cosine", 0.1, 50, T_max=100)
    assert lr == pytest.approx(0.1 * (1 + math.cos(math.pi / 2)) / 2)
    with pytest.raises(
        ValueError, match="name must be one of 'cosine', .*; got 'linear'"
    ):
        calc.schedule_lr("linear", 0.1, 5)


# Networks ----------------------------------------------------------------------


def test_n_params_counts_weights_and_biases():
    assert calc.n_params(2, 16, 16, 1) == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1)
    assert calc.n_params(3, 1) == 4
    assert calc.grid_points(51, 2) == 2601


# The namespace -----------------------------------------------------------------


def test_namespace_holds_documented_callables_only():
    assert {"bce", "ln", "log", "surface_value", "gd_step"} <= set(calc.NAMESPACE)
    for name, func in calc.NAMESPACE.items():
        assert callable(func), name
        assert func.__doc__ and func.__doc__.strip(), f"{name} has no docstring"


@pytest.mark.parametrize(("i", "j"), [(-1, -1), (2, 0), (0, 1.0), (True, 0)])
def test_hessian_entry_indices_are_0_or_1(i, j):
    """-1 wrapped to the last entry: a wrong number with exit 0 (issue 10)."""
    with pytest.raises(ValueError, match=r"must be an int in \[0, 1\]"):
        calc.hessian_entry("rosenbrock", 1, 1, i, j)
