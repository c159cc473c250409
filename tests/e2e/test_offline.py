"""The offline edition, as `make offline` makes it (LL_OFFLINE=true mkdocs build,
then scripts/zip_site.py), unzipped and opened from disk (file://) in Chromium:
navigation, search, math with its fonts and every interactive figure work, and
the browser asks no server for anything."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lessonkit import metadata
from tests import scripts

from .browsing import (
    FIGURE_TIMEOUT_MS,
    Visit,
    mark_nav_link,
    wait_for_page,
    wait_until_drawn,
)

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ANY_SERVER = re.compile(r"^(https?|wss?)://")
CHAPTER = "lessons/loss-landscape.html"


@pytest.fixture(scope="module")
def offline_root(tmp_path_factory) -> Path:
    """The zip's folder, unzipped: the index.html a reader opens."""
    tmp = tmp_path_factory.mktemp("offline")
    env = {**os.environ, "LL_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    command += ["-d", str(tmp / "site")]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, f"offline build failed:\n{done.stderr[-3000:]}"
    zip_site = scripts.load("zip_site")
    archive = tmp / "offline.zip"
    zip_site.zip_site(tmp / "site", archive)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp / "unzipped")
    return tmp / "unzipped" / zip_site.FOLDER


@pytest.fixture
def visit(browser, offline_root):
    visit = Visit.open(
        browser, offline_root.as_uri() + "/", blocked=ANY_SERVER, viewport=None
    )
    yield visit
    problems = visit.problems()
    visit.context.close()
    assert not problems, "while the test ran:\n  " + "\n  ".join(problems)


def test_navigation_math_and_figures_work_from_disk(visit, offline_root):
    page = visit.page
    page.goto(visit.url("index.html"))
    target = visit.url(CHAPTER)
    assert mark_nav_link(page, target), "home page: no navigation link to chapter 13"
    page.locator("[data-e2e-target]").first.click()
    wait_for_page(page, target, "Loss Landscape", "offline chapter 13")
    assert page.locator(".arithmatex .katex").count() > 0, "no typeset math"
    fonts = page.evaluate(
        "async () => { await document.fonts.ready;"
        " return [...document.fonts].filter(f => f.family.includes('KaTeX'))"
        ".map(f => f.status); }"
    )
    assert "loaded" in fonts and "error" not in fonts, f"KaTeX fonts: {fonts}"
    drawn = wait_until_drawn(page, "offline chapter 13")
    assert drawn >= 2, f"only {drawn} interactive figures on chapter 13"
    # The course's metadata, from mkdocs.yml, as on the web (no request made).
    course = metadata.load(ROOT / "mkdocs.yml")
    footer = " ".join(page.locator(".md-copyright").inner_text().split())
    assert course.title in footer and f"{course.licence} licence" in footer
    assert page.locator(".ll-page-meta__updated time").count() == 1


def test_search_finds_chapter_13_from_disk_and_opens_it(visit):
    page = visit.page
    page.goto(visit.url("index.html"))
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("cross-entropy", delay=20)
    target = visit.url(CHAPTER)
    find = """path => [...document.querySelectorAll('.md-search-result__list a')]
      .findIndex(a => new URL(a.href).pathname.endsWith(path))"""
    try:
        page.wait_for_function(f"path => ({find})(path) >= 0", arg=CHAPTER)
    except PlaywrightTimeout:
        shown = page.locator(".md-search-result__list a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        pytest.fail(f"offline search lists no link to {CHAPTER}: {shown}")
    index = page.evaluate(find, CHAPTER)
    page.locator(".md-search-result__list a").nth(index).click()
    wait_for_page(page, target, "Loss Landscape", "offline search result")


def test_standalone_figure_pages_draw_from_disk(visit, offline_root):
    page = visit.page
    for html in sorted((offline_root / "figures").glob("*.html")):
        page.goto(html.as_uri(), wait_until="commit")
        page.wait_for_selector("#plot .main-svg", timeout=FIGURE_TIMEOUT_MS)


def test_an_explorer_is_live_from_disk(visit, offline_root):
    """The explorer's modules, bundled into a classic script for file://: a
    slider moves the walk, and the status agrees with the core."""
    from .test_explorer import ID, core_status, live, statuses, url_state

    data = json.loads((offline_root / "figures" / f"{ID}.json").read_text())
    page = visit.page
    page.goto(visit.url("lessons/optimizers.html"))
    figure = live(page)
    before = statuses(figure)[0]
    figure.locator("fieldset").first.locator("input[type=range]").first.fill("900")
    visible, lr, momentum = url_state(page)["o0"]
    after = statuses(figure)[0]
    assert visible == 1 and after != before
    steps = data["steps"]
    assert after == core_status(data, 0, data["start"], steps, lr=lr, momentum=momentum)
