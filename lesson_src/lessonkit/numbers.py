"""Computed numbers in Markdown: `{{ expr :fmt }}` evaluated safely.

The expression is parsed with `ast` and walked by hand: literals, arithmetic,
comparisons, calls of the given namespace's names, attribute access to public
names and subscripts. Nothing else (no imports, no dunders, no lambdas).
"""

from __future__ import annotations

import ast
import operator
import re
from numbers import Real

from .errors import AuthorError, listing

EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
FORMAT_SUFFIX = re.compile(r"^(.*\S)\s+:(\S*)$", re.DOTALL)
INLINE_CODE = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
MAX_POWER = 512  # largest integer exponent allowed in `**`

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


class UnsafeExpression(ValueError):
    """The expression uses something outside the whitelist."""


def evaluate(expression: str, namespace: dict):
    """The value of `expression` with only `namespace`'s names available."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise UnsafeExpression(f"is not a valid expression ({exc.msg})") from exc
    return _Walker(namespace).visit(tree.body)


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
        return node.value

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
        return op(left, right)

    def visit_UnaryOp(self, node):
        op = UNARY.get(type(node.op))
        if op is None:
            raise UnsafeExpression(f"operator {type(node.op).__name__} is not allowed")
        return op(self.visit(node.operand))

    def visit_Compare(self, node):
        left = self.visit(node.left)
        for op_node, right_node in zip(node.ops, node.comparators, strict=True):
            op = COMPARE.get(type(op_node))
            if op is None:
                raise UnsafeExpression(
                    f"comparison {type(op_node).__name__} is not allowed"
                )
            right = self.visit(right_node)
            if not op(left, right):
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
        return func(*args, **kwargs)

    def visit_Attribute(self, node):
        if node.attr.startswith("_"):
            raise UnsafeExpression(f"attribute {node.attr!r} is not allowed")
        return getattr(self.visit(node.value), node.attr)

    def visit_Subscript(self, node):
        return self.visit(node.value)[self.visit(node.slice)]

    def visit_Slice(self, node):
        parts = (node.lower, node.upper, node.step)
        return slice(*(None if p is None else self.visit(p) for p in parts))

    def visit_Tuple(self, node):
        return tuple(self.visit(e) for e in node.elts)

    def visit_List(self, node):
        return [self.visit(e) for e in node.elts]


def format_value(value, spec: str | None) -> str:
    """`value` formatted with a Python format spec; 4 significant digits by default."""
    if not isinstance(value, Real):
        raise TypeError(f"gives a {type(value).__name__}, not a number")
    if spec is None:
        if isinstance(value, float):
            return format(value, ".4g")
        return str(value)
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
    try:
        value = evaluate(expression, namespace)
    except UnsafeExpression as exc:
        raise AuthorError(f"expression {expression!r}: {exc}") from exc
    except Exception as exc:  # an error inside a course function: report it
        raise AuthorError(
            f"expression {expression!r} failed: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(value, Real):
        raise AuthorError(
            f"expression {expression!r} gives a {type(value).__name__}, not a number",
            allowed="a number; take .x, .y or .value of a point",
        )
    try:
        return format_value(value, spec)
    except (ValueError, TypeError) as exc:
        raise AuthorError(
            f"expression {expression!r}: format {spec!r} does not apply to "
            f"{type(value).__name__} ({exc})",
            allowed="a Python format spec such as .3f, .1%, d, .2e",
        ) from exc


def expand_line(line: str, namespace: dict) -> str:
    """Every `{{ }}` of one line replaced, except inside inline code spans."""
    if "{{" not in line:
        return line
    out, last = [], 0
    for code in INLINE_CODE.finditer(line):
        out.append(_expand_plain(line[last : code.start()], namespace))
        out.append(code.group(0))
        last = code.end()
    out.append(_expand_plain(line[last:], namespace))
    return "".join(out)


def _expand_plain(text: str, namespace: dict) -> str:
    expanded = EXPRESSION.sub(lambda m: render(m.group(1), namespace), text)
    if "{{" in EXPRESSION.sub("", text):
        raise AuthorError(
            "'{{' is not closed on the same line",
            allowed="a computed number on one line: {{ expr :fmt }}",
        )
    return expanded
