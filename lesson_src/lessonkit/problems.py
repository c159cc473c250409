"""Problem blocks in Markdown: ```problem fences holding YAML, validated into a
`Problem` record whose expected numbers the core computes at build time.

    ```problem
    id: bce-good-prediction
    statement: |
      The label is $y = 1$ and the network predicts $\\hat{y} = 0.9$. The loss?
    answers:
      - label: Loss L
        expect: {{ bce(1, 0.9) :.3f }}
    hints:
      - With $y = 1$ only the first term is left.
    solution: |
      $L = -\\log(0.9) = {{ bce(1, 0.9) :.3f }}$
    ```

A problem has either `answers` (numbers to type; a vector is typed component by
component) or `choices` (multiple choice, one or several correct, each with a
`why`). Tolerances: see `answers.tolerance`."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real

import yaml

from . import answers as rules
from . import numbers, yamlsafe
from .blocks import field_line
from .errors import AuthorError
from .fences import Fence
from .schema import Bool, Field, ListOf, Number, Record, Text, validate

INFO = "problem"
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# `expect: {{ ... }}` is not valid YAML ({ starts a mapping): quote it for the author.
UNQUOTED_EXPECT = re.compile(r"^(\s*(?:-\s+)?expect:[ \t]*)(\{\{.*\}\})[ \t]*$")
FIXED_DECIMALS = re.compile(r"^[+\- #0]*\d*[,_]?\.(\d+)f$")
DEFAULT_DECIMALS = 3
MAX_COMPONENTS = 6
COMPONENT_NAMES = ("x", "y", "z")
ANSWERS_ALLOWED = (
    "answers: a list of numbers to type (each with expect: {{ expr }}), or "
    "choices: a list of choices (text, correct: true|false, why)"
)


@dataclass(frozen=True)
class NumericAnswer:
    """A number or a vector the reader types; one tolerance per component."""

    label: str
    expected: tuple[float, ...]
    tolerances: tuple[float, ...]
    decimals: int
    names: tuple[str, ...]  # component names, e.g. ("x", "y"); () for a number

    def shown(self) -> str:
        """The expected value as shown, e.g. '0.105' or '(1.0, -2.0)'."""
        parts = [f"{v:.{self.decimals}f}" for v in self.expected]
        return parts[0] if not self.names else "(" + ", ".join(parts) + ")"


@dataclass(frozen=True)
class Choice:
    text: str  # Markdown, one line
    correct: bool
    why: str  # Markdown, one line: why it is right or wrong


@dataclass(frozen=True)
class Problem:
    id: str
    file: str  # as shown in errors, e.g. "docs/lessons/x.md"
    line: int  # 1-based line of the opening fence
    title: str
    statement: str  # Markdown, `{{ }}` not yet expanded
    answers: tuple[NumericAnswer, ...]
    choices: tuple[Choice, ...]
    hints: tuple[str, ...]
    check_with: str  # id of a figure on the page to check a prediction with; or ""
    numbered: bool  # a numbered practice problem, or an unnumbered quick check
    solution: str
    text_lines: dict  # field path -> 0-based line in the block where its text starts

    @property
    def several_correct(self) -> bool:
        return sum(c.correct for c in self.choices) > 1


class Expression(Field):
    """A computed number: `{{ expr :fmt }}`, a bare expression, or a number."""

    allowed = "a computed number such as {{ bce(1, 0.9) :.3f }}"

    def check(self, value, path):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(value, path)
        if isinstance(value, str) and not value.strip():
            self.fail(value, path)
        return value


class Markdown(Text):
    allowed = (
        "Markdown text; if it holds ': ' or starts with a quote or a bracket, "
        "write | and the text on the lines below, indented"
    )


class Positive(Number):
    def __init__(self, default=None):
        super().__init__(default=default)
        self.allowed = "a number > 0"

    def check(self, value, path):
        super().check(value, path)
        if value <= 0:
            self.fail(value, path, "must be > 0")
        return float(value)


ANSWER = Record(
    {
        "label": Text(default=None),
        "expect": Expression(),
        "abs_tol": Positive(),
        "rel_tol": Positive(),
        "decimals": Number(0, 12, integer=True, default=None),
        "names": ListOf(Text(), default=None),
    }
)
CHOICE = Record({"text": Markdown(), "correct": Bool(default=False), "why": Markdown()})
SCHEMA = {
    "id": Text(),
    "title": Markdown(default=None),
    "statement": Markdown(),
    "answers": ListOf(ANSWER, max_len=8, default=None),
    "choices": ListOf(CHOICE, min_len=2, max_len=8, default=None),
    "hints": ListOf(Markdown(), default=None),
    "check_with": Text(default=None),
    "numbered": Bool(default=True),
    "solution": Markdown(),
}


def is_problem(fence: Fence) -> bool:
    return fence.info.split()[:1] == [INFO]


# Long by intent: one pass over the block's fields in the order an author
# writes them, each with its own error; split, the order would be lost.
def parse(fence: Fence, file: str, namespace: dict | None) -> Problem:
    """The problem in `fence`, validated, its expected numbers computed."""
    line = fence.start + 1
    if not fence.closed:
        raise AuthorError("problem block is never closed", file=file, line=line)
    body = [UNQUOTED_EXPECT.sub(_quote, text) for text in fence.body]
    text = "\n".join(body)
    try:
        node, data = yamlsafe.parse(text)  # YAML 1.2, no aliases, size-capped
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise AuthorError(
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            file=file,
            line=line + 1 + (mark.line if mark else 0),
            allowed="Markdown with backslashes, ': ' or quotes written after "
            "`field: |` on the lines below, indented",
        ) from exc

    def where(path):
        return line + 1 + field_line(node, path)

    try:
        values = validate(SCHEMA, data if data is not None else {})
    except AuthorError as exc:
        raise exc.at(file, where(exc.field)) from None
    if not ID.match(values["id"]):
        raise AuthorError(
            f"{values['id']!r} is not an id",
            file=file,
            line=where("id"),
            field="id",
            allowed="lower-case words and digits joined by hyphens, e.g. bce-good",
        )
    has_answers, has_choices = "answers" in values, "choices" in values
    if has_answers == has_choices:
        what = "has both" if has_answers else "needs"
        raise AuthorError(
            f"a problem {what} answers and choices; give exactly one",
            file=file,
            line=where("answers" if has_answers else None),
            field="answers",
            allowed=ANSWERS_ALLOWED,
        )
    found = tuple(
        _answer(a, i, len(values.get("answers", ())), namespace, file, where)
        for i, a in enumerate(values.get("answers", ()))
    )
    choices = tuple(
        Choice(c["text"], c["correct"], c["why"]) for c in values.get("choices", ())
    )
    if has_choices and not any(c.correct for c in choices):
        raise AuthorError(
            "no choice is marked correct",
            file=file,
            line=where("choices"),
            field="choices",
            allowed="at least one choice with correct: true",
        )
    paths = ["statement", "solution", "check_with"]
    paths += [f"hints[{i}]" for i in range(len(values.get("hints", ())))]
    paths += [f"choices[{i}].{k}" for i in range(len(choices)) for k in ("text", "why")]
    return Problem(
        id=values["id"],
        file=file,
        line=line,
        title=values.get("title", ""),
        statement=values["statement"],
        answers=found,
        choices=choices,
        hints=tuple(values.get("hints", ())),
        check_with=values.get("check_with", ""),
        numbered=values["numbered"],
        solution=values["solution"],
        text_lines={p: _text_start(body, field_line(node, p)) for p in paths},
    )


def _quote(match: re.Match) -> str:
    return match.group(1) + "'" + match.group(2).replace("'", "''") + "'"


def _text_start(body: list[str], key_line: int) -> int:
    """The line where a field's text starts: after `field: |`, the next one."""
    opener = body[key_line] if key_line < len(body) else ""
    return key_line + 1 if re.search(r"[|>][+-]?\d*\s*$", opener) else key_line


