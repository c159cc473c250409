"""Chapter numbers across the course: every lesson of the nav has one, they
increase in nav order from the seed's 13, no two numbered things print the
same label, numbers are never typed by hand, and the built site shows them
the same way in headings, the lessons index and the answer key."""

from __future__ import annotations

import html
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from lessonkit import authoring, build, mkdocs_yml
from lessonkit.blocks import parse
from lessonkit.calc import NAMESPACE
from lessonkit.crossref import front_matter_end
from lessonkit.fences import find_fences, indented_code
from lessonkit.inline import prose
from lessonkit.pages import expand

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SEED = ROOT / "tests" / "fixtures" / "seeds" / "002_ab8ddcb7cae1fb4e.txt"
# "Figure 3", "problem 13.2", "Chapter 13's", "Equations 2": typed numbers.
TYPED = re.compile(r"\b(?:figure|equation|problem|chapter)s? \d", re.IGNORECASE)
# The instructor guide explains the numbering with examples of it.
EXPLAINS_NUMBERING = {"instructors/index.md"}


def nav_lessons() -> list[str]:
    """The pages of the nav's "Lessons" section, read from mkdocs.yml."""
    nav = mkdocs_yml.read(ROOT / "mkdocs.yml")["nav"]
    (section,) = [i["Lessons"] for i in nav if isinstance(i, dict) and "Lessons" in i]
    return [p for p in section if isinstance(p, str) and p != "lessons/index.md"]


def meta(src: str) -> dict:
    text = (DOCS / src).read_text(encoding="utf-8")
    return yaml.safe_load(re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)[1])


def seed_chapter() -> tuple[int, str]:
    """(13, "Loss Landscape"): the seed chapter's own heading."""
    match = re.search(r"^## (\d+)\. (.+)$", SEED.read_text(encoding="utf-8"), re.M)
    return int(match[1]), match[2].strip()


def test_every_lesson_in_the_nav_has_a_chapter_increasing_in_nav_order():
    lessons = nav_lessons()
    assert len(lessons) >= 7
    chapters = [meta(src).get("chapter") for src in lessons]
    shown = dict(zip(lessons, chapters, strict=True))
    assert all(isinstance(c, int) for c in chapters), shown
    assert chapters == sorted(set(chapters)), shown
    assert (chapters[0], meta(lessons[0])["title"]) == seed_chapter()


def test_no_two_numbered_things_print_the_same_label():
    """Every figure, equation and problem of the course prints a label no
    other has: lessons' from their chapter, the glossary's (no chapter) from
    one G sequence, so two entries never both show "Figure 1"."""
    pages = build.read_pages(DOCS, namespace=NAMESPACE)
    scan = authoring.scan(pages, DOCS, lambda f, file: parse(f, file).figure_id)
    printed = Counter()
    for numbers in scan.labels.pages.values():
        for kind in ("fig", "eq", "prob"):
            printed.update((kind, number) for _, number in getattr(numbers, kind))
    glossary = [n for (kind, n) in printed if kind == "fig" and n.startswith("G.")]
    assert len(glossary) >= 2  # the course has such figures, so this can fail
    assert printed and max(printed.values()) == 1, [
        label for label, n in printed.items() if n > 1
    ]


def test_the_lessons_index_numbers_each_lesson_with_its_chapter():
    """Its table's first column is typed (a bare number; "Chapter 13" links
    would wrap on a phone): held here to each linked lesson's `chapter:`."""
    text = (DOCS / "lessons" / "index.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| \[[^\]]+\]\(([a-z0-9-]+\.md)\) \|", text, re.M)
    assert [(int(n), f"lessons/{page}") for n, page in rows] == [
        (meta(src)["chapter"], src) for src in nav_lessons()
    ]


def home_path_items(expanded: str) -> list[str]:
    """The list items of the home page's "The path", in its expanded Markdown."""
    section = expanded.split("\n## The path\n")[1].split("\n## ")[0]
    return re.findall(r"^- (.*(?:\n  .*)*)", section, re.M)


