"""axe-core on every page, with its figures drawn, in the light and then the
dark colour scheme: no serious or critical accessibility violation."""

from __future__ import annotations

import pytest

from .browsing import axe_violations, color_scheme, toggle_palette, wait_until_drawn

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
