"""The real course: every figure at full size, twice from clean (in a process
pool, then serially), byte for byte; then a build with nothing changed
rebuilds nothing; docs/ is never written."""

import shutil
from pathlib import Path

import pytest

from lessonkit import build
from lessonkit.blocks import is_figure
from lessonkit.fences import find_fences

from .conftest import tree

DOCS = Path(__file__).resolve().parents[2] / "docs"
pytestmark = pytest.mark.slow


def snapshot(folder: Path) -> dict:
    return {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Builds of a copy of docs/ (others may edit docs/ while the tests run)."""
    root = tmp_path_factory.mktemp("full")
    docs = shutil.copytree(DOCS, root / "docs")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            build, "code_hash", lambda: "pinned"
        )  # the core may be edited meanwhile
        docs_before = snapshot(docs)
        first = build.run(docs, root / "a", quiet=True, workers=2)  # a process pool
        second = build.run(docs, root / "b", quiet=True, workers=1)  # serial
        again = build.run(docs, root / "a", quiet=True)
        docs_after = snapshot(docs)
    return root, first, second, again, docs_before, docs_after


def test_every_figure_is_built_at_full_size(builds):
    root, first, *_ = builds
    built = {fid for fid, _ in first.rebuilt}
    assert built == set(build.figure_specs(build.read_pages(root / "docs")))
    assert all(reason == "new" for _, reason in first.rebuilt)


def test_two_clean_builds_are_byte_identical(builds):
    root = builds[0]
    a, b = tree(root / "a"), tree(root / "b")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_nothing_changed_rebuilds_nothing(builds):
    again = builds[3]
    assert (again.rebuilt, again.pages_written, again.pruned) == ([], [], [])


def test_docs_are_never_written(builds):
    *_, before, after = builds
    assert after == before


def test_every_page_is_expanded(builds):
    root = builds[0]
    docs = root / "docs"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    expanded = {
        p.relative_to(root / "a" / "pages").as_posix()
        for p in (root / "a" / "pages").rglob("*.md")
    }
    assert expanded == pages
    for src in pages:
        lines = (root / "a" / "pages" / src).read_text().split("\n")
        assert not [f for f in find_fences(lines) if is_figure(f)], src
