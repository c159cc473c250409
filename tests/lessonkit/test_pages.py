import textwrap

import pytest

from lessonkit import cache, snippet
from lessonkit.errors import AuthorError
from lessonkit.fences import find_fences
from lessonkit.pages import BuiltFigure, Page, expand
from lessonkit.spec import FigureSpec


def built(fid, title, alt, description, kind, static, width, height, webgl):
    spec = FigureSpec(fid, "landscape", {}, title, alt, description, kind)
    key = cache.Key("spec", "code", {})
    entry = cache.Entry(key, {static: "sha"}, static, width, height, webgl)
    return BuiltFigure(spec, entry)


INFO = built(
    "fig-a", "Title A", 'Alt "A"', "", "interactive", "fig-a.png", 600, 400, True
)
STATIC = built(
    "fig-b", "Title B", "Alt B", "Long B", "static", "fig-b.svg", 360, 230, False
)
FIGURES = {"fig-a": INFO, "fig-b": STATIC}
NS = {"half": lambda x: x / 2}


def run(text, src="lessons/page.md", **kw):
    page = Page.parse(src, f"docs/{src}", textwrap.dedent(text), NS)
    return expand(page, figures=FIGURES, namespace=NS, **kw)


def test_figure_block_becomes_the_snippet_with_relative_urls():
    out = run("# T\n\n```figure\nid: fig-a\n```\n")
    assert "```" not in out
    assert '<figure class="ll-figure" id="fig-fig-a" data-figure="fig-a"' in out
    assert 'data-json="../../figures/fig-a.json"' in out
    assert 'data-plotly="../../assets/plotly/plotly-gl3d.min.js"' in out
    assert 'data-webgl="true"' in out
    # The picture is fetched by script near the screen; the <noscript> copy
    # without JavaScript; both keep their place with width and height.
    attrs = 'alt="Alt &quot;A&quot;" width="600" height="400"'
    lazy = f'<img class="ll-figure__static" data-src="../../figures/fig-a.png" {attrs}>'
    assert lazy in out
    copy = f'<img class="ll-figure__static" src="../../figures/fig-a.png" {attrs}'
    assert f'<noscript>{copy} loading="lazy"></noscript>' in out
    assert '<a href="../../figures/fig-a.html">open on its own</a>' in out
    assert "<p>Alt &quot;A&quot;</p>" in out  # no description: the alt text


def test_static_figure_has_no_plotly_attributes():
    out = run("```figure\nid: fig-b\n```\n")
    assert (
        "data-json" not in out and "data-plotly" not in out and "data-webgl" not in out
    )
    assert "ll-figure__plot" not in out and "open on its own" not in out
    assert "<p>Long B</p>" in out


@pytest.mark.parametrize(
    ("src", "directory_urls", "root"),
    [
        ("index.md", True, ""),
        ("lessons/index.md", True, "../"),
        ("lessons/loss-landscape.md", True, "../../"),
        ("lessons/loss-landscape.md", False, "../"),
        ("index.md", False, ""),
    ],
)
def test_site_root_follows_mkdocs_urls(src, directory_urls, root):
    assert snippet.site_root(src, directory_urls=directory_urls) == root


def test_numbers_are_replaced_outside_code_only():
    text = "Half is {{ half(3) :.2f }}.\n\n```python\nx = {{ half(3) }}\n```\n"
    out = run(text)
    assert "Half is 1.50." in out
    assert "x = {{ half(3) }}" in out


def test_fences_nested_in_longer_fences_are_left_alone():
    text = """\
    ````markdown
    ```figure
    id: not-declared
    ```
    {{ nope() }}
    ````

    ~~~
    ```figure
    id: fig-a
    ```
    ~~~
    """
    out = run(text)
    assert out == textwrap.dedent(text)


def test_find_fences_respects_length_and_character():
    lines = ["````", "```", "```", "````", "~~~", "```", "~~~", "```figure", "id: x"]
    fences = find_fences(lines)
    assert [(f.start, f.end, f.closed) for f in fences] == [
        (0, 4, True),
        (4, 7, True),
        (7, 9, False),
    ]


def test_indented_block_keeps_its_indentation():
    out = run("!!! note\n    ```figure\n    id: fig-b\n    ```\n")
    assert '    <figure class="ll-figure" id="fig-fig-b"' in out


def test_unknown_figure_id_names_file_line_and_allowed_ids():
    with pytest.raises(AuthorError) as info:
        run("# T\n\n```figure\nid: fig-c\n```\n")
    assert str(info.value) == (
        "docs/lessons/page.md:4: field 'id': unknown figure id 'fig-c'; "
        "allowed: fig-a, fig-b"
    )


def test_bad_expression_names_file_and_line():
    with pytest.raises(AuthorError) as info:
        run("line one\nline two {{ bce(1, 0.9) }}\n")
    message = str(info.value)
    assert message.startswith("docs/lessons/page.md:2: expression 'bce(1, 0.9)'")
    assert "allowed: half" in message


# Pages that came out wrong with exit 0 (issue 10) ---------------------------


def test_a_figure_in_an_indented_code_block_stays_code():
    text = "Write this:\n\n    ```figure\n    id: fig-a\n    ```\n\nDone.\n"
    assert find_fences(text.split("\n")) == []
    assert run(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Type:\n\n    {{ half(4) }}\n",  # top-level indented code
        "- item\n\n        {{ half(4) }}\n",  # code in a list item: 8 spaces
        "!!! note\n\n        {{ half(4) }}\n",  # code in an admonition
        "Text\n\n\tx = {{ half(4) }}\n",  # a tab indents too
    ],
)
def test_numbers_in_indented_code_are_left_alone(text):
    assert run(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('??? success "S"\n    Half is {{ half(4) }}.\n', "Half is 2."),
        ("- item\n\n    Half is {{ half(4) }}.\n", "Half is 2."),
        ("Para\n    Half is {{ half(4) }}.\n", "Half is 2."),  # lazy continuation
        ('=== "Tab"\n\n    Half is {{ half(4) }}.\n', "Half is 2."),
    ],
)
def test_indented_content_of_blocks_is_not_code(text, expected):
    assert expected in run(text)


def test_numbers_in_front_matter_are_an_error_at_their_line():
    text = "---\ntitle: Loss {{ half(4) }}\n---\n\n# T\n"
    with pytest.raises(AuthorError) as info:  # showed raw in the title and nav
        run(text)
    assert info.value.line == 2 and "front matter" in str(info.value)


@pytest.mark.parametrize("word", ["Figure", "figures", "FIGURE", "figur", "figure:"])
def test_a_typo_of_figure_is_an_error_not_code(word):
    with pytest.raises(AuthorError, match=f"```{word} is not a block kind") as info:
        run(f"# T\n\n```{word}\nid: fig-a\n```\n")
    assert info.value.line == 3
    assert "allowed: ```figure" in str(info.value)


@pytest.mark.parametrize("word", ["python", "yaml", "config", "fig", ""])
def test_other_languages_stay_code(word):
    text = f"```{word}\nid: fig-a\n```\n"
    assert run(text) == text


def test_the_same_figure_twice_has_distinct_element_ids():
    out = run("```figure\nid: fig-a\n```\n\n```figure\nid: fig-a\n```\n")
    assert out.count('id="fig-fig-a"') == 1
    assert out.count('id="fig-fig-a--2"') == 1
