"""Adam (Kingma & Ba 2015) with the AMSGrad variant (Reddi et al. 2018),
exactly as torch.optim.Adam (L2 weight decay added to the gradient)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import ArgumentError, check_bool, check_nonnegative, check_real
from ._base import Optimizer, register


@dataclass(frozen=True)
class AdamState:
    step: int  # updates taken so far, t
    exp_avg: np.ndarray  # m, like x
    exp_avg_sq: np.ndarray  # v, like x
    max_exp_avg_sq: np.ndarray | None  # running max of v (amsgrad only)


def _check_betas(name: str, betas) -> tuple[float, float]:
    """A pair of decay rates, each in [0, 1) as torch requires."""
    try:
        b1, b2 = betas
    except (TypeError, ValueError):
        raise ArgumentError(
            f"{name} must be a pair (beta1, beta2); got {betas!r}"
        ) from None
    return tuple(
        check_real(f"{name}[{i}]", b, low=0, high=1, include_high=False)
        for i, b in enumerate((b1, b2))
    )


@register
@dataclass(frozen=True)
class Adam(Optimizer):
    """torch.optim.Adam: m, v running moments; x -= lr m^ / (sqrt(v^) + eps) with
    m^ = m / (1 - beta1^t), v^ = v / (1 - beta2^t) (max of v so far if amsgrad)."""

    lr: float = 1e-3  # learning rate
    betas: tuple[float, float] = (0.9, 0.999)  # decay of the moments m and v
    eps: float = 1e-8  # added to the denominator
    weight_decay: float = 0.0  # L2 penalty added to the gradient
    amsgrad: bool = False  # use the running maximum of v
    maximize: bool = field(default=False, kw_only=True)  # ascend instead

    name = "adam"
    title = "Adam"
    state_type = AdamState
    checks = {
        "betas": _check_betas,
        "eps": check_nonnegative,
        "amsgrad": check_bool,
    }

    def init(self, x0) -> AdamState:
        zeros = np.zeros_like(np.asarray(x0, dtype=np.float64))
        return AdamState(0, zeros, zeros, zeros if self.amsgrad else None)

    def step(self, x, grad, state: AdamState, lr: float | None = None):
        x, g, lr = self._inputs(x, grad, state, lr)
        self._check_state_shape(x, state.exp_avg, "exp_avg")
        b1, b2 = self.betas
        t = state.step + 1
        m = b1 * state.exp_avg + (1 - b1) * g
        v = b2 * state.exp_avg_sq + (1 - b2) * g * g
        v_max = np.maximum(state.max_exp_avg_sq, v) if self.amsgrad else None
        # torch's order of operations: sqrt(v) / sqrt(1 - b2^t) + eps
        denom = np.sqrt(v_max if self.amsgrad else v) / np.sqrt(1 - b2**t) + self.eps
        x_new = x - (lr / (1 - b1**t)) * m / denom
        return x_new, AdamState(t, m, v, v_max)
