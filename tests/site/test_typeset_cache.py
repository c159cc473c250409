"""The typesetting store of docs/overrides/hooks/typeset.py: KaTeX's answers
kept on disk for the next build, in the lesson build folder. Each build here
is a freshly loaded hook (as a new `mkdocs build` process) typesetting with
the real KaTeX; the Node processes it starts are counted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from tests import hooks

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "docs" / "overrides" / "hooks" / "typeset.py"
CONFIG = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"))

FORMULAS = {
    "a.md": '<p><span class="arithmatex">\\(w_t &lt; 1\\)</span></p>',
    "b.md": '<div class="arithmatex">\\[\\frac{1}{N}\\sum_i L_i\\]</div>',
}


@pytest.fixture
def build_dir(tmp_path, monkeypatch) -> Path:
    """The lesson build folder of these builds (never the checkout's)."""
    folder = tmp_path / "build"
    monkeypatch.setenv("LESSONKIT_BUILD_DIR", str(folder))
    monkeypatch.delenv("LESSONKIT_MATH_CACHE", raising=False)
    return folder


class Build:
    """One build by a freshly loaded hook: its pages and the Node processes
    it started."""

    def __init__(self, **patches) -> None:
        self.hook = hooks.load("typeset", "typeset_cache_test")
        for name, value in patches.items():
            setattr(self.hook, name, value)
        self.started = 0
        start = self.hook._start

        def counted_start():
            self.started += 1
            return start()

        self.hook._start = counted_start

    def run(self, pages: dict[str, str], sources: dict[str, Path] | None = None):
        """The typeset HTML of each page; the store written as after a build."""
        hook, out = self.hook, {}
        hook.on_startup(command="build", dirty=False)
        hook.on_pre_build(config=CONFIG)
        try:
            for src, html in pages.items():
                path = (sources or {}).get(src)
                file = SimpleNamespace(src_uri=src, abs_src_path=path and str(path))
                page = SimpleNamespace(file=file, url=src.replace(".md", "/"))
                out[src] = hook.on_page_content(
                    html, page=page, config=CONFIG, files=None
                )
        except PluginError as error:
            hook.on_build_error(error=error)
            raise
        hook.on_post_build(config=CONFIG)
        return out


def store(build_dir: Path) -> dict:
    return json.loads((build_dir / "cache" / "typeset.json").read_text())


def test_a_warm_build_starts_no_node_and_gives_the_same_pages(build_dir):
    cold = Build()
    first = cold.run(FORMULAS)
    assert cold.started == 1
    warm = Build()
    assert warm.run(FORMULAS) == first
    assert warm.started == 0
    assert "katex" in first["a.md"] and "data-search-exclude" in first["a.md"]
    texs = [row[0] for row in store(build_dir)["formulas"]]
    assert texs == ["\\frac{1}{N}\\sum_i L_i", "w_t < 1"]


def test_the_store_is_in_the_build_folder_only(build_dir, tmp_path):
    Build().run(FORMULAS)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert written == ["build", "build/cache", "build/cache/typeset.json"]


def test_a_changed_formula_is_typeset_again_and_the_old_one_dropped(build_dir):
    Build().run(FORMULAS)
    edited = {**FORMULAS, "a.md": '<span class="arithmatex">\\(v_t^2\\)</span>'}
    build = Build()
    out = build.run(edited)
    assert build.started == 1
    assert '<annotation encoding="application/x-tex">v_t^2</annotation>' in out["a.md"]
    assert "w_t" not in out["a.md"]
    texs = [row[0] for row in store(build_dir)["formulas"]]
    assert texs == ["\\frac{1}{N}\\sum_i L_i", "v_t^2"]  # w_t < 1 let go


def test_an_unchanged_build_does_not_rewrite_the_store(build_dir):
    Build().run(FORMULAS)
    path = build_dir / "cache" / "typeset.json"
    path.write_text(path.read_text() + " ")  # still valid, not as written
    Build().run(FORMULAS)
    assert path.read_text().endswith(" ")


def _renderer_copy(tmp_path: Path, monkeypatch) -> Path:
    """typeset.cjs with a changed option, outside the project (KaTeX found
    through NODE_PATH)."""
    renderer = tmp_path / "typeset.cjs"
    text = (ROOT / "scripts" / "typeset.cjs").read_text()
    assert 'strict: "ignore"' in text
    renderer.write_text(text.replace('strict: "ignore"', 'strict: "warn"'))
    monkeypatch.setenv("NODE_PATH", str(ROOT / "node_modules"))
    return renderer


def _katex_package(tmp_path: Path, version: str) -> Path:
    package = json.loads((ROOT / "node_modules/katex/package.json").read_text())
    path = tmp_path / "package.json"
    path.write_text(json.dumps({**package, "version": version}))
    return path


@pytest.mark.parametrize("change", ["katex version", "typeset.cjs"])
def test_another_katex_or_renderer_typesets_everything_again(
    build_dir, tmp_path, monkeypatch, change
):
    first = Build().run(FORMULAS)
    if change == "katex version":
        patch = {"KATEX_PACKAGE": _katex_package(tmp_path, "99.0.0")}
    else:
        patch = {"RENDERER": _renderer_copy(tmp_path, monkeypatch)}
    build = Build(**patch)
    assert build.run(FORMULAS) == first  # the same KaTeX underneath
    assert build.started == 1
    written = store(build_dir)
    if change == "katex version":
        assert written["katex"] == "99.0.0"
    else:
        assert written["renderer"] == Build(**patch).hook.store_key()["renderer"]
    again = Build(**patch)
    again.run(FORMULAS)
    assert again.started == 0  # the new store serves the next build


def _rows(data: dict, row) -> dict:
    return {**data, "formulas": [row(r) for r in data["formulas"]]}


BROKEN = {
    "empty": lambda text, data: "",
    "truncated": lambda text, data: text[: len(text) // 2],
    "not JSON": lambda text, data: "\x00\x01 not json",
    "a list": lambda text, data: "[]",
    "another format": lambda text, data: json.dumps({**data, "format": 0}),
    "another KaTeX": lambda text, data: json.dumps({**data, "katex": "0.1.0"}),
    "another renderer": lambda text, data: json.dumps({**data, "renderer": "0"}),
    "no formulas": lambda text, data: json.dumps({**data, "formulas": None}),
    "short rows": lambda text, data: json.dumps(_rows(data, lambda r: r[:2])),
    "display not bool": lambda text, data: json.dumps(
        _rows(data, lambda r: [r[0], 1, r[2]])
    ),
    "html not text": lambda text, data: json.dumps(
        _rows(data, lambda r: [r[0], r[1], None])
    ),
}


@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_a_broken_or_foreign_store_is_rebuilt_not_trusted(build_dir, broken):
    first = Build().run(FORMULAS)
    path = build_dir / "cache" / "typeset.json"
    good = path.read_text()
    path.write_text(BROKEN[broken](good, json.loads(good)))
    build = Build()
    assert build.run(FORMULAS) == first
    assert build.started == 1
    assert path.read_text() == good


def test_a_foreign_store_with_false_html_is_not_used(build_dir):
    first = Build().run(FORMULAS)
    path = build_dir / "cache" / "typeset.json"
    data = json.loads(path.read_text())
    forged = _rows({**data, "katex": "0.1.0"}, lambda r: [r[0], r[1], "FORGED"])
    path.write_text(json.dumps(forged))
    out = Build().run(FORMULAS)
    assert out == first and "FORGED" not in "".join(out.values())


# A restored build/cache/ is untrusted: an answer in the right place that is
# not KaTeX's markup for its formula is typeset again.
FORGED = {
    "a script": lambda h: h.replace("</span>", "<script>alert(1)</script></span>", 1),
    "an event handler": lambda h: h.replace('class="katex"', 'onclick="x()"', 1),
    "an unclosed tag": lambda h: h + '<img src="x" onerror="alert(1)" ',
    "a remote style": lambda h: h.replace('style="', 'style="background:url(//x);', 1),
    "a link": lambda h: h.replace("<mi>", '<mi href="//x">', 1),
    "a comment": lambda h: h + "<!-- x -->",
    "another formula": lambda h: h.replace("w_t &lt; 1", "w_t &lt; 2"),
}


@pytest.mark.parametrize("forged", FORGED, ids=list(FORGED))
def test_a_stored_answer_that_is_not_katexs_is_typeset_again(build_dir, forged):
    first = Build().run(FORMULAS)
    path = build_dir / "cache" / "typeset.json"
    good = path.read_text()
    data = json.loads(good)
    row = next(r for r in data["formulas"] if r[0] == "w_t < 1")
    row[2] = FORGED[forged](row[2])
    assert row[2] != json.loads(good)["formulas"][1][2]  # the forgery took
    path.write_text(json.dumps(data))
    build = Build()
    assert build.run(FORMULAS) == first
    assert build.started == 1
    assert path.read_text() == good


def test_every_answer_katex_gave_for_the_course_passes_the_check():
    """KaTeX's real answers (SVG of roots and wide accents, colour, arrays,
    text) pass the check, so a store of good answers is kept."""
    hook = Build().hook
    texs = [
        "\\hat{y}_i",
        "\\sqrt{x^2 + y^2}",
        "\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}",
        "\\overrightarrow{AB}",
        "\\color{red} x",
        "\\left( \\frac{\\partial L}{\\partial w} \\right)",
        "\\operatorname{argmin}_\\theta \\sum_{i=1}^N",
        "\\text{if } x > 0",
        "\\underbrace{a + b}_{n}",
        "\\widehat{xyz}",
    ]
    answers = hook.render([(tex, True) for tex in texs])
    hook.stop()
    for tex, answer in zip(texs, answers, strict=True):
        assert hook.katex_made(tex, answer["html"]), tex


def test_a_malformed_formula_fails_every_build_and_is_never_stored(build_dir, tmp_path):
    Build().run(FORMULAS)
    source = tmp_path / "c.md"
    source.write_text("# C\n\nGood $w_t < 1$.\n\nBad $\\frac{1}{$ here.\n")
    bad = '<span class="arithmatex">\\(\\frac{1}{\\)</span>' + FORMULAS["a.md"]
    pages = {**FORMULAS, "c.md": bad}
    for _ in range(2):
        build = Build()
        with pytest.raises(PluginError, match=rf"{source}:5: math: KaTeX parse"):
            build.run(pages, sources={"c.md": source})
        assert build.started == 1
    texs = [row[0] for row in store(build_dir)["formulas"]]
    assert "\\frac{1}{" not in texs


def test_switched_off_no_store_is_read_or_written(build_dir, monkeypatch):
    first = Build().run(FORMULAS)
    path = build_dir / "cache" / "typeset.json"
    path.unlink()
    monkeypatch.setenv("LESSONKIT_MATH_CACHE", "off")
    build = Build()
    assert build.run(FORMULAS) == first
    assert build.started == 1 and not path.exists()
    monkeypatch.setenv("LESSONKIT_MATH_CACHE", "maybe")
    with pytest.raises(PluginError, match="LESSONKIT_MATH_CACHE='maybe'.*on, off"):
        Build().run(FORMULAS)


def test_serve_keeps_its_memory_and_node_while_katex_is_unchanged(build_dir):
    build = Build()
    build.hook.on_startup(command="serve", dirty=False)
    for _ in range(2):
        build.hook.on_pre_build(config=CONFIG)
        build.hook.on_page_content(
            FORMULAS["a.md"],
            page=SimpleNamespace(file=SimpleNamespace(src_uri="a.md"), url="a/"),
            config=CONFIG,
            files=None,
        )
        build.hook.on_post_build(config=CONFIG)
    assert build.started == 1 and build.hook._process is not None
    build.hook.on_shutdown()


SITE = """\
    site_name: T
    hooks: [{hook}]
    markdown_extensions:
      - pymdownx.arithmatex: {{generic: true}}
    """
PAGE = "# T\n\nInline $w_t < 1$ and\n\n$$\n\\frac{1}{N}\\sum_i L_i\n$$\n"


def _mkdocs_build(project: Path, site: str, **env) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0", **env}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", site]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_mkdocs_build_is_byte_identical_cold_warm_and_without_the_store(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(PAGE)
    (project / "mkdocs.yml").write_text(textwrap.dedent(SITE.format(hook=HOOK)))
    out = {"LESSONKIT_BUILD_DIR": str(tmp_path / "build")}
    _mkdocs_build(project, "cold", **out)
    # Warm: with no node on PATH, a build that needed Node would fail.
    no_node = tmp_path / "empty-bin"
    no_node.mkdir()
    assert shutil.which("node", path=str(no_node)) is None
    _mkdocs_build(project, "warm", PATH=str(no_node), **out)
    _mkdocs_build(project, "off", LESSONKIT_MATH_CACHE="off", **out)
    cold = _files(project / "cold")
    assert 'class="katex-display"' in cold["index.html"].decode()
    assert _files(project / "warm") == cold
    assert _files(project / "off") == cold
    assert sorted(p.name for p in (project / "docs").iterdir()) == ["index.md"]
    assert (tmp_path / "build" / "cache" / "typeset.json").is_file()
