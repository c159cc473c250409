"""The parameters a surface takes, with the range a reader may explore: what a
slider in the browser offers, declared once here next to the formulas."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .._validate import ArgumentError

SCALES = ("linear", "log")


@dataclass(frozen=True)
class Range:
    """Where a parameter may go; `log` when equal ratios matter (a condition
    number), not equal differences."""

    lo: float
    hi: float
    scale: str = "linear"  # "linear" | "log"

    def __post_init__(self):
        if self.scale not in SCALES:
            raise ArgumentError(
                f"Range scale must be one of {SCALES}; got {self.scale!r}"
            )
        if not (
            math.isfinite(self.lo) and math.isfinite(self.hi) and self.lo < self.hi
        ):
            raise ArgumentError(
                f"Range needs finite lo < hi, got {self.lo!r}, {self.hi!r}"
            )
        if self.scale == "log" and self.lo <= 0:
            raise ArgumentError(f"a log Range needs lo > 0, got {self.lo!r}")


@dataclass(frozen=True)
class Parameter:
    """One argument of a surface factory: its default and its range."""

    name: str
    default: float
    lo: float
    hi: float
    scale: str = "linear"

    def contains(self, value: float) -> bool:
        return self.lo <= value <= self.hi
