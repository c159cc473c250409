"""Long lessons on a phone (390 px): blocks far below the fold are not rendered
while the page loads (content-visibility) but once it is idle, or when the
reader comes near, and nothing is lost meanwhile:
the keyboard still reaches every display equation too wide for the column,
and a printout has every block. Loading a page does not restyle all of it for
a palette switch, while a reader's switch still plays no colour transition."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .browsing import toggle_palette
from .conftest import PHONE

pytestmark = pytest.mark.e2e

CHAPTER_13 = "lessons/loss-landscape/"
OPTIMIZERS = "lessons/optimizers/"

# A block's first descendant that would show but for content-visibility (a
# text-only paragraph has none), and the indices (in page order) of the blocks
# whose contents the browser skips now.
_PROBE_JS = """const probe = block => [...block.querySelectorAll('*')]
  .find(el => el.checkVisibility()) || null;"""
_SKIPPED_JS = f"""() => {{ {_PROBE_JS}
  return [...document.querySelectorAll('.md-content__inner > *')]
    .map((block, i) => [i, probe(block)])
    .filter(([, el]) => el && !el.checkVisibility({{contentVisibilityAuto: true}}))
    .map(([i]) => i); }}"""

_BLOCKS_JS = "() => document.querySelectorAll('.md-content__inner > *').length"

# Indices of the blocks that may be skipped (extra.css: not the first screen's,
# headings, lists or forms) with something to show, over two screens below the
# fold.
_FAR_JS = f"""() => {{ {_PROBE_JS}
  return [...document.querySelectorAll('.md-content__inner > *')]
    .map((block, i) => [i, block])
    .filter(([, block]) => getComputedStyle(block).contentVisibility === 'auto'
      && probe(block)
      && block.getBoundingClientRect().top > 3 * innerHeight)
    .map(([i]) => i); }}"""

# Scroll every block into view, then the indices of the display equations the
# reader can see whose content is wider than their box.
_WIDE_JS = """async () => {
  for (const block of document.querySelectorAll('.md-content__inner > *')) {
    block.scrollIntoView();
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  return [...document.querySelectorAll('.katex-display')]
    .map((d, i) => [i, d.checkVisibility() && d.scrollWidth > d.clientWidth + 1])
    .filter(([, wide]) => wide).map(([i]) => i);
}"""

# The indices of the display equations the reader can see that are in the tab
# order by their tabindex (one in a closed solution cannot take the focus).
_TABBABLE_JS = """() => [...document.querySelectorAll('.katex-display')]
  .map((d, i) => [i, d.checkVisibility() && d.getAttribute('tabindex') === '0'])
  .filter(([, tabbable]) => tabbable).map(([i]) => i)"""

# After one Tab press: the index of the display equation holding the focus
# (-1 for anything else), and whether the focus has left the page's elements.
_FOCUS_JS = """() => {
  const now = document.activeElement;
  return [[...document.querySelectorAll('.katex-display')].indexOf(now),
          !now || now === document.body];
}"""


# Holds back the drawing of skipped blocks in idle time (render-when-idle.js).
_NO_IDLE_JS = "window.requestIdleCallback = () => 0;"


def eventually(page, predicate_js: str, arg=None, seconds: float = 5) -> bool:
    """Whether the predicate holds within `seconds`: a busy machine draws a
    block that came near a few frames late."""
    try:
        page.wait_for_function(
            predicate_js, arg=arg, timeout=seconds * 1000, polling=100
        )
    except PlaywrightTimeoutError:
        return False
    return True


def open_held(open_visit, path: str):
    """The page at phone size with its skipped blocks left skipped until the
    reader comes near: no idle time is ever offered to draw them."""
    visit = open_visit(**PHONE)
    visit.context.add_init_script(_NO_IDLE_JS)
    return visit.goto(path)


def test_far_blocks_wait_until_the_reader_comes_near(open_visit):
    page = open_held(open_visit, CHAPTER_13)
    page.wait_for_timeout(300)
    blocks = page.evaluate(_BLOCKS_JS)
    skipped = page.evaluate(_SKIPPED_JS)
    far = page.evaluate(_FAR_JS)
    assert len(far) > 10, f"{CHAPTER_13}: only {len(far)} blocks far below the fold"
    assert set(far) <= set(skipped), (
        f"{CHAPTER_13}: blocks {sorted(set(far) - set(skipped))} are rendered at "
        "load on a phone although they lie over two screens below the fold"
    )
    page.locator(".md-content__inner > *").last.scroll_into_view_if_needed()
    drawn = f"() => !({_SKIPPED_JS})().includes({blocks - 1})"
    assert eventually(page, drawn), (
        f"{CHAPTER_13}: the last block stays skipped after scrolling to it"
    )


def test_once_idle_every_block_is_drawn(open_visit):
    page = open_visit(**PHONE).goto(CHAPTER_13)
    page.wait_for_function(
        f"() => ({_SKIPPED_JS})().length === 0", timeout=15_000, polling=200
    )
    skippable = page.evaluate(
        "() => [...document.querySelectorAll('.md-content__inner > *')]"
        ".filter(block => getComputedStyle(block).contentVisibility === 'auto')"
        ".length"
    )
    assert skippable == 0, f"{CHAPTER_13}: {skippable} blocks still skippable"


def test_print_renders_every_block(open_visit):
    page = open_held(open_visit, CHAPTER_13)
    assert page.evaluate(_SKIPPED_JS), f"{CHAPTER_13}: no block skipped on screen"
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    skipped = page.evaluate(_SKIPPED_JS)
    assert not skipped, f"{CHAPTER_13} printed: blocks {skipped} skipped"


def test_far_blocks_take_the_new_scheme(open_visit):
    """A change of colour scheme while blocks are skipped reaches them: a link
    far below the fold has the same colour as one at the top once the reader
    scrolls to it."""
    page = open_held(open_visit, CHAPTER_13)
    links = page.locator(".md-content__inner > p a:not(.headerlink)")
    first, last = links.first, links.last
    before = last.evaluate("a => getComputedStyle(a).color")
    toggle_palette(page, CHAPTER_13)
    assert page.evaluate(_SKIPPED_JS), f"{CHAPTER_13}: no block skipped"
    near = first.evaluate("a => getComputedStyle(a).color")
    assert near != before, f"{CHAPTER_13}: the scheme did not change link colours"
    last.scroll_into_view_if_needed()
    same = "([a, color]) => getComputedStyle(a).color === color"
    eventually(page, same, arg=[last.element_handle(), near])
    far = last.evaluate("a => getComputedStyle(a).color")
    assert far == near, (
        f"{CHAPTER_13}: after the change of scheme a link far below is {far}, "
        f"one at the top {near}"
    )


@pytest.mark.parametrize("path", [OPTIMIZERS, CHAPTER_13])
def test_tab_reaches_every_wide_equation(open_visit, path):
    """From the top of a freshly loaded page, without scrolling first, the
    first Tab press puts exactly the display equations too wide for a phone's
    column into the tab order, including those far below the fold, and Tab
    then visits each; an equation in a closed solution joins when opened."""
    page = open_held(open_visit, path)
    focusable = page.evaluate(
        "() => document.querySelectorAll('a[href], button, input, select, "
        "textarea, summary, [tabindex]').length"
    )
    page.keyboard.press("Tab")
    tabbable = page.evaluate(_TABBABLE_JS)
    focused: set[int] = set()
    for _ in range(focusable + 40):
        display, left = page.evaluate(_FOCUS_JS)
        if display >= 0:
            focused.add(display)
        if left:
            break
        page.keyboard.press("Tab")
    wide = page.evaluate(_WIDE_JS)
    if path == OPTIMIZERS:
        assert wide, f"{path}: no display equation is too wide at 390 px any more"
    assert tabbable == wide, (
        f"{path} at 390 px: after one Tab the display equations {tabbable} are in "
        f"the tab order; the ones wider than the column are {wide}"
    )
    assert set(wide) <= focused, (
        f"{path} at 390 px: Tab never reached the wide equations "
        f"{sorted(set(wide) - focused)}"
    )
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = 1)")
    wide = page.evaluate(_WIDE_JS)
    assert page.evaluate(_TABBABLE_JS) == wide, (
        f"{path} at 390 px, every solution open: the display equations in the tab "
        f"order are {page.evaluate(_TABBABLE_JS)}; the wide ones are {wide}"
    )


# Every time <body> gains or loses data-md-color-switching, from the start of
# the page's own scripts on (an init script runs before them).
_WATCH_SWITCHING_JS = """
window.__switching = [];
new MutationObserver(records => records.forEach(r => window.__switching.push(
    r.target.hasAttribute('data-md-color-switching'))))
  .observe(document, {subtree: true, attributes: true,
                      attributeFilter: ['data-md-color-switching']});
"""


def test_loading_a_page_is_no_palette_switch(open_visit):
    visit = open_visit(**PHONE)
    visit.context.add_init_script(_WATCH_SWITCHING_JS)
    page = visit.goto(CHAPTER_13)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__switching") == [], (
        f"{CHAPTER_13}: <body> was marked as switching palettes while loading"
    )
    toggle_palette(page, CHAPTER_13)
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__switching") == [True, False], (
        f"{CHAPTER_13}: a reader's palette switch no longer marks <body> while "
        "it applies the colours (Material turns transitions off under that mark)"
    )


# Chapter 13's code block (in a collapsed box) and the copy button Material
# gives it; the button's target, or None.
_CODE = ".md-content__inner .highlight pre"
_COPY_BUTTON = f"{_CODE} button[data-md-type=copy]"
_COPY_TARGET_JS = f"""() => document.querySelector('{_COPY_BUTTON}')
  ?.dataset.clipboardTarget ?? null"""

# The height of the code block's <pre> with its buttons and without them: the
# same when the buttons take no room (they would push the code down).
_HEIGHTS_JS = f"""() => {{
  const pre = document.querySelector('{_CODE}');
  const nav = pre.querySelector('.md-code__nav');
  const height = () => pre.getBoundingClientRect().height;
  const withButtons = height();
  const next = nav.nextSibling;
  nav.remove();
  const without = height();
  pre.insertBefore(nav, next);
  return [withButtons, without];
}}"""


def test_a_code_block_in_a_collapsed_box_can_be_copied_once_opened(open_visit):
    """Chapter 13's code sits in a collapsed box far below the fold. Opened,
    it has Material's copy button (content.code.copy), which takes no room and
    copies that block. (Set up only as it comes into view, with Material's
    `content.lazy`, a block opened this way got no button in 3 of 8 loads:
    Chromium did not report it as coming into view.)"""
    visit = open_visit(**PHONE)
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = visit.goto(CHAPTER_13)
    page.wait_for_load_state("load")
    summary = page.locator("details:has(.highlight) > summary").first
    summary.scroll_into_view_if_needed()
    summary.click()
    assert eventually(page, f"() => ({_COPY_TARGET_JS})() !== null"), (
        f"{CHAPTER_13}: the opened code block has no copy button"
    )
    with_buttons, without = page.evaluate(_HEIGHTS_JS)
    assert with_buttons == without, (
        f"{CHAPTER_13}: the copy button makes the code block taller "
        f"({without} -> {with_buttons} px)"
    )
    target = page.evaluate(_COPY_TARGET_JS)
    shown = page.evaluate(
        "target => document.querySelector(target).textContent", target
    )
    assert "def binary_cross_entropy" in shown
    page.locator(_COPY_BUTTON).click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    # The selection's text and textContent differ only in blank lines.
    assert copied.split() == shown.split()
