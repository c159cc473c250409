"""Figures at phone width (390 px), measured box by box in Chromium: the
toolbar covers no title, legend or data; no axis title or label is cut off at
the plot's edges; maps leave no blank band below them; a 3-D surface fills its
frame without touching its sides (read from the canvas's pixels). Then the page
is photographed at 390 px in the light and the dark scheme."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, ImageChops

from .browsing import FIGURE_TIMEOUT_MS, screenshot, toggle_palette, wait_until_drawn
from .conftest import PHONE

pytestmark = pytest.mark.e2e

MAX_BLANK_PX = 30  # below a 2-D plot's lowest label, title, colour bar or slider
MIN_FILL = 0.7  # of the 3-D frame's width or height the surface spans
INK = 48  # a pixel this far (max over channels) from the background is drawn

# Boxes of each drawn figure: the toolbar, what it must not cover, text that
# must lie inside the plot and the content of 2-D plots.
_BOXES_JS = """fig => {
  const box = el => { const r = el.getBoundingClientRect();
    return {x: r.left, y: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height}; };
  const all = sel => [...fig.querySelectorAll(sel)].map(el => ({
      name: sel.split(',')[0] + (el.textContent ? ' "' +
            el.textContent.trim().slice(0, 30) + '"' : ''), ...box(el)}))
    .filter(b => b.w > 0 && b.h > 0);
  const svg = fig.querySelector('.ll-figure__plot svg.main-svg');
  return {
    plot: svg ? box(svg) : null,
    modebar: all('.modebar'),
    covered: all('.gtitle, .annotation, .legend, .infolayer text, ' +
                 '.nsewdrag, .gl-container, .slider-container, ' +
                 '.updatemenu-container, .colorbar'),
    text: all('.gtitle, .annotation-text, .infolayer text, ' +
              '.xaxislayer-above text, .yaxislayer-above text, .legendtext'),
    content: all('.cartesianlayer .subplot .plot, .xaxislayer-above text, ' +
                 '.infolayer text, .colorbar, .slider-container, .legend, ' +
                 '.updatemenu-container'),
    webgl: fig.dataset.webgl === 'true',
  };
}"""


def _overlap(a, b) -> bool:
    return min(a["r"], b["r"]) - max(a["x"], b["x"]) > 1 and (
        min(a["b"], b["b"]) - max(a["y"], b["y"]) > 1
    )


def _background(page) -> tuple[int, int, int]:
    """The page's background colour (Material paints it on body)."""
    rgb = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    return tuple(int(float(v)) for v in rgb[rgb.index("(") + 1 : -1].split(",")[:3])


def _ink_box(png: bytes, background) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the pixels that differ from background."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    diff = ImageChops.difference(image, Image.new("RGB", image.size, background))
    red, green, blue = diff.split()
    most = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return most.point(lambda v: 255 if v > INK else 0).getbbox()


def _check_figure(page, figure, where, background) -> list[str]:
    name = figure.get_attribute("id")
    boxes = figure.evaluate(_BOXES_JS)
    plot = boxes["plot"]
    problems = []
    for bar in boxes["modebar"]:
        problems += [
            f"{where} #{name}: the toolbar covers {item['name']}"
            for item in boxes["covered"]
            if _overlap(bar, item)
        ]
    for item in boxes["text"]:
        if item["x"] < plot["x"] - 1 or item["r"] > plot["r"] + 1:
            problems.append(f"{where} #{name}: {item['name']} cut off at the side")
        if item["y"] < plot["y"] - 1 or item["b"] > plot["b"] + 1:
            problems.append(f"{where} #{name}: {item['name']} cut off at top/bottom")
    if boxes["content"] and not boxes["webgl"]:
        lowest = max(item["b"] for item in boxes["content"])
        blank = plot["b"] - lowest
        if blank > MAX_BLANK_PX:
            problems.append(f"{where} #{name}: a blank band of {blank:.0f} px below")
    canvases = figure.locator(".gl-container canvas")
    for i in range(canvases.count()):
        problems += _check_canvas(
            page, canvases.nth(i), f"{where} #{name}", i, background
        )
    return problems


