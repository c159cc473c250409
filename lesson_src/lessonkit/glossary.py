"""Glossary terms: each entry under `glossary/` (not its index) is a term,
named by its front-matter `title`, summed up by its one-sentence
`description`.

A Markdown link to an entry gets that summary (`{ .ll-term data-summary=...}`,
attr_list), which docs/javascripts/glossary.js shows on hover, focus and tap.
`unlinked_first_uses` finds, per page, a term whose first use is not a link
to its entry (`make check` lists them)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .crossref import front_matter, front_matter_end
from .fences import find_fences
from .inline import prose

FOLDER = "glossary/"
LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\((?P<target>[^)\s]+)\)(?!\{)")


@dataclass(frozen=True)
class Term:
    src: str  # "glossary/loss-function.md"
    title: str  # "Loss function"
    summary: str  # the description: one sentence

    def pattern(self) -> re.Pattern:
        """The title as a phrase in running text, any case, plural too."""
        words = r"\s+".join(re.escape(w) for w in self.title.split())
        return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.IGNORECASE)


def terms(pages) -> dict[str, Term]:
    """Every glossary entry by its src path."""
    out = {}
    for page in pages:
        if not page.src.startswith(FOLDER) or page.src.endswith("index.md"):
            continue
        meta = front_matter(page.text, page.file)
        if meta.get("title") and meta.get("description"):
            out[page.src] = Term(page.src, str(meta["title"]), str(meta["description"]))
    return out


def target_of(src: str, target: str) -> str:
    """The page a relative link in page `src` points to ('' for none)."""
    path = target.split("#", 1)[0]
    if not path or "://" in path or path.startswith(("/", "mailto:")):
        return ""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), path))


def mark_links(line: str, src: str, glossary: dict[str, Term]) -> str:
    """`line` with each link to a glossary entry carrying its summary."""

    def mark(match: re.Match) -> str:
        term = glossary.get(target_of(src, match["target"]))
        if term is None or term.src == src:
            return match.group(0)
        summary = term.summary.replace('"', "'").replace("{", "(").replace("}", ")")
        return f'{match.group(0)}{{ .ll-term data-summary="{summary}" }}'

    return LINK.sub(mark, line) if "](" in line else line


def unlinked_first_uses(page, glossary: dict[str, Term]) -> list[tuple[int, Term]]:
    """(line, term) for each term whose first use on the page (outside code,
    headings and front matter) is not a link to its entry."""
    lines = page.text.split("\n")
    skip = {i for f in find_fences(lines) for i in range(f.start, f.end)}
    skip.update(range(front_matter_end(lines)))
    first: dict[str, tuple[int, bool]] = {}
    for i, line in enumerate(lines):
        if i in skip or line.lstrip().startswith("#"):
            continue
        text = prose(line)
        links = [
            (m.start(), m.end(), target_of(page.src, m["target"]))
            for m in LINK.finditer(text)
        ]
        for term in glossary.values():
            if term.src == page.src or term.src in first:
                continue
            match = term.pattern().search(text)
            if match is None:
                continue
            linked = any(
                a <= match.start() < b and target == term.src for a, b, target in links
            )
            first[term.src] = (i + 1, linked)
    found = [(line, src) for src, (line, linked) in first.items() if not linked]
    return [(line, glossary[src]) for line, src in sorted(found)]
