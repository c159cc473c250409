"""Optimizers that follow torch.optim's update rules, defaults and argument names,
as pure functions on NumPy arrays: `state = opt.init(x0)`,
`x, state = opt.step(x, grad, state, lr=None)`; plus schedules and `run`.

Each optimizer module registers its class (`@register`); every module of this
package is imported below, so a new optimizer needs no line here."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import fields

from .._validate import check_choice, check_keywords
from . import schedules
from ._base import REGISTRY, Optimizer, register
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

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")


def names() -> list[str]:
    """Names accepted by `get`, sorted."""
    return sorted(REGISTRY)


def get(name: str, **hyper):
    """An optimizer by name with torch's hyperparameter names, e.g.
    get("sgd", lr=0.01, momentum=0.9)."""
    cls = REGISTRY[check_choice("name", name, names())]
    allowed = [f.name for f in fields(cls)]
    check_keywords(f"optimizer {name!r}", sorted(hyper), allowed)
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
    "register",
    "run",
    "run_detailed",
    "schedules",
    "warmup_then",
]
