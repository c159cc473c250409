"""Numbered figures, equations and problems, and references to them.

A page's front matter may give its `chapter: 13` (a whole number >= 1, one
page's only); its figures, labelled equations and problems are then numbered
13.1, 13.2, ... in order. Pages without a chapter (the glossary's entries)
share one sequence across the course, in the order of their paths, prefixed
G: Figure G.1, G.2, ..., so no two figures anywhere print the same label.
Labels:

- a figure block's id: `@fig:ch13-surface-3d`;
- a display equation ending in `$$ {#eq:bce}`: `@eq:bce`;
- a problem block (```problem) by its id, `@prob:its-id`; a problem
  admonition `!!! question "Problem {#prob:two-steps}"`: `@prob:two-steps`;
- a page with a chapter by its file name: `@ch:loss-landscape`, "Chapter 13".

`@fig:id` (or `[@fig:id]`) on any page becomes a link "Figure 13.2"; a label
that does not exist is an AuthorError at the referring line."""

from __future__ import annotations

import copy
import functools
import posixpath
import re
from dataclasses import dataclass, field

import yaml

from .errors import AuthorError, listing
from .fences import find_fences
from .inline import outside_code, prose

UNCHAPTERED = "G"  # the prefix of numbers on pages without a chapter
WORDS = {"fig": "Figure", "eq": "Equation", "prob": "Problem", "ch": "Chapter"}
NAME = r"[A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?"
REFERENCE = re.compile(
    rf"(?<![\w@])(?P<open>\[)?@(?P<kind>fig|eq|prob|ch):(?P<name>{NAME})(?(open)\])"
)
PROBLEM = re.compile(
    r'^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)\s+question\s+"Problem'
    r"(?:\s+\d+(?:\.\d+)?)?\s*(?:\{#prob:(?P<label>[^}]*)\})?(?P<rest>[^\"]*)\"\s*$"
)
LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<target>[^)\s]*)")  # [text](target
EQUATION = re.compile(r"^(?P<math>.*\$\$)\s*\{#eq:(?P<label>[^}]*)\}\s*$")
LABEL_NAME = re.compile(rf"^{NAME}$")
ANCHOR = '<div class="ll-anchor" id="{anchor}"></div>'
PROBLEM_BLOCK = "problem"  # lessonkit.problems.INFO
BLOCK_ID = re.compile(r"^id:\s*([a-z0-9-]+)\s*$")
QUICK_CHECK = re.compile(r"^numbered:\s*(?:false|False|FALSE)\s*$")


@dataclass(frozen=True)
class Label:
    kind: str  # "fig", "eq", "prob" or "ch" (a page with a chapter)
    name: str  # "ch13-surface-3d"
    number: str  # "13.2"
    src: str  # the page, e.g. "lessons/loss-landscape.md"
    line: int  # 1-based line of the figure block, equation or problem
    file: str  # the page as errors show it, e.g. "docs/lessons/loss-landscape.md"
    block: bool = False  # a ```problem block, not an admonition

    @property
    def anchor(self) -> str:
        # A problem block's HTML id is "problem-<id>" (lessonkit.problem_html).
        if self.kind == "ch":
            return ""  # the page itself
        return f"problem-{self.name}" if self.block else f"{self.kind}-{self.name}"

    @property
    def text(self) -> str:
        return f"{WORDS[self.kind]} {self.number}"


@dataclass
class PageNumbers:
    """A page's numbered things in order: (label name or None, number)."""

    chapter: int | None = None
    fig: list = field(default_factory=list)
    eq: list = field(default_factory=list)
    prob: list = field(default_factory=list)
    before: dict = field(default_factory=dict)  # kind -> count on earlier G pages

    def next_number(self, kind: str) -> str:
        n = self.before.get(kind, 0) + len(getattr(self, kind)) + 1
        prefix = UNCHAPTERED if self.chapter is None else self.chapter
        return f"{prefix}.{n}"


@dataclass
class Labels:
    by_name: dict = field(default_factory=dict)  # "fig:id" -> Label
    pages: dict = field(default_factory=dict)  # src -> PageNumbers


