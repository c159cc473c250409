"""`python -m lessonkit.pdf --site site --out build/pdf` (`make pdf`): a PDF
handout per lesson and one for the whole course, printed by headless
Chromium from the built site.

Each handout has a cover (the course's title, authors, licence and repository
from mkdocs.yml, `lessonkit.metadata`; the date of the last commit), a
contents list, the lessons with numbered figures as their
static pictures and problems with space to work, and the solutions in an
appendix. The page is composed by `handout.js`; Chromium prints it with
print styles (docs/stylesheets/extra.css), A4, page numbers in the footer."""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from . import atomic, metadata, snippet
from .course import nav_order
from .errors import AuthorError

CHROMIUM = "/usr/bin/chromium"
SCRIPT = Path(__file__).with_name("handout.js")
COURSE_PDF = "course.pdf"
FOOTER = (
    '<div style="width:100%;font-size:8px;color:#666;padding:0 12mm;'
    'display:flex;justify-content:space-between;font-family:sans-serif">'
    '<span>{title}</span><span><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></span></div>'
)
PDF_DATE = re.compile(rb"D:\d{14}[+\-Z][0-9']*")


def lessons(docs: Path) -> list[str]:
    """The lesson pages in nav order: lessons/*.md but the section index."""
    return [
        src
        for src in nav_order(docs)
        if src.startswith("lessons/") and not src.endswith("index.md")
    ]


def last_commit(root: Path) -> datetime:
    """When the sources last changed: the last commit's time (reproducible)."""
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return datetime.fromtimestamp(int(out) if out else 0, UTC)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """http://127.0.0.1:<free port>/ serving `folder`, for the time of the block."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def fixed_dates(pdf: bytes, when: datetime) -> bytes:
    """Chromium stamps the print time; stamp the last commit's instead (same
    length, so the cross-reference offsets stay right)."""
    stamp = when.strftime("D:%Y%m%d%H%M%S").encode()

    def same_length(match: re.Match) -> bytes:
        old = match.group(0)
        return (stamp + b"Z" + b" " * len(old))[: len(old)] if len(old) >= 16 else old

    return PDF_DATE.sub(same_length, pdf)


def cover(course: metadata.Course, title: str, kind: str, when: datetime) -> dict:
    """What the cover says, for handout.js."""
    return {
        "site": course.title,
        "siteUrl": course.site_url,
        "title": title,
        "kind": kind,
        "authors": course.authors,
        "licence": f"{course.licence} licence",
        "repository": course.repo_url or "",
        "date": when.strftime("%Y-%m-%d"),
    }


def print_handout(browser, base: str, pages: list[str], facts: dict, when):
    """The handout of `pages` (site URLs relative to `base`) as PDF bytes;
    `facts`: its cover (`cover`)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + pages[0], wait_until="load")
        page.evaluate(
            SCRIPT.read_text(encoding="utf-8"),
            {"pages": [base + p for p in pages], "base": base, **facts},
        )
        pdf = page.pdf(
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER.format(title=html.escape(facts["title"])),
            margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
        )
    finally:
        context.close()
    return fixed_dates(pdf, when)


def build(
    site: Path,
    docs: Path,
    out: Path,
    *,
    only: list[str] | None = None,
    whole_course: bool = True,
) -> list[Path]:
    """Write <slug>.pdf per lesson (or only those in `only`) and, unless
    `whole_course` is False, course.pdf."""
    from playwright.sync_api import sync_playwright

    srcs = lessons(docs)
    if not srcs:
        raise SystemExit(
            f"no lessons/ pages in the nav of {docs.parent / 'mkdocs.yml'}"
        )
    urls = {src: snippet.page_url(src) for src in srcs}
    when = last_commit(docs.parent)
    course = metadata.load(Path(docs).resolve().parent / metadata.CONFIG)
    written = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            for src in srcs if only is None else [s for s in srcs if s in only]:
                title = _title(site / urls[src] / "index.html") or src
                target = out / f"{Path(src).stem}.pdf"
                facts = cover(course, title, "Lesson handout", when)
                pdf = print_handout(browser, base, [urls[src]], facts, when)
                atomic.write_bytes(target, pdf)
                written.append(target)
            if whole_course:
                facts = cover(course, course.title, "The whole course", when)
                pdf = print_handout(browser, base, [urls[s] for s in srcs], facts, when)
                atomic.write_bytes(out / COURSE_PDF, pdf)
                written.append(out / COURSE_PDF)
        finally:
            browser.close()
    return written


def _title(html_file: Path) -> str:
    try:
        text = html_file.read_text(encoding="utf-8")
    except OSError:
        return ""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.DOTALL)
    if match is None:
        return ""
    heading = re.sub(r'<a class="headerlink".*?</a>', "", match.group(1))
    return html.unescape(re.sub(r"<[^>]+>", "", heading)).strip()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m lessonkit.pdf", description=__doc__.split("\n")[0]
    )
    p.add_argument("--site", type=Path, default=Path("site"), help="the built site")
    p.add_argument("--docs", type=Path, default=Path("docs"))
    p.add_argument("--out", type=Path, default=Path("build/pdf"))
    p.add_argument("--only", nargs="+", metavar="SRC", help="lessons/x.md pages only")
    args = p.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(
            f"error: {args.site}/index.html not found; build the site first "
            "(make site)",
            file=sys.stderr,
        )
        return 1
    try:
        written = build(args.site, args.docs, args.out, only=args.only)
    except AuthorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
