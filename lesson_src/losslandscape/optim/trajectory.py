"""Run an optimizer from x0 and keep every point: the trajectories the figures draw.

A run that diverges stops at the first update whose point (or gradient, or
loss) is not finite or leaves the ball |x_i| <= divergence_threshold; that
point is not kept, so every number returned is finite and the path is shorter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import (
    ArgumentError,
    as_float_array,
    check_callable,
    check_int,
    check_real,
)
from ._base import REGISTRY, Optimizer

DIVERGENCE_THRESHOLD = 1e6  # a coordinate beyond this in absolute value = diverged


@dataclass(frozen=True)
class Trajectory:
    """The points of a run and how it ended."""

    path: np.ndarray  # (k + 1, dim): x0 and the k points kept
    lrs: np.ndarray  # (k,): learning rate of each update kept
    losses: np.ndarray | None  # (k + 1,): loss_fn at each point, if given
    diverged: bool  # True if the run stopped before `steps` updates
    stopped_at: int | None  # the update t (1-based) that diverged; k = t - 1


def _check_steps(steps) -> int:
    return check_int("steps", steps, low=0)


def _checked_arguments(optimizer, grad_fn, x0, steps, schedule, loss_fn, threshold):
    """run_detailed's arguments checked: x0 (dim,), steps and the threshold."""
    if not isinstance(optimizer, Optimizer):
        raise ArgumentError(
            f"optimizer must be an Optimizer ({', '.join(sorted(REGISTRY))}); "
            f"got {type(optimizer).__name__}"
        )
    check_callable("grad_fn", grad_fn)
    if loss_fn is not None:
        check_callable("loss_fn", loss_fn)
    if schedule is not None and not callable(getattr(schedule, "lr", None)):
        raise ArgumentError(
            "schedule must have an lr(step, base_lr) method or be None; "
            f"got {type(schedule).__name__}"
        )
    x0 = as_float_array("x0", x0, ndim=1)
    steps = _check_steps(steps)
    if threshold != np.inf:  # inf: never stop
        threshold = check_real(
            "divergence_threshold", threshold, low=0, include_low=False
        )
    if np.max(np.abs(x0), initial=0.0) > threshold:
        raise ArgumentError(f"x0 lies beyond divergence_threshold={threshold!r}")
    return x0, steps, threshold


# Long by intent: the update loop keeps torch's order of operations in one
# place (rate, gradient, step, divergence checks), as the tests compare it.
def run_detailed(
    optimizer: Optimizer,
    grad_fn,
    x0,
    steps: int,
    schedule=None,
    *,
    loss_fn=None,
    divergence_threshold: float = DIVERGENCE_THRESHOLD,
) -> Trajectory:
    """`steps` updates of `optimizer` with gradients `grad_fn(x)` from the 1-D
    point `x0`; `schedule.lr(t - 1, optimizer.lr)` sets the rate of update t."""
    x0, steps, threshold = _checked_arguments(
        optimizer, grad_fn, x0, steps, schedule, loss_fn, divergence_threshold
    )
    path = np.empty((steps + 1, x0.size))  # (steps + 1, dim)
    lrs = np.empty(steps)  # (steps,)
    losses = np.empty(steps + 1) if loss_fn is not None else None  # (steps + 1,)
    path[0] = x0
    if losses is not None:
        losses[0] = float(loss_fn(x0))
        if not np.isfinite(losses[0]):
            raise ArgumentError(f"loss_fn(x0) must be finite; got {losses[0]!r}")

    x, state, stopped_at = x0, optimizer.init(x0), None
    for t in range(1, steps + 1):
        lr = (
            optimizer.lr
            if schedule is None
            else float(schedule.lr(t - 1, optimizer.lr))
        )
        with np.errstate(all="ignore"):  # overflow is detected just below
            g = np.asarray(grad_fn(x), dtype=np.float64)
            if g.shape != x.shape:
                raise ArgumentError(
                    f"grad_fn must return shape {x.shape} like x0; got {g.shape}"
                )
            ok = bool(np.all(np.isfinite(g)))
            if ok:
                x, state = optimizer.step(x, g, state, lr=lr)
                ok = bool(np.all(np.isfinite(x))) and np.max(np.abs(x)) <= threshold
            if ok and losses is not None:
                losses[t] = float(loss_fn(x))
                ok = bool(np.isfinite(losses[t]))
        if not ok:
            stopped_at = t
            break
        path[t], lrs[t - 1] = x, lr

    k = steps if stopped_at is None else stopped_at - 1  # updates kept
    return Trajectory(
        path=path[: k + 1].copy(),
        lrs=lrs[:k].copy(),
        losses=None if losses is None else losses[: k + 1].copy(),
        diverged=stopped_at is not None,
        stopped_at=stopped_at,
    )


def run(
    optimizer: Optimizer,
    grad_fn,
    x0,
    steps: int,
    schedule=None,
    *,
    divergence_threshold: float = DIVERGENCE_THRESHOLD,
) -> np.ndarray:
    """The path of `run_detailed`: (steps + 1, dim), row 0 = x0; fewer rows
    (stopped_at of them) when the run diverged."""
    return run_detailed(
        optimizer,
        grad_fn,
        x0,
        steps,
        schedule,
        divergence_threshold=divergence_threshold,
    ).path
