"""run / run_detailed: trajectories with closed forms, convergence to a known
minimum, divergence that stops and is flagged, determinism."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from losslandscape import optim
from losslandscape.optim import (
    SGD,
    Adagrad,
    Adam,
    CosineAnnealingLR,
    RMSprop,
    StepLR,
    Trajectory,
    run,
    run_detailed,
)

# f(x) = 0.5 sum(A (x - C)^2): a quadratic bowl whose minimum is C, f(C) = 0
A = np.array([1.0, 10.0])
C = np.array([1.0, -0.5])


def bowl_grad(x):
    return A * (x - C)


def test_gradient_descent_on_x_squared_has_the_closed_form_path():
    # f = x^2, grad 2x, lr 0.25: x_t = x_{t-1} (1 - 0.5) = 4 / 2^t; f = 16 / 4^t
    traj = run_detailed(
        SGD(lr=0.25), lambda x: 2 * x, [4.0], 6, loss_fn=lambda x: float(x[0] ** 2)
    )
    t = np.arange(7)
    np.testing.assert_allclose(traj.path[:, 0], 4 / 2.0**t, rtol=1e-15)
    np.testing.assert_allclose(traj.losses, 16 / 4.0**t, rtol=1e-15)
    np.testing.assert_array_equal(traj.lrs, np.full(6, 0.25))
    assert traj.path.shape == (7, 1) and not traj.diverged and traj.stopped_at is None


def test_run_returns_steps_plus_one_rows_starting_at_x0():
    path = run(SGD(lr=0.1), bowl_grad, [3.0, -2.0], 25)
    assert path.shape == (26, 2) and path.dtype == np.float64
    np.testing.assert_array_equal(path[0], [3.0, -2.0])
    assert run(Adam(), bowl_grad, [3.0, -2.0], 0).shape == (1, 2)


def test_schedule_sets_the_rate_of_each_update():
    # f = x, grad 1; lr 1 with StepLR(2, 0.5): rates 1, 1, 0.5, 0.5, 0.25
    traj = run_detailed(
        SGD(lr=1.0), lambda x: np.ones_like(x), [0.0], 5, StepLR(2, 0.5)
    )
    np.testing.assert_array_equal(traj.lrs, [1.0, 1.0, 0.5, 0.5, 0.25])
    np.testing.assert_array_equal(traj.path[:, 0], [0, -1, -2, -2.5, -3, -3.25])


@pytest.mark.parametrize(
    ("opt", "schedule"),
    [
        (SGD(lr=0.05), None),
        (SGD(lr=0.01, momentum=0.9), None),
        (SGD(lr=0.01, momentum=0.9, nesterov=True), None),
        (RMSprop(lr=0.01), CosineAnnealingLR(1000)),
        (RMSprop(lr=0.01, momentum=0.5, centered=True), CosineAnnealingLR(1000)),
        (Adam(lr=0.05), CosineAnnealingLR(1000)),
        (Adam(lr=0.05, amsgrad=True), CosineAnnealingLR(1000)),
        (Adagrad(lr=0.5), None),
    ],
    ids=lambda v: repr(v) if v is not None else "constant",
)
def test_every_optimizer_reaches_the_minimum_of_a_quadratic_bowl(opt, schedule):
    traj = run_detailed(opt, bowl_grad, [3.0, -2.0], 1000, schedule)
    assert not traj.diverged
    np.testing.assert_allclose(traj.path[-1], C, rtol=0, atol=1e-6)


def test_maximize_climbs_to_the_top_of_an_upside_down_bowl():
    path = run(SGD(lr=0.05, maximize=True), lambda x: -bowl_grad(x), [3.0, -2.0], 1000)
    np.testing.assert_allclose(path[-1], C, rtol=0, atol=1e-6)


def test_too_large_a_learning_rate_diverges_and_stops():
    # f = x^2, lr 1.5: x_t = x_{t-1} - 3 x_{t-1} = (-2)^t. |x_20| = 2^20 > 1e6,
    # so update 20 is the first beyond the threshold and is not kept.
    traj = run_detailed(SGD(lr=1.5), lambda x: 2 * x, [1.0], 100)
    assert traj.diverged and traj.stopped_at == 20
    assert traj.path.shape == (20, 1) and traj.lrs.shape == (19,)
    np.testing.assert_array_equal(traj.path[:, 0], (-2.0) ** np.arange(20))
    assert optim.DIVERGENCE_THRESHOLD == 1e6
    np.testing.assert_array_equal(
        run(SGD(lr=1.5), lambda x: 2 * x, [1.0], 100), traj.path
    )


def test_the_stability_boundary_does_not_count_as_divergence():
    # lr 1 on x^2: x_t = -x_{t-1}, bounded forever
    traj = run_detailed(SGD(lr=1.0), lambda x: 2 * x, [1.0], 50)
    assert not traj.diverged and traj.path.shape == (51, 1)
    np.testing.assert_array_equal(np.abs(traj.path), 1.0)


def test_overflow_to_infinity_is_caught_without_warnings():
    # grad -1e308 (finite), lr 10: x1 = 0 + 10 * 1e308 overflows to inf in the step
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would fail the test
        traj = run_detailed(
            SGD(lr=10.0),
            lambda x: np.full_like(x, -1e308),
            [0.0],
            10,
            divergence_threshold=np.inf,
        )
    assert traj.diverged and traj.stopped_at == 1
    np.testing.assert_array_equal(traj.path, [[0.0]])


def test_non_finite_gradients_and_losses_stop_the_run():
    nan_grad = run_detailed(Adam(), lambda x: np.full_like(x, np.nan), [1.0, 2.0], 5)
    assert nan_grad.diverged and nan_grad.stopped_at == 1
    np.testing.assert_array_equal(nan_grad.path, [[1.0, 2.0]])
    # loss log(x) becomes -inf at x = 0, reached by update 2 (x: 2 -> 1 -> 0)
    traj = run_detailed(
        SGD(lr=1.0),
        lambda x: np.ones_like(x),
        [2.0],
        5,
        loss_fn=lambda x: np.log(x[0]) if x[0] > 0 else -np.inf,
    )
    assert traj.stopped_at == 2 and traj.losses.shape == (2,)
    np.testing.assert_allclose(traj.losses, [np.log(2.0), 0.0], rtol=0, atol=1e-15)


@pytest.mark.parametrize("name", optim.names())
def test_same_inputs_give_identical_arrays(name):
    opt = optim.get(name, lr=0.05)
    a = run_detailed(opt, bowl_grad, [3.0, -2.0], 200, CosineAnnealingLR(200))
    b = run_detailed(opt, bowl_grad, [3.0, -2.0], 200, CosineAnnealingLR(200))
    np.testing.assert_array_equal(a.path, b.path)
    np.testing.assert_array_equal(a.lrs, b.lrs)


def test_trajectory_fields():
    traj = run_detailed(SGD(), bowl_grad, [0.0, 0.0], 3)
    assert isinstance(traj, Trajectory) and traj.losses is None


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"optimizer": "sgd"}, r"optimizer must be an Optimizer \(adagrad, adam"),
        ({"grad_fn": 3}, r"grad_fn must be a function; got int"),
        ({"x0": [[0.0, 0.0]]}, r"x0 must be 1-D"),
        ({"x0": [np.nan, 0.0]}, r"x0 must be finite"),
        ({"x0": [2e6, 0.0]}, r"x0 lies beyond divergence_threshold"),
        ({"steps": -1}, r"steps must be an int in \[0, inf\); got -1"),
        ({"steps": 2.5}, r"steps must be an int in \[0, inf\)"),
        ({"schedule": 0.1}, r"schedule must have an lr\(step, base_lr\) method"),
        ({"loss_fn": "mse"}, r"loss_fn must be a function; got str"),
        ({"divergence_threshold": 0}, r"divergence_threshold must be .* \(0, inf\)"),
        ({"grad_fn": lambda x: np.zeros(3)}, r"grad_fn must return shape \(2,\)"),
        ({"loss_fn": lambda x: np.inf}, r"loss_fn\(x0\) must be finite"),
    ],
)
def test_bad_run_arguments_raise_value_errors_naming_them(kwargs, pattern):
    args = {"optimizer": SGD(), "grad_fn": bowl_grad, "x0": [0.0, 0.0], "steps": 3}
    with pytest.raises(ValueError, match=pattern):
        run_detailed(**{**args, **kwargs})
