"""Measure the figure pipeline in one run: clean build serial and parallel,
no-change rebuild,
one-figure rebuild, `mkdocs build` with and without the lesson hook, and the
weight of the chapter-13 page (its HTML and figure files, no shared libraries).

Goals: a no-change rebuild adds < 1 s; the chapter page weighs < 600 KB.
The hook is disabled with LESSONKIT_HOOK=off for the bare mkdocs build. The
builds with and without the hook take turns (a shared machine's load changes
both alike), each with a build folder of its own and its caches warm; their
CPU time (the process and its children) is printed beside the wall time."""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = "lessons/loss-landscape"
ONE_FIGURE = "ch13-contour-paths"
REPEATS = 5  # all but the clean build are medians of this many runs
FIGURE_REF = re.compile(r'(?:src|data-json)="(?:\.\./)*(figures/[^"]+)"')


def env(**extra) -> dict:
    out = dict(os.environ, **extra)
    out["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "lesson_src"), out.get("PYTHONPATH")) if p
    )
    return out


def timed(command: list[str], **extra) -> float:
    """Wall-clock seconds of `command`; raises if it fails."""
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env=env(**extra), capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return seconds


def median_of(repeats: int, command: list[str], **extra) -> float:
    """Median wall-clock seconds of `repeats` runs of `command`."""
    return statistics.median(timed(command, **extra) for _ in range(repeats))


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def take_turns(repeats: int, runs: dict[str, tuple[list[str], dict]]) -> dict:
    """name -> (median wall seconds, median CPU seconds) of `repeats` runs of
    each (command, environment), one of each in turn."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, (command, extra) in runs.items():
            cpu_before = children_cpu()
            wall = timed(command, **extra)
            times[name].append((wall, children_cpu() - cpu_before))
    return {
        name: tuple(statistics.median(column) for column in zip(*rows, strict=True))
        for name, rows in times.items()
    }


def page_weight(html: Path, figures: Path) -> tuple[int, int, int]:
    """(HTML bytes, figure bytes, number of figure files) of one built page."""
    text = html.read_text(encoding="utf-8")
    names = sorted(set(FIGURE_REF.findall(text)))
    return (
        len(text.encode()),
        sum((figures.parent / n).stat().st_size for n in names),
        len(names),
    )


def cpu() -> str:
    """The CPU model, its cores and the load average (the machine may be shared)."""
    try:
        info = Path("/proc/cpuinfo").read_text()
        model = re.search(r"^model name\s*:\s*(.+)$", info, re.MULTILINE).group(1)
    except (OSError, AttributeError):
        model = "unknown CPU"
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return f"{model}, {os.cpu_count()} cores, load average {load}"


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


# Long by intent: the measurements in the order they print, in one place.
def main() -> int:
    py = sys.executable
    print(cpu())
    with tempfile.TemporaryDirectory(prefix="bench-figures-") as tmp:
        out = Path(tmp) / "build"

        def build_into(folder: Path) -> list[str]:
            command = [py, "-m", "lessonkit.build", "--docs", "docs", "--out"]
            return [*command, str(folder), "--quiet"]

        build = build_into(out)
        serial = timed([*build_into(Path(tmp) / "serial"), "--jobs", "1"])
        clean = timed([*build, "--jobs", str(workers())])
        nochange = median_of(REPEATS, build)
        one = median_of(REPEATS, [*build, "--only", ONE_FIGURE, "--force"])
        mkdocs = [py, "-m", "mkdocs", "build", "--quiet", "--site-dir"]
        site = Path(tmp) / "site"
        into_out = {"LESSONKIT_BUILD_DIR": str(out)}  # not the checkout's build/
        runs = {
            "hooked": ([*mkdocs, str(site)], into_out),
            "bare": (
                [*mkdocs, str(Path(tmp) / "bare")],
                {"LESSONKIT_HOOK": "off", "LESSONKIT_BUILD_DIR": str(Path(tmp) / "b")},
            ),
        }
        try:
            for command, extra in runs.values():  # warm: figures, caches
                timed(command, **extra)
            medians = take_turns(REPEATS, runs)
            (hooked, hooked_cpu), (bare, bare_cpu) = medians["hooked"], medians["bare"]
        except RuntimeError as error:
            print(f"mkdocs build failed; no site timings:\n{error}", file=sys.stderr)
            hooked = bare = None
        rows = [
            ("clean figure build, serial (--jobs 1, one run)", serial),
            (f"clean figure build, parallel (--jobs {workers()}, one run)", clean),
            ("parallel speed-up (serial / parallel)", serial / clean),
            (f"no-change rebuild (median of {REPEATS})", nochange),
            (f"one-figure rebuild ({ONE_FIGURE})", one),
        ]
        if hooked is not None:
            rows += [
                ("mkdocs build without the hook", bare),
                ("mkdocs build with the hook (no-change figures)", hooked),
                ("hook overhead", hooked - bare),
                ("mkdocs build without the hook, CPU", bare_cpu),
                ("mkdocs build with the hook, CPU", hooked_cpu),
                ("hook overhead, CPU", hooked_cpu - bare_cpu),
            ]
        for label, value in rows:
            unit = "x" if "speed-up" in label else "s"
            print(f"{label:50} {value:7.2f} {unit}")
        if hooked is not None:
            html = site / CHAPTER / "index.html"
            html_bytes, fig_bytes, n = page_weight(html, site / "figures")
        else:
            html = out / "pages" / f"{CHAPTER}.md"
            html_bytes, fig_bytes, n = page_weight(html, out / "site" / "figures")
        total = (html_bytes + fig_bytes) / 1024
        print(f"{'chapter 13 page: HTML':50} {html_bytes / 1024:7.1f} KB")
        print(f"{f'chapter 13 page: {n} figure files':50} {fig_bytes / 1024:7.1f} KB")
        goal = "ok" if total < 600 else "OVER"
        print(f"{'chapter 13 page: total (goal < 600 KB)':50} {total:7.1f} KB {goal}")
        added = nochange if hooked is None else hooked - bare
        what = "no-change rebuild" if hooked is None else "hook overhead"
        print(f"{what} goal < 1 s: {'ok' if added < 1 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
