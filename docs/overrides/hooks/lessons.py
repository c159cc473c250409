"""MkDocs hook: runs the lesson build out of process and adds its output to the site.

MkDocs does not reload hooks while serving, so this module stays thin: all real
work (figures, numbers, expanded pages) runs in a fresh `python -m lessonkit.build`
process on every build. See CONTRIBUTING.md, "The build command and its output".

Under `mkdocs serve` the next build's process starts as soon as this build
is done (`on_post_build`, or `on_build_error`): while the author types, it
imports the slow third-party libraries (matplotlib, NumPy: about 0.6 s of
CPU), hashes the kit's sources, imports the kit's own modules (about 0.15 s)
and waits for the build's arguments. If the kit's sources changed since it
hashed them, or the kit failed to import, it replaces itself
with a fresh `python -m lessonkit.build`: the build always runs the sources
as they are when it starts, as a fresh process does. A spare started with
another folder or environment is ended, not used.

A build whose inputs have not changed since the last successful one does not
start the process at all: the hook keeps a fingerprint of what the lesson build
reads (the pages' Markdown, docs/references.bib, mkdocs.yml, every file under
lesson_src/, the interpreter, PYTHONPATH and the installed distributions: what
lessonkit's cache keys hash, and the pages' own sources) and of what it wrote
under the build folder, in <build>/cache/lessons-hook.json. When both match,
the previous output is used as it is. A missing, unreadable or foreign file, or
any difference, means a normal build.

LESSONKIT_HOOK=off turns the lesson build off (no figures, numbers or expanded
pages), so that `make bench` can time a bare `mkdocs build` of the same pages.
LESSONKIT_BUILD_DIR=path moves the build folder (default: build/ beside
mkdocs.yml; a relative path is taken from there): tests build into temporary
folders, never into the checkout.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from lessonkit import atomic
from lessonkit.build_folder import DEFAULT, build_folder

log = logging.getLogger("mkdocs.hooks.lessons")

BUILD_MODULE = "lessonkit.build"
# Math is typeset at build time (typeset.py): only the stylesheet and its fonts.
KATEX_FILES = ("katex.min.css",)
KATEX_DEST = "assets/katex"
# plotly.js's partial bundles from npm (lessonkit/figures/bundles.py says which
# figure needs which): node_modules/<package>/<file> -> assets/plotly/<file>.
PLOTLY_BUNDLES = {
    "plotly.js-cartesian-dist-min": "plotly-cartesian.min.js",
    "plotly.js-gl3d-dist-min": "plotly-gl3d.min.js",
}
PLOTLY_DEST = "assets/plotly"
# nbconvert puts MathJax (from a CDN, or src="" when mkdocs-jupyter blanks it),
# its config and a mermaid loader from a CDN on every notebook page; the math is
# typeset at build time instead (typeset.py).
_REMOTE_SCRIPTS = re.compile(
    r"<script\b[^>]*\bsrc=[\"'](?:https?://[^\"']*)?[\"'][^>]*>\s*</script>"
    r"|<script type=\"text/x-mathjax-config\">.*?</script>"
    r"|<script\b[^>]*>(?:(?!</script>).)*?import\(\s*[\"']https?://.*?</script>",
    re.DOTALL | re.IGNORECASE,
)
# nbconvert's code cells scroll sideways (overflow: auto) but hold nothing a
# keyboard can reach; tabindex="0" lets keyboard users scroll them (WCAG 2.1.1,
# axe "scrollable-region-focusable"), as Material does for its own code blocks.
_SCROLLING_CODE = re.compile(
    r"<div\b(?![^>]*\btabindex=)(?=[^>]*\bclass=\"(?:[^\"]*\s)?highlight-ipynb[\s\"])",
    re.IGNORECASE,
)

# The spare process of `mkdocs serve`: third-party imports first (a failure is
# left for the build's own import to report), then the kit's own modules as
# its sources are now (hashed first), then the arguments on stdin. If the kit's
# sources changed meanwhile, or an import of the kit failed, the spare becomes
# a fresh `python -m lessonkit.build` (same process, same pipes): the build
# always runs the sources as they are when it starts.
WARM_IMPORTS = (
    "numpy",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "contourpy",
    "yaml",
    "bibtexparser",
    "concurrent.futures.process",
    "importlib.metadata",
    "pkgutil",
)
KIT_PACKAGES = ("lessonkit", "losslandscape")
# What the build module imports (not the module itself: runpy runs it as
# __main__, as `python -m` does); a module the kit does not have is skipped.
KIT_IMPORTS = (
    "lessonkit.authoring",
    "lessonkit.pages",
    "lessonkit.course",
    "lessonkit.calc",
    "lessonkit.calc_cache",
    "lessonkit.figures.render",
    "lessonkit.lessons",
)
WARM_START = f"""\
import hashlib, importlib, importlib.util, json, os, pkgutil, runpy, sys
from pathlib import Path


