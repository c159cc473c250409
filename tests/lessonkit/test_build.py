"""The build over a small docs folder: cache, atomic writes, reports, CLI."""

import json
from dataclasses import replace

import pytest

from lessonkit import atomic, build
from lessonkit.errors import AuthorError

from .conftest import NAMESPACE, PAGE, tree, write_docs


def run(docs, out, **kw):
    return build.run(docs, out, quiet=True, namespace=NAMESPACE, **kw)


def test_outputs_layout_and_manifest(small_docs, tmp_path):
    out = tmp_path / "build"
    report = run(small_docs, out)
    assert sorted(report.rebuilt) == [("tiny-contour", "new"), ("tiny-line", "new")]
    figures = out / "site" / "figures"
    names = sorted(p.name for p in figures.iterdir())
    assert names == [
        "tiny-contour.html",
        "tiny-contour.json",
        "tiny-contour.png",
        "tiny-line.svg",
    ]
    fig = json.loads((figures / "tiny-contour.json").read_text())
    assert fig["data"][0]["type"] == "contour" and fig["data"][0]["z"]["dtype"] == "f4"
    assert fig["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
    html = (figures / "tiny-contour.html").read_text()
    # A contour map loads plotly.js's 2-D bundle, served by the hook.
    assert '<script src="../assets/plotly/plotly-cartesian.min.js"></script>' in html
    assert html.count("plotly.js v") == 0  # the library is not inlined
    # Nor is the full plotly.js copied: nothing loads it.
    assert not (out / "site" / "assets").exists()
    page = (out / "pages" / "lessons" / "page.md").read_text()
    assert "The answer is 2.00." in page
    assert 'src="../../figures/tiny-line.svg"' in page
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["pages"]["lessons/page.md"]["expanded"] == "pages/lessons/page.md"
    assert set(manifest["figures"]) == {"tiny-contour", "tiny-line"}


def test_no_directory_urls(small_docs, tmp_path):
    run(small_docs, tmp_path / "b", directory_urls=False)
    page = (tmp_path / "b" / "pages" / "lessons" / "page.md").read_text()
    assert 'src="../figures/tiny-line.svg"' in page


def test_second_build_rebuilds_nothing_and_writes_nothing(small_docs, tmp_path):
    out = tmp_path / "build"
    run(small_docs, out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    report = run(small_docs, out)
    assert report.rebuilt == [] and sorted(report.fresh) == [
        "tiny-contour",
        "tiny-line",
    ]
    assert report.pages_written == []
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_changing_one_parameter_rebuilds_only_that_figure(small_docs, tmp_path):
    out = tmp_path / "build"
    run(small_docs, out)
    line_svg = (out / "site" / "figures" / "tiny-line.svg").read_bytes()
    write_docs(small_docs.parent, PAGE.replace("steps: 5", "steps: 6"))
    report = run(small_docs, out)
    assert report.rebuilt == [("tiny-contour", "params changed")]
    assert (out / "site" / "figures" / "tiny-line.svg").read_bytes() == line_svg


def test_changed_code_rebuilds_everything(small_docs, tmp_path, monkeypatch):
    out = tmp_path / "build"
    run(small_docs, out)
    monkeypatch.setattr(build, "code_hash", lambda: "code-v2")
    assert sorted(run(small_docs, out).rebuilt) == [
        ("tiny-contour", "code changed"),
        ("tiny-line", "code changed"),
    ]


def test_code_hash_covers_the_core_and_the_figure_code():
    folders = {p.name for p in build.FIGURE_CODE}
    assert folders == {"figures", "losslandscape"}


def test_force_and_only(small_docs, tmp_path):
    out = tmp_path / "build"
    run(small_docs, out)
    assert run(small_docs, out, force=True, only=["tiny-line"]).rebuilt == [
        ("tiny-line", "forced")
    ]
    with pytest.raises(AuthorError, match="allowed: tiny-contour, tiny-line"):
        run(small_docs, out, only=["nope"])


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda out: (out / "cache" / "figures" / "tiny-line.json").unlink(), "new"),
        (
            lambda out: (out / "cache" / "figures" / "tiny-line.json").write_text(
                "{not json"
            ),
            "corrupt cache entry",
        ),
        (
            lambda out: (out / "cache" / "figures" / "tiny-line.json").write_text(
                '{"key": 1}'
            ),
            "corrupt cache entry",
        ),
        (
            lambda out: (out / "site" / "figures" / "tiny-line.svg").unlink(),
            "output missing (tiny-line.svg)",
        ),
        (
            lambda out: (out / "site" / "figures" / "tiny-line.svg").write_text("<svg"),
            "output corrupt (tiny-line.svg)",
        ),
    ],
)
def test_damaged_cache_or_output_is_rebuilt(small_docs, tmp_path, damage, reason):
    out = tmp_path / "build"
    run(small_docs, out)
    good = (out / "site" / "figures" / "tiny-line.svg").read_bytes()
    damage(out)
    assert run(small_docs, out).rebuilt == [("tiny-line", reason)]
    assert (out / "site" / "figures" / "tiny-line.svg").read_bytes() == good