def front_matter_end(lines: list[str]) -> int:
    """Index of the first line after the front matter (0 if there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0


def front_matter(text: str, file: str) -> dict:
    """The YAML front matter of a page ({} if none): a copy of its one parse."""
    lines = text.split("\n")
    end = front_matter_end(lines)
    if end == 0:
        return {}
    try:
        data = _parsed_yaml("\n".join(lines[1 : end - 1]))
    except yaml.YAMLError as exc:
        raise AuthorError(
            f"front matter is not valid YAML: {exc}", file=file, line=1
        ) from None
    return copy.deepcopy(data) if isinstance(data, dict) else {}


@functools.lru_cache(maxsize=1024)
def _parsed_yaml(block: str):
    """A build asks for a page's front matter several times (chapter, title,
    glossary): YAML reads each block once (an error is not kept)."""
    return yaml.safe_load(block)


def chapter_of(text: str, file: str) -> int | None:
    """The front matter's chapter; None without one (`chapter:` left empty
    is an error, not "no chapter")."""
    meta = front_matter(text, file)
    if "chapter" not in meta:
        return None
    value = meta["chapter"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AuthorError(
            f"{value!r} is not a chapter number",
            file=file,
            line=chapter_line(text),
            field="chapter",
            allowed="a whole number >= 1, e.g. chapter: 13",
        )
    return value


def chapter_line(text: str) -> int:
    """The 1-based line of the front matter's `chapter:` (1 if not found)."""
    lines = text.split("\n")[: front_matter_end(text.split("\n"))]
    return next((i + 1 for i, x in enumerate(lines) if x.startswith("chapter:")), 1)


def _check_name(name: str, kind: str, file: str, line: int) -> str:
    if not LABEL_NAME.match(name):
        raise AuthorError(
            f"{{#{kind}:{name}}} is not a label",
            file=file,
            line=line,
            field="label",
            allowed="letters, digits and hyphens, e.g. {#" + kind + ":two-steps}",
        )
    return name


def collect(pages, figure_id) -> Labels:
    """Number every page's figures, labelled equations and problems (pages
    without a chapter continuing one G sequence, in the order given).
    `figure_id(fence, file)` gives the id of a figure fence."""
    labels = Labels()
    unchaptered = {"fig": 0, "eq": 0, "prob": 0}  # numbered so far on G pages
    for page in pages:
        numbers = PageNumbers(chapter_of(page.text, page.file))
        labels.pages[page.src] = numbers
        if numbers.chapter is not None:
            _add(labels, _chapter_label(page, numbers.chapter))
        else:
            numbers.before = dict(unchaptered)
        for i, kind, name, block in _numbered(page, figure_id):
            number = numbers.next_number(kind)
            getattr(numbers, kind).append((name, number))
            if name is not None:
                label = Label(kind, name, number, page.src, i + 1, page.file, block)
                _add(labels, label)
        if numbers.chapter is None:
            unchaptered = {
                k: v + len(getattr(numbers, k)) for k, v in unchaptered.items()
            }
    return labels


def _numbered(page, figure_id) -> list[tuple[int, str, str | None, bool]]:
    """(line index, kind, label name or None, a problem block?) of each
    numbered thing of the page, in order."""
    lines = page.text.split("\n")
    found = []
    fences = find_fences(lines)
    for fence in fences:
        info = fence.info.split()[:1]
        if info == ["figure"]:
            found.append((fence.start, "fig", figure_id(fence, page.file), False))
        elif info == [PROBLEM_BLOCK] and not _quick_check(fence):
            found.append((fence.start, "prob", _block_id(fence), True))
    inside = {i for f in fences for i in range(f.start, f.end)}
    inside.update(range(front_matter_end(lines)))
    for i, line in enumerate(lines):
        if i in inside:
            continue
        if match := PROBLEM.match(line):
            name = match["label"]
            if name is not None:
                name = _check_name(name.strip(), "prob", page.file, i + 1)
            found.append((i, "prob", name, False))
        elif match := EQUATION.match(line):
            name = _check_name(match["label"].strip(), "eq", page.file, i + 1)
            found.append((i, "eq", name, False))
    return sorted(found, key=lambda x: x[0])


def _add(labels: Labels, label: Label) -> None:
    """Record `label`; a label used twice is an AuthorError (a figure may
    recur on other pages)."""
    key = f"{label.kind}:{label.name}"
    if label.kind == "ch":
        _check_chapters_unique(labels, label)
    other = labels.by_name.get(key)
    if other is None:
        labels.by_name[key] = label
    elif label.kind != "fig" or other.src == label.src:
        raise AuthorError(
            f"label {key!r} is already used in {other.file}:{other.line}",
            file=label.file,
            line=label.line,
            field="label",
        )


def _chapter_label(page, chapter: int) -> Label:
    """`@ch:<file name>` refers to a page with a chapter: "Chapter 13"."""
    name = posixpath.splitext(posixpath.basename(page.src))[0]
    line = chapter_line(page.text)
    return Label("ch", name, str(chapter), page.src, line, page.file)


