"""Expanded pages: figure blocks become the figure HTML (URLs relative to the
page), problem blocks the problem box, answer-key and progress blocks the
course's lists, `{{ expr :fmt }}` become numbers; other fences stay verbatim."""

from __future__ import annotations

from dataclasses import dataclass

from . import course as course_problems
from . import numbers, problem_html, problems, snippet
from .blocks import is_figure
from .errors import AuthorError
from .fences import find_fences


class NotBuilt(AuthorError):
    """A page shows a declared figure that this (--only) build did not make."""


@dataclass(frozen=True)
class FigureInfo:
    """What the page needs to show a built figure."""

    id: str
    title: str
    alt: str
    description: str
    interactive: bool
    static_name: str
    width: int
    height: int
    webgl: bool


def expand(
    text: str,
    *,
    src: str,
    file: str,
    figures: dict[str, FigureInfo | None],  # None: declared, not built
    namespace: dict | None,
    directory_urls: bool = True,
    course: list | None = None,  # course.PageProblems of every page
) -> str:
    """The page `src` (e.g. lessons/x.md, shown in errors as `file`) expanded."""
    lines = text.split("\n")
    out: list[str] = []
    root = snippet.site_root(src, directory_urls=directory_urls)
    position, number = 0, 0
    fences = find_fences(lines)
    page_figures = _page_figures(fences, figures, file)
    for fence in fences:
        out.extend(_numbers(lines, position, fence.start, file, namespace))
        if is_figure(fence):
            out.extend(_figure(fence, lines, figures, root, file))
        elif problems.is_problem(fence):
            number += 1
            problem = problems.parse(fence, file, namespace)
            html = problem_html.render(problem, number, namespace, page_figures)
            out.extend(["", *(fence.indent + line for line in html), ""])
        elif course_problems.is_summary(fence):
            html = course_problems.render(fence, src, file, course, namespace)
            out.extend(["", *(fence.indent + line for line in html), ""])
        else:
            out.extend(lines[fence.start : fence.end])
        position = fence.end
    out.extend(_numbers(lines, position, len(lines), file, namespace))
    return "\n".join(out)


def _page_figures(fences, figures, file) -> dict[str, str]:
    """Ids of the figures this page shows, with their titles."""
    from .blocks import parse

    out = {}
    for fence in fences:
        if is_figure(fence) and fence.closed:
            figure_id = parse(fence, file).figure_id
            info = figures.get(figure_id)
            out[figure_id] = info.title if info else ""
    return out


def _numbers(lines, start, stop, file, namespace):
    for i in range(start, stop):
        line = lines[i]
        if "{{" in line:
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


def _figure(fence, lines, figures, root, file):
    from .blocks import parse

    block = parse(fence, file)
    if block.figure_id in figures and figures[block.figure_id] is None:
        raise NotBuilt(
            f"figure {block.figure_id!r} has not been built; build without --only",
            file=file,
            line=fence.start + 2,
        )
    info = figures.get(block.figure_id)
    if info is None:
        raise AuthorError(
            f"unknown figure id {block.figure_id!r}",
            file=file,
            line=fence.start + 2,
            field="id",
            allowed=", ".join(sorted(figures)),
        )
    html = snippet.figure_html(
        figure_id=info.id,
        title=info.title,
        alt=info.alt,
        description=info.description,
        static_name=info.static_name,
        width=info.width,
        height=info.height,
        interactive=info.interactive,
        webgl=info.webgl,
        root=root,
    )
    yield ""
    yield from (fence.indent + line for line in html.split("\n"))
    yield ""
