"""Problem blocks: parsed into records whose expected values the namespace
computes, rendered into the page, collected for the answer key and progress;
every author mistake stops the build naming file, line, field and what is
allowed."""

from __future__ import annotations

import math
import textwrap

import pytest

from lessonkit import build, problem_html
from lessonkit.errors import AuthorError
from lessonkit.fences import find_fences
from lessonkit.pages import Page, expand
from lessonkit.problems import parse

from .conftest import write_docs

NAMESPACE = {
    "ln": math.log,
    "bce": lambda y, p: -math.log(p if y == 1 else 1 - p),
    "pair": lambda a, b: (a, b),
    "word": lambda: "seven",
}
NUMERIC = """\
# Page

```problem
id: bce-good
title: A good guess
statement: |
  The label is $y = 1$ and the prediction $0.9$. The loss?
answers:
  - label: Loss L
    expect: {{ bce(1, 0.9) :.3f }}
hints:
  - Only the first term is left.
  - '$L = -\\log(\\hat{y})$'
solution: |
  $L = {{ bce(1, 0.9) :.3f }}$
```
"""
CHOICE = """\
```problem
id: lr-up
statement: The loss went up after one step. Why?
choices:
  - text: The learning rate was too small.
    why: A small step cannot climb.
  - text: The learning rate was too large.
    correct: true
    why: The step jumped across the valley.
solution: It overshot.
```
"""


def problem(text: str, namespace=NAMESPACE):
    (fence,) = [f for f in find_fences(text.split("\n")) if f.info == "problem"]
    return parse(fence, "docs/x.md", namespace)


def error(text: str, namespace=NAMESPACE) -> AuthorError:
    with pytest.raises(AuthorError) as info:
        problem(text, namespace)
    return info.value


# Parsing ----------------------------------------------------------------------


def test_numeric_problem_is_computed_with_the_rounding_of_its_format():
    p = problem(NUMERIC)
    (answer,) = p.answers
    assert p.id == "bce-good" and p.title == "A good guess" and p.line == 3
    assert answer.label == "Loss L" and answer.names == ()
    assert answer.expected == (pytest.approx(-math.log(0.9)),)
    assert answer.decimals == 3  # from :.3f
    assert answer.tolerances == (pytest.approx(0.01 * -math.log(0.9)),)
    assert p.hints == ("Only the first term is left.", r"$L = -\log(\hat{y})$")
    assert answer.shown() == "0.105"


def test_a_bare_expression_and_a_vector_with_names():
    text = """\
```problem
id: v
statement: Where?
answers:
  - expect: pair(3.4, -3.8)
    abs_tol: 0.05
    decimals: 1
    names: [x, y]
solution: There.
```
"""
    (answer,) = problem(text).answers
    assert answer.expected == (3.4, -3.8)
    assert answer.tolerances == (0.05, 0.05)  # abs_tol beats 0.05 rounding: equal
    assert answer.label == "Answer" and answer.shown() == "(3.4, -3.8)"


def test_a_problem_block_is_read_as_yaml_1_2():
    """`abs_tol: 1e-3` is a number (YAML 1.1 reads it as text), as in figure
    blocks."""
    text = """\
```problem
id: v
statement: How much?
answers:
  - expect: 0.25
    abs_tol: 1e-3
solution: A quarter.
```
"""
    (answer,) = problem(text).answers
    assert answer.tolerances == (0.001,)


def test_an_alias_in_a_problem_block_is_refused_at_its_line():
    """Nested aliases expand to gigabytes once walked: refused, as in figures."""
    text = """\
```problem
id: v
statement: &s How much?
solution: *s
answers:
  - expect: 0.25
```
"""
    err = error(text)
    assert "aliases (*s) are not allowed" in str(err)
    assert (err.file, err.line) == ("docs/x.md", 4)  # the line of `*s`


