"""Promises mkdocs.yml and its stylesheet make that can be checked without
building the site."""

import colorsys
import logging
import re
from pathlib import Path

import jupyterlab_pygments
import material
import mkdocs_jupyter
import pytest
from mkdocs.config import load_config
from pygments.formatters import HtmlFormatter

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
HOOK = ROOT / "docs" / "overrides" / "hooks" / "lessons.py"


@pytest.fixture(scope="module")
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def nav_paths(items):
    """Every page path in a nav tree (strings, {title: path} and sections)."""
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from nav_paths(value)
        else:
            yield value


def test_no_google_fonts_and_site_url_set(config):
    assert config.theme["font"] is False
    assert re.fullmatch(r"https://[^/]+/(.+/)?", config.site_url)


def test_theme_overrides_are_not_pages(config):
    assert Path(config.theme.custom_dir) == DOCS / "overrides"
    assert "overrides/" in str(config.exclude_docs)
    assert HOOK.resolve() in {Path(p).resolve() for p in config.hooks}


def test_link_anchor_and_nav_problems_fail_strict_builds(config):
    nav, links = config.validation.nav, config.validation.links
    for level in (nav.omitted_files, nav.not_found, nav.absolute_links):
        assert level >= logging.WARNING
    for level in (
        links.not_found,
        links.anchors,
        links.absolute_links,
        links.unrecognized_links,
    ):
        assert level >= logging.WARNING


def test_nothing_is_loaded_from_another_server(config):
    assets = [str(p) for p in (*config.extra_css, *config.extra_javascript)]
    assert assets
    assert not [a for a in assets if re.match(r"(https?:)?//", a)]


def test_local_assets_exist_or_come_from_the_hook(config):
    """Each stylesheet/script is in docs/ or is a KaTeX file the hook adds."""
    katex = ROOT / "node_modules" / "katex" / "dist"
    for asset in map(str, (*config.extra_css, *config.extra_javascript)):
        if asset.startswith("assets/katex/"):
            assert (katex / asset.removeprefix("assets/katex/")).is_file(), asset
        else:
            assert (DOCS / asset).is_file(), asset


def test_instant_navigation_and_the_promised_features(config):
    features = set(config.theme["features"])
    assert {
        "navigation.instant",
        "navigation.sections",
        "navigation.indexes",
        "navigation.footer",
        "navigation.top",
        "search.suggest",
        "search.highlight",
        "content.code.copy",
        "toc.follow",
    } <= features
    schemes = [p["scheme"] for p in config.theme["palette"]]
    assert schemes == ["default", "slate"]
    assert all(p["toggle"]["name"] for p in config.theme["palette"])


def test_notebooks_only_from_the_lab_and_errors_fail_the_build(config):
    jupyter = config.plugins["mkdocs-jupyter"].config
    assert jupyter["include"] == ["lab/*.ipynb"]
    assert jupyter["allow_errors"] is False
    assert jupyter["execute"] is True
    assert jupyter["include_source"] is True


def test_math_and_snippets_settings(config):
    extensions = config.mdx_configs
    assert extensions["pymdownx.arithmatex"]["generic"] is True
    assert extensions["pymdownx.snippets"]["check_paths"] is True
    assert "lesson_src" in extensions["pymdownx.snippets"]["base_path"]
    assert extensions["toc"]["permalink"] is True


def test_every_nav_entry_is_an_existing_page(config):
    paths = list(nav_paths(config.nav))
    assert "index.md" in paths
    assert len(paths) == len(set(paths))
    missing = [p for p in paths if not (DOCS / p).is_file()]
    assert not missing, f"nav entries without a file in docs/: {missing}"


def test_every_section_has_an_index_page(config):
    for item in config.nav:
        ((title, value),) = item.items() if isinstance(item, dict) else [(None, item)]
        if isinstance(value, list):
            assert value[0].endswith("/index.md"), title


# ---------------------------------------------------------------------------
# Code colours of docs/stylesheets/extra.css against WCAG 2.x AA (>= 4.5:1),
# resolved through the CSS custom properties Material and mkdocs-jupyter ship.
# ---------------------------------------------------------------------------

EXTRA_CSS = DOCS / "stylesheets" / "extra.css"
WCAG_AA = 4.5  # WCAG 2.x 1.4.3, normal text


def css_declarations(css: str, selector: str) -> dict[str, str]:
    """Custom properties of every rule whose selector list holds `selector`
    (quotes and spaces ignored), later rules winning; @media wrappers ignored."""
    found: dict[str, str] = {}
    normal = re.sub(r"[\s\"']", "", selector)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        selectors = selectors.split(";")[-1]  # after any @charset "...";
        if normal in {re.sub(r"[\s\"']", "", s) for s in selectors.split(",")}:
            for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+)", body):
                found[name] = value.strip()
    return found


def resolve(value: str, properties: dict[str, str]) -> str:
    """value with every var(--name) replaced, recursively."""
    for _ in range(20):
        value, count = re.subn(
            r"var\((--[\w-]+)\)", lambda m: properties[m.group(1)], value
        )
        if count == 0:
            return value
    raise ValueError(f"var() nesting too deep in {value!r}")


