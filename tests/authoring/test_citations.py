"""Citations: [@key] in Markdown -> author-year links and a references list;
unknown keys fail with file and line; uncited entries are reported."""

from __future__ import annotations

import re

import pytest

from lessonkit import bibliography
from lessonkit.errors import AuthorError

from .helpers import BIB, expand_all, write

LESSON = """\
---
title: A lesson
description: "Cites [@kingma2015adam] only in its body, not here."
---
# A lesson

Adam [@kingma2015adam] and filter normalization [@li2018visualizing, sec. 4].
Both at once [@kingma2015adam; @li2018visualizing]. The year only [-@kingma2015adam].
As @li2018visualizing showed. Code stays code: `[@nokey2020]`, and mail@example.org.

```python
@decorator2020
def f(): ...
```
"""

BIBPAGE = """\
# Bibliography

```bibliography
```
"""


@pytest.fixture
def course(tmp_path):
    docs = write(
        tmp_path / "docs", {"lessons/a.md": LESSON, "bibliography.md": BIBPAGE}
    )
    return expand_all(docs)


def test_entries_are_read_with_authors_year_and_links(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text(BIB)
    entries = bibliography.load(path)
    assert list(entries) == [
        "li2018visualizing",
        "kingma2015adam",
        "robbins1951stochastic",
        "goedel1931",
    ]
    li, adam, rm, goedel = entries.values()
    assert (li.cite_names(), adam.cite_names(), goedel.cite_names()) == (
        "Li et al.",
        "Kingma and Ba",
        "Gödel",
    )
    starts = [i + 1 for i, x in enumerate(BIB.split("\n")) if x.startswith("@")]
    assert [e.line for e in entries.values()] == starts == [1, 11, 18, 27]
    assert li.links() == [("arXiv:1712.09913", "https://arxiv.org/abs/1712.09913")]
    assert rm.links() == [
        ("doi:10.1214/aoms/1177729586", "https://doi.org/10.1214/aoms/1177729586")
    ]
    assert goedel.title == "Über formal unentscheidbare Sätze"
    assert rm.html().startswith(
        "Robbins, H. and Monro, S. (1951). <em>A Stochastic Approximation Method</em>."
        " The Annals of Mathematical Statistics, 22(3), 400–407."
    )


def test_citations_become_author_year_links(course):
    pages, _ = course
    text = pages["lessons/a.md"]
    adam = '<a class="ll-cite" href="#ref-kingma2015adam">'
    li = '<a class="ll-cite" href="#ref-li2018visualizing">'
    assert f"Adam ({adam}Kingma and Ba 2015</a>)" in text
    assert f"normalization ({li}Li et al. 2018, sec. 4</a>)" in text
    assert f"({adam}Kingma and Ba 2015</a>; {li}Li et al. 2018</a>)" in text
    assert f"The year only ({adam}2015</a>)." in text
    assert f"As {li}Li et al. (2018)</a> showed." in text
    assert "`[@nokey2020]`" in text and "mail@example.org" in text
    assert "@decorator2020" in text  # fenced code is never read
    assert 'description: "Cites [@kingma2015adam] only' in text  # front matter kept


def test_each_page_ends_with_its_references_in_author_year_order(course):
    text = course[0]["lessons/a.md"]
    head, refs = text.split("## References { #references }")
    items = re.findall(r'<li id="ref-([\w]+)">', refs)
    assert items == ["kingma2015adam", "li2018visualizing"]  # Kingma before Li
    assert '<a href="https://arxiv.org/abs/1712.09913">arXiv:1712.09913</a>' in refs
    assert 'href="../../bibliography/#bib-li2018visualizing"' in refs
    assert "robbins" not in refs  # only what the page cites


def test_bibliography_page_lists_every_entry_and_where_it_is_cited(course):
    pages, found = course
    text = pages["bibliography.md"]
    assert re.findall(r'<li id="bib-(\w+)">', text) == [
        "goedel1931",
        "kingma2015adam",
        "li2018visualizing",
        "robbins1951stochastic",
    ]
    assert 'Cited in <a href="../lessons/a/">A lesson</a>.' in text
    assert found.unused() == ["robbins1951stochastic", "goedel1931"]
    assert found.notes()[0].endswith(
        "references.bib:18: entry 'robbins1951stochastic' is never cited"
    )


@pytest.mark.parametrize(
    "line", ["See [@li2018visualising].", "As @kingma2014adam showed.", "[@a; @nokey]"]
)
def test_unknown_key_names_file_and_line(tmp_path, line):
    docs = write(tmp_path / "docs", {"p.md": f"# P\n\nText.\n{line}\n"})
    with pytest.raises(AuthorError) as caught:
        expand_all(docs)
    message = str(caught.value)
    assert message.startswith(f"{docs / 'p.md'}:4: field 'citation': unknown citation")
    assert "allowed: goedel1931, kingma2015adam, li2018visualizing" in message


def test_citing_without_a_bibliography_is_an_error(tmp_path):
    docs = write(tmp_path / "docs", {"p.md": "# P\n\n[@kingma2015adam]\n"}, bib=None)
    with pytest.raises(AuthorError, match=r"p\.md:3: citation of 'kingma2015adam'"):
        expand_all(docs)


@pytest.mark.parametrize(
    ("bib", "where", "what"),
    [
        (
            BIB + "\n@misc{kingma2015adam, author={A, B}, title={T}, year={1}}\n",
            f":{BIB.count(chr(10)) + 2}",
            "duplicate key 'kingma2015adam'",
        ),
        ("@misc{x, author = {A, B}, year = {2020}}\n", ":1", "has no 'title'"),
        ("@misc{x, title = {T}, year = {2020}}\n", ":1", "has no 'author'"),
        ("\n\n@misc{x, title = {T\n@misc{y, title={U}}\n", ":3", "not valid BibTeX"),
    ],
)
def test_bad_bibtex_names_the_line(tmp_path, bib, where, what):
    path = tmp_path / "references.bib"
    path.write_text(bib)
    with pytest.raises(AuthorError) as caught:
        bibliography.load(path)
    assert str(caught.value).startswith(f"{path}{where}: ")
    assert what in str(caught.value)
