"""Benchmark of fastplane.mlp_plane against its peers, measured in one run.

First the machine: CPU model and vector features, NumPy's and BLAS's versions
and threads, and the rates of np.tanh, np.exp and matmul measured here, which
give each workload a floor (its tanh count and matmul flops at those rates, on
every worker). Then each workload: fastplane, grid.plane with MLP.loss_many
(routed to fastplane in float64), and the peers: a per-point Python loop over
MLP.loss; loss-landscapes' planar_interpolation on an equivalent torch
nn.Module; a torch.func.vmap plane. Torch gets as many threads as our pool.
Times are medians; the methods take turns, so drifting load on the shared
machine hits them alike.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

from losslandscape import directions, fastplane, grid
from losslandscape.data import two_moons
from losslandscape.models import MLP

REPEATS = 5  # per measurement, fewer when one run is slow
BUDGET = 20.0  # seconds: stop repeating a measurement after this
THREADS = fastplane._cpus()  # fastplane's default workers; torch gets as many
FLAGS = ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl")
FLAGS += ("avx512_vnni", "avx512_bf16", "amx_tile", "asimd", "sve")


def measure_all(fns, repeats=REPEATS, budget=BUDGET):
    """{name: (median seconds, runs, last result, fastest seconds)}; the methods
    take turns, so a
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
        name: (statistics.median(t), len(t), results[name], min(t))
        for name, t in times.items()
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


def cpu_model():
    """The CPU's model name and the vector features in FLAGS it has."""
    model, flags = platform.processor() or platform.machine(), set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name":
                    model = value.strip()
                elif key.strip() in ("flags", "Features"):
                    flags = set(value.split())
    except OSError:
        pass
    return model, [flag for flag in FLAGS if flag in flags]


def machine():
    """Print what the numbers below depend on."""
    import threadpoolctl
    import torch
    from numpy._core._multiarray_umath import __cpu_features__

    model, flags = cpu_model()
    targets = ("X86_V3", "X86_V4", "AVX512_SKX", "ASIMD")
    found = " ".join(k for k in targets if __cpu_features__.get(k)) or "baseline"
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    print(f"CPU: {model}; {os.cpu_count()} CPUs; load average {load}")
    print(f"vector features: {' '.join(flags)}; NumPy dispatches to: {found}")
    capability = torch.backends.cpu.get_cpu_capability()
    print(f"NumPy {np.__version__}; torch {torch.__version__} ({capability})")
    for pool in threadpoolctl.threadpool_info():
        if pool["user_api"] != "blas":
            continue
        print(
            f"BLAS: {pool['internal_api']} {pool['version']}, "
            f"{pool.get('architecture')} kernels, {pool.get('threading_layer')}, "
            f"{pool['num_threads']} threads"
        )
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    print(f"OPENBLAS_CORETYPE {coretype}; fastplane and torch: {THREADS} threads")


