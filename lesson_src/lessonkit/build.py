"""`python -m lessonkit.build --docs docs --out build`: render stale figures,
expand every page, write the manifest (CONTRIBUTING.md).

Exit 0 on success, 1 with `file:line: figure: field: what; allowed: ...` on
stderr for any author error; a bug in our own code ends in a traceback.
docs/ is only ever read.

`run` is a sequence of named stages: collect (read pages, parse each figure
block once), plan (which figures are stale), render (in a process pool),
prune (outputs of figures and pages that no longer exist), expand (pages) and
the manifest."""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import sys
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import atomic, authoring, cache, chapters, hashing, lock
from . import course as course_problems
from .errors import AuthorError, listing
from .pages import BuiltFigure, NotBuilt, Page, expand
from .progress import Progress
from .spec import FigureSpec

LESSONKIT = Path(__file__).resolve().parent
CORE = LESSONKIT.parent / "losslandscape"
FIGURE_CODE = (LESSONKIT / "figures", CORE)  # their source is in every cache key
# Outputs of earlier versions that nothing makes any more: the full plotly.js
# (pages and standalone figures load the partial bundles the hook serves).
RETIRED = ("site/assets/plotly.min.js", "cache/_plotly-js.json")
NO_NAMESPACE = object()


@dataclass
class Report:
    rebuilt: list = field(default_factory=list)  # (figure id, reason)
    fresh: list = field(default_factory=list)  # figure ids found up to date
    pages_written: list = field(default_factory=list)  # src paths whose output changed
    pages_skipped: list = field(default_factory=list)  # --only: show unbuilt figures
    pruned: list = field(default_factory=list)  # outputs removed, relative to out
    notes: list = field(default_factory=list)  # reported, not fatal (unused entries)

    def lines(self) -> list[str]:
        out = [f"rebuilt {fid}: {why}" for fid, why in self.rebuilt]
        out += [f"note: {note}" for note in self.notes]
        out += [f"removed {path}" for path in self.pruned]
        out.append(
            f"figures: {len(self.rebuilt)} rebuilt, {len(self.fresh)} up to date; "
            f"pages: {len(self.pages_written)} written"
        )
        return out


@dataclass(frozen=True)
class Layout:
    """Where a build writes, under `out`."""

    out: Path

    @property
    def site(self) -> Path:  # every file here is added to the site
        return self.out / "site"

    @property
    def figures(self) -> Path:
        return self.site / "figures"

    @property
    def cache(self) -> Path:
        return self.out / "cache"

    @property
    def pages(self) -> Path:
        return self.out / "pages"


@dataclass(frozen=True)
class Job:
    """A stale figure to render, and why."""

    spec: FigureSpec
    key: cache.Key
    reason: str


# Stage 1: collect ---------------------------------------------------------------


def read_pages(docs: Path, namespace=NO_NAMESPACE) -> list[Page]:
    """Every Markdown page under `docs`, its figure and problem blocks parsed and
    validated (the problems' expected values computed in `namespace`)."""
    sources = read_sources(docs)
    namespace = namespace_for(sources, namespace)
    return [Page.parse(*source, namespace) for source in sources]


def read_sources(docs: Path) -> list[tuple[str, str, str]]:
    """(src, file, text) of every Markdown page under `docs`, by path."""
    docs = Path(docs)
    if not docs.is_dir():
        raise AuthorError(f"docs folder {str(docs)!r} does not exist")
    return [
        (p.relative_to(docs).as_posix(), str(p), read_source(p))
        for p in sorted(docs.rglob("*.md"))
    ]


def namespace_for(sources, namespace=NO_NAMESPACE) -> dict | None:
    """`namespace`, or by default calc.NAMESPACE if a page computes a number."""
    if namespace is not NO_NAMESPACE:
        return namespace
    wanted = any("{{" in text or "```problem" in text for *_, text in sources)
    return load_namespace() if wanted else None


@contextlib.contextmanager
def course_functions(sources, namespace, layout: Layout, *, complete: bool):
    """The namespace of `{{ }}` numbers (`namespace_for`); by default the course
    functions, answered from <out>/cache/calc.json when a call was made before
    and saved when the build ends (`complete`: every page was expanded)."""
    default = namespace is NO_NAMESPACE
    namespace = namespace_for(sources, namespace)
    if not default or namespace is None:  # another namespace: its own code
        yield namespace
        return
    from .calc_cache import CalcCache

    results = CalcCache.in_folder(layout.cache)
    try:
        yield results.wrap(namespace)
    except BaseException:
        with contextlib.suppress(OSError):  # the build's own error comes first
            results.save(complete=False)
        raise
    results.save(complete=complete)


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


