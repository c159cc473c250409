"""The thin MkDocs hook (docs/overrides/hooks/lessons.py) against a fake lesson build.

Each test builds a tiny project in tmp_path whose `lesson_src/lessonkit/build.py`
stands in for the real one (the hook puts lesson_src/ first on PYTHONPATH), loads
it with MkDocs' own config loader and runs the hook through MkDocs' event calls.
"""

import importlib.util
import inspect
import json
import logging
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "docs" / "overrides" / "hooks" / "lessons.py"

# Writes what CONTRIBUTING.md promises, or fails like an author's mistake would.
FAKE_BUILD = """
import hashlib, json, os, sys
from pathlib import Path

KIT = "kit v1"  # the kit's own code: the tests edit it
args = sys.argv[1:]
docs, out = Path(args[args.index("--docs") + 1]), Path(args[args.index("--out") + 1])
out.mkdir(parents=True, exist_ok=True)
(out / "argv.json").write_text(json.dumps(args))
with open(out / "runs.log", "a") as runs:  # how many times the build ran
    runs.write("run\\n")
text = (docs / "index.md").read_text(encoding="utf-8")
if os.environ.get("FAKE_BUILD") == "fail" or "view: cube" in text:
    print("docs/index.md:7: figure: view 'cube' unknown; allowed: surface, contour",
          file=sys.stderr)
    sys.exit(1)
print("note: entry 'lecun98' is never cited", file=sys.stderr)
core = Path(__file__).resolve().parents[1] / "losslandscape" / "__init__.py"
(out / "site" / "figures").mkdir(parents=True, exist_ok=True)
(out / "site" / "figures" / "demo.svg").write_text("<svg/>")
figure = {"kit": KIT, "core": core.read_text() if core.exists() else None,
          "block": [line for line in text.split("\\n") if ":" in line]}
(out / "site" / "figures" / "demo.json").write_text(json.dumps(figure))
(out / "pages").mkdir(exist_ok=True)
source = text.encode("utf-8")
expanded = '# Home\\n\\n<figure class="ll-figure"></figure>\\n'
(out / "pages" / "index.md").write_text("---\\ntitle: Home\\n---\\n\\n" + expanded)
manifest = {"pages": {"index.md": {
    "source_sha256": hashlib.sha256(source).hexdigest(), "expanded": "pages/index.md"}}}
(out / "manifest.json").write_text(json.dumps(manifest))
"""

PAGE = "---\ntitle: Home\n---\n\n# Home\n\n```figure\nid: demo\n```\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with docs/, a fake lessonkit.build and a fake KaTeX."""
    monkeypatch.delenv("LESSONKIT_BUILD_DIR", raising=False)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE)
    package = tmp_path / "lesson_src" / "lessonkit"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "build.py").write_text(FAKE_BUILD)
    katex = tmp_path / "node_modules" / "katex" / "dist"
    (katex / "contrib").mkdir(parents=True)
    (katex / "fonts").mkdir()
    for name in ["katex.js", "katex.min.css", "contrib/auto-render.min.js"]:
        (katex / name).write_text(f"/* {name} */")  # only the CSS is served
    for name in ["KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2"]:
        (katex / "fonts" / name).write_bytes(b"font")
    for package, name in [
        ("plotly.js-cartesian-dist-min", "plotly-cartesian.min.js"),
        ("plotly.js-gl3d-dist-min", "plotly-gl3d.min.js"),
    ]:
        (tmp_path / "node_modules" / package).mkdir(parents=True)
        (tmp_path / "node_modules" / package / name).write_text(f"/* {name} */")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n")
    return tmp_path


def config_of(project, extra=""):
    """The project's config with the hook under test (and any extra YAML)."""
    text = f"site_name: Test\nhooks:\n  - {HOOK}\n{textwrap.dedent(extra)}"
    (project / "mkdocs.yml").write_text(text)
    return load_config(str(project / "mkdocs.yml"))


def page_of(config, src_uri):
    file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
    return SimpleNamespace(file=file)


def test_build_command_gets_docs_out_and_flags(project):
    for extra, flag in [
        ("", []),
        ("use_directory_urls: false\n", ["--no-directory-urls"]),
    ]:
        config = config_of(project, extra)
        config.plugins.on_pre_build(config=config)
        argv = json.loads((project / "build" / "argv.json").read_text())
        expected = ["--docs", str(config.docs_dir), "--out", str(project / "build")]
        assert argv == [*expected, *flag, "--quiet"]


