"""MkDocs hook: math typeset at build time with KaTeX, so no math script runs
when a reader opens a page.

pymdownx.arithmatex (generic) wraps each formula as
`<span class="arithmatex">\\(...\\)</span>` or
`<div class="arithmatex">\\[...\\]</div>`; notebook pages (mkdocs-jupyter)
carry raw `$...$`, `$$...$$`, `\\(...\\)` and `\\[...\\]` in their Markdown
cells. Each formula becomes KaTeX's HTML (with MathML for screen readers), in
one Node process per build (scripts/typeset.cjs), and a page with math links
KaTeX's stylesheet, which pulls only the fonts it uses. A formula KaTeX cannot parse
stops the build with its file and line.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

# The project holding this hook. The renderer lives outside docs/overrides/,
# whose every non-Python file the theme would copy into the site.
PROJECT = Path(__file__).resolve().parents[3]
RENDERER = PROJECT / "scripts" / "typeset.cjs"
KATEX_CSS = "assets/katex/katex.min.css"
MAX_ERRORS = 10  # listed in one build error

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<body>.*?)</(?P=tag)>', re.DOTALL
)
_MARKDOWN_CELL = re.compile(r'<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>')
_DIV = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"(<[^>]*>)")
_NO_MATH = re.compile(r"<(/?)(code|pre|script|style)\b", re.IGNORECASE)
# In a notebook cell's text: $$..$$, \[..\], \(..\), then $..$ (not "$5 or $6").
_NOTEBOOK_MATH = re.compile(
    r"\$\$(?P<dd>.+?)\$\$|\\\[(?P<sb>.+?)\\\]|\\\((?P<rb>.+?)\\\)"
    r"|(?<![\\$\w])\$(?=\S)(?P<d>[^$]*?\S)\$(?![\w$])",
    re.DOTALL,
)

# Material's search indexes a page's text: of a formula, only what the page
# shows ("Hij" for H_{ij}), once, not its MathML and TeX source too. (Material
# ends an excluded element at the first closing tag of the same name, so the
# mark goes on the MathML's span, which holds no other span.)
_MATHML = '<span class="katex-mathml">'

# (tex, display) -> KaTeX HTML, kept across the rebuilds of `mkdocs serve`.
_cache: dict[tuple[str, bool], str] = {}
_process: subprocess.Popen | None = None
# `mkdocs serve` keeps Node between rebuilds: a saved page with a new formula
# does not wait for Node and KaTeX to start again (0.15 s).
_serving = False

Typeset = Callable[[str, bool], str]


# --- Finding the math in a page's HTML -------------------------------------


def searchable(katex_html: str) -> str:
    """KaTeX's HTML with its MathML (and the TeX in it) marked
    data-search-exclude, so the search index holds each formula once."""
    marked = '<span class="katex-mathml" data-search-exclude>'
    return katex_html.replace(_MATHML, marked)


def _arithmatex(page_html: str, typeset: Typeset) -> str:
    def replace(match: re.Match) -> str:
        body = html.unescape(match["body"]).strip()
        display = match["tag"] == "div"
        opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
        if body.startswith(opening) and body.endswith(closing):
            body = body[len(opening) : -len(closing)]
        tag = match["tag"]
        return f'<{tag} class="arithmatex">{typeset(body.strip(), display)}</{tag}>'

    return _ARITHMATEX.sub(replace, page_html)


def _cell_spans(page_html: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the inside of each notebook Markdown cell."""
    for start in _MARKDOWN_CELL.finditer(page_html):
        depth = 1
        for tag in _DIV.finditer(page_html, start.end()):
            depth += -1 if tag[1] else 1
            if depth == 0:
                yield start.end(), tag.start()
                break


def _notebook_text(text: str, typeset: Typeset) -> str:
    def replace(match: re.Match) -> str:
        display = match["dd"] is not None or match["sb"] is not None
        tex = next(g for g in (match["dd"], match["sb"], match["rb"], match["d"]) if g)
        tag = "div" if display else "span"
        rendered = typeset(html.unescape(tex).strip(), display)
        return f'<{tag} class="arithmatex">{rendered}</{tag}>'

    return _NOTEBOOK_MATH.sub(replace, text)


def _notebook_cell(cell: str, typeset: Typeset) -> str:
    """Math in the cell's text, outside code, pre, script and style."""
    parts, skip = [], 0
    for part in _TAG.split(cell):
        if part.startswith("<"):
            tag = _NO_MATH.match(part)
            if tag:
                skip = max(0, skip + (-1 if tag[1] else 1))
            parts.append(part)
        else:
            parts.append(part if skip else _notebook_text(part, typeset))
    return "".join(parts)


