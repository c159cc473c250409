"""Adagrad (Duchi, Hazan & Singer 2011), exactly as torch.optim.Adagrad,
including its learning-rate decay clr = lr / (1 + (t - 1) lr_decay)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import check_nonnegative
from ._base import Optimizer, register


@dataclass(frozen=True)
class AdagradState:
    step: int  # updates taken so far, t
    sum: np.ndarray  # accumulated squared gradients, like x


@register
@dataclass(frozen=True)
class Adagrad(Optimizer):
    """torch.optim.Adagrad: sum_t = sum_{t-1} + g^2,
    x_t = x_{t-1} - clr g / (sqrt(sum_t) + eps)."""

    lr: float = 1e-2  # learning rate
    lr_decay: float = 0.0  # eta in clr = lr / (1 + (t - 1) eta)
    weight_decay: float = 0.0  # L2 penalty added to the gradient
    initial_accumulator_value: float = 0.0  # starting value of `sum`
    eps: float = 1e-10  # added to the denominator
    maximize: bool = field(default=False, kw_only=True)  # ascend instead

    name = "adagrad"
    title = "Adagrad"
    state_type = AdagradState
    checks = {
        "lr_decay": check_nonnegative,
        "initial_accumulator_value": check_nonnegative,
        "eps": check_nonnegative,
    }

    def init(self, x0) -> AdagradState:
        x0 = np.asarray(x0, dtype=np.float64)
        return AdagradState(0, np.full_like(x0, self.initial_accumulator_value))

    def step(self, x, grad, state: AdagradState, lr: float | None = None):
        x, g, lr = self._inputs(x, grad, state, lr)
        self._check_state_shape(x, state.sum, "sum")
        t = state.step + 1
        clr = lr / (1 + (t - 1) * self.lr_decay)
        total = state.sum + g * g
        x_new = x - clr * g / (np.sqrt(total) + self.eps)
        return x_new, AdagradState(t, total)