def test_files_under_build_site_and_katex_are_added(project):
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    files = config.plugins.on_files(Files([]), config=config)
    added = {f.src_uri: Path(f.abs_src_path) for f in files}
    site, katex = (
        project / "build" / "site",
        project / "node_modules" / "katex" / "dist",
    )
    assert added["figures/demo.svg"] == site / "figures" / "demo.svg"
    assert added["figures/demo.json"] == site / "figures" / "demo.json"
    assert added["assets/katex/katex.min.css"] == katex / "katex.min.css"
    assert added["assets/katex/fonts/KaTeX_Math-Italic.woff2"] == (
        katex / "fonts" / "KaTeX_Math-Italic.woff2"
    )
    # Math is typeset at build time: no KaTeX script reaches the site.
    assert not [uri for uri in added if "katex" in uri and uri.endswith(".js")]
    plotly = project / "node_modules"
    assert added["assets/plotly/plotly-cartesian.min.js"] == (
        plotly / "plotly.js-cartesian-dist-min" / "plotly-cartesian.min.js"
    )
    assert added["assets/plotly/plotly-gl3d.min.js"] == (
        plotly / "plotly.js-gl3d-dist-min" / "plotly-gl3d.min.js"
    )
    assert len(added) == 7
    # Nothing was written into docs/.
    assert sorted(p.name for p in (project / "docs").rglob("*")) == ["index.md"]


def markdown_event(config, markdown, src_uri):
    page = page_of(config, src_uri)
    return config.plugins.on_page_markdown(
        markdown, page=page, config=config, files=None
    )


def content_event(config, html, src_uri):
    page = page_of(config, src_uri)
    return config.plugins.on_page_content(html, page=page, config=config, files=None)


def test_page_is_swapped_only_while_its_source_hash_matches(project, caplog):
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    original = "# Home\n\n```figure\nid: demo\n```\n"
    swapped = markdown_event(config, original, "index.md")
    assert swapped.strip() == '# Home\n\n<figure class="ll-figure"></figure>'

    (project / "docs" / "index.md").write_text(PAGE + "\nEdited after the build.\n")
    with caplog.at_level(logging.WARNING):
        kept = markdown_event(config, original, "index.md")
    assert kept == original
    assert "index.md changed after the lesson build" in caplog.text


def test_page_hash_reads_text_like_lessonkit_with_any_newlines(project):
    (project / "docs" / "index.md").write_bytes(PAGE.replace("\n", "\r\n").encode())
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    swapped = markdown_event(config, "original", "index.md")
    assert swapped.strip() == '# Home\n\n<figure class="ll-figure"></figure>'


def test_page_missing_from_manifest_is_left_alone(project):
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    (project / "docs" / "other.md").write_text("# Other\n")
    assert markdown_event(config, "# Other\n", "other.md") == "# Other\n"


def test_failing_build_raises_plugin_error_with_its_message(project, monkeypatch):
    monkeypatch.setenv("FAKE_BUILD", "fail")
    config = config_of(project)
    with pytest.raises(PluginError, match=r"docs/index\.md:7: figure: view 'cube'"):
        config.plugins.on_pre_build(config=config)


def test_missing_build_module_is_a_clear_error(project):
    (project / "lesson_src" / "lessonkit" / "build.py").unlink()
    config = config_of(project)
    with pytest.raises(PluginError, match=r"lessonkit\.build.*not importable"):
        config.plugins.on_pre_build(config=config)


def test_missing_manifest_is_an_error(project):
    build = project / "lesson_src" / "lessonkit" / "build.py"
    build.write_text(FAKE_BUILD + "\n(out / 'manifest.json').unlink()\n")
    config = config_of(project)
    with pytest.raises(PluginError, match="wrote no .*manifest.json"):
        config.plugins.on_pre_build(config=config)


@pytest.mark.parametrize(
    "remove", ["katex.min.css", "katex.js", "fonts/*", "fonts/*.woff2", "fonts"]
)
def test_missing_or_half_installed_katex_says_how_to_install_it(project, remove):
    """A half-finished `npm ci` (no fonts) was a FileNotFoundError (issue 10)."""
    import shutil

    config = config_of(project)
    dist = project / "node_modules" / "katex" / "dist"
    for path in dist.glob(remove):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    with pytest.raises(PluginError, match=r"KaTeX is missing or incomplete.*npm ci"):
        config.plugins.on_files(Files([]), config=config)


