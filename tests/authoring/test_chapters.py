"""A lesson's chapter number, written once in its front matter: the build puts
it in the page's heading ("# 14. Optimizers"), in references to the chapter
(`@ch:optimizers` -> "Chapter 14") and in the answer key's and progress
table's page titles. A heading that types it too, a typed number without a
`chapter:`, a `chapter:` without a heading, a number below 1 or one that
another page has are errors naming the file, line and field."""

from __future__ import annotations

import pytest

from lessonkit import build, course
from lessonkit.calc import NAMESPACE
from lessonkit.errors import AuthorError

from .helpers import expand_all, guide_line, problem_block, write

LESSON = """\
---
title: Optimizers on the landscape
chapter: 14
---

# Optimizers on the landscape

Some text.

# A second top-level heading
"""


def heading_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith("# ")]


def build_error(tmp_path, pages: dict[str, str]) -> AuthorError:
    """The error that expanding a course of `pages` stops with."""
    docs = write(tmp_path / "docs", pages)
    with pytest.raises(AuthorError) as caught:
        expand_all(docs)
    return caught.value


def expanded(tmp_path, text: str, src: str = "lessons/opt.md") -> str:
    docs = write(tmp_path / "docs", {src: text})
    return expand_all(docs)[0][src]


def test_the_heading_takes_the_chapter_number(tmp_path):
    text = expanded(tmp_path, LESSON)
    assert heading_lines(text) == [
        "# 14. Optimizers on the landscape",
        "# A second top-level heading",  # only the page's first heading
    ]
    assert "title: Optimizers on the landscape\n" in text  # the page title: as is


def test_a_page_without_a_chapter_is_left_alone(tmp_path):
    text = LESSON.replace("chapter: 14\n", "")
    assert heading_lines(expanded(tmp_path, text)) == [
        "# Optimizers on the landscape",
        "# A second top-level heading",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Text only, no heading.\n",
        "## A section, not the page's heading\n",
        "Optimizers on the landscape\n===========================\n",  # setext
        "```markdown\n# In code\n```\n\n    # indented code\n",
    ],
)
def test_a_chapter_without_a_heading_is_an_error(tmp_path, body):
    """Else the page would show unnumbered (MkDocs titles it from the front
    matter) while its figures read 14.1, 14.2."""
    text = LESSON.split("# Optimizers")[0] + body
    error = build_error(tmp_path, {"lessons/opt.md": text})
    assert (error.file, error.line, error.field) == (
        str(tmp_path / "docs" / "lessons" / "opt.md"),
        3,
        "chapter",
    )
    assert "chapter: 14 but the page has no '# ' heading" in error.message
    assert "'# 14. Title'" in error.allowed and "no chapter:" in error.allowed


@pytest.mark.parametrize("typed", ["# 3. Optimizers", "# Chapter 3: Optimizers"])
def test_a_number_typed_without_a_chapter_is_an_error(tmp_path, typed):
    """The heading would read "3." while the figures are numbered G.1, G.2."""
    text = LESSON.replace("chapter: 14\n", "").replace(
        "# Optimizers on the landscape", typed
    )
    error = build_error(tmp_path, {"lessons/opt.md": text})
    assert (error.line, error.field) == (5, "heading")
    assert "front matter has no chapter:" in error.message
    assert "chapter: N in the front matter and '# Optimizers'" in error.allowed


def test_two_pages_with_one_chapter_number_is_an_error(tmp_path):
    """Both would print "Figure 14.1"; the second page (by path) is named,
    with the first and the next free number."""
    other = LESSON.replace("chapter: 14", "chapter: 14  # again")
    error = build_error(tmp_path, {"lessons/opt.md": LESSON, "lessons/sgd.md": other})
    first = str(tmp_path / "docs" / "lessons" / "opt.md")
    assert (error.file, error.line, error.field) == (
        str(tmp_path / "docs" / "lessons" / "sgd.md"),
        3,
        "chapter",
    )
    assert error.message == f"{first}:3 has chapter 14 too"
    assert error.allowed == "a number no other page has, e.g. chapter: 15"


def test_a_heading_in_code_is_not_the_page_heading(tmp_path):
    text = LESSON.replace(
        "\n# Optimizers on the landscape\n",
        "\n```markdown\n# Not this one\n```\n\n    # nor this\n\n# Optimizers\n",
    )
    out = expanded(tmp_path, text)
    assert "```markdown\n# Not this one\n```" in out and "    # nor this" in out
    assert heading_lines(out)[:2] == ["# Not this one", "# 14. Optimizers"]


