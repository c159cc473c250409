"""Expanded pages: figure blocks become the figure HTML (URLs relative to the
page), problem blocks the problem box, answer-key and progress blocks the
course's lists, `{{ expr :fmt }}` become numbers; other fences stay verbatim."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from . import (
    cache,
    chapters,
    citations,
    crossref,
    glossary,
    numbers,
    problem_html,
    problems,
    snippet,
)
from . import course as course_problems
from .blocks import Block, is_figure, parse
from .errors import AuthorError, shown_text
from .fences import find_fences, indented_code
from .problems import Problem
from .spec import FigureSpec


class NotBuilt(AuthorError):
    """A page shows a declared figure that this (--only) build did not make."""


@dataclass(frozen=True)
class BuiltFigure:
    """A figure as a page shows it: its spec and what the build wrote."""

    spec: FigureSpec
    entry: cache.Entry


@dataclass(frozen=True)
class Page:
    """One Markdown source under docs/ with its figure and problem blocks, each
    parsed once into the record the expand stage shows."""

    src: str  # path under docs/, posix, e.g. "lessons/loss-landscape.md"
    file: str  # as shown in errors, e.g. "docs/lessons/loss-landscape.md"
    text: str
    blocks: dict[int, Block]  # figure blocks by their fence's first line (0-based)
    problems: dict[int, Problem]  # problem blocks, likewise, expected values computed

    @classmethod
    def parse(cls, src: str, file: str, text: str, namespace: dict | None) -> Page:
        """The page with every figure and problem block parsed and validated;
        `namespace` computes the problems' expected values (calc.NAMESPACE)."""
        fences = find_fences(text.split("\n"))
        blocks = {f.start: parse(f, file) for f in fences if is_figure(f)}
        found = {
            f.start: problems.parse(f, file, namespace)
            for f in fences
            if problems.is_problem(f)
        }
        return cls(src, file, text, blocks, found)


def expand(
    page: Page,
    *,
    figures: dict[str, BuiltFigure | None],  # None: declared, not built
    namespace: dict | None,
    directory_urls: bool = True,
    course: list | None = None,  # course.PageProblems of every page
    authoring=None,  # authoring.Authoring: citations and numbers, or None
) -> str:
    """The page with its blocks and computed numbers expanded."""
    lines = page.text.split("\n")
    out: list[str] = []
    src, file = page.src, page.file
    root = snippet.site_root(src, directory_urls=directory_urls)
    prose = _Prose(src, file, authoring, directory_urls)
    position, fences, code = _read_layout(page, lines)
    out.extend(lines[:position])
    page_figures = _page_figures(page, figures)
    shown: dict[str, int] = {}  # figure id -> times on this page so far
    for fence in fences:
        numbered = _numbers(lines, position, fence.start, file, namespace, code)
        out.extend(prose.lines(numbered, position))
        if is_figure(fence):
            number = prose.next_number("fig")
            block = page.blocks[fence.start]
            out.extend(_figure(fence, block, figures, root, file, number, shown))
        elif prose.is_bibliography(fence):
            out.extend(prose.bibliography())
        elif problems.is_problem(fence):
            problem = page.problems[fence.start]
            number = prose.next_number("prob") if problem.numbered else None
            html = problem_html.render(problem, number, namespace, page_figures)
            html = prose.inline(html, fence.start + 1)
            out.extend(["", *(fence.indent + line for line in html), ""])
        elif course_problems.is_summary(fence):
            labels = authoring.labels if authoring is not None else None
            html = course_problems.render(fence, src, file, course, namespace, labels)
            html = prose.inline(html, fence.start + 1)
            out.extend(["", *(fence.indent + line for line in html), ""])
        else:
            check_info(fence, file)
            out.extend(lines[fence.start : fence.end])
        position = fence.end
    numbered = _numbers(lines, position, len(lines), file, namespace, code)
    out.extend(prose.lines(numbered, position))
    out.extend(prose.references())
    return "\n".join(out)


