"""scripts/new_lesson.py and lessonkit.scaffold, always on a temp copy of
mkdocs.yml and docs/ (the real ones are never touched)."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from lessonkit import scaffold
from lessonkit.errors import AuthorError

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Saddle points & plateaus"
SLUG = "saddle-points-plateaus"
PAGE = f"lessons/{SLUG}.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of mkdocs.yml and docs/ in tmp_path."""
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


def new_lesson(project: Path, *args: str) -> subprocess.CompletedProcess:
    script = ROOT / "scripts" / "new_lesson.py"
    return subprocess.run(
        [
            sys.executable,
            str(script),
            *args,
            "--docs",
            "docs",
            "--config",
            "mkdocs.yml",
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )


def snapshot(project: Path) -> dict[str, bytes]:
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file()
    }


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def section_items(nav: list, name: str) -> list:
    return next(item[name] for item in nav if isinstance(item, dict) and name in item)


def last_chapter(docs: Path) -> int:
    """The highest `chapter:` of the lessons, read from their front matter."""
    return max(
        front_matter(p.read_text(encoding="utf-8")).get("chapter", -1)
        for p in (docs / "lessons").glob("*.md")
    )


def himmelblau(x: float, y: float) -> float:
    """Himmelblau (1972): (x^2 + y - 11)^2 + (x + y^2 - 7)^2."""
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def test_slug_is_lowercase_ascii_with_hyphens():
    assert scaffold.slugify("Saddle points & Plateaus!") == "saddle-points-plateaus"
    assert scaffold.slugify("  Über   Minima (2D) ") == "uber-minima-2d"
    assert scaffold.slugify("???") == ""


def test_creates_the_page_with_front_matter(project: Path):
    chapter = last_chapter(project / "docs") + 1
    result = new_lesson(project, TITLE)
    assert result.returncode == 0, result.stderr
    page = project / "docs" / PAGE
    assert str(Path("docs") / PAGE) in result.stdout
    assert "make serve" in result.stdout
    text = page.read_text(encoding="utf-8")
    meta = front_matter(text)
    assert meta["title"] == TITLE
    assert isinstance(meta["description"], str) and meta["description"].strip()
    assert f"# {TITLE}\n" in text
    assert meta["chapter"] == chapter  # the next number, at the nav's end
    assert f"id: {SLUG}-contour\n" in text
    assert f"```problem\nid: {SLUG}-first-step\n" in text


def test_sample_uses_the_full_figure_syntax_and_known_functions(project: Path):
    created = scaffold.create_lesson(
        TITLE, docs_dir=project / "docs", config=project / "mkdocs.yml"
    )
    text = created.page.read_text(encoding="utf-8")
    block = text.split("```figure\n")[1].split("```")[0]
    fields = yaml.safe_load(block)
    assert fields["id"] == created.figure_id == f"{SLUG}-contour"
    assert {"title", "alt", "surface", "view", "optimizers", "markers"} <= set(fields)
    assert fields["view"] == "contour"
    from losslandscape import surfaces

    assert fields["surface"] in surfaces.names()
    from lessonkit.calc import NAMESPACE

    solution = text.split(f"id: {SLUG}-first-step\n")[1].split("solution: |")[1]
    assert "{{" in solution
    for name in scaffold.SAMPLE_FUNCTIONS:
        assert f"{name}(" in solution
        assert name in NAMESPACE


def test_nav_entry_lands_in_the_section_and_mkdocs_reads_it(project: Path):
    config = project / "mkdocs.yml"
    original = load_config(str(config))["nav"]
    assert new_lesson(project, TITLE).returncode == 0
    edited = load_config(str(config))["nav"]
    lessons = section_items(original, "Lessons")
    assert section_items(edited, "Lessons") == [*lessons, {TITLE: PAGE}]
    assert [i for i in edited if i != {"Lessons": [*lessons, {TITLE: PAGE}]}] == [
        i for i in original if i != {"Lessons": lessons}
    ]


def test_every_other_line_of_mkdocs_yml_is_kept(project: Path):
    config = project / "mkdocs.yml"
    before = config.read_text(encoding="utf-8").splitlines(keepends=True)
    assert new_lesson(project, TITLE).returncode == 0
    after = config.read_text(encoding="utf-8").splitlines(keepends=True)
    changes = [
        line
        for line in difflib.ndiff(before, after)
        if line.startswith(("+ ", "- ", "? "))
    ]
    assert len(changes) == 1 and changes[0].startswith("+ ")
    assert changes[0][2:].strip() == f"- {TITLE}: {PAGE}"
    assert len(after) == len(before) + 1


def test_section_option_and_quoted_titles(project: Path):
    title = "Minima: a #1 guide"
    created = scaffold.create_lesson(
        title,
        slug="minima-guide",
        section="Glossary",
        docs_dir=project / "docs",
        config=project / "mkdocs.yml",
    )
    assert created.page == project / "docs" / "lessons" / "minima-guide.md"
    glossary = section_items(
        load_config(str(project / "mkdocs.yml"))["nav"], "Glossary"
    )
    assert glossary[-1] == {title: "lessons/minima-guide.md"}
    assert front_matter(created.page.read_text(encoding="utf-8"))["title"] == title


