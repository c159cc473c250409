"""Small helpers that drive one Chromium page of the built site and say which
page and which element went wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Every URL not on 127.0.0.1; matched inside the browser, so local requests
# never wait for Python.
OTHER_HOSTS = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")
FIGURE_TIMEOUT_MS = 30_000  # a 3-D surface on software WebGL is slow to draw
FIGURES = "figure.ll-figure[data-json]"
# The page's own heading: Material's search results are <article>s with an
# <h1> too (the page title from the search index), earlier in the document.
HEADING = "article.md-content__inner h1"

# A figure is drawn when Plotly made a plot inside it at least a third as wide
# as the column holding the figure; a WebGL figure needs its canvas (Plotly
# draws an svg.main-svg even when WebGL fails).
_DRAWN_JS = """fig => {
  const least = fig.parentElement.getBoundingClientRect().width / 3;
  const big = el => { const r = el.getBoundingClientRect();
                      return r.width >= least && r.height > 0; };
  const selector = fig.dataset.webgl === 'true' ? 'canvas' : 'svg.main-svg, canvas';
  return [...fig.querySelectorAll(selector)].some(big);
}"""

# Visible text in the article outside code and typeset math.
_RAW_MATH_JS = r"""() => {
  const root = document.querySelector('article.md-content__inner') || document.body;
  const skip = 'pre, code, script, style, .katex, .ll-figure__plot';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const pattern = /\$\$|\\\(|\\\[|\$[^$\n]*[\\^_][^$\n]*\$/;
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip) || !el.checkVisibility()) continue;
    const m = node.data.match(pattern);
    if (m) {
      const text = node.data.slice(Math.max(0, m.index - 30), m.index + 40).trim();
      found.push(`<${el.tagName.toLowerCase()}> "${text}"`);
    }
  }
  return found;
}"""

# Outermost elements sticking out to the right of the viewport, unless fixed
# or inside an ancestor that clips or scrolls them.
_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = el => {
    if (getComputedStyle(el).position === 'fixed') return true;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX !== 'visible' || style.position === 'fixed') return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].slice(0, 3).map(c => '.' + c).join('');
  const wide = [...document.body.querySelectorAll('*')].filter(el =>
    el.getBoundingClientRect().right > width + 1 && !clipped(el));
  return wide.filter(el => !wide.includes(el.parentElement)).slice(0, 8).map(el =>
    `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
}"""


@dataclass
class Visit:
    """A fresh browser context on the site that records everything that went
    wrong: console errors, failed requests and requests to other hosts."""

    context: BrowserContext
    page: Page
    base_url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    @classmethod
    def open(
        cls, browser, base_url: str, *, blocked=OTHER_HOSTS, **context_options
    ) -> Visit:
        """`blocked`: the URLs that count as another host (aborted, reported)."""
        context = browser.new_context(**context_options)
        context.set_default_timeout(15_000)
        visit = cls(context=context, page=context.new_page(), base_url=base_url)
        context.route(blocked, visit._block_other_hosts)
        visit.page.on("console", visit._on_console)
        visit.page.on(
            "pageerror", lambda e: visit.console_errors.append(f"uncaught {e}")
        )
        visit.page.on("requestfailed", visit._on_request_failed)
        visit.page.on("response", visit._on_response)
        return visit

    def _block_other_hosts(self, route: Route) -> None:
        self.external_requests.append(route.request.url)
        route.abort("blockedbyclient")

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} [{where}]")

    def _on_request_failed(self, request) -> None:
        # ERR_ABORTED: cancelled because the page navigated away, not an error.
        if request.url not in self.external_requests and (
            request.failure != "net::ERR_ABORTED"
        ):
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> Page:
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None and response.ok, (
            f"{path or '/'}: HTTP {response.status if response else 'no response'}"
        )
        return self.page

    def problems(self) -> list[str]:
        lines = [
            f"request to another host (blocked): {u}" for u in self.external_requests
        ]
        lines += [f"console error: {e}" for e in self.console_errors]
        lines += [f"failed request: {r}" for r in self.failed_requests]
        return lines

    def assert_clean(self, where: str) -> None:
        problems = self.problems()
        assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def figure_name(figure) -> str:
    return "#" + (
        figure.get_attribute("id") or figure.get_attribute("data-figure") or "?"
    )


