"""Live authoring: seconds from saving an edit to a figure block until `mkdocs
serve` serves the re-rendered figure (goal: under 3 s for a contour figure).

Runs on a temp copy of mkdocs.yml and docs/ (the real docs/ is only read):
starts `mkdocs serve`, scaffolds a lesson with a contour figure, then changes
its `resolution:` several times and polls the served figure JSON until the
contour has the new number of grid points. MkDocs 1.6 polls the watched files
every 0.5 s, waits 0.1 s for edits to settle, rebuilds the whole site and holds
every request until the rebuild is done, so the first response with the new
figure marks the end of the rebuild.

    .venv/bin/python scripts/bench_live.py [--edits 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from lessonkit import cache, scaffold

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
# What mkdocs.yml reaches outside docs/: the hook runs lesson_src/ (and watches
# it), snippets read it, the math hook runs scripts/typeset.cjs: copied, so
# edits others make meanwhile do not count.
# KaTeX comes from node_modules/: linked, never written. build/cache and
# build/site seed the temp build (every entry is hash-checked before use).
COPIED = ("docs", "lesson_src", "scripts")  # scripts/typeset.cjs: build-time math
LINKED = ("node_modules",)
SEEDED = ("build/cache", "build/site")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.partial")
TITLE = "Live edit benchmark"
RESOLUTIONS = (61, 71, 91, 101, 81)  # cycled; the scaffold writes 81
GOAL_SECONDS = 3.0
FIRST_BUILD_TIMEOUT = 900.0  # the first build renders every figure
EDIT_TIMEOUT = 120.0
POLL_SECONDS = 0.05
SETTLE_SECONDS = 1.0  # between edits: let the file watcher go quiet
BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def copy_project(dest: Path) -> None:
    """mkdocs.yml, docs/ and what the config reaches, copied or linked into `dest`."""
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in COPIED:
        shutil.copytree(ROOT / name, dest / name, ignore=SKIPPED)
    for name in LINKED:
        (dest / name).symlink_to(ROOT / name, target_is_directory=True)
    for name in SEEDED:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name, ignore=SKIPPED)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> bytes | None:
    """The body at `url`, or None while the server is not up or the file missing."""
    try:
        with urllib.request.urlopen(url, timeout=EDIT_TIMEOUT) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError):
        return None


def contour_resolution(body: bytes | None) -> int | None:
    """Grid points per axis of the contour trace in a Plotly figure JSON."""
    if body is None:
        return None
    try:
        traces = json.loads(body)["data"]
    except (ValueError, KeyError, TypeError):
        return None
    sizes = [len(t["x"]) for t in traces if t.get("type") == "contour"]
    return sizes[0] if sizes else None


def entry_times(cache_dir: Path, figure_ids: list[str]) -> dict[str, int]:
    """mtime of each figure's cache entry: it is rewritten exactly when rebuilt."""
    times = {}
    for figure_id in figure_ids:
        path = cache.entry_path(cache_dir, figure_id)
        times[figure_id] = path.stat().st_mtime_ns if path.exists() else 0
    return times


def server_env(project: Path) -> dict[str, str]:
    env = {**os.environ, "TMPDIR": str(project), "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(project / "lesson_src"), env.get("PYTHONPATH")) if p
    )
    return env  # TMPDIR: serve's own site folder lands in the temp project


