"""Last-updated dates: in a repository made here with commits at set dates,
each file's date is the one its last commit was given, and what
`git log -1 --format=%cs -- <file>` says; none for a file never committed,
outside git, or in a shallow clone."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from lessonkit import gitdates

ROOT = Path(__file__).resolve().parents[2]


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str = "2020-01-01") -> str:
        stamp = f"{when}T12:00:00+00:00"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "A",
            "GIT_AUTHOR_EMAIL": "a@example.org",
            "GIT_COMMITTER_NAME": "A",
            "GIT_COMMITTER_EMAIL": "a@example.org",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        }
        return subprocess.run(
            ["git", "-C", str(self.path), "-c", "commit.gpgsign=false", *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def commit(self, when: str, **files: str) -> None:
        for name, text in files.items():
            path = self.path / "docs" / name.replace("__", "/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", f"at {when}", when=when)

    def says(self, path: Path) -> str:
        """What git itself says for one file."""
        return self.git("log", "-1", "--format=%cs", "--", str(path)).strip()


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = Repo(tmp_path / "course")
    repo.commit("2021-03-04", a_md="a", b_md="b", lessons__c_md="c")
    repo.commit("2022-05-06", b_md="b2")
    repo.commit("2023-07-08", lessons__c_md="c2", other_md="x")
    return repo


def docs(repo: Repo, name: str) -> Path:
    return (repo.path / "docs" / name).resolve()


def test_each_file_has_the_date_of_its_last_commit(repo):
    dates = gitdates.last_changed(repo.path / "docs")
    expected = {
        "a_md": date(2021, 3, 4),
        "b_md": date(2022, 5, 6),
        "lessons/c_md": date(2023, 7, 8),
        "other_md": date(2023, 7, 8),
    }
    assert dates == {docs(repo, n): d for n, d in expected.items()}
    for path, day in dates.items():
        assert repo.says(path) == day.isoformat()


def test_uncommitted_work_keeps_the_last_commit_and_new_files_get_none(repo):
    (repo.path / "docs" / "a_md").write_text("edited, not committed")
    (repo.path / "docs" / "new_md").write_text("never committed")
    dates = gitdates.last_changed(repo.path / "docs")
    assert dates[docs(repo, "a_md")] == date(2021, 3, 4)
    assert docs(repo, "new_md") not in dates


def test_renames_and_merges_agree_with_git_log(repo):
    repo.git("mv", "docs/a_md", "docs/renamed_md")
    repo.git("commit", "-q", "-m", "rename", when="2024-01-02")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("2024-02-03", b_md="from the side branch")
    repo.git("checkout", "-q", "main")
    repo.commit("2024-03-04", other_md="on main")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side", when="2024-04-05")
    dates = gitdates.last_changed(repo.path / "docs")
    assert dates[docs(repo, "renamed_md")] == date(2024, 1, 2)
    assert dates[docs(repo, "b_md")] == date(2024, 2, 3)  # the side's commit
    assert dates[docs(repo, "other_md")] == date(2024, 3, 4)
    for name in ("renamed_md", "b_md", "other_md", "lessons/c_md"):
        assert repo.says(docs(repo, name)) == dates[docs(repo, name)].isoformat()


def test_a_merge_that_resolves_a_conflict_is_the_last_change(repo):
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("2024-02-03", b_md="side")
    repo.git("checkout", "-q", "main")
    repo.commit("2024-03-04", b_md="main")
    subprocess.run(["git", "-C", str(repo.path), "merge", "-q", "side"], check=False)
    (repo.path / "docs" / "b_md").write_text("resolved")
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "resolved", when="2024-04-05")
    dates = gitdates.last_changed(repo.path / "docs")
    assert dates[docs(repo, "b_md")] == date(2024, 4, 5)
    assert repo.says(docs(repo, "b_md")) == "2024-04-05"


def test_no_dates_outside_git_or_in_a_shallow_clone(repo, tmp_path):
    plain = tmp_path / "tarball" / "docs"
    plain.mkdir(parents=True)
    (plain / "a.md").write_text("a")
    assert gitdates.last_changed(plain) == {}
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow)],
        check=True,
    )
    assert gitdates.last_changed(shallow / "docs") == {}
    full = tmp_path / "full"
    subprocess.run(["git", "clone", "-q", str(repo.path), str(full)], check=True)
    assert gitdates.last_changed(full / "docs")[
        (full / "docs" / "a_md").resolve()
    ] == date(2021, 3, 4)


def test_this_checkout_agrees_with_git_for_every_page():
    dates = gitdates.last_changed(ROOT / "docs")
    assert dates, "the tests run in a full git checkout (not a shallow clone)"
    pages = sorted((ROOT / "docs").rglob("*.md"))
    assert pages
    for page in pages:
        said = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%cs", "--", str(page)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        got = dates.get(page.resolve())
        assert (got.isoformat() if got else "") == said, page


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 29), "29 November 2026"),
        (date(2021, 1, 5), "5 January 2021"),
        (date(2000, 12, 31), "31 December 2000"),
    ],
)
def test_dates_are_shown_in_english_whatever_the_locale(day, text):
    assert gitdates.shown(day) == text
