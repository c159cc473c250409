"""The site published under a sub-path, as a GitHub Pages project site is
(https://example.org/course/): served under /course/ with nothing outside it,
every page loads, shows its heading, draws its figures and asks for nothing
outside the prefix (a request there is a 404, which the visit reports)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest

from tests.sitebuild import BuiltSite

from .browsing import Visit, heading, wait_until_drawn
from .conftest import DESKTOP

pytestmark = pytest.mark.e2e

PREFIX = "/course/"


class PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """The site's files under PREFIX only; every other path is a 404."""

    def log_message(self, format, *args) -> None:
        pass

    def send_head(self):
        if not self.path.startswith(PREFIX):
            self.send_error(404, f"outside {PREFIX}")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(PREFIX))


@pytest.fixture(scope="module")
def prefixed_url(built_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(PrefixHandler, directory=str(built_site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


def test_every_page_works_under_a_sub_path(built_site, browser, prefixed_url):
    visit = Visit.open(browser, prefixed_url, **DESKTOP)
    try:
        wrong = []
        for site_page in built_site.pages:
            page = visit.goto(site_page.path)
            where = f"{PREFIX}{site_page.path}"
            shown = heading(page).replace("¶", "").strip()  # nbconvert's anchor
            if shown != site_page.title:
                wrong.append(f"{where}: heading {shown!r}, not {site_page.title!r}")
            drawn = wait_until_drawn(page, where)
            if drawn != len(site_page.figures):
                wrong.append(f"{where}: {drawn} of {len(site_page.figures)} drawn")
        problems = wrong + visit.problems()
        assert not problems, "under a sub-path:\n  " + "\n  ".join(problems)
    finally:
        visit.context.close()
