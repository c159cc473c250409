"""mkdocs.yml read as plain data, without MkDocs: its `!ENV [...]` and
`!!python/name:...` values read as None (the course's nav and metadata need
neither). A small module on its own, so the MkDocs hooks can import it
without the rest of lessonkit."""

from __future__ import annotations

from pathlib import Path

import yaml


class TagTolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV [...]` and `!!python/name:...` values as None."""


TagTolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
TagTolerantLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def read(path: Path):
    """The settings in the mkdocs.yml at `path` (raises OSError, YAMLError)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=TagTolerantLoader)
