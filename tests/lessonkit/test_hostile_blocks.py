"""Figure blocks a careless or hostile author writes (issue 10): each one is an
author error naming the line and field, cut short, or the page it meant."""

import pytest

from lessonkit.blocks import parse
from lessonkit.errors import AuthorError
from lessonkit.fences import find_fences

HEAD = """\
```figure
id: my-fig
title: A figure
alt: Some text.
surface: himmelblau
view: contour
"""


def parse_block(body: str, head: str = HEAD):
    (fence,) = find_fences((head + body + "```\n").split("\n"))
    return parse(fence, "docs/x.md")


def without(field: str) -> str:
    """HEAD without the line of `field`."""
    return "".join(
        line for line in HEAD.splitlines(keepends=True) if not line.startswith(field)
    )


def alias_bomb(levels: int) -> str:
    """A few hundred bytes of YAML whose value expands to 9**levels items."""
    lines = ["resolution: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"l{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_yaml_aliases_are_refused_at_their_line():
    with pytest.raises(AuthorError) as info:
        parse_block(alias_bomb(9))  # was a 1.36 GB error message
    assert "aliases (*a0) are not allowed" in str(info.value)
    assert info.value.line == 8  # opener, 5 head lines, resolution, the first alias
    assert len(str(info.value)) < 400


def test_a_huge_value_is_cut_in_the_message():
    with pytest.raises(AuthorError) as info:
        parse_block("resolution: [" + ", ".join(["12345"] * 2000) + "]\n")
    message = str(info.value)
    assert "field 'resolution'" in message and "..." in message
    assert len(message) < 400


def test_a_huge_block_is_refused():
    with pytest.raises(AuthorError, match=r"characters \(max 20000\)"):
        parse_block("description: " + "x" * 30_000 + "\n")


@pytest.mark.parametrize("field", ["title", "alt", "description"])
@pytest.mark.parametrize("value", ["2024", "1.5", "[a, b]", "{a: 1}", "true"])
def test_a_caption_that_is_not_text_names_the_field(field, value):
    with pytest.raises(AuthorError) as info:  # was AttributeError
        parse_block(f"{field}: {value}\n", without(field))
    assert info.value.field == field
    assert "not text" in str(info.value) and "quotes" in str(info.value)


@pytest.mark.parametrize("word", ["No", "Yes", "off", "ON", "y", "n"])
def test_yaml_11_booleans_are_text(word):
    """`alt: No` said 'alt is required' (YAML 1.1 reads it as false)."""
    assert parse_block(f"alt: {word}\n", without("alt")).spec.alt == word


@pytest.mark.parametrize(("text", "value"), [("1e-3", 1e-3), ("2E+1", 20.0)])
def test_exponents_without_a_dot_are_numbers(text, value):
    """`lr: 1e-3` was a string in YAML 1.1: 'lr must be a number, got str'."""
    spec = parse_block(
        f"optimizers:\n  - {{name: sgd, lr: {text}, start: [0, 0], steps: 5}}\n"
    ).spec
    assert spec.params["optimizers"][0]["lr"] == value


def test_leading_zeros_are_decimal_and_dates_are_text():
    assert parse_block("resolution: 041\n").spec.params["resolution"] == 41
    with pytest.raises(AuthorError, match="'2024-01-01'"):
        parse_block("resolution: 2024-01-01\n")


@pytest.mark.parametrize(
    "body",
    [
        "x: [-1.0e+200, 1.0e+200]\n",  # drew a blank figure with exit 0
        "y: [0, 1001]\n",
        "optimizers:\n  - {name: sgd, lr: 0.01, start: [1.0e+30, 0], steps: 5}\n",
    ],
)
def test_ranges_beyond_what_float32_draws_are_refused(body):
    with pytest.raises(AuthorError, match="each in \\[-1000, 1000\\]") as info:
        parse_block(body)
    assert info.value.line == 6 + len(body.splitlines())  # the line of the value


def test_an_overflow_is_not_called_the_cores_rejection(monkeypatch):
    """It was 'the core rejected it: Out of range float values are not JSON
    compliant'; now it says the numbers overflow, at the block's line."""
    from lessonkit.figures import plotly_json, render

    with pytest.raises(plotly_json.NotFinite, match="float32|f4"):
        plotly_json.typed([1.0, 1e39])
    with pytest.raises(plotly_json.NotFinite):
        plotly_json.dumps({"data": [{"z": [float("nan")]}]})
    spec = parse_block("resolution: 11\n").spec

    def overflowing(figure):
        return plotly_json.typed([1e39])

    monkeypatch.setattr(plotly_json, "dumps", overflowing)
    with pytest.raises(AuthorError) as info:
        render.render(spec)
    message = str(info.value)
    assert message.startswith("docs/x.md:1: figure 'my-fig': its numbers overflow")
    assert "core rejected" not in message and "allowed: a smaller range" in message


def test_a_figure_that_takes_too_long_fails_at_its_timeout(monkeypatch):
    """Nothing had a time limit: one block could stop `make site` (issue 10)."""
    import dataclasses
    import time

    from lessonkit.figures import registry, render

    spec = parse_block("timeout: 1\n").spec
    assert spec.timeout == 1 and "timeout" not in spec.params
    builder = registry.get(spec.builder)
    slow = dataclasses.replace(builder, compute=lambda params: time.sleep(60))
    monkeypatch.setattr(registry, "get", lambda name: slow)
    with pytest.raises(AuthorError) as info:
        render.render(spec)
    message = str(info.value)
    assert message.startswith(
        "docs/x.md:1: figure 'my-fig': field 'timeout': took longer than 1 s"
    )
    assert "a smaller resolution or fewer steps, or a larger timeout" in message


@pytest.mark.parametrize("value", ["0", "1.0e+9", "soon", "true"])
def test_a_bad_timeout_names_the_field(value):
    with pytest.raises(
        AuthorError, match=r"allowed: a number of seconds in \[1, 3600\]"
    ):
        parse_block(f"timeout: {value}\n")
