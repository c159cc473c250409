"""Numbered figures, equations and problems per page; references to their
labels from any page; missing or duplicate labels fail with file and line."""

from __future__ import annotations

import pytest

from lessonkit.errors import AuthorError

from .helpers import expand_all, problem_block, write

CHAPTER = """\
---
title: Chapter
chapter: 13
---
# Chapter

```figure
id: first-figure
```

As @fig:second-figure shows, and [@eq:bce] says:

$$L = -\\log p$$ {#eq:bce}

```figure
id: second-figure
```

!!! question "Problem 1"
    Unlabelled.

!!! question "Problem {#prob:two-steps}: Two steps"
    Labelled, with a title.

    $$x = 1$$ {#eq:inside}

??? success "Solution"
    See @prob:two-steps and `@prob:not-a-reference`.
"""

OTHER = """\
# Elsewhere

Back to @fig:first-figure, @eq:bce and @prob:two-steps.

```figure
id: own-figure
```
"""


@pytest.fixture
def pages(tmp_path):
    docs = write(
        tmp_path / "docs", {"lessons/ch.md": CHAPTER, "glossary/other.md": OTHER}
    )
    return expand_all(docs)[0]


def test_figures_are_numbered_in_their_captions(pages):
    text = pages["lessons/ch.md"]
    first, second = text.index("Figure 13.1."), text.index("Figure 13.2.")
    assert text.index('id="fig-first-figure"') < first < second
    assert text.index('id="fig-second-figure"') < second
    assert (
        '<span class="ll-figure__number">Figure G.1.</span>'
        in pages["glossary/other.md"]
    )


def test_equations_get_a_tag_and_an_anchor(pages):
    text = pages["lessons/ch.md"]
    assert (
        '<div class="ll-anchor" id="eq-bce"></div>\n\n$$L = -\\log p \\tag{13.1}$$'
        in text
    )
    assert (
        '    <div class="ll-anchor" id="eq-inside"></div>\n\n    $$x = 1 \\tag{13.2}$$'
        in text
    )


def test_problems_are_numbered_and_labels_anchored(pages):
    text = pages["lessons/ch.md"]
    assert '!!! question "Problem 13.1"\n    Unlabelled.' in text
    assert (
        '<div class="ll-anchor" id="prob-two-steps"></div>\n\n'
        '!!! question "Problem 13.2: Two steps"'
    ) in text


def test_references_on_the_same_page(pages):
    text = pages["lessons/ch.md"]
    assert (
        "As [Figure 13.2](#fig-second-figure) shows, and [Equation 13.1](#eq-bce) says"
        in text
    )
    assert "See [Problem 13.2](#prob-two-steps) and `@prob:not-a-reference`." in text


def test_references_from_another_page(pages):
    assert (
        "Back to [Figure 13.1](../lessons/ch.md#fig-first-figure), "
        "[Equation 13.1](../lessons/ch.md#eq-bce) and "
        "[Problem 13.2](../lessons/ch.md#prob-two-steps)."
    ) in pages["glossary/other.md"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "# P\n\nSee @fig:no-such-figure.\n",
            3,
            "field 'reference': reference to a missing label 'fig:no-such-figure'",
        ),
        ("# P\n\n\n[@eq:typo]\n", 4, "missing label 'eq:typo'; allowed: eq:bce"),
        (
            '# P\n\n!!! question "Problem {#prob:two-steps}"\n    x\n',
            3,
            "label 'prob:two-steps' is already used in {docs}/lessons/ch.md:22",
        ),
        (
            "# P\n\n$$x$$ {#eq:not ok}\n",
            3,
            "field 'label': {#eq:not ok} is not a label",
        ),
        ("---\nchapter: thirteen\n---\n# P\n", 2, "field 'chapter': 'thirteen' is not"),
    ],
)
def test_author_mistakes_name_file_and_line(tmp_path, text, line, message):
    docs = write(tmp_path / "docs", {"lessons/ch.md": CHAPTER, "p.md": text})
    with pytest.raises(AuthorError) as caught:
        expand_all(docs)
    assert str(caught.value).startswith(f"{docs / 'p.md'}:{line}: ")
    assert message.replace("{docs}", str(docs)) in str(caught.value)


