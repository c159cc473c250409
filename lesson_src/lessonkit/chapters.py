"""A lesson's chapter number in its heading: front matter `chapter: 14` and
`# Optimizers on the landscape` build as `# 14. Optimizers on the landscape`.

The number is written once, in the front matter (crossref numbers the
figures, equations and problems from it too). A heading that also types it
("# 14. Optimizers") is an AuthorError: renumbering the chapter would
otherwise print "15. 14. Optimizers". The page title (navigation, browser
tab, search) stays the front matter's `title`, without the number."""

from __future__ import annotations

import re

from .errors import AuthorError

HEADING = re.compile(r"^#[ \t]+(?P<title>\S.*)$")  # a level-1 ATX heading
TYPED_NUMBER = re.compile(r"^(?:\d+\.\s|chapter\s+\d+\b)", re.IGNORECASE)


def numbered_title(title: str, chapter: int | None) -> str:
    """ "14. Optimizers on the landscape"; the title alone without a chapter."""
    return title if chapter is None else f"{chapter}. {title}"


def number_heading(
    lines: list[str], first: int, skip, chapter: int | None, file: str
) -> None:
    """Number, in place, the first `# ` heading at or after line index
    `first` that is not in `skip` (code); nothing without a chapter."""
    if chapter is None:
        return
    for i in range(first, len(lines)):
        match = HEADING.match(lines[i])
        if match is None or i in skip:
            continue
        title = match["title"]
        if typed := TYPED_NUMBER.match(title):
            raise AuthorError(
                f"the heading types its number ({typed[0].strip()!r}); the build "
                f"numbers it from the front matter's chapter: {chapter}",
                file=file,
                line=i + 1,
                field="heading",
                allowed=f"the title alone, e.g. '# {_rest(title, typed.end())}' "
                f"(built as '# {numbered_title('...', chapter)}')",
            )
        lines[i] = "# " + numbered_title(title, chapter)
        return


def _rest(title: str, end: int) -> str:
    return title[end:].lstrip(" .:-)") or "Title"
