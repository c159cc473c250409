"""Models on a flat float64 parameter vector theta: loss, gradient, batched loss."""

from .mlp import MLP

__all__ = ["MLP"]
