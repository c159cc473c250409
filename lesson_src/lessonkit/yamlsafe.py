"""YAML for figure and problem blocks: untrusted input read the YAML 1.2 way.

- Aliases (`*name`) are refused: nested aliases expand to gigabytes.
- Plain scalars follow YAML 1.2's core schema, so `lr: 1e-3` is a number and
  `alt: No` is text (YAML 1.1, PyYAML's default, reads them as a string and
  false); dates stay text too.
- A block is at most MAX_CHARS characters.
"""

from __future__ import annotations

import re

import yaml

MAX_CHARS = 20_000

BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


# libyaml (C) parses when PyYAML was built with it, as its wheels are: 10-20x
# faster than the pure-Python parser. The resolver and constructor stay Python.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """SafeLoader with YAML 1.2 core-schema scalars (aliases: see `parse`)."""

    yaml_implicit_resolvers: dict = {}

    def construct_yaml_int(self, node):
        value = self.construct_scalar(node)
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value, 10)

    def construct_yaml_float(self, node):
        value = self.construct_scalar(node).lower()
        if value.endswith(("inf", "nan")):
            return float(value.replace(".", ""))
        return float(value)


for tag, pattern, first in (
    ("bool", BOOL, "tTfF"),
    ("null", NULL, ["~", "n", "N", ""]),
    ("int", INT, "-+0123456789"),
    ("float", FLOAT, "-+0123456789."),
):
    Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", pattern, list(first))
Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
Loader.add_constructor("tag:yaml.org,2002:float", Loader.construct_yaml_float)


class TooLarge(yaml.YAMLError):
    def __init__(self, size: int):
        super().__init__(f"the block has {size} characters (max {MAX_CHARS})")
        self.problem, self.problem_mark = str(self), None


def parse(text: str):
    """(node tree for line numbers, value) of `text`, parsed once; YAMLError if
    it is not YAML or is refused."""
    _check_size(text)
    _refuse_aliases(text)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        return node, (None if node is None else loader.construct_document(node))
    finally:
        loader.dispose()


def _refuse_aliases(text: str) -> None:
    """An alias (`*name`) anywhere is an error at its place in the text."""
    for token in yaml.scan(text, Loader=_Base):
        if isinstance(token, yaml.AliasToken):
            raise yaml.composer.ComposerError(
                None,
                None,
                f"aliases (*{token.value}) are not allowed in a block; "
                "write the value out",
                token.start_mark,
            )


def _check_size(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise TooLarge(len(text))
