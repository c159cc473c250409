"""The course's own pages: every paper they name is a citation, and every
citation and reference in them resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessonkit import authoring, build
from lessonkit.blocks import parse
from lessonkit.fences import find_fences
from lessonkit.inline import prose
from lessonkit.lessons import declared

DOCS = Path(__file__).resolve().parents[2] / "docs"
# "Li et al.", "Kingma & Ba 2015", "Robbins and Monro (1951)", "Polyak 1964"
PAPER_MENTION = re.compile(
    r"\bet al\b|\b[A-Z][\w-]+(?: (?:and|&) [A-Z][\w-]+)?,? \(?(?:1[89]|20)\d\d\b"
)
CITATION = re.compile(r"\[-?@[^\]]*\]|@[A-Za-z][\w:-]*")


def uncited_mentions(text: str) -> list[str]:
    lines = text.split("\n")
    inside = {i for f in find_fences(lines) for i in range(f.start, f.end)}
    found = []
    for i, line in enumerate(lines):
        if i in inside:
            continue
        plain = CITATION.sub("", prose(line))
        found += [f"{i + 1}: {m.group(0)}" for m in PAPER_MENTION.finditer(plain)]
    return found


def test_the_checker_finds_a_mention_in_running_text():
    text = "As Li et al. showed, and Kingma & Ba 2015.\n`Polyak 1964` [@polyak1964]"
    assert uncited_mentions(text) == ["1: et al", "1: Kingma & Ba 2015"]


# The guide shows what readers see: "(Li et al. 2018)" is its example output.
SHOWS_THE_SYNTAX = {"instructors/index.md"}
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


@pytest.mark.parametrize("page", sorted(set(PAGES) - SHOWS_THE_SYNTAX))
def test_every_paper_named_on_a_page_is_cited(page):
    assert uncited_mentions((DOCS / page).read_text(encoding="utf-8")) == []


def test_figure_texts_name_no_paper_without_citing_it():
    for spec in declared():
        for text in (spec.title, spec.alt, spec.description):
            assert not PAPER_MENTION.search(text), (spec.id, text)


def test_the_course_cites_and_refers_without_error():
    pages = build.read_pages(DOCS)
    found = authoring.scan(pages, DOCS, lambda f, file: parse(f, file).figure_id)
    assert found.bibliography_page == "bibliography.md"
    cited = {key for keys in found.cited.values() for key in keys}
    assert {"li2018visualizing", "goodfellow2015qualitatively"} <= cited
    assert found.labels.pages["lessons/loss-landscape.md"].chapter == 13
