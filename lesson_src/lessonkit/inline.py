"""Markdown prose of one line, outside inline code spans (`...`): where
citations and cross-references are read and rewritten."""

from __future__ import annotations

import re
from collections.abc import Callable

INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")


def outside_code(line: str, rewrite: Callable[[str], str]) -> str:
    """`line` with `rewrite` applied to each stretch that is not inline code."""
    out, position = [], 0
    for match in INLINE_CODE.finditer(line):
        out.append(rewrite(line[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(rewrite(line[position:]))
    return "".join(out)


def prose(line: str) -> str:
    """`line` with its inline code blanked out (same length, for columns)."""
    return INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