def test_interrupted_write_leaves_no_truncated_file(small_docs, tmp_path, monkeypatch):
    out = tmp_path / "build"
    run(small_docs, out)
    target = out / "site" / "figures" / "tiny-contour.png"
    good = target.read_bytes()
    write_docs(small_docs.parent, PAGE.replace("steps: 5", "steps: 7"))
    real_fsync = atomic.os.fsync

    def die(fd):  # the process dies after writing, before the rename
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", die)
    with pytest.raises(KeyboardInterrupt):
        run(small_docs, out)
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert target.read_bytes() == good  # the old file, whole
    assert not list(out.rglob(f"*{atomic.TEMP_SUFFIX}"))  # no temporary left
    assert run(small_docs, out).rebuilt == [("tiny-contour", "params changed")]


def test_leftover_temporaries_of_a_killed_build_are_removed(small_docs, tmp_path):
    out = tmp_path / "build"
    run(small_docs, out)
    leftover = out / "site" / "figures" / f".tiny-line.svg.x{atomic.TEMP_SUFFIX}"
    leftover.write_bytes(b"half")
    run(small_docs, out)
    assert not leftover.exists()


def test_docs_are_never_written(small_docs, tmp_path):
    before = {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in small_docs.rglob("*")
        if p.is_file()
    }
    run(small_docs, tmp_path / "build")
    after = {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in small_docs.rglob("*")
        if p.is_file()
    }
    assert after == before


