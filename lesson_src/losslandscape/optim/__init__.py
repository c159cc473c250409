"""Optimizers that follow torch.optim's update rules, defaults and argument names,
as pure functions on NumPy arrays: `state = opt.init(x0)`,
`x, state = opt.step(x, grad, state, lr=None)`; plus schedules and `run`."""

from __future__ import annotations

from dataclasses import fields

from . import schedules
from ._base import Optimizer
from .adagrad import Adagrad, AdagradState
from .adam import Adam, AdamState
from .rmsprop import RMSprop, RMSpropState
from .schedules import (
    CosineAnnealingLR,
    ExponentialLR,
    LinearWarmup,
    SequentialLR,
    StepLR,
    warmup_then,
)
from .sgd import SGD, SGDState
from .trajectory import DIVERGENCE_THRESHOLD, Trajectory, run, run_detailed

_OPTIMIZERS = {"sgd": SGD, "rmsprop": RMSprop, "adam": Adam, "adagrad": Adagrad}


def names() -> list[str]:
    """Names accepted by `get`."""
    return list(_OPTIMIZERS)


def get(name: str, **hyper):
    """An optimizer by name with torch's hyperparameter names, e.g.
    get("sgd", lr=0.01, momentum=0.9)."""
    if name not in _OPTIMIZERS:
        raise ValueError(
            f"unknown optimizer {name!r}; allowed: {', '.join(map(repr, _OPTIMIZERS))}"
        )
    cls = _OPTIMIZERS[name]
    allowed = [f.name for f in fields(cls)]
    unknown = sorted(set(hyper) - set(allowed))
    if unknown:
        raise ValueError(
            f"unknown hyperparameter(s) {', '.join(map(repr, unknown))} for "
            f"optimizer {name!r}; allowed: {', '.join(allowed)}"
        )
    return cls(**hyper)


__all__ = [
    "DIVERGENCE_THRESHOLD",
    "SGD",
    "Adagrad",
    "AdagradState",
    "Adam",
    "AdamState",
    "CosineAnnealingLR",
    "ExponentialLR",
    "LinearWarmup",
    "Optimizer",
    "RMSprop",
    "RMSpropState",
    "SGDState",
    "SequentialLR",
    "StepLR",
    "Trajectory",
    "get",
    "names",
    "run",
    "run_detailed",
    "schedules",
    "warmup_then",
]
