"""Progress of a build: a bar on a terminal, plain lines otherwise, or nothing."""

from __future__ import annotations

import sys


class Progress:
    """Call `step(label)` before each unit of work and `done()` at the end."""

    def __init__(self, total: int, *, stream=None, quiet=False, width=24):
        self.total, self.count, self.width = total, 0, width
        self.stream = sys.stderr if stream is None else stream
        self.quiet = quiet or total == 0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self, label: str) -> None:
        self.count += 1
        if self.quiet:
            return
        if self.tty:
            filled = self.width * self.count // self.total
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"\r[{bar}] {self.count}/{self.total} {label}"
            self.stream.write(text[:100].ljust(100))
        else:
            self.stream.write(f"[{self.count}/{self.total}] {label}\n")
        self.stream.flush()

    def done(self) -> None:
        if not self.quiet and self.tty:
            self.stream.write("\n")
            self.stream.flush()