def test_missing_plotly_bundle_says_how_to_install_it(project):
    config = config_of(project)
    bundle = project / "node_modules" / "plotly.js-gl3d-dist-min" / "plotly-gl3d.min.js"
    bundle.unlink()
    with pytest.raises(PluginError, match=r"plotly-gl3d\.min\.js; run `make setup`"):
        config.plugins.on_files(Files([]), config=config)


def test_generated_file_may_not_replace_a_docs_file(project):
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    (project / "docs" / "figures").mkdir()
    (project / "docs" / "figures" / "demo.svg").write_text("<svg/>")
    docs_file = File("figures/demo.svg", config.docs_dir, config.site_dir, True)
    with pytest.raises(PluginError, match="figures/demo.svg"):
        config.plugins.on_files(Files([docs_file]), config=config)


def test_notebook_pages_lose_cdn_scripts_and_keep_their_own(project):
    config = config_of(project)
    html = (
        '<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js">'
        " </script>\n"
        '<script type="text/x-mathjax-config">init_mathjax = function() {}</script>\n'
        '<script type="module">const m = (await import("https://cdnjs.example/m.mjs"));'
        "</script>\n"
        '<script src=""> </script>\n'
        "<script>document.addEventListener('clipboard-copy', () => {})</script>\n"
        "<p>Loss $L(\\theta)$</p>"
    )
    cleaned = content_event(config, html, "lab/explore.ipynb")
    assert "https://" not in cleaned
    assert 'src=""' not in cleaned
    assert "mathjax" not in cleaned.lower()
    assert "clipboard-copy" in cleaned
    assert "<p>Loss $L(\\theta)$</p>" in cleaned
    # Markdown pages are not touched.
    assert content_event(config, html, "index.md") == html


def test_notebook_code_cells_are_keyboard_focusable(project):
    config = config_of(project)
    cell = '<div class="highlight-ipynb hl-python"><pre><span class="n">x</span></pre>'
    html = (
        f"{cell}\n{cell}\n"
        '<div class="jp-Cell-inputWrapper" tabindex="0">\n'
        '<div tabindex="-1" class="highlight-ipynb hl-python"></div>\n'
        '<div class="highlight-ipynb-extra"></div>\n'
        '<div class="highlight"><pre></pre></div>'
    )
    cleaned = content_event(config, html, "lab/explore.ipynb")
    focusable = '<div tabindex="0" class="highlight-ipynb hl-python"><pre>'
    assert cleaned.count(focusable) == 2
    # An author's own tabindex stays; other classes and elements are untouched.
    assert '<div tabindex="-1" class="highlight-ipynb hl-python">' in cleaned
    assert cleaned.count("tabindex=") == 4
    assert '<div class="highlight-ipynb-extra">' in cleaned
    assert '<div class="highlight"><pre>' in cleaned
    # Markdown pages are not touched (Material makes its own code focusable).
    assert content_event(config, html, "index.md") == html


def test_serve_watches_lesson_src(project):
    watched = []
    server = SimpleNamespace(watch=lambda path, *args, **kwargs: watched.append(path))
    config = config_of(project)
    assert config.plugins.on_serve(server, config=config, builder=None) is server
    assert watched == [str(project / "lesson_src")]


def cache_dir_after_config_event(project):
    extra = "plugins:\n  - mkdocs-jupyter:\n      cache_dir: build/cache/jupyter\n"
    config = config_of(project, extra)
    config = config.plugins.on_config(config)
    return Path(config.plugins["mkdocs-jupyter"].config["cache_dir"])


def test_notebook_cache_is_keyed_by_the_package_sources(project):
    first = cache_dir_after_config_event(project)
    assert cache_dir_after_config_event(project) == first
    (project / "lesson_src" / "lessonkit" / "calc.py").write_text("X = 1\n")
    changed = cache_dir_after_config_event(project)
    assert first.parent == changed.parent == project / "build" / "cache" / "jupyter"
    assert changed != first


def test_snippet_folders_are_relative_to_mkdocs_yml(project, monkeypatch):
    monkeypatch.chdir(project / "docs")
    extra = """
    markdown_extensions:
      - pymdownx.snippets:
          base_path: [lesson_src, docs]
    """
    config = config_of(project, extra)
    config = config.plugins.on_config(config)
    base = config.mdx_configs["pymdownx.snippets"]["base_path"]
    assert base == [str(project / "lesson_src"), str(project / "docs")]


