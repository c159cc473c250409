"""Reading and judging typed answers, against hand-worked cases, and the
browser's twin (docs/javascripts/answers.js, run under Node) agreeing with
lessonkit.answers on every case."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lessonkit import answers
from lessonkit.answers import parse, tolerance

ROOT = Path(__file__).resolve().parents[2]
ANSWERS_JS = ROOT / "docs" / "javascripts" / "answers.js"

# (typed, count) -> numbers read, worked out by hand
READS = [
    ("0.105", 1, (0.105,)),
    (".105", 1, (0.105,)),
    ("1.05e-1", 1, (0.105,)),
    ("1.05E-1", 1, (0.105,)),
    ("-0.5", 1, (-0.5,)),
    ("+2", 1, (2.0,)),
    ("3.", 1, (3.0,)),
    ("  7  ", 1, (7.0,)),
    ("\u22120.5", 1, (-0.5,)),  # the minus sign that typeset math shows
    ("3.4, 3.8", 2, (3.4, 3.8)),
    ("3.4,3.8", 2, (3.4, 3.8)),
    ("3.4 3.8", 2, (3.4, 3.8)),
    ("3.4 ,  -3.8", 2, (3.4, -3.8)),
    ("3.4; 3.8", 2, (3.4, 3.8)),
    ("(3.4, 3.8)", 2, (3.4, 3.8)),
    ("[1 2 3]", 3, (1.0, 2.0, 3.0)),
    ("1e3", 1, (1000.0,)),
]
# (typed, count) -> error code and the token that is not a number
ERRORS = [
    ("", 1, "empty", None),
    ("   ", 1, "empty", None),
    ("()", 2, "empty", None),
    ("abc", 1, "number", "abc"),
    ("0.1.5", 1, "number", "0.1.5"),
    ("1/3", 1, "number", "1/3"),
    ("e5", 1, "number", "e5"),
    ("1e", 1, "number", "1e"),
    ("--1", 1, "number", "--1"),
    ("0x10", 1, "number", "0x10"),
    ("inf", 1, "number", "inf"),
    ("nan", 1, "number", "nan"),
    ("1e999", 1, "number", "1e999"),  # overflows to infinity
    ("1_000", 1, "number", "1_000"),
    ("1,,2", 2, "number", ""),
    ("0,105", 1, "count", None),  # a decimal comma reads as two numbers
    ("3.4", 2, "count", None),
    ("1, 2, 3", 2, "count", None),
]


@pytest.mark.parametrize(("typed", "count", "values"), READS)
def test_parse_reads_the_numbers(typed, count, values):
    result = parse(typed, count)
    assert result.error is None
    assert result.values == pytest.approx(values, rel=0, abs=0)


@pytest.mark.parametrize(("typed", "count", "error", "bad"), ERRORS)
def test_parse_names_what_cannot_be_read(typed, count, error, bad):
    result = parse(typed, count)
    assert (result.error, result.bad) == (error, bad)


# Tolerances worked by hand: the largest of abs_tol, rel_tol * |v| (1 % when
# neither is given) and half a unit of the last shown decimal.
@pytest.mark.parametrize(
    ("expected", "kwargs", "tol"),
    [
        (0.10536, {}, 0.0010536),  # 1 % of 0.10536 beats 0.0005
        (0.01, {}, 0.0005),  # 1 % is 0.0001; rounding to 3 decimals wins
        (0.0, {}, 0.0005),  # an expected zero still has the rounding allowance
        (22.0, {"decimals": 0}, 0.5),  # a whole number: 21.6 rounds to 22
        (2.302585, {"abs_tol": 0.01}, 0.01),  # abs_tol alone: no 1 % default
        (2.302585, {"abs_tol": 1e-6}, 0.0005),  # rounding is always accepted
        (200.0, {"rel_tol": 0.05}, 10.0),
        (200.0, {"rel_tol": 0.05, "abs_tol": 20.0}, 20.0),
        (-4.0, {"rel_tol": 0.1, "decimals": 1}, 0.4),  # size, not sign
    ],
)
def test_tolerance_rule(expected, kwargs, tol):
    assert tolerance(expected, **kwargs) == pytest.approx(tol, rel=1e-12)


# (typed value, expected, tolerance) -> verdict, by hand
VERDICTS = [
    (0.105, 0.10536, 0.0010536, "correct"),
    (0.1054, 0.10536, 0.0010536, "correct"),
    (0.104, 0.10536, 0.0010536, "near"),  # 0.00136 off: more than 1 %
    (-0.105, 0.10536, 0.0010536, "sign"),
    (10.5, 0.10536, 0.0010536, "scale"),  # typed as a percentage
    (1.05, 0.10536, 0.0010536, "scale"),  # decimal point slipped
    (0.11, 0.10536, 0.0010536, "near"),  # off by 0.0046 < 5 tol = 0.0053
    (0.12, 0.10536, 0.0010536, "wrong"),
    (2.3, 2.302585, 0.0005, "wrong"),  # 0.0026 off: more than 5 x 0.0005
    (2.301, 2.302585, 0.0005, "near"),  # 0.0016 off: within 5 x 0.0005
    (2.303, 2.302585, 0.0005, "correct"),
    (0.0, 0.0, 0.0005, "correct"),
    (-0.0004, 0.0, 0.0005, "correct"),
    (0.0, 3.0, 0.03, "wrong"),  # zero is never a scaled or sign-flipped answer
    (22.0, 22.0, 0.5, "correct"),
    (21.5, 22.0, 0.5, "correct"),  # exactly on the edge: counts
    (21.4, 22.0, 0.5, "near"),
]


@pytest.mark.parametrize(("value", "expected", "tol", "verdict"), VERDICTS)
def test_judge(value, expected, tol, verdict):
    assert answers.judge(value, expected, tol) == verdict


def test_vectors_are_judged_component_by_component():
    assert answers.judge_all((3.4, -3.8), (3.4, 3.8), (0.05, 0.05)) == [
        "correct",
        "sign",
    ]


@pytest.mark.parametrize(
    ("selected", "correct", "verdict"),
    [
        ([1], [1], "correct"),
        ([0], [1], "wrong"),
        ([0, 2], [0, 2], "correct"),
        ([2], [0, 2], "near"),  # right so far, one missing
        ([0, 1], [0, 2], "wrong"),  # one wrong choice is wrong
        ([], [1], "wrong"),
    ],
)
def test_judge_choices(selected, correct, verdict):
    assert answers.judge_choices(selected, correct) == verdict


# The browser's twin -------------------------------------------------------------


def _cases() -> dict:
    return {
        "parse": [[t, n] for t, n, *_ in READS + ERRORS],
        "judge": [[v, e, t] for v, e, t, _ in VERDICTS],
        "choices": [[[0], [1]], [[2], [0, 2]], [[0, 2], [2, 0]], [[0, 1], [0, 2]]],
    }


def _python(cases: dict) -> dict:
    return {
        "parse": [
            {
                "values": list(r.values) if r.error in (None, "count") else [],
                "error": r.error,
                "bad": r.bad,
            }
            for r in (parse(t, n) for t, n in cases["parse"])
        ],
        "judge": [answers.judge(*c) for c in cases["judge"]],
        "choices": [answers.judge_choices(*c) for c in cases["choices"]],
    }


NODE_SCRIPT = """
const api = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({
  parse: cases.parse.map(([t, n]) => api.parse(t, n)),
  judge: cases.judge.map(([v, e, t]) => api.judge(v, e, t)),
  choices: cases.choices.map(([s, c]) => api.judgeChoices(s, c)),
}));
"""


def test_the_browser_twin_agrees_on_every_case():
    node = shutil.which("node")
    assert node, "Node is part of the set-up (make setup); it runs answers.js"
    cases = _cases()
    run = subprocess.run(
        [node, "-e", NODE_SCRIPT, str(ANSWERS_JS)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout) == _python(cases)
