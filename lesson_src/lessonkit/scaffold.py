"""A new lesson from a title: a Markdown page with a sample figure block and a
practice problem, and its entry in the nav of mkdocs.yml (a text edit that
keeps every comment and line of the file)."""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import atomic, calc, crossref
from .errors import AuthorError, listing
from .spec import ID_PATTERN

LESSONS_DIR = "lessons"  # pages go to <docs>/lessons/<slug>.md
NAV_KEY = re.compile(r"^nav:[ \t]*(?:#.*)?$")
ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+(?P<rest>.*?)[ \t]*$")
ID_LINE = re.compile(r"^id:[ \t]*[\"']?([a-z0-9-]+)", re.MULTILINE)
# The computed numbers of the sample problem: calc functions it calls.
SAMPLE_FUNCTIONS = ("surface_value", "surface_grad", "gd_step")

PAGE = r"""---
title: @TITLE_YAML@
description: @DESCRIPTION_YAML@
---

# @TITLE@

Introduce the lesson here: what the reader will learn, why it matters and
what they should know already. Replace this paragraph; keep the sentences
short and explain every symbol of a formula the first time it appears.

## A figure

A figure block draws a loss landscape from the course's own code. Change a
field and save: `make serve` redraws the figure. The instructor guide lists
every field and what it allows.

```figure
id: @FIGURE_ID@
title: Gradient descent on Himmelblau's function
alt: Contour map of Himmelblau's function, its four minima and a descent path.
surface: himmelblau
view: contour          # surface | contour | line | animation
x: [-5, 5]
y: [-5, 5]
resolution: 81         # grid points per axis
optimizers:
  - {name: sgd, lr: 0.01, momentum: 0.9, start: [0, 0], steps: 200}
markers: minima        # minima | global | none
```

A quick check asks the reader to predict before looking at a figure; it is
not numbered. Every lesson has at least one, and one multiple-choice check.

```problem
id: @SLUG@-predict
title: Which valley?
numbered: false
statement: |
  The walk in the figure starts at $(0, 0)$, between four valleys of the
  same depth. Which one does it end in? Decide, then check with the figure.
check_with: @FIGURE_ID@
choices:
  - text: The nearest one, up and to the right.
    why: Momentum carries the walk past the first valley it meets.
  - text: Another one, further away.
    correct: true
    why: The walk picks up speed downhill and overshoots the nearest valley.
solution: |
  The path in the figure swings past the nearest valley and settles in
  another one: momentum keeps some speed from earlier steps.
```

## Practice

```problem
id: @SLUG@-first-step
title: One step downhill
statement: |
  Gradient descent starts at $(w_1, w_2) = (0, 0)$ on Himmelblau's function
  $L(w_1, w_2) = (w_1^2 + w_2 - 11)^2 + (w_1 + w_2^2 - 7)^2$ with learning
  rate $\eta = 0.01$. What is the loss after the first step?
answers:
  - label: Loss after one step
    expect: {{ gd_step("himmelblau", 0, 0, 0.01).value :.2f }}
hints:
  - "The gradient at (0, 0) is (-14, -22): compute it from the formula."
  - A step moves to $w - \eta \nabla L$.
solution: |
  At the start the loss is
  $L(0, 0) = (-11)^2 + (-7)^2 = {{ surface_value("himmelblau", 0, 0) :.0f }}$.
  The gradient there is $\nabla L = (g_1, g_2)$ with
  $g_1 = {{ surface_grad("himmelblau", 0, 0).x :.0f }}$ and
  $g_2 = {{ surface_grad("himmelblau", 0, 0).y :.0f }}$, so one step moves to
  $w_1 = 0 - \eta \, g_1 = {{ gd_step("himmelblau", 0, 0, 0.01).x :.2f }}$ and
  $w_2 = 0 - \eta \, g_2 = {{ gd_step("himmelblau", 0, 0, 0.01).y :.2f }}$.
  There the loss is **{{ gd_step("himmelblau", 0, 0, 0.01).value :.2f }}**:
  a little lower, because the step went downhill.
```
"""


@dataclass(frozen=True)
class Created:
    """What `create_lesson` wrote: the page, the config and its new nav line."""

    page: Path
    config: Path
    nav_line: str  # e.g. "      - My lesson: lessons/my-lesson.md"
    figure_id: str


