"""Computed numbers in Markdown: `{{ expr :fmt }}` evaluated safely.

The expression is parsed with `ast` and walked by hand: literals, arithmetic,
comparisons, calls of the given namespace's names, attribute access to public
names and subscripts. Nothing else (no imports, no dunders, no lambdas).

Untrusted input (a pull request): every integer stays below MAX_INT_BITS bits
(checked before a power or product is computed), every float is finite, a
format's width and precision are bounded, an expression uses at most
EXPRESSION_SECONDS of CPU time (and EXPRESSION_WALL_SECONDS of wall time),
and the scan for inline code is linear in the line.

An author's mistake (a bad expression, a value a course function rejects with
the core's `ArgumentError`, arithmetic that fails) is an `AuthorError`; any
other exception is a bug in our code and is not caught.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import math
import operator
import re
from numbers import Real

from losslandscape import ArgumentError

from .errors import AuthorError, listing, shown_text
from .timelimit import TimeLimitExceeded, cpu_limit, time_limit

EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
FORMAT_SUFFIX = re.compile(r"^(.*\S)\s+:(\S*)$", re.DOTALL)
BACKTICKS = re.compile(r"`+")
# Python's format mini-language: [[fill]align][sign][z][#][0][width][,_][.prec][type]
FORMAT_SPEC = re.compile(
    r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?"
    r"[bcdeEfFgGnosxX%]?",
    re.DOTALL,
)
MAX_POWER = 512  # largest integer exponent allowed in `**`
MAX_INT_BITS = 1000  # integers up to about 1e301: each one converts to a float
MAX_WIDTH = 60  # largest field width in a format spec
MAX_PRECISION = 30  # largest precision in a format spec
EXPRESSION_SECONDS = 10.0  # CPU seconds one expression may use
EXPRESSION_WALL_SECONDS = 120.0  # and wall-clock seconds, however busy the machine
MAX_EXPRESSION = 400  # characters between {{ and }}

BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg, ast.Not: operator.not_}
COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


class ExpressionError(ValueError):
    """The expression cannot be evaluated as written (the author's mistake)."""


class UnsafeExpression(ExpressionError):
    """The expression uses something outside the whitelist."""


# What applying an operator, an attribute or an index to the wrong value raises.
WRONG_VALUE = (TypeError, AttributeError, KeyError, IndexError)


def _apply(what: str, function, *args):
    """`function(*args)`; an error from the author's values is an ExpressionError."""
    try:
        return function(*args)
    except WRONG_VALUE as exc:
        raise ExpressionError(f"{what} does not apply here ({exc})") from exc


def _call(name: str, function, args: list, kwargs: dict):
    """`function(*args, **kwargs)` after checking the arguments fit its signature."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # a builtin without one (math.log)
        return _apply(f"{name}()", lambda: function(*args, **kwargs))
    try:
        signature.bind(*args, **kwargs)
    except TypeError as exc:
        raise ExpressionError(f"{name}{signature}: {exc}") from exc
    return function(*args, **kwargs)


@contextlib.contextmanager
def expression_limits():
    """The limits of one expression: EXPRESSION_SECONDS of CPU time (a busy
    machine does not use them up) and EXPRESSION_WALL_SECONDS of wall time."""
    with time_limit(EXPRESSION_WALL_SECONDS), cpu_limit(EXPRESSION_SECONDS):
        yield


def evaluate(expression: str, namespace: dict):
    """The value of `expression` with only `namespace`'s names available."""
    if len(expression) > MAX_EXPRESSION:
        raise UnsafeExpression(
            f"is {len(expression)} characters long (max {MAX_EXPRESSION})"
        )
    try:
        tree = ast.parse(expression.strip(), mode="eval")
        with expression_limits():  # problem blocks call this directly
            return _Walker(namespace).visit(tree.body)
    except TimeLimitExceeded as exc:
        raise UnsafeExpression(f"{exc} (the limit for one expression)") from exc
    except SyntaxError as exc:
        raise UnsafeExpression(f"is not a valid expression ({exc.msg})") from exc
    except (RecursionError, MemoryError) as exc:
        raise UnsafeExpression("is nested too deeply") from exc


class _Walker:
    def __init__(self, namespace: dict):
        self.namespace = namespace

    def visit(self, node):
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise UnsafeExpression(f"{type(node).__name__} is not allowed")
        return method(node)

    def visit_Constant(self, node):
        if not isinstance(node.value, int | float | complex | str | bool | None):
            raise UnsafeExpression(f"constant {node.value!r} is not allowed")
        return _checked(node.value)

    def visit_Name(self, node):
        if node.id not in self.namespace:
            raise UnsafeExpression(
                f"name {node.id!r} is not allowed; allowed: "
                f"{listing(sorted(self.namespace))}"
            )
        return self.namespace[node.id]

    def visit_BinOp(self, node):
        op = BINARY.get(type(node.op))
        if op is None:
            raise UnsafeExpression(f"operator {type(node.op).__name__} is not allowed")
        left, right = self.visit(node.left), self.visit(node.right)
        if op is operator.pow and isinstance(right, int) and abs(right) > MAX_POWER:
            raise UnsafeExpression(f"exponent {right} is too large (max {MAX_POWER})")
        if op is operator.mul and isinstance(left, str | list | tuple | bytes):
            raise UnsafeExpression("repeating a sequence with * is not allowed")
        if op is operator.mul and isinstance(right, str | list | tuple | bytes):
            raise UnsafeExpression("repeating a sequence with * is not allowed")
        _check_int_size(op, left, right)
        try:
            name = f"operator {type(node.op).__name__}"
            return _checked(_apply(name, op, left, right))
        except OverflowError as exc:
            raise UnsafeExpression(f"overflows ({exc}); {_RANGE}") from exc

    def visit_UnaryOp(self, node):
        op = UNARY.get(type(node.op))
        if op is None:
            raise UnsafeExpression(f"operator {type(node.op).__name__} is not allowed")
        operand = self.visit(node.operand)
        return _checked(_apply(f"operator {type(node.op).__name__}", op, operand))

    def visit_Compare(self, node):
        left = self.visit(node.left)
        for op_node, right_node in zip(node.ops, node.comparators, strict=True):
            op = COMPARE.get(type(op_node))
            if op is None:
                raise UnsafeExpression(
                    f"comparison {type(op_node).__name__} is not allowed"
                )
            right = self.visit(right_node)
            if not _apply(f"comparison {type(op_node).__name__}", op, left, right):
                return False
            left = right
        return True

    def visit_Call(self, node):
        if not isinstance(node.func, ast.Name):
            raise UnsafeExpression("only the course's functions may be called")
        func = self.visit_Name(node.func)
        args = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise UnsafeExpression("*args is not allowed")
            args.append(self.visit(arg))
        kwargs = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise UnsafeExpression("**kwargs is not allowed")
            kwargs[kw.arg] = self.visit(kw.value)
        return _checked(_call(node.func.id, func, args, kwargs))

    def visit_Attribute(self, node):
        if node.attr.startswith("_"):
            raise UnsafeExpression(f"attribute {node.attr!r} is not allowed")
        value = self.visit(node.value)
        return _apply(f"attribute {node.attr!r}", getattr, value, node.attr)

    def visit_Subscript(self, node):
        value, index = self.visit(node.value), self.visit(node.slice)
        return _apply("indexing", operator.getitem, value, index)

    def visit_Slice(self, node):
        parts = (node.lower, node.upper, node.step)
        return slice(*(None if p is None else self.visit(p) for p in parts))

    def visit_Tuple(self, node):
        return tuple(self.visit(e) for e in node.elts)

    def visit_List(self, node):
        return [self.visit(e) for e in node.elts]


_RANGE = f"numbers must be finite, integers below 2**{MAX_INT_BITS} (about 1e301)"


def _bits(value) -> int:
    return value.bit_length() if isinstance(value, int) else 0


def _check_int_size(op, left, right) -> None:
    """Refuse an integer power or product whose result would be too large,
    before computing it (the exponent alone does not bound the size)."""
    if not (isinstance(left, int) and isinstance(right, int)):
        return
    if op is operator.pow and right > 0:
        bits = (_bits(left) - 1) * right + 1 if abs(left) > 1 else 1
    elif op is operator.mul:
        bits = _bits(left) + _bits(right)
    else:
        return
    if bits > MAX_INT_BITS + 1:
        raise UnsafeExpression(f"gives an integer of about {bits} bits; {_RANGE}")


def _checked(value):
    """`value` if its size is allowed: finite floats, bounded integers."""
    if isinstance(value, int) and _bits(value) > MAX_INT_BITS:
        raise UnsafeExpression(f"gives an integer of {_bits(value)} bits; {_RANGE}")
    if isinstance(value, float | complex) and not _finite(value):
        raise UnsafeExpression(f"gives {value!r}; {_RANGE}")
    return value


def _finite(value) -> bool:
    if isinstance(value, complex):
        return math.isfinite(value.real) and math.isfinite(value.imag)
    return math.isfinite(value)


def check_spec(spec: str) -> None:
    """Refuse a format spec that is not one, or whose width or precision is
    so large that it would write a huge page."""
    match = FORMAT_SPEC.fullmatch(spec)
    if match is None:
        raise ValueError("it is not a format spec")
    width, precision = match["width"], match["precision"]
    if width and (len(width) > 4 or int(width) > MAX_WIDTH):
        raise ValueError(f"width {shown_text(width, 20)} is more than {MAX_WIDTH}")
    if precision and (len(precision) > 4 or int(precision) > MAX_PRECISION):
        raise ValueError(
            f"precision {shown_text(precision, 20)} is more than {MAX_PRECISION}"
        )


def format_value(value, spec: str | None) -> str:
    """`value` formatted with a Python format spec; 4 significant digits by default."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"gives a {type(value).__name__}, not a number")
    if spec is None:
        if isinstance(value, float):
            return format(value, ".4g")
        return str(value)
    check_spec(spec)
    return format(value, spec)


def split_format(inner: str) -> tuple[str, str | None]:
    """'bce(1, 0.9) :.3f' -> ('bce(1, 0.9)', '.3f'); no ' :' suffix -> (inner, None)."""
    match = FORMAT_SUFFIX.match(inner.strip())
    if match:
        return match.group(1), match.group(2)
    return inner.strip(), None


def render(inner: str, namespace: dict) -> str:
    """The text of one `{{ ... }}` (without braces), evaluated and formatted."""
    expression, spec = split_format(inner)
    quoted = shown_text(repr(expression))
    try:
        with expression_limits():
            value = evaluate(expression, namespace)
    except ExpressionError as exc:
        raise AuthorError(f"expression {quoted}: {exc}") from exc
    except TimeLimitExceeded as exc:
        raise AuthorError(
            f"expression {quoted} {exc} (the limit for one expression)",
            allowed="an expression that a course function computes quickly",
        ) from exc
    except (ArgumentError, ArithmeticError) as exc:  # the author's values
        raise AuthorError(
            f"expression {quoted} failed: {type(exc).__name__}: {shown_text(str(exc))}"
        ) from exc
    if isinstance(value, bool) or not isinstance(value, Real):
        kind = type(value).__name__
        hint = "; a comparison gives True or False" if isinstance(value, bool) else ""
        raise AuthorError(
            f"expression {quoted} gives a {kind}, not a number{hint}",
            allowed="a number; take .x, .y or .value of a point",
        )
    try:
        return format_value(value, spec)
    except (ValueError, TypeError, OverflowError) as exc:
        raise AuthorError(
            f"expression {quoted}: format {shown_text(repr(spec), 40)} does not "
            f"apply to {type(value).__name__} ({shown_text(str(exc))})",
            allowed="a Python format spec such as .3f, .1%, d, .2e, with a width "
            f"up to {MAX_WIDTH} and a precision up to {MAX_PRECISION}",
        ) from exc


def expand_line(line: str, namespace: dict) -> str:
    """Every `{{ }}` of one line replaced, except inside inline code spans."""
    if "{{" not in line:
        return line
    out, last = [], 0
    for start, end in code_spans(line):
        out.append(_expand_plain(line[last:start], namespace))
        out.append(line[start:end])
        last = end
    out.append(_expand_plain(line[last:], namespace))
    return "".join(out)


def without_code_spans(line: str) -> str:
    """`line` with its inline code spans removed."""
    out, last = [], 0
    for start, end in code_spans(line):
        out.append(line[last:start])
        last = end
    out.append(line[last:])
    return "".join(out)


def code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span, as CommonMark finds them: a run
    of n backticks up to the next run of exactly n. Linear in the line."""
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(line)]
    later: dict[int, list[int]] = {}  # run length -> indices of runs, last first
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        later.setdefault(end - start, []).append(index)
    spans, index = [], 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[-1] <= index:
            same.pop()  # runs before this one can no longer close anything
        if same:
            close = same.pop()
            spans.append((start, runs[close][1]))
            index = close + 1
        else:
            index += 1
    return spans


def _expand_plain(text: str, namespace: dict) -> str:
    """Each `{{ ... }}` (up to the first `}}`) rendered; linear in the text."""
    out, position = [], 0
    while (start := text.find("{{", position)) != -1:
        end = text.find("}}", start + 2)
        if end == -1:
            raise AuthorError(
                "'{{' is not closed on the same line",
                allowed="a computed number on one line: {{ expr :fmt }}",
            )
        out += [text[position:start], render(text[start + 2 : end], namespace)]
        position = end + 2
    out.append(text[position:])
    return "".join(out)