def test_switched_off_the_hook_runs_nothing_and_adds_nothing(project, monkeypatch):
    monkeypatch.setenv("LESSONKIT_HOOK", "off")
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    assert not (project / "build").exists()
    files = config.plugins.on_files(Files([]), config=config)
    assert list(files) == []
    assert markdown_event(config, PAGE, "index.md") == PAGE


def test_unknown_switch_value_is_an_error(project, monkeypatch):
    monkeypatch.setenv("LESSONKIT_HOOK", "no")
    config = config_of(project)
    with pytest.raises(PluginError, match="LESSONKIT_HOOK='no' is not allowed"):
        config.plugins.on_pre_build(config=config)


@pytest.mark.parametrize("relative", [True, False])
def test_the_build_folder_can_be_moved(
    project, tmp_path_factory, monkeypatch, relative
):
    """Tests build into temporary folders, never into the checkout's build/."""
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "out"
    value = os.path.relpath(elsewhere, project) if relative else str(elsewhere)
    monkeypatch.setenv("LESSONKIT_BUILD_DIR", value)
    extra = "plugins:\n  - mkdocs-jupyter:\n      cache_dir: build/cache/jupyter\n"
    config = config_of(project, extra)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    argv = json.loads((elsewhere / "argv.json").read_text())
    assert Path(argv[argv.index("--out") + 1]).resolve() == elsewhere.resolve()
    files = config.plugins.on_files(Files([]), config=config)
    added = {f.src_uri: Path(f.abs_src_path).resolve() for f in files}
    assert added["figures/demo.svg"] == (elsewhere / "site/figures/demo.svg").resolve()
    cache = Path(config.plugins["mkdocs-jupyter"].config["cache_dir"]).resolve()
    assert cache.parent == (elsewhere / "cache" / "jupyter").resolve()
    assert not (project / "build").exists()


def _mkdocs_events() -> dict[str, list[tuple[str, bool]]]:
    """MkDocs' own declaration of each event (BasePlugin in mkdocs/plugins.py):
    its parameters after self, each with whether it is keyword-only."""
    import ast

    import mkdocs.plugins

    tree = ast.parse(Path(mkdocs.plugins.__file__).read_text(encoding="utf-8"))
    base = next(
        n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "BasePlugin"
    )
    events = {}
    for node in base.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("on_"):
            args = node.args
            positional = [a.arg for a in args.posonlyargs + args.args][1:]
            events[node.name] = [(a, False) for a in positional] + [
                (a.arg, True) for a in args.kwonlyargs
            ]
    return events


@pytest.mark.parametrize("hook", sorted(HOOK.parent.glob("*.py")), ids=lambda p: p.name)
def test_events_are_keyword_only_and_typed(hook):
    """As Material's own plugins, and with MkDocs' own parameter names: the
    event's item positional only, the rest by keyword, every one annotated."""
    reference = _mkdocs_events()
    spec = importlib.util.spec_from_file_location(f"hook_{hook.stem}", hook)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    events = [name for name in vars(module) if name.startswith("on_")]
    assert events, f"{hook.name} handles no MkDocs event"
    for name in events:
        assert name in reference, f"{hook.name}: {name} is not a MkDocs event"
        signature = inspect.signature(getattr(module, name))
        params = list(signature.parameters.values())
        got = [(p.name, p.kind is p.KEYWORD_ONLY) for p in params]
        assert got == reference[name], f"{hook.name}: {name}{signature}"
        assert all(p.kind in (p.POSITIONAL_ONLY, p.KEYWORD_ONLY) for p in params), (
            f"{hook.name}: {name}: the item must be positional only"
        )
        assert all(p.annotation is not p.empty for p in params), name
        assert signature.return_annotation is not inspect.Signature.empty, name


# The spare process of `mkdocs serve` -------------------------------------------

# Records what the spare process had imported before the build's own code ran.
SPARE_PROBE = """
import json, os, sys
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--out") + 1])
out.mkdir(parents=True, exist_ok=True)
seen = {"version": VERSION, "numpy": "numpy" in sys.modules,
        "kit_ahead": "lessonkit.pages" in sys.modules,
        "argv": args, "pid": os.getpid(), "probe": os.environ.get("PROBE")}
(out / "seen.json").write_text(json.dumps(seen))
"""


