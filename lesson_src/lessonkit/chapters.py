"""A lesson's chapter number in its heading: front matter `chapter: 14` and
`# Optimizers on the landscape` build as `# 14. Optimizers on the landscape`.

The number is written once, in the front matter (crossref numbers the
figures, equations and problems from it too). A heading that also types it
("# 14. Optimizers") is an AuthorError: renumbering the chapter would
otherwise print "15. 14. Optimizers"; so is a typed number without a
`chapter:` (the figures would be numbered G.1, G.2, ... instead of 14.1,
14.2), a `chapter:` without a `#` heading to carry it, and, in a course
that numbers its lessons, a lesson of the nav (lessons/*.md) without a
chapter or out of order. The page title (navigation, browser tab, search)
stays the front matter's `title`, without the number."""

from __future__ import annotations

import re

from . import crossref
from .errors import AuthorError

HEADING = re.compile(r"^#[ \t]+(?P<title>\S.*)$")  # a level-1 ATX heading
LESSONS = "lessons/"  # the nav's lessons: every page here but its index.md
TYPED_NUMBER = re.compile(r"^(?:\d+\.\s|chapter\s+\d+\b)", re.IGNORECASE)


def numbered_title(title: str, chapter: int | None) -> str:
    """ "14. Optimizers on the landscape"; the title alone without a chapter."""
    return title if chapter is None else f"{chapter}. {title}"


def number_heading(
    lines: list[str], first: int, skip, chapter: int | None, file: str
) -> None:
    """Number, in place, the first `# ` heading at or after line index
    `first` that is not in `skip` (code); with no chapter, only check that
    the heading types no number."""
    found = _heading(lines, first, skip)
    if found is None:
        if chapter is not None:
            raise _no_heading(lines[:first], chapter, file)
        return
    i, title = found
    if typed := TYPED_NUMBER.match(title):
        raise _typed_number(title, typed, chapter, file, i + 1)
    if chapter is not None:
        lines[i] = "# " + numbered_title(title, chapter)


def _heading(lines: list[str], first: int, skip) -> tuple[int, str] | None:
    """(index, title) of the first `# ` heading outside code, or None."""
    for i in range(first, len(lines)):
        match = HEADING.match(lines[i])
        if match is not None and i not in skip:
            return i, match["title"]
    return None


def _no_heading(front: list[str], chapter: int, file: str) -> AuthorError:
    """A chapter with no `#` heading would show unnumbered (MkDocs titles
    the page from the front matter)."""
    return AuthorError(
        f"chapter: {chapter} but the page has no '# ' heading to carry the number",
        file=file,
        line=crossref.chapter_line("\n".join(front)),
        field="chapter",
        allowed=f"a '# Title' line after the front matter (built as "
        f"'# {numbered_title('Title', chapter)}'; a title underlined with === "
        "is not numbered), or no chapter: on a page that is not a lesson",
    )


def _typed_number(title: str, typed, chapter: int | None, file: str, line: int):
    """A heading that types its number: from `chapter:` it is the build's to
    write; without one, the figures would not be numbered from it either."""
    rest = _rest(title, typed.end())
    if chapter is None:
        return AuthorError(
            f"the heading types a chapter number ({typed[0].strip()!r}) but the "
            "front matter has no chapter:",
            file=file,
            line=line,
            field="heading",
            allowed=f"chapter: N in the front matter and '# {rest}' (built as "
            f"'# N. {rest}'), or a title without a number",
        )
    return AuthorError(
        f"the heading types its number ({typed[0].strip()!r}); the build "
        f"numbers it from the front matter's chapter: {chapter}",
        file=file,
        line=line,
        field="heading",
        allowed=f"the title alone, e.g. '# {rest}' "
        f"(built as '# {numbered_title('...', chapter)}')",
    )


def _rest(title: str, end: int) -> str:
    return title[end:].lstrip(" .:-)") or "Title"


def check_lessons(pages, order: list[str]) -> None:
    """In a course that numbers its lessons, every lesson in the nav `order`
    has a chapter, increasing in nav order (the sidebar, the PDF and the
    answer key list them so). A course may also number none."""
    by_src = {page.src: page for page in pages}
    lessons = [
        (by_src[src], crossref.chapter_of(by_src[src].text, by_src[src].file))
        for src in order
        if src in by_src and src.startswith(LESSONS) and not src.endswith("index.md")
    ]
    if all(chapter is None for _, chapter in lessons):
        return
    before = None  # (page, chapter) of the previous lesson
    for page, chapter in lessons:
        if chapter is None or (before is not None and chapter <= before[1]):
            raise _out_of_order(page, chapter, before)
        before = (page, chapter)


def _out_of_order(page, chapter: int | None, before) -> AuthorError:
    """A lesson without a chapter, or numbered below the one before it."""
    if chapter is None:
        message = (
            "a lesson of the nav has no chapter: while others have one, so "
            "it would be unnumbered"
        )
    else:
        message = (
            f"chapter {chapter} comes after {before[0].file}'s chapter "
            f"{before[1]} in the nav"
        )
    least = 1 if before is None else before[1] + 1
    return AuthorError(
        message,
        file=page.file,
        line=crossref.chapter_line(page.text),
        field="chapter",
        allowed=f"chapter: {least} or more in the front matter, or the page "
        "moved in mkdocs.yml's nav",
    )