def rgba(color: str) -> tuple[float, float, float, float]:
    """#rgb, #rrggbb(aa), rgb(a)(), hsl(a)() or white/black -> r, g, b, a in [0, 1]."""
    color = {"white": "#fff", "black": "#000"}.get(color.strip(), color.strip())
    if color.startswith("#"):
        digits = color[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        channels = [int(digits[i : i + 2], 16) / 255 for i in range(0, len(digits), 2)]
        return (*channels[:3], channels[3] if len(channels) == 4 else 1.0)
    numbers = [float(n) for n in re.findall(r"[\d.]+", color)]
    if color.startswith("rgb"):
        return (*(n / 255 for n in numbers[:3]), numbers[3] if len(numbers) > 3 else 1)
    if color.startswith("hsl"):
        hue, sat, light = numbers[0] / 360, numbers[1] / 100, numbers[2] / 100
        r, g, b = colorsys.hls_to_rgb(hue, light, sat)
        return (r, g, b, numbers[3] if len(numbers) > 3 else 1.0)
    raise ValueError(f"cannot read the colour {color!r}")


def over(color: str, background: tuple) -> tuple[float, float, float, float]:
    """color painted over an opaque background (alpha compositing)."""
    *rgb, alpha = rgba(color)
    return (
        *(
            alpha * c + (1 - alpha) * b
            for c, b in zip(rgb, background[:3], strict=True)
        ),
        1.0,
    )


def contrast(fg: tuple, bg: tuple) -> float:
    """WCAG 2.x contrast ratio of two opaque colours."""

    def luminance(color):
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in color[:3]
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([luminance(fg), luminance(bg)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_matches_wcag_examples():
    black, white = (0.0, 0.0, 0.0, 1.0), (1.0, 1.0, 1.0, 1.0)
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(white, white) == pytest.approx(1.0)
    # #767676 on white is the lightest grey that passes AA (4.54:1).
    assert contrast(rgba("#767676"), white) == pytest.approx(4.54, abs=0.01)
    assert over("#0000008a", white) == pytest.approx(rgba("#757575"), abs=0.003)
    assert rgba("hsla(120deg, 100%, 25%, 1)") == pytest.approx((0, 0.5, 0, 1))


def material_palettes() -> dict[str, dict[str, str]]:
    """Material's custom properties per colour scheme, then this site's."""
    sheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    main = next(sheets.glob("main.*.min.css")).read_text(encoding="utf-8")
    palette = next(sheets.glob("palette.*.min.css")).read_text(encoding="utf-8")
    ours = EXTRA_CSS.read_text(encoding="utf-8")
    light = {
        **css_declarations(main, ":root"),
        **css_declarations(main, "[data-md-color-scheme=default]"),
        **css_declarations(ours, ":root"),
        **css_declarations(ours, "[data-md-color-scheme=default]"),
    }
    dark = {
        **light,
        **css_declarations(palette, "[data-md-color-scheme=slate]"),
        **css_declarations(ours, "[data-md-color-scheme=slate]"),
    }
    return {"default": light, "slate": dark}


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_code_token_colour_reaches_aa(scheme):
    """Each --md-code-hl-*-color on the code background and on a highlighted
    line (--md-code-hl-color--light over it)."""
    properties = material_palettes()[scheme]
    background = over(resolve("var(--md-code-bg-color)", properties), (1, 1, 1))
    highlighted = over(
        resolve("var(--md-code-hl-color--light)", properties), background
    )
    tokens = [
        name for name in properties if re.fullmatch(r"--md-code-hl-[a-z]+-color", name)
    ]
    assert len(tokens) >= 12, tokens
    low = []
    for name in tokens:
        color = resolve(properties[name], properties)
        for where, bg in [("code", background), ("highlighted line", highlighted)]:
            ratio = contrast(over(color, bg), bg)
            if ratio < WCAG_AA:
                low.append(f"{name} = {color} on the {where}: {ratio:.2f}:1")
    assert not low, f"{scheme}: below {WCAG_AA}:1:\n  " + "\n  ".join(low)


def notebook_palettes() -> dict[str, dict[str, str]]:
    """mkdocs-jupyter's custom properties per colour scheme, then this site's,
    in the order their selectors' specificity gives them."""
    assets = Path(mkdocs_jupyter.__file__).parent / "templates" / "mkdocs_html"
    index = (assets / "assets" / "index.css").read_text(encoding="utf-8")
    theme = (assets / "assets" / "theme-light.css").read_text(encoding="utf-8")
    ours = EXTRA_CSS.read_text(encoding="utf-8")
    base = {
        **css_declarations(index, ".jupyter-wrapper"),
        **css_declarations(theme, ".jupyter-wrapper"),
    }
    light = {**base, **css_declarations(ours, "body .jupyter-wrapper")}
    dark = {
        **light,
        **css_declarations(index, "[data-md-color-scheme=slate] .jupyter-wrapper"),
        **css_declarations(ours, "body[data-md-color-scheme=slate] .jupyter-wrapper"),
    }
    return {"default": light, "slate": dark}


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_notebook_token_colour_reaches_aa(scheme):
    """The Pygments colours nbconvert gives notebook code cells (.highlight-ipynb,
    from jupyterlab_pygments) on the cell background."""
    properties = notebook_palettes()[scheme]
    pygments_css = HtmlFormatter(style=jupyterlab_pygments.JupyterStyle).get_style_defs(
        ".highlight-ipynb"
    )
    used = sorted(
        set(re.findall(r"color: var\((--jp-mirror-editor-[\w-]+)\)", pygments_css))
    )
    assert len(used) >= 8, used
    low = []
    for background_name in [
        "--jp-cell-editor-background",
        "--jp-cell-editor-active-background",
    ]:
        background = over(resolve(properties[background_name], properties), (1, 1, 1))
        for name in used:
            color = resolve(properties[name], properties)
            ratio = contrast(over(color, background), background)
            if ratio < WCAG_AA:
                low.append(f"{name} = {color} on {background_name}: {ratio:.2f}:1")
    assert not low, f"{scheme}: below {WCAG_AA}:1:\n  " + "\n  ".join(low)