@pytest.fixture
def serving(project):
    """The hook as `mkdocs serve` runs it; the spare ended afterwards."""
    config = config_of(project)
    lessons_hook().on_startup(command="serve", dirty=False)
    yield config
    lessons_hook().on_shutdown()
    lessons_hook().on_startup(command="build", dirty=False)


def write_probe(project, version):
    build_py = project / "lesson_src" / "lessonkit" / "build.py"
    build_py.write_text(FAKE_BUILD + SPARE_PROBE.replace("VERSION", str(version)))


def seen(project) -> dict:
    return json.loads((project / "build" / "seen.json").read_text())


def serve_build(config) -> None:
    """The hook's events of one build of `mkdocs serve`, as MkDocs runs them."""
    try:
        config.plugins.on_pre_build(config=config)
    except PluginError as error:
        lessons_hook().on_build_error(error=error)
        raise
    lessons_hook().on_post_build(config=config)  # (search's needs its on_config)


def test_the_spare_warms_up_after_the_build_not_during_it(project, serving):
    config = serving
    write_probe(project, 1)
    config.plugins.on_pre_build(config=config)  # the lesson build ran ...
    assert lessons_hook()._spare is None  # ... and MkDocs renders the pages
    lessons_hook().on_post_build(config=config)
    spare = lessons_hook()._spare[1]
    assert spare.poll() is None
    (project / "docs" / "index.md").write_text(PAGE + "\nEdited.\n")
    serve_build(config)
    assert seen(project)["pid"] == spare.pid and seen(project)["numpy"]


def test_serve_runs_the_next_build_in_a_warm_spare(project, serving):
    config = serving
    write_probe(project, 1)
    kit_module = project / "lesson_src" / "lessonkit" / "pages.py"
    kit_module.write_text("VERSION = 1\n")  # a module the build imports
    serve_build(config)  # no spare yet: a fresh process
    assert seen(project)["version"] == 1 and not seen(project)["numpy"]
    assert not seen(project)["kit_ahead"]
    # ... and then the spare starts, and warms up, the kit's modules too.
    spare = lessons_hook()._spare[1]
    (project / "docs" / "index.md").write_text(PAGE + "\nEdited.\n")
    serve_build(config)
    got = seen(project)
    assert got["pid"] == spare.pid and got["numpy"]  # the warm one ran it
    assert got["kit_ahead"] and got["version"] == 1
    assert got["argv"][-1] == "--quiet" and "--docs" in got["argv"]
    assert lessons_hook()._spare[1].pid != spare.pid  # the next one


# A module of the kit that says when a process imported it.
TELLING_MODULE = """
import os
from pathlib import Path
VERSION = 1
Path(__file__).parents[2].joinpath("kit-imported").write_text(str(os.getpid()))
"""


def wait_for_kit_import(project, pid: int) -> None:
    """Until process `pid` has imported the kit (a generous bound, not a timing)."""
    told = project / "kit-imported"
    for _ in range(600):
        if told.exists() and told.read_text() == str(pid):
            return
        time.sleep(0.1)
    raise AssertionError(f"process {pid} did not import the kit")


@pytest.mark.parametrize("edited", ["build.py", "pages.py", "new_module.py"])
def test_a_kit_edited_after_the_spare_started_runs_fresh(project, serving, edited):
    """The spare imported the kit as it was: the build runs a fresh process
    (the spare becomes one), with the sources as they are now."""
    config = serving
    write_probe(project, 1)
    kit = project / "lesson_src" / "lessonkit"
    (kit / "pages.py").write_text(TELLING_MODULE)
    serve_build(config)
    spare = lessons_hook()._spare[1]
    wait_for_kit_import(project, spare.pid)
    if edited == "build.py":
        write_probe(project, 2)
    else:
        (kit / edited).write_text("VERSION = 2\n")
    serve_build(config)
    got = seen(project)
    assert got["pid"] == spare.pid  # the spare's process, replaced by a fresh one
    assert not got["numpy"] and not got["kit_ahead"]
    assert got["version"] == (2 if edited == "build.py" else 1)
    assert got["argv"][-1] == "--quiet" and "--docs" in got["argv"]


