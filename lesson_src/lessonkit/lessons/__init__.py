"""Figures the lessons declare: each module here holds a FIGURES tuple of
FigureSpecs (data only). `declared()` collects them and checks ids are unique."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace

from ..errors import AuthorError
from ..spec import FigureSpec


def declared() -> list[FigureSpec]:
    """Every lesson figure, in module order, each tagged with its source module."""
    specs, seen = [], {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        figures = getattr(module, "FIGURES", None)
        source = f"lessonkit/lessons/{info.name}.py"
        if not isinstance(figures, tuple | list):
            raise AuthorError("must define FIGURES, a tuple of FigureSpec", file=source)
        for spec in figures:
            if not isinstance(spec, FigureSpec):
                raise AuthorError(
                    f"{spec!r} is not a FigureSpec", file=source, field="FIGURES"
                )
            if spec.id in seen:
                raise AuthorError(
                    f"id {spec.id!r} is already declared in {seen[spec.id]}",
                    file=source,
                    figure=spec.id,
                    field="id",
                )
            seen[spec.id] = source
            specs.append(replace(spec, source=source))
    return specs
