"""A fuzz test of the build (issue 10): Hypothesis writes random figure blocks
and `{{ }}` expressions into a page; every build either succeeds or fails with
an author error, within a time bound, and writes nothing outside its output
folder. Derandomized, so CI sees the same examples every run."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lessonkit import build, calc
from lessonkit.errors import AuthorError
from lessonkit.timelimit import TimeLimitExceeded, time_limit

from .conftest import tree

BOUND = 60  # seconds: a hang guard for one build, far above any real one

SURFACES = ["booth", "himmelblau", "rosenbrock"]
# Values of every kind: fine ones, edge ones, hostile ones.
ODD = st.one_of(
    st.sampled_from(
        [None, True, "No", "1e-3", "{{ 1 }}", "<!--<script>", 2024, "two_valleys"]
    ),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.integers(-5, 5), max_size=4),
)


def mostly(good):
    """`good` 39 times in 40, an odd value otherwise (Hypothesis starts from
    the smallest draw, 0: that one is good)."""
    return st.integers(0, 39).flatmap(lambda n: ODD if n == 39 else good)


RANGE = st.lists(st.floats(-8, 8), min_size=2, max_size=2).map(sorted)
RUN = st.fixed_dictionaries(
    {
        "name": mostly(st.sampled_from(["sgd", "adam", "rmsprop", "adagrad"])),
        "lr": mostly(st.floats(0.0001, 2)),
        "start": mostly(st.lists(st.floats(-6, 6), min_size=2, max_size=2)),
        "steps": mostly(st.integers(1, 60)),
    },
    optional={"momentum": mostly(st.floats(0, 0.99)), "bogus": ODD},
)
BLOCK = st.fixed_dictionaries(
    {
        "id": mostly(st.just("fz")),  # made unique per page below
        "title": mostly(st.text(min_size=1, max_size=40)),
        "alt": mostly(st.text(min_size=1, max_size=40)),
        "surface": mostly(st.sampled_from(SURFACES)),
        "view": mostly(st.sampled_from(["contour", "line", "surface", "animation"])),
        "resolution": mostly(st.integers(11, 21)),
    },
    optional={
        "description": mostly(st.text(max_size=40)),
        "kind": mostly(st.sampled_from(["static", "interactive"])),
        "x": mostly(RANGE),
        "y": mostly(RANGE),
        "optimizers": mostly(st.lists(RUN, min_size=1, max_size=2)),
        "markers": mostly(st.sampled_from(["minima", "global", "none"])),
        "timeout": mostly(st.integers(30, 120)),
    },
)

NAMES = st.sampled_from([*sorted(calc.NAMESPACE), "open", "__import__", "x"])
GOOD = st.sampled_from(
    [
        "bce(1, 0.9)",
        "surface_value('himmelblau', 0, 0)",
        "gd_step('booth', 1, 1, 0.1).x",
        "sgd_path('rosenbrock', -1, 1, 0.001, 50, momentum=0.9).value",
        "hessian_entry('booth', 0, 0, 1, 1)",
    ]
)
ATOM = st.one_of(
    GOOD,
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(["10**400", "1e400", "2**0.5", "(10**512)**512", "True"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(SURFACES).map(repr),
    NAMES,
)


def _combine(children):
    return st.one_of(
        st.tuples(
            children, st.sampled_from(list("+-*/%<") + ["**", "//", "=="]), children
        ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(NAMES, st.lists(children, max_size=4)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(
            children, st.sampled_from([".x", ".value", "[0]", "._x", ".__class__"])
        ).map("".join),
        children.map(lambda c: f"-{c}"),
    )


EXPRESSION = st.integers(0, 2).flatmap(
    lambda n: st.recursive(ATOM, _combine, max_leaves=8) if n == 2 else GOOD
)
SPEC = st.sampled_from(["", " :.3f", " :.2e", " :>300000000", " :.5000e", " :q", " :,"])
NOISE = st.sampled_from(["", "`", "``", "{{", "}}", "`{{ 1 }}`", "    {{ 1 }}", "$"])


@st.composite
def pages(draw) -> str:
    parts = ["---", "title: Fuzz", "---", "", "# Fuzz", ""]
    for i in range(draw(st.integers(0, 2))):
        block = draw(BLOCK)
        if block["id"] == "fz":
            block["id"] = f"fz-{i}"
        parts += [
            "```figure",
            yaml.safe_dump(block, sort_keys=False).rstrip(),
            "```",
            "",
        ]
    for _ in range(draw(st.integers(0, 2))):
        expression = draw(EXPRESSION) + draw(SPEC)
        parts.append(f"{draw(NOISE)} value {{{{ {expression} }}}} {draw(NOISE)}")
    return "\n".join(parts) + "\n"


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(page=pages())
def test_any_page_builds_or_fails_with_an_author_error(page, no_lessons):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        docs = root / "docs"
        docs.mkdir()
        (docs / "fuzz.md").write_text(page, encoding="utf-8")
        (root / "sentinel.txt").write_text("outside the build")
        before = tree(root)
        try:
            with time_limit(BOUND):
                report = build.run(
                    docs, root / "build", quiet=True, namespace=calc.NAMESPACE
                )
            event(f"built, {len(report.rebuilt)} figure(s)")
        except AuthorError as error:
            event("author error: " + (error.field or error.message)[:20])
            assert str(error)  # names what was wrong
            assert len(str(error)) <= 2100
        except TimeLimitExceeded as error:
            raise AssertionError(f"the build hung on:\n{page}") from error
        after = tree(root)
        outside = {p for p in after if not p.startswith("build/")}
        assert {p: after[p] for p in outside} == before  # docs/ untouched too
