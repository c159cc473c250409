"""The course_meta hook: each page gets the date git gives its source (and
sitemap.xml the same), a page outside git gets none and the build goes on,
and the checked metadata reaches the theme's partials."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config import load_config

from tests import hooks

from .test_gitdates import Repo

ROOT = Path(__file__).resolve().parents[2]


def load_hook():
    return hooks.load("course_meta", "course_meta_hook")


def page_of(path: Path) -> SimpleNamespace:
    return SimpleNamespace(
        file=SimpleNamespace(abs_src_path=str(path)), meta={}, update_date="today"
    )


def run(hook, docs: Path, page) -> str:
    config = SimpleNamespace(docs_dir=str(docs))
    hook.on_files([], config=config)
    return hook.on_page_markdown("# Text", page=page, config=config, files=[])


def test_a_committed_page_gets_its_commit_date(tmp_path):
    repo = Repo(tmp_path / "course")
    repo.commit("2021-03-04", page_md="# Page")
    page = page_of(repo.path / "docs" / "page_md")
    assert run(load_hook(), repo.path / "docs", page) == "# Text"
    said = repo.git("log", "-1", "--format=%cs", "--", "docs/page_md").strip()
    assert said == "2021-03-04"
    assert page.meta == {
        "last_updated": said,
        "last_updated_shown": "4 March 2021",
    }
    assert page.update_date == said  # sitemap.xml's lastmod


def test_outside_git_a_page_has_no_date_and_the_build_goes_on(tmp_path):
    docs = tmp_path / "tarball" / "docs"
    docs.mkdir(parents=True)
    (docs / "page.md").write_text("# Page")
    page = page_of(docs / "page.md")
    assert run(load_hook(), docs, page) == "# Text"
    assert page.meta == {} and page.update_date == "today"
    outside = subprocess.run(["git", "-C", str(docs), "status"], capture_output=True)
    assert outside.returncode != 0  # git itself: not a repository


def test_the_checked_metadata_reaches_the_theme():
    config = load_config(str(ROOT / "mkdocs.yml"))
    course = load_hook().on_config(config).extra["course"]
    assert course["title"] == config.site_name
    assert course["authors"] == config.site_author
    assert course["repo_url"] == config.repo_url.rstrip("/")
    assert course["licence"] == config.extra["licence"]["name"]