def slugify(title: str) -> str:
    """'Saddle points & Plateaus!' -> 'saddle-points-plateaus' (ASCII, hyphens)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore")
    words = re.findall(r"[a-z0-9]+", ascii_title.decode("ascii").lower())
    return "-".join(words)


def check_slug(slug: str) -> str:
    if not isinstance(slug, str) or not ID_PATTERN.match(slug):
        raise AuthorError(
            f"{slug!r} is not a valid slug",
            field="slug",
            allowed="lower-case ASCII letters and digits joined by single hyphens, "
            "e.g. saddle-points",
        )
    return slug


def taken_figure_ids(docs_dir: Path) -> set[str]:
    """Ids declared by the lesson modules and by figure blocks under `docs_dir`."""
    from .blocks import is_figure
    from .fences import find_fences
    from .lessons import declared

    ids = {spec.id for spec in declared()}
    for path in sorted(Path(docs_dir).rglob("*.md")):
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        for fence in find_fences(lines):
            if is_figure(fence):
                ids.update(ID_LINE.findall("\n".join(fence.body)))
    return ids


def free_figure_id(slug: str, taken: set[str]) -> str:
    """'<slug>-contour', or '<slug>-contour-2', ... if that id is taken."""
    base, n = f"{slug}-contour", 1
    while (figure_id := base if n == 1 else f"{base}-{n}") in taken:
        n += 1
    return figure_id


def next_chapter(docs_dir: Path) -> int | None:
    """One more than the highest `chapter:` of the lessons (None if none has
    one): a new lesson goes at the end of the nav's section."""
    found = [
        crossref.chapter_of(path.read_text(encoding="utf-8"), str(path))
        for path in sorted((docs_dir / LESSONS_DIR).glob("*.md"))
    ]
    found = [n for n in found if n is not None]
    return max(found) + 1 if found else None


def page_text(
    title: str, slug: str, figure_id: str | None = None, chapter: int | None = None
) -> str:
    """The Markdown of a new lesson page titled `title`, numbered `chapter`."""
    description = f"{title}: one sentence on what this lesson teaches (edit me)."
    fields = {
        "@TITLE_YAML@": json.dumps(title, ensure_ascii=False),
        "@DESCRIPTION_YAML@": json.dumps(description, ensure_ascii=False),
        "@TITLE@": title,
        "@FIGURE_ID@": figure_id or f"{slug}-contour",
        "@SLUG@": slug,
    }
    text = re.sub(r"@[A-Z_]+@", lambda m: fields[m.group(0)], PAGE)
    if chapter is not None:  # the front matter's last line
        text = text.replace("\n---\n", f"\nchapter: {chapter}\n---\n", 1)
    return text


def add_to_nav(
    config_text: str, section: str, title: str, page: str, *, file: str
) -> tuple[str, str]:
    """`config_text` with `- title: page` appended to nav section `section`,
    every other line unchanged; returns (new text, the inserted line)."""
    lines = config_text.splitlines(keepends=True)
    nav = _nav_block(config_text, file)
    sections = dict(_sections(nav))
    if section not in sections:
        raise AuthorError(
            f"section {section!r} is not in the nav",
            file=file,
            field="nav",
            allowed=listing(sections) or "(the nav has no sections)",
        )
    if _mentions(nav.value, page):
        raise AuthorError(f"the nav already lists {page}", file=file, field="nav")
    head = sections[section]  # index of the "- Section:" line
    head_indent = len(ITEM.match(lines[head])["indent"])
    last, child_indent = head, None
    for i in range(head + 1, nav.end):
        text = lines[i].strip()
        if not text or text.startswith("#"):
            continue
        indent = len(lines[i]) - len(lines[i].lstrip(" \t"))
        if indent <= head_indent:
            break
        if child_indent is None and ITEM.match(lines[i]):
            child_indent = indent
        last = i
    if child_indent is None:
        raise AuthorError(
            f"section {section!r} is not written as an indented list of pages",
            file=file,
            field="nav",
            allowed="a block list such as\n  - Lessons:\n      - lessons/index.md",
        )
    newline = "\r\n" if lines[head].endswith("\r\n") else "\n"
    entry = f"{' ' * child_indent}- {_yaml_key(title)}: {page}"
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    lines.insert(last + 1, entry + newline)
    new_text = "".join(lines)
    _check_insertion(nav.value, _nav_block(new_text, file).value, section, title, page)
    return new_text, entry