def test_a_vector_without_names_is_x_and_y():
    text = NUMERIC.replace("bce(1, 0.9) :.3f }}\nhints", "pair(1, 2) }}\nhints")
    (answer,) = problem(text).answers
    assert answer.names == ("x", "y") and answer.decimals == 3


def test_choices():
    p = problem(CHOICE)
    assert [c.correct for c in p.choices] == [False, True]
    assert not p.several_correct and p.answers == ()


# Validation: file, line, field, allowed -----------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message", "allowed"),
    [
        # a missing answer
        (
            "answers:\n  - label: Loss L\n    expect: {{ bce(1, 0.9) :.3f }}\n",
            "",
            4,  # a missing field: the block's first line
            "answers",
            "needs answers and choices",
            "choices",
        ),
        # an expression that is not a number
        (
            "{{ bce(1, 0.9) :.3f }}\nhints",
            "{{ word() }}\nhints",
            10,
            "answers[0].expect",
            "gives 'seven', not a number",
            "a point",
        ),
        (
            "{{ bce(1, 0.9) :.3f }}\nhints",
            "{{ nope(1) }}\nhints",
            10,
            "answers[0].expect",
            "name 'nope' is not allowed",
            None,
        ),
        (
            "{{ bce(1, 0.9) :.3f }}\nhints",
            "{{ ln(0) }}\nhints",
            10,
            "answers[0].expect",
            "failed: ValueError",
            None,
        ),
        # a tolerance <= 0
        (
            "    expect:",
            "    abs_tol: 0\n    expect:",
            10,
            "answers[0].abs_tol",
            "0 must be > 0",
            "a number > 0",
        ),
        (
            "    expect:",
            "    rel_tol: -0.01\n    expect:",
            10,
            "answers[0].rel_tol",
            "-0.01 must be > 0",
            "a number > 0",
        ),
        # an unknown field, at the top and in an answer
        (
            "title: A good guess",
            "titel: A good guess",
            5,
            "titel",
            "unknown field",
            "id, title, statement",
        ),
        (
            "    expect:",
            "    tolerance: 0.1\n    expect:",
            10,
            "answers[0].tolerance",
            "unknown field",
            "abs_tol, rel_tol",
        ),
        # a required field missing
        (
            "solution: |\n  $L = {{ bce(1, 0.9) :.3f }}$\n",
            "",
            4,
            "solution",
            "is required",
            None,
        ),
        # an id that is not an id
        ("id: bce-good", "id: Bce Good", 4, "id", "is not an id", "lower-case"),
        # text that YAML read as a mapping (': ' without |)
        (
            "  - Only the first term is left.",
            "  - Note: only the first term.",
            12,
            "hints[0]",
            "is not allowed",
            "write |",
        ),
        # names that do not fit the expected value
        (
            "    expect:",
            "    names: [x, y]\n    expect:",
            10,
            "answers[0].names",
            "2 names for 1 component",
            "one name per component",
        ),
    ],
)
def test_validation_errors(old, new, line, field, message, allowed):
    assert old in NUMERIC
    exc = error(NUMERIC.replace(old, new))
    assert (exc.file, exc.line, exc.field) == ("docs/x.md", line, field), str(exc)
    assert message in exc.message, str(exc)
    if allowed is not None:
        assert allowed in (exc.allowed or ""), str(exc)


def test_a_choice_list_without_a_correct_choice():
    exc = error(CHOICE.replace("    correct: true\n", ""))
    assert (exc.line, exc.field) == (4, "choices")
    assert "no choice is marked correct" in str(exc)
    assert "correct: true" in exc.allowed


def test_a_choice_without_why():
    exc = error(CHOICE.replace("    why: A small step cannot climb.\n", ""))
    assert (exc.line, exc.field) == (5, "choices[0].why") and "required" in str(exc)


def test_both_answers_and_choices():
    text = CHOICE.replace("choices:", "answers:\n  - expect: 1\nchoices:")
    exc = error(text)
    assert exc.field == "answers" and "has both" in exc.message


