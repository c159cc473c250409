"""A phone's first load of chapter 13 stays small (issue 14: at most 180 KB
compressed before the reader scrolls), measured as Lighthouse's mobile preset
sees it (scripts/first_load.py); what it leaves out still arrives when wanted:
the search index when the reader opens search, each figure's picture when it
nears the screen, in a place kept for it, and without JavaScript at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.scripts import load

from .browsing import Visit

pytestmark = pytest.mark.e2e

first_load = load("first_load")
CHAPTER_13 = first_load.PAGE
INDEX = "search/search_index.json"
# A static figure's picture (an interactive figure or explorer replaces its own).
PICTURE = "figure.ll-figure:not([data-json], .ll-explorer) img.ll-figure__static"
# From the picture's top to the top of the block after the picture's block.
GAP_TO_NEXT_BLOCK = """img => {
  const next = img.closest(".md-content__inner > *").nextElementSibling;
  return next.getBoundingClientRect().top - img.getBoundingClientRect().top;
}"""


@pytest.fixture(scope="module")
def gzipped_url(built_site) -> Iterator[str]:
    server, url = first_load.serve(built_site.root)
    yield url
    server.shutdown()
    server.server_close()


def test_chapter_13_first_load_at_phone_size_is_at_most_180_kb(browser, gzipped_url):
    rows = first_load.measure(browser, gzipped_url + CHAPTER_13)
    total = sum(size for _, size in rows)
    listing = "\n".join(first_load.breakdown(rows))
    assert total <= first_load.GOAL_BYTES, f"first load too large:\n{listing}"
    urls = [url for url, _ in rows]
    assert any(url.endswith("/" + CHAPTER_13) for url in urls), listing
    assert not [u for u in urls if u.endswith(INDEX) or "/figures/" in u], listing


def test_the_search_index_arrives_when_the_reader_opens_search(browser, base_url):
    visit = Visit.open(browser, base_url, **first_load.PHONE)
    try:
        asked = []
        visit.page.on("request", lambda request: asked.append(request.url))
        page = visit.goto(CHAPTER_13)
        page.wait_for_load_state("networkidle")
        assert not [u for u in asked if u.endswith(INDEX)], "index fetched on load"
        page.locator("label.md-header__button[for=__search]").click()  # phone icon
        page.locator(".md-search__input").press_sequentially("hessian", delay=20)
        page.wait_for_selector(".md-search-result__list a")
        assert [u for u in asked if u.endswith(INDEX)] == [base_url + INDEX]
        assert visit.problems() == []
    finally:
        visit.context.close()


def test_a_picture_loads_near_the_screen_into_the_place_kept_for_it(browser, base_url):
    """The picture's request is held until the reader has scrolled to it, so
    its place is measured with the picture still on its way, and again once it
    has arrived: the picture fills the place kept for it and moves nothing.
    (Blocks far from the screen have a guessed height until they are drawn,
    near the screen or once the page is idle, which may happen between the two
    measurements: so what follows the picture is measured from the picture,
    not from the top of the page.)"""
    visit = Visit.open(browser, base_url, **first_load.PHONE)
    held = []
    try:
        visit.context.route("**/figures/*", lambda route: held.append(route))
        page = visit.goto(CHAPTER_13)
        picture = page.locator(PICTURE).first
        assert picture.get_attribute("src") is None, "fetched before it was near"
        picture.scroll_into_view_if_needed()
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the picture was not requested once it was near"
        box, gap = picture.bounding_box(), picture.evaluate(GAP_TO_NEXT_BLOCK)
        assert box["height"] > 100, f"no place kept for the picture: {box}"
        visit.context.unroute("**/figures/*")
        for route in held:
            route.continue_()
        loaded = "img => img.complete && img.naturalWidth > 0"
        page.wait_for_function(loaded, arg=picture.element_handle())
        assert picture.bounding_box()["height"] == pytest.approx(box["height"], abs=1)
        after = picture.evaluate(GAP_TO_NEXT_BLOCK)
        assert after == pytest.approx(gap, abs=1), "what follows it moved when it came"
        assert visit.problems() == []
    finally:
        visit.context.close()


def test_without_javascript_every_picture_shows(browser, base_url):
    context = browser.new_context(java_script_enabled=False, **first_load.PHONE)
    try:
        page = context.new_page()
        page.goto(base_url + CHAPTER_13)
        shown = page.locator("img.ll-figure__static")
        pictures = [p for p in shown.all() if p.is_visible()]
        assert len(pictures) >= 5
        for picture in pictures:
            picture.scroll_into_view_if_needed()
            assert picture.get_attribute("src"), picture.evaluate("el => el.outerHTML")
            page.wait_for_function(
                "img => img.naturalWidth > 0", arg=picture.element_handle()
            )
    finally:
        context.close()
