"""PDF handouts: one lesson's PDF and the course PDF are printed once per
session from the built site, then read back with poppler (pdftotext,
pdfinfo) and checked against the Markdown sources."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit import metadata, pdf
from tests.sitebuild import SESSION_BUILD

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LESSON = "lessons/loss-landscape.md"
pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # prints from the built site
PROBLEM = re.compile(r'^(?:!!! question "Problem|```problem)', re.MULTILINE)


def print_pdfs(out: Path, whole_course: bool = True) -> dict[str, Path]:
    """`make pdf` of LESSON (and the course) from the session's site into out."""
    for tool in ("pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            pytest.fail(
                f"{tool} not found: apt-get install poppler-utils", pytrace=False
            )
    site = SESSION_BUILD.get()
    if isinstance(site, RuntimeError):
        pytest.fail(str(site), pytrace=False)
    # Its own process: the browser tests' Playwright already runs an event loop
    # in this one, and Playwright's sync API refuses to start inside it.
    code = (
        "import sys; from pathlib import Path; from lessonkit import pdf; "
        "print('\\n'.join(str(p) for p in pdf.build(Path(sys.argv[1]), "
        "Path(sys.argv[2]), Path(sys.argv[3]), only=[sys.argv[4]], "
        "whole_course=sys.argv[5] == 'yes')))"
    )
    args = [str(site.root), str(DOCS), str(out), LESSON]
    done = subprocess.run(
        [sys.executable, "-c", code, *args, "yes" if whole_course else "no"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"make pdf failed:\n{done.stderr}", pytrace=False)
    written = [Path(ln) for ln in done.stdout.splitlines() if ln.endswith(".pdf")]
    return {path.name: path for path in written}


@pytest.fixture(scope="session")
def handouts(tmp_path_factory) -> dict[str, Path]:
    return print_pdfs(tmp_path_factory.mktemp("pdf"))


def pages(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")[:-1]


def page_count(path: Path) -> int:
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1])


def source(src: str) -> str:
    return (DOCS / src).read_text(encoding="utf-8")


def title(src: str) -> str:
    """The lesson's heading as built: "14. Optimizers on the landscape"."""
    heading = re.search(r"^# (.+)$", source(src), re.MULTILINE)[1]
    chapter = re.search(r"^chapter: (\d+)$", source(src), re.MULTILINE)
    return f"{chapter[1]}. {heading}" if chapter else heading


def counts(src: str) -> tuple[int, int]:
    """(figures, numbered problems) the Markdown source holds."""
    text = source(src)
    unnumbered = len(re.findall(r"^numbered: false\s*$", text, re.MULTILINE))
    return text.count("```figure"), len(PROBLEM.findall(text)) - unnumbered


def where(texts: list[str], needle: str) -> int:
    """Index of the first page holding `needle` (spaces as in pdftotext)."""
    for i, text in enumerate(texts):
        if needle in " ".join(text.split()):
            return i
    raise AssertionError(f"{needle!r} is on no page")


def last_contents_page(texts: list[str]) -> int:
    """The contents start on page 1; a page listing sections ("a. Momentum:
    a heavy ball", each lesson's ## headings) continues them."""
    sections = {
        h
        for src in pdf.lessons(DOCS)
        for h in re.findall(r"^## (.+)$", source(src), re.M)
    }

    def lists_sections(text: str) -> bool:
        lines = (re.match(r"^\s*[a-z]\.\s+(.+)$", line) for line in text.split("\n"))
        return any(m and m[1].strip() in sections for m in lines)

    last = 1
    while last + 1 < len(texts) and lists_sections(texts[last + 1]):
        last += 1
    return last


def appendix_page(texts: list[str]) -> int:
    """The page whose heading line is "Solutions" (after the contents)."""
    return next(
        i
        for i, text in enumerate(texts)
        if i > last_contents_page(texts)
        and any(line.strip() == "Solutions" for line in text.split("\n"))
    )


