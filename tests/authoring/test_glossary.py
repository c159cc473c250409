"""Glossary links carry their entry's summary; the check finds first uses of
a term that are not linked."""

from __future__ import annotations

from lessonkit import build, check

from .helpers import expand_all, write

ENTRY = """\
---
title: Loss function
description: "Loss function: the rule that turns mistakes into one number."
---
# Loss function

A [gradient](gradient.md) is not a loss function.
"""
GRADIENT = """\
---
title: Gradient
description: "Gradient: which way is uphill, and how steep."
---
# Gradient
"""
LESSON = """\
# Lesson

## The loss function

The loss function scores mistakes; see [loss functions](../glossary/loss-function.md).
A [gradient](../glossary/gradient.md#top) points uphill. `gradient` in code.
"""


def course(tmp_path):
    return write(
        tmp_path / "docs",
        {
            "glossary/loss-function.md": ENTRY,
            "glossary/gradient.md": GRADIENT,
            "glossary/index.md": "# Glossary\n",
            "lessons/a.md": LESSON,
        },
        bib=None,
    )


def test_links_to_entries_carry_the_summary(tmp_path):
    pages, _ = expand_all(course(tmp_path))
    lesson = pages["lessons/a.md"]
    assert (
        "[loss functions](../glossary/loss-function.md)"
        '{ .ll-term data-summary="Loss function: the rule that turns mistakes into '
        'one number." }'
    ) in lesson
    assert '(../glossary/gradient.md#top){ .ll-term data-summary="Gradient: which' in (
        lesson
    )
    entry = pages["glossary/loss-function.md"]
    assert '[gradient](gradient.md){ .ll-term data-summary="Gradient:' in entry


def test_check_lists_first_uses_that_are_not_linked(tmp_path):
    docs = course(tmp_path)
    lines = check.report(docs)
    lesson = docs / "lessons" / "a.md"
    # The heading does not count; line 5 uses "loss function" before linking it.
    assert (
        f"{lesson}:5: first use of 'Loss function' is not linked to its glossary "
        "entry (glossary/loss-function.md)"
    ) in lines
    assert not any("'Gradient'" in line and "lessons" in line for line in lines)
    assert f"{docs / 'glossary' / 'loss-function.md'}:7" not in "".join(lines)
    assert len(build.read_pages(docs)) == 4
