"""`python -m lessonkit.build --docs docs --out build`: render stale figures,
copy plotly.js, expand every page, write the manifest (CONTRIBUTING.md).

Exit 0 on success, 1 with `file:line: figure: field: what; allowed: ...` on
stderr for any author error. docs/ is only ever read."""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import atomic, authoring, cache, hashing, lock
from . import course as course_problems
from .blocks import is_figure, parse
from .errors import AuthorError, listing
from .fences import find_fences
from .pages import FigureInfo, NotBuilt, expand
from .progress import Progress
from .spec import FigureSpec

LESSONKIT = Path(__file__).resolve().parent
CORE = LESSONKIT.parent / "losslandscape"
FIGURE_CODE = (LESSONKIT / "figures", CORE)  # their source is in every cache key
PLOTLY_JS = "assets/plotly.min.js"
NO_NAMESPACE = object()


@dataclass
class Report:
    rebuilt: list = field(default_factory=list)  # (figure id, reason)
    fresh: list = field(default_factory=list)  # figure ids found up to date
    pages_written: list = field(default_factory=list)  # src paths whose output changed
    pages_skipped: list = field(default_factory=list)  # --only: show unbuilt figures
    plotly_written: bool = False
    notes: list = field(default_factory=list)  # reported, not fatal (unused entries)

    def lines(self) -> list[str]:
        out = [f"rebuilt {fid}: {why}" for fid, why in self.rebuilt]
        out += [f"note: {note}" for note in self.notes]
        out.append(
            f"figures: {len(self.rebuilt)} rebuilt, {len(self.fresh)} up to date; "
            f"pages: {len(self.pages_written)} written"
        )
        return out


@dataclass(frozen=True)
class Page:
    src: str  # path under docs/, posix, e.g. "lessons/loss-landscape.md"
    file: str  # as shown in errors, e.g. "docs/lessons/loss-landscape.md"
    text: str


def read_pages(docs: Path) -> list[Page]:
    docs = Path(docs)
    if not docs.is_dir():
        raise AuthorError(f"docs folder {str(docs)!r} does not exist")
    return [
        Page(p.relative_to(docs).as_posix(), str(p), read_source(p))
        for p in sorted(docs.rglob("*.md"))
    ]


