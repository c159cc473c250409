"""RMSprop (Hinton, lecture 6e, 2012), centered variant (Graves 2013),
exactly as torch.optim.RMSprop: the square root is taken before adding eps."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import check_bool, check_nonnegative
from ._base import Optimizer, register


@dataclass(frozen=True)
class RMSpropState:
    step: int  # updates taken so far
    square_avg: np.ndarray  # v, like x
    grad_avg: np.ndarray | None  # running mean of g (centered only)
    momentum_buffer: np.ndarray | None  # b (momentum > 0 only)


@register
@dataclass(frozen=True)
class RMSprop(Optimizer):
    """torch.optim.RMSprop: v_t = alpha v + (1 - alpha) g^2, step g / (sqrt(v~) + eps)
    with v~ = v - (mean g)^2 when centered; optional momentum buffer."""

    lr: float = 1e-2  # learning rate
    alpha: float = 0.99  # smoothing constant of the averages
    eps: float = 1e-8  # added to the denominator
    weight_decay: float = 0.0  # L2 penalty added to the gradient
    momentum: float = 0.0  # momentum factor
    centered: bool = False  # normalise by an estimate of the variance
    maximize: bool = field(default=False, kw_only=True)  # ascend instead

    name = "rmsprop"
    title = "RMSprop"
    state_type = RMSpropState
    checks = {
        "alpha": check_nonnegative,
        "eps": check_nonnegative,
        "momentum": check_nonnegative,
        "centered": check_bool,
    }

    def init(self, x0) -> RMSpropState:
        zeros = np.zeros_like(np.asarray(x0, dtype=np.float64))
        return RMSpropState(
            step=0,
            square_avg=zeros,
            grad_avg=zeros if self.centered else None,
            momentum_buffer=zeros if self.momentum > 0 else None,
        )

    def step(self, x, grad, state: RMSpropState, lr: float | None = None):
        x, g, lr = self._inputs(x, grad, state, lr)
        self._check_state_shape(x, state.square_avg, "square_avg")
        a = self.alpha
        square_avg = a * state.square_avg + (1 - a) * g * g
        grad_avg = None
        if self.centered:
            grad_avg = a * state.grad_avg + (1 - a) * g
            # >= 0 in exact arithmetic; clip the rounding (torch would give NaN)
            avg = np.sqrt(np.maximum(square_avg - grad_avg * grad_avg, 0.0)) + self.eps
        else:
            avg = np.sqrt(square_avg) + self.eps
        buf = None
        if self.momentum > 0:
            buf = self.momentum * state.momentum_buffer + g / avg
            x_new = x - lr * buf
        else:
            x_new = x - lr * g / avg
        new_state = RMSpropState(state.step + 1, square_avg, grad_avg, buf)
        return x_new, new_state
