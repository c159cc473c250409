"""axe-core on every page, with its figures drawn, in the light and then the
dark colour scheme: no serious or critical accessibility violation."""

from __future__ import annotations

import pytest

from .browsing import (
    FIGURE_TIMEOUT_MS,
    axe_violations,
    color_scheme,
    toggle_palette,
    wait_until_drawn,
)

pytestmark = pytest.mark.e2e


def test_no_serious_accessibility_violations(site_page, open_visit):
    page = open_visit().goto(site_page.path)
    where = f"page {site_page.id}"
    wait_until_drawn(page, where)
    first = color_scheme(page)
    found = [f"{first}: {line}" for line in axe_violations(page)]
    scheme = toggle_palette(page, where)
    wait_until_drawn(page, f"{where} ({scheme})")
    found += [f"{scheme}: {line}" for line in axe_violations(page)]
    assert not found, (
        f"{where}: axe-core reports serious or critical violations:\n  "
        + "\n  ".join(found)
    )


def test_standalone_figure_pages_pass_axe(built_site, open_visit):
    """The "open on its own" pages (figures/<id>.html), drawn."""
    pages = sorted((built_site.root / "figures").glob("*.html"))
    assert pages, "the built site has no standalone figure pages"
    found = []
    visit = open_visit()
    for html in pages:
        path = html.relative_to(built_site.root).as_posix()
        visit.page.goto(visit.url(path), wait_until="commit")
        visit.page.wait_for_selector("#plot .main-svg", timeout=FIGURE_TIMEOUT_MS)
        found += [f"{path}: {line}" for line in axe_violations(visit.page)]
    assert not found, (
        "axe-core reports serious or critical violations on standalone figure "
        "pages:\n  " + "\n  ".join(found)
    )