def test_two_clean_builds_are_byte_identical(small_docs, tmp_path):
    run(small_docs, tmp_path / "a")
    run(small_docs, tmp_path / "b")
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_cli_bad_block_exits_1_with_the_authors_error(no_lessons, tmp_path, capsys):
    docs = write_docs(tmp_path, PAGE.replace("view: contour", "view: surf"))
    code = build.main(["--docs", str(docs), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 1
    err = capsys.readouterr().err
    assert (
        f"{docs}/lessons/page.md:11: figure 'tiny-contour': field 'view': "
        "'surf' is not allowed" in err
    )
    assert "allowed: surface, contour, line, animation" in err


def test_a_lesson_of_the_nav_without_a_chapter_exits_1_before_drawing(
    no_lessons, tmp_path, capsys
):
    """The nav of mkdocs.yml beside docs/ says which pages are lessons."""
    docs = write_docs(tmp_path)
    (docs / "lessons" / "first.md").write_text("---\nchapter: 1\n---\n# First\n")
    nav = "nav:\n  - index.md\n  - Lessons:\n      - lessons/first.md\n"
    nav += "      - lessons/page.md\n"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n" + nav, encoding="utf-8")
    code = build.main(["--docs", str(docs), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 1
    assert (
        f"{docs}/lessons/page.md:1: field 'chapter': a lesson of the nav has no "
        "chapter: while others have one" in capsys.readouterr().err
    )
    assert not (tmp_path / "out" / "site" / "figures").exists()


def test_cli_list(small_docs, capsys):
    assert build.main(["--docs", str(small_docs), "--list"]) == 0
    out = capsys.readouterr().out
    assert "tiny-contour" in out and "tiny-line" in out


def test_duplicate_ids_fail(no_lessons, tmp_path):
    docs = write_docs(tmp_path, PAGE.replace("id: tiny-line", "id: tiny-contour"))
    with pytest.raises(
        AuthorError, match="'tiny-contour': field 'id': id is already declared"
    ):
        run(docs, tmp_path / "out")


def test_renamed_and_deleted_figures_and_pages_leave_the_site(small_docs, tmp_path):
    out = tmp_path / "build"
    run(small_docs, out)
    (small_docs / "index.md").unlink()
    write_docs(small_docs.parent, PAGE.replace("id: tiny-line", "id: tiny-cut"))
    (small_docs / "index.md").unlink()
    report = run(small_docs, out)
    figures = sorted(p.name for p in (out / "site" / "figures").iterdir())
    assert figures == [
        "tiny-contour.html",
        "tiny-contour.json",
        "tiny-contour.png",
        "tiny-cut.svg",
    ]
    assert not (out / "cache" / "figures" / "tiny-line.json").exists()
    assert not (out / "pages" / "index.md").exists()
    assert "pages/index.md" in report.pruned
    assert "site/figures/tiny-line.svg" in report.pruned
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["figures"]) == {"tiny-contour", "tiny-cut"}
    assert set(manifest["pages"]) == {"lessons/page.md"}


def test_the_full_plotly_js_of_an_earlier_build_is_removed(small_docs, tmp_path):
    out = tmp_path / "build"
    old = {
        out / "site/assets/plotly.min.js": "/* plotly.js */",
        out / "cache/_plotly-js.json": "{}",
    }
    for path, text in old.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    report = run(small_docs, out)
    assert [path for path in old if path.exists()] == []
    assert {"site/assets/plotly.min.js", "cache/_plotly-js.json"} <= set(report.pruned)


def test_only_keeps_the_figures_it_did_not_build(small_docs, tmp_path):
    out = tmp_path / "build"
    run(small_docs, out)
    before = tree(out / "site" / "figures")
    assert run(small_docs, out, only=["tiny-line"]).pruned == []
    assert tree(out / "site" / "figures") == before


def test_a_bug_in_a_renderer_is_not_reported_as_the_authors_error(
    small_docs, tmp_path, monkeypatch
):
    from lessonkit.figures import registry

    def broken(data, spec):
        raise ValueError("x and y must have the same first dimension")  # our bug

    builder = registry.get("landscape")
    monkeypatch.setitem(
        registry._BUILDERS, "landscape", replace(builder, draw_static=broken)
    )
    with pytest.raises(ValueError, match="same first dimension") as info:
        run(small_docs, tmp_path / "build", workers=1)
    assert not isinstance(info.value, AuthorError)


def test_a_value_the_core_rejects_is_the_authors_error(
    small_docs, tmp_path, monkeypatch
):
    from lessonkit.figures import registry
    from losslandscape import ArgumentError

    def rejecting(params):
        raise ArgumentError("lr must be a finite number in [0, inf); got -1.0")

    builder = registry.get("landscape")
    monkeypatch.setitem(
        registry._BUILDERS, "landscape", replace(builder, compute=rejecting)
    )
    with pytest.raises(AuthorError, match="the core rejected it: lr must be"):
        run(small_docs, tmp_path / "build", workers=1)


def test_every_library_that_writes_output_bytes_is_in_the_cache_key():
    """Pillow writes the PNGs (palette quantization): a new Pillow rebuilds them."""
    from importlib import metadata

    from lessonkit import hashing

    versions = hashing.library_versions()
    for name in ("numpy", "matplotlib", "plotly", "pillow"):
        assert versions[name] == metadata.version(name)


def test_a_new_pillow_rebuilds_every_figure(small_docs, tmp_path, monkeypatch):
    from lessonkit import hashing

    out = tmp_path / "build"
    run(small_docs, out)
    real = hashing.library_versions()
    monkeypatch.setattr(
        hashing, "library_versions", lambda: {**real, "pillow": "0.0-other"}
    )
    assert {why for _, why in run(small_docs, out).rebuilt} == {
        "library versions changed"
    }


def test_parallel_and_serial_builds_are_byte_identical(small_docs, tmp_path):
    run(small_docs, tmp_path / "serial", workers=1)
    run(small_docs, tmp_path / "parallel", workers=2)
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_cli_rejects_zero_jobs(small_docs, capsys):
    with pytest.raises(SystemExit) as info:
        build.main(["--docs", str(small_docs), "--jobs", "0"])
    assert (
        info.value.code == 2 and "--jobs must be at least 1" in capsys.readouterr().err
    )
