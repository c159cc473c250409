"""Learning-rate schedules against the closed forms in torch.optim.lr_scheduler's
docs, worked by hand (step counted from 0 like torch's last_epoch)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losslandscape.optim import (
    CosineAnnealingLR,
    ExponentialLR,
    LinearWarmup,
    SequentialLR,
    StepLR,
    schedules,
    warmup_then,
)

TOL = 1e-12


def lrs(schedule, base_lr, n):
    return [schedule.lr(step, base_lr) for step in range(n)]


def test_step_lr():
    # base 0.8 * 0.5 ** (step // 3)
    want = [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2]
    np.testing.assert_allclose(lrs(StepLR(3, gamma=0.5), 0.8, 8), want, rtol=TOL)
    assert StepLR(2).lr(2, 1.0) == pytest.approx(0.1, rel=TOL)  # default gamma 0.1


def test_exponential_lr():
    want = [1.0, 0.5, 0.25, 0.125]
    np.testing.assert_allclose(lrs(ExponentialLR(0.5), 1.0, 4), want, rtol=TOL)


def test_cosine_annealing_lr():
    # eta_min + (base - eta_min) (1 + cos(pi step / T_max)) / 2, T_max 4, eta_min 0.1
    s = CosineAnnealingLR(4, eta_min=0.1)
    half = math.sqrt(2) / 2  # cos(pi/4)
    want = [1.1, 0.1 + (1 + half) / 2, 0.6, 0.1 + (1 - half) / 2, 0.1]
    np.testing.assert_allclose(lrs(s, 1.1, 5), want, rtol=TOL)
    # torch's closed form has no restart: after T_max it climbs back up
    assert s.lr(8, 1.1) == pytest.approx(1.1, rel=TOL)
    assert CosineAnnealingLR(10).lr(10, 0.3) == pytest.approx(0.0, abs=TOL)


def test_linear_warmup():
    # torch LinearLR(start_factor=0.2, end_factor=1, total_iters=4)
    want = [0.2, 0.4, 0.6, 0.8, 1.0, 1.0]
    np.testing.assert_allclose(lrs(LinearWarmup(4, 0.2), 1.0, 6), want, rtol=TOL)
    assert LinearWarmup(5).lr(0, 3.0) == pytest.approx(1.0, rel=TOL)  # 1/3 default


def test_warmup_then_step_decay():
    # warm-up 0.5 -> 1 over 2 steps, then StepLR(2, 0.1) from its own step 0
    s = warmup_then(StepLR(2, 0.1), warmup_steps=2, start_factor=0.5)
    want = [0.5, 0.75, 1.0, 1.0, 0.1, 0.1, 0.01]
    np.testing.assert_allclose(lrs(s, 1.0, 7), want, rtol=TOL)


def test_sequential_lr_with_three_parts():
    s = SequentialLR((ExponentialLR(0.5), StepLR(1, 0.1), LinearWarmup(2, 0.5)), (2, 4))
    want = [1.0, 0.5, 1.0, 0.1, 0.5, 0.75, 1.0]
    np.testing.assert_allclose(lrs(s, 1.0, 7), want, rtol=TOL)


@settings(max_examples=30, deadline=None)
@given(
    schedule=st.sampled_from(
        [
            StepLR(3, 0.5),
            ExponentialLR(0.9),
            CosineAnnealingLR(7, 0.01),
            LinearWarmup(5, 0.1),
            warmup_then(CosineAnnealingLR(9), 4),
        ]
    ),
    base=st.floats(0, 10),
)
def test_arrays_of_steps_give_the_scalar_values(schedule, base):
    steps = np.arange(20)
    got = schedule.lr(steps, base)
    assert got.shape == (20,) and got.dtype == np.float64
    np.testing.assert_allclose(got, lrs(schedule, base, 20), rtol=TOL, atol=TOL)


def test_get_and_names():
    assert schedules.names() == sorted(schedules.names())
    assert {"step", "exponential", "cosine", "warmup"} <= set(schedules.names())
    assert schedules.get("cosine", T_max=10) == CosineAnnealingLR(10)
    assert schedules.get("step", step_size=5, gamma=0.5) == StepLR(5, 0.5)
    with pytest.raises(
        ValueError, match=r"^name must be one of 'cosine', .*; got 'linear'$"
    ):
        schedules.get("linear")
    with pytest.raises(ValueError, match=r"'tmax'.*allowed: T_max, eta_min"):
        schedules.get("cosine", tmax=10)
    with pytest.raises(ValueError, match=r"schedule 'step'.*step_size"):
        schedules.get("step")


@pytest.mark.parametrize(
    ("make", "pattern"),
    [
        (lambda: StepLR(0), r"step_size must be an int in \[1, inf\); got 0"),
        (lambda: StepLR(2.5), r"step_size must be an int in \[1, inf\); got 2.5"),
        (
            lambda: StepLR(2, gamma=-1),
            r"^gamma must be a finite number in \[0, inf\); got -1$",
        ),
        (
            lambda: ExponentialLR(float("inf")),
            r"^gamma must be a finite number .*; got inf$",
        ),
        (lambda: CosineAnnealingLR(0), r"T_max must be an int in \[1, inf\)"),
        (
            lambda: CosineAnnealingLR(5, eta_min=-0.1),
            r"^eta_min must be a finite number in \[0, inf\); got -0.1$",
        ),
        (lambda: LinearWarmup(0), r"warmup_steps must be an int"),
        (
            lambda: LinearWarmup(3, start_factor=0),
            r"start_factor must be a finite number in \(0, 1\]",
        ),
        (lambda: LinearWarmup(3, start_factor=1.5), r"start_factor"),
        (lambda: SequentialLR((StepLR(2),), (3,)), r"milestones must have .* 0"),
        (lambda: SequentialLR((StepLR(2), StepLR(2)), (0,)), r"milestones must be"),
        (lambda: SequentialLR((StepLR(2), 0.1), (3,)), r"schedules must be"),
        (
            lambda: StepLR(2).lr(-1, 1.0),
            r"^step must be an int in \[0, inf\) or an array of them; got ",
        ),
        (
            lambda: StepLR(2).lr(1.5, 1.0),
            r"^step must be an int in \[0, inf\) or an array of them; got ",
        ),
    ],
)
def test_bad_schedule_arguments_raise_value_errors_naming_them(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()
