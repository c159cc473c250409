"""A problem as page Markdown: Material's `question` box holding the statement,
the answer form (shown by docs/javascripts/problems.js), the hints and the
solution as `<details>`. `md_in_html` renders the Markdown inside, so math and
links work as anywhere else; without JavaScript the box still reads as a
problem with collapsible hints and solution."""

from __future__ import annotations

import json
from html import escape

from . import numbers
from .errors import AuthorError
from .problems import Problem, line_of

LETTERS = "ABCDEFGH"


def heading(problem: Problem, number: int | str | None) -> str:
    """'Problem 2', 'Problem 2: Its title' or, unnumbered, 'Quick check: Its title'."""
    name = "Quick check" if number is None else f"Problem {number}"
    return name + (f": {problem.title}" if problem.title else "")


def expand_text(problem: Problem, path: str, text: str, namespace) -> list[str]:
    """The Markdown of a text field with its `{{ }}` computed, as lines."""
    out = []
    for offset, line in enumerate(text.rstrip("\n").split("\n")):
        if "{{" in line:
            if namespace is None:
                raise AuthorError(
                    "computed numbers need lessonkit/calc.py (NAMESPACE)",
                    file=problem.file,
                    line=line_of(problem, path, offset),
                )
            try:
                line = numbers.expand_line(line, namespace)
            except AuthorError as exc:
                raise exc.at(problem.file, line_of(problem, path, offset)) from None
        out.append(line)
    return out


def answer_lines(problem: Problem) -> list[str]:
    """The answer as the solution and the answer key state it, in Markdown."""
    if problem.choices:
        right = [f"{LETTERS[i]}" for i, c in enumerate(problem.choices) if c.correct]
        return [f"**Answer:** {', '.join(right)}."]
    lines = []
    for answer in problem.answers:
        names = f" = ({', '.join(answer.names)})" if answer.names else ""
        lines.append(f"**{escape(answer.label)}**{names}: **{answer.shown()}**  ")
    lines[-1] = lines[-1].rstrip()
    return lines


def choice_notes(problem: Problem, namespace, *, tag: str = "ol") -> list[str]:
    """Each choice with whether it is right and why (solution and answer key)."""
    out = [f'<{tag} class="ll-choice-notes" type="A" markdown="block">']
    for i, choice in enumerate(problem.choices):
        verdict = "Right" if choice.correct else "Not right"
        why = " ".join(expand_text(problem, f"choices[{i}].why", choice.why, namespace))
        text = " ".join(
            expand_text(problem, f"choices[{i}].text", choice.text, namespace)
        )
        out.append(
            f'<li markdown="span" data-choice="{i}" '
            f'data-right="{str(choice.correct).lower()}">'
            f'{text} <strong>{verdict}.</strong> <span class="ll-choice-notes__why">'
            f"{why}</span></li>"
        )
    out.append(f"</{tag}>")
    return out