def kit_sources():
    digest = hashlib.sha256()
    for name in {KIT_PACKAGES!r}:
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(str(path).encode() + b"\\0")
                    digest.update(path.read_bytes() + b"\\0")
    return digest.hexdigest()


def exists(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # its package does not exist
        return False


def import_kit():
    for name in {KIT_IMPORTS!r}:
        if exists(name):
            importlib.import_module(name)
    lessons = sys.modules.get("lessonkit.lessons")
    for info in pkgutil.iter_modules(getattr(lessons, "__path__", [])):
        importlib.import_module(f"lessonkit.lessons.{{info.name}}")


for name in {WARM_IMPORTS!r}:
    try:
        __import__(name)
    except Exception:
        pass
try:
    sources = kit_sources()
    import_kit()
except BaseException:
    sources = None
line = sys.stdin.readline()
if not line:
    sys.exit(0)
arguments = json.loads(line)
try:
    fresh = sources is None or kit_sources() != sources
except OSError:
    fresh = True
if fresh:
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", {BUILD_MODULE!r}, *arguments])
sys.argv = ["-m", *arguments]
runpy.run_module({BUILD_MODULE!r}, run_name="__main__", alter_sys=True)
"""

SWITCH = "LESSONKIT_HOOK"

# The fingerprint of the last successful lesson build, beside lessonkit's cache.
STAMP = "cache/lessons-hook.json"
STAMP_FORMAT = 1
# What lessonkit.build writes (its Layout and calc_cache): checked before reuse.
OUTPUTS = ("manifest.json", "site", "pages", "cache/figures", "cache/calc.json")

# Pages expanded by the last successful build: src path -> (source sha256, file).
_pages: dict[str, tuple[str, Path]] = {}
_serving = False  # `mkdocs serve` (on_startup)
_spare: tuple[tuple, subprocess.Popen] | None = None  # ((folder, env), process)
_next_spare: list[tuple[Path, dict]] = []  # serving: what the build's spare needs


def project_dir(config: MkDocsConfig) -> Path:
    """The folder holding mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def build_dir(config: MkDocsConfig) -> Path:
    """Where `lessonkit.build` writes: $LESSONKIT_BUILD_DIR, else <project>/build
    (git-ignored)."""
    return build_folder(project_dir(config))


def build_command(docs_dir: str, out_dir: str, use_directory_urls: bool) -> list[str]:
    """The lesson build, as CONTRIBUTING.md specifies it."""
    command = [sys.executable, "-m", BUILD_MODULE, "--docs", docs_dir]
    command += ["--out", out_dir]
    if not use_directory_urls:
        command.append("--no-directory-urls")
    return [*command, "--quiet"]


def source_sha256(path: str) -> str:
    """The hash lessonkit.build records: of the page's UTF-8 text, newlines as \\n."""
    text = Path(path).read_text(encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _source_fingerprint(folder: Path) -> str:
    """A hash of every .py file under folder: the notebooks import them."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def enabled() -> bool:
    """False when LESSONKIT_HOOK=off; any value but on/off is an error."""
    value = os.environ.get(SWITCH, "on")
    if value not in ("on", "off"):
        raise PluginError(f"{SWITCH}={value!r} is not allowed; allowed: on, off")
    return value == "on"


def on_config(config: MkDocsConfig, /) -> MkDocsConfig:
    # Config fixes only (no lesson build): they hold with the hook switched off too.
    root = project_dir(config)
    # Snippet folders are relative to the working directory; make them relative
    # to mkdocs.yml so `mkdocs -f path/to/mkdocs.yml` finds them too.
    snippets = config.mdx_configs.get("pymdownx.snippets")
    if snippets is not None:
        base = snippets.get("base_path", ["."])
        base = [base] if isinstance(base, str) else base
        snippets["base_path"] = [str(root / folder) for folder in base]
    # mkdocs-jupyter keys its cache by the notebook only; add the package sources.
    # A cache under build/ moves with LESSONKIT_BUILD_DIR.
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        cache = root / jupyter.config["cache_dir"]
        if cache.is_relative_to(root / DEFAULT):
            cache = build_dir(config) / cache.relative_to(root / DEFAULT)
        source = _source_fingerprint(root / "lesson_src")
        jupyter.config["cache_dir"] = str(cache / source)
    return config


def _module_available(cwd: Path, env: dict[str, str]) -> bool:
    probe = (
        "import importlib.util, sys\n"
        "try:\n"
        f"    found = importlib.util.find_spec({BUILD_MODULE!r}) is not None\n"
        "except ImportError:\n"
        "    found = False\n"
        "sys.exit(0 if found else 3)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=cwd, env=env)
    return result.returncode == 0


def _read_manifest(out: Path) -> dict[str, tuple[str, Path]]:
    path = out / "manifest.json"
    if not path.is_file():
        raise PluginError(f"{BUILD_MODULE} succeeded but wrote no {path}")
    try:
        pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
        return {
            src: (entry["source_sha256"], out / entry["expanded"])
            for src, entry in pages.items()
        }
    except (ValueError, KeyError, TypeError) as error:
        raise PluginError(
            f"{path}: expected {{'pages': {{src: {{'source_sha256', 'expanded'}}}}}}; "
            f"got an error reading it: {error!r}"
        ) from error


def build_env(root: Path) -> dict[str, str]:
    """This process's environment with lesson_src/ first on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(root / "lesson_src"), env.get("PYTHONPATH")) if p
    )
    return env


def start_spare(root: Path, env: dict[str, str]) -> None:
    """Start the next build's process, to wait warm for its arguments."""
    global _spare
    stop_spare()
    process = subprocess.Popen(
        [sys.executable, "-c", WARM_START],
        cwd=root,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _spare = ((str(root), env), process)


def stop_spare() -> None:
    """End the spare process: without arguments it exits."""
    global _spare
    if _spare is None:
        return
    (_, process), _spare = _spare, None
    process.stdin.close()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()
    process.stderr.close()


def run_build(command: list[str], root: Path, env: dict[str, str]):
    """`command` run in a fresh process: the spare if it fits, else a new one."""
    global _spare
    if _spare and _spare[0] == (str(root), env) and _spare[1].poll() is None:
        (_, process), _spare = _spare, None
        out, err = process.communicate(json.dumps(command[3:]) + "\n")
        return subprocess.CompletedProcess(command, process.returncode, out, err)
    stop_spare()
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)


def _files_under(base: Path, names) -> list[Path]:
    """The files `names` under `base`, each a file or a folder searched deeply,
    in a fixed order; compiled bytecode left out (the build writes it)."""
    found = []
    for name in names:
        path = base / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
    return found


def _hash_files(digest, base: Path, paths) -> None:
    for path in paths:
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def _installed() -> list[str]:
    """The installed distributions with their versions (folder names)."""
    folders = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")}
    return sorted(
        name
        for folder in folders
        if os.path.isdir(folder)
        for name in os.listdir(folder)
        if name.endswith((".dist-info", ".egg-info", ".pth"))
    )


def input_files(root: Path, docs: Path) -> list[Path]:
    """The files the lesson build reads, in a fixed order: the pages'
    Markdown, the bibliography, mkdocs.yml beside docs/ and every file under
    lesson_src/ (the installed libraries are _installed's)."""
    docs = docs.resolve()
    pages = sorted(p for p in docs.rglob("*.md") if p.is_file())
    return [
        *pages,
        *_files_under(docs, ["references.bib"]),
        *_files_under(docs.parent, ["mkdocs.yml"]),
        *_files_under(root.resolve(), ["lesson_src"]),
    ]


def input_fingerprint(root: Path, docs: Path, command, env) -> str:
    """A hash of everything the lesson build reads: the command, interpreter,
    PYTHONPATH and installed distributions, and its input_files."""
    digest = hashlib.sha256()
    context = [command, sys.version, env.get("PYTHONPATH"), _installed()]
    digest.update(json.dumps(context).encode() + b"\0")
    _hash_files(digest, Path("/"), input_files(root, docs))
    return digest.hexdigest()


def output_fingerprint(out: Path) -> str:
    """A hash of what the lesson build wrote (OUTPUTS), paths and bytes."""
    digest = hashlib.sha256()
    _hash_files(digest, out, _files_under(out, OUTPUTS))
    return digest.hexdigest()


def up_to_date_notes(out: Path, inputs: str) -> list[str] | None:
    """The notes of the last successful build if neither its inputs nor its
    outputs changed since; None (build again) otherwise, or if the stamp is
    missing, unreadable or not one of ours."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
        fresh = stamp["format"] == STAMP_FORMAT and stamp["inputs"] == inputs
        notes = stamp["notes"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not fresh or not isinstance(notes, list):
        return None
    if not all(isinstance(note, str) for note in notes):
        return None
    return notes if stamp["outputs"] == output_fingerprint(out) else None


def write_stamp(out: Path, inputs: str, notes: list[str]) -> None:
    """Record a successful build, atomically."""
    stamp = {
        "format": STAMP_FORMAT,
        "inputs": inputs,
        "outputs": output_fingerprint(out),
        "notes": notes,
    }
    atomic.write_text(out / STAMP, json.dumps(stamp, indent=1, sort_keys=True))


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(*, config: MkDocsConfig) -> None:
    if not enabled():
        _pages.clear()
        return
    root, out = project_dir(config), build_dir(config)
    env = build_env(root)
    command = build_command(str(config.docs_dir), str(out), config.use_directory_urls)
    inputs = input_fingerprint(root, Path(config.docs_dir), command, env)
    _next_spare[:] = [(root, env)] if _serving else []
    notes = up_to_date_notes(out, inputs)
    if notes is None:
        (out / STAMP).unlink(missing_ok=True)  # an interrupted build leaves none
        notes = lesson_build(command, root, env)
        write_stamp(out, inputs, notes)
    else:
        log.debug("nothing the lesson build reads changed: its output is reused")
    for note in notes:  # reported, not fatal: e.g. an uncited entry
        log.info(note)
    _pages.clear()
    _pages.update(_read_manifest(out))


def lesson_build(command: list[str], root: Path, env: dict[str, str]) -> list[str]:
    """Run the lesson build; its notes, or a PluginError with its message."""
    result = run_build(command, root, env)
    if result.returncode != 0:
        if not _module_available(root, env):
            raise PluginError(
                f"cannot run `python -m {BUILD_MODULE}`: the module is not "
                f"importable by {sys.executable}; install the project with "
                "`make setup` (pip install -e .)"
            )
        message = result.stderr.strip() or result.stdout.strip()
        raise PluginError(
            f"{BUILD_MODULE} failed (exit {result.returncode}):\n{message}"
        )
    return [
        line.removeprefix("note: ")
        for line in result.stderr.splitlines()
        if line.startswith("note: ")
    ]


def _add(files: Files, config: MkDocsConfig, src_uri: str, abs_src_path: Path) -> None:
    if files.get_file_from_path(src_uri) is not None:
        raise PluginError(
            f"{abs_src_path} would replace docs/{src_uri}; generated files "
            "belong under build/ only (remove the file from docs/)"
        )
    files.append(File.generated(config, src_uri, abs_src_path=str(abs_src_path)))


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if not enabled():
        return files
    site = build_dir(config) / "site"
    if site.is_dir():
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            _add(files, config, path.relative_to(site).as_posix(), path)
    katex = project_dir(config) / "node_modules" / "katex" / "dist"
    fonts = sorted((katex / "fonts").glob("*.woff2"))
    missing = [n for n in ("katex.min.css", "katex.js") if not (katex / n).is_file()]
    if missing or not fonts:  # a half-finished `npm ci` leaves some of them out
        raise PluginError(
            f"KaTeX is missing or incomplete at {katex} (no "
            f"{', '.join(missing) or 'fonts/*.woff2'}); run `make setup` (npm ci) "
            "to install it"
        )
    fonts = sorted((katex / "fonts").iterdir())
    for name in [*KATEX_FILES, *(f"fonts/{font.name}" for font in fonts)]:
        _add(files, config, f"{KATEX_DEST}/{name}", katex / name)
    for package, name in PLOTLY_BUNDLES.items():
        bundle = project_dir(config) / "node_modules" / package / name
        if not bundle.is_file():
            raise PluginError(
                f"plotly.js bundle missing at {bundle}; run `make setup` (npm ci)"
            )
        _add(files, config, f"{PLOTLY_DEST}/{name}", bundle)
    return files


def on_page_markdown(
    markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
) -> str:
    """Swap in the expanded page when it was built from this very source."""
    src = page.file.src_uri
    if src not in _pages or page.file.abs_src_path is None:
        return markdown
    recorded, expanded = _pages[src]
    if recorded != source_sha256(page.file.abs_src_path):
        log.warning(
            "%s changed after the lesson build; showing it unexpanded until the "
            "next build",
            src,
        )
        return markdown
    if not expanded.is_file():
        raise PluginError(f"{expanded} is listed in the manifest but missing")
    body, _meta = get_data(expanded.read_text(encoding="utf-8"))
    return body


def on_page_content(
    html: str, /, *, page: Page, config: MkDocsConfig, files: Files
) -> str:
    """Notebook pages: drop nbconvert's CDN scripts (the math is typeset at build)
    and let the keyboard reach code cells that scroll."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = _REMOTE_SCRIPTS.sub("", html)
    return _SCROLLING_CODE.sub('<div tabindex="0"', html)


def on_post_build(*, config: MkDocsConfig) -> None:
    """Serving: the next build's process warms up while the author types (not
    while MkDocs renders this build's pages, which it would slow down on a
    busy machine)."""
    _warm_next_spare()


def on_build_error(*, error: Exception) -> None:
    _warm_next_spare()  # the build of the fixed page starts warm too


def _warm_next_spare() -> None:
    if _next_spare and _spare is None:
        start_spare(*_next_spare.pop())
    _next_spare.clear()


def on_shutdown() -> None:
    _next_spare.clear()
    stop_spare()


def on_serve(
    server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable
) -> LiveReloadServer:
    server.watch(str(project_dir(config) / "lesson_src"))
    return server
