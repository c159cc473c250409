"""The course's BibTeX file, read with bibtexparser, as author-year entries.

Every entry needs `author` (or `editor`), `title` and `year`; a parse failure,
a duplicate key or a missing field is an AuthorError at the entry's line."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

from .errors import AuthorError

BIB_NAME = "references.bib"  # in the docs folder
REQUIRED = ("title", "year")
ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$|^[a-z-]+(\.[A-Z]{2})?/\d{7}$")


@dataclass(frozen=True)
class Person:
    first: str  # "Hao"
    last: str  # "Li" (with any "von" part: "van der Maaten")

    def initials(self) -> str:
        return " ".join(f"{part[0]}." for part in self.first.replace("-", " ").split())


@dataclass(frozen=True)
class Entry:
    key: str
    authors: tuple[Person, ...]
    title: str
    year: str
    venue: str  # journal, booktitle, publisher or howpublished; may be ""
    where: str  # volume(number), pages: "22(3), 400–407"; may be ""
    doi: str
    arxiv: str
    url: str
    line: int  # 1-based line of the entry in the .bib file

    def cite_names(self) -> str:
        """'Kingma', 'Kingma and Ba', 'Li et al.'"""
        last = [p.last for p in self.authors]
        if len(last) == 1:
            return last[0]
        if len(last) == 2:
            return f"{last[0]} and {last[1]}"
        return f"{last[0]} et al."

    def sort_key(self) -> tuple:
        return (tuple(p.last.lower() for p in self.authors), self.year, self.key)

    def links(self) -> list[tuple[str, str]]:
        """(label, URL) pairs: DOI, arXiv, else the plain URL."""
        out = []
        if self.doi:
            out.append((f"doi:{self.doi}", f"https://doi.org/{self.doi}"))
        if self.arxiv:
            out.append((f"arXiv:{self.arxiv}", f"https://arxiv.org/abs/{self.arxiv}"))
        if self.url and not out:
            out.append((self.url, self.url))
        return out

    def html(self) -> str:
        """The reference in author-year style, as inline HTML."""
        names = [f"{p.last}, {p.initials()}".rstrip(", ") for p in self.authors]
        if len(names) > 1:
            names[-1] = f"and {names[-1]}"
        who = escape(", ".join(names) if len(names) > 2 else " ".join(names))
        parts = [f"{who} ({escape(self.year)}).", f"<em>{escape(self.title)}</em>."]
        if self.venue:
            where = f", {self.where}" if self.where else ""
            parts.append(f"{escape(self.venue + where)}.")
        parts += [
            f'<a href="{escape(url)}">{escape(text)}</a>' for text, url in self.links()
        ]
        return " ".join(parts)


def load(path: Path) -> dict[str, Entry]:
    """The entries of the .bib file at `path`, by key, in file order."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuthorError(
            "there is no bibliography; cite only after adding its entry", file=file
        ) from None
    stack = [
        middlewares.LatexDecodingMiddleware(),
        middlewares.SeparateCoAuthors(),
        middlewares.SplitNameParts(),
    ]
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text, append_middleware=stack)
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            raise AuthorError(
                f"duplicate key {block.key!r}; each entry needs its own key",
                file=file,
                line=line,
            )
        if isinstance(block, ParsingFailedBlock):
            raise AuthorError(
                f"not valid BibTeX: {_first_line(block.error)}", file=file, line=line
            )
    return {entry.key: _entry(entry, file) for entry in library.entries}


def _entry(entry, file: str) -> Entry:
    fields = {k.lower(): v.value for k, v in entry.fields_dict.items()}
    line = entry.start_line + 1
    for name in REQUIRED:
        if not str(fields.get(name, "")).strip():
            raise AuthorError(
                f"entry {entry.key!r} has no {name!r}",
                file=file,
                line=line,
                field=name,
                allowed="author (or editor), title and year are required",
            )
    people = fields.get("author") or fields.get("editor")
    if not people:
        raise AuthorError(
            f"entry {entry.key!r} has no 'author' or 'editor'",
            file=file,
            line=line,
            field="author",
            allowed="author = {Last, First and Last, First}",
        )
    authors = tuple(
        Person(_clean(" ".join(p.first)), _clean(" ".join([*p.von, *p.last])))
        for p in people
    )
    arxiv = _arxiv(fields)
    return Entry(
        key=entry.key,
        authors=authors,
        title=_clean(fields["title"]),
        year=str(fields["year"]).strip(),
        venue=_clean(
            fields.get("journal")
            or fields.get("booktitle")
            or fields.get("publisher")
            or fields.get("howpublished")
            or ""
        ),
        where=_where(fields),
        doi=str(fields.get("doi", "")).strip(),
        arxiv=arxiv,
        url=str(fields.get("url", "")).strip(),
        line=line,
    )


def _where(fields: dict) -> str:
    volume = _clean(fields.get("volume", ""))
    if volume and fields.get("number"):
        volume += f"({_clean(fields['number'])})"
    pages = _clean(fields.get("pages", "")).replace("--", "–")
    return ", ".join(part for part in (volume, pages) if part)


def _arxiv(fields: dict) -> str:
    prefix = str(fields.get("archiveprefix", fields.get("eprinttype", ""))).lower()
    eprint = str(fields.get("eprint", "")).strip()
    return eprint if prefix == "arxiv" and ARXIV_ID.match(eprint) else ""


def _clean(value) -> str:
    """Braces that protect capitals in BibTeX are not part of the text."""
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def _first_line(error) -> str:
    return " ".join(str(error).strip().split("\n")[0].split())