BLOCKS = """\
---
chapter: 7
---
# Blocks

!!! question "Problem"
    An admonition first.

```problem
id: half-step
statement: |
  Halve one; compare with @prob:half-step-two.
answers:
  - label: Half
    expect: 0.5
solution: |
  One half.
```

```problem
id: half-step-two
title: Again
statement: Halve two.
answers:
  - label: Half
    expect: 1
solution: One.
```

See @prob:half-step.
"""


def test_problem_blocks_are_numbered_with_the_admonitions(tmp_path):
    docs = write(tmp_path / "docs", {"lessons/b.md": BLOCKS})
    text = expand_all(docs)[0]["lessons/b.md"]
    assert '!!! question "Problem 7.1"' in text
    assert '<p class="admonition-title" markdown="span">Problem 7.2</p>' in text
    assert 'markdown="span">Problem 7.3: Again</p>' in text
    assert "compare with [Problem 7.3](#problem-half-step-two)." in text
    assert "See [Problem 7.2](#problem-half-step)." in text


# Pages without a chapter: one G sequence across the course --------------------

ENTRY = """\
---
title: {name}
---
# {name}

```figure
id: {name}-figure
```

$$y = x$$ {{#eq:{name}-line}}
"""


def entry(name: str) -> str:
    """A glossary entry: a figure, an equation and a problem, no chapter."""
    return ENTRY.format(name=name) + problem_block(f"{name}-problem")


def test_pages_without_a_chapter_continue_one_g_sequence(tmp_path):
    """Two glossary entries never both print "Figure 1": numbers run on
    across chapterless pages in path order, as G.1, G.2, ..., in captions,
    equation tags, problem titles and references from anywhere."""
    docs = write(
        tmp_path / "docs",
        {
            "glossary/alpha.md": entry("alpha"),
            "glossary/beta.md": entry("beta")
            + "\nSee @fig:alpha-figure, @eq:alpha-line and @prob:beta-problem.\n",
            "lessons/ch.md": CHAPTER + "\nAs in @fig:beta-figure.\n",
        },
    )
    pages = expand_all(docs)[0]
    alpha, beta = pages["glossary/alpha.md"], pages["glossary/beta.md"]
    assert '<span class="ll-figure__number">Figure G.1.</span>' in alpha
    assert '<span class="ll-figure__number">Figure G.2.</span>' in beta
    assert "$$y = x \\tag{G.1}$$" in alpha and "$$y = x \\tag{G.2}$$" in beta
    assert 'markdown="span">Problem G.1</p>' in alpha
    assert 'markdown="span">Problem G.2</p>' in beta
    assert (
        "See [Figure G.1](alpha.md#fig-alpha-figure), [Equation G.1](alpha.md#eq-"
        "alpha-line) and [Problem G.2](#problem-beta-problem)."
    ) in beta
    assert (
        "As in [Figure G.2](../glossary/beta.md#fig-beta-figure)."
        in pages["lessons/ch.md"]
    )
    # The chapter's own numbers are untouched by the G pages before it.
    assert "Figure 13.1." in pages["lessons/ch.md"]


def test_front_matter_is_read_once_and_each_caller_gets_its_own_copy(monkeypatch):
    import yaml

    from lessonkit import crossref

    crossref._parsed_yaml.cache_clear()
    reads, safe_load = [], yaml.safe_load
    monkeypatch.setattr(
        crossref.yaml, "safe_load", lambda text: reads.append(text) or safe_load(text)
    )
    page = "---\ntitle: One\nchapter: 13\ntags: [a, b]\n---\n# One\n"
    first = crossref.front_matter(page, "one.md")
    assert first == {"title": "One", "chapter": 13, "tags": ["a", "b"]}
    first["tags"].append("mutated by a caller")
    assert crossref.chapter_of(page, "one.md") == 13
    assert crossref.front_matter(page, "one.md")["tags"] == ["a", "b"]
    assert len(reads) == 1
    edited = page.replace("chapter: 13", "chapter: 14")
    assert crossref.chapter_of(edited, "one.md") == 14 and len(reads) == 2


def test_broken_front_matter_fails_every_time_naming_its_file():
    from lessonkit import crossref

    page = "---\ntitle: [unclosed\n---\n# One\n"
    for file in ("one.md", "two.md"):
        with pytest.raises(AuthorError, match=f"{file}:1: front matter is not valid"):
            crossref.front_matter(page, file)
