"""Material's search, offline: a query finds the chapter-13 page and its
result opens it, by instant navigation, with the chapter's numbered heading.

Material's search results are <article>s holding an <h1> (the page title from
the search index, "Loss Landscape"), earlier in the document than the page's
own article: a test reading `article h1` read the search result, not the
page. The page's heading keeps its number ("13. Loss Landscape")."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .browsing import HEADING, heading, wait_for_page

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
    page.evaluate("() => { window.__e2eNoReload = true; }")
    page.locator(".md-search-result__list a").nth(index).click()
    assert chapter.title == "13. Loss Landscape"  # as the built HTML has it
    wait_for_page(
        page, visit.url(CHAPTER_13), chapter.title, f"search result for {QUERY!r}"
    )
    # Instant navigation swapped the content in: the window was not reloaded.
    assert page.evaluate("() => window.__e2eNoReload === true"), "not instant"
    assert heading(page) == chapter.title
    assert page.locator(HEADING).count() == 1
    visit.assert_clean(f"search result for {QUERY!r}")
