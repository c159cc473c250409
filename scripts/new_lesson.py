"""Start a new lesson: a page with a sample figure and problem, added to the nav.

.venv/bin/python scripts/new_lesson.py "Saddle points" [--slug SLUG]
    [--section Lessons] [--docs docs] [--config mkdocs.yml]
"""

from __future__ import annotations

import argparse
import sys

from lessonkit.errors import AuthorError
from lessonkit.scaffold import create_lesson


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("title", help='the lesson title, e.g. "Saddle points"')
    parser.add_argument(
        "--slug", help="file name without .md (default: from the title)"
    )
    parser.add_argument("--section", default="Lessons", help="nav section to add it to")
    parser.add_argument("--docs", default="docs", help="the docs folder")
    parser.add_argument("--config", default="mkdocs.yml", help="the MkDocs config")
    args = parser.parse_args(argv)
    try:
        created = create_lesson(
            args.title,
            slug=args.slug,
            section=args.section,
            docs_dir=args.docs,
            config=args.config,
        )
    except AuthorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"created {created.page} (figure id: {created.figure_id})")
    print(f"added to the nav of {created.config}, section {args.section!r}:")
    print(f"  {created.nav_line.strip()}")
    print("next: run `make serve`, open the page and edit it; saves show in seconds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
