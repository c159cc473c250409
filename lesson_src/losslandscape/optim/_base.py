"""What the four optimizers share: argument checks (declared per field, run by
`_validate.check_fields`), the step inputs, and the weight-decay / maximize
prelude that every torch.optim rule starts with."""

from __future__ import annotations

import dataclasses

import numpy as np

from .._validate import (
    ArgumentError,
    as_float_array,
    check_bool,
    check_fields,
    check_nonnegative,
    check_same_shape,
)

# The checks every torch.optim rule shares; a subclass adds its own in `checks`.
COMMON_CHECKS = {
    "lr": check_nonnegative,
    "weight_decay": check_nonnegative,
    "maximize": check_bool,
}


class Optimizer:
    """Base of the frozen optimizer configs: `init(x0)` -> state,
    `step(x, grad, state, lr=None)` -> (x_new, state). Nothing is modified in place."""

    name: str = ""  # the name `optim.get` knows it by, e.g. "sgd"
    title: str = ""  # how figures label it, e.g. "SGD"
    state_type: type = object
    checks: dict = {}  # field -> check(name, value) from _validate, beyond COMMON

    def __post_init__(self):
        check_fields(self, {**COMMON_CHECKS, **self.checks})

    def hyperparameters(self) -> dict:
        """The constructor arguments, e.g. {"lr": 0.001, "momentum": 0.0, ...}."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def _inputs(self, x, grad, state, lr):
        """Checked float64 copies of x and grad, the learning rate of this step
        and the gradient after `maximize` and `weight_decay` (torch's prelude)."""
        x = as_float_array("x", x)
        grad = as_float_array("grad", grad)
        check_same_shape("x", x, "grad", grad)
        if not isinstance(state, self.state_type):
            raise ArgumentError(
                f"state must be a {self.state_type.__name__} from "
                f"{type(self).__name__}.init; got {type(state).__name__}"
            )
        lr = self.lr if lr is None else check_nonnegative("lr", lr)
        g = -grad if self.maximize else grad
        if self.weight_decay != 0:
            g = g + self.weight_decay * x
        return x, g, lr

    @staticmethod
    def _check_state_shape(x: np.ndarray, buffer: np.ndarray, name: str) -> None:
        if buffer.shape != x.shape:
            raise ArgumentError(
                f"state.{name} has shape {buffer.shape} but x has shape {x.shape}; "
                "call init(x0) with a point of the same shape"
            )


REGISTRY: dict[str, type[Optimizer]] = {}  # name -> class


def register(cls: type[Optimizer]) -> type[Optimizer]:
    """Class decorator: `optim.get(cls.name)` and `optim.names()` know `cls`."""
    if not (cls.name and cls.title):
        raise RuntimeError(f"{cls.__name__} needs the class attributes name and title")
    if cls.name in REGISTRY:
        raise RuntimeError(f"optimizer {cls.name!r} is registered twice")
    REGISTRY[cls.name] = cls
    return cls
