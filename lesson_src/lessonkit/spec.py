"""A figure as data: what to compute (builder + params) and how to caption it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import AuthorError, shown

KINDS = ("static", "interactive", "explorer")
# The kind of a figure that names none, in a page block or in Python: drawn
# by Plotly in the page, with its static image for print and no JavaScript.
DEFAULT_KIND = "interactive"
TIMEOUT = 300  # seconds a figure may take to compute and draw, unless it says
MAX_TIMEOUT = 3600
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class FigureSpec:
    """One figure: `builder` computes numbers from `params`; renderers draw them."""

    id: str  # e.g. "ch13-surface-3d"; also the output file stem
    builder: str  # a registered builder name, e.g. "landscape"
    params: dict = field(default_factory=dict)  # the builder's parameters
    title: str = ""  # caption
    alt: str = ""  # text alternative of the static image
    description: str = ""  # longer description for screen readers
    kind: str = DEFAULT_KIND  # "static" | "interactive" | "explorer"
    source: str = ""  # where it was declared, e.g. "lessons/loss_landscape.py"
    line: int | None = None  # line of the declaration in `source`
    timeout: float = TIMEOUT  # seconds to compute and draw it; not in the cache key

    def __post_init__(self):
        if not isinstance(self.id, str) or not ID_PATTERN.match(self.id):
            raise AuthorError(
                f"{shown(self.id)} is not a valid id",
                field="id",
                allowed="lower-case letters and digits joined by single hyphens",
            )
        if self.kind not in KINDS:
            raise AuthorError(
                f"{shown(self.kind)} is not allowed",
                figure=self.id,
                field="kind",
                allowed=", ".join(KINDS),
            )
        timeout = self.timeout
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, int | float)
            or not 1 <= timeout <= MAX_TIMEOUT
        ):
            raise AuthorError(
                f"{shown(timeout)} is not allowed",
                figure=self.id,
                field="timeout",
                allowed=f"a number of seconds in [1, {MAX_TIMEOUT}]",
            )
        for name in ("title", "alt", "description"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise AuthorError(
                    f"{shown(value)} is a {type(value).__name__}, not text",
                    figure=self.id,
                    field=name,
                    allowed=f'text; put a number in quotes: {name}: "2024"',
                )
        for name in ("title", "alt"):
            if not getattr(self, name).strip():
                raise AuthorError("is required", figure=self.id, field=name)

    @property
    def interactive(self) -> bool:
        """Drawn by Plotly in the page (an explorer draws itself)."""
        return self.kind == "interactive"

    @property
    def explorer(self) -> bool:
        return self.kind == "explorer"
