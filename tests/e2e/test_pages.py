"""Every page of the built site in headless Chromium, offline: it loads
cleanly, its figures draw (directly, after instant navigation and after a
switch to dark mode), its math is typeset, its solutions start collapsed and
nothing scrolls sideways on a phone."""

from __future__ import annotations

import pytest

from .browsing import (
    font_colors,
    horizontal_overflow,
    mark_nav_link,
    raw_math,
    screenshot,
    toggle_palette,
    untypeset_math,
    wait_for_font_change,
    wait_for_page,
    wait_until_drawn,
)
from .conftest import PHONE

pytestmark = pytest.mark.e2e


def test_page_loads_cleanly_draws_and_typesets(site_page, open_visit):
    visit = open_visit()
    page = visit.goto(site_page.path)
    where = f"page {site_page.id}"
    drawn = wait_until_drawn(page, where)
    assert drawn == len(site_page.figures), (
        f"{where}: the built HTML has {len(site_page.figures)} interactive figures "
        f"{site_page.figures}, the browser shows {drawn}"
    )
    page.wait_for_load_state("networkidle")
    visit.assert_clean(where)
    _assert_math_typeset(page, site_page)
    if site_page.is_lesson:
        page.evaluate("() => window.scrollTo(0, 0)")
        screenshot(page, site_page.slug, "desktop-light")


def test_figures_draw_after_instant_navigation(figure_page, built_site, open_visit):
    visit = open_visit()
    where = f"page {figure_page.id} reached from the navigation"
    target = visit.url(figure_page.path)
    for source in _source_pages(built_site, figure_page)[:4]:
        page = visit.goto(source.path)
        if mark_nav_link(page, target):
            break
    else:
        pytest.fail(f"{where}: no visible tab or sidebar link to it on nearby pages")
    page.wait_for_load_state("networkidle")  # Material reads sitemap.xml first
    page.evaluate("() => { window.__e2eNoReload = true; }")
    page.locator("[data-e2e-target]").first.click()
    wait_for_page(page, target, figure_page.title, f"{where} (from {source.id})")
    assert page.evaluate("() => window.__e2eNoReload === true"), (
        f"{where}: clicking the link on {source.id} reloaded the whole page; "
        "Material's instant navigation (navigation.instant) is off or broken"
    )
    drawn = wait_until_drawn(page, f"{where} (from {source.id})")
    assert drawn == len(figure_page.figures), (
        f"{where}: expected figures {figure_page.figures}, found {drawn}"
    )


def test_dark_mode_keeps_figures_drawn(figure_or_lesson_page, open_visit):
    site_page = figure_or_lesson_page
    page = open_visit().goto(site_page.path)
    where = f"page {site_page.id} in dark mode"
    wait_until_drawn(page, f"page {site_page.id}")
    before = font_colors(page)
    page.evaluate("() => window.scrollTo(0, 0)")
    toggle_palette(page, where)
    wait_until_drawn(page, where)
    wait_for_font_change(page, before, where)
    if site_page.is_lesson:
        page.evaluate("() => window.scrollTo(0, 0)")
        screenshot(page, site_page.slug, "desktop-dark")


def test_solutions_start_collapsed_and_open_on_click(solution_page, open_visit):
    page = open_visit().goto(solution_page.path)
    solutions = page.locator("details.success")
    assert solutions.count() == solution_page.solutions
    for i in range(solutions.count()):
        details = solutions.nth(i)
        where = f"page {solution_page.id}, solution {i + 1} ({_summary(details)!r})"
        assert details.get_attribute("open") is None, f"{where}: starts open"
        details.locator("summary").first.click()
        assert details.get_attribute("open") is not None, (
            f"{where}: click did not open it"
        )
        body = details.locator(":scope > :not(summary)").first
        assert body.is_visible(), f"{where}: opened, but its content is not visible"


def test_phone_width_does_not_scroll_sideways(site_page, open_visit):
    page = open_visit(**PHONE).goto(site_page.path)
    where = f"page {site_page.id} at 390 px"
    wait_until_drawn(page, where)
    page.evaluate("() => window.scrollTo(0, 0)")
    scroll_width, client_width, wide = horizontal_overflow(page)
    assert scroll_width <= client_width, (
        f"{where}: scrolls sideways (scrollWidth {scroll_width} > clientWidth "
        f"{client_width}); too wide:\n  " + "\n  ".join(wide or ["(none found)"])
    )
    if site_page.is_lesson:
        screenshot(page, site_page.slug, "phone")


def _assert_math_typeset(page, site_page) -> None:
    where = f"page {site_page.id}"
    if site_page.has_math:
        assert page.locator(".arithmatex .katex").count() > 0, (
            f"{where}: has .arithmatex math but KaTeX rendered none of it"
        )
    left = untypeset_math(page)
    assert not left, f"{where}: .arithmatex elements KaTeX did not render: {left[:5]}"
    raw = raw_math(page)
    assert not raw, f"{where}: raw TeX visible in the text:\n  " + "\n  ".join(raw[:8])


def _source_pages(site, target):
    """Pages to start from, nearest first: same folder, the home page, the rest."""
    folder = target.path.rstrip("/").rpartition("/")[0]
    others = [p for p in site.pages if p.path != target.path]
    return sorted(
        others,
        key=lambda p: (p.path.rstrip("/").rpartition("/")[0] != folder, p.path != ""),
    )


def _summary(details) -> str:
    return details.locator("summary").first.inner_text().strip()


def test_printing_hides_solutions_and_shows_problems(solution_page, open_visit):
    """Material opens every <details> before printing; solutions stay hidden."""
    page = open_visit().goto(solution_page.path)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    where = f"page {solution_page.id} in print"
    solutions = page.locator("details.success")
    for i in range(solutions.count()):
        assert not solutions.nth(i).is_visible(), f"{where}: solution {i + 1} shows"
    questions = page.locator(".admonition.question")
    assert questions.count() >= 1, f"{where}: no problem"
    assert questions.first.is_visible(), f"{where}: the problems are hidden too"
