"""Points of a two-weight surface, one record layered by what is known of it:
`Point` (where, and the loss there), `Minimum` (a published or closed-form
minimum of a surface) and `CriticalPoint` (one the core found and classified)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ._validate import check_choice, check_fields, check_nonnegative, check_real

KINDS = ("global", "local")  # of a Minimum


@dataclass(frozen=True)
class Point:
    """(x, y) on a two-weight surface and the loss there, `value`."""

    x: float
    y: float
    value: float


@dataclass(frozen=True)
class Minimum(Point):
    """A known minimum; `precision` is the half-width of its published digits
    (0 for a closed form)."""

    kind: str = "global"  # "global" | "local"
    precision: float = 0.0

    def __post_init__(self):
        check_fields(
            self,
            {
                "x": check_real,
                "y": check_real,
                "value": check_real,
                "kind": functools.partial(check_choice, allowed=KINDS),
                "precision": check_nonnegative,
            },
        )


@dataclass(frozen=True)
class CriticalPoint(Point):
    """A refined critical point with its Hessian eigenvalues (ascending) and
    kind ("minimum" | "degenerate" | "saddle" | "maximum")."""

    eigenvalues: tuple[float, float]
    kind: str