# Long by intent: the problem's HTML top to bottom as the reader sees it.
def render(
    problem: Problem,
    number: int | str | None,
    namespace,
    page_figures: dict | None = None,
) -> list[str]:
    """The problem box in a page, as Markdown lines (md_in_html);
    `page_figures` maps the ids of the figures on the page to their titles."""
    pid = problem.id
    kind = "choice" if problem.choices else "numeric"
    attrs = f'id="problem-{pid}" data-problem="{pid}" data-kind="{kind}"'
    if problem.choices:
        correct = [i for i, c in enumerate(problem.choices) if c.correct]
        attrs += f' data-correct="{_json(correct)}"'
    out = [
        f'<div class="admonition question ll-problem" {attrs} markdown="block">',
        f'<p class="admonition-title" markdown="span">{heading(problem, number)}</p>',
        "",
        *expand_text(problem, "statement", problem.statement, namespace),
        "",
    ]
    if problem.check_with:
        out += [*_check_with(problem, page_figures or {}), ""]
    if problem.choices:
        several = problem.several_correct
        out += [
            '<p class="ll-choices__prompt">'
            + ("Choose every correct answer." if several else "Choose one answer.")
            + "</p>",
            "",
            f'<ol class="ll-choices" type="A" data-several="{str(several).lower()}" '
            'markdown="block">',
        ]
        for i, choice in enumerate(problem.choices):
            text = expand_text(problem, f"choices[{i}].text", choice.text, namespace)
            out.append(f'<li markdown="span">{" ".join(text)}</li>')
        out += ["</ol>", ""]
    out += [*_form(problem), ""]
    out.append('<div class="ll-problem__work" aria-hidden="true"></div>')
    out.append("")
    for i, hint in enumerate(problem.hints):
        out += [
            '<details class="tip ll-hint" markdown="block">',
            f"<summary>Hint {i + 1} of {len(problem.hints)}</summary>",
            "",
            *expand_text(problem, f"hints[{i}]", hint, namespace),
            "",
            "</details>",
            "",
        ]
    out += [
        '<details class="success ll-solution" markdown="block">',
        "<summary>Solution</summary>",
        "",
        *answer_lines(problem),
        "",
    ]
    if problem.choices:
        out += [*choice_notes(problem, namespace), ""]
    out += [
        *expand_text(problem, "solution", problem.solution, namespace),
        "",
        "</details>",
        "</div>",
    ]
    return out


def _check_with(problem: Problem, page_figures: dict) -> list[str]:
    figure = problem.check_with
    if figure not in page_figures:
        raise AuthorError(
            f"figure {figure!r} is not shown on this page",
            file=problem.file,
            line=line_of(problem, "check_with", 0),
            field="check_with",
            allowed="the id of a figure block on the same page: "
            + (", ".join(sorted(page_figures)) or "(this page has none)"),
        )
    title = escape(page_figures[figure] or "the figure")
    return [
        '<p class="ll-problem__predict" markdown="span">**Predict first**, then '
        f'check with the figure <a href="#fig-{figure}">{title}</a>.</p>'
    ]


def _form(problem: Problem) -> list[str]:
    """The answer boxes and buttons; hidden until the page script runs."""
    pid = problem.id
    out = [f'<form class="ll-problem__form" data-for="{pid}" hidden>']
    for i, answer in enumerate(problem.answers):
        box = f"{pid}-answer-{i}"
        n = len(answer.expected)
        example = (
            "one number, e.g. 0.25"
            if n == 1
            else (
                f"{n} numbers ({', '.join(answer.names)}) separated by a comma, e.g. "
                + ", ".join(["1.5", "-2", "0.5", "3", "-1", "4"][:n])
            )
        )
        out += [
            '<div class="ll-answer">',
            f'<label for="{box}">{escape(answer.label)}</label>',
            f'<input id="{box}" class="ll-answer__input" type="text" '
            'autocomplete="off" autocapitalize="off" spellcheck="false" '
            f'aria-describedby="{box}-format" '
            f'data-expect="{_json(answer.expected)}" '
            f'data-tol="{_json(answer.tolerances)}" '
            f'data-names="{_json(answer.names)}">',
            f'<span class="ll-answer__format" id="{box}-format">{example}</span>',
            "</div>",
        ]
    hint_button = (
        f'<button type="button" class="ll-button" data-action="hint">'
        f"Hint 1 of {len(problem.hints)}</button>"
        if problem.hints
        else ""
    )
    out += [
        '<div class="ll-problem__actions">',
        '<button type="submit" class="ll-button ll-button--primary">Check</button>',
        *([hint_button] if hint_button else []),
        '<button type="button" class="ll-button" data-action="solution">'
        "Show solution</button>",
        "</div>",
        '<div class="ll-problem__feedback" role="status" aria-live="polite"></div>',
        "</form>",
    ]
    return out


def _json(values) -> str:
    """A list as JSON, escaped for a double-quoted HTML attribute."""
    return escape(json.dumps(list(values)), quote=True)