def _notebook(page_html: str, typeset: Typeset) -> str:
    out, done = [], 0
    for start, end in list(_cell_spans(page_html)):
        out += [page_html[done:start], _notebook_cell(page_html[start:end], typeset)]
        done = end
    return "".join([*out, page_html[done:]])


def rewrite(page_html: str, typeset: Typeset, *, notebook: bool) -> str:
    """page_html with every formula replaced by typeset(tex, display)."""
    page_html = _arithmatex(page_html, typeset)
    return _notebook(page_html, typeset) if notebook else page_html


def formulas(page_html: str, *, notebook: bool) -> list[tuple[str, bool]]:
    """Every (tex, display) in the page, in order."""
    found: list[tuple[str, bool]] = []
    rewrite(
        page_html,
        lambda tex, display: found.append((tex, display)) or "",
        notebook=notebook,
    )
    return found


# --- Where a formula came from ----------------------------------------------


def _source_lines(path: Path) -> list[tuple[str, str]]:
    """(place, text) of each line an author wrote: 'line 12' in Markdown,
    'cell 3, line 2' in a notebook's Markdown cells."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return [(f"{i}", line) for i, line in enumerate(text.splitlines(), 1)]
    lines = []
    for n, cell in enumerate(json.loads(text).get("cells", []), 1):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        for i, line in enumerate(source.splitlines(), 1):
            lines.append((f"cell {n}, line {i}", line))
    return lines


def locate(path: Path, tex: str) -> str:
    """'path:line' of the first source line holding the formula (or its
    longest leading part, since computed numbers change the rest)."""
    try:
        lines = _source_lines(path)
    except (OSError, ValueError):
        return str(path)
    first = tex.strip().splitlines()[0].strip() if tex.strip() else tex
    for size in range(len(first), min(len(first), 6) - 1, -1):
        needle = first[:size]
        for place, line in lines:
            if needle in line:
                return f"{path}:{place}"
    return f"{path}: (line not found)"


# --- The Node process -------------------------------------------------------


def _start() -> subprocess.Popen:
    node = shutil.which("node")
    if node is None:
        raise PluginError("node is not on PATH; the math is typeset with KaTeX in Node")
    katex = PROJECT / "node_modules" / "katex"
    if not (katex / "package.json").is_file():
        raise PluginError(
            f"KaTeX is missing at {katex}; run `make setup` (npm ci) to install it"
        )
    return subprocess.Popen(
        [node, str(RENDERER)],
        cwd=PROJECT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def render(wanted: list[tuple[str, bool]]) -> list[dict]:
    """KaTeX's answer for each (tex, display), in one round trip."""
    global _process
    if _process is None or _process.poll() is not None:
        _process = _start()
    request = [{"tex": tex, "display": display} for tex, display in wanted]
    _process.stdin.write(json.dumps(request) + "\n")
    _process.stdin.flush()
    line = _process.stdout.readline()
    try:
        answer = json.loads(line)
    except ValueError:
        answer = None
    if not isinstance(answer, list) or len(answer) != len(wanted):
        stop()
        raise PluginError(f"{RENDERER} gave no answer for {len(wanted)} formulas")
    return answer


def stop() -> None:
    global _process
    if _process is not None:
        _process.stdin.close()
        _process.wait(timeout=10)
        _process = None


# --- MkDocs events ----------------------------------------------------------


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _where(page: Page, root: Path) -> Path:
    path = Path(page.file.abs_src_path or page.file.src_uri)
    return path.relative_to(root) if path.is_relative_to(root) else path


def on_page_content(
    html: str, /, *, page: Page, config: MkDocsConfig, files: Files
) -> str:
    notebook = page.file.src_uri.endswith(".ipynb")
    found = formulas(html, notebook=notebook)
    if not found:
        return html
    root = _root(config)
    missing = list(dict.fromkeys(f for f in found if f not in _cache))
    errors = []
    if missing:
        for (tex, display), answer in zip(missing, render(missing), strict=True):
            if "html" in answer:
                _cache[(tex, display)] = searchable(answer["html"])
            else:
                place = locate(_where(page, root), tex)
                errors.append(f"{place}: math: {answer.get('error')} in {tex!r}")
    if errors:
        more = len(errors) - MAX_ERRORS
        lines = errors[:MAX_ERRORS] + ([f"... and {more} more"] if more > 0 else [])
        raise PluginError("KaTeX cannot typeset:\n" + "\n".join(lines))
    # Linked in <head> by overrides/main.html: a stylesheet in <body> holds
    # back the drawing of everything after it.
    page.math_stylesheet = get_relative_url(KATEX_CSS, page.url)
    return rewrite(html, lambda tex, display: _cache[(tex, display)], notebook=notebook)


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_post_build(*, config: MkDocsConfig) -> None:
    if not _serving:
        stop()


def on_build_error(*, error: Exception) -> None:
    stop()


def on_shutdown() -> None:
    stop()
