"""The loss of an MLP on a plane of parameters, fast: `grid.plane` for `MLP`.

Measured ideas (scripts/bench_core.py): float32 evaluation; the first layer is
linear in (alpha, beta), so its pre-activations are H0 + alpha H1 + beta H2 with
H0, H1, H2 computed once; later layers are batched matmuls over cache-sized
chunks of grid points, in reused buffers (a fresh large array costs page
faults); chunks run on a thread pool (NumPy releases the GIL); the examples are
split into blocks small enough that BLAS stays on one thread per call.

Tolerance: float64 mode matches `grid.plane(model.loss_many ...)` to ~1e-12;
float32 mode to FLOAT32_RTOL relative (see `FLOAT32_RTOL`).
"""

from __future__ import annotations

import threading
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
from .losses import bce_with_logits_terms

# |float32 - float64| <= FLOAT32_RTOL * max(1, |loss|): float32 rounding (2^-24 ~
# 6e-8) grows with depth and width; measured <= 3e-7 for 2-64-64-1 and
# 2-32-32-32-1 networks with N(0, 1) weights, tanh and relu, losses up to ~3000.
FLOAT32_RTOL = 1e-5
CHUNK_BYTES = 2**19  # working set of one chunk: about half a core's L2 cache
BLOCK_FLOPS = 2**17  # rows per matmul block keep N*in*out below BLAS's threading
DTYPES = (np.float32, np.float64)


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
    workers=2,
    chunk_size=None,
):
    """Z[j, i] = model.loss(theta0 + alphas[i] d1 + betas[j] d2, X, y), shape
    (len(betas), len(alphas)): the numbers of `grid.plane`, evaluated in `dtype`."""
    X, y = _data(model, X, y)
    theta0, d1, d2 = (
        _theta(model, name, v)
        for name, v in (("theta0", theta0), ("d1", d1), ("d2", d2))
    )
    alphas, betas = as_steps("alphas", alphas), as_steps("betas", betas)
    dtype = _dtype(dtype)
    workers = _positive_int("workers", workers)
    width = max(model.layer_sizes[1:])
    if chunk_size is None:
        per_point = X.shape[0] * width * np.dtype(dtype).itemsize
        chunk_size = max(1, CHUNK_BYTES // per_point)
    chunk_size = _positive_int("chunk_size", chunk_size)

    plan = _plan(model, X, y, theta0, d1, d2, dtype)
    a = np.tile(alphas, len(betas))  # (P,) alpha varies fastest: row-major Z
    b = np.repeat(betas, len(alphas))  # (P,)
    starts = range(0, a.size, chunk_size)

    local = threading.local()  # one set of buffers per worker thread

    def run(start):
        stop = min(start + chunk_size, a.size)
        return _losses(plan, a[start:stop], b[start:stop], local.__dict__)

    if workers == 1:
        parts = [run(s) for s in starts]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(run, starts))
    return np.concatenate(parts).reshape(len(betas), len(alphas))


def _plan(model, X, y, theta0, d1, d2, dtype):
    """Everything that does not depend on (alpha, beta), in `dtype`."""
    n, _ = X.shape
    block = _block_rows(model.layer_sizes, n)
    padded = -(-n // block) * block  # examples padded to whole blocks
    Xp = np.zeros((padded, X.shape[1]))
    Xp[:n] = X
    stack = np.stack([theta0, d1, d2])  # (3, n_params)
    first, *rest = model.layer_slices
    W = stack[:, first.weight].reshape(3, *first.shape)  # (3, out, in)
    H = Xp @ W.transpose(0, 2, 1) + stack[:, None, first.bias]  # (3, N, out)
    layers = [
        (stack[:, s.weight].reshape(3, -1), stack[:, s.bias], s.shape) for s in rest
    ]
    return {
        "H": H.reshape(3, -1).astype(dtype),  # (3, N * out)
        "shape": (padded // block, block, H.shape[-1]),
        "layers": layers,  # [(W (3, out*in), b (3, out), (out, in)), ...] float64
        "y": y.astype(dtype),
        "n": n,
        "relu": model.activation == "relu",
        "dtype": dtype,
    }


def _losses(plan, a, b, work):
    """Mean BCE at the grid points (a[k], b[k]), shape (p,). `work` holds this
    thread's buffers: reusing them avoids a page fault per fresh array."""
    dtype, (H0, H1, H2), p = plan["dtype"], plan["H"], a.size
    h = _buffer(work, "first", (p, H0.size), dtype)  # (p, N * out)
    tmp = _buffer(work, "tmp", (p, H0.size), dtype)
    np.multiply(a.astype(dtype)[:, None], H1, out=h)
    np.add(h, H0, out=h)
    np.multiply(b.astype(dtype)[:, None], H2, out=tmp)
    np.add(h, tmp, out=h)
    h = h.reshape(p, *plan["shape"])  # (p, blocks, block, out)
    coef = np.stack([np.ones(p), a, b], axis=1)  # (p, 3) float64
    for k, (W, bias, shape) in enumerate(plan["layers"]):
        _activate(h, plan["relu"])
        Wp = (coef @ W).astype(dtype).reshape(p, 1, *shape)  # (p, 1, out, in)
        out = _buffer(work, k, (*h.shape[:-1], shape[0]), dtype)
        h = np.matmul(h, Wp.transpose(0, 1, 3, 2), out=out)  # (p, blocks, block, out)
        h += (coef @ bias).astype(dtype)[:, None, None, :]
    z = h.reshape(p, -1)[:, : plan["n"]]  # (p, N) logits
    return bce_with_logits_terms(plan["y"], z).mean(axis=1, dtype=np.float64)


def _buffer(work, key, shape, dtype):
    """A reused array of `shape` from the dict `work`, grown when too small."""
    size = int(np.prod(shape))
    if key not in work or work[key].size < size:
        work[key] = np.empty(size, dtype)
    return work[key][:size].reshape(shape)


def _activate(h, relu):
    if relu:
        np.maximum(h, 0, out=h)
    else:
        np.tanh(h, out=h)


def _block_rows(layer_sizes, n):
    """Examples per matmul block: as even a split of n as keeps rows*in*out of
    every hidden-to-hidden matmul at most BLOCK_FLOPS."""
    pairs = zip(layer_sizes[1:-1], layer_sizes[2:], strict=True)
    biggest = max((i * o for i, o in pairs), default=1)
    blocks = -(-n * biggest // BLOCK_FLOPS)
    return -(-n // blocks)


def _data(model, X, y):
    X = as_float_array("X", X, ndim=2)
    if X.shape[0] == 0 or X.shape[1] != model.layer_sizes[0]:
        raise ArgumentError(
            f"X must have shape (N, {model.layer_sizes[0]}) with N >= 1, got {X.shape}"
        )
    y = as_float_array("y", y, ndim=1)
    if y.shape != (X.shape[0],):
        raise ArgumentError(
            f"y must have shape ({X.shape[0]},) to match X, got {y.shape}"
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
    raise ArgumentError(f"dtype must be numpy.float32 or numpy.float64, got {dtype!r}")


def _positive_int(name, value):
    return check_int(name, value, low=1)
