"""The built site (`mkdocs build --strict`, links and anchors validated): search
holds each lesson's key terms, every page has a title and a description, every
figure a page references exists, and nothing is loaded from another host."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

pytestmark = pytest.mark.slow  # builds the whole site

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

# Each lesson's key terms, as a reader would type them into search.
KEY_TERMS = {
    "lessons/loss-landscape/": [
        "binary cross-entropy",
        "local minimum",
        "global minimum",
    ],
    "lessons/optimizers/": ["gradient descent", "momentum", "learning-rate schedule"],
    "lessons/real-networks/": ["filter normalization"],
    "lessons/sharp-and-flat/": ["Hessian"],
}
# Tags and attributes through which a page makes the browser fetch something.
LOADING = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags(page_file: Path) -> list[tuple[str, dict[str, str]]]:
    return Tags(page_file.read_text(encoding="utf-8")).tags


def fetched_urls(page_tags) -> list[str]:
    """URLs the browser loads on its own when it opens the page."""
    urls = []
    for tag, attrs in page_tags:
        for t, attr in LOADING:
            if tag == t and attrs.get(attr):
                urls.append(attrs[attr])
        if tag == "link" and attrs.get("href"):
            rel = attrs.get("rel", "")
            if any(
                r in rel for r in ("stylesheet", "preload", "icon", "modulepreload")
            ):
                urls.append(attrs["href"])
    return urls


def is_remote(url: str) -> bool:
    return url.startswith("//") or urlsplit(url).scheme in {"http", "https"}


def test_search_index_holds_each_lessons_key_terms(site):
    index = json.loads((site.root / "search" / "search_index.json").read_text())
    for location, terms in KEY_TERMS.items():
        text = " ".join(
            doc["title"] + " " + doc["text"]
            for doc in index["docs"]
            if doc["location"].split("#")[0] == location
        ).lower()
        assert text, f"the search index has no entry for {location}"
        for term in terms:
            pattern = (
                re.escape(term.lower()).replace(r"\-", "[- ]").replace(r"\ ", "[- ]")
            )
            assert re.search(pattern, text), f"search misses {term!r} on {location}"


def test_every_page_has_a_title_and_its_own_description(site):
    for page in site.pages:
        page_tags = tags(page.html_file)
        assert page.title, f"{page.id}: no <h1>"
        description = [
            a.get("content", "")
            for t, a in page_tags
            if t == "meta" and a.get("name") == "description"
        ]
        assert description and description[0].strip(), f"{page.id}: no description"


def test_descriptions_come_from_the_pages_front_matter(site):
    for source in sorted(DOCS.rglob("*.md")):
        if "overrides" in source.parts:
            continue
        front = yaml.safe_load(source.read_text(encoding="utf-8").split("---")[1])
        rel = source.relative_to(DOCS).with_suffix("")
        path = "" if rel.as_posix() == "index" else rel.as_posix() + "/"
        path = path.removesuffix("index/")
        page = site.page(path)
        meta = [a for t, a in tags(page.html_file) if t == "meta"]
        content = next(a["content"] for a in meta if a.get("name") == "description")
        assert content == front["description"].strip(), source


def test_every_figure_a_page_references_exists(site):
    checked = 0
    for page in site.pages:
        base = "/" + page.path
        for tag, attrs in tags(page.html_file):
            refs = []
            if "ll-figure" in attrs.get("class", "").split():
                refs += [attrs[k] for k in ("data-json", "data-plotly") if k in attrs]
            if tag in {"img", "a"}:
                refs += [attrs.get(k) for k in ("src", "data-src", "href")]
            for ref in refs:
                if not ref or is_remote(ref) or "figures/" not in ref:
                    continue
                target = urlsplit(urljoin(base, ref)).path.lstrip("/")
                assert (site.root / target).is_file(), f"{page.id}: {ref} is missing"
                checked += 1
    assert checked >= 30, f"only {checked} figure references found; is the build right?"


def test_no_page_loads_anything_from_another_host(site):
    for page in site.pages:
        remote = [u for u in fetched_urls(tags(page.html_file)) if is_remote(u)]
        assert not remote, f"{page.id} loads {remote}"


def test_no_stylesheet_or_script_loads_from_another_host(site):
    remote_url = re.compile(
        r"""url\(\s*['"]?(?:https?:)?//|@import\s+['"](?:https?:)?//"""
    )
    for sheet in site.root.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        assert not remote_url.search(text), f"{sheet.relative_to(site.root)}"
    for script in (site.root / "javascripts").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"""['"]https?://""", text), script.name


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path):
    """Deterministic: the same sources (and SOURCE_DATE_EPOCH) give the same site,
    from two clean builds, and from a third that reuses the first's lesson build
    (nothing it reads changed, so the hook does not run it)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    sites = [tmp_path / "one", tmp_path / "two", tmp_path / "three"]
    for site_dir in sites:  # one and two from a clean lesson build of their own
        build = "one" if site_dir.name == "three" else site_dir.name
        env["LESSONKIT_BUILD_DIR"] = str(tmp_path / f"{build}-build")
        command = [sys.executable, "-m", "mkdocs", "build", "--verbose", "-d", site_dir]
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-3000:]
        reused = "its output is reused" in done.stderr + done.stdout
        assert reused == (site_dir.name == "three"), site_dir.name
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    for other in sites[1:]:
        assert files == sorted(
            p.relative_to(other) for p in other.rglob("*") if p.is_file()
        )
        differ = [
            f for f in files if (sites[0] / f).read_bytes() != (other / f).read_bytes()
        ]
        assert not differ, f"files differ between {other.name} and one: {differ[:10]}"


def test_plotly_js_comes_only_as_the_partial_bundles_pages_name(site):
    """No full plotly.js (4.8 MB) in the site; every plotly.js a page or a
    standalone figure names is one of the partial bundles, and exists."""
    assert not list(site.root.rglob("plotly.min.js")), "the full plotly.js is served"
    named = []
    for page in site.pages:
        for _, attrs in tags(page.html_file):
            if "data-plotly" in attrs:
                named.append((page.html_file, attrs["data-plotly"]))
    for standalone in sorted((site.root / "figures").glob("*.html")):
        named += [
            (standalone, attrs["src"])
            for tag, attrs in tags(standalone)
            if tag == "script" and "plotly" in attrs.get("src", "")
        ]
    assert len({file for file, _ in named}) >= 10, "too few figures name plotly.js"
    for file, url in named:
        target = (file.parent / url).resolve()
        where = f"{file.relative_to(site.root)}: {url}"
        assert target.parent == (site.root / "assets" / "plotly").resolve(), where
        assert target.is_file(), f"{where} is missing"
