"""Fenced code blocks of a Markdown page, found the way CommonMark finds them:
a fence closes only on the same character, at least as long. Anything inside a
longer fence (```` or ~~~) is plain content of that fence."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENER = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Fence:
    """A fenced block: lines[start] is the opener, lines[end - 1] the closer."""

    start: int  # 0-based index of the opening line
    end: int  # one past the closing line (or len(lines) if never closed)
    indent: str
    info: str  # e.g. "figure", "python"
    body: list[str]  # lines between the fences, indentation removed
    closed: bool


def find_fences(lines: list[str]) -> list[Fence]:
    """Top-level fences of `lines` in order; nested fences stay inside their body."""
    fences, i = [], 0
    while i < len(lines):
        match = OPENER.match(lines[i])
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            i += 1
            continue
        fence, indent = match["fence"], match["indent"]
        closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not closer.match(lines[j]):
            j += 1
        closed = j < len(lines)
        body = [_dedent(line, indent) for line in lines[i + 1 : j]]
        end = j + 1 if closed else j
        fences.append(Fence(i, end, indent, match["info"].strip(), body, closed))
        i = end
    return fences


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")
