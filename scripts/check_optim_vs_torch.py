"""Dev tool: run losslandscape.optim and torch.optim side by side on one quadratic
and print the largest difference of the trajectories (needs torch; not a test).

    .venv/bin/python scripts/check_optim_vs_torch.py
"""

from __future__ import annotations

import numpy as np
import torch

from losslandscape import optim

A = np.diag([1.0, 10.0, 0.5])  # f(x) = 0.5 x^T A x - b^T x
B = np.array([1.0, -2.0, 0.5])
X0 = np.array([2.0, -1.5, 3.0])
STEPS = 60

CASES = [
    ("sgd", {"lr": 0.05}),
    ("sgd", {"lr": 0.03, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.1}),
    ("sgd", {"lr": 0.03, "momentum": 0.9, "nesterov": True}),
    ("sgd", {"lr": 0.03, "momentum": 0.5, "maximize": True}),
    ("rmsprop", {}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "centered": True, "momentum": 0.8}),
    ("rmsprop", {"lr": 0.01, "weight_decay": 0.2, "maximize": True}),
    ("adam", {"lr": 0.1}),
    ("adam", {"lr": 0.1, "betas": (0.8, 0.95), "amsgrad": True, "weight_decay": 0.1}),
    ("adam", {"lr": 0.05, "maximize": True}),
    ("adagrad", {"lr": 0.5}),
    ("adagrad", {"lr": 0.5, "lr_decay": 0.1, "initial_accumulator_value": 0.3}),
    ("adagrad", {"lr": 0.5, "weight_decay": 0.2, "eps": 1e-3, "maximize": True}),
]

TORCH = {
    "sgd": torch.optim.SGD,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adagrad": torch.optim.Adagrad,
}


def grad(x):
    return A @ x - B


def grad_for(hyper):
    """maximize=True climbs g(x) = -f(x), so it too walks to the minimum of f."""
    return (lambda x: -grad(x)) if hyper.get("maximize") else grad


def torch_path(name, hyper, schedule_factory=None):
    grad_fn = grad_for(hyper)
    p = torch.tensor(X0, dtype=torch.float64, requires_grad=True)
    opt = TORCH[name]([p], **hyper)
    sched = schedule_factory(opt) if schedule_factory else None
    rows = [p.detach().numpy().copy()]
    for _ in range(STEPS):
        opt.zero_grad()
        p.grad = torch.tensor(grad_fn(p.detach().numpy()), dtype=torch.float64)
        opt.step()
        if sched:
            sched.step()
        rows.append(p.detach().numpy().copy())
    return np.array(rows)


def main() -> None:
    worst = 0.0
    for name, hyper in CASES:
        ours = optim.run(optim.get(name, **hyper), grad_for(hyper), X0, STEPS)
        diff = np.max(np.abs(ours - torch_path(name, hyper)))
        worst = max(worst, diff)
        print(f"{name:8s} {hyper!s:80s} max |diff| = {diff:.3g}")

    lr_s = torch.optim.lr_scheduler
    schedules = [
        (optim.StepLR(7, 0.5), lambda o: lr_s.StepLR(o, 7, 0.5)),
        (optim.ExponentialLR(0.95), lambda o: lr_s.ExponentialLR(o, 0.95)),
        (
            optim.CosineAnnealingLR(40, 0.001),
            lambda o: lr_s.CosineAnnealingLR(o, 40, 0.001),
        ),
        (optim.LinearWarmup(10, 0.2), lambda o: lr_s.LinearLR(o, 0.2, total_iters=10)),
        (
            optim.warmup_then(optim.CosineAnnealingLR(30), 10, 0.2),
            lambda o: lr_s.SequentialLR(
                o,
                [lr_s.LinearLR(o, 0.2, total_iters=10), lr_s.CosineAnnealingLR(o, 30)],
                milestones=[10],
            ),
        ),
    ]
    for ours_schedule, factory in schedules:
        hyper = {"lr": 0.05, "momentum": 0.9}
        ours = optim.run(optim.SGD(**hyper), grad, X0, STEPS, ours_schedule)
        diff = np.max(np.abs(ours - torch_path("sgd", hyper, factory)))
        worst = max(worst, diff)
        print(f"sgd + {type(ours_schedule).__name__:72s} max |diff| = {diff:.3g}")
    print(f"worst max |diff| = {worst:.3g}")


if __name__ == "__main__":
    main()