def best_time(fn, repeats, budget=2.0):
    """The fastest of up to `repeats` runs: a floor must not be raised by the
    load of the shared machine."""
    times, start = [], time.perf_counter()
    while len(times) < repeats and time.perf_counter() - start < budget:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def rates():
    """One thread's rates measured now (best of many runs): elements/s of
    np.tanh and np.exp, and matmul flops/s at each workload's shapes in
    fastplane's example blocks (small enough that BLAS uses one thread)."""
    rng = np.random.default_rng(1)
    out = {}
    for dtype in (np.float32, np.float64):
        x = rng.standard_normal(2**16).astype(dtype)
        for name, fn in (("tanh", np.tanh), ("exp", np.exp)):
            t = best_time(lambda fn=fn, x=x: fn(x, out=np.empty_like(x)), 50)
            out[name, dtype] = x.size / t
        for sizes, n in WORKLOADS:
            w = sizes[1]
            rows = fastplane._block_rows(sizes, n)
            a = rng.standard_normal((16, -(-n // rows), rows, w)).astype(dtype)
            b = rng.standard_normal((16, 1, w, w)).astype(dtype)
            t = best_time(lambda a=a, b=b: np.matmul(a, b), 30)
            out["matmul", dtype, sizes] = 2 * a.size * w / t
    print("\nrates on one thread (best of many runs):")
    for dtype in (np.float32, np.float64):
        name = np.dtype(dtype).name
        mm = ", ".join(
            f"{rows_cols(s, n)} {out['matmul', dtype, s] / 1e9:.1f}"
            for s, n in WORKLOADS
        )
        print(
            f"  {name}: tanh {out['tanh', dtype] / 1e6:.0f} M/s, exp "
            f"{out['exp', dtype] / 1e6:.0f} M/s; matmul GFLOP/s {mm}"
        )
    return out


def rows_cols(sizes, n):
    w = sizes[1]
    return f"({fastplane._block_rows(sizes, n)}x{w})@({w}x{w})"


def floor(sizes, n, grid_size, rate):
    """Seconds for the workload's tanh count and matmul flops at the measured
    float32 rates, shared by THREADS workers: what nothing that calls np.tanh
    and BLAS per grid point can beat."""
    points = grid_size**2
    tanh = points * n * sum(sizes[1:-1])
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    flops = points * 2 * n * sum(i * o for i, o in pairs)
    t_tanh = tanh / rate["tanh", np.float32] / THREADS
    t_mm = flops / rate["matmul", np.float32, sizes] / THREADS
    print(
        f"floor: {tanh / 1e6:.0f} M tanh ({t_tanh:.3f} s) + {flops / 1e9:.1f} GFLOP "
        f"({t_mm:.3f} s) on {THREADS} threads = {t_tanh + t_mm:.3f} s"
    )
    return t_tanh + t_mm


def print_rows(found, problem_, steps):
    """Each method's median and its largest error against the float64 reference;
    loss-landscapes is compared at the points it really evaluates."""
    model, X, y, theta, d1, d2 = problem_
    grid_size, h = len(steps), steps[1] - steps[0]
    ref = found["  same, float64 (the reference)"][2]
    ext = np.arange(grid_size + 1) * h - 1.0  # betas loss-landscapes reaches
    ref_ext = fastplane.mlp_plane(model, X, y, theta, d1, d2, steps, ext, np.float64)
    rows = []
    for name, (t, runs, Zp, _) in found.items():
        if name.startswith("loss-landscapes"):
            shift = (np.arange(grid_size) % 2 == 0).astype(int)  # even columns +1
            rows_ = np.arange(grid_size)[:, None] + shift[None, :]
            Zref = ref_ext[rows_, np.arange(grid_size)[None, :]]
            name += " *"
        else:
            Zref = ref
        rows.append((name, t, runs, np.abs(Zp - Zref).max()))
    t = {name.rstrip(" *"): time_ for name, time_, _, _ in rows}
    ours_t = t["fastplane.mlp_plane float32"]
    print(
        f"{'method':40s} {'median s':>9s} {'runs':>4s} {'vs ours':>8s} {'max|dZ|':>9s}"
    )
    for name, time_, runs, err in rows:
        print(f"{name:40s} {time_:9.3f} {runs:4d} {time_ / ours_t:7.1f}x {err:9.1e}")
    return t


def slice_table(title, sizes, n, grid_size, rate, slow_peers):
    model, X, y, theta, d1, d2 = problem(sizes, n)
    steps = np.linspace(-1.0, 1.0, grid_size)

    def ours(dtype=np.float32, workers=THREADS):
        return fastplane.mlp_plane(
            model, X, y, theta, d1, d2, steps, steps, dtype=dtype, workers=workers
        )

    print(
        f"\n{title}: MLP {'-'.join(map(str, sizes))} tanh, N = {n}, "
        f"{grid_size} x {grid_size} plane"
    )
    first = time.perf_counter()
    ours()  # measures the chunk size: once per process and kind of problem
    first = time.perf_counter() - first
    loss_many = functools.partial(model.loss_many, X=X, y=y)
    fns = {
        "fastplane.mlp_plane float32": ours,
        "  same, workers=1": lambda: ours(workers=1),
        "  same, float64 (the reference)": lambda: ours(np.float64),  # 1e-12 tested
        "grid.plane(partial(MLP.loss_many))": lambda: grid.plane(
            loss_many, theta, d1, d2, steps, steps
        ),
    }
    if slow_peers:
        fns["  same, generic (lambda, float64)"] = lambda: grid.plane(
            lambda t: model.loss_many(t, X, y), theta, d1, d2, steps, steps
        )
    fns.update(peers(model, X, y, theta, d1, d2, grid_size, slow_peers))
    found = measure_all(fns)
    t = print_rows(found, (model, X, y, theta, d1, d2), steps)
    ours_t = t["fastplane.mlp_plane float32"]
    print("* at its own points: column i at alpha_i, even columns one beta step up")
    print(
        f"first call of fastplane (measures its chunk size) {first:.3f} s; "
        f"float32 tolerance {fastplane.FLOAT32_RTOL:.0e} x max(1, |loss|)"
    )
    best = floor(sizes, n, grid_size, rate)
    fastest = found["fastplane.mlp_plane float32"][3]
    vmap, ll = t["torch.func.vmap"], t["loss-landscapes planar_interp."]
    routed = t["grid.plane(partial(MLP.loss_many))"]
    print(
        f"ratios (medians): torch.func.vmap / ours {vmap / ours_t:.2f}, "
        f"loss-landscapes / ours {ll / ours_t:.2f}, grid.plane(MLP.loss_many) / "
        f"ours {routed / ours_t:.2f}; ours / floor {ours_t / best:.2f} (median), "
        f"{fastest / best:.2f} (fastest run, like the rates)"
    )
    return {"vmap": vmap / ours_t, "ll": ll / ours_t, "floor": fastest / best}


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


WORKLOADS = [((2, 16, 16, 1), 400), ((2, 64, 64, 1), 2000)]  # sizes, N


def course_only():
    """The course slice alone, without the slow per-point peers: what
    scripts/emulate_cpus.py runs under each emulated vector ISA."""
    machine()
    rate = rates()
    course = slice_table("Course slice", *WORKLOADS[0], 121, rate, slow_peers=False)
    print(
        f"course slice: torch.func.vmap / ours {course['vmap']:.2f} (goal >= 2), "
        f"loss-landscapes / ours {course['ll']:.2f} (goal >= 3), "
        f"ours / floor {course['floor']:.2f} (goal <= 2)"
    )


def main():
    if sys.argv[1:] == ["--course"]:
        return course_only()
    machine()
    print()
    for sizes, _ in WORKLOADS:
        memory(sizes)  # first, before this process grows
    rate = rates()
    course = slice_table("Course slice", *WORKLOADS[0], 121, rate, slow_peers=True)
    large = slice_table("Large slice", *WORKLOADS[1], 101, rate, slow_peers=False)
    goals = [
        ("course: torch.func.vmap / ours >= 2", course["vmap"] >= 2),
        ("course: loss-landscapes / ours >= 3", course["ll"] >= 3),
        ("course: ours (fastest run) / floor <= 2", course["floor"] <= 2),
        ("large: torch.func.vmap / ours >= 1", large["vmap"] >= 1),
        ("large: loss-landscapes / ours >= 1", large["ll"] >= 1),
    ]
    print(
        "\ngoals (this run): "
        + "; ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in goals)
    )


if __name__ == "__main__":
    main()