def lesson_specs() -> dict[str, FigureSpec]:
    """The figures the lesson modules declare, validated, by id."""
    from .figures import registry
    from .lessons import declared

    specs = {}
    for spec in declared():
        try:
            params = registry.check_params(spec.builder, spec.params)
        except AuthorError as exc:
            exc.figure = exc.figure or spec.id
            raise exc.at(spec.source, None) from None
        specs[spec.id] = replace(spec, params=params)
    return specs


def figure_specs(pages: list[Page]) -> dict[str, FigureSpec]:
    """Lesson figures and page-declared figures, validated, by id (unique)."""
    specs = lesson_specs()
    for page in pages:
        for block in page.blocks.values():
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


def _figure_id_of(pages: list[Page]):
    """(fence, file) -> the id of that figure block, from the blocks parsed once."""
    ids = {(p.file, start): b.figure_id for p in pages for start, b in p.blocks.items()}
    return lambda fence, file: ids[(file, fence.start)]


def select(specs: dict[str, FigureSpec], only) -> list[FigureSpec]:
    """The figures this build considers: all, or those named by --only."""
    unknown = sorted(set(only or ()) - set(specs))
    if unknown:
        raise AuthorError(
            f"unknown figure id(s) {listing(unknown)} in --only",
            allowed=listing(sorted(specs)),
        )
    return [s for s in specs.values() if only is None or s.id in only]


# Stage 2: plan ------------------------------------------------------------------


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


def plan(specs: list[FigureSpec], layout: Layout, *, force: bool, report: Report):
    """The stale figures, in declaration order; fresh ones go to the report."""
    code, versions = code_hash(), hashing.library_versions()
    jobs = []
    for spec in specs:
        key = spec_key(spec, code, versions)
        entry_file = cache.entry_path(layout.cache, spec.id)
        reason = cache.stale_reason(entry_file, key, layout.figures)
        if force and reason is None:
            reason = "forced"
        if reason is None:
            report.fresh.append(spec.id)
        else:
            jobs.append(Job(spec, key, reason))
    return jobs


# Stage 3: render ----------------------------------------------------------------


def render_one(spec: FigureSpec):
    """The rendered files of `spec`; the core's ArgumentError is the author's.

    Runs in a worker process: it returns bytes and writes nothing."""
    from losslandscape import ArgumentError

    from .figures.render import render

    try:
        return render(spec)
    except ArgumentError as exc:  # the core rejected a value that passed the schema
        raise AuthorError(
            f"the core rejected it: {exc}",
            file=spec.source,
            line=spec.line,
            figure=spec.id,
        ) from exc


def rendered(jobs: list[Job], workers: int) -> Iterator:
    """`render_one` of each job, in job order; a process pool for several."""
    specs = [job.spec for job in jobs]
    workers = min(workers, len(specs))
    if workers <= 1:
        yield from map(render_one, specs)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(render_one, specs)


def store(job: Job, result, layout: Layout) -> cache.Entry:
    """Write one figure's files atomically, drop files it no longer makes, then
    write its cache entry (last: an interrupted build leaves it stale)."""
    entry_file = cache.entry_path(layout.cache, job.spec.id)
    for name, data in result.files.items():
        atomic.write_bytes(layout.figures / name, data)
    try:
        old = cache.load(entry_file)
    except ValueError:
        old = None
    for name in set(old.outputs if old else ()) - set(result.files):
        (layout.figures / name).unlink(missing_ok=True)
    outputs = {
        name: hashing.sha256(data) for name, data in sorted(result.files.items())
    }
    entry = cache.Entry(
        job.key, outputs, result.static_name, result.width, result.height, result.webgl
    )
    cache.save(entry_file, entry)
    return entry


def render_all(jobs, layout: Layout, *, workers: int, progress, report) -> None:
    for job, result in zip(jobs, rendered(jobs, workers), strict=True):
        progress.step(f"{job.spec.id} ({job.reason})")
        store(job, result, layout)
        report.rebuilt.append((job.spec.id, job.reason))
    progress.done()


# Stage 4: prune -----------------------------------------------------------------