def start_server(project: Path, port: int, log) -> subprocess.Popen:
    env = server_env(project)
    command = [str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    command += ["-f", str(project / "mkdocs.yml")]
    return subprocess.Popen(
        command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def stop_server(server: subprocess.Popen) -> None:
    """Ctrl-C first (serve then deletes its site folder), kill if it hangs."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_until(condition, timeout: float, server: subprocess.Popen, log_path: Path):
    """Poll `condition()` until it returns something truthy; fail on timeout."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        value = condition()
        if value:
            return value
        if server.poll() is not None:
            raise RuntimeError(
                f"mkdocs serve exited with {server.returncode}:\n{_tail(log_path)}"
            )
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"nothing after {timeout:.0f} s:\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def build_seconds(log_path: Path) -> list[float]:
    return [float(s) for s in BUILT.findall(log_path.read_text(errors="replace"))]


def set_resolution(page: Path, resolution: int) -> None:
    """Save the page with a new `resolution:` in its figure block, as an editor does."""
    text = page.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^resolution: \d+", f"resolution: {resolution}", text)
    if new == text:
        raise RuntimeError(f"{page} has no 'resolution: N' line to change")
    page.write_text(new, encoding="utf-8")


def time_lesson_build(project: Path, page: Path, resolution: int) -> float:
    """Seconds of `python -m lessonkit.build` alone after one edit (the hook's part)."""
    set_resolution(page, resolution)
    command = [sys.executable, "-m", "lessonkit.build", "--docs", "docs"]
    command += ["--out", str(project / "build"), "--quiet"]
    start = time.perf_counter()
    subprocess.run(command, cwd=project, env=server_env(project), check=True)
    return time.perf_counter() - start


# Long by intent: one timed session of `mkdocs serve` from start to stop.
def measure(edits: int) -> dict:
    """Run the benchmark; returns latencies, build times and rebuilt figure sets."""
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        project = Path(tmp)
        copy_project(project)
        created = scaffold.create_lesson(
            TITLE, docs_dir=project / "docs", config=project / "mkdocs.yml"
        )
        page, figure_id = created.page, created.figure_id
        port, log_path = free_port(), project / "serve.log"
        base = f"http://127.0.0.1:{port}/"
        figure_url = f"{base}figures/{figure_id}.json"
        page_url = f"{base}lessons/{page.stem}/"
        cache_dir = project / "build" / "cache"
        with open(log_path, "wb") as log:
            server = start_server(project, port, log)
            try:
                start = time.perf_counter()
                wait_until(
                    lambda: contour_resolution(fetch(figure_url)),
                    FIRST_BUILD_TIMEOUT,
                    server,
                    log_path,
                )
                first_build = time.perf_counter() - start
                html = fetch(page_url) or b""
                if f'data-figure="{figure_id}"'.encode() not in html:
                    raise RuntimeError(f"{page_url} does not show figure {figure_id}")
                ids = sorted(
                    p.stem for p in cache.entries_dir(cache_dir).glob("*.json")
                )
                latencies, builds, rebuilt = [], [], []
                for i in range(edits):
                    time.sleep(SETTLE_SECONDS)
                    resolution = RESOLUTIONS[i % len(RESOLUTIONS)]
                    before = entry_times(cache_dir, ids)
                    n_builds = len(build_seconds(log_path))
                    set_resolution(page, resolution)
                    saved = time.perf_counter()
                    wait_until(
                        lambda r=resolution: contour_resolution(fetch(figure_url)) == r,
                        EDIT_TIMEOUT,
                        server,
                        log_path,
                    )
                    latencies.append(time.perf_counter() - saved)
                    after = entry_times(cache_dir, ids)
                    rebuilt.append(sorted(f for f in ids if after[f] != before[f]))
                    builds.extend(build_seconds(log_path)[n_builds:])
            finally:
                stop_server(server)
        lesson_builds = [
            time_lesson_build(
                project, page, RESOLUTIONS[(edits + i) % len(RESOLUTIONS)]
            )
            for i in range(edits)
        ]
    return {
        "figure": figure_id,
        "first_build": first_build,
        "latencies": latencies,
        "builds": builds,
        "rebuilt": rebuilt,
        "lesson_builds": lesson_builds,
        "load": os.getloadavg()[0],
    }


def report(result: dict) -> str:
    lat, builds = result["latencies"], result["builds"]
    only_one = all(r == [result["figure"]] for r in result["rebuilt"])
    verdict = "met" if max(lat) < GOAL_SECONDS else "NOT met"
    if only_one:
        rebuilt = f"only {result['figure']}, every time"
    else:
        rebuilt = "; ".join(", ".join(r) or "none" for r in result["rebuilt"])
    rows = [
        "| live authoring (contour figure) | median | max |",
        "| --- | --- | --- |",
        f"| save -> served figure, s ({len(lat)} edits) "
        f"| {statistics.median(lat):.2f} | {max(lat):.2f} |",
    ]
    if builds:
        rows.append(
            f"| mkdocs rebuild (its own log), s | {statistics.median(builds):.2f} "
            f"| {max(builds):.2f} |"
        )
    rows.append(
        f"| lessonkit.build alone after an edit, s "
        f"| {statistics.median(result['lesson_builds']):.2f} "
        f"| {max(result['lesson_builds']):.2f} |"
    )
    rows += [
        "",
        f"goal < {GOAL_SECONDS:.0f} s: {verdict}; first build "
        f"{result['first_build']:.1f} s; load average {result['load']:.1f} "
        f"on {os.cpu_count()} cores",
        f"figures rebuilt per edit: {rebuilt}",
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5, help="how many saves to time")
    args = parser.parse_args([] if argv is None else argv)
    if args.edits < 1:
        parser.error(f"--edits must be at least 1, got {args.edits}")
    print(report(measure(args.edits)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
