"""Reading and judging a typed answer: the Python twin of
docs/javascripts/answers.js (tests run both on the same cases).

A reader types numbers like `0.105`, `.105`, `1.05e-1`, `-0.5` (a Unicode
minus too), vector components separated by a comma, a semicolon or spaces,
optionally in brackets: `(1.5, -2)`. Each component is judged on its own
against the expected value and the tolerance the build computed."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
SEPARATOR = re.compile(r"\s*[,;]\s*|\s+")
BRACKETS = {"(": ")", "[": "]"}
MINUS_SIGNS = "\u2212\u2013"  # minus sign, en dash (copied from typeset math)
DEFAULT_REL_TOL = 0.01  # 1 %: when an author gives neither abs_tol nor rel_tol
FUZZ = 1e-9  # relative slack on the tolerance for float rounding
NEAR = 5  # "close" means within NEAR times the tolerance
SCALES = (10.0, 100.0, 0.1, 0.01)  # a slipped decimal point or a percentage

# Verdicts of one component, in the order they are tried.
CORRECT, SIGN, SCALE, NEAR_MISS, WRONG = "correct", "sign", "scale", "near", "wrong"


@dataclass(frozen=True)
class Parsed:
    """Numbers read from a typed answer, or an error code: 'empty', 'number'
    (`bad` is the token that is not a number) or 'count' (`values` has the
    numbers found, not as many as expected)."""

    values: tuple[float, ...] = ()
    error: str | None = None
    bad: str | None = None


def parse(text: str, count: int) -> Parsed:
    """`count` numbers from `text`, or the reason they cannot be read."""
    text = text.strip()
    for sign in MINUS_SIGNS:
        text = text.replace(sign, "-")
    if text[:1] in BRACKETS and text.endswith(BRACKETS[text[0]]):
        text = text[1:-1].strip()
    if not text:
        return Parsed(error="empty")
    tokens = SEPARATOR.split(text)
    values = []
    for token in tokens:
        value = float(token) if NUMBER.match(token) else math.nan
        if not math.isfinite(value):
            return Parsed(error="number", bad=token)
        values.append(value)
    if len(values) != count:
        return Parsed(tuple(values), error="count")
    return Parsed(tuple(values))


def tolerance(
    expected: float,
    *,
    abs_tol: float | None = None,
    rel_tol: float | None = None,
    decimals: int = 3,
) -> float:
    """How far from `expected` an answer may be: the largest of abs_tol,
    rel_tol * |expected| (1 % when neither is given) and half a unit of the
    last shown decimal, so the value rounded as the solution shows it counts."""
    if abs_tol is None and rel_tol is None:
        rel_tol = DEFAULT_REL_TOL
    rounding = 0.5 * 10.0**-decimals
    return max(abs_tol or 0.0, (rel_tol or 0.0) * abs(expected), rounding)


def within(value: float, expected: float, tol: float) -> bool:
    return abs(value - expected) <= tol * (1 + FUZZ)


def judge(value: float, expected: float, tol: float) -> str:
    """The verdict on one component: correct, sign, scale, near or wrong."""
    if within(value, expected, tol):
        return CORRECT
    if expected != 0 and within(-value, expected, tol):
        return SIGN
    if value != 0 and any(within(value * s, expected, tol) for s in SCALES):
        return SCALE
    if within(value, expected, NEAR * tol):
        return NEAR_MISS
    return WRONG


def judge_all(values, expected, tols) -> list[str]:
    """One verdict per component."""
    return [judge(v, e, t) for v, e, t in zip(values, expected, tols, strict=True)]


def judge_choices(selected, correct) -> str:
    """correct when exactly the correct choices are selected; near when some
    but not all of several correct ones are, and nothing wrong; else wrong."""
    selected, correct = set(selected), set(correct)
    if selected == correct:
        return CORRECT
    if selected and selected < correct:
        return NEAR_MISS
    return WRONG
