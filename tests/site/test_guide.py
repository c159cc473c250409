"""The instructor guide's examples are built by the real pipeline, and its
reference tables list exactly what the code accepts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from lessonkit import build
from lessonkit.calc import NAMESPACE
from lessonkit.fences import find_fences
from lessonkit.lessons import declared
from losslandscape import optim, surfaces

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "instructors" / "index.md"
TEXT = GUIDE.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def examples(info: str) -> list[str]:
    """Bodies of the guide's verbatim examples (````info fences)."""
    return [
        "\n".join(f.body)
        for f in find_fences(LINES)
        if f.info == info and f.end - f.start > 2 and LINES[f.start].count("`") >= 4
    ]


def table_column(heading: str) -> list[str]:
    """First-column code names of the table that follows `heading`."""
    start = LINES.index(heading)
    names, seen_table = [], False
    for line in LINES[start + 1 :]:
        if line.startswith("|"):
            seen_table = True
            first_cell = line.split("|")[1]
            names += re.findall(r"`([A-Za-z_][\w-]*)", first_cell)
        elif seen_table:
            break
    return names


def test_every_markdown_example_builds(tmp_path):
    """Each ````markdown example, pasted into a page, passes the real build."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "docs" / "references.bib", docs)  # the citation example
    bodies = examples("markdown")
    assert len(bodies) >= 4, "the guide shows lesson, figure, problem and number"
    # A problem checked with a figure sits on the page of that figure.
    figure_page = next(i for i, b in enumerate(bodies) if "surface:" in b)
    pages = {i: [body] for i, body in enumerate(bodies) if "check_with:" not in body}
    pages[figure_page] += [b for b in bodies if "check_with:" in b]
    for i, page in pages.items():
        text = "\n\n".join(page)
        (docs / f"example-{i}.md").write_text(f"# Example {i}\n\n{text}\n")
    figure_ids = {
        line.split(":", 1)[1].strip()
        for body in bodies
        if body.startswith("```figure")
        for line in body.split("\n")
        if line.startswith("id:")
    }
    build.run(docs, tmp_path / "out", only=sorted(figure_ids), quiet=True)
    for i in pages:
        page = (tmp_path / "out" / "pages" / f"example-{i}.md").read_text()
        assert "{{" not in page, f"example {i}: a number was left unexpanded"
        for block in ("```figure", "```problem", "```progress"):
            assert block not in page, f"example {i}: a {block} was left unexpanded"


def test_the_schedule_example_is_a_valid_optimizers_field(tmp_path):
    """The ````yaml fragment, put into the guide's own figure, builds."""
    (fragment,) = examples("yaml")
    optimizers = yaml.safe_load(fragment)["optimizers"]
    figure = next(b for b in examples("markdown") if "surface:" in b)
    spec = yaml.safe_load(figure.split("\n", 1)[1].rsplit("```", 1)[0])
    spec.update(id="schedule-example", optimizers=optimizers, resolution=21)
    docs = tmp_path / "docs"
    docs.mkdir()
    block = yaml.safe_dump(spec, sort_keys=False)
    (docs / "page.md").write_text(f"# Page\n\n```figure\n{block}```\n")
    build.run(docs, tmp_path / "out", only=["schedule-example"], quiet=True)
    assert (tmp_path / "out" / "site" / "figures" / "schedule-example.json").is_file()


def test_the_shown_figure_is_the_example():
    """The live figure under the example is the same block, so they cannot drift."""
    example = next(b for b in examples("markdown") if "surface:" in b)
    live = [
        "\n".join(f.body)
        for f in find_fences(LINES)
        if f.info == "figure" and LINES[f.start].startswith("```")
    ]
    assert "\n".join(example.split("\n")[1:-1]) in live


