"""Stochastic gradient descent with momentum, dampening and Nesterov momentum,
exactly as torch.optim.SGD (Sutskever et al. 2013 for Nesterov)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import ArgumentError, check_bool, check_nonnegative, check_real
from ._base import Optimizer, register


@dataclass(frozen=True)
class SGDState:
    step: int  # updates taken so far
    momentum_buffer: np.ndarray | None  # like x; None until the first step


@register
@dataclass(frozen=True)
class SGD(Optimizer):
    """torch.optim.SGD: b_t = mu b_{t-1} + (1 - dampening) g_t (b_1 = g_1),
    x_t = x_{t-1} - lr (g_t + mu b_t if nesterov else b_t)."""

    lr: float = 1e-3  # learning rate
    momentum: float = 0.0  # momentum factor mu
    dampening: float = 0.0  # dampening for momentum, from step 2 on
    weight_decay: float = 0.0  # L2 penalty added to the gradient
    nesterov: bool = False  # Nesterov momentum (needs momentum > 0, dampening 0)
    maximize: bool = field(default=False, kw_only=True)  # ascend instead

    name = "sgd"
    title = "SGD"
    state_type = SGDState
    checks = {
        "momentum": check_nonnegative,
        "dampening": check_real,  # torch does not restrict it
        "nesterov": check_bool,
    }

    def __post_init__(self):
        super().__post_init__()
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ArgumentError(
                "nesterov=True requires momentum > 0 and dampening = 0; got "
                f"momentum={self.momentum!r}, dampening={self.dampening!r}"
            )

    def init(self, x0) -> SGDState:
        return SGDState(step=0, momentum_buffer=None)

    def step(self, x, grad, state: SGDState, lr: float | None = None):
        x, g, lr = self._inputs(x, grad, state, lr)
        buf = state.momentum_buffer
        if self.momentum != 0:
            if buf is None:
                buf = g.copy()  # torch: the first buffer is the gradient itself
            else:
                self._check_state_shape(x, buf, "momentum_buffer")
                buf = self.momentum * buf + (1 - self.dampening) * g
            g = g + self.momentum * buf if self.nesterov else buf
        return x - lr * g, SGDState(step=state.step + 1, momentum_buffer=buf)