def wait_until_drawn(page: Page, where: str) -> int:
    """Scroll every interactive figure into view and wait until it is drawn;
    returns how many there are."""
    figures = page.locator(FIGURES)
    count = figures.count()
    for i in range(count):
        figure = figures.nth(i)
        figure.scroll_into_view_if_needed()
        try:
            page.wait_for_function(
                _DRAWN_JS, arg=figure.element_handle(), timeout=FIGURE_TIMEOUT_MS
            )
        except PlaywrightTimeout:
            webgl = figure.get_attribute("data-webgl") == "true"
            need = "WebGL canvas" if webgl else "svg.main-svg or canvas"
            seconds = FIGURE_TIMEOUT_MS // 1000
            pytest.fail(
                f"{where}: figure {figure_name(figure)} was not drawn: no {need} at "
                f"least a third of the column's width inside it {seconds} s after "
                f"it was scrolled into view; found {plot_sizes(figure)}"
            )
    return count


def plot_sizes(figure) -> str:
    """'column 700x900, figure 40x300: svg.main-svg 40x300' for a message."""
    return figure.evaluate(
        """fig => { const size = el => { const r = el.getBoundingClientRect();
            return `${Math.round(r.width)}x${Math.round(r.height)}`; };
          const plots = [...fig.querySelectorAll('svg.main-svg, canvas')]
            .map(el => `${el.tagName.toLowerCase()}${el.classList.length ? '.' +
              [...el.classList].join('.') : ''} ${size(el)}`);
          return `column ${size(fig.parentElement)}, figure ${size(fig)}: ` +
            (plots.join(', ') || 'no plot'); }"""
    )


def font_colors(page: Page) -> list[str | None]:
    """Plotly's resolved font colour of each drawn figure, in page order."""
    return page.eval_on_selector_all(
        FIGURES,
        "figs => figs.map(f => { const gd = f.querySelector('.js-plotly-plot');"
        " return gd && gd._fullLayout ? gd._fullLayout.font.color : null; })",
    )


def wait_for_font_change(page: Page, before: list[str | None], where: str) -> None:
    """Wait until every figure's font colour differs from before (the site
    script relayouts figures when the colour scheme changes)."""
    if not before:
        return
    try:
        page.wait_for_function(
            f"before => [...document.querySelectorAll('{FIGURES}')].every((f, i) => {{"
            " const gd = f.querySelector('.js-plotly-plot');"
            " return gd?._fullLayout && gd._fullLayout.font.color !== before[i]; })",
            arg=before,
        )
    except PlaywrightTimeout:
        after = font_colors(page)
        stale = [
            f"{name} stays {b}"
            for name, b, a in zip(figure_names(page), before, after, strict=False)
            if a == b
        ]
        pytest.fail(f"{where}: figures kept their font colour: {', '.join(stale)}")


def figure_names(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        FIGURES, "figs => figs.map(f => '#' + (f.id || f.dataset.figure))"
    )


def color_scheme(page: Page) -> str | None:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def toggle_palette(page: Page, where: str) -> str:
    """Click the header's palette toggle; returns the new colour scheme once
    body's data-md-color-scheme has changed."""
    before = color_scheme(page)
    toggle = page.locator('[data-md-component="palette"] label:visible')
    if toggle.count() == 0:
        pytest.fail(f"{where}: no visible palette toggle in the header")
    # A real click at the toggle; force skips Playwright's wait for two equal
    # animation frames, which a busy software-WebGL page can delay for seconds.
    toggle.first.click(force=True)
    try:
        page.wait_for_function(
            "s => document.body.getAttribute('data-md-color-scheme') !== s",
            arg=before,
        )
    except PlaywrightTimeout:
        pytest.fail(f"{where}: the palette toggle left the scheme at {before!r}")
    return color_scheme(page)


