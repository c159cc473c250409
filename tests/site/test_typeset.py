"""Math typeset at build time (docs/overrides/hooks/typeset.py) with the real
KaTeX from node_modules: arithmatex and notebook math become KaTeX HTML with the
TeX kept in its MathML annotation, search indexes each formula once, pages
link KaTeX's CSS only when they hold math, one Node process serves a build,
and bad TeX stops the build with its file and line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from tests import hooks
from tests.sitebuild import SESSION_BUILD

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "docs" / "overrides" / "hooks" / "typeset.py"
CELL = '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown" data-mime-type="x">'


@pytest.fixture
def typeset():
    module = hooks.load("typeset", "typeset_under_test")
    yield module
    module.stop()


def event(typeset, html, src_uri, abs_src_path=None, url="page/", page=None):
    file = SimpleNamespace(src_uri=src_uri, abs_src_path=abs_src_path)
    page = page if page is not None else SimpleNamespace()
    page.file, page.url = file, url
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))
    return typeset.on_page_content(html, page=page, config=config, files=None)


def annotations(html: str) -> list[str]:
    """The TeX KaTeX records in each formula's MathML."""
    found = re.findall(
        r'<annotation encoding="application/x-tex">(.*?)</annotation>', html, re.DOTALL
    )
    return [unescape(tex) for tex in found]


def test_arithmatex_inline_and_display_become_katex(typeset):
    html = (
        '<p>A <span class="arithmatex">\\(w_t &lt; 1\\)</span> step.</p>\n'
        '<div class="arithmatex">\\[\\frac{1}{N}\\sum_i L_i\\]</div>'
    )
    page = SimpleNamespace()
    out = event(typeset, html, "lessons/a.md", url="lessons/a/", page=page)
    assert annotations(out) == ["w_t < 1", "\\frac{1}{N}\\sum_i L_i"]
    assert out.count('class="katex-display"') == 1  # only the \[ \] one
    assert out.count("<math") == 2  # MathML for screen readers
    assert "\\(" not in out and "\\[" not in out
    # The stylesheet goes in <head> (overrides/main.html), not the content.
    assert page.math_stylesheet == "../../assets/katex/katex.min.css"
    assert "<link" not in out


def test_search_indexes_each_formula_once_as_the_page_shows_it(typeset):
    from material.plugins.search.plugin import Parser

    html = '<p>Entry <span class="arithmatex">\\(H_{ij}\\)</span> here.</p>'
    out = event(typeset, html, "lessons/a.md", url="lessons/a/")
    parser = Parser()
    parser.feed(out)
    parser.close()
    text = "".join(part for s in parser.data for part in s.text if part[0] != "<")
    assert " ".join(text.replace("\u200b", "").split()) == "Entry Hij here."


def test_a_page_without_math_is_unchanged(typeset):
    html = "<p>Costs $5 and $6 today; <code>$x$</code>.</p>"
    assert event(typeset, html, "a.md") == html
    assert (
        event(typeset, CELL + html + "</div>", "lab/n.ipynb") == CELL + html + "</div>"
    )


def test_notebook_markdown_cells_are_typeset_but_not_code_or_outputs(typeset):
    cell = (
        CELL + "<p>Momentum $\\mu = 0.9$ and $$a^2 + b^2$$; \\(x\\) and \\[y\\]. "
        "Prices $5 or $6; <code>$not$</code></p>"
        '<div class="inner">$z_1$</div></div>'
    )
    output = '<pre>$kept$</pre><div class="jp-OutputArea">$kept_too$</div>'
    out = event(typeset, cell + output, "lab/n.ipynb", url="lab/n/")
    assert annotations(out) == ["\\mu = 0.9", "a^2 + b^2", "x", "y", "z_1"]
    assert out.count('class="katex-display"') == 2  # $$ $$ and \[ \]
    assert "Prices $5 or $6" in out and "<code>$not$</code>" in out
    assert output in out