def _answer(values, i, count, namespace, file, where) -> NumericAnswer:
    path = f"answers[{i}]"
    expect = values["expect"]
    decimals = values.get("decimals")
    if isinstance(expect, str):
        expression, spec = expect.strip(), None
        if expression.startswith("{{") and expression.endswith("}}"):
            expression, spec = numbers.split_format(expression[2:-2])
        if decimals is None and spec:
            match = FIXED_DECIMALS.match(spec)
            decimals = int(match.group(1)) if match else None
        try:
            value = _evaluate(expression, namespace)
        except AuthorError as exc:
            exc.field = f"{path}.expect"
            raise exc.at(file, where(f"{path}.expect")) from None
    else:
        value = (float(expect),)
    if decimals is None:
        decimals = DEFAULT_DECIMALS
    tolerances = tuple(
        rules.tolerance(
            v,
            abs_tol=values.get("abs_tol"),
            rel_tol=values.get("rel_tol"),
            decimals=decimals,
        )
        for v in value
    )
    names = tuple(values.get("names") or ())
    if len(value) > 1 and not names:
        names = (
            COMPONENT_NAMES[: len(value)]
            if len(value) <= 3
            else tuple(f"component {k + 1}" for k in range(len(value)))
        )
    if len(value) > 1 and len(names) != len(value) or len(value) == 1 and names:
        raise AuthorError(
            f"{len(names)} names for {len(value)} component(s)",
            file=file,
            line=where(f"{path}.names"),
            field=f"{path}.names",
            allowed=f"one name per component of the expected value ({len(value)})",
        )
    label = values.get("label") or ("Answer" if count == 1 else f"Answer {i + 1}")
    return NumericAnswer(label, value, tolerances, decimals, names)


def _evaluate(expression: str, namespace: dict | None) -> tuple[float, ...]:
    """The expected value as a tuple of floats: a number, a list or a point."""
    if namespace is None:
        raise AuthorError("computed numbers need lessonkit/calc.py (NAMESPACE)")
    try:
        value = numbers.evaluate(expression, namespace)
    except numbers.UnsafeExpression as exc:
        raise AuthorError(f"expression {expression!r}: {exc}") from exc
    except Exception as exc:  # an error inside a course function: report it
        raise AuthorError(
            f"expression {expression!r} failed: {type(exc).__name__}: {exc}"
        ) from exc
    if hasattr(value, "x") and hasattr(value, "y") and not isinstance(value, Real):
        value = (value.x, value.y)
    parts = list(value) if isinstance(value, list | tuple) else [value]
    if (
        not parts
        or len(parts) > MAX_COMPONENTS
        or not all(isinstance(p, Real) and not isinstance(p, bool) for p in parts)
    ):
        raise AuthorError(
            f"expression {expression!r} gives {value!r}, not a number",
            allowed="a number, a point (.x, .y) or a list of up to "
            f"{MAX_COMPONENTS} numbers",
        )
    if not all(math.isfinite(p) for p in parts):
        raise AuthorError(
            f"expression {expression!r} gives {value!r}, not a finite number"
        )
    return tuple(float(p) for p in parts)


def numbering(found) -> list[int | None]:
    """'Problem N' numbers of a page's problems in order; None for quick checks."""
    out, n = [], 0
    for problem in found:
        n += problem.numbered
        out.append(n if problem.numbered else None)
    return out


def line_of(problem: Problem, path: str, offset: int) -> int:
    """1-based line in the page of line `offset` of the text field `path`."""
    return problem.line + 1 + problem.text_lines.get(path, 0) + offset
