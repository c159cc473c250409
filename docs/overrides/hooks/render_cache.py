"""MkDocs hook: `mkdocs serve` converts to HTML only the pages whose Markdown
or surroundings changed since its last rebuild.

MkDocs converts every page's Markdown on every rebuild (about 0.6 s of CPU
for this course), although a save changes one page. Under `mkdocs serve`
this hook keeps each page's conversion in memory: its HTML, table of
contents, title, anchors and links to anchors (what `Page.render` sets),
under a key of everything the conversion reads: the page's Markdown after
the other hooks (the lessons hook's expanded page), its file and URL, every
file of the site with its URL (links are checked against them), the Markdown
extensions with their settings and the link validation levels. A page
whose key matches is given the kept result; the `page_content` events run on
it as on a converted page. Not kept, so converted every time:
- a page that another plugin converts (a notebook of mkdocs-jupyter);
- a page that logs anything while converted (an unknown link, ...), so every
  rebuild says it again, and `--strict` counts it again;
- a page with a snippet (`--8<--`): it reads files outside the page.
`mkdocs build` is a process of its own, and converts every page.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import threading
from typing import NamedTuple

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

# pymdownx.snippets' marker (any number of dashes around "8<"): the page
# includes files that are not part of its key.
SNIPPET_MARK = "8<-"
PAGES_LOGGER = "mkdocs.structure.pages"  # links_to_anchors is kept above DEBUG


class Converted(NamedTuple):
    """What `Page.render` sets on a page, and the key it was made under."""

    key: str
    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # by target src_uri


_serving = False
_surroundings: str | None = None  # this build's files and settings, hashed
_kept: dict[str, Converted] = {}  # src_uri -> its last conversion
_pages: set[str] = set()  # the pages of this build


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(*, config: MkDocsConfig) -> None:
    global _surroundings
    _surroundings = None  # until the files and nav of this build are known
    _pages.clear()


def on_post_build(*, config: MkDocsConfig) -> None:
    """Forget the pages this build did not have (deleted or renamed)."""
    for src in set(_kept) - _pages:
        del _kept[src]


@event_priority(-100)  # after every other plugin: the files are final
def on_nav(
    nav: Navigation, /, *, config: MkDocsConfig, files: Files
) -> Navigation | None:
    global _surroundings
    _surroundings = surroundings(config, files) if _serving else None
    return nav


def surroundings(config: MkDocsConfig, files: Files) -> str:
    """A hash of what a conversion reads besides the page: the site's files
    and URLs, the Markdown extensions and their settings, link validation."""
    listing = [
        (f.src_uri, f.dest_uri, f.url, f.is_documentation_page(), str(f.inclusion))
        for f in files
    ]
    settings = [
        repr(config["markdown_extensions"]),
        repr(config["mdx_configs"]),
        repr(config.validation),
        config.use_directory_urls,
        logging.getLogger(PAGES_LOGGER).getEffectiveLevel(),
    ]
    text = json.dumps([listing, settings], default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def page_key(page: Page, context: str) -> str | None:
    """The key of this page's conversion; None if it may not be kept."""
    markdown = page.markdown
    if markdown is None or SNIPPET_MARK in markdown:
        return None
    what = [context, page.file.src_uri, page.file.dest_uri, page.url, markdown]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()


@event_priority(-100)
def on_pre_page(page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
    # A plugin that converts the page itself (mkdocs-jupyter's notebooks) gave
    # it a render method of its own: such a page is left to it.
    if _surroundings is not None and "render" not in vars(page):
        context = _surroundings
        _pages.add(page.file.src_uri)
        page.render = lambda config, files: render(page, config, files, context)
    return page


def render(page: Page, config: MkDocsConfig, files: Files, context: str) -> None:
    """`Page.render`, or what it set the last time under the same key."""
    del page.render  # the instance's own method again, for any later call
    src, key = page.file.src_uri, page_key(page, context)
    kept = _kept.pop(src, None)
    reused = key is not None and kept is not None and kept.key == key
    if reused and restore(page, kept, files):
        _kept[src] = kept
        return
    logged = _converted_logging(page, config, files)
    if key is not None and not logged:
        _kept[src] = keep(page, key)


def _converted_logging(page: Page, config: MkDocsConfig, files: Files) -> bool:
    """Convert the page; True if anything was logged meanwhile, at any level."""
    handler = _ThreadRecords(threading.get_ident())
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        Page.render(page, config, files)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    return handler.count > 0


class _ThreadRecords(logging.Handler):
    """Counts the records logged by one thread (the build's)."""

    def __init__(self, thread: int) -> None:
        super().__init__(logging.NOTSET)
        self.thread, self.count = thread, 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.count += 1


def keep(page: Page, key: str) -> Converted:
    links = page.links_to_anchors
    return Converted(
        key=key,
        content=page.content,
        toc=copy.deepcopy(page.toc),
        title=page._title_from_render,
        anchors=frozenset(page.present_anchor_ids or ()),
        links_to_anchors=None
        if links is None
        else {f.src_uri: dict(anchors) for f, anchors in links.items()},
    )


def restore(page: Page, kept: Converted, files: Files) -> bool:
    """Set what `Page.render` sets; False if a linked file is not in `files`."""
    links = None
    if kept.links_to_anchors is not None:
        targets = {src: files.get_file_from_path(src) for src in kept.links_to_anchors}
        if None in targets.values():
            return False
        links = {targets[s]: dict(a) for s, a in kept.links_to_anchors.items()}
    page.content = kept.content
    page.toc = copy.deepcopy(kept.toc)
    page._title_from_render = kept.title
    page.present_anchor_ids = set(kept.anchors)
    if links is not None:
        page.links_to_anchors = links
    return True
