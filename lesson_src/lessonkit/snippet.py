"""The HTML of a figure in a page (CONTRIBUTING.md), with URLs relative to the
page's own URL."""

from __future__ import annotations

from html import escape
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cache import Entry
    from .spec import FigureSpec

from .figures import bundles

EXPLORER_MODULE = "javascripts/explorer/explorer.js"  # copied from docs/ by MkDocs


def page_url(src_path: str, *, directory_urls: bool = True) -> str:
    """MkDocs' URL of a page: lessons/loss-landscape.md -> lessons/loss-landscape/."""
    path = PurePosixPath(src_path)
    if path.stem in ("index", "README"):
        parent = "" if str(path.parent) == "." else f"{path.parent}/"
        return parent if directory_urls else f"{parent}index.html"
    stem = str(path.with_suffix(""))
    return f"{stem}/" if directory_urls else f"{stem}.html"


def site_root(src_path: str, *, directory_urls: bool = True) -> str:
    """Relative path from the page's URL to the site root: '../../' or ''."""
    return "../" * page_url(src_path, directory_urls=directory_urls).count("/")


def figure_html(
    spec: FigureSpec,
    entry: Entry,
    *,
    root: str,
    number: str | None = None,
    element_id: str | None = None,
) -> str:
    """The <figure> element of a built figure; `root` is the relative path to
    the site root; `number` ("13.2") starts the caption; `element_id` defaults
    to fig-ID."""
    figure_id, title, alt = spec.id, spec.title, spec.alt
    description, interactive = spec.description, spec.interactive
    static_name, width, height = entry.static, entry.width, entry.height
    webgl = entry.webgl
    fig = f"{root}figures/"
    data = f'data-figure="{figure_id}"'
    kind = "ll-figure"
    if spec.explorer:  # drawn by docs/javascripts/explorer/ from its JSON
        kind += " ll-explorer"
        data += (
            f'\n        data-explorer="{fig}{figure_id}.json" '
            f'data-module="{root}{EXPLORER_MODULE}"'
        )
    if interactive:
        data += (
            f'\n        data-json="{fig}{figure_id}.json" '
            f'data-plotly="{root}{bundles.url(webgl)}"'
            f'\n        data-webgl="{"true" if webgl else "false"}"'
        )
    link = (
        f' · <a href="{fig}{figure_id}.html">open on its own</a>' if interactive else ""
    )
    text = " ".join((description or alt).split())  # no blank line may end the block
    lines = [
        f'<figure class="{kind}" id="{element_id or f"fig-{figure_id}"}" {data}>',
        static_image(f"{fig}{static_name}", alt, width, height),
        '  <div class="ll-figure__plot"></div>' if interactive else "",
        '  <div class="ll-explorer__app"></div>' if spec.explorer else "",
        f"  <figcaption>{_numbered(number)}{escape(title)}{link}</figcaption>",
        '  <details class="ll-figure__description">'
        "<summary>Describe this figure</summary>",
        f"    <p>{escape(text)}</p></details>",
        "</figure>",
    ]
    return "\n".join(line for line in lines if line)


def static_image(url: str, alt: str, width: int, height: int) -> str:
    """The figure's picture, fetched when it nears the screen: docs/javascripts/
    lazy-images.js copies data-src to src (the browser's own loading="lazy"
    fetches pictures two or three screens ahead on a phone). Without
    JavaScript the <noscript> copy loads instead. width and height keep its
    place, so nothing moves when it arrives."""
    attrs = f'alt="{escape(alt)}" width="{width}" height="{height}"'
    return (
        f'  <img class="ll-figure__static" data-src="{url}" {attrs}>'
        f'<noscript><img class="ll-figure__static" src="{url}" {attrs} '
        'loading="lazy"></noscript>'
    )


def _numbered(number: str | None) -> str:
    if number is None:
        return ""
    return f'<span class="ll-figure__number">Figure {escape(number)}.</span> '