def test_the_heading_is_numbered_without_the_authoring_scan():
    """pages.expand numbers it on its own (no `authoring`), as a quick build
    of one page does."""
    from lessonkit.pages import Page, expand

    page = Page.parse("lessons/opt.md", "docs/lessons/opt.md", LESSON, None)
    out = expand(page, figures={}, namespace=None)
    assert "\n# 14. Optimizers on the landscape\n" in out


@pytest.mark.parametrize(
    "typed", ["# 14. Optimizers", "# 13. Optimizers", "# Chapter 14: Optimizers"]
)
def test_a_number_typed_in_the_heading_is_an_error(tmp_path, typed):
    """Never "14. 14. Optimizers": the number has one source, `chapter:`."""
    text = LESSON.replace("# Optimizers on the landscape", typed)
    error = build_error(tmp_path, {"lessons/opt.md": text})
    assert (error.file, error.line, error.field) == (
        str(tmp_path / "docs" / "lessons" / "opt.md"),
        6,
        "heading",
    )
    assert "chapter: 14" in error.message
    assert "'# Optimizers'" in str(error)  # what to write instead


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("-1", "-1"),
        ("0", "0"),
        ("", "None"),  # left empty: not silently "no chapter"
        ("13.5", "13.5"),
        ("14.0", "14.0"),
        ('"14"', "'14'"),
        ("yes", "True"),
        ("[14]", "[14]"),
    ],
)
def test_a_bad_chapter_value_names_its_line(tmp_path, value, shown):
    text = LESSON.replace("chapter: 14", f"chapter: {value}")
    error = build_error(tmp_path, {"lessons/opt.md": text})
    assert (error.line, error.field) == (3, "chapter")
    assert f"{shown} is not a chapter number" in error.message
    assert error.allowed == "a whole number >= 1, e.g. chapter: 13"


# Lessons of the nav ------------------------------------------------------------


def nav_pages(**texts: str) -> list:
    """Pages lessons/<name>.md (keyword order is path order) of `texts`."""
    from lessonkit.pages import Page

    return [
        Page(f"lessons/{name}.md", f"docs/lessons/{name}.md", text, {}, {})
        for name, text in texts.items()
    ]


def test_a_lesson_of_the_nav_without_a_chapter_is_an_error():
    """The reverse of a chapter without a heading: a lesson whose heading
    would show no number and whose figures would read G.1, G.2, in a course
    that numbers its lessons (one that numbers none may: scaffold's
    test_a_course_without_chapters_gets_a_lesson_without_one)."""
    from lessonkit import chapters

    free = LESSON.replace("chapter: 14\n", "")
    pages = nav_pages(a=LESSON, b=free, c=free, index="# Lessons\n")
    chapters.check_lessons(pages, ["lessons/index.md"])  # an index is no lesson
    chapters.check_lessons(pages, ["lessons/a.md", "other.md"])  # b not in the nav
    chapters.check_lessons(pages, ["lessons/b.md", "lessons/c.md"])  # none numbered
    with pytest.raises(AuthorError) as caught:
        chapters.check_lessons(
            pages, ["lessons/index.md", "lessons/a.md", "lessons/b.md"]
        )
    error = caught.value
    assert (error.file, error.line, error.field) == ("docs/lessons/b.md", 1, "chapter")
    assert "a lesson of the nav has no chapter: while others have" in error.message
    assert error.allowed.startswith("chapter: 15 or more in the front matter")


def test_lessons_out_of_nav_order_is_an_error():
    from lessonkit import chapters

    pages = nav_pages(a=LESSON, b=LESSON.replace("chapter: 14", "chapter: 16"))
    chapters.check_lessons(pages, ["lessons/a.md", "lessons/b.md"])
    with pytest.raises(AuthorError) as caught:
        chapters.check_lessons(pages, ["lessons/b.md", "lessons/a.md"])
    error = caught.value
    assert (error.file, error.line, error.field) == ("docs/lessons/a.md", 3, "chapter")
    assert error.message == (
        "chapter 14 comes after docs/lessons/b.md's chapter 16 in the nav"
    )
    assert error.allowed == (
        "chapter: 17 or more in the front matter, or the page moved in mkdocs.yml's nav"
    )


# References to a chapter ---------------------------------------------------------

OTHER = """\
# Other

As @ch:opt showed, and [@ch:opt] again; `@ch:opt` is code.
"""


def test_a_chapter_reference_is_a_link_to_the_page(tmp_path):
    docs = write(tmp_path / "docs", {"lessons/opt.md": LESSON, "other.md": OTHER})
    pages = expand_all(docs)[0]
    assert (
        "As [Chapter 14](lessons/opt.md) showed, and [Chapter 14](lessons/opt.md) "
        "again; `@ch:opt` is code."
    ) in pages["other.md"]


def test_a_chapter_reference_on_its_own_page(tmp_path):
    text = LESSON + "\nThis is @ch:opt.\n"
    assert "This is [Chapter 14](opt.md)." in expanded(tmp_path, text)


