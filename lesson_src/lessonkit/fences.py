"""Fenced code blocks of a Markdown page, found the way CommonMark finds them:
a fence closes only on the same character, at least as long. Anything inside a
longer fence (```` or ~~~) is plain content of that fence."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENER = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# Lines whose following indented lines are their content, not code: list
# items, admonitions and details (!!!, ???, ???+), tabs (===), footnotes and
# definitions. Python-Markdown indents their content by 4.
CONTAINER = re.compile(
    r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|!!![ \t]|\?\?\?\+?[ \t]|===\+?[ \t]"
    r"|\[\^[^\]]+\]:|:[ \t])"
)


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
    """Top-level fences of `lines` in order; nested fences stay inside their body.
    A fence written inside an indented code block is code, not a fence."""
    return _scan(lines)[0]


def indented_code(lines: list[str]) -> set[int]:
    """0-based indices of the lines of indented code blocks (outside fences),
    found the way Python-Markdown finds them: after a blank line, indented 4
    spaces more than the content of the list item, admonition or tab they
    are in. Nothing in them is expanded."""
    return _scan(lines)[1]


def _scan(lines: list[str]) -> tuple[list[Fence], set[int]]:
    fences, code = [], set()
    containers: list[int] = []  # content indents of open lists, admonitions, tabs
    code_indent = None  # the indent of the code block the last line was in
    after_blank, i = True, 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            after_blank, i = True, i + 1
            continue
        indent = _width(line)
        if code_indent is not None and indent >= code_indent:
            code.add(i)
            after_blank, i = False, i + 1
            continue
        code_indent = None
        while containers and indent < containers[-1]:
            containers.pop()
        base = containers[-1] if containers else 0
        if after_blank and indent >= base + 4:
            code_indent = base + 4
            code.add(i)
            after_blank, i = False, i + 1
            continue
        fence = _fence_at(lines, i)
        if fence is not None:
            fences.append(fence)
            after_blank, i = False, fence.end
            continue
        if CONTAINER.match(line):
            containers.append(indent + 4)
        after_blank, i = False, i + 1
    return fences, code


def _fence_at(lines: list[str], i: int) -> Fence | None:
    match = OPENER.match(lines[i])
    if not match or (match["fence"][0] == "`" and "`" in match["info"]):
        return None
    fence, indent = match["fence"], match["indent"]
    closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    j = i + 1
    while j < len(lines) and not closer.match(lines[j]):
        j += 1
    closed = j < len(lines)
    body = [_dedent(line, indent) for line in lines[i + 1 : j]]
    end = j + 1 if closed else j
    return Fence(i, end, indent, match["info"].strip(), body, closed)


def _width(line: str) -> int:
    """Columns of leading whitespace, a tab to the next multiple of 4."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _dedent(line: str, indent: str) -> str:
    return line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")