def raw_math(page: Page) -> list[str]:
    """Visible text outside code that still shows TeX delimiters."""
    return page.evaluate(_RAW_MATH_JS)


def untypeset_math(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".arithmatex:not(:has(.katex))", "els => els.map(e => e.textContent.trim())"
    )


def horizontal_overflow(page: Page) -> tuple[int, int, list[str]]:
    """(scrollWidth, clientWidth, elements that stick out to the right)."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth,"
        " document.documentElement.clientWidth]"
    )
    return widths[0], widths[1], page.evaluate(_OVERFLOW_JS)


def heading(page: Page) -> str:
    """Text of the article's <h1> without its permalink."""
    return page.evaluate(
        f"() => {{ const h = document.querySelector('{HEADING}');"
        " if (!h) return ''; const c = h.cloneNode(true);"
        " c.querySelectorAll('.headerlink').forEach(a => a.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }"
    )


def wait_for_page(page: Page, url: str, title: str, where: str) -> None:
    """Wait until the browser shows url (ignoring the fragment) with h1 title."""
    path = urlsplit(url).path
    try:
        page.wait_for_function(
            "([path, title]) => location.pathname === path && Boolean("
            f" document.querySelector('{HEADING}')?.textContent.includes(title))",
            arg=[path, title],
        )
    except PlaywrightTimeout:
        pytest.fail(
            f"{where}: expected {path} with heading {title!r}, the browser shows "
            f"{urlsplit(page.url).path} with heading {heading(page)!r}"
        )


def mark_nav_link(page: Page, url: str) -> bool:
    """Mark a visible navigation link (tabs or sidebar, not a table of
    contents anchor) to url with data-e2e-target, opening collapsed sections if
    needed; False if there is none."""
    return page.evaluate(
        """url => {
          const target = new URL(url, location.href).href;
          const links = [...document.querySelectorAll('.md-tabs a, .md-nav a')]
            .filter(a => a.href === target);
          let link = links.find(a => a.checkVisibility());
          if (!link) {
            for (const a of links) {
              for (let li = a.closest('.md-nav__item--nested'); li;
                   li = li.parentElement.closest('.md-nav__item--nested')) {
                const t = li.querySelector(':scope > input.md-nav__toggle');
                if (t && !t.checked) t.click();
              }
            }
            link = links.find(a => a.checkVisibility());
          }
          if (link) link.setAttribute('data-e2e-target', '');
          return Boolean(link);
        }""",
        url,
    )


RENDER_EVERY_BLOCK_CSS = (
    ".md-content__inner > * { content-visibility: visible !important; }"
)


def axe_violations(
    page: Page, impacts=("serious", "critical"), within: str | None = None
) -> list[str]:
    """Run axe-core on the page (or the element `within` selects); one line
    per violation of the given impacts.

    Every block of the page is rendered first, as it is for a reader once it
    comes near the screen: the browser skips blocks far from it
    (content-visibility), and axe would read a skipped block's placeholder
    height and the colours it had before the last change of scheme."""
    page.add_style_tag(content=RENDER_EVERY_BLOCK_CSS)
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (within) => await axe.run(within ? document.querySelector(within)"
        " : document, {resultTypes: ['violations']})",
        within,
    )
    lines = []
    for v in result["violations"]:
        if v["impact"] in impacts:
            targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
            lines.append(f"{v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
            first = v["nodes"][0].get("failureSummary", "")
            lines.append("    " + re.sub(r"\s+", " ", first)[:300])
    return lines


def screenshot(page: Page, slug: str, variant: str) -> Path:
    """Full-page PNG in build/screenshots/<slug>--<variant>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{slug}--{variant}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
