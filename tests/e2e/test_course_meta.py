"""The course's metadata in the browser: the header's repository link, the
footer and each page's last-updated date and edit link show, and no request
leaves 127.0.0.1 (the theme would ask the code host's API for stars and
forks), on a desktop, by instant navigation and on a phone."""

from __future__ import annotations

import re

import pytest

from lessonkit import metadata

from .browsing import REPO, screenshot, toggle_palette, wait_for_page
from .conftest import PHONE

pytestmark = pytest.mark.e2e

COURSE = metadata.load(REPO / "mkdocs.yml")
CHAPTER_13 = "lessons/loss-landscape/"


def test_metadata_shows_and_nothing_leaves_127_0_0_1(open_visit, built_site):
    visit = open_visit()
    page = visit.goto("")
    source = page.locator("header a.md-source")
    assert source.is_visible() and source.get_attribute("href") == COURSE.repo_url
    footer = " ".join(page.locator(".md-copyright").inner_text().split())
    assert f"{COURSE.title} · © {COURSE.copyright} · {COURSE.licence} licence" in (
        footer
    )
    # Instant navigation to chapter 13, then give late requests time to start.
    page.locator(f'.md-nav a[href$="{CHAPTER_13}"]').first.click()
    title = built_site.page(CHAPTER_13).title
    wait_for_page(page, visit.url(CHAPTER_13), title, "nav link to chapter 13")
    page.wait_for_load_state("networkidle")
    updated = page.locator(".ll-page-meta__updated time")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", updated.get_attribute("datetime"))
    assert updated.is_visible()
    edit = page.locator("a.ll-page-meta__edit")
    assert edit.get_attribute("href") == (
        f"{COURSE.repo_url}/edit/main/docs/lessons/loss-landscape.md"
    )
    # The theme keeps fetched repository facts in sessionStorage["__source"].
    assert page.evaluate("() => sessionStorage.getItem('__source')") is None
    assert page.locator(".md-source__facts").count() == 0
    page.locator(".ll-page-meta").scroll_into_view_if_needed()
    screenshot(page, "course-meta", "desktop-light")
    toggle_palette(page, "chapter 13")
    screenshot(page, "course-meta", "desktop-dark")
    assert visit.external_requests == []
    visit.assert_clean("home, then chapter 13 by instant navigation")


def test_metadata_on_a_phone(open_visit):
    visit = open_visit(**PHONE)
    page = visit.goto(CHAPTER_13)
    page.wait_for_load_state("networkidle")
    meta = page.locator(".ll-page-meta")
    meta.scroll_into_view_if_needed()
    assert meta.is_visible()
    box = meta.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.locator(".md-copyright").scroll_into_view_if_needed()
    assert page.locator(".md-copyright a[rel=license]").is_visible()
    screenshot(page, "course-meta", "phone")
    visit.assert_clean("chapter 13 on a phone")
