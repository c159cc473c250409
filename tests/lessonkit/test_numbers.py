import contextlib
import math
import re

import pytest

from lessonkit import numbers
from lessonkit.errors import AuthorError

NS = {"ln": math.log, "pair": lambda a, b: (a, b), "point": lambda: Point()}


class Point:
    x = 1.5
    _secret = "hidden"


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("-(2 ** 3) / 4", -2.0),
        ("7 // 2 + 7 % 2", 4),
        ("ln(1)", 0.0),
        ("pair(1, b=2)[1]", 2),
        ("[1, 2, 3][1:]", [2, 3]),
        ("point().x", 1.5),
        ("1 < 2 <= 2", True),
        ("not 1 == 2", True),
    ],
)
def test_evaluates_the_whitelist(expression, expected):
    assert numbers.evaluate(expression, NS) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os')",
        "open('x')",
        "point().__class__",
        "point()._secret",
        "(lambda: 1)()",
        "[x for x in (1, 2)]",
        "ln.__globals__",
        "pair(*[1, 2])",
        "pair(**{'a': 1, 'b': 2})",
        "'a' * 10",
        "2 ** 100000",
        "point().x()",
        "1 if 1 else 2",
        "x := 1",
    ],
)
def test_rejects_unsafe_expressions(expression):
    with pytest.raises(numbers.UnsafeExpression):
        numbers.evaluate(expression, NS)


def test_unknown_name_lists_the_allowed_names():
    with pytest.raises(AuthorError) as info:
        numbers.render("bce(1, 0.9) :.3f", NS)
    message = str(info.value)
    assert "'bce'" in message
    assert "allowed: ln, pair, point" in message


def test_format_spec_after_space_colon():
    assert numbers.render(" ln(1) + 0.1049 :.3f ", NS) == "0.105"
    assert numbers.render("[1, 2, 3][1:2][0]", NS) == "2"  # a slice is no format
    assert numbers.render("2 / 3", NS) == "0.6667"  # four significant digits


def test_bad_format_names_the_format():
    with pytest.raises(AuthorError, match="format 'q'"):
        numbers.render("1.5 :q", NS)


def test_inline_code_is_left_alone():
    line = "Write `{{ ln(1) }}` to get {{ ln(1) :.1f }}."
    assert numbers.expand_line(line, NS) == "Write `{{ ln(1) }}` to get 0.0."


def test_unclosed_braces_are_an_error_not_left_in_the_page():
    with pytest.raises(AuthorError, match="'{{' is not closed on the same line"):
        numbers.expand_line("The loss is {{ ln(2) :.3f and more.", NS)


def test_a_result_that_is_not_a_number_is_an_error():
    with pytest.raises(AuthorError, match="gives a tuple, not a number"):
        numbers.render("pair(1, 2)", NS)


# Limits: untrusted pages cannot hang or flood the build (issue 10) ----------


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("((10**512)**512)**512", "bits"),  # the base grows, not the exponent
        ("10 ** 400 :.2e", "bits"),  # would not convert to a float
        ("(10**300) * (10**300)", "bits"),
        ("1e400", "inf"),
        ("1e308 * 10", "inf"),
        ("10.0 ** 400.0", "overflows"),
        ("ln(1) :>300000000", "width 300000000 is more than 60"),
        ("ln(1) :.5000f", "precision 5000 is more than 30"),
        ("ln(1) :" + "9" * 5000, "width"),
        ("1 < 2", "gives a bool, not a number"),
        ("not 0", "gives a bool"),
        ("-" * 5000 + "1", "characters long"),
    ],
)
def test_sizes_are_bounded_with_an_author_error(expression, message):
    with pytest.raises(AuthorError, match=message) as info:
        numbers.render(expression, NS)
    assert len(str(info.value)) < 600  # the message is cut, not the whole input


