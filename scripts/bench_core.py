"""Benchmark of fastplane.mlp_plane against its peers, measured in one run.

Peers: a per-point Python loop over MLP.loss; loss-landscapes'
planar_interpolation on an equivalent torch nn.Module; a torch.func.vmap
plane. Torch gets 2 threads, like our thread pool. Times are medians; the
methods take turns, so drifting load on the shared machine hits them alike.
"""

from __future__ import annotations

import copy
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

from losslandscape import directions, fastplane
from losslandscape.data import two_moons
from losslandscape.models import MLP

REPEATS = 5  # per measurement, fewer when one run is slow
BUDGET = 20.0  # seconds: stop repeating a measurement after this
THREADS = 2


def measure(fn, repeats=REPEATS, budget=BUDGET):
    """(median seconds, runs, last result) of fn() over up to `repeats` runs."""
    return measure_all({"fn": fn}, repeats, budget)["fn"]


def measure_all(fns, repeats=REPEATS, budget=BUDGET):
    """{name: (median seconds, runs, last result)}; the methods take turns, so a
    change in the shared machine's load hits them alike. A method stops
    repeating once its runs add up to `budget` seconds."""
    times = {name: [] for name in fns}
    results = {}
    for _ in range(repeats):
        for name, fn in fns.items():
            if times[name] and sum(times[name]) >= budget:
                continue
            start = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - start)
    return {
        name: (statistics.median(t), len(t), results[name]) for name, t in times.items()
    }


def problem(sizes, n, seed=0, train_steps=300):
    """Two moons, an MLP trained briefly by gradient descent, filter-normalized
    directions (Li et al. 2018)."""
    rng = np.random.default_rng(seed)
    X, y = two_moons(n, rng, noise=0.2)
    model = MLP(sizes, "tanh")
    theta = model.init(rng)
    for _ in range(train_steps):
        theta -= 0.5 * model.grad(theta, X, y)
    d1, d2 = directions.random_directions(model, theta, rng)
    return model, X, y, theta, d1, d2