def test_the_shown_problems_are_the_examples():
    """Each ````markdown problem example is built just below it, on the page."""
    shown = [b for b in examples("markdown") if b.startswith("```problem")]
    live = [
        "\n".join(f.body)
        for f in find_fences(LINES)
        if f.info == "problem" and LINES[f.start].startswith("```")
    ]
    assert len(shown) >= 3, "a number, a vector and a multiple-choice problem"
    assert [b.split("\n", 1)[1].rsplit("\n", 1)[0] for b in shown] == live


def test_problem_field_table_lists_every_field():
    from lessonkit.problems import ANSWER, CHOICE, SCHEMA

    assert set(table_column("| field | what it holds |")) == set(SCHEMA)
    for record in (ANSWER, CHOICE):
        for name in record.fields:
            assert f"`{name}`" in TEXT, f"the guide does not name the field {name}"


def test_function_table_lists_every_calc_function():
    assert set(table_column("| function | what it gives |")) == set(NAMESPACE)


@pytest.mark.parametrize(
    ("row", "allowed"),
    [("surface", surfaces.names()), ("optimizers", optim.names())],
)
def test_field_table_lists_what_the_schema_accepts(row, allowed):
    line = next(x for x in LINES if x.startswith(f"| `{row}` |"))
    for name in allowed:
        assert f"`{name}`" in line, f"the `{row}` row does not list {name}"


def test_schedule_names_are_documented():
    for name in optim.schedules.names():
        assert f"`{name}`" in TEXT


def test_figure_id_table_lists_every_declared_figure():
    assert set(table_column("| id | what it shows |")) == {s.id for s in declared()}


FIELD_TABLES = {  # builder -> the line just above its field table in the guide
    "landscape": "The fields:",
    "explorer": "The fields, besides `id`, `title`, `alt` and `kind: explorer`:",
}


def table_rows(above: str) -> dict[str, str]:
    """The table after the line `above`: each code name of a first cell -> its row."""
    rows, start = {}, LINES.index(above)
    for line in LINES[start + 2 :]:
        if not line.startswith("|"):
            break
        for name in re.findall(r"`([A-Za-z_][\w-]*)", line.split("|")[1]):
            rows[name] = line
    rows.pop("field", None)  # the header row
    return rows


def named_values(field) -> list[str]:
    """What a row must name for `field`: a choice's options, a number's bounds."""
    from lessonkit.schema import Choice, ListOf, Number

    if isinstance(field, ListOf):
        field = field.item
    if isinstance(field, Choice):
        return [f"`{option}`" for option in field.options]
    if isinstance(field, Number) and None not in (field.lo, field.hi):
        return [f"{field.lo:g}", f"{field.hi:g}"]
    return []


@pytest.mark.parametrize("builder", sorted(FIELD_TABLES))
def test_figure_field_tables_follow_the_builders_schemas(builder):
    """Each field a page block may use has a row (the spec's own fields too for
    the page builder), naming its options or bounds: a new field, view or
    marker kind in the code fails here until the guide says it."""
    from lessonkit.blocks import PAGE_BUILDER, SPEC_FIELDS
    from lessonkit.figures import registry

    rows = table_rows(FIELD_TABLES[builder])
    schema = registry.get(builder).schema
    own = set(SPEC_FIELDS) if builder == PAGE_BUILDER else set()
    assert set(rows) == set(schema) | own
    first = table_rows(FIELD_TABLES["landscape"])
    for name, field in schema.items():
        row = rows[name]
        if "as above" in row:  # the same field in the first table says it
            row += first[name]
        for value in named_values(field):
            assert value in row, f"the `{name}` row does not name {value}"


def test_the_kind_row_names_every_kind_and_the_default():
    from lessonkit.spec import DEFAULT_KIND, KINDS, MAX_TIMEOUT

    rows = table_rows(FIELD_TABLES["landscape"])
    for kind in KINDS:
        assert f"`{kind}`" in rows["kind"]
    assert f"default `{DEFAULT_KIND}`" in rows["kind"]
    assert f"1 to {MAX_TIMEOUT}" in rows["timeout"]