def test_one_node_process_serves_the_whole_build(typeset):
    event(typeset, '<span class="arithmatex">\\(a\\)</span>', "a.md")
    first = typeset._process.pid
    event(typeset, '<span class="arithmatex">\\(b\\)</span>', "b.md")
    assert typeset._process.pid == first
    typeset.on_post_build(config=None)
    assert typeset._process is None


def test_serve_keeps_node_for_the_next_rebuild(typeset):
    typeset.on_startup(command="serve", dirty=False)
    event(typeset, '<span class="arithmatex">\\(a\\)</span>', "a.md")
    first = typeset._process.pid
    typeset.on_post_build(config=None)
    event(typeset, '<span class="arithmatex">\\(c\\)</span>', "a.md")  # an edit
    assert typeset._process.pid == first
    typeset.on_build_error(error=RuntimeError("a build failed"))
    assert typeset._process is None  # started afresh after an error
    event(typeset, '<span class="arithmatex">\\(d\\)</span>', "a.md")
    typeset.on_shutdown()
    assert typeset._process is None


def test_bad_tex_names_the_markdown_file_and_line(typeset, tmp_path):
    source = tmp_path / "lesson.md"
    source.write_text("# Lesson\n\nFine $a$.\n\nBroken $\\frac{1}{$ here.\n")
    html = (
        '<span class="arithmatex">\\(a\\)</span>'
        '<span class="arithmatex">\\(\\frac{1}{\\)</span>'
    )
    with pytest.raises(PluginError) as error:
        event(typeset, html, "lesson.md", abs_src_path=str(source))
    message = str(error.value)
    assert f"{source}:5: math: KaTeX parse error" in message
    assert "\\\\frac{1}{" in message
    assert ":3:" not in message  # the good formula is not blamed


def test_bad_tex_in_a_notebook_names_the_cell_and_line(typeset, tmp_path):
    notebook = tmp_path / "n.ipynb"
    cells = [
        {"cell_type": "code", "source": ["x = 1\n"]},
        {"cell_type": "markdown", "source": ["# Title\n", "Bad $\\sqrt{x$ here\n"]},
    ]
    notebook.write_text(json.dumps({"cells": cells}))
    html = CELL + "<p>Bad $\\sqrt{x$ here</p></div>"
    with pytest.raises(PluginError, match=r"n\.ipynb:cell 2, line 2: math: KaTeX"):
        event(typeset, html, "n.ipynb", abs_src_path=str(notebook))


def test_a_bad_formula_fails_mkdocs_build(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# T\n\nOK $x$\n\n$$\n\\sum_{i\n$$\n")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
            site_name: T
            hooks: [{HOOK}]
            markdown_extensions:
              - pymdownx.arithmatex: {{generic: true}}
            """)
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "docs/index.md:6: math: KaTeX parse error" in done.stderr


def test_built_pages_ship_typeset_math_and_no_math_script():
    site = SESSION_BUILD.get()
    if isinstance(site, Exception):
        pytest.fail(f"the site did not build:\n{site}")
    with_math = 0
    for page in site.pages:
        html = page.html_file.read_text(encoding="utf-8")
        where = page.id
        assert not re.search(r"katex(\.min)?\.js|auto-render", html), where
        assert not re.search(r"<script\b[^>]*\bsrc=[^>]*mathjax", html, re.I), where
        mathjax = re.search(
            r"<script\b[^>]*>(?:(?!</script>).)*mathjax",
            html,
            re.DOTALL | re.IGNORECASE,
        )
        assert not mathjax, where
        head, body = html.split("</head>", 1)
        links_css = "assets/katex/katex.min.css" in head
        assert links_css == ('class="katex"' in body), where
        assert "katex.min.css" not in body, where  # a sheet in <body> stalls drawing
        with_math += links_css
    # Chapter 13, the optimizers lesson and the notebook at least.
    assert with_math >= 3
    notebook = site.page("lab/explore/").html_file.read_text(encoding="utf-8")
    assert "\\mu = 0.9" in annotations(notebook)
