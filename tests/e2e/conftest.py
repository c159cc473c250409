"""Fixtures of the browser tests: the site is built once (`mkdocs build
--strict` into a temporary folder), served on 127.0.0.1 from a background
thread, and driven by one headless Debian Chromium with a fresh context per
test. Tests ask for `site_page`, `figure_page`, `solution_page`,
`problem_page` or `figure_or_lesson_page` and run once per matching page of
the built sitemap."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.sitebuild import SESSION_BUILD, BuiltSite, SitePage

from .browsing import Visit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--use-angle=swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}

# fixture name -> (what the page must hold, predicate)
PAGE_SELECTIONS: dict[str, tuple[str, Callable[[SitePage], object]]] = {
    "site_page": ("any page", lambda p: True),
    "figure_page": ("an interactive figure", lambda p: p.figures),
    "solution_page": (
        "a practice-problem solution (details.success)",
        lambda p: p.solutions,
    ),
    "problem_page": ("a practice problem (div.ll-problem)", lambda p: p.problems),
    "figure_or_lesson_page": (
        "an interactive figure or a lesson",
        lambda p: p.figures or p.is_lesson,
    ),
}


class _Missing:
    """Stands in for a page when there is none to test, so the test fails."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, (what, wanted) in PAGE_SELECTIONS.items():
        if name not in metafunc.fixturenames:
            continue
        site = SESSION_BUILD.get()
        if isinstance(site, RuntimeError):
            params = [pytest.param(_Missing(str(site)), id="build-failed")]
        else:
            pages = [p for p in site.pages if wanted(p)]
            params = [pytest.param(p, id=p.id) for p in pages] or [
                pytest.param(_Missing(f"no page of the site holds {what}"), id="none")
            ]
        metafunc.parametrize(name, params, indirect=True)


def _page_param(request) -> SitePage:
    if isinstance(request.param, _Missing):
        pytest.fail(request.param.reason, pytrace=False)
    return request.param


@pytest.fixture
def site_page(request) -> SitePage:
    return _page_param(request)


@pytest.fixture
def figure_page(request) -> SitePage:
    return _page_param(request)


@pytest.fixture
def solution_page(request) -> SitePage:
    return _page_param(request)


@pytest.fixture
def problem_page(request) -> SitePage:
    return _page_param(request)


@pytest.fixture
def figure_or_lesson_page(request) -> SitePage:
    return _page_param(request)


@pytest.fixture(scope="session")
def built_site() -> BuiltSite:
    site = SESSION_BUILD.get()
    if isinstance(site, RuntimeError):
        pytest.fail(str(site), pytrace=False)
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site: BuiltSite) -> Iterator[str]:
    """http://127.0.0.1:<free port>/ serving the built site."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    built_site.serve_from(url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests need Debian's chromium. "
            "Run `make test`, which installs it (apt-get install chromium).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def open_visit(browser: Browser, base_url: str) -> Iterator[Callable[..., Visit]]:
    """open_visit(**context_options) -> a Visit in a fresh context (desktop by
    default). At teardown every visit must be free of requests to other hosts,
    console errors and failed requests."""
    visits: list[Visit] = []

    def open_(**options) -> Visit:
        visit = Visit.open(browser, base_url, **(options or DESKTOP))
        visits.append(visit)
        return visit

    yield open_
    problems = []
    for visit in visits:
        problems += visit.problems()
        visit.context.close()
    assert not problems, "while the test ran:\n  " + "\n  ".join(problems)