def test_invalid_yaml_and_unclosed_block():
    exc = error(NUMERIC.replace("hints:", "hints: [oops"))
    assert exc.file == "docs/x.md" and exc.line >= 11 and "YAML" in exc.message
    exc = error(NUMERIC.rstrip("\n").removesuffix("```"))
    assert (exc.line, exc.message) == (3, "problem block is never closed")


def test_no_namespace_is_an_error():
    exc = error(NUMERIC, namespace=None)
    assert exc.field == "answers[0].expect" and "calc.py" in exc.message


# Rendering ------------------------------------------------------------------------


def test_render_holds_statement_form_hints_and_solution_in_order():
    lines = problem_html.render(problem(NUMERIC), 2, NAMESPACE)
    html = "\n".join(lines)
    assert 'id="problem-bce-good"' in html and "Problem 2: A good guess" in html
    order = [
        "The label is $y = 1$",
        '<form class="ll-problem__form"',
        '<label for="bce-good-answer-0">Loss L</label>',
        "Hint 1 of 2",
        "Hint 2 of 2",
        '<details class="success ll-solution"',
        "**Loss L**: **0.105**",
        "$L = 0.105$",  # {{ }} in the solution computed
    ]
    positions = [html.index(s) for s in order]
    assert positions == sorted(positions)
    assert f'data-expect="[{-math.log(0.9)!r}]"' in html


def test_an_error_in_a_text_field_points_at_its_line():
    text = NUMERIC.replace(
        "  $L = {{ bce(1, 0.9) :.3f }}$", "  ok\n  $L = {{ bce(1, 0.9 }}$"
    )
    with pytest.raises(AuthorError) as info:
        problem_html.render(problem(text), 1, NAMESPACE)
    assert (info.value.file, info.value.line) == ("docs/x.md", 16)


def test_render_of_choices_lists_them_and_explains_each_in_the_solution():
    html = "\n".join(problem_html.render(problem(CHOICE), 1, NAMESPACE))
    assert 'data-correct="[1]"' in html and "Choose one answer." in html
    assert '<li markdown="span">The learning rate was too large.</li>' in html
    assert "**Answer:** B." in html
    assert (
        '<strong>Not right.</strong> <span class="ll-choice-notes__why">A small' in html
    )


def test_check_with_needs_a_figure_on_the_page():
    text = CHOICE.replace("choices:", "check_with: my-figure\nchoices:")
    with pytest.raises(AuthorError) as info:
        page = Page.parse("x.md", "docs/x.md", text, NAMESPACE)
        expand(page, figures={}, namespace=NAMESPACE)
    assert (info.value.line, info.value.field) == (4, "check_with")
    assert "not shown on this page" in info.value.message


# The course: numbering, unique ids, answer key, progress ----------------------------


def page(*blocks: str) -> str:
    """A page without a chapter: its problems are numbered G.1, G.2, ..."""
    return "---\ntitle: Lesson A\n---\n# A\n\n" + "\n".join(blocks)


def build_lesson_and_key(tmp_path, *blocks: str) -> tuple[str, str]:
    """Build a lesson of `blocks` and a page of the answer key and progress;
    their expanded Markdown."""
    docs = write_docs(tmp_path, page(*blocks))
    (docs / "key.md").write_text("# Key\n\n```answer-key\n```\n\n```progress\n```\n")
    build.run(docs, tmp_path / "out", quiet=True)
    pages = tmp_path / "out" / "pages"
    return (pages / "lessons" / "page.md").read_text(), (pages / "key.md").read_text()