def test_a_kit_that_fails_to_import_in_the_spare_runs_fresh(project, serving):
    config = serving
    write_probe(project, 1)
    kit = project / "lesson_src" / "lessonkit"
    (kit / "pages.py").write_text("raise ImportError('half-saved')\n")
    serve_build(config)
    spare = lessons_hook()._spare[1]
    (project / "docs" / "index.md").write_text(PAGE + "\nEdited.\n")
    serve_build(config)
    got = seen(project)
    assert got["pid"] == spare.pid and not got["numpy"]  # fresh, as without it
    # It fails as a fresh process would: the author's error, exit 1.
    (project / "docs" / "index.md").write_text(PAGE.replace("id: demo", "view: cube"))
    with pytest.raises(PluginError, match="view 'cube' unknown"):
        serve_build(config)
    assert lessons_hook()._spare is not None  # ready for the fixed page


def test_a_spare_of_another_environment_is_not_used(project, serving, monkeypatch):
    config = serving
    write_probe(project, 1)
    serve_build(config)
    spare = lessons_hook()._spare[1]
    monkeypatch.setenv("PROBE", "changed")
    (project / "docs" / "index.md").write_text(PAGE + "\nEdited.\n")  # a rebuild
    serve_build(config)
    assert seen(project)["probe"] == "changed" and seen(project)["pid"] != spare.pid
    assert spare.poll() is not None  # ended, not left behind


def test_no_spare_outside_serve_and_none_left_at_shutdown(project, serving):
    config = serving
    serve_build(config)
    spare = lessons_hook()._spare[1]
    lessons_hook().on_shutdown()
    assert spare.poll() == 0 and lessons_hook()._spare is None
    lessons_hook().on_startup(command="build", dirty=False)
    serve_build(config)
    assert lessons_hook()._spare is None


def lessons_hook():
    """The hook module as MkDocs loaded it (once per process)."""
    return sys.modules[str(HOOK)]


@pytest.mark.slow  # runs the real lesson build twice
def test_the_spare_builds_the_bytes_a_fresh_process_builds(tmp_path):
    """The course's real build, one figure drawn: warm imports change nothing."""
    spec = importlib.util.spec_from_file_location("lessons_spare_check", HOOK)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    env = hook.build_env(ROOT)
    built = {}
    for how in ("fresh", "spare"):
        out = tmp_path / how
        command = hook.build_command(str(ROOT / "docs"), str(out), True)
        command[-1:-1] = ["--only", "ch13-contour-paths", "--force", "--jobs", "1"]
        if how == "spare":
            hook.start_spare(ROOT, env)
        result = hook.run_build(command, ROOT, env)
        assert result.returncode == 0, result.stderr
        built[how] = {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".lock"
        }
    assert hook._spare is None  # it was used
    assert "site/figures/ch13-contour-paths.json" in built["fresh"]
    assert built["spare"] == built["fresh"]


# A build that changes nothing the lesson build reads skips it -------------------


def runs(project) -> int:
    """How many times the fake lesson build ran."""
    log = project / "build" / "runs.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def figure_output(project) -> dict:
    return json.loads((project / "build/site/figures/demo.json").read_text())


def test_a_no_change_build_reuses_the_output_without_starting_the_build(
    project, caplog
):
    config = config_of(project)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.lessons"):
        config.plugins.on_pre_build(config=config)
        config.plugins.on_pre_build(config=config)
    assert runs(project) == 1
    # The same pages are swapped in and the same notes reported as by a build.
    swapped = markdown_event(config, "original", "index.md")
    assert swapped.strip() == '# Home\n\n<figure class="ll-figure"></figure>'
    assert caplog.text.count("entry 'lecun98' is never cited") == 2


