"""Colours and axis labels are written once, in figures/style.py: no other
module of the figure code or of the lessons repeats one of its values, and
no figure module writes a colour of its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from lessonkit.figures import style

LESSONKIT = Path(style.__file__).resolve().parents[1]
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}$|rgba?\(")


def style_values() -> set[str]:
    values = set(style.PALETTE) | set(style.LINE_PALETTE)
    for name, value in vars(style).items():
        if name.isupper() and isinstance(value, str):
            values.add(value)
    return values


def literals(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module, with their lines (docstrings too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def modules() -> list[Path]:
    figures = sorted((LESSONKIT / "figures").rglob("*.py"))
    lessons = sorted((LESSONKIT / "lessons").glob("*.py"))
    return [p for p in figures + lessons if p.name != "style.py"]


def test_no_module_repeats_a_style_value():
    values = style_values()
    found = [
        f"{path.relative_to(LESSONKIT)}:{line} {text!r}"
        for path in modules()
        for line, text in literals(path)
        if text in values
    ]
    assert found == []


def test_no_figure_module_writes_a_colour_of_its_own():
    found = [
        f"{path.relative_to(LESSONKIT)}:{line} {text!r}"
        for path in modules()
        for line, text in literals(path)
        if COLOUR.match(text)
    ]
    assert found == []