def test_lesson_handout_has_cover_contents_figures_problems_and_solutions(handouts):
    path = handouts["loss-landscape.pdf"]
    texts = pages(path)
    assert len(texts) == page_count(path) >= 6
    cover = " ".join(texts[0].split())
    assert title(LESSON) == "13. Loss Landscape"  # the seed chapter's title
    assert title(LESSON) in cover and "Lesson handout" in cover
    day = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    assert f"Version of {day}" in cover
    assert "Problem" not in cover  # the cover holds nothing else
    assert where(texts, "Contents") == 1
    for heading in re.findall(r"^## (.+)$", source(LESSON), re.MULTILINE):
        assert heading in " ".join(texts[1].split()), heading
    figures, problems = counts(LESSON)
    assert figures >= 4 and problems >= 4
    for n in range(1, figures + 1):
        where(texts, f"Figure 13.{n}.")
    solutions = appendix_page(texts)
    last_problem = max(where(texts, f"Problem 13.{n}") for n in range(1, problems + 1))
    assert solutions > last_problem  # the appendix comes after every problem
    appendix = " ".join(" ".join(t.split()) for t in texts[solutions:])
    for n in range(1, problems + 1):
        assert f"Solution to Problem 13.{n}" in appendix
    body = " ".join(" ".join(t.split()) for t in texts[:solutions])
    assert "Solution to" not in body and "Show solution" not in body
    assert "open on its own" not in body  # figures are their static pictures
    assert "global minimum" in body  # a label drawn inside a figure (SVG text)


def test_course_handout_holds_every_lesson_in_order(handouts):
    path = handouts[pdf.COURSE_PDF]
    texts = pages(path)
    assert page_count(path) > page_count(handouts["loss-landscape.pdf"])
    assert "The whole course" in texts[0]
    lessons = pdf.lessons(DOCS)
    assert lessons[0] == LESSON and len(lessons) >= 4
    contents = " ".join(" ".join(texts[1:4]).split())  # seven lessons: 2-3 pages
    listed = [contents.index(title(src)) for src in lessons]
    assert not re.search(r"\b\d+\. \d+\. ", contents)  # no "1. 13. Loss Landscape"
    assert listed == sorted(listed)  # the contents in nav order
    last_contents = last_contents_page(texts)
    assert last_contents > 1  # seven lessons' contents run over
    starts = [  # each lesson starts with its heading on a line of its own
        next(
            i
            for i, t in enumerate(texts)
            if i > last_contents
            and any(line.strip() == title(src) for line in t.split("\n"))
        )
        for src in lessons
    ]
    assert starts == sorted(starts)
    solutions = appendix_page(texts)
    appendix = " ".join(" ".join(t.split()) for t in texts[solutions:])
    for src in lessons:
        chapter = re.search(r"^chapter: (\d+)$", source(src), re.MULTILINE)
        prefix = f"{chapter[1]}." if chapter else ""
        _, problems = counts(src)
        assert f"Solution to Problem {prefix}{problems}" in appendix, src


def test_the_cover_holds_the_course_metadata_from_mkdocs_yml(handouts):
    course = metadata.load(ROOT / "mkdocs.yml")
    for name in ("loss-landscape.pdf", pdf.COURSE_PDF):
        cover = " ".join(pages(handouts[name])[0].split())
        assert course.title in cover, name
        assert course.authors in cover, name
        assert f"{course.licence} licence" in cover, name
        assert f"Source: {course.repo_url}" in cover, name


def test_printing_twice_gives_the_same_bytes(handouts, tmp_path):
    """Chromium stamps the print time into the PDF; pdf.py stamps the last
    commit's instead, so a second print of the same site is byte-identical.
    Links go to the published site, not the local server (a new port each
    time) that the handout was printed from."""
    again = print_pdfs(tmp_path, whole_course=False)
    first = handouts["loss-landscape.pdf"].read_bytes()
    assert b"127.0.0.1" not in first
    site_url = metadata.load(ROOT / "mkdocs.yml").site_url.encode()
    assert b"/URI (" + site_url + b"lessons/" in first
    assert set(again) == {"loss-landscape.pdf"}
    assert again["loss-landscape.pdf"].read_bytes() == first
    when = pdf.last_commit(ROOT).strftime("D:%Y%m%d%H%M%S").encode()
    stamps = re.findall(rb"/(?:CreationDate|ModDate) \((D:[^)]*)\)", first)
    assert stamps and all(s.startswith(when) for s in stamps), stamps
    info = subprocess.run(
        ["pdfinfo", "-isodates", str(handouts["loss-landscape.pdf"])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    iso = pdf.last_commit(ROOT).strftime("%Y-%m-%dT%H:%M:%S")
    assert re.search(rf"^CreationDate:\s+{iso}", info, re.MULTILINE), info
