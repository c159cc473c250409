"""Argument checks shared by the core, one helper per kind (after
scikit-learn's `check_scalar` and `check_random_state`). Every failure is an
`ArgumentError` (a ValueError) that names the argument, says what it must be
and what it got: "iters must be an int in [1, inf); got 2.5"."""

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
            f"{name} must be numeric; got {type(value).__name__}"
        ) from exc
    if ndim is not None and array.ndim != ndim:
        raise ArgumentError(
            f"{name} must be {ndim}-D; got shape {array.shape} ({array.ndim}-D)"
        )
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"{name} must be finite; got NaN or infinity in it")
    return array


def check_same_shape(name_a: str, a: np.ndarray, name_b: str, b: np.ndarray) -> None:
    if a.shape != b.shape:
        raise ArgumentError(
            f"{name_a} and {name_b} must have the same shape; "
            f"got {a.shape} and {b.shape}"
        )


def check_labels(name: str, y: np.ndarray) -> np.ndarray:
    """Binary labels: every entry must be 0 or 1."""
    bad = (y != 0) & (y != 1)
    if np.any(bad):
        raise ArgumentError(
            f"{name} must hold labels in {{0, 1}}; got {y[bad].flat[0].item()!r}"
        )
    return y


def check_probabilities(name: str, p: np.ndarray) -> np.ndarray:
    bad = (p < 0) | (p > 1)
    if np.any(bad):
        raise ArgumentError(
            f"{name} must hold probabilities in [0, 1]; got {p[bad].flat[0].item()!r}"
        )
    return p


def check_choice(name: str, value, allowed):
    """`value` must be one of `allowed`; the message lists them."""
    if value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ArgumentError(f"{name} must be one of {options}; got {value!r}")
    return value


def _is_real(value) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not (
        isinstance(value, bool | np.bool_)
    )


def _interval(low, high, closed_low: bool = True, closed_high: bool = True) -> str:
    left = "[" if closed_low and low is not None else "("
    right = "]" if closed_high and high is not None else ")"
    lo, hi = "-inf" if low is None else low, "inf" if high is None else high
    return f"{left}{lo}, {hi}{right}"


def check_int(name: str, value, *, low: int | None = None, high=None) -> int:
    """An int (not a bool, not a float such as 2.0) in [low, high]."""
    ok = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if (
        not ok
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        raise ArgumentError(
            f"{name} must be an int in {_interval(low, high)}; got {value!r}"
        )
    return int(value)


def check_real(
    name: str, value, *, low=None, high=None, include_low=True, include_high=True
) -> float:
    """A finite real number (not a bool) in [low, high]; an end is left out of
    the interval with include_low=False or include_high=False."""
    ok = _is_real(value) and np.isfinite(value)
    if ok and low is not None:
        ok = value >= low if include_low else value > low
    if ok and high is not None:
        ok = value <= high if include_high else value < high
    if not ok:
        where = (
            ""
            if low is None and high is None
            else f" in {_interval(low, high, include_low, include_high)}"
        )
        raise ArgumentError(f"{name} must be a finite number{where}; got {value!r}")
    return float(value)


def check_positive(name: str, value, *, allow_zero: bool = False) -> float:
    """A finite number > 0 (>= 0 with allow_zero)."""
    return check_real(name, value, low=0, include_low=allow_zero)


def check_nonnegative(name: str, value) -> float:
    """A finite number >= 0 (torch.optim's rule for lr, eps, weight_decay, ...)."""
    return check_real(name, value, low=0)


def check_bool(name: str, value) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise ArgumentError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def check_generator(name: str, value) -> np.random.Generator:
    """A numpy.random.Generator: the core keeps no global random state."""
    if not isinstance(value, np.random.Generator):
        raise ArgumentError(
            f"{name} must be a numpy.random.Generator (np.random.default_rng(seed)); "
            f"got {type(value).__name__}"
        )
    return value


def check_fields(record, checks: dict) -> None:
    """Check the fields of a frozen dataclass from its `__post_init__`, one
    declaration per field: `checks` maps a field to `check(name, value)`, whose
    result is kept (e.g. an int lr becomes a float)."""
    for field, check in checks.items():
        object.__setattr__(record, field, check(field, getattr(record, field)))


def check_keywords(owner: str, given, allowed) -> None:
    """Every name in `given` is one of `allowed`:
    "surface 'booth' has no parameter 'a'; allowed: none"."""
    for key in given:
        if key not in allowed:
            options = ", ".join(allowed) if allowed else "none"
            raise ArgumentError(f"{owner} has no parameter {key!r}; allowed: {options}")


def check_callable(name: str, value, what: str = "a function"):
    if not callable(value):
        raise ArgumentError(f"{name} must be {what}; got {type(value).__name__}")
    return value


def as_steps(name: str, values) -> np.ndarray:
    """A non-empty finite 1-D array of grid steps (alphas or betas)."""
    values = as_float_array(name, values, ndim=1)
    if values.size == 0:
        raise ArgumentError(f"{name} must hold at least one step; got an empty array")
    return values
