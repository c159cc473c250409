"""Glossary previews in the browser: a linked term shows its entry's
one-sentence summary on hover, keyboard focus and tap, without leaving the
page; Escape hides it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import PHONE

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = "lessons/loss-landscape/"
TERM = "glossary/loss-surface"


def summary(entry: str) -> str:
    """The entry's description, read from its front matter (the source)."""
    text = (DOCS / f"{entry}.md").read_text(encoding="utf-8")
    return re.search(r'^description: "(.*)"$', text, re.MULTILINE)[1]


def first_term_link(page):
    return page.locator(f'article a.ll-term[href*="{TERM}"]').first


def tooltip(page, link):
    return page.locator(f"#{link.get_attribute('aria-describedby')}")


def test_hover_shows_the_summary(open_visit):
    page = open_visit().goto(PAGE)
    link = first_term_link(page)
    tip = tooltip(page, link)
    assert tip.is_hidden()
    link.hover()
    tip.wait_for(state="visible")
    assert tip.inner_text() == summary(TERM)
    assert tip.get_attribute("role") == "tooltip"
    box, anchor = tip.bounding_box(), link.bounding_box()
    assert box["y"] >= anchor["y"] + anchor["height"] - 1  # just below the term
    page.mouse.move(5, 5)
    tip.wait_for(state="hidden")


def test_keyboard_focus_shows_it_and_escape_hides_it(open_visit):
    page = open_visit().goto(PAGE)
    link = first_term_link(page)
    link.focus()  # as Tab would: the link is in the tab order
    tip = tooltip(page, link)
    tip.wait_for(state="visible")
    assert link.evaluate("a => a.tabIndex") == 0
    page.keyboard.press("Escape")
    tip.wait_for(state="hidden")
    assert page.url.endswith(PAGE)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_tap_shows_it_without_leaving_the_page_and_a_second_tap_follows(
    open_visit, scheme
):
    visit = open_visit(**PHONE)
    page = visit.goto(PAGE)
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    link = first_term_link(page)
    link.scroll_into_view_if_needed()
    link.tap()
    tip = tooltip(page, link)
    tip.wait_for(state="visible")
    assert page.url.endswith(PAGE)
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # on a phone screen
    link.tap()
    page.wait_for_url(re.compile(f"{TERM}/$"))