# Long by intent: the steps of making a lesson in order, each checked before
# anything is written, so a refused lesson leaves no file behind.
def create_lesson(
    title: str,
    *,
    slug: str | None = None,
    section: str = "Lessons",
    docs_dir: Path | str = "docs",
    config: Path | str = "mkdocs.yml",
) -> Created:
    """Write <docs_dir>/lessons/<slug>.md and add it to `section` of the nav of
    `config`. Nothing is written if anything is wrong (AuthorError)."""
    if not isinstance(title, str) or not title.strip():
        raise AuthorError(
            f"{title!r} is not a title", field="title", allowed="a non-empty string"
        )
    title = " ".join(title.split())
    if "{{" in title:
        raise AuthorError(
            f"{title!r} holds '{{{{', which starts a computed number in a page",
            field="title",
            allowed="a title without '{{'",
        )
    docs_dir, config = Path(docs_dir), Path(config)
    if slug is None and not slugify(title):
        raise AuthorError(
            f"title {title!r} has no ASCII letter or digit to make a file name of",
            field="title",
            allowed="a title with ASCII letters or digits, or --slug",
        )
    slug = slugify(title) if slug is None else slug
    try:
        check_slug(slug)
    except AuthorError as error:
        raise error.at(str(docs_dir / LESSONS_DIR / f"{slug}.md"), None) from None
    if not docs_dir.is_dir():
        raise AuthorError(
            "is not a folder", file=str(docs_dir), allowed="the docs folder"
        )
    if not config.is_file():
        raise AuthorError(
            "does not exist", file=str(config), allowed="the mkdocs.yml file"
        )
    page = docs_dir / LESSONS_DIR / f"{slug}.md"
    if page.exists():
        raise AuthorError(
            "already exists",
            file=str(page),
            allowed="a title or --slug that names a new page",
        )
    missing = [name for name in SAMPLE_FUNCTIONS if name not in calc.NAMESPACE]
    if missing:  # the sample problem must stay buildable
        raise RuntimeError(f"lessonkit.calc.NAMESPACE lacks {missing}")
    config_text = config.read_bytes().decode("utf-8")
    new_config, entry = add_to_nav(
        config_text, section, title, f"{LESSONS_DIR}/{slug}.md", file=str(config)
    )
    figure_id = free_figure_id(slug, taken_figure_ids(docs_dir))
    chapter = next_chapter(docs_dir)
    atomic.write_text(page, page_text(title, slug, figure_id, chapter))
    try:
        atomic.write_text(config, new_config)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            page.unlink()
        raise
    return Created(page, config, entry, figure_id)


# The nav block of mkdocs.yml --------------------------------------------------


@dataclass(frozen=True)
class _Nav:
    start: int  # index of the "nav:" line
    end: int  # one past its last line
    value: list  # the nav as YAML reads it
    lines: list[str]


def _nav_block(config_text: str, file: str) -> _Nav:
    lines = config_text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if NAV_KEY.match(line.rstrip("\r\n"))]
    if len(starts) != 1:
        raise AuthorError(
            f"found {len(starts)} top-level 'nav:' keys",
            file=file,
            field="nav",
            allowed="exactly one block 'nav:' at the start of a line",
        )
    start = end = starts[0]
    for i in range(start + 1, len(lines)):
        text = lines[i].strip()
        if text and not text.startswith("#") and lines[i][0] not in " \t-":
            break
        if text and not text.startswith("#"):
            end = i
    end += 1
    try:
        value = yaml.safe_load("".join(lines[start:end]))["nav"]
    except (yaml.YAMLError, TypeError) as exc:
        raise AuthorError(
            f"the nav is not valid YAML ({exc})", file=file, field="nav"
        ) from exc
    if not isinstance(value, list):
        raise AuthorError("the nav is not a list", file=file, field="nav")
    return _Nav(start, end, value, lines)


def _sections(nav: _Nav) -> list[tuple[str, int]]:
    """(name, line index) of each top-level '- Name:' entry holding a list."""
    found, top = [], None
    for i in range(nav.start + 1, nav.end):
        match = ITEM.match(nav.lines[i])
        if not match:
            continue
        top = len(match["indent"]) if top is None else top
        if len(match["indent"]) != top:
            continue
        try:
            item = yaml.safe_load(match["rest"])
        except yaml.YAMLError:
            continue
        if isinstance(item, dict) and len(item) == 1:
            name, value = next(iter(item.items()))
            if value is None or isinstance(value, list):  # "- Lessons:" + a list
                found.append((str(name), i))
    names = [name for name, _ in found]
    listed = [next(iter(e)) for e in nav.value if isinstance(e, dict) and len(e) == 1]
    return [(n, i) for n, i in found if n in listed and names.count(n) == 1]


def _mentions(nav, page: str) -> bool:
    if isinstance(nav, list):
        return any(_mentions(item, page) for item in nav)
    if isinstance(nav, dict):
        return any(_mentions(v, page) for v in nav.values())
    return nav == page


def _yaml_key(title: str) -> str:
    """`title` as a YAML mapping key: plain if YAML reads it back unchanged."""
    try:
        if yaml.safe_load(f"{title}: x") == {title: "x"}:
            return title
    except yaml.YAMLError:
        pass
    return json.dumps(title, ensure_ascii=False)


def _check_insertion(old: list, new: list, section: str, title: str, page: str) -> None:
    """The edited nav must be the old one plus the entry at the section's end."""
    expected = []
    for item in old:
        if isinstance(item, dict) and list(item) == [section]:
            item = {section: [*item[section], {title: page}]}
        expected.append(item)
    if new != expected:
        raise RuntimeError(
            f"editing the nav went wrong (expected {expected!r}, got {new!r}); "
            "nothing was written"
        )
