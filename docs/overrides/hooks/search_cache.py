"""MkDocs hook: Material's search reads each page's HTML once per build and
splits it into sections (a fifth of a `mkdocs serve` rebuild: the typeset
math is thick with tags), although most pages did not change since the last
rebuild. The sections found in a page's HTML are kept, by the HTML's hash,
for the next build of this process; a page whose HTML changed is read again.
The search index comes out the same, byte for byte
(tests/site/test_search_cache.py).

The sections are also kept on disk, in <build>/cache/search-sections.json
($LESSONKIT_BUILD_DIR, else build/ beside mkdocs.yml), for the next process:
a `mkdocs build` that changed no page parses none. The file names its format
and Material's version; a missing, unreadable, foreign or malformed file is
ignored (every page parsed again) and replaced, atomically, after the build.

Material's parser depends on the HTML alone; what else an index entry holds
(the page's URL, title, table of contents, tags) is taken from the page on
every build, as Material does.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import material
from material.plugins.search import plugin as search
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from lessonkit import atomic
from lessonkit.build_folder import build_folder

PLUGIN = "material/search"
STORE = "cache/search-sections.json"
STORE_FORMAT = 1

# sha256 of a page's HTML -> the sections Material's parser found in it. MkDocs
# loads a hook once per process, so they outlive a rebuild of `mkdocs serve`.
_sections: dict[str, list[search.Section]] = {}
_used: set[str] = set()  # hashes of the HTML of this build's pages
_stored: set[str] = set()  # hashes whose sections the store holds


def sections(html: str) -> list[search.Section]:
    """Material's sections of `html`: copies, since indexing fills in a
    missing title (with the page's, which another page may not share)."""
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    if key not in _sections:
        parser = search.Parser()
        parser.feed(html)
        parser.close()
        _sections[key] = parser.data
    _used.add(key)
    return [_copied(section) for section in _sections[key]]


def _copied(section: search.Section) -> search.Section:
    new = copy.copy(section)
    new.title, new.text = list(section.title), list(section.text)
    return new


class CachedSearchIndex(search.SearchIndex):
    """Material's index, with the sections of an unchanged page's HTML reused."""

    def add_entry_from_context(self, page: Page) -> None:
        # As SearchIndex.add_entry_from_context, with the parser's result cached.
        if (page.meta.get("search") or {}).get("exclude"):
            return
        for section in sections(page.content):
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)


def store_path(config: MkDocsConfig) -> Path:
    """<build>/cache/search-sections.json: $LESSONKIT_BUILD_DIR, else build/
    beside mkdocs.yml."""
    return build_folder(Path(config.config_file_path).resolve().parent) / STORE


def _as_json(section: search.Section) -> list:
    """[tag, attrs, depth, id, title, text]; the parser's infinite depth (a
    section it closed) as null, since JSON has no infinity."""
    el, depth = section.el, section.depth
    depth = None if depth == float("inf") else depth
    return [el.tag, el.attrs, depth, section.id, section.title, section.text]


def _from_json(item) -> search.Section:
    """A section as _as_json wrote it; ValueError if it is not one."""
    tag, attrs, depth, section_id, title, text = item
    strings = [tag, *attrs, *title, *text]
    values = [v for v in attrs.values() if v is not None]
    if not all(isinstance(s, str) for s in [*strings, *values]):
        raise ValueError("not a string")
    if not (depth is None or type(depth) is int):
        raise ValueError("bad depth")
    if not isinstance(section_id, (str, type(None))):
        raise ValueError("bad id")
    depth = float("inf") if depth is None else depth
    section = search.Section(search.Element(tag, dict(attrs)), depth)
    section.id, section.title, section.text = section_id, list(title), list(text)
    return section


def load_store(path: Path) -> dict[str, list[search.Section]]:
    """The stored sections by HTML hash; {} if the file is missing, broken
    or written by another format or version of Material."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != STORE_FORMAT or data["material"] != material.__version__:
            return {}
        return {
            str(key): [_from_json(item) for item in items]
            for key, items in data["sections"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_store(path: Path) -> None:
    """Write the sections of this build's pages atomically, sorted: the same
    pages give the same bytes."""
    data = {
        "format": STORE_FORMAT,
        "material": material.__version__,
        "sections": {
            key: [_as_json(section) for section in _sections[key]]
            for key in sorted(_sections)
        },
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)
    atomic.write_text(path, text)


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Swap in the caching index: the search plugin makes a new one in each
    build's on_config, which runs before this. The first build of a process
    starts from the stored sections."""
    plugin = config.plugins.get(PLUGIN)
    index = getattr(plugin, "search_index", None)
    if index is not None and type(index) is search.SearchIndex:
        plugin.search_index = CachedSearchIndex(**index.config)
    if not _sections and not _stored:
        _sections.update(load_store(store_path(config)))
        _stored.update(_sections)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Keep only the sections of this build's pages (a deleted page's go),
    and store them if they changed."""
    for key in set(_sections) - _used:
        del _sections[key]
    _used.clear()
    if set(_sections) != _stored:
        save_store(store_path(config))
        _stored.clear()
        _stored.update(_sections)