def test_a_slow_course_function_hits_the_time_limit(monkeypatch):
    import time

    monkeypatch.setattr(numbers, "EXPRESSION_WALL_SECONDS", 0.2)
    with pytest.raises(AuthorError, match=r"took longer than 0.2 s"):
        numbers.render("nap()", {"nap": lambda: time.sleep(30)})


def spin():
    while True:
        pass


def test_a_course_function_that_computes_forever_hits_the_cpu_limit(monkeypatch):
    monkeypatch.setattr(numbers, "EXPRESSION_SECONDS", 0.2)
    with pytest.raises(AuthorError, match=r"used more than 0.2 s of CPU time"):
        numbers.render("spin()", {"spin": spin})


def test_waiting_does_not_use_up_the_cpu_limit(monkeypatch):
    """A busy machine slows an expression down without adding to its CPU time."""
    import time

    monkeypatch.setattr(numbers, "EXPRESSION_SECONDS", 0.2)
    assert numbers.render("nap()", {"nap": lambda: time.sleep(0.5) or 7}) == "7"


@pytest.mark.parametrize(
    ("line", "spans"),
    [
        ("a `b` c", ["`b`"]),
        ("``a ` b`` c", ["``a ` b``"]),  # a shorter run does not close
        ("`a`` b", []),  # runs of different length never match
        ("`a` `b`", ["`a`", "`b`"]),
        ("``` `x` ```", ["``` `x` ```"]),
        (
            "` ``x`` `y`",
            [
                "` ``x`` `",
            ],
        ),
    ],
)
def test_code_spans_follow_commonmark(line, spans):
    assert [line[a:b] for a, b in numbers.code_spans(line)] == spans


@pytest.mark.parametrize(
    "line",
    [
        "{{ 1 }} " + "`" * 50_000,  # was cubic: over 20 s
        "{{ 1 }} " + "` `` " * 20_000,
        "{{ 1 }} " + "{{" * 50_000,  # unclosed, many times: was quadratic
    ],
)
def test_long_lines_finish(line):
    from lessonkit.timelimit import time_limit

    with time_limit(10), contextlib.suppress(AuthorError):  # a hang guard only
        numbers.expand_line(line, NS)


# Our bugs are not the author's mistakes (issue 9) -------------------------------


def test_a_bug_in_a_course_function_is_not_reported_as_the_authors_error():
    def buggy(x):
        return {"a": x}["b"]  # our bug, not the author's

    with pytest.raises(KeyError):
        numbers.render("buggy(1)", {"buggy": buggy})


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("rejects(1)", "failed: ArgumentError: x must be positive"),
        ("1 / 0", "failed: ZeroDivisionError"),
        ("rejects(1, 2)", "rejects(x): too many positional arguments"),
        ("rejects(1, y=1)", "got an unexpected keyword argument 'y'"),
        ("'a' + 1", "operator Add does not apply here"),
        ("ln(1).z", "attribute 'z' does not apply here"),
        ("[1, 2][5]", "indexing does not apply here"),
        ("ln(1, 2, 3)", "ln() does not apply here"),
    ],
)
def test_the_authors_mistakes_are_author_errors(expression, message):
    from losslandscape import ArgumentError

    def rejects(x):
        raise ArgumentError("x must be positive, got 1")

    with pytest.raises(AuthorError, match=re.escape(message)):
        numbers.render(expression, {**NS, "rejects": rejects})


def test_evaluate_has_the_time_limit_too(monkeypatch):
    """Problem blocks call evaluate directly, not render."""
    import time

    monkeypatch.setattr(numbers, "EXPRESSION_WALL_SECONDS", 0.2)
    with pytest.raises(numbers.UnsafeExpression, match=r"took longer than 0.2 s"):
        numbers.evaluate("nap()", {"nap": lambda: time.sleep(30)})
    monkeypatch.setattr(numbers, "EXPRESSION_WALL_SECONDS", 60)
    monkeypatch.setattr(numbers, "EXPRESSION_SECONDS", 0.2)
    with pytest.raises(numbers.UnsafeExpression, match=r"CPU time"):
        numbers.evaluate("spin()", {"spin": spin})