def test_a_reference_to_a_page_without_a_chapter_is_an_error(tmp_path):
    other = OTHER.replace("@ch:opt", "@ch:other")
    error = build_error(tmp_path, {"lessons/opt.md": LESSON, "other.md": other})
    assert (error.file, error.line) == (str(tmp_path / "docs" / "other.md"), 3)
    assert "missing label 'ch:other'; allowed: ch:opt" in str(error)


def test_two_chapter_pages_with_one_file_name(tmp_path):
    again = LESSON.replace("14", "20")
    error = build_error(tmp_path, {"lessons/opt.md": LESSON, "extra/opt.md": again})
    assert error.line == 3 and error.field == "label"
    assert "label 'ch:opt' is already used in" in error.message


def test_a_chapter_in_a_link_text_is_text_in_one_link(tmp_path):
    """Links do not nest: "Chapter 14 · Optimizers" is one link, not a link
    to the page followed by a second one to the same page."""
    home = (
        "# Home\n\n- **[@ch:opt · Optimizers](lessons/opt.md).** Text.\n"
        "- [@ch:opt](lessons/opt.md#a) and @ch:opt and [x](other.md).\n"
    )
    docs = write(tmp_path / "docs", {"lessons/opt.md": LESSON, "index.md": home})
    text = expand_all(docs)[0]["index.md"]
    assert "- **[Chapter 14 · Optimizers](lessons/opt.md).** Text.\n" in text
    assert (
        "- [Chapter 14](lessons/opt.md#a) and [Chapter 14](lessons/opt.md) and "
        "[x](other.md).\n"
    ) in text


def test_a_chapter_in_the_text_of_a_link_elsewhere_is_an_error(tmp_path):
    home = "# Home\n\nText.\n\n- [@ch:opt · Optimizers](lessons/sgd.md#top)\n"
    sgd = LESSON.replace("chapter: 14", "chapter: 15")
    error = build_error(
        tmp_path, {"lessons/opt.md": LESSON, "lessons/sgd.md": sgd, "index.md": home}
    )
    assert (error.file, error.line, error.field) == (
        str(tmp_path / "docs" / "index.md"),
        5,
        "reference",
    )
    assert "@ch:opt is in the text of a link to 'lessons/sgd.md'" in error.message
    assert "[@ch:opt · Title](lessons/opt.md)" in error.allowed


# The answer key and the progress table --------------------------------------------


def test_answer_key_and_progress_show_the_chapter_number(tmp_path):
    docs = write(
        tmp_path / "docs",
        {
            "lessons/opt.md": LESSON + problem_block("one"),
            "lessons/free.md": "---\ntitle: Free\n---\n# Free\n" + problem_block("two"),
        },
    )
    labels = expand_all(docs)[1].labels
    order = ["lessons/opt.md", "lessons/free.md"]
    listed = course.collect(build.read_pages(docs, namespace=NAMESPACE), order)
    assert [p.title for p in listed] == ["14. Optimizers on the landscape", "Free"]
    key = "\n".join(course.answer_key("key.md", listed, NAMESPACE, labels))
    assert "## [14. Optimizers on the landscape](lessons/opt.md)" in key
    assert "### Problem 14.1 {#key-one}" in key
    assert "## [Free](lessons/free.md)" in key and "### Problem G.1 {#key-two}" in key
    progress = "\n".join(course.progress("key.md", listed))
    assert "| [14. Optimizers on the landscape](lessons/opt.md) | 1 |" in progress


def test_the_guide_shows_the_error_the_build_gives():
    from lessonkit.pages import Page, expand

    shown = guide_line("field 'heading'")
    text = "---\ntitle: Loss Landscape\nchapter: 13\n---\n\n\n# 13. Loss Landscape\n"
    page = Page.parse("lessons/my-lesson.md", "docs/lessons/my-lesson.md", text, None)
    with pytest.raises(AuthorError) as caught:
        expand(page, figures={}, namespace=None)
    assert str(caught.value) == shown


def test_the_guide_shows_the_error_for_a_chapter_taken_twice():
    from lessonkit import crossref
    from lessonkit.pages import Page

    shown = guide_line("has chapter 14 too")
    text = "---\ntitle: T\ndescription: D\nchapter: {n}\n---\n\n# T\n"
    pages = [  # in path order, as the build reads them
        Page(f"lessons/{name}.md", f"docs/lessons/{name}.md", text.format(n=n), {}, {})
        for name, n in [("loss-landscape", 19), ("my-lesson", 14), ("optimizers", 14)]
    ]
    with pytest.raises(AuthorError) as caught:
        crossref.collect(pages, figure_id=None)
    assert str(caught.value) == shown
