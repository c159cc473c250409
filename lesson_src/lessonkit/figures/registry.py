"""Builders by name. A builder validates its params, computes the core's numbers
and names the two renderers that draw them: matplotlib (static) and Plotly.

A builder module registers itself with `@register`; every module of this package
is imported on first use, so a new figure kind needs no line here."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import AuthorError, listing
from ..schema import Field, validate


@dataclass(frozen=True)
class Builder:
    name: str
    schema: dict[str, Field]  # params accepted, with defaults
    compute: Callable[[dict], object]  # validated params -> data (arrays)
    draw_static: Callable  # (data, spec) -> (matplotlib Figure, "svg" | "png")
    draw_plotly: Callable | None  # (data, spec) -> Plotly figure dict
    check: Callable | None = None  # validated params -> None; rules across fields
    browser: Callable | None = None  # (data, spec) -> JSON an explorer draws itself


_BUILDERS: dict[str, Builder] = {}


def register(
    name: str,
    schema: dict[str, Field],
    *,
    static,
    plotly=None,
    check=None,
    browser=None,
):
    """Decorator: register `compute` as the builder `name`; `browser` makes it
    an explorer's builder (figures of kind "explorer")."""

    def decorate(compute):
        if name in _BUILDERS:
            raise RuntimeError(f"builder {name!r} is registered twice")
        _BUILDERS[name] = Builder(name, schema, compute, static, plotly, check, browser)
        return compute

    return decorate


def names() -> list[str]:
    _load()
    return sorted(_BUILDERS)


def get(name: str) -> Builder:
    """The builder `name`; an AuthorError lists the registered ones."""
    _load()
    if name not in _BUILDERS:
        raise AuthorError(
            f"{name!r} is not a builder",
            field="builder",
            allowed=listing(sorted(_BUILDERS)),
        )
    return _BUILDERS[name]


def check_params(builder_name: str, params: dict) -> dict:
    """`params` validated against the builder's schema, defaults filled in."""
    builder = get(builder_name)
    params = validate(builder.schema, params)
    if builder.check is not None:
        builder.check(params)
    return params


def _load() -> None:
    """Import every module of this package, so each builder registers itself."""
    package = importlib.import_module(__package__)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{__package__}.{module.name}")
