"""Small functions (issue 9): none of our functions is over MAX_LINES lines
unless a comment just above it says why ("Long by intent: ...")."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("lesson_src", "scripts", "docs/overrides")
MAX_LINES = 50
REASON = "Long by intent"


def long_functions_without_a_reason() -> list[str]:
    found = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").split("\n")
            for node in ast.walk(ast.parse("\n".join(lines))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                size = node.end_lineno - node.lineno + 1
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                above = "\n".join(lines[max(0, first - 4) : first - 1])
                if size > MAX_LINES and REASON not in above:
                    where = path.relative_to(ROOT).as_posix()
                    found.append(f"{where}:{node.lineno} {node.name} ({size} lines)")
    return found


def test_no_function_is_long_without_a_written_reason():
    assert long_functions_without_a_reason() == []
