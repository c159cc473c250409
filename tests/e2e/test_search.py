"""Material's search, offline: a query finds the chapter-13 page and its
result opens it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .browsing import wait_for_page

pytestmark = pytest.mark.e2e

QUERY = "cross-entropy"
CHAPTER_13 = "lessons/loss-landscape/"

# Index of the first search result linking to path, or -1.
_RESULT_JS = """path => [...document.querySelectorAll('.md-search-result__list a')]
  .findIndex(a => new URL(a.href).pathname === path)"""


def test_search_finds_chapter_13_and_opens_it(built_site, open_visit):
    chapter = built_site.page(CHAPTER_13)
    visit = open_visit()
    page = visit.goto("")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(QUERY, delay=20)
    path = "/" + CHAPTER_13
    try:
        page.wait_for_function(f"path => ({_RESULT_JS})(path) >= 0", arg=path)
    except PlaywrightTimeout:
        shown = page.locator(".md-search-result__list a").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)"
        )
        meta = page.locator(".md-search-result__meta").all_inner_texts()
        pytest.fail(
            f"searching {QUERY!r} on the home page lists no link to /{CHAPTER_13}; "
            f"results: {shown or 'none'} ({' '.join(meta)})"
        )
    index = page.evaluate(_RESULT_JS, path)
    page.locator(".md-search-result__list a").nth(index).click()
    # The heading's words, without the chapter number the build puts in front.
    words = re.sub(r"^\d+\.\s*", "", chapter.title)
    wait_for_page(page, visit.url(CHAPTER_13), words, f"search result for {QUERY!r}")