def built_figures(specs, layout: Layout) -> dict[str, BuiltFigure | None]:
    """Every declared figure with its cache entry; None if not built (--only)."""
    figures = {}
    for spec in specs.values():
        try:
            entry = cache.load(cache.entry_path(layout.cache, spec.id))
        except ValueError:
            entry = None
        figures[spec.id] = None if entry is None else BuiltFigure(spec, entry)
    return figures


def prune(figures: dict, pages: list[Page], layout: Layout) -> list[str]:
    """Delete what no declared figure or page makes any more: renamed or removed
    figures' files and cache entries, expanded pages of removed sources, and
    the RETIRED outputs of earlier versions."""
    keep = {name for built in figures.values() if built for name in built.entry.outputs}
    stale = [p for p in _files(layout.figures) if p.name not in keep]
    stale += [
        p for p in _files(cache.entries_dir(layout.cache)) if p.stem not in figures
    ]
    sources = {page.src for page in pages}
    stale += [
        p
        for p in _files(layout.pages, recursive=True)
        if p.relative_to(layout.pages).as_posix() not in sources
    ]
    stale += [layout.out / name for name in RETIRED if (layout.out / name).is_file()]
    for path in stale:
        path.unlink()
    return sorted(p.relative_to(layout.out).as_posix() for p in stale)


def _files(folder: Path, *, recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    found = folder.rglob("*") if recursive else folder.iterdir()
    return [p for p in found if p.is_file()]


# Stage 5: expand pages and write the manifest -----------------------------------


def load_namespace():
    """lessonkit.calc.NAMESPACE, or None if the module does not exist."""
    try:
        from . import calc
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.calc":
            raise
        return None
    return calc.NAMESPACE


def expand_pages(
    pages,
    figures,
    layout: Layout,
    *,
    namespace,
    course,
    authored,
    directory_urls,
    only,
    report,
) -> dict:
    """Each page expanded to build/pages/<src>; the manifest's "pages" entries."""
    entries = {}
    for page in pages:
        try:
            text = expand(
                page,
                figures=figures,
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
        if atomic.write_if_changed(layout.pages / page.src, text.encode("utf-8")):
            report.pages_written.append(page.src)
        entries[page.src] = {
            "source_sha256": hashing.sha256(page.text.encode("utf-8")),
            "expanded": f"pages/{page.src}",
        }
    return entries


def figure_manifest(built: BuiltFigure) -> dict:
    spec, entry = built.spec, built.entry
    return {
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


def write_manifest(layout: Layout, pages: dict, figures: dict) -> None:
    manifest = {
        "pages": pages,
        "figures": {fid: figure_manifest(b) for fid, b in figures.items() if b},
    }
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    atomic.write_if_changed(layout.out / "manifest.json", text.encode())


def default_workers() -> int:
    """The CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


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
    workers: int | None = None,
) -> Report:
    """The whole build; raises AuthorError on a mistake in the docs or lessons."""
    layout, report = Layout(Path(out)), Report()
    atomic.remove_leftovers(layout.out)
    # Figure and problem blocks are parsed and checked before any figure is drawn.
    sources = read_sources(docs)
    with course_functions(sources, namespace, layout, complete=only is None) as ns:
        pages = [Page.parse(*source, ns) for source in sources]
        specs = figure_specs(pages)
        order = course_problems.nav_order(docs)
        course = course_problems.collect(pages, order)
        # Citations, labels and chapters too: a mistake fails before any figure.
        authored = authoring.scan(pages, docs, _figure_id_of(pages))
        chapters.check_lessons(pages, order)
        report.notes = authored.notes()
        jobs = plan(select(specs, only), layout, force=force, report=report)
        progress = Progress(len(jobs), stream=stream, quiet=quiet)
        workers = default_workers() if workers is None else workers
        render_all(jobs, layout, workers=workers, progress=progress, report=report)
        figures = built_figures(specs, layout)
        report.pruned = prune(figures, pages, layout)
        page_entries = expand_pages(
            pages,
            figures,
            layout,
            namespace=ns,
            course=course,
            authored=authored,
            directory_urls=directory_urls,
            only=only,
            report=report,
        )
        write_manifest(layout, page_entries, figures)
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
    p.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="render figures in N processes (default: one per CPU; 1: serial)",
    )
    p.add_argument("--list", action="store_true", help="list the figures and exit")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser().error(f"--jobs must be at least 1, got {args.jobs}")
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
                workers=args.jobs,
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
