"""Learning-rate schedules in closed form, after torch.optim.lr_scheduler.

`schedule.lr(step, base_lr)` is the learning rate of update number `step`,
counted from 0 like torch's `last_epoch` (the first update uses step 0).
`step` may be an int or an integer array (e.g. `np.arange(100)` to plot it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import (
    ArgumentError,
    check_choice,
    check_fields,
    check_int,
    check_keywords,
    check_nonnegative,
    check_real,
)

REGISTRY: dict[str, type] = {}  # name -> schedule class, for `get` and `names`


def register(name: str):
    """Class decorator: `get(name, **params)` builds the schedule class."""

    def decorate(cls):
        if name in REGISTRY:
            raise RuntimeError(f"schedule {name!r} is registered twice")
        REGISTRY[name] = cls
        return cls

    return decorate


def _check_steps(step):
    """A non-negative integer or an array of them."""
    array = np.asarray(step)
    numeric = array.dtype != bool and np.issubdtype(array.dtype, np.number)
    if not numeric or not np.all(np.isfinite(array) & (array >= 0) & (array % 1 == 0)):
        raise ArgumentError(
            f"step must be an int in [0, inf) or an array of them; got {step!r}"
        )
    return int(array) if array.ndim == 0 else array.astype(np.int64)


def _check_base_lr(base_lr) -> float:
    return check_real("base_lr", base_lr, low=0)


def _check_count(name: str, value) -> int:
    return check_int(name, value, low=1)


def _check_start_factor(name: str, value) -> float:
    return check_real(name, value, low=0, high=1, include_low=False)


def _result(values):
    return float(values) if np.ndim(values) == 0 else np.asarray(values, np.float64)


@register("step")
@dataclass(frozen=True)
class StepLR:
    """torch StepLR: base_lr * gamma ** (step // step_size)."""

    step_size: int  # updates between two decays
    gamma: float = 0.1  # factor of each decay

    def __post_init__(self):
        check_fields(self, {"step_size": _check_count, "gamma": check_nonnegative})

    def lr(self, step, base_lr: float):
        step, base_lr = _check_steps(step), _check_base_lr(base_lr)
        return _result(base_lr * self.gamma ** (step // self.step_size))


@register("exponential")
@dataclass(frozen=True)
class ExponentialLR:
    """torch ExponentialLR: base_lr * gamma ** step."""

    gamma: float  # factor per update

    def __post_init__(self):
        check_fields(self, {"gamma": check_nonnegative})

    def lr(self, step, base_lr: float):
        step, base_lr = _check_steps(step), _check_base_lr(base_lr)
        return _result(base_lr * self.gamma**step)


@register("cosine")
@dataclass(frozen=True)
class CosineAnnealingLR:
    """torch CosineAnnealingLR (SGDR, Loshchilov & Hutter 2017, no restarts):
    eta_min + (base_lr - eta_min) (1 + cos(pi step / T_max)) / 2.
    Like torch's closed form, it rises again after T_max."""

    T_max: int  # updates from base_lr down to eta_min
    eta_min: float = 0.0  # smallest learning rate

    def __post_init__(self):
        check_fields(self, {"T_max": _check_count, "eta_min": check_nonnegative})

    def lr(self, step, base_lr: float):
        step, base_lr = _check_steps(step), _check_base_lr(base_lr)
        cos = np.cos(math.pi * np.asarray(step) / self.T_max)
        return _result(self.eta_min + (base_lr - self.eta_min) * (1 + cos) / 2)


@register("warmup")
@dataclass(frozen=True)
class LinearWarmup:
    """torch LinearLR with end_factor=1: base_lr * (start_factor +
    (1 - start_factor) * min(step, warmup_steps) / warmup_steps)."""

    warmup_steps: int  # updates until the full base_lr (torch: total_iters)
    start_factor: float = 1.0 / 3  # factor of the first update (torch's default)

    def __post_init__(self):
        check_fields(
            self, {"warmup_steps": _check_count, "start_factor": _check_start_factor}
        )

    def lr(self, step, base_lr: float):
        step, base_lr = _check_steps(step), _check_base_lr(base_lr)
        done = np.minimum(step, self.warmup_steps) / self.warmup_steps
        return _result(base_lr * (self.start_factor + (1 - self.start_factor) * done))


@dataclass(frozen=True)
class SequentialLR:
    """torch SequentialLR: schedules[k] runs from milestones[k-1] on, and sees
    the step counted from its own start (step - milestones[k-1])."""

    schedules: tuple  # k + 1 schedules
    milestones: tuple[int, ...]  # k increasing steps where the next one starts

    def __post_init__(self):
        schedules = tuple(self.schedules)
        milestones = tuple(self.milestones)
        if not schedules or any(
            not callable(getattr(s, "lr", None)) for s in schedules
        ):
            raise ArgumentError(
                "schedules must be a non-empty list of schedules with an lr(step, "
                f"base_lr) method; got {self.schedules!r}"
            )
        if len(milestones) != len(schedules) - 1:
            raise ArgumentError(
                f"milestones must have len(schedules) - 1 = {len(schedules) - 1} "
                f"entries; got {len(milestones)}"
            )
        milestones = tuple(_check_count("milestones", m) for m in milestones)
        if any(b <= a for a, b in zip(milestones, milestones[1:], strict=False)):
            raise ArgumentError(f"milestones must increase; got {milestones!r}")
        object.__setattr__(self, "schedules", schedules)
        object.__setattr__(self, "milestones", milestones)

    def lr(self, step, base_lr: float):
        step, base_lr = _check_steps(step), _check_base_lr(base_lr)
        which = np.searchsorted(self.milestones, step, side="right")  # like step
        starts = np.array((0, *self.milestones))
        local = np.maximum(np.asarray(step) - starts[which], 0)  # (like step)
        values = [np.asarray(s.lr(local, base_lr)) for s in self.schedules]
        return _result(np.choose(which, values))


def warmup_then(schedule, warmup_steps: int, start_factor: float = 1.0 / 3):
    """Linear warm-up for `warmup_steps` updates, then `schedule` from its step 0."""
    warmup = LinearWarmup(warmup_steps, start_factor)
    return SequentialLR((warmup, schedule), (warmup.warmup_steps,))


def names() -> list[str]:
    """Names accepted by `get`, sorted."""
    return sorted(REGISTRY)


def get(name: str, **params):
    """A schedule by name, e.g. get("cosine", T_max=100)."""
    cls = REGISTRY[check_choice("name", name, names())]
    allowed = list(cls.__dataclass_fields__)
    check_keywords(f"schedule {name!r}", sorted(params), allowed)
    try:
        return cls(**params)
    except TypeError as exc:  # a required parameter is missing
        raise ArgumentError(f"schedule {name!r}: {exc}; allowed: {allowed}") from None