def test_the_home_page_lists_each_lesson_as_one_link_with_its_chapter():
    """One link per lesson, "Chapter 13 · Loss Landscape", not a title link
    then a "Chapter 13" link to the same page (screen readers heard both)."""
    pages = build.read_pages(DOCS, namespace=NAMESPACE)
    scan = authoring.scan(pages, DOCS, lambda f, file: parse(f, file).figure_id)
    (home,) = [p for p in pages if p.src == "index.md"]
    expanded = expand(home, figures={}, namespace=NAMESPACE, authoring=scan)
    items = home_path_items(expanded)
    links = [re.findall(r"\[([^\]]*)\]\(([^)]*)\)", item) for item in items]
    assert all(len(found) == 1 for found in links), items
    lessons = [found[0] for found in links[:-1]]
    assert lessons == [
        (f"Chapter {meta(src)['chapter']} · {meta(src)['title']}", src)
        for src in nav_lessons()
    ]


def prose_lines(src: str):
    """(line number, text) of a page's prose: no front matter, no code."""
    lines = (DOCS / src).read_text(encoding="utf-8").split("\n")
    code = indented_code(lines).union(
        *(range(f.start, f.end) for f in find_fences(lines))
    )
    for i in range(front_matter_end(lines), len(lines)):
        if i not in code:
            yield i + 1, prose(lines[i])


@pytest.mark.parametrize(
    "src",
    sorted(
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if p.relative_to(DOCS).as_posix() not in EXPLAINS_NUMBERING
    ),
)
def test_no_page_types_a_figure_problem_equation_or_chapter_number(src):
    """Refer with @fig:, @eq:, @prob: and @ch: (the instructor guide), so a
    renumbered chapter or a moved problem can never leave a stale number."""
    typed = [f"{src}:{n}: {line}" for n, line in prose_lines(src) if TYPED.search(line)]
    assert not typed, "\n".join(typed)


# The built site ------------------------------------------------------------------


@pytest.mark.slow
def test_lesson_headings_carry_their_chapter_number(site):
    for src in nav_lessons():
        page = site.page(src.removesuffix(".md") + "/")
        assert page.title == f"{meta(src)['chapter']}. {meta(src)['title']}", src
    number, title = seed_chapter()
    assert site.page("lessons/loss-landscape/").title == f"{number}. {title}"


def text_of(fragment: str) -> str:
    fragment = re.sub(r'<a class="headerlink".*?</a>', "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


@pytest.mark.slow
def test_lessons_index_and_answer_key_list_the_chapters_in_nav_order(site):
    expected = [(meta(src)["chapter"], meta(src)["title"]) for src in nav_lessons()]
    index = site.page("lessons/").html_file.read_text(encoding="utf-8")
    table = index.split("<table>")[1].split("</table>")[0]
    rows = [
        [text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)][:2]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    ]
    assert rows == [[str(n), title] for n, title in expected]
    key = site.page("instructors/answer-key/").html_file.read_text(encoding="utf-8")
    sections = [text_of(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", key, re.S)]
    lessons = [f"{n}. {title}" for n, title in expected]
    assert [s for s in sections if s in lessons] == lessons


@pytest.mark.slow
def test_no_two_adjacent_links_of_the_home_path_open_the_same_page(site):
    """The built home page: in "The path", each link opens another page than
    the one before it, and each lesson reads "Chapter N · Title" as one link."""
    page = site.page("").html_file.read_text(encoding="utf-8")
    listing = page.split('id="the-path"')[1].split("<ul>")[1].split("</ul>")[0]
    hrefs = re.findall(r'<a\b[^>]*href="([^"]*)"', listing)
    assert len(hrefs) == len(nav_lessons()) + 1  # and the lab
    assert all(a != b for a, b in pairwise(hrefs)), hrefs
    texts = [text_of(a) for a in re.findall(r"<a\b[^>]*>(.*?)</a>", listing, re.S)]
    assert texts[:-1] == [
        f"Chapter {meta(src)['chapter']} · {meta(src)['title']}"
        for src in nav_lessons()
    ]
