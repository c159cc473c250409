"""Build the site once into a temporary folder and list its pages from the
built sitemap.xml, with what each page holds (figures, math, solutions)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
# Another mkdocs.yml can be tested by setting this variable (e.g. a stub site).
CONFIG_ENV = "LL_E2E_MKDOCS_YML"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class SitePage:
    """One built page: its URL path relative to the site root and its contents."""

    path: str  # "" for the home page, "lessons/loss-landscape/" otherwise
    html_file: Path
    title: str  # text of the page's <h1>
    figures: tuple[str, ...]  # ids of interactive figures (figure.ll-figure[data-json])
    solutions: int  # number of details.success blocks
    has_math: bool  # any .arithmatex element
    problems: tuple[str, ...] = ()  # ids of practice problems (div.ll-problem)

    @property
    def id(self) -> str:
        return self.path or "home"

    @property
    def is_lesson(self) -> bool:
        return self.path.startswith("lessons/")

    @property
    def slug(self) -> str:
        return self.path.strip("/").replace("/", "-").removesuffix(".html") or "home"


@dataclass
class BuiltSite:
    root: Path  # folder holding index.html
    pages: list[SitePage] = field(default_factory=list)
    url: str = ""  # the site's URL as sitemap.xml gives it (site_url)

    def serve_from(self, base_url: str) -> None:
        """Point sitemap.xml at base_url, as `mkdocs serve` does: Material's
        instant navigation follows only links whose URL the sitemap lists."""
        sitemap = self.root / "sitemap.xml"
        text = sitemap.read_text(encoding="utf-8")
        sitemap.write_text(text.replace(f"<loc>{self.url}", f"<loc>{base_url}"))

    def page(self, path: str) -> SitePage:
        for page in self.pages:
            if page.path == path:
                return page
        known = ", ".join(p.id for p in self.pages)
        raise KeyError(f"no page {path!r} in the built site; pages: {known}")


class _PageScanner(HTMLParser):
    """Collects the first <h1> text and counts figures, solutions and math."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.figures: list[str] = []
        self.solutions = 0
        self.problems: list[str] = []
        self.has_math = False
        self.title = ""
        self._in_h1 = False
        self._h1_done = False
        self._skip_depth = 0  # inside a.headerlink of the h1

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "figure" and "ll-figure" in classes and a.get("data-json"):
            self.figures.append(a.get("id") or a.get("data-figure") or "?")
        if tag == "details" and "success" in classes:
            self.solutions += 1
        if tag == "div" and "ll-problem" in classes:
            self.problems.append(a.get("data-problem") or "?")
        if "arithmatex" in classes:
            self.has_math = True
        if tag == "h1" and not self._h1_done:
            self._in_h1 = True
        elif self._in_h1 and tag == "a" and "headerlink" in classes:
            self._skip_depth += 1

    def handle_endtag(self, tag):
        if self._in_h1 and tag == "a" and self._skip_depth:
            self._skip_depth -= 1
        elif self._in_h1 and tag == "h1":
            self._in_h1, self._h1_done = False, True

    def handle_data(self, data):
        if self._in_h1 and not self._skip_depth:
            self.title += data


def config_file() -> Path:
    return Path(os.environ.get(CONFIG_ENV, REPO / "mkdocs.yml")).resolve()


def build_site(out_dir: Path) -> BuiltSite:
    """`mkdocs build --strict` into out_dir/site (the lesson build in
    out_dir/build); raises RuntimeError with the build's output if it fails."""
    config = config_file()
    if not config.is_file():
        raise RuntimeError(f"{config}: no such file; the site needs an mkdocs.yml")
    site_dir = out_dir / "site"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    cmd += ["--config-file", str(config), "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env["LESSONKIT_BUILD_DIR"] = str(out_dir / "build")  # not the checkout's build/
    done = subprocess.run(
        cmd, cwd=config.parent, env=env, capture_output=True, text=True, timeout=1800
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()[-4000:]
        raise RuntimeError(
            f"`{' '.join(cmd)}` failed (exit {done.returncode}):\n{output}"
        )
    url, pages = discover_pages(site_dir)
    return BuiltSite(root=site_dir, pages=pages, url=url)


def discover_pages(site_dir: Path) -> tuple[str, list[SitePage]]:
    """The site's URL and every page listed in site_dir/sitemap.xml."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        raise RuntimeError(f"{sitemap}: missing; is `site_url` set in mkdocs.yml?")
    locs = [el.text.strip() for el in ET.parse(sitemap).iter(f"{SITEMAP_NS}loc")]
    if not locs:
        raise RuntimeError(f"{sitemap}: lists no pages")
    # The home page has the shortest URL; every other URL starts with it.
    home = min(locs, key=len)
    url = home[: home.rfind("/") + 1]
    base = urlsplit(url).path
    return url, [
        _scan_page(site_dir, urlsplit(loc).path.removeprefix(base)) for loc in locs
    ]


def _scan_page(site_dir: Path, path: str) -> SitePage:
    relative = path + "index.html" if path == "" or path.endswith("/") else path
    html_file = site_dir / relative
    if not html_file.is_file():
        raise RuntimeError(
            f"sitemap.xml lists {path or '/'} but {html_file} is missing"
        )
    scan = _PageScanner()
    scan.feed(html_file.read_text(encoding="utf-8"))
    return SitePage(
        path=path,
        html_file=html_file,
        title=" ".join(scan.title.replace("¶", "").split()),
        figures=tuple(scan.figures),
        solutions=scan.solutions,
        problems=tuple(scan.problems),
        has_math=scan.has_math,
    )


class SiteBuild:
    """The one build of a test session, made on first use, removed at the end."""

    def __init__(self) -> None:
        self._tmp: Path | None = None
        self._result: BuiltSite | RuntimeError | None = None

    def get(self) -> BuiltSite | RuntimeError:
        """The built site, or the error that stopped the build."""
        if self._result is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="ll-e2e-"))
            try:
                self._result = build_site(self._tmp)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                self._result = RuntimeError(str(error))
        return self._result

    def cleanup(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)


# The one build shared by every test of a session (site and browser tests).
SESSION_BUILD = SiteBuild()