def read_source(path: Path) -> str:
    """The UTF-8 text of an author's file; an AuthorError naming the file and
    line of the first byte that is not UTF-8 (a page saved as Latin-1)."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise AuthorError(
            f"byte {data[exc.start]:#04x} is not UTF-8 (the file was saved in "
            "another encoding, such as Latin-1)",
            file=str(path),
            line=line,
            allowed="Markdown saved as UTF-8",
        ) from None


def figure_specs(pages: list[Page]) -> dict[str, FigureSpec]:
    """Lesson figures and page-declared figures, validated, by id (unique)."""
    from .figures import registry
    from .lessons import declared

    specs: dict[str, FigureSpec] = {}
    for spec in declared():
        try:
            specs[spec.id] = replace(
                spec, params=registry.check_params(spec.builder, spec.params)
            )
        except AuthorError as exc:
            exc.figure = exc.figure or spec.id
            raise exc.at(spec.source, None) from None
    for page in pages:
        for fence in find_fences(page.text.split("\n")):
            if not is_figure(fence):
                continue
            block = parse(fence, page.file)
            if block.spec is None:
                continue
            if block.figure_id in specs:
                other = specs[block.figure_id]
                where = other.source + (f":{other.line}" if other.line else "")
                raise AuthorError(
                    f"id is already declared in {where}",
                    file=page.file,
                    line=block.line + 1,
                    figure=block.figure_id,
                    field="id",
                )
            specs[block.figure_id] = block.spec
    return specs


def code_hash() -> str:
    """Hash of the figure code and the core: editing either rebuilds every figure."""
    return hashing.tree_sha256(*FIGURE_CODE)


def spec_key(spec: FigureSpec, code: str, versions: dict) -> cache.Key:
    what = {
        k: getattr(spec, k)
        for k in ("builder", "params", "title", "alt", "description", "kind")
    }
    return cache.Key(
        hashing.sha256(hashing.canonical_json(what).encode()), code, versions
    )


def build_figure(
    spec: FigureSpec, key: cache.Key, figures_dir: Path, entry_file: Path
) -> cache.Entry:
    """Render one figure, write its files atomically, then its cache entry."""
    from .figures.render import render

    try:
        rendered = render(spec)
    except ValueError as exc:  # the core rejected a value that passed the schema
        raise AuthorError(
            f"the core rejected it: {exc}",
            file=spec.source,
            line=spec.line,
            figure=spec.id,
        ) from exc
    for name, data in rendered.files.items():
        atomic.write_bytes(figures_dir / name, data)
    try:
        old = cache.load(entry_file)
    except ValueError:
        old = None
    for name in set(old.outputs if old else ()) - set(rendered.files):
        (figures_dir / name).unlink(missing_ok=True)
    outputs = {
        name: hashing.sha256(data) for name, data in sorted(rendered.files.items())
    }
    entry = cache.Entry(
        key,
        outputs,
        rendered.static_name,
        rendered.width,
        rendered.height,
        rendered.webgl,
    )
    cache.save(entry_file, entry)
    return entry


def copy_plotly(site: Path, cache_dir: Path) -> bool:
    """build/site/assets/plotly.min.js from plotly.offline.get_plotlyjs(); written
    only when its content changes. True if written."""
    # "_": no figure id starts so, so no figure's cache entry can be this file
    target, record = site / PLOTLY_JS, cache_dir / "_plotly-js.json"
    version = hashing.library_versions()["plotly"]
    try:
        saved = json.loads(record.read_text())
    except (OSError, ValueError):
        saved = None
    current = hashing.file_sha256(target)
    if saved == {"plotly": version, "sha256": current} and current is not None:
        return False
    from plotly.offline import get_plotlyjs

    data = get_plotlyjs().encode("utf-8")
    digest = hashing.sha256(data)
    written = digest != current
    if written:
        atomic.write_bytes(target, data)
    atomic.write_text(record, json.dumps({"plotly": version, "sha256": digest}) + "\n")
    return written


def load_namespace():
    """lessonkit.calc.NAMESPACE, or None if the module does not exist."""
    try:
        from . import calc
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.calc":
            raise
        return None
    return calc.NAMESPACE


def write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic.write_bytes(path, data)
    return True


def run(
    docs: Path,
    out: Path,
    *,
    directory_urls: bool = True,
    only=None,
    force: bool = False,
    quiet: bool = False,
    stream=None,
    namespace=NO_NAMESPACE,
) -> Report:
    """The whole build; raises AuthorError on a mistake in the docs or lessons."""
    docs, out = Path(docs), Path(out)
    site, cache_dir = out / "site", out / "cache"
    figures_dir = site / "figures"
    atomic.remove_leftovers(out)
    pages = read_pages(docs)
    specs = figure_specs(pages)
    if namespace is NO_NAMESPACE:
        wanted = any("{{" in p.text or "```problem" in p.text for p in pages)
        namespace = load_namespace() if wanted else None
    # Problems are checked before any figure is drawn.
    course = course_problems.collect(pages, namespace, course_problems.nav_order(docs))
    # Citations and labels too: an unknown key or label fails before any figure.
    authored = authoring.scan(
        pages, docs, lambda fence, file: parse(fence, file).figure_id
    )
    unknown = sorted(set(only or ()) - set(specs))
    if unknown:
        raise AuthorError(
            f"unknown figure id(s) {listing(unknown)} in --only",
            allowed=listing(sorted(specs)),
        )
    selected = [s for s in specs.values() if only is None or s.id in only]

    code, versions = code_hash(), hashing.library_versions()
    report, todo = Report(notes=authored.notes()), []
    for spec in selected:
        key = spec_key(spec, code, versions)
        entry_file = cache.entry_path(cache_dir, spec.id)
        reason = cache.stale_reason(entry_file, key, figures_dir)
        if force and reason is None:
            reason = "forced"
        if reason is None:
            report.fresh.append(spec.id)
        else:
            todo.append((spec, key, entry_file, reason))
    progress = Progress(len(todo), stream=stream, quiet=quiet)
    for spec, key, entry_file, reason in todo:
        progress.step(f"{spec.id} ({reason})")
        build_figure(spec, key, figures_dir, entry_file)
        report.rebuilt.append((spec.id, reason))
    progress.done()
    report.plotly_written = copy_plotly(site, cache_dir)

    infos, manifest_figures = {}, {}
    for spec in specs.values():
        entry_file = cache.entry_path(cache_dir, spec.id)
        try:
            entry = cache.load(entry_file)
        except ValueError:
            entry = None
        if entry is None:
            infos[spec.id] = None  # not built (--only): a page showing it fails
            continue
        infos[spec.id] = FigureInfo(
            spec.id,
            spec.title,
            spec.alt,
            spec.description,
            spec.interactive,
            entry.static,
            entry.width,
            entry.height,
            entry.webgl,
        )
        manifest_figures[spec.id] = {
            "kind": spec.kind,
            "builder": spec.builder,
            "source": spec.source,
            "title": spec.title,
            "static": entry.static,
            "files": {name: f"site/figures/{name}" for name in sorted(entry.outputs)},
            "sha256": entry.outputs,
            "width": entry.width,
            "height": entry.height,
            "webgl": entry.webgl,
        }

    manifest_pages = {}
    for page in pages:
        try:
            text = expand(
                page.text,
                src=page.src,
                file=page.file,
                figures=infos,
                namespace=namespace,
                directory_urls=directory_urls,
                course=course,
                authoring=authored,
            )
        except NotBuilt:
            if only is None:
                raise
            report.pages_skipped.append(page.src)
            continue
        if write_if_changed(out / "pages" / page.src, text.encode("utf-8")):
            report.pages_written.append(page.src)
        manifest_pages[page.src] = {
            "source_sha256": hashing.sha256(page.text.encode("utf-8")),
            "expanded": f"pages/{page.src}",
        }
    manifest = {
        "pages": manifest_pages,
        "figures": manifest_figures,
        "plotly": PLOTLY_JS,
    }
    write_if_changed(
        out / "manifest.json",
        (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode(),
    )
    return report


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m lessonkit.build", description=__doc__.splitlines()[0]
    )
    p.add_argument(
        "--docs", type=Path, default=Path("docs"), help="Markdown sources (read only)"
    )
    p.add_argument("--out", type=Path, default=Path("build"), help="output folder")
    p.add_argument(
        "--no-directory-urls",
        dest="directory_urls",
        action="store_false",
        help="pages are served as x.html, not x/",
    )
    p.add_argument("--only", nargs="+", metavar="ID", help="rebuild only these figures")
    p.add_argument(
        "--force", action="store_true", help="rebuild figures even if up to date"
    )
    p.add_argument("--list", action="store_true", help="list the figures and exit")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.list:
            for spec in figure_specs(read_pages(args.docs)).values():
                print(f"{spec.id:28} {spec.kind:11} {spec.builder:22} {spec.source}")
            return 0
        with lock.held(args.out):  # another build of args.out: wait for it
            report = run(
                args.docs,
                args.out,
                directory_urls=args.directory_urls,
                only=args.only,
                force=args.force,
                quiet=args.quiet,
            )
    except AuthorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a read-only or full disk: the machine's, not a bug
        where = exc.filename or args.out
        print(
            f"error: {where}: {exc.strerror or exc}; the build reads {args.docs} "
            f"and writes only under {args.out}: check that it is writable",
            file=sys.stderr,
        )
        return 1
    except Exception:
        traceback.print_exc()
        print(
            f"error: this is a bug in {__package__}, not a mistake in the pages; "
            "please report it with the traceback above",
            file=sys.stderr,
        )
        return 2
    if args.quiet:
        for note in report.notes:
            print(f"note: {note}", file=sys.stderr)
    else:
        print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