def _check_chapters_unique(labels: Labels, label: Label) -> None:
    """Two pages with one chapter number would print the same "Figure 14.1"."""
    chapters = [x for x in labels.by_name.values() if x.kind == "ch"]
    other = next((x for x in chapters if x.number == label.number), None)
    if other is not None:
        free = max(int(x.number) for x in chapters) + 1
        raise AuthorError(
            f"{other.file}:{other.line} has chapter {label.number} too",
            file=label.file,
            line=label.line,
            field="chapter",
            allowed=f"a number no other page has, e.g. chapter: {free}",
        )


def _block_id(fence) -> str | None:
    """The `id:` of a problem block (lessonkit.problems validates it)."""
    for line in fence.body:
        if match := BLOCK_ID.match(line):
            return match[1]
    return None


def _quick_check(fence) -> bool:
    """A problem block with `numbered: false` (lessonkit.problems) has no number."""
    return any(QUICK_CHECK.match(line) for line in fence.body)


def href(from_src: str, label: Label) -> str:
    """A Markdown link target from page `from_src` to the label's anchor."""
    if label.src == from_src and label.anchor:
        return f"#{label.anchor}"
    path = posixpath.relpath(label.src, posixpath.dirname(from_src) or ".")
    return f"{path}#{label.anchor}" if label.anchor else path


def names_in(line: str) -> list[tuple[str, str]]:
    """(kind, name) of each reference in a line of prose."""
    return [(m["kind"], m["name"]) for m in REFERENCE.finditer(prose(line))]


def render(line: str, src: str, labels: Labels, file: str, lineno: int) -> str:
    """`line` with each @fig:/@eq:/@prob:/@ch: reference as a numbered link;
    inside the text of a Markdown link, as its text alone (links do not
    nest): `[@ch:opt · Optimizers](opt.md)` is one link "Chapter 14 ·
    Optimizers", whose target must be the chapter's page."""

    def rewrite(text: str) -> str:
        links = [
            (m.start("text"), m.end("text"), m["target"]) for m in LINK.finditer(text)
        ]

        def link(match) -> str:
            label = _label(labels, match, file, lineno)
            at = match.start("kind")
            around = next((t for a, b, t in links if a <= at < b), None)
            if around is None:
                return f"[{label.text}]({href(src, label)})"
            _check_link_target(label, around, src, file, lineno)
            return f"[{label.text}]" if match["open"] else label.text

        return REFERENCE.sub(link, text)

    return outside_code(line, rewrite)


def _label(labels: Labels, match: re.Match, file: str, lineno: int) -> Label:
    key = f"{match['kind']}:{match['name']}"
    label = labels.by_name.get(key)
    if label is None:
        same = sorted(k for k in labels.by_name if k.startswith(match["kind"]))
        raise AuthorError(
            f"reference to a missing label {key!r}",
            file=file,
            line=lineno,
            field="reference",
            allowed=listing(same) or "no such labels exist yet",
        )
    return label


def _check_link_target(label: Label, target: str, src: str, file: str, lineno: int):
    """A chapter named in a link's text is the page the link opens: "Chapter
    14 · Optimizers" linking to another lesson is a slip."""
    path = target.split("#")[0]
    if label.kind != "ch" or not path.endswith(".md") or path.startswith("/"):
        return
    if posixpath.normpath(posixpath.join(posixpath.dirname(src), path)) != label.src:
        raise AuthorError(
            f"@ch:{label.name} is in the text of a link to {path!r}, not to its "
            "own page",
            file=file,
            line=lineno,
            field="reference",
            allowed=f"a link to {href(src, label)!r}, e.g. "
            f"[@ch:{label.name} · Title]({href(src, label)})",
        )


def anchor_lines(indent: str, kind: str, name: str) -> list[str]:
    """A raw-HTML anchor before a numbered equation or problem."""
    return [indent + ANCHOR.format(anchor=f"{kind}-{name}"), ""]


def problem_title(match: re.Match, number: str) -> str:
    rest = match["rest"].rstrip()
    if rest and not rest.startswith((":", ".", " ")):
        rest = " " + rest
    return f'{match["indent"]}{match["marker"]} question "Problem {number}{rest}"'


def tagged_equation(match: re.Match, number: str) -> str:
    """The display math with `\\tag{13.1}` before its closing `$$`."""
    math = match["math"]
    return f"{math[:-2].rstrip()} \\tag{{{number}}}$$"