class _Prose:
    """Citations, numbered problems and equations, and references in the
    lines of one page outside its fences (nothing, without `authoring`)."""

    def __init__(self, src, file, authoring, directory_urls):
        self.src, self.file, self.authoring = src, file, authoring
        self.directory_urls = directory_urls
        self.cited: list[str] = []
        numbers = authoring.labels.pages.get(src) if authoring else None
        self.numbers = {
            kind: iter(getattr(numbers, kind) if numbers else ())
            for kind in ("fig", "eq", "prob")
        }
        self.counts = {"fig": 0, "eq": 0, "prob": 0}

    def next_number(self, kind: str) -> str | None:
        """The number of the page's next figure or problem: "13.2"; without
        `authoring`, problems count 1, 2, ... and figures have none."""
        self.counts[kind] += 1
        if self.authoring is None:
            return str(self.counts[kind]) if kind == "prob" else None
        return next(self.numbers[kind])[1]

    def is_bibliography(self, fence) -> bool:
        from .authoring import BIBLIOGRAPHY_BLOCK

        return self.authoring is not None and fence.info.split()[:1] == [
            BIBLIOGRAPHY_BLOCK
        ]

    def bibliography(self) -> list[str]:
        cited_on = self.authoring.cited_on(self.src, directory_urls=self.directory_urls)
        return citations.bibliography(self.authoring.entries, cited_on)

    def lines(self, lines, first: int):
        for i, line in enumerate(lines, start=first):
            if self.authoring is None:
                yield line
                continue
            yield from self._line(line, i + 1)

    def inline(self, lines: list[str], lineno: int) -> list[str]:
        """Citations and references in generated lines (a problem's HTML);
        errors point at `lineno`, where the block starts."""
        if self.authoring is None:
            return lines
        return [self._refer(line, lineno) if "@" in line else line for line in lines]

    def _refer(self, line: str, lineno: int) -> str:
        auth = self.authoring
        line = crossref.render(line, self.src, auth.labels, self.file, lineno)
        keys = citations.keys_in(line, auth.entries)
        citations.check(keys, auth.entries, self.file, lineno)
        self.cited += keys
        return citations.render(line, auth.entries)

    def _line(self, line: str, lineno: int):
        if match := crossref.PROBLEM.match(line):
            name, number = next(self.numbers["prob"])
            if name is not None:
                yield from crossref.anchor_lines(match["indent"], "prob", name)
            line = crossref.problem_title(match, number)
        elif match := crossref.EQUATION.match(line):
            name, number = next(self.numbers["eq"])
            indent = line[: len(line) - len(line.lstrip())]
            yield from crossref.anchor_lines(indent, "eq", name)
            line = crossref.tagged_equation(match, number)
        if "@" in line:
            line = self._refer(line, lineno)
        yield glossary.mark_links(line, self.src, self.authoring.terms)

    def references(self) -> list[str]:
        if not self.cited:
            return []
        url = self.authoring.bibliography_url(
            self.src, directory_urls=self.directory_urls
        )
        if self.authoring.bibliography_page == self.src:
            url = ""
        return citations.references(self.cited, self.authoring.entries, url)


def _read_layout(page: Page, lines: list[str]):
    """(end of the front matter, the fences after it, the lines of indented
    code) of the page; the front matter checked and, with a chapter, the
    heading numbered in `lines`."""
    position = crossref.front_matter_end(lines)
    _check_front_matter(lines[:position], page.file)
    fences = [f for f in find_fences(lines) if f.start >= position]
    code = indented_code(lines)  # left alone, like fenced code
    in_code = set(code).union(*(range(f.start, f.end) for f in fences))
    chapter = crossref.chapter_of(page.text, page.file)
    chapters.number_heading(lines, position, in_code, chapter, page.file)
    return position, fences, code


def _page_figures(page: Page, figures) -> dict[str, str]:
    """Ids of the figures this page shows, with their titles."""
    out = {}
    for block in page.blocks.values():
        built = figures.get(block.figure_id)
        out[block.figure_id] = built.spec.title if built else ""
    return out


def _check_front_matter(lines: list[str], file: str) -> None:
    """MkDocs reads the front matter itself: a `{{ }}` there would show raw in
    the title and the navigation."""
    for i, line in enumerate(lines):
        if "{{" in line:
            raise AuthorError(
                "'{{' in the front matter is not computed (MkDocs reads the "
                "title and description as written)",
                file=file,
                line=i + 1,
                allowed="the number written out, or '{{ }}' in the page's text",
            )


def check_info(fence, file: str) -> None:
    """A fence whose language is a typo of `figure` (```Figure, ```figures)
    would show its YAML as code: say so instead."""
    word = fence.info.split()[0] if fence.info.split() else ""
    plain = "".join(c for c in word.lower() if c.isalnum())
    close = difflib.SequenceMatcher(None, plain, "figure").ratio() >= 0.8
    if word != "figure" and (plain == "figure" or close):
        raise AuthorError(
            f"```{shown_text(word, 40)} is not a block kind, so the block would "
            "show as code",
            file=file,
            line=fence.start + 1,
            allowed="```figure for a figure; another word for code",
        )


def _numbers(lines, start, stop, file, namespace, code=frozenset()):
    for i in range(start, stop):
        line = lines[i]
        if "{{" in line and i not in code:
            if namespace is None:
                raise AuthorError(
                    "computed numbers need lessonkit/calc.py (NAMESPACE)",
                    file=file,
                    line=i + 1,
                )
            try:
                line = numbers.expand_line(line, namespace)
            except AuthorError as exc:
                raise exc.at(file, i + 1) from None
        yield line


def _figure(fence, block: Block, figures, root, file, number=None, shown=None):
    if block.figure_id in figures and figures[block.figure_id] is None:
        raise NotBuilt(
            f"figure {block.figure_id!r} has not been built; build without --only",
            file=file,
            line=fence.start + 2,
        )
    built = figures.get(block.figure_id)
    if built is None:
        raise AuthorError(
            f"unknown figure id {block.figure_id!r}",
            file=file,
            line=fence.start + 2,
            field="id",
            allowed=", ".join(sorted(figures)),
        )
    html = snippet.figure_html(
        built.spec,
        built.entry,
        root=root,
        number=number,
        element_id=_element_id(built.spec.id, shown),
    )
    yield ""
    yield from (fence.indent + line for line in html.split("\n"))
    yield ""


def _element_id(figure_id: str, shown: dict[str, int] | None) -> str:
    """`fig-ID`; the same figure again on the page: `fig-ID--2`, ... (ids
    have no double hyphen, so these never meet another figure's)."""
    if shown is None:
        return f"fig-{figure_id}"
    shown[figure_id] = shown.get(figure_id, 0) + 1
    count = shown[figure_id]
    return f"fig-{figure_id}" if count == 1 else f"fig-{figure_id}--{count}"
