"""axe-core on every page, with its figures drawn: no serious or critical
accessibility violation."""

from __future__ import annotations

import pytest

from .browsing import axe_violations, wait_until_drawn

pytestmark = pytest.mark.e2e


def test_no_serious_accessibility_violations(site_page, open_visit):
    page = open_visit().goto(site_page.path)
    wait_until_drawn(page, f"page {site_page.id}")
    violations = axe_violations(page)
    assert not violations, (
        f"page {site_page.id}: axe-core reports serious or critical violations:\n  "
        + "\n  ".join(violations)
    )
