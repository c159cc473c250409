"""axe-core on every page, with its figures drawn, in the light and the dark
colour scheme: no serious or critical accessibility violation."""

from __future__ import annotations

import pytest

from .browsing import axe_violations, color_scheme, toggle_palette, wait_until_drawn

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(site_page, scheme, open_visit):
    page = open_visit().goto(site_page.path)
    where = f"page {site_page.id} ({scheme})"
    if scheme == "dark":
        light = color_scheme(page)
        toggle_palette(page, where)
        page.wait_for_function(
            "s => document.body.getAttribute('data-md-color-scheme') !== s", arg=light
        )
    wait_until_drawn(page, where)
    violations = axe_violations(page)
    assert not violations, (
        f"{where}: axe-core reports serious or critical violations:\n  "
        + "\n  ".join(violations)
    )
