"""`python -m lessonkit.check` (`make check`): what an author should look at
but that does not stop the build: glossary terms whose first use on a page
is not linked to their entry, and bibliography entries no page cites."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import authoring, build, glossary
from .blocks import parse
from .errors import AuthorError


def report(docs: Path) -> list[str]:
    pages = build.read_pages(docs)
    found = authoring.scan(
        pages, docs, lambda fence, file: parse(fence, file).figure_id
    )
    lines = []
    for page in pages:
        for line, term in glossary.unlinked_first_uses(page, found.terms):
            lines.append(
                f"{page.file}:{line}: first use of {term.title!r} is not linked "
                f"to its glossary entry ({term.src})"
            )
    return lines + found.notes()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessonkit.check")
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    args = parser.parse_args(argv)
    try:
        lines = report(args.docs)
    except AuthorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines) if lines else "nothing to report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
