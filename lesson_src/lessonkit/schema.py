"""A small validator for figure parameters: each field checks its value and can
say what it allows. Failures are AuthorErrors naming the field path."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .errors import AuthorError, listing, shown

MISSING = object()


class Field:
    """A field with an optional default; `check` returns the cleaned value."""

    allowed = "anything"

    def __init__(self, default=MISSING):
        self.default = default

    @property
    def required(self) -> bool:
        return self.default is MISSING

    def check(self, value, path: str):
        return value

    def fail(self, value, path: str, what: str = "is not allowed"):
        raise AuthorError(f"{shown(value)} {what}", field=path, allowed=self.allowed)


class Number(Field):
    def __init__(self, lo=None, hi=None, *, integer=False, default=MISSING):
        super().__init__(default)
        self.lo, self.hi, self.integer = lo, hi, integer
        kind = "an integer" if integer else "a number"
        bounds = f" in [{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]"
        self.allowed = kind + (bounds if (lo, hi) != (None, None) else "")

    def check(self, value, path):
        ok_type = int if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_type):
            self.fail(value, path)
        if not math.isfinite(value):
            self.fail(value, path)
        if (self.lo is not None and value < self.lo) or (
            self.hi is not None and value > self.hi
        ):
            self.fail(value, path, "is out of range")
        return value


class Bool(Field):
    allowed = "true, false"

    def check(self, value, path):
        if not isinstance(value, bool):
            self.fail(value, path)
        return value


class Text(Field):
    allowed = "a non-empty string"

    def check(self, value, path):
        if not isinstance(value, str) or not value.strip():
            self.fail(value, path)
        return value


class Choice(Field):
    """One of `options`; a callable gives them lazily (e.g. the core's names())."""

    def __init__(self, options: Sequence | Callable[[], Sequence], default=MISSING):
        super().__init__(default)
        self._options = options

    @property
    def options(self) -> list:
        opts = self._options() if callable(self._options) else self._options
        return list(opts)

    @property
    def allowed(self):
        return listing(self.options)

    def check(self, value, path):
        if value not in self.options:
            self.fail(value, path)
        return value


class Vector(Field):
    """A list of `length` finite numbers in [lo, hi]; `increasing` for ranges
    like [lo, hi]."""

    def __init__(
        self, length: int, *, increasing=False, lo=None, hi=None, default=MISSING
    ):
        super().__init__(default)
        self.length, self.increasing = length, increasing
        self.lo, self.hi = lo, hi
        if increasing:
            self.allowed = f"a list of {length} increasing numbers, e.g. [-2, 2]"
        else:
            self.allowed = f"a list of {length} numbers"
        if (lo, hi) != (None, None):
            self.allowed += f", each in [{'-inf' if lo is None else f'{lo:g}'}, "
            self.allowed += f"{'inf' if hi is None else f'{hi:g}'}]"

    def check(self, value, path):
        if not isinstance(value, list | tuple) or len(value) != self.length:
            self.fail(value, path)
        for v in value:
            if isinstance(v, bool) or not isinstance(v, int | float):
                self.fail(value, path)
            if not math.isfinite(v):
                self.fail(value, path)
            if (self.lo is not None and v < self.lo) or (
                self.hi is not None and v > self.hi
            ):
                self.fail(value, path, "is out of range")
        if self.increasing and any(
            b <= a for a, b in zip(value, value[1:], strict=False)
        ):
            self.fail(value, path)
        return [float(v) for v in value]


class ListOf(Field):
    """A list whose items all pass `item`; between `min_len` and `max_len` long."""

    def __init__(self, item: Field, *, min_len=1, max_len=None, default=MISSING):
        super().__init__(default)
        self.item, self.min_len, self.max_len = item, min_len, max_len
        most = "" if max_len is None else f" and at most {max_len}"
        self.allowed = f"a list of at least {min_len}{most} items"

    def check(self, value, path):
        if not isinstance(value, list | tuple):
            self.fail(value, path)
        if len(value) < self.min_len or (
            self.max_len is not None and len(value) > self.max_len
        ):
            self.fail(value, path, f"has {len(value)} items")
        return [self.item.check(v, f"{path}[{i}]") for i, v in enumerate(value)]


class Record(Field):
    """A mapping with known fields (a nested schema)."""

    def __init__(self, fields: dict[str, Field], default=MISSING):
        super().__init__(default)
        self.fields = fields
        self.allowed = "a mapping with fields " + listing(fields)

    def check(self, value, path):
        if not isinstance(value, dict):
            self.fail(value, path)
        return validate(self.fields, value, prefix=f"{path}.")


def validate(schema: dict[str, Field], values: dict, *, prefix: str = "") -> dict:
    """`values` checked against `schema`, defaults filled in, keys sorted."""
    if not isinstance(values, dict):
        raise AuthorError(
            f"{shown(values)} is not a mapping", field=prefix.rstrip(".") or "params"
        )
    for name in values:
        if name not in schema:
            raise AuthorError(
                "unknown field", field=f"{prefix}{name}", allowed=listing(schema)
            )
    out = {}
    for name, field in schema.items():
        if name in values:
            out[name] = field.check(values[name], f"{prefix}{name}")
        elif field.required:
            raise AuthorError("is required", field=f"{prefix}{name}")
        elif field.default is not None:
            out[name] = field.default
    return dict(sorted(out.items()))
