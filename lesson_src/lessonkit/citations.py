"""Citations in Markdown, Pandoc's syntax: `[@key]` gives "(Li et al. 2018)",
`[@a; @b, sec. 3]` several with a locator, `[-@key]` the year only, and a
bare `@key` the narrative "Li et al. (2018)". Each becomes a link to the
page's references list, which the build appends to the page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .bibliography import Entry
from .crossref import WORDS
from .errors import AuthorError, listing
from .inline import outside_code, prose

KEY = r"[A-Za-z][\w-]*(?:[:.][\w-]+)*"
ITEM = re.compile(rf"^\s*(?P<minus>-?)@(?P<key>{KEY})\s*(?:,\s*(?P<locator>.*?))?\s*$")
BRACKETED = re.compile(r"\[(?P<body>-?@[^\[\]]*)\](?![(\[{])")
BARE = re.compile(rf"(?<![\w@/\[-])@(?P<key>{KEY})")
CROSSREF_PREFIXES = tuple(f"{kind}:" for kind in WORDS)  # crossref's, not here
REFERENCES_ID = "references"


@dataclass(frozen=True)
class Cite:
    key: str
    year_only: bool = False
    locator: str = ""


def _items(body: str) -> list[Cite] | None:
    """The citations of a bracket's body, or None if it is not a citation."""
    cites = []
    for part in body.split(";"):
        match = ITEM.match(part)
        if match is None:
            return None
        cites.append(Cite(match["key"], bool(match["minus"]), match["locator"] or ""))
    return cites


def _is_crossref(key: str) -> bool:
    return key.startswith(CROSSREF_PREFIXES)


def _bare_is_citation(key: str, entries: dict) -> bool:
    """A bare @word is a citation if it is a key, or looks like one (has a
    year): '@li2018visualizing' does, '@media' does not."""
    return key in entries or bool(re.search(r"\d{4}", key))


def keys_in(line: str, entries: dict) -> list[str]:
    """Citation keys in one line of prose, in order (inline code skipped)."""
    text, keys = prose(line), []
    for match in BRACKETED.finditer(text):
        for cite in _items(match["body"]) or ():
            if not _is_crossref(cite.key):
                keys.append(cite.key)
    rest = BRACKETED.sub(lambda m: " " * len(m.group(0)), text)
    for match in BARE.finditer(rest):
        key = match["key"]
        if not _is_crossref(key) and _bare_is_citation(key, entries):
            keys.append(key)
    return keys


def check(keys: list[str], entries: dict, file: str, line: int) -> None:
    for key in keys:
        if key not in entries:
            raise AuthorError(
                f"unknown citation key {key!r}; add it to the bibliography "
                "(docs/references.bib) or fix the key",
                file=file,
                line=line,
                field="citation",
                allowed=listing(sorted(entries)),
            )


def _link(entry: Entry, text: str) -> str:
    return f'<a class="ll-cite" href="#ref-{entry.key}">{escape(text)}</a>'


def _parenthetical(cites: list[Cite], entries: dict) -> str:
    parts = []
    for cite in cites:
        entry = entries[cite.key]
        text = entry.year if cite.year_only else f"{entry.cite_names()} {entry.year}"
        if cite.locator:
            text += f", {cite.locator}"
        parts.append(_link(entry, text))
    return "(" + "; ".join(parts) + ")"


def _narrative(entry: Entry) -> str:
    return _link(entry, f"{entry.cite_names()} ({entry.year})")


def render(line: str, entries: dict) -> str:
    """`line` with its citations (checked beforehand) as links."""

    def bracket(body: str) -> str:
        cites = _items(body)
        if cites is None or any(_is_crossref(c.key) for c in cites):
            return f"[{body}]"
        return _parenthetical(cites, entries)

    def bare(match) -> str:
        key = match["key"]
        if _is_crossref(key) or not _bare_is_citation(key, entries):
            return match.group(0)
        return _narrative(entries[key])

    def rewrite(text: str) -> str:
        pieces = BRACKETED.split(text)  # the bracket bodies at odd positions
        return "".join(
            bracket(piece) if i % 2 else BARE.sub(bare, piece)
            for i, piece in enumerate(pieces)
        )

    return outside_code(line, rewrite)


def references(keys, entries: dict, bibliography_url: str | None) -> list[str]:
    """The Markdown lines of a page's references list (author-year order)."""
    cited = sorted({entries[k] for k in keys}, key=Entry.sort_key)
    lines = [
        "",
        f"## References {{ #{REFERENCES_ID} }}",
        "",
        '<ul class="ll-references">',
    ]
    for entry in cited:
        more = ""
        if bibliography_url is not None:
            more = (
                f' <a class="ll-references__more" href="{bibliography_url}#bib-'
                f'{entry.key}">In the course bibliography</a>'
            )
        lines.append(f'<li id="ref-{entry.key}">{entry.html()}{more}</li>')
    return [*lines, "</ul>", ""]


def bibliography(
    entries: dict, cited_on: dict[str, list[tuple[str, str]]]
) -> list[str]:
    """The course bibliography: every entry, with the pages that cite it
    (`cited_on[key]` = [(title, relative URL), ...])."""
    lines = ['<ul class="ll-references ll-bibliography">']
    for entry in sorted(entries.values(), key=Entry.sort_key):
        pages = cited_on.get(entry.key, [])
        where = ""
        if pages:
            links = ", ".join(f'<a href="{url}">{escape(t)}</a>' for t, url in pages)
            where = f' <span class="ll-references__pages">Cited in {links}.</span>'
        lines.append(f'<li id="bib-{entry.key}">{entry.html()}{where}</li>')
    return ["", *lines, "</ul>", ""]
