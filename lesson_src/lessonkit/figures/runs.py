"""Optimizer runs in a figure: `{name: sgd, lr: 0.01, momentum: 0.9, start: [0, 0],
steps: 200}` checked against the core's optimizers and schedules, then run."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from losslandscape import ArgumentError

from ..errors import AuthorError, listing, shown
from ..schema import Field

RUN_FIELDS = ("name", "start", "steps", "label", "schedule", "batch_size", "seed")
MAX_STEPS = 2000
START_LIMIT = 1000.0  # |start| beyond: the losses overflow float32


class OptimizerRun(Field):
    """One optimizer run; hyperparameters are the core optimizer's own names."""

    allowed = "a mapping like {name: sgd, lr: 0.01, start: [0, 0], steps: 100}"

    def check(self, value, path):
        if not isinstance(value, dict):
            self.fail(value, path)
        hyper = {k: v for k, v in value.items() if k not in RUN_FIELDS}
        check_optimizer(value.get("name"), hyper, path)
        _check_start(value.get("start"), f"{path}.start")
        steps = value.get("steps", 100)
        _check_whole(steps, f"{path}.steps", 1, MAX_STEPS)
        schedule = value.get("schedule")
        if schedule is not None:
            check_schedule(schedule, f"{path}.schedule")
        for key, lo in (("batch_size", 1), ("seed", 0)):
            _check_whole(value.get(key, lo), f"{path}.{key}", lo, None)
        label = value.get("label")
        if label is not None and (not isinstance(label, str) or not label.strip()):
            raise AuthorError(
                f"{shown(label)} is not allowed",
                field=f"{path}.label",
                allowed="a non-empty string",
            )
        return dict(sorted({**value, "steps": steps}.items()))


def check_optimizer(name, hyper: dict, path: str) -> None:
    """`name` is a core optimizer that accepts the hyperparameters `hyper`."""
    from losslandscape import optim

    if name not in optim.names():
        raise AuthorError(
            f"{shown(name)} is not allowed",
            field=f"{path}.name",
            allowed=listing(optim.names()),
        )
    try:
        optim.get(name, **hyper)
    except ArgumentError as exc:
        raise AuthorError(str(exc), field=path) from exc


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_start(start, field: str) -> None:
    """[x, y], or a number x for the line view, within START_LIMIT."""
    ok = _is_number(start) or (
        isinstance(start, list) and len(start) == 2 and all(map(_is_number, start))
    )
    if not ok or not all(
        math.isfinite(v) and abs(v) <= START_LIMIT for v in np.ravel(start)
    ):
        raise AuthorError(
            f"{shown(start)} is not allowed",
            field=field,
            allowed=f"[x, y] (a number x for the line view), each in "
            f"[-{START_LIMIT:g}, {START_LIMIT:g}]",
        )


def _check_whole(number, field: str, lo: int, hi: int | None) -> None:
    """A whole number in [lo, hi] (no upper bound if hi is None)."""
    whole = isinstance(number, int) and not isinstance(number, bool)
    if not whole or number < lo or (hi is not None and number > hi):
        allowed = f"an integer in [{lo}, {hi}]" if hi else f"a whole number >= {lo}"
        raise AuthorError(
            f"{shown(number)} is not allowed", field=field, allowed=allowed
        )


def check_schedule(schedule, path):
    """`schedule` is `{name: <a core schedule>, ...}` that the core accepts."""
    from losslandscape.optim import schedules

    if not isinstance(schedule, dict) or schedule.get("name") not in schedules.names():
        got = schedule.get("name") if isinstance(schedule, dict) else schedule
        raise AuthorError(
            f"{shown(got)} is not allowed",
            field=f"{path}.name",
            allowed=listing(schedules.names()),
        )
    params = {k: v for k, v in schedule.items() if k != "name"}
    try:
        schedules.get(schedule["name"], **params)
    except ArgumentError as exc:
        raise AuthorError(str(exc), field=path) from exc


@dataclass(frozen=True)
class RunPath:
    """An optimizer run as a figure draws it: its legend label and points."""

    label: str
    points: np.ndarray  # (k + 1, dim): the start and every point kept
    diverged: bool


def label_of(run: dict) -> str:
    """'SGD lr=0.01 momentum=0.9' unless the run has its own label."""
    if "label" in run:
        return run["label"]
    hyper = " ".join(f"{k}={v}" for k, v in run.items() if k not in RUN_FIELDS)
    schedule = run.get("schedule")
    if schedule:
        hyper += f" + {schedule['name']} schedule"
    from losslandscape import optim

    return f"{optim.get(run['name']).title} {hyper}".strip()


def run_path(run: dict, grad_fn, start) -> RunPath:
    """The core's optimizer `run` from `start` with gradients `grad_fn`."""
    from losslandscape import optim
    from losslandscape.optim import schedules

    hyper = {k: v for k, v in run.items() if k not in RUN_FIELDS}
    opt = optim.get(run["name"], **hyper)
    schedule = run.get("schedule")
    sched = None
    if schedule is not None:
        sched = schedules.get(
            schedule["name"], **{k: v for k, v in schedule.items() if k != "name"}
        )
    traj = optim.run_detailed(
        opt, grad_fn, np.atleast_1d(np.asarray(start, float)), run["steps"], sched
    )
    return RunPath(label_of(run), traj.path, traj.diverged)