def _canvas_problems(canvas, where, i, background) -> list[str]:
    size = canvas.bounding_box()
    ink = _ink_box(canvas.screenshot(), background)
    if ink is None:
        return [f"{where}: 3-D frame {i + 1} is empty"]
    left, top, right, bottom = ink
    width, height = size["width"], size["height"]
    problems = []
    if left <= 1 or right >= width - 1:
        problems.append(
            f"{where}: 3-D frame {i + 1} cuts the drawing at its side "
            f"(ink from x={left} to {right} of {width:.0f})"
        )
    fill = max((right - left) / width, (bottom - top) / height)
    if fill < MIN_FILL:
        problems.append(
            f"{where}: the surface fills {fill:.0%} of 3-D frame {i + 1} "
            f"({width:.0f}x{height:.0f}); at least {MIN_FILL:.0%} expected"
        )
    return problems


def _check_canvas(page, canvas, where, i, background) -> list[str]:
    """The canvas's pixels, read again until WebGL has painted the surface
    (software WebGL on a busy machine paints late) or the figure time is up."""
    deadline = time.monotonic() + FIGURE_TIMEOUT_MS / 1000
    problems = _canvas_problems(canvas, where, i, background)
    while problems and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        problems = _canvas_problems(canvas, where, i, background)
    return problems


def test_figures_fit_a_phone(figure_page, open_visit):
    page = open_visit(**PHONE).goto(figure_page.path)
    where = f"page {figure_page.id} at 390 px"
    wait_until_drawn(page, where)
    background = _background(page)
    figures = page.locator("figure.ll-figure[data-json]")
    problems = []
    for i in range(figures.count()):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        problems += _check_figure(page, figure, where, background)
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, figure_page.slug, "phone-light")
    toggle_palette(page, where)
    wait_until_drawn(page, f"{where} (dark)")
    page.evaluate("() => window.scrollTo(0, 0)")
    screenshot(page, figure_page.slug, "phone-dark")
    assert not problems, "\n  ".join(["figures at phone width:", *problems])


_BROKEN_NAMES_JS = """() => [...document.querySelectorAll(
    '.md-typeset table:not([class]) td:first-child code')]
  .filter(code => !/[\\s-]/.test(code.textContent.trim()))  // breaks at " " or "-"
  .filter(code => code.getClientRects().length > 1 ||
                  code.getBoundingClientRect().height >
                  1.6 * parseFloat(getComputedStyle(code).lineHeight || 16))
  .map(code => code.textContent)"""


def test_table_names_stay_whole_on_a_phone(open_visit):
    """The guide's tables: a name such as "description" never wraps as
    "descriptio" / "n" at 390 px (Material lets inline code break anywhere);
    a signature or an id may wrap at a space or a hyphen."""
    page = open_visit(**PHONE).goto("instructors/")
    assert page.locator(".md-typeset table:not([class]) td:first-child code").count()
    assert page.evaluate(_BROKEN_NAMES_JS) == []


# Each numbered display equation the reader can see: its TeX (shortened), the
# right edge of its formula and the left edge of its number (KaTeX's
# .katex-tag), in CSS pixels.
_NUMBERS_JS = """() => [...document.querySelectorAll('.katex-display')]
  .filter(d => d.querySelector('.katex-tag') && d.checkVisibility())
  .map(d => [d.querySelector('annotation').textContent.slice(0, 40),
             Math.max(...[...d.querySelectorAll('.katex-base *')]
               .map(el => el.getBoundingClientRect().right)),
             d.querySelector('.katex-tag').getBoundingClientRect().left])"""


def test_equation_numbers_clear_their_formulas_on_a_phone(built_site, open_visit):
    """At 390 px an equation's number, such as (14.1), sits after its formula,
    never over its last symbols (KaTeX pins it to the display's right edge,
    and Material shrinks a display to its formula on a phone)."""
    visit = open_visit(**PHONE)
    numbered = [
        p for p in built_site.pages if "katex-tag" in p.html_file.read_text("utf-8")
    ]
    assert len(numbered) >= 2, "chapter 13 and the optimizers lesson number theirs"
    checked = 0
    for site_page in numbered:
        page = visit.goto(site_page.path)
        page.evaluate("() => document.fonts.ready")
        for tex, formula_right, number_left in page.evaluate(_NUMBERS_JS):
            checked += 1
            assert number_left >= formula_right + 8, (
                f"{site_page.id}: the number of {tex!r} starts at "
                f"{number_left:.0f} px, over its formula (which ends at "
                f"{formula_right:.0f} px)"
            )
    assert checked >= 2
