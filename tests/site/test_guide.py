"""The instructor guide's examples are built by the real pipeline, and its
reference tables list exactly what the code accepts."""

from __future__ import annotations

import re
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
    bodies = examples("markdown")
    assert len(bodies) >= 4, "the guide shows lesson, figure, problem and number"
    for i, body in enumerate(bodies):
        (docs / f"example-{i}.md").write_text(f"# Example {i}\n\n{body}\n")
    ids = {
        line.split(":", 1)[1].strip()
        for body in bodies
        for line in body.split("\n")
        if line.startswith("id:")
    }
    build.run(docs, tmp_path / "out", only=sorted(ids), quiet=True)
    for i in range(len(bodies)):
        page = (tmp_path / "out" / "pages" / f"example-{i}.md").read_text()
        assert "{{" not in page, f"example {i}: a number was left unexpanded"
        assert "```figure" not in page, f"example {i}: a figure was left unexpanded"


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
