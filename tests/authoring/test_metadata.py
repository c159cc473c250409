"""The course's metadata lives in mkdocs.yml only: read and checked by
lessonkit.metadata, agreed with by pyproject.toml and the README, and a
mistake in it is an error naming mkdocs.yml, the line and the field."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from lessonkit import metadata
from lessonkit.errors import AuthorError

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"
GOOD = """\
site_name: A Course
site_url: https://example.org/course/
site_author: Ada Lovelace
repo_url: https://github.com/owner/repo
edit_uri: edit/main/docs/
copyright: The authors
extra:
  licence:
    name: CC BY 4.0
    url: https://creativecommons.org/licenses/by/4.0/
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(AuthorError) as caught:
        metadata.load(write(tmp_path, text))
    return str(caught.value)


def test_a_complete_config_reads_back(tmp_path):
    course = metadata.load(write(tmp_path, GOOD))
    assert course.title == "A Course" and course.authors == "Ada Lovelace"
    assert course.licence == "CC BY 4.0"
    assert course.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    assert course.repo_url == "https://github.com/owner/repo"
    assert course.edit_url == "https://github.com/owner/repo/edit/main/docs/"


def test_repository_and_edit_links_are_optional(tmp_path):
    text = GOOD.replace("repo_url: https://github.com/owner/repo\n", "")
    text = text.replace("edit_uri: edit/main/docs/\n", "")
    course = metadata.load(write(tmp_path, text))
    assert course.repo_url is None and course.edit_url is None
    absolute = GOOD.replace("edit/main/docs/", "https://git.example.org/e/docs")
    assert metadata.load(write(tmp_path, absolute)).edit_url == (
        "https://git.example.org/e/docs/"
    )


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("site_name: A Course\n", "", "mkdocs.yml: field 'site_name': missing"),
        ("site_name: A Course", "site_name: '  '", "mkdocs.yml:1: field 'site_name'"),
        ("site_author: Ada Lovelace", "site_author: [1]", ":3: field 'site_author'"),
        (
            "repo_url: https://github.com/owner/repo",
            "repo_url: github.com/owner/repo",
            "mkdocs.yml:4: field 'repo_url': 'github.com/owner/repo' is not a web "
            "address; allowed: an absolute http(s) address",
        ),
        ("https://example.org/course/", "htps://example.org", ":2: field 'site_url'"),
        ("url: https://creativecommons", "url: creativecommons", "'extra.licence.url'"),
        ("    name: CC BY 4.0\n", "", ": field 'extra.licence.name': missing"),
        ("extra:", "other:", ": field 'extra.licence': missing"),
        ("copyright: The authors\n", "", ": field 'copyright': missing"),
        ("edit_uri: edit/main/docs/", "edit_uri: edit main", ":5: field 'edit_uri'"),
    ],
)
def test_a_mistake_names_the_file_line_and_field(tmp_path, old, new, where):
    assert old in GOOD
    message = error_of(tmp_path, GOOD.replace(old, new))
    assert str(tmp_path / "mkdocs.yml") in message
    assert where in message, message


def test_a_relative_edit_uri_needs_a_repository(tmp_path):
    text = GOOD.replace("repo_url: https://github.com/owner/repo\n", "")
    assert "field 'edit_uri': a relative edit_uri needs a repo_url" in error_of(
        tmp_path, text
    )


@pytest.mark.parametrize(
    "value",
    ["https://github.com/o/r", "http://127.0.0.1:8000/", "https://a.b.example.org"],
)
def test_web_addresses(value):
    assert metadata.is_web_address(value)


@pytest.mark.parametrize(
    "value",
    [None, 3, "", "github.com/o/r", "ftp://x.org/", "https://", "https://x y.org",
     "https://localhost/", "javascript:alert(1)"],
)  # fmt: skip
def test_not_web_addresses(value):
    assert not metadata.is_web_address(value)


def test_the_course_metadata_and_its_other_copies_agree():
    course = metadata.load(CONFIG)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == course.licence
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {course.title}")
    assert course.repo_url in readme and f"{course.licence} licence" in readme


def test_mkdocs_build_stops_on_bad_metadata_naming_the_field(tmp_path):
    """The hook checks before anything is built: a bad licence address."""
    text = CONFIG.read_text(encoding="utf-8")
    bad = re.sub(r"(?m)^(    url: ).*$", r"\1opensource.org/mit", text, count=1)
    assert bad != text
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_text(bad, encoding="utf-8")
    for folder in ("docs", "lesson_src", "node_modules"):
        (project / folder).symlink_to(ROOT / folder)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env["LESSONKIT_BUILD_DIR"] = str(tmp_path / "build")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    done = subprocess.run(
        [*command, "--site-dir", str(tmp_path / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    line = bad.split("\n").index("    url: opensource.org/mit") + 1
    assert (
        f"{project / 'mkdocs.yml'}:{line}: field 'extra.licence.url': "
        "'opensource.org/mit' is not a web address" in done.stderr
    ), done.stderr[-2000:]
    assert not (tmp_path / "build" / "manifest.json").exists()  # stopped first


def guide_section() -> str:
    guide = (ROOT / "docs" / "instructors" / "index.md").read_text(encoding="utf-8")
    return guide.split("## Course title, authors, licence and last-updated dates")[1]


def test_the_guides_example_is_the_course_metadata():
    example = guide_section().split("```yaml\n")[1].split("```")[0]
    data = yaml.safe_load(example)
    assert metadata.from_config(data, "guide") == metadata.load(CONFIG)
    fields = re.findall(r"^\| `([a-z_.]+)`", guide_section(), re.MULTILINE)
    assert set(fields) >= {"site_name", "site_url", "site_author", "edit_uri"}


def test_the_guides_error_example_is_what_the_check_says(tmp_path, monkeypatch):
    shown = guide_section().split("````text\n")[1].split("\n````")[0]
    text = CONFIG.read_text(encoding="utf-8")
    repo = metadata.load(CONFIG).repo_url
    bad = text.replace(f"repo_url: {repo}", f"repo_url: {repo.split('//')[1]}")
    assert bad != text
    (tmp_path / "mkdocs.yml").write_text(bad, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # errors name the path they are given
    with pytest.raises(AuthorError) as caught:
        metadata.load(Path("mkdocs.yml"))
    assert str(caught.value) == shown
