"""The one error an author sees: where (file:line), which figure and field,
what was wrong and what is allowed."""

from __future__ import annotations

import reprlib

MAX_SHOWN = 160  # characters of a value printed in an error message
MAX_MESSAGE = 2000  # characters of a whole error message


class AuthorError(Exception):
    """A mistake in something a person wrote: a figure spec, block or expression."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        figure: str | None = None,
        field: str | None = None,
        allowed: str | None = None,
    ):
        message = shown_text(message, MAX_MESSAGE)
        super().__init__(message)
        self.message = message
        self.file, self.line = file, line
        self.figure, self.field, self.allowed = figure, field, allowed

    def at(self, file: str, line: int | None) -> AuthorError:
        """This error located in `file` at `line`, unless it already has a place."""
        if self.file is None:
            self.file, self.line = file, line
        return self

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.figure is not None:
            parts.append(f"figure '{self.figure}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        text = ": ".join([*parts, self.message])
        if self.allowed is not None:
            text += f"; allowed: {self.allowed}"
        return text


def listing(values) -> str:
    """'a, b, c' for an error's allowed values."""
    return ", ".join(str(v) for v in values)


class _Short(reprlib.Repr):
    """reprlib that only looks at a bounded part of a value (aliased YAML,
    huge lists), so printing it costs little whatever its size."""

    def __init__(self):
        super().__init__()
        self.maxlevel, self.maxlist, self.maxtuple, self.maxdict = 3, 8, 8, 8
        self.maxstring, self.maxother, self.maxlong = 80, 80, 40

    def repr_int(self, x, level):
        if x.bit_length() > 4000:  # str() of it is slow or refused
            return f"<an integer of {x.bit_length()} bits>"
        return super().repr_int(x, level)


_SHORT = _Short()


def shown(value, limit: int = MAX_SHOWN) -> str:
    """repr(value) for an error message, cut to `limit` characters with '...'."""
    text = _SHORT.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown_text(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` (already a string to print as is) cut to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
