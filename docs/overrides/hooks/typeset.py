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

KaTeX's answers are kept on disk for the next build, in
<build>/cache/typeset.json ($LESSONKIT_BUILD_DIR, else build/ beside
mkdocs.yml): a build whose every formula is there starts no Node process.
The file names its format, KaTeX's version (node_modules/katex/package.json)
and a hash of scripts/typeset.cjs (KaTeX's options); it holds KaTeX's own
HTML, and the hook marks it for search (`searchable`) on every build, so a
change of that step needs no new key. A missing, unreadable, foreign or
malformed file is ignored and replaced. Only formulas that typeset are kept,
only those of the last build, written atomically once per build when they
changed. LESSONKIT_MATH_CACHE=off neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
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

from lessonkit import atomic
from lessonkit.build_folder import build_folder

# The project holding this hook. The renderer lives outside docs/overrides/,
# whose every non-Python file the theme would copy into the site.
PROJECT = Path(__file__).resolve().parents[3]
RENDERER = PROJECT / "scripts" / "typeset.cjs"
KATEX_PACKAGE = PROJECT / "node_modules" / "katex" / "package.json"
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

STORE = "cache/typeset.json"
STORE_FORMAT = 1
SWITCH = "LESSONKIT_MATH_CACHE"  # "off": no store read or written

Formula = tuple[str, bool]  # (tex, display)

# (tex, display) -> KaTeX's HTML, as Node gave it (marked for search as it
# goes into a page); kept across the rebuilds of `mkdocs serve`, and on disk
# between builds.
_katex: dict[Formula, str] = {}
_used: set[Formula] = set()  # the formulas of this build
_stored: set[Formula] = set()  # what the store on disk holds
_store_key: dict | None = None  # the KaTeX and renderer the memory holds
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


# --- The store on disk --------------------------------------------------------


def enabled() -> bool:
    """False when LESSONKIT_MATH_CACHE=off; any value but on/off is an error."""
    value = os.environ.get(SWITCH, "on")
    if value not in ("on", "off"):
        raise PluginError(f"{SWITCH}={value!r} is not allowed; allowed: on, off")
    return value == "on"


def store_path(config: MkDocsConfig) -> Path:
    """<build>/cache/typeset.json: $LESSONKIT_BUILD_DIR, else build/ beside
    mkdocs.yml."""
    return build_folder(_root(config)) / STORE


def store_key() -> dict | None:
    """What KaTeX's output depends on besides the formula: its version and
    the renderer's options (a hash of typeset.cjs); None if either is missing
    (nothing can be typeset then: render says why)."""
    try:
        version = json.loads(KATEX_PACKAGE.read_text(encoding="utf-8"))["version"]
        renderer = hashlib.sha256(RENDERER.read_bytes()).hexdigest()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {"format": STORE_FORMAT, "katex": version, "renderer": renderer}


# A restored build/cache/ is untrusted (CONTRIBUTING.md, "Trust model"): a
# stored answer is used only if it is markup KaTeX makes (HTML spans, MathML,
# SVG paths; no link, script, event handler or remote resource) and its
# annotation holds the very formula it is stored under.
_ANY_TAG = re.compile(r"<[^<>]*>?")  # an unclosed one too
_TAG_PARTS = re.compile(r'</?([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*/?>')
_ATTRIBUTE = re.compile(r'([\w:-]+)="')
_KATEX_TAGS = re.compile(r"span|svg|path|line|math|semantics|annotation|m[a-z]+")
KATEX_ATTRIBUTES = frozenset(
    "accent accentunder aria-hidden class columnalign columnlines "  # noqa: SIM905
    "columnspacing d depth display displaystyle encoding fence framespacing "
    "height largeop linethickness lspace mathbackground mathcolor mathsize "
    "mathvariant maxsize minsize movablelimits notation preserveAspectRatio "
    "rowalign rowlines rowspacing rspace scriptlevel separator stretchy "
    "stroke-width style symmetric viewBox voffset width x1 x2 xmlns y1 y2".split()
)
_UNSAFE = ("url(", "expression(", "@import", "javascript:")
_ANNOTATION = re.compile(
    r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.DOTALL
)


def katex_markup(text: str) -> bool:
    """True if every tag in text is one KaTeX makes, whole, with attributes
    it writes, none reaching out (url(...) in a style); the text between
    tags is inert."""
    for tag in set(_ANY_TAG.findall(text)):
        parts = _TAG_PARTS.fullmatch(tag)
        if parts is None or not _KATEX_TAGS.fullmatch(parts[1]):
            return False
        if not KATEX_ATTRIBUTES.issuperset(_ATTRIBUTE.findall(parts[2])):
            return False
        if any(mark in tag.lower() for mark in _UNSAFE):
            return False
    return True


def katex_made(tex: str, katex_html: str) -> bool:
    """True if katex_html could be KaTeX's answer for tex: its markup, with
    tex (and only it) in its annotation."""
    return _annotated(tex, katex_html) and katex_markup(katex_html)


def _annotated(tex: str, katex_html: str) -> bool:
    found = _ANNOTATION.findall(katex_html)
    return len(found) == 1 and html.unescape(found[0]) == tex


def load_store(path: Path, key: dict) -> dict[Formula, str]:
    """KaTeX's HTML by formula from the store; {} if the file is missing,
    broken, or written for another format, KaTeX or renderer; an answer that
    is not what KaTeX makes of its formula (katex_made) is left out."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if {name: data[name] for name in key} != key:
            return {}
        found = {}
        for tex, display, katex_html in data["formulas"]:
            if not (isinstance(tex, str) and isinstance(katex_html, str)):
                raise ValueError("not a string")
            if not isinstance(display, bool):
                raise ValueError("display is not true or false")
            found[(tex, display)] = katex_html
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if katex_markup("".join(found.values())):  # one look at the usual case
        return {f: h for f, h in found.items() if _annotated(f[0], h)}
    return {f: h for f, h in found.items() if katex_made(f[0], h)}


def save_store(path: Path, key: dict, formulas: dict[Formula, str]) -> None:
    """Write the formulas atomically, sorted: the same formulas give the same
    bytes."""
    rows = [
        [tex, display, formulas[(tex, display)]] for tex, display in sorted(formulas)
    ]
    text = json.dumps({**key, "formulas": rows}, sort_keys=True, ensure_ascii=False)
    atomic.write_text(path, text)


def _open_store(config: MkDocsConfig) -> None:
    """Start from the store, unless the memory holds the answers of this
    KaTeX and renderer already (a rebuild of `mkdocs serve`; an `npm ci` or
    an edit of typeset.cjs meanwhile empties it)."""
    global _store_key
    key = store_key()
    if key is not None and key == _store_key:
        return
    stop()  # an edited typeset.cjs runs in a new Node
    _katex.clear()
    _stored.clear()
    _store_key = key
    if key is not None and enabled():
        _katex.update(load_store(store_path(config), key))
        _stored.update(_katex)


def _close_store(config: MkDocsConfig) -> None:
    """Forget the formulas this build did not use; store the rest if the
    store does not hold exactly them."""
    for formula in set(_katex) - _used:
        del _katex[formula]
    _used.clear()
    if _store_key is not None and enabled() and set(_katex) != _stored:
        save_store(store_path(config), _store_key, _katex)
        _stored.clear()
        _stored.update(_katex)


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
    _used.update(found)
    missing = list(dict.fromkeys(f for f in found if f not in _katex))
    errors = []
    if missing:
        for (tex, display), answer in zip(missing, render(missing), strict=True):
            if "html" in answer:
                _katex[(tex, display)] = answer["html"]
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
    return rewrite(
        html, lambda tex, display: searchable(_katex[(tex, display)]), notebook=notebook
    )


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(*, config: MkDocsConfig) -> None:
    _used.clear()
    _open_store(config)


def on_post_build(*, config: MkDocsConfig) -> None:
    if not _serving:
        stop()
    _close_store(config)


def on_build_error(*, error: Exception) -> None:
    stop()
    _used.clear()


def on_shutdown() -> None:
    stop()