EDITS = {
    "a page's Markdown": ("docs/index.md", lambda t: t + "\nA new line: here.\n"),
    "a figure block": ("docs/index.md", lambda t: t.replace("demo", "demo\nn: 5")),
    "a core module": ("lesson_src/losslandscape/__init__.py", lambda t: "N = 2\n"),
    "the kit's code": (
        "lesson_src/lessonkit/build.py",
        lambda t: t.replace("v1", "v2"),
    ),
    "the bibliography": ("docs/references.bib", lambda t: "@misc{b, title={B}}\n"),
    "a new page": ("docs/more/new.md", lambda t: "# New\n"),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_changing_any_input_rebuilds_with_the_new_output(project, edit):
    core = project / "lesson_src" / "losslandscape" / "__init__.py"
    core.parent.mkdir()
    core.write_text("N = 1\n")
    (project / "docs" / "references.bib").write_text("@misc{a, title={A}}\n")
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    before = figure_output(project)
    name, change = EDITS[edit]
    path = project / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(change(path.read_text() if path.exists() else ""))
    config.plugins.on_pre_build(config=config)
    assert runs(project) == 2
    after = figure_output(project)
    if edit == "a figure block":
        assert after["block"] == [*before["block"], "n: 5"]
    if edit == "a core module":
        assert (before["core"], after["core"]) == ("N = 1\n", "N = 2\n")
    if edit == "the kit's code":
        assert (before["kit"], after["kit"]) == ("kit v1", "kit v2")
    config.plugins.on_pre_build(config=config)
    assert runs(project) == 2  # and the new output is reused


def test_a_changed_or_missing_output_is_rebuilt(project):
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    figure = project / "build" / "site" / "figures" / "demo.svg"
    figure.write_text("<svg>edited by hand</svg>")
    config.plugins.on_pre_build(config=config)
    assert runs(project) == 2 and figure.read_text() == "<svg/>"
    (project / "build" / "manifest.json").unlink()
    config.plugins.on_pre_build(config=config)
    assert runs(project) == 3


STAMPS = {
    "not JSON": lambda stamp: "{half a stamp",
    "not an object": lambda stamp: "[]",
    "another format": lambda stamp: json.dumps({**stamp, "format": 0}),
    "other inputs": lambda stamp: json.dumps({**stamp, "inputs": "0" * 64}),
    "bad notes": lambda stamp: json.dumps({**stamp, "notes": [1]}),
    "a field missing": lambda stamp: json.dumps({"format": stamp["format"]}),
}


@pytest.mark.parametrize("broken", STAMPS, ids=list(STAMPS))
def test_a_broken_or_foreign_stamp_is_rebuilt_not_trusted(project, broken):
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    path = project / "build" / lessons_hook().STAMP
    path.write_text(STAMPS[broken](json.loads(path.read_text())))
    config.plugins.on_pre_build(config=config)
    assert runs(project) == 2
    assert json.loads(path.read_text())["format"] == lessons_hook().STAMP_FORMAT


def test_a_failed_build_leaves_no_stamp_and_is_run_again(project, monkeypatch):
    config = config_of(project)
    config.plugins.on_pre_build(config=config)
    (project / "docs" / "index.md").write_text(PAGE.replace("id: demo", "view: cube"))
    for _ in range(2):  # the same mistake is reported on every build
        with pytest.raises(PluginError, match="view 'cube' unknown"):
            config.plugins.on_pre_build(config=config)
    assert runs(project) == 3
    assert not (project / "build" / lessons_hook().STAMP).exists()


# Runs the lesson build with every file it opens recorded (an audit hook).
OPEN_LOG = """
import os, runpy, sys
opened = set()
def record(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.add(os.path.realpath(os.fsdecode(args[0])))
sys.addaudithook(record)
log, sys.argv = sys.argv[1], ["-m", *sys.argv[2:]]
try:
    runpy.run_module("lessonkit.build", run_name="__main__", alter_sys=True)
finally:
    with open(log, "w") as handle:
        handle.write("\\n".join(sorted(opened)))
"""


@pytest.mark.slow  # runs the real lesson build, one figure drawn
def test_the_fingerprint_covers_every_project_file_the_lesson_build_opens(tmp_path):
    spec = importlib.util.spec_from_file_location("lessons_inputs_check", HOOK)
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    out, log = tmp_path / "build", tmp_path / "opened.txt"
    command = hook.build_command(str(ROOT / "docs"), str(out), True)
    command[-1:-1] = ["--only", "ch13-contour-paths", "--force", "--jobs", "1"]
    run = [sys.executable, "-c", OPEN_LOG, str(log), *command[3:]]
    done = subprocess.run(run, cwd=ROOT, env=hook.build_env(ROOT), capture_output=True)
    assert done.returncode == 0, done.stderr
    opened = {Path(p) for p in log.read_text().splitlines()}
    # Installed libraries are covered by their versions (_installed), the
    # build's own output by output_fingerprint, bytecode is the build's own.
    venv = Path(sys.prefix).resolve()
    project = [
        p
        for p in opened
        if p.is_relative_to(ROOT.resolve())
        and not p.is_relative_to(venv)
        and "__pycache__" not in p.parts
        and p.is_file()
    ]
    assert any(p.suffix == ".md" for p in project) and project
    covered = {p.resolve() for p in hook.input_files(ROOT, ROOT / "docs")}
    assert sorted(set(project) - covered) == []
