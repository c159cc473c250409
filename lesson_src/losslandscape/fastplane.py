"""The loss of an MLP on a plane of parameters, fast: `grid.plane` for `MLP`.

Every layer's weights are linear in (alpha, beta): W = W0 + alpha W1 + beta W2.
- Layer 1: pre-activations are A_i + B_j, with A_i = H0 + alpha_i H1 and
  B_j = beta_j H2 (H = X W^T + b, computed once). For tanh, exp(2(A + B)) =
  exp(2A) exp(2B), so the grid needs one exponential per alpha and per beta
  (per tile of the grid), not one per point: tanh x = 1 - 2 / (1 + exp(2x)).
- tanh layers carry s = 1 / (1 + exp(2x)) = (1 - tanh x) / 2; the next layer's
  weights absorb the affine map (W tanh + b = -2 W s + (b + W 1)), so a later
  hidden layer costs a matmul, an exp and two cheap passes. A float64 `tanh`
  runs 2-20x slower than `exp` on some CPUs (DESIGN.md, pitfall 12).
- Later layers: a matmul per grid point with that point's weights, the
  examples split into blocks small enough that BLAS runs each call on one
  thread (a multithreaded call competing with our workers collapses on a
  loaded machine); tiles of the grid run on a thread pool (NumPy releases
  the GIL).
- Grid points per chunk are measured, not assumed from a cache size: on first
  use a few chunk sizes are timed on the problem at hand and the fastest is
  kept in memory for the process (`calibration`). Results do not depend on it.

Tolerance: float64 mode matches `grid.plane` with `MLP.loss_many` to ~1e-12;
float32 mode to FLOAT32_RTOL relative (see `FLOAT32_RTOL`).
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ._validate import (
    ArgumentError,
    as_float_array,
    as_steps,
    check_int,
    check_labels,
    check_same_shape,
)

# |float32 - float64| <= FLOAT32_RTOL * max(1, |loss|): float32 rounding (2^-24 ~
# 6e-8) grows with depth and width; measured <= 4e-7 for 2-64-64-1 and
# 2-32-32-32-1 networks with N(0, 1) weights, tanh (from exp) and relu, losses
# up to ~500.
FLOAT32_RTOL = 1e-5
BLOCK_FLOPS = 2**18  # rows*in*out per matmul call: OpenBLAS's one-thread limit
TILE = 32  # alphas (and betas) per tile: exp(2A), exp(2B) once per tile
CHUNK_BYTES = (2**16, 2**18, 2**20, 2**22)  # chunk sizes tried on first use
# Largest |2x| whose exp is finite and non-zero in each dtype, with margin.
EXP_LIMIT = {np.float32: 80.0, np.float64: 600.0}
DTYPES = (np.float32, np.float64)

_calibrated: dict[tuple, int] = {}  # (dtype, activation, bytes per point) -> bytes


def calibration() -> dict[tuple, int]:
    """A copy of the chunk sizes measured so far in this process:
    {(dtype name, activation, bytes per grid point): bytes per chunk}."""
    return dict(_calibrated)


def mlp_plane(
    model,
    X,
    y,
    theta0,
    d1,
    d2,
    alphas,
    betas,
    dtype=np.float32,
    workers=None,
    chunk_size=None,
):
    """Z[j, i] = model.loss(theta0 + alphas[i] d1 + betas[j] d2, X, y), shape
    (len(betas), len(alphas)): the numbers of `grid.plane`, evaluated in `dtype`
    on `workers` threads (default: every CPU this process may use), `chunk_size`
    grid points at a time (default: measured on first use)."""
    X, y = _data(model, X, y)
    theta0, d1, d2 = (
        _theta(model, name, v)
        for name, v in (("theta0", theta0), ("d1", d1), ("d2", d2))
    )
    alphas, betas = as_steps("alphas", alphas), as_steps("betas", betas)
    dtype = _dtype(dtype)
    workers = _cpus() if workers is None else _positive_int("workers", workers)
    if chunk_size is not None:
        chunk_size = _positive_int("chunk_size", chunk_size)

    plan = _plan(model, X, y, theta0, d1, d2, dtype)
    if chunk_size is None:
        chunk_size = _measured_chunk(plan, alphas, betas)
    tiles = [
        (slice(i, min(i + TILE, alphas.size)), slice(j, min(j + TILE, betas.size)))
        for j in range(0, betas.size, TILE)
        for i in range(0, alphas.size, TILE)
    ]
    Z = np.empty((betas.size, alphas.size))
    local = threading.local()  # one set of buffers per worker thread

    def run(tile):
        ia, jb = tile
        Z[jb, ia] = _tile(plan, alphas[ia], betas[jb], chunk_size, local.__dict__)

    if workers == 1 or len(tiles) == 1:
        for tile in tiles:
            run(tile)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run, tiles))
    return Z


def _plan(model, X, y, theta0, d1, d2, dtype):
    """Everything that does not depend on (alpha, beta)."""
    n, _ = X.shape
    block = _block_rows(model.layer_sizes, n)
    padded = -(-n // block) * block  # examples padded to whole blocks
    Xp = np.zeros((padded, X.shape[1]))
    Xp[:n] = X
    stack = np.stack([theta0, d1, d2])  # (3, n_params)
    first, *rest = model.layer_slices
    W = stack[:, first.weight].reshape(3, *first.shape)  # (3, out, in)
    H = Xp @ W.transpose(0, 2, 1) + stack[:, None, first.bias]  # (3, N, out)
    tanh = model.activation == "tanh" and bool(rest)  # layer 1 is hidden
    if tanh:
        H *= 2.0  # exp(2x) below; doubling is exact
    # Hidden layers get one more unit, constant at CONSTANT[activation]: the
    # next layer's bias becomes a row of its matmul (a broadcast bias add costs
    # as much as the matmul). Its pre-activation: 0 for s, 1 for relu.
    unit = None if not rest else ("tanh" if tanh else "relu")
    if unit:
        pre = {"tanh": 0.0, "relu": 1.0}[unit]
        H = np.concatenate([H, np.zeros((3, padded, 1))], axis=2)
        H[0, :, -1] = pre
    layers = [
        _bases(unit, stack[:, s.weight], stack[:, s.bias], s.shape, s is not rest[-1])
        for s in rest
    ]
    return {
        "H": H.reshape(3, -1),  # (3, N * out) float64
        "shape": (padded // block, block, H.shape[-1]),
        "layers": layers,  # [(3, (in + 1) * (out [+ 1])) float64, shape), ...]
        "sign": (1.0 - 2.0 * y).astype(dtype),  # BCE(z, y) = softplus(sign z)
        "n": n,
        "unit": unit,  # None: layer 1 is the output
        "tanh": tanh,
        "dtype": dtype,
    }


def _tile(plan, alphas, betas, chunk_size, work):
    """Losses (len(betas), len(alphas)) of one tile of the grid, `chunk_size`
    points at a time. `work` holds this thread's reused buffers."""
    dtype, (H0, H1, H2) = plan["dtype"], plan["H"]
    A = (H0 + alphas[:, None] * H1).astype(dtype)  # (tile a, N * out)
    B = (betas[:, None] * H2).astype(dtype)  # (tile b, N * out)
    split = plan["tanh"] and max(np.abs(A).max(), np.abs(B).max()) <= EXP_LIMIT[dtype]
    with np.errstate(over="ignore"):  # exp overflowing to inf is tanh = 1
        if split:
            np.exp(A, out=A)
            np.exp(B, out=B)
        rows = max(1, chunk_size // alphas.size)
        cols = min(alphas.size, chunk_size)
        out = np.empty((betas.size, alphas.size))
        for j in range(0, betas.size, rows):
            for i in range(0, alphas.size, cols):
                jb, ia = slice(j, j + rows), slice(i, i + cols)
                out[jb, ia] = _chunk(
                    plan, A[ia], B[jb], alphas[ia], betas[jb], split, work
                )
    return out


def _chunk(plan, A, B, alphas, betas, split, work):
    """Mean BCE at the len(betas) x len(alphas) points of a chunk, from its rows
    of A, B (exponentiated when `split`)."""
    dtype, p = plan["dtype"], alphas.size * betas.size
    h = _buffer(work, "first", (betas.size, alphas.size, A.shape[1]), dtype)
    if split:  # s = 1 / (1 + exp(2A) exp(2B))
        np.multiply(B[:, None], A[None], out=h)
        h += 1
        np.reciprocal(h, out=h)
    else:
        np.add(B[:, None], A[None], out=h)
        if plan["unit"]:
            _activate(h, plan["tanh"])
    h = h.reshape(p, *plan["shape"])  # (p, blocks, block, out)
    a = np.tile(alphas, betas.size)[:, None]  # (p, 1): alpha varies fastest
    b = np.repeat(betas, alphas.size)[:, None]
    last = len(plan["layers"]) - 1
    for k, (bases, shape) in enumerate(plan["layers"]):
        M = bases[0] + a * bases[1] + b * bases[2]  # elementwise: the same in any chunk
        Wt = M.astype(dtype).reshape(p, 1, *shape)  # (p, 1, in, out)
        o = _buffer(work, k, (*h.shape[:-1], shape[1]), dtype)
        h = np.matmul(h, Wt, out=o)  # (p, blocks, block, out)
        if k < last:
            _activate(h, plan["tanh"])
    z = h.reshape(p, -1)[:, : plan["n"]] * plan["sign"]  # (p, N) sign * logit
    return _softplus_mean(z).reshape(betas.size, alphas.size)


def _bases(unit, W, bias, shape, hidden):
    """The matrices M0, M1, M2 of a layer after layer 1, such that the matmul at
    grid point (alpha, beta) is by M0 + alpha M1 + beta M2 (they are linear in
    the weights), flattened to (3, (in + 1) * (out [+ 1])), and their shape:
    inputs with the constant unit last, outputs with it too if `hidden`.

    tanh: the input is s = (1 - tanh) / 2 and the constant unit holds s = 1/2,
    so W tanh + b = -2 W s + (b + W 1); hidden outputs are doubled (exp(2x)).
    relu: the input is relu and the constant unit holds 1."""
    n_out, n_in = shape
    W = W.reshape(3, n_out, n_in)
    M = np.zeros((3, n_in + 1, n_out + hidden))
    if unit == "tanh":
        scale = 2.0 if hidden else 1.0
        M[:, :n_in, :n_out] = (-2 * scale) * W.transpose(0, 2, 1)
        M[:, n_in, :n_out] = (2 * scale) * (bias + W.sum(axis=2))  # / s = 1/2
    else:
        M[:, :n_in, :n_out] = W.transpose(0, 2, 1)
        M[:, n_in, :n_out] = bias
        if hidden:
            M[0, n_in, n_out] = 1.0  # relu(1 * 1) = 1: the unit stays 1
    return M.reshape(3, -1), M.shape[1:]


def _activate(h, tanh):
    """In place: s = 1 / (1 + exp(h)) for tanh (h holds 2x), max(h, 0) for relu."""
    if tanh:
        np.exp(h, out=h)
        h += 1
        np.reciprocal(h, out=h)
    else:
        np.maximum(h, 0, out=h)


def _softplus_mean(u):
    """Mean over axis 1 of log(1 + exp(u)) = max(u, 0) + log(1 + exp(-|u|)),
    in place; log(1 + e) is off by at most one rounding of 1 + e."""
    t = np.abs(u)
    np.negative(t, out=t)
    np.exp(t, out=t)
    t += 1
    np.log(t, out=t)
    np.maximum(u, 0, out=u)
    u += t
    return u.mean(axis=1, dtype=np.float64)


def _measured_chunk(plan, alphas, betas):
    """Grid points per chunk: the fastest of CHUNK_BYTES, timed once per process
    on the first tile of this problem (thread CPU time, so other processes'
    load counts less), then remembered for problems of the same kind."""
    blocks, block, width = plan["shape"]
    widest = max([width] + [shape[1] for _, shape in plan["layers"]])
    per_point = blocks * block * widest * np.dtype(plan["dtype"]).itemsize
    key = (np.dtype(plan["dtype"]).name, "tanh" if plan["tanh"] else "relu", per_point)
    if key not in _calibrated:
        a, b = alphas[:TILE], betas[:TILE]
        tried = []  # (seconds per point, points per chunk)
        for size in CHUNK_BYTES:
            points = min(max(1, size // per_point), a.size * b.size)
            if any(points == p for _, p in tried):
                continue
            ta, tb = a[:points], b[: -(-points // a.size)]
            cost = []
            for _ in range(2):
                start = time.thread_time()
                _tile(plan, ta, tb, points, {})
                cost.append((time.thread_time() - start) / (ta.size * tb.size))
            tried.append((min(cost), points))
        _calibrated[key] = min(tried)[1] * per_point
    return max(1, _calibrated[key] // per_point)


def _buffer(work, key, shape, dtype):
    """A reused array of `shape` from the dict `work`, grown when too small."""
    size = int(np.prod(shape))
    if key not in work or work[key].size < size:
        work[key] = np.empty(size, dtype)
    return work[key][:size].reshape(shape)


def _block_rows(layer_sizes, n):
    """Examples per matmul block: as even a split of n as keeps rows*in*out of
    every hidden-to-hidden matmul (with the constant units) <= BLOCK_FLOPS."""
    pairs = zip(layer_sizes[1:-1], layer_sizes[2:], strict=True)
    biggest = max(((i + 1) * (o + 1) for i, o in pairs), default=1)
    blocks = -(-n * biggest // BLOCK_FLOPS)
    return -(-n // blocks)


def _cpus():
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _data(model, X, y):
    X = as_float_array("X", X, ndim=2)
    if X.shape[0] == 0 or X.shape[1] != model.layer_sizes[0]:
        raise ArgumentError(
            f"X must have shape (N, {model.layer_sizes[0]}) with N >= 1; got {X.shape}"
        )
    y = as_float_array("y", y, ndim=1)
    if y.shape != (X.shape[0],):
        raise ArgumentError(
            f"y must have shape ({X.shape[0]},) to match X; got {y.shape}"
        )
    return X, check_labels("y", y)


def _theta(model, name, value):
    value = as_float_array(name, value, ndim=1)
    check_same_shape(name, value, "model parameters", np.empty(model.n_params))
    return value


def _dtype(dtype):
    for allowed in DTYPES:
        try:
            if np.dtype(dtype) == allowed:
                return allowed
        except TypeError:
            break
    raise ArgumentError(f"dtype must be numpy.float32 or numpy.float64; got {dtype!r}")


def _positive_int(name, value):
    return check_int(name, value, low=1)