def test_running_twice_fails_and_changes_nothing(project: Path):
    assert new_lesson(project, TITLE).returncode == 0
    before = snapshot(project)
    result = new_lesson(project, TITLE)
    assert result.returncode == 1
    assert f"docs/{PAGE}" in result.stderr and "already exists" in result.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--slug", "Bad_Slug"], ["'slug'", "Bad_Slug", "lower-case"]),
        (["--slug=-x"], ["'slug'", "-x", "hyphens"]),
        (["--section", "Nope"], ["mkdocs.yml", "'Nope'", "allowed: Lessons, Glossary"]),
        (["--section", "Home"], ["mkdocs.yml", "'Home'", "allowed: Lessons, Glossary"]),
    ],
)
def test_bad_input_is_refused_without_writing(project: Path, args, expected):
    before = snapshot(project)
    result = new_lesson(project, TITLE, *args)
    assert result.returncode == 1
    for text in expected:
        assert text in result.stderr
    assert snapshot(project) == before


def test_title_without_letters_needs_a_slug(project: Path):
    before = snapshot(project)
    with pytest.raises(AuthorError, match="--slug"):
        scaffold.create_lesson(
            "???", docs_dir=project / "docs", config=project / "mkdocs.yml"
        )
    assert snapshot(project) == before


def test_nav_already_listing_the_page_is_refused(project: Path):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    with pytest.raises(AuthorError, match="already lists lessons/optimizers.md"):
        scaffold.add_to_nav(
            text, "Lessons", "Again", "lessons/optimizers.md", file=str(config)
        )


def test_add_to_nav_keeps_comments_and_nested_entries():
    text = (
        "site_name: x\n"
        "nav:\n"
        "  - Home: index.md\n"
        "  # the lessons, in order\n"
        "  - Lessons:\n"
        "    - lessons/index.md\n"
        "    - Deeper:\n"
        "        - lessons/deep.md  # a comment\n"
        "\n"
        "  # more\n"
        "  - About: about.md\n"
        "# Extensions\n"
        "markdown_extensions: []\n"
    )
    new, line = scaffold.add_to_nav(
        text, "Lessons", "New", "lessons/new.md", file="m.yml"
    )
    assert line == "    - New: lessons/new.md"
    lines = text.splitlines(keepends=True)
    assert new.splitlines(keepends=True) == [*lines[:8], line + "\n", *lines[8:]]
    assert yaml.safe_load(new)["nav"][1]["Lessons"][-1] == {"New": "lessons/new.md"}


@pytest.mark.slow  # builds every lesson figure
def test_generated_page_passes_the_real_build(project: Path):
    chapter = last_chapter(project / "docs") + 1
    assert new_lesson(project, TITLE).returncode == 0
    out = project / "build"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "lesson_src")}
    result = subprocess.run(
        [sys.executable, "-m", "lessonkit.build", "--docs", "docs", "--out", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    expanded = (out / "pages" / PAGE).read_text(encoding="utf-8")
    assert f"\n# {chapter}. {TITLE}\n" in expanded
    assert f'data-figure="{SLUG}-contour"' in expanded
    assert f'data-json="../../figures/{SLUG}-contour.json"' in expanded
    assert (out / "site" / "figures" / f"{SLUG}-contour.json").is_file()
    assert "{{" not in expanded and "}}" not in expanded
    # Himmelblau at (0, 0), then one step of lr 0.01 along minus the gradient,
    # whose value there is (2 * -7, 2 * -11) = (-14, -22) by hand.
    assert f"= {himmelblau(0, 0):.0f}$" in expanded
    assert "$g_1 = -14$" in expanded and "$g_2 = -22$" in expanded
    assert f"**{himmelblau(0.14, 0.22):.2f}**" in expanded


def test_a_figure_id_already_in_use_gets_a_number(project: Path):
    """`make lesson TITLE="My Himmelblau"` reused the guide's figure id, and the
    new page did not build (issue 10)."""
    from lessonkit import build

    guide = (project / "docs" / "instructors" / "index.md").read_text()
    assert "id: my-himmelblau-contour" in guide  # the example this title meets
    created = scaffold.create_lesson(
        "My Himmelblau", docs_dir=project / "docs", config=project / "mkdocs.yml"
    )
    assert created.figure_id == "my-himmelblau-contour-2"
    assert f"id: {created.figure_id}\n" in created.page.read_text()
    specs = build.figure_specs(build.read_pages(project / "docs"))  # unique ids
    assert created.figure_id in specs


def test_a_title_with_double_braces_is_refused(project: Path):
    before = snapshot(project)
    with pytest.raises(AuthorError, match="starts a computed number") as info:
        scaffold.create_lesson(
            "Sums {{ 1 + 1 }}", docs_dir=project / "docs", config=project / "mkdocs.yml"
        )
    assert info.value.field == "title"
    assert snapshot(project) == before


def test_a_course_without_chapters_gets_a_lesson_without_one(tmp_path: Path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "a.md").write_text("---\ntitle: A\n---\n# A\n")
    assert scaffold.next_chapter(tmp_path) is None
    assert "chapter:" not in scaffold.page_text(TITLE, SLUG)
    (tmp_path / "lessons" / "b.md").write_text("---\ntitle: B\nchapter: 4\n---\n")
    assert scaffold.next_chapter(tmp_path) == 5
    meta = front_matter(scaffold.page_text(TITLE, SLUG, chapter=5))
    assert meta["chapter"] == 5 and meta["title"] == TITLE
