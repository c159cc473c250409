"""Material's bundle starts on a page already drawn, and nothing it does then
may restyle the whole page: <html>'s classes, the stylesheets' addresses and
the color-scheme meta are settled in <head> (overrides/partials/quiet-start.js),
while a reader's palette switch and instant navigation still work, with
KaTeX's stylesheet in <head>."""

from __future__ import annotations

import pytest

from .browsing import toggle_palette, wait_for_page
from .conftest import PHONE

pytestmark = pytest.mark.e2e

CHAPTER_13 = "lessons/loss-landscape/"

# From before the page's first script: every change, once <body> exists, to
# <html>'s classes and attributes, a stylesheet link's href, or a color-scheme
# meta (inserted, or its content changed). Before <body> nothing can be drawn.
# Setting an attribute to the value it has is no change (the browser restyles
# nothing for it).
_WATCH_JS = """
window.__restyling = [];
const scheme = node => node.nodeName === 'META' && node.name === 'color-scheme';
new MutationObserver(records => {
  if (!document.body) return;
  for (const r of records) {
    const changed = r.type === 'attributes'
      && r.oldValue !== r.target.getAttribute(r.attributeName);
    if (r.type === 'childList') {
      for (const node of r.addedNodes)
        if (scheme(node)) window.__restyling.push('color-scheme meta inserted');
    } else if (!changed) {
      continue;
    } else if (r.target === document.documentElement) {
      window.__restyling.push(`<html> ${r.attributeName} set`);
    } else if (r.target.rel === 'stylesheet' && r.attributeName === 'href') {
      window.__restyling.push(`href of ${r.oldValue} set`);
    } else if (scheme(r.target) && r.attributeName === 'content') {
      window.__restyling.push(`color-scheme ${r.oldValue} -> ${r.target.content}`);
    }
  }
}).observe(document, {subtree: true, childList: true, attributes: true,
                      attributeOldValue: true});
"""

_SCHEMES_JS = """() => [...document.querySelectorAll('meta[name=color-scheme]')]
  .map(meta => [meta.parentNode.nodeName, meta.content])"""
_HEADER_SCHEME_JS = (
    "() => getComputedStyle(document.querySelector('.md-header')).colorScheme"
)

_SHEETS_JS = "() => document.querySelectorAll('link[rel=stylesheet]').length"


def _settled(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)


def test_the_bundle_restyles_nothing_while_the_page_loads(open_visit):
    visit = open_visit(**PHONE)
    visit.context.add_init_script(_WATCH_JS)
    sheets: list[str] = []
    visit.context.on(
        "request",
        lambda r: sheets.append(r.url) if r.resource_type == "stylesheet" else None,
    )
    page = visit.goto(CHAPTER_13)
    _settled(page)
    assert page.evaluate("() => window.__restyling") == [], (
        f"{CHAPTER_13}: after <body> existed, the page changed what restyles "
        "every element"
    )
    # The end state is Material's own: JavaScript classes on <html>, one
    # color-scheme meta holding the header's scheme, each stylesheet once.
    classes = page.evaluate("() => [...document.documentElement.classList]")
    assert {"js", "js-focus-visible"} <= set(classes) and "no-js" not in classes
    assert page.evaluate(_SCHEMES_JS) == [["HEAD", "light"]]
    assert page.evaluate(_HEADER_SCHEME_JS) == "light"
    assert len(sheets) == len(set(sheets)), f"a stylesheet loaded twice: {sheets}"
    assert any(url.endswith("/assets/katex/katex.min.css") for url in sheets)
    in_head = page.evaluate(
        "() => [...document.head.querySelectorAll('link[rel=stylesheet]')]"
        ".map(link => link.getAttribute('href'))"
    )
    assert all(href.startswith(visit.url("")) for href in in_head), in_head
    visit.assert_clean(f"{CHAPTER_13} loaded")


def test_the_meta_follows_the_readers_palette(open_visit):
    visit = open_visit(**PHONE)
    page = visit.goto(CHAPTER_13)
    _settled(page)
    assert toggle_palette(page, CHAPTER_13) == "slate"
    page.wait_for_function(
        "() => document.querySelector('meta[name=color-scheme]').content === 'dark'"
    )
    assert page.evaluate(_SCHEMES_JS) == [["HEAD", "dark"]]
    assert page.evaluate(_HEADER_SCHEME_JS) == "dark"
    # The saved palette is read in <head>: a reload starts dark, with nothing
    # to change once <body> exists.
    visit.context.add_init_script(_WATCH_JS)
    page.reload()
    _settled(page)
    assert page.evaluate(_SCHEMES_JS) == [["HEAD", "dark"]]
    assert page.evaluate("() => window.__restyling") == []
    assert toggle_palette(page, CHAPTER_13) == "default"
    page.wait_for_function(
        "() => document.querySelector('meta[name=color-scheme]').content === 'light'"
    )
    assert page.evaluate(_SCHEMES_JS) == [["HEAD", "light"]]
    visit.assert_clean(f"{CHAPTER_13}: palette switched twice and reloaded")


def test_instant_navigation_brings_the_math_stylesheet(open_visit, built_site):
    visit = open_visit()
    page = visit.goto("")
    _settled(page)
    assert page.locator("link[href$='katex.min.css']").count() == 0
    sheets_before = page.evaluate(_SHEETS_JS)
    page.evaluate("() => { window.__e2eNoReload = true; }")
    page.locator(f'.md-nav a[href$="{CHAPTER_13}"]').first.click()
    title = built_site.page(CHAPTER_13).title
    wait_for_page(page, visit.url(CHAPTER_13), title, "nav link to chapter 13")
    assert page.evaluate("() => window.__e2eNoReload === true"), "not instant"
    _settled(page)
    math_sheets = page.locator("head link[rel=stylesheet][href$='katex.min.css']")
    assert math_sheets.count() == 1
    assert page.evaluate(_SHEETS_JS) == sheets_before + 1
    font = page.evaluate(
        "() => getComputedStyle(document.querySelector('.katex')).fontFamily"
    )
    assert font.startswith("KaTeX_Main"), font
    assert page.evaluate(_SCHEMES_JS) == [["HEAD", "light"]]
    visit.assert_clean("home, then chapter 13 by instant navigation")
