"""The course's metadata in the built site: the header's title and repository
link (which fetches nothing), the footer's copyright, licence and source, and
under every page its edit link and the date git gives for its source."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from lessonkit import metadata, snippet
from tests.sitebuild import BuiltSite

from .test_built_site import Tags

pytestmark = pytest.mark.slow  # builds the whole site

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
COURSE = metadata.load(ROOT / "mkdocs.yml")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sources() -> list[str]:
    """Every page's source under docs/ (Markdown and notebooks)."""
    found = [*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")]
    return sorted(
        p.relative_to(DOCS).as_posix()
        for p in found
        if "overrides" not in p.parts and ".ipynb_checkpoints" not in p.parts
    )


def git_date(src: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%cs", "--", f"docs/{src}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def html_of(site: BuiltSite, src: str) -> str:
    return (site.root / snippet.page_url(src) / "index.html").read_text("utf-8")


def test_every_page_shows_the_date_git_gives_and_an_edit_link(site):
    for src in sources():
        html = html_of(site, src)
        edits = [a["href"] for t, a in tags_of(html) if a.get("rel") == "edit"]
        assert edits == [f"{COURSE.repo_url}/edit/main/docs/{src}"], src
        day = git_date(src)
        times = re.findall(r'updated <time datetime="([^"]+)">([^<]+)</time>', html)
        if not day:  # a page not committed yet shows no date
            assert times == [], src
            continue
        assert len(times) == 1, src
        assert times[0][0] == day, src
        # Python's own month names (the C locale) as the reference.
        assert times[0][1] == date.fromisoformat(day).strftime("%-d %B %Y"), src
    assert len(sources()) >= 20


def tags_of(html: str) -> list[tuple[str, dict[str, str]]]:
    return Tags(html).tags


def test_the_sitemap_dates_each_page_by_its_last_commit(site):
    lastmod = {
        page_of(url.find(f"{SITEMAP}loc").text): url.find(f"{SITEMAP}lastmod").text
        for url in ET.parse(site.root / "sitemap.xml").iter(f"{SITEMAP}url")
    }
    dated = [src for src in sources() if git_date(src)]  # committed pages
    assert len(dated) >= 20
    for src in dated:
        assert lastmod[snippet.page_url(src)] == git_date(src), src


def page_of(loc: str) -> str:
    """A sitemap address without its site: the browser tests, sharing this
    build, point the sitemap at their local server (BuiltSite.serve_from)."""
    if loc.startswith(COURSE.site_url):
        return loc.removeprefix(COURSE.site_url)
    scheme, _, host, page = loc.split("/", 3)  # http://127.0.0.1:port/page
    assert scheme == "http:" and host.startswith("127.0.0.1:"), loc
    return page


def test_header_and_footer_hold_the_course_metadata(site):
    for src in ("index.md", "lessons/loss-landscape.md", "lab/explore.ipynb"):
        html = html_of(site, src)
        page_tags = tags_of(html)
        topic = r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*'
        assert re.search(topic + re.escape(COURSE.title) + r"\s*</span>", html), src
        sources_ = [a for t, a in page_tags if a.get("class") == "md-source"]
        assert sources_ and {a["href"] for a in sources_} == {COURSE.repo_url}
        # The theme fetches stars and forks for data-md-component="source".
        assert not [a for t, a in page_tags if a.get("data-md-component") == "source"]
        footer = html[html.index('<div class="md-copyright">') :]
        text = " ".join(re.sub(r"<[^>]+>", " ", footer.split("</footer>")[0]).split())
        assert f"{COURSE.title} · © {COURSE.copyright} · {COURSE.licence} licence" in (
            text.replace("&middot;", "·").replace("&copy;", "©")
        ), text
        links = {a.get("href") for t, a in page_tags if t == "a"}
        assert {COURSE.licence_url, COURSE.repo_url} <= links
        assert "api.github.com" not in html


def test_pages_name_their_authors(site):
    html = html_of(site, "index.md")
    assert f'<meta name="author" content="{COURSE.authors}">' in html
