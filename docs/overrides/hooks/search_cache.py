"""MkDocs hook: Material's search reads each page's HTML once per build and
splits it into sections (a fifth of a `mkdocs serve` rebuild: the typeset
math is thick with tags), although most pages did not change since the last
rebuild. The sections found in a page's HTML are kept, by the HTML's hash,
for the next build of this process; a page whose HTML changed is read again.
The search index comes out the same, byte for byte
(tests/site/test_search_cache.py).

Material's parser depends on the HTML alone; what else an index entry holds
(the page's URL, title, table of contents, tags) is taken from the page on
every build, as Material does.
"""

from __future__ import annotations

import copy
import hashlib

from material.plugins.search import plugin as search
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

PLUGIN = "material/search"

# sha256 of a page's HTML -> the sections Material's parser found in it. MkDocs
# loads a hook once per process, so they outlive a rebuild of `mkdocs serve`.
_sections: dict[str, list[search.Section]] = {}
_used: set[str] = set()  # hashes of the HTML of this build's pages


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


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Swap in the caching index: the search plugin makes a new one in each
    build's on_config, which runs before this."""
    plugin = config.plugins.get(PLUGIN)
    index = getattr(plugin, "search_index", None)
    if index is not None and type(index) is search.SearchIndex:
        plugin.search_index = CachedSearchIndex(**index.config)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Keep only the sections of this build's pages (a deleted page's go)."""
    for key in set(_sections) - _used:
        del _sections[key]
    _used.clear()
