"""The parameters a surface takes, with the range a reader may explore: what a
slider in the browser offers, declared once here next to the formulas."""

from __future__ import annotations

from dataclasses import dataclass

from .._validate import check_choice, check_real

SCALES = ("linear", "log")


@dataclass(frozen=True)
class Range:
    """Where a parameter may go; `log` when equal ratios matter (a condition
    number), not equal differences."""

    lo: float
    hi: float
    scale: str = "linear"  # "linear" | "log"

    def __post_init__(self):  # checks only: the values are kept as declared
        check_choice("scale", self.scale, SCALES)
        check_real(
            "lo", self.lo, low=0 if self.scale == "log" else None, include_low=False
        )
        check_real("hi", self.hi, low=self.lo, include_low=False)


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
