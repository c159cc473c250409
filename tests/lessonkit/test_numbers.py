import math

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
