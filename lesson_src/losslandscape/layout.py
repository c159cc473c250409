"""Where each layer's weights live in a flat parameter vector theta.

For each layer in order: W (out x in, row-major) then b (out).
"""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import ArgumentError, check_int


@dataclass(frozen=True)
class LayerSlices:
    """One dense layer inside theta: theta[weight] reshaped to `shape`, theta[bias]."""

    weight: slice
    bias: slice
    shape: tuple[int, int]  # (out, in)


def layer_slices(layer_sizes) -> list[LayerSlices]:
    """Slices of theta for an MLP with the given layer sizes, e.g. (2, 16, 16, 1)."""
    sizes = [check_int(f"layer_sizes[{i}]", s) for i, s in enumerate(layer_sizes)]
    if len(sizes) < 2 or any(s < 1 for s in sizes):
        raise ArgumentError(
            f"layer_sizes must list at least two positive sizes; got {layer_sizes!r}"
        )
    out, start = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        w = slice(start, start + n_out * n_in)
        b = slice(w.stop, w.stop + n_out)
        out.append(LayerSlices(weight=w, bias=b, shape=(n_out, n_in)))
        start = b.stop
    return out


def n_params(layer_sizes) -> int:
    return layer_slices(layer_sizes)[-1].bias.stop
