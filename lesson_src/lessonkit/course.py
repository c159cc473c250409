"""Every problem of the course, page by page: collected and validated before
any page is expanded (ids are unique across the course), then shown whole in
the instructor answer key (```answer-key) and counted in the reader's
progress summary (```progress)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import chapters, crossref, mkdocs_yml, problem_html, problems
from .errors import AuthorError
from .fences import Fence
from .problems import Problem

KEY_INFO, PROGRESS_INFO = "answer-key", "progress"
FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL)
HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class PageProblems:
    src: str  # e.g. "lessons/loss-landscape.md"
    title: str  # with its chapter number: "13. Loss Landscape"
    problems: tuple[Problem, ...]


def is_summary(fence: Fence) -> bool:
    return fence.info.split()[:1] in ([KEY_INFO], [PROGRESS_INFO])


def collect(pages, order: list[str] | None = None) -> list[PageProblems]:
    """The problems of each page that has any (`pages.Page.problems`, parsed
    with the page), in `order` (nav order), then the other pages by path.
    Raises AuthorError on an id used twice in the course."""
    found, seen = [], {}
    for page in pages:
        listed = []
        for problem in page.problems.values():  # in page order
            if problem.id in seen:
                raise AuthorError(
                    f"problem id {problem.id!r} is already used in {seen[problem.id]}",
                    file=page.file,
                    line=problem.line + 1,
                    field="id",
                    allowed="an id used by no other problem of the course",
                )
            seen[problem.id] = f"{page.file}:{problem.line}"
            listed.append(problem)
        if listed:
            chapter = crossref.chapter_of(page.text, page.file)
            title = chapters.numbered_title(page_title(page.text, page.src), chapter)
            found.append(PageProblems(page.src, title, tuple(listed)))
    rank = {src: i for i, src in enumerate(order or ())}
    return sorted(found, key=lambda p: (rank.get(p.src, len(rank)), p.src))


def page_title(text: str, src: str) -> str:
    match = FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("title"), str):
            return meta["title"]
    heading = HEADING.search(text)
    return heading.group(1).strip() if heading else src


def nav_order(docs: Path) -> list[str]:
    """Page paths in the order of mkdocs.yml's nav (next to docs/), if readable."""
    config = Path(docs).resolve().parent / "mkdocs.yml"
    try:
        nav = mkdocs_yml.read(config).get("nav", [])
    except (OSError, yaml.YAMLError, AttributeError):
        return []
    out = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(nav)
    return out


def link(src: str, target: str) -> str:
    """Relative Markdown link from page `src` to page `target`."""
    return posixpath.relpath(target, posixpath.dirname(src) or ".")


def render(
    fence: Fence, src: str, file: str, course, namespace, labels=None
) -> list[str]:
    """The answer key or the progress summary for the page `src`."""
    if any(line.strip() for line in fence.body):
        raise AuthorError(
            f"a {fence.info.split()[0]} block takes no fields",
            file=file,
            line=fence.start + 2,
            allowed="an empty block: ```" + fence.info.split()[0] + " then ```",
        )
    if course is None:
        raise AuthorError(
            "no problem list was collected", file=file, line=fence.start + 1
        )
    if fence.info.split()[0] == KEY_INFO:
        return answer_key(src, course, namespace, labels)
    return progress(src, course)


def answer_key(
    src: str, course: list[PageProblems], namespace, labels=None
) -> list[str]:
    """Every problem with its answer and worked solution, open for print;
    numbered as on its page (crossref `labels`: "Problem 13.2")."""
    out = ['<div class="ll-answer-key" markdown="block">', ""]
    for page in course:
        out += [f"## [{page.title}]({link(src, page.src)})", ""]
        for number, problem in zip(
            problems.numbering(page.problems), page.problems, strict=True
        ):
            label = labels.by_name.get(f"prob:{problem.id}") if labels else None
            if label is not None and problem.numbered:
                number = label.number
            anchor = f"{link(src, page.src)}#problem-{problem.id}"
            out += [
                f"### {problem_html.heading(problem, number)} {{#key-{problem.id}}}",
                "",
                f"[On its page]({anchor}) · id `{problem.id}`",
                "",
                *problem_html.expand_text(
                    problem, "statement", problem.statement, namespace
                ),
                "",
            ]
            if problem.choices:
                out += [*problem_html.choice_notes(problem, namespace), ""]
            out += [*problem_html.answer_lines(problem), ""]
            for i, hint in enumerate(problem.hints):
                text = problem_html.expand_text(problem, f"hints[{i}]", hint, namespace)
                out += [f"*Hint {i + 1}:* " + text[0], *text[1:], ""]
            out += [
                "**Solution.**",
                "",
                *problem_html.expand_text(
                    problem, "solution", problem.solution, namespace
                ),
                "",
            ]
    out.append("</div>")
    return out


def progress(src: str, course: list[PageProblems]) -> list[str]:
    """A table of the course's pages with problems; the page script fills in
    what this browser has attempted and solved."""
    out = [
        '<div class="ll-progress" markdown="block">',
        "",
        "| Page | Problems | Tried | Solved |",
        "| --- | ---: | ---: | ---: |",
    ]
    for page in course:
        ids = " ".join(p.id for p in page.problems)
        out.append(
            f"| [{page.title}]({link(src, page.src)}) | {len(page.problems)} "
            f'| <span data-attempted="{ids}">-</span> '
            f'| <span data-solved="{ids}">-</span> |'
        )
    total = sum(len(p.problems) for p in course)
    out += [
        "",
        f'<p class="ll-progress__total" data-total="{total}">'
        f"{total} problems in the course. Your progress is kept in this "
        "browser only and needs JavaScript.</p>",
        "",
        '<button type="button" class="ll-button" data-action="reset-progress" '
        "hidden>Reset my progress</button>",
        "",
        "</div>",
    ]
    return out