def test_build_numbers_problems_and_lists_them_in_key_and_progress(
    tmp_path, no_lessons
):
    lesson, key = build_lesson_and_key(tmp_path, NUMERIC.split("\n", 2)[2], CHOICE)
    assert "Problem G.1: A good guess" in lesson and "Problem G.2</p>" in lesson
    assert "## [Lesson A](lessons/page.md)" in key
    assert "[On its page](lessons/page.md#problem-bce-good)" in key
    assert "[On its page](lessons/page.md#problem-lr-up)" in key
    assert "**Loss L**: **0.105**" in key and "**Answer:** B." in key
    assert "*Hint 2:* $L = -\\log(\\hat{y})$" in key
    assert 'data-attempted="bce-good lr-up"' in key and "| 2 |" in key


def test_each_problem_block_is_parsed_once_for_page_key_and_progress(
    tmp_path, no_lessons, monkeypatch
):
    """Like a figure block: one typed record per block, kept on the page, is
    what the page, the answer key and the progress table show."""
    from lessonkit import problems

    parsed = []

    def counting_parse(fence, file, namespace):
        parsed.append((file, fence.start))
        return parse(fence, file, namespace)

    monkeypatch.setattr(problems, "parse", counting_parse)
    lesson, key = build_lesson_and_key(tmp_path, NUMERIC.split("\n", 2)[2], CHOICE)
    assert sorted(parsed) == sorted(set(parsed)) and len(parsed) == 2
    assert "Problem G.1: A good guess" in lesson and "**Answer:** B." in key


def test_a_problem_id_used_twice_in_the_course(tmp_path, no_lessons):
    docs = write_docs(tmp_path, page(CHOICE))
    (docs / "other.md").write_text("# Other\n\n" + CHOICE)
    with pytest.raises(AuthorError) as info:
        build.run(docs, tmp_path / "out", quiet=True)
    assert info.value.file.endswith("other.md") and info.value.line == 4
    assert info.value.field == "id" and "already used in" in info.value.message
    assert "lessons/page.md:6" in info.value.message


def test_summary_blocks_take_no_fields(tmp_path, no_lessons):
    docs = write_docs(tmp_path, page(CHOICE))
    (docs / "key.md").write_text("# Key\n\n```answer-key\nonly: lessons\n```\n")
    with pytest.raises(AuthorError) as info:
        build.run(docs, tmp_path / "out", quiet=True)
    assert info.value.line == 4 and "takes no fields" in info.value.message


def test_the_build_command_reports_a_problem_error(tmp_path, no_lessons, capsys):
    docs = write_docs(tmp_path, page(CHOICE.replace("    correct: true\n", "")))
    assert build.main(["--docs", str(docs), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "docs/lessons/page.md:9: field 'choices': no choice is marked correct" in err


def test_unquoted_braces_in_text_stay_text():
    text = textwrap.dedent(
        """\
        ```problem
        id: t
        statement: |
          Compute {{ ln(1) :.0f }} here.
        answers:
          - expect: {{ ln(1) }}
        solution: Zero.
        ```
        """
    )
    p = problem(text)
    assert p.statement == "Compute {{ ln(1) :.0f }} here.\n"
    assert p.answers[0].expected == (0.0,)


def test_quick_checks_are_not_numbered(tmp_path, no_lessons):
    check = CHOICE.replace("id: lr-up\n", "id: lr-up\nnumbered: false\n")
    lesson, key = build_lesson_and_key(tmp_path, check, NUMERIC.split("\n", 2)[2])
    assert ">Quick check</p>" in lesson and ">Problem G.1: A good guess</p>" in lesson
    assert "### Quick check {#key-lr-up}" in key
    assert "### Problem G.1: A good guess {#key-bce-good}" in key


def test_pages_follow_the_nav_of_mkdocs_yml_even_with_tags(tmp_path):
    from lessonkit.course import nav_order

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE, x]\n"
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: m\n"
        "          format: !!python/name:pymdownx.superfences.fence_code\n"
        "nav:\n  - b.md\n  - Part:\n      - a.md\n      - T: c.md\n"
    )
    assert nav_order(tmp_path / "docs") == ["b.md", "a.md", "c.md"]
