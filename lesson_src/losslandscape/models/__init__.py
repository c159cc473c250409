"""Models on a flat float64 parameter vector theta: loss, gradient, batched loss.

Two-weight models (whole surface drawable) in `two_weight`, dense networks in
`mlp`; `as_surface` wraps a two-weight model and its data as a Surface.
"""

from .mlp import MLP
from .surface import as_surface
from .two_weight import LogisticRegression2D, TwoWeightNonconvex

__all__ = ["MLP", "LogisticRegression2D", "TwoWeightNonconvex", "as_surface"]
