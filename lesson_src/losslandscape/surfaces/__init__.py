"""Two-weight loss surfaces by name: `get(name, **params)`, `names()`.

Standard test functions in `classic` and `multimodal` (published minima);
course surfaces in `bowls` and `valleys` (minima in closed form).
"""

from __future__ import annotations

import inspect

from .._validate import ArgumentError, check_choice, check_keywords, check_real
from . import bowls, classic, multimodal, valleys
from .base import Minimum, Surface
from .params import Parameter, Range

__all__ = ["Minimum", "Parameter", "Range", "get", "names", "parameters", "Surface"]

_FACTORIES = {
    **classic.FACTORIES,
    **multimodal.FACTORIES,
    **bowls.FACTORIES,
    **valleys.FACTORIES,
}
_RANGES = {
    **classic.RANGES,
    **multimodal.RANGES,
    **bowls.RANGES,
}


def names() -> list[str]:
    """Every surface name `get` accepts, sorted."""
    return sorted(_FACTORIES)


def parameters(name: str) -> tuple[Parameter, ...]:
    """The parameters of surface `name` in signature order: default and the
    range a reader may explore (e.g. quadratic's condition number, 1 to 1000)."""
    check_choice("name", name, names())
    ranges = _RANGES.get(name, {})
    out = []
    for arg in inspect.signature(_FACTORIES[name]).parameters.values():
        r = ranges[arg.name]
        out.append(Parameter(arg.name, float(arg.default), r.lo, r.hi, r.scale))
    return tuple(out)


def get(name: str, **params) -> Surface:
    """A fresh surface; `params` override its defaults (see `names()`)."""
    factory = _FACTORIES[check_choice("name", name, names())]
    allowed = list(inspect.signature(factory).parameters)
    check_keywords(f"surface {name!r}", params, allowed)
    for key, value in params.items():
        check_real(key, value)
    try:
        return factory(**params)
    except ValueError as exc:
        raise ArgumentError(
            f"surface {name!r}: {exc} (parameters: {', '.join(allowed)})"
        ) from exc
