"""Argument checks shared by the core. Every failure is a ValueError that names
the argument, what was wrong and what is allowed."""

from __future__ import annotations

import numpy as np


class ArgumentError(ValueError):
    """A caller passed a bad argument: the message names it, says what was wrong
    and what is allowed. Any other exception from the core is a bug."""


def as_float_array(name: str, value, *, ndim: int | None = None) -> np.ndarray:
    """`value` as a float64 array with no NaN or infinity."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(
            f"{name} must be numeric, got {type(value).__name__}"
        ) from exc
    if ndim is not None and array.ndim != ndim:
        raise ArgumentError(
            f"{name} must be {ndim}-D, got shape {array.shape} ({array.ndim}-D)"
        )
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"{name} must be finite; it contains NaN or infinity")
    return array


def check_same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    if a.shape != b.shape:
        raise ArgumentError(
            f"{name_a} and {name_b} must have the same shape, "
            f"got {a.shape} and {b.shape}"
        )


def check_labels(name: str, y: np.ndarray) -> np.ndarray:
    """Binary labels: every entry must be 0 or 1."""
    bad = (y != 0) & (y != 1)
    if np.any(bad):
        raise ArgumentError(
            f"{name} must hold labels in {{0, 1}}, got {y[bad].flat[0].item()!r}"
        )
    return y


def check_probabilities(name: str, p: np.ndarray) -> np.ndarray:
    bad = (p < 0) | (p > 1)
    if np.any(bad):
        raise ArgumentError(
            f"{name} must hold probabilities in [0, 1], got {p[bad].flat[0].item()!r}"
        )
    return p


def check_choice(name: str, value, allowed) -> None:
    """`value` must be one of `allowed`; the message lists them."""
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ArgumentError(f"{name} must be one of {options}; got {value!r}")


def check_positive(name: str, value, *, allow_zero: bool = False) -> float:
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ArgumentError(f"{name} must be a finite number {bound}, got {value!r}")
    return value


def as_steps(name: str, values) -> np.ndarray:
    """A non-empty finite 1-D array of grid steps (alphas or betas)."""
    values = as_float_array(name, values, ndim=1)
    if values.size == 0:
        raise ArgumentError(f"{name} must hold at least one step, got an empty array")
    return values
