"""What a page needs to know about the whole course before it is expanded:
the bibliography, who cites what, and the numbers of every label.

`scan` reads every page once and fails early, with file and line, on an
unknown citation key or a reference to a missing label."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import bibliography, citations, crossref, glossary, snippet
from .errors import AuthorError
from .fences import find_fences

BIBLIOGRAPHY_BLOCK = "bibliography"  # ```bibliography lists every entry


@dataclass
class Authoring:
    entries: dict  # citation key -> bibliography.Entry
    labels: crossref.Labels
    cited: dict = field(default_factory=dict)  # page src -> [key, ...] in order
    titles: dict = field(default_factory=dict)  # page src -> title
    bibliography_page: str | None = None  # src of the page with the full list
    terms: dict = field(default_factory=dict)  # glossary entry src -> glossary.Term
    bib_file: str = ""

    def unused(self) -> list[str]:
        """Keys of entries no page cites."""
        used = {k for keys in self.cited.values() for k in keys}
        return [k for k in self.entries if k not in used]

    def notes(self) -> list[str]:
        """What the build reports without failing."""
        return [
            f"{self.bib_file}:{self.entries[k].line}: entry {k!r} is never cited"
            for k in self.unused()
        ]

    def bibliography_url(self, src: str, *, directory_urls: bool) -> str | None:
        if self.bibliography_page is None:
            return None
        root = snippet.site_root(src, directory_urls=directory_urls)
        return root + snippet.page_url(
            self.bibliography_page, directory_urls=directory_urls
        )

    def cited_on(self, src: str, *, directory_urls: bool) -> dict:
        """key -> [(page title, URL relative to page `src`), ...]."""
        root = snippet.site_root(src, directory_urls=directory_urls)
        out: dict = {}
        for page, keys in sorted(self.cited.items()):
            url = root + snippet.page_url(page, directory_urls=directory_urls)
            for key in dict.fromkeys(keys):
                out.setdefault(key, []).append((self.titles.get(page, page), url))
        return out


def scan(pages, docs: Path, figure_id) -> Authoring:
    """Read citations and labels of every page (docs/ is only read)."""
    bib = Path(docs) / bibliography.BIB_NAME
    entries = bibliography.load(bib) if bib.is_file() else {}
    labels = crossref.collect(pages, figure_id)
    result = Authoring(entries, labels, bib_file=str(bib), terms=glossary.terms(pages))
    for page in pages:
        result.titles[page.src] = str(
            crossref.front_matter(page.text, page.file).get("title") or page.src
        )
        lines = page.text.split("\n")
        fences = find_fences(lines)
        # Problem blocks are prose too: their statements may cite and refer.
        inside = {
            i
            for f in fences
            if f.info.split()[:1] != [crossref.PROBLEM_BLOCK]
            for i in range(f.start, f.end)
        }
        inside.update(range(crossref.front_matter_end(lines)))
        for fence in fences:
            if fence.info.split()[:1] == [BIBLIOGRAPHY_BLOCK]:
                if result.bibliography_page not in (None, page.src):
                    raise AuthorError(
                        f"the bibliography is already listed on docs/"
                        f"{result.bibliography_page}; list it on one page only",
                        file=page.file,
                        line=fence.start + 1,
                    )
                result.bibliography_page = page.src
        keys = []
        for i, line in enumerate(lines):
            if i in inside or "@" not in line:
                continue
            found = citations.keys_in(line, entries)
            if found and not entries:
                raise AuthorError(
                    f"citation of {found[0]!r} but there is no {bib}",
                    file=page.file,
                    line=i + 1,
                )
            citations.check(found, entries, page.file, i + 1)
            keys += found
            crossref.render(line, page.src, labels, page.file, i + 1)  # checks
        if keys:
            result.cited[page.src] = keys
    return result
