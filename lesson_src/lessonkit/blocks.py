"""Figure blocks in Markdown: ```figure fences holding YAML. A block with only
`id:` refers to a declared figure; one with more fields declares a figure of
the `landscape` builder (or, with `kind: explorer`, an explorer), validated
against its schema."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from . import yamlsafe
from .errors import AuthorError
from .fences import Fence
from .spec import DEFAULT_KIND, TIMEOUT, FigureSpec

SPEC_FIELDS = ("id", "title", "alt", "description", "kind", "timeout")
PAGE_BUILDER = "landscape"
BUILDER_OF_KIND = {"explorer": "explorer"}  # other kinds: PAGE_BUILDER
PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class Block:
    file: str  # e.g. "docs/lessons/loss-landscape.md"
    line: int  # 1-based line of the opening fence
    figure_id: str
    spec: FigureSpec | None  # None: a reference to a declared figure


def is_figure(fence: Fence) -> bool:
    return fence.info.split()[:1] == ["figure"]


def parse(fence: Fence, file: str) -> Block:
    """The block in `fence`; AuthorErrors point at the offending line."""
    line = fence.start + 1
    if not fence.closed:
        raise AuthorError("figure block is never closed", file=file, line=line)
    text = "\n".join(fence.body)
    try:
        node, data = yamlsafe.parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = line + 1 + (mark.line if mark else 0)
        raise AuthorError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}", file=file, line=where
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise AuthorError(
            "a figure block must be a YAML mapping with an 'id'",
            file=file,
            line=line,
            field="id",
            allowed="id: a-figure-id, then (for a new figure) "
            "title, alt, surface or model, view, ...",
        )
    figure_id = data["id"]
    if set(data) == {"id"}:
        return Block(file, line, figure_id, None)
    kind = data.get("kind", DEFAULT_KIND)
    builder = BUILDER_OF_KIND.get(kind, PAGE_BUILDER) if isinstance(kind, str) else None
    try:
        spec = FigureSpec(
            id=figure_id,
            builder=builder or PAGE_BUILDER,
            params={k: v for k, v in data.items() if k not in SPEC_FIELDS},
            title=data.get("title", ""),
            alt=data.get("alt", ""),
            description=data.get("description", ""),
            kind=kind,
            timeout=data.get("timeout", TIMEOUT),
            source=file,
            line=line,
        )
        from .figures import registry

        spec = _with_params(spec, registry.check_params(spec.builder, spec.params))
    except AuthorError as exc:
        exc.figure = exc.figure or figure_id
        raise exc.at(file, line + 1 + field_line(node, exc.field)) from None
    return Block(file, line, figure_id, spec)


def _with_params(spec: FigureSpec, params: dict) -> FigureSpec:
    from dataclasses import replace

    return replace(spec, params=params)


def field_line(node, path: str | None) -> int:
    """0-based line of the deepest YAML node on `path` ('optimizers[0].lr')."""
    line = 0
    if path is None or node is None:
        return line
    for name, index in PATH_TOKEN.findall(path):
        child = None
        if name and isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == name:
                    line, child = key.start_mark.line, value
        elif (
            index
            and isinstance(node, yaml.SequenceNode)
            and int(index) < len(node.value)
        ):
            child = node.value[int(index)]
            line = child.start_mark.line
        if child is None:
            break
        node = child
    return line