def torch_peers(model, X, y):
    """The same network as a torch nn.Module and a flat-theta torch loss."""
    import torch

    torch.set_num_threads(THREADS)
    layers = []
    for k, s in enumerate(model.layer_slices):
        layers.append(torch.nn.Linear(s.shape[1], s.shape[0]))
        if k < len(model.layer_slices) - 1:
            layers.append(torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    Xt = torch.tensor(X, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32)

    def bce(logits, target):  # stable, and vmap-friendly (no fallback loop)
        z = logits[..., 0]
        return (z.clamp(min=0) - z * target + torch.log1p(torch.exp(-z.abs()))).mean()

    def flat_loss(theta):  # theta (n_params,) in our layout
        h = Xt
        for k, s in enumerate(model.layer_slices):
            h = h @ theta[s.weight].reshape(s.shape).T + theta[s.bias]
            if k < len(model.layer_slices) - 1:
                h = torch.tanh(h)
        return bce(h, yt)

    return torch, net, Xt, yt, bce, flat_loss


def set_params(torch, net, theta):
    """Copy flat theta into the nn.Module (its parameters share our layout)."""
    with torch.no_grad():
        start = 0
        for p in net.parameters():
            p.copy_(torch.tensor(theta[start : start + p.numel()]).reshape(p.shape))
            start += p.numel()


# Long by intent: one row per peer, side by side, so the table reads as code.
def peers(model, X, y, theta, d1, d2, grid_size, with_loop):
    """{name: function computing the plane (beta, alpha)} for every peer."""
    torch, net, Xt, yt, bce, flat_loss = torch_peers(model, X, y)
    steps = np.linspace(-1.0, 1.0, grid_size)
    h = steps[1] - steps[0]
    out = {}

    if with_loop:

        def loop():
            return np.array(
                [
                    [model.loss(theta + a * d1 + b * d2, X, y) for a in steps]
                    for b in steps
                ]
            )

        out["per-point loop (MLP.loss)"] = loop

    # loss-landscapes walks from a corner: column i at alpha = -1 + i h; even
    # columns at beta = -1 + (k + 1) h, odd ones at -1 + k h (its zig-zag).
    import loss_landscapes
    import loss_landscapes.metrics

    corner = theta - d1 - d2
    models = []
    for point in (corner, corner + grid_size * h * d1, corner + grid_size * h * d2):
        models.append(copy.deepcopy(net))
        set_params(torch, models[-1], point)
    metric = loss_landscapes.metrics.Loss(bce, Xt, yt)

    def ll_plane():
        return loss_landscapes.planar_interpolation(
            *models, metric, steps=grid_size, deepcopy_model=True
        ).T  # (beta, alpha) like ours

    out["loss-landscapes planar_interp."] = ll_plane

    vloss = torch.func.vmap(flat_loss)
    A, B = np.meshgrid(steps, steps)
    t0, t1, t2 = (torch.tensor(v, dtype=torch.float32) for v in (theta, d1, d2))
    a_t = torch.tensor(A.ravel(), dtype=torch.float32)[:, None]
    b_t = torch.tensor(B.ravel(), dtype=torch.float32)[:, None]
    chunk = max(1, 2**22 // (X.shape[0] * max(model.layer_sizes)))  # ~16 MB

    def vmap_plane():
        with torch.no_grad():
            parts = [
                vloss(t0 + a_t[s : s + chunk] * t1 + b_t[s : s + chunk] * t2)
                for s in range(0, a_t.shape[0], chunk)
            ]
        return torch.cat(parts).numpy().reshape(grid_size, grid_size)

    out["torch.func.vmap"] = vmap_plane
    return out


def slice_table(title, sizes, n, grid_size, with_loop):
    model, X, y, theta, d1, d2 = problem(sizes, n)
    steps = np.linspace(-1.0, 1.0, grid_size)
    h = steps[1] - steps[0]

    def ours(dtype=np.float32, workers=2):
        return fastplane.mlp_plane(
            model, X, y, theta, d1, d2, steps, steps, dtype=dtype, workers=workers
        )

    fns = {
        "fastplane.mlp_plane float32": ours,
        "  same, workers=1": lambda: ours(workers=1),
        "  same, float64 (the reference)": lambda: ours(np.float64),  # 1e-12 tested
    }
    fns.update(peers(model, X, y, theta, d1, d2, grid_size, with_loop))
    found = measure_all(fns)
    ref = found["  same, float64 (the reference)"][2]
    ext = np.arange(grid_size + 1) * h - 1.0  # betas loss-landscapes reaches
    ref_ext = fastplane.mlp_plane(model, X, y, theta, d1, d2, steps, ext, np.float64)
    rows = []
    for name, (t, runs, Zp) in found.items():
        if name.startswith("loss-landscapes"):
            shift = (np.arange(grid_size) % 2 == 0).astype(int)  # even columns +1
            rows_ = np.arange(grid_size)[:, None] + shift[None, :]
            Zref = ref_ext[rows_, np.arange(grid_size)[None, :]]
            name += " *"
        else:
            Zref = ref
        rows.append((name, t, runs, np.abs(Zp - Zref).max()))
    ours_t = rows[0][1]
    fastest_peer = min(r[1] for r in rows[3:])
    print(
        f"\n{title}: MLP {'-'.join(map(str, sizes))} tanh, N = {n}, "
        f"{grid_size} x {grid_size} plane"
    )
    print(
        f"{'method':40s} {'median s':>9s} {'runs':>4s} {'vs ours':>8s} {'max|dZ|':>9s}"
    )
    for name, t, runs, err in rows:
        print(f"{name:40s} {t:9.3f} {runs:4d} {t / ours_t:7.1f}x {err:9.1e}")
    print("* at its own points: column i at alpha_i, even columns one beta step up")
    print(
        f"speed-up vs the fastest peer: {fastest_peer / ours_t:.1f}x; "
        f"float32 tolerance {fastplane.FLOAT32_RTOL:.0e} x max(1, |loss|)"
    )
    return model, X, ours_t, grid_size


def matmul_fraction(model, n, ours_t, grid_size):
    """Achieved matmul GFLOP/s of the plane vs NumPy float32 matmul at its shapes
    (hidden to hidden, N x in @ in x out), as a stack and as one flat GEMM."""
    sizes = model.layer_sizes
    per_point = 2 * n * sum(i * o for i, o in zip(sizes[:-1], sizes[1:], strict=True))
    achieved = per_point * grid_size**2 / ours_t / 1e9
    rng = np.random.default_rng(1)
    k, m = sizes[1], sizes[2]
    a = rng.standard_normal((16, n, k)).astype(np.float32)
    b = rng.standard_normal((16, k, m)).astype(np.float32)
    flops = 2 * 16 * n * k * m
    stack_t, _, _ = measure(lambda: np.matmul(a, b), repeats=20, budget=5)
    flat_t, _, _ = measure(lambda: a.reshape(-1, k) @ b[0], repeats=20, budget=5)
    best = max(flops / stack_t, flops / flat_t) / 1e9
    print(
        f"achieved {achieved:.1f} GFLOP/s (matmul flops only); NumPy float32 matmul "
        f"at ({n}, {k}) @ ({k}, {m}): stack of 16 {flops / stack_t / 1e9:.1f}, "
        f"flat {flops / flat_t / 1e9:.1f} GFLOP/s; fraction of the best "
        f"{achieved / best:.0%}"
    )


MEMORY_CHILD = """
import json, numpy as np
from losslandscape import directions, fastplane
from losslandscape.data import two_moons
from losslandscape.models import MLP
rng = np.random.default_rng(0)
X, y = two_moons(2000, rng, noise=0.2)
model = MLP(SIZES)
theta = model.init(rng)
d1, d2 = directions.random_directions(model, theta, rng)
steps = np.linspace(-1, 1, 401)
def status(field):  # kiB
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak (VmHWM) to the current RSS
before = status("VmRSS")
Z = fastplane.mlp_plane(model, X, y, theta, d1, d2, steps, steps)
print(json.dumps({"before_kib": before, "peak_kib": status("VmHWM")}))
"""


def memory(sizes):
    child = MEMORY_CHILD.replace("SIZES", repr(tuple(sizes)))
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, check=True
    )
    got = json.loads(done.stdout)
    delta = (got["peak_kib"] - got["before_kib"]) / 1024
    name = "-".join(map(str, sizes))
    print(
        f"peak memory, 401 x 401 plane, MLP {name}, N = 2000 (child process): "
        f"+{delta:.1f} MiB over {got['before_kib'] / 1024:.0f} MiB baseline "
        f"(VmHWM); goal < 1024 MiB"
    )


def main():
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(
        f"load average {load} on {os.cpu_count()} cores; torch threads {THREADS}, "
        f"fastplane workers 2"
    )
    print()
    for sizes in [(2, 16, 16, 1), (2, 64, 64, 1)]:
        memory(sizes)  # first, before this process grows
    slice_table("Course slice", (2, 16, 16, 1), 400, 121, with_loop=True)
    model, X, ours_t, g = slice_table("Large slice", (2, 64, 64, 1), 2000, 101, False)
    matmul_fraction(model, X.shape[0], ours_t, g)


if __name__ == "__main__":
    main()
