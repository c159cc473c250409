"""Lighthouse (npm, pinned in package.json) on the built site, driving Debian's
chromium with its mobile preset, the pages served gzipped as a static host
serves them; medians of RUNS runs of each page.

Goals (issue 14): performance >= 0.95 and accessibility 1.0 on the home page, a
glossary entry, chapter 13 and the optimizers lesson; total blocking time
<= 200 ms; layout shift 0; chapter 13's first load (bytes transferred,
compressed, at phone size, before any figure is scrolled to) <= 180 KB.
Scores depend on the machine: a busy one lowers performance and raises TBT.

Chromium runs with its paint holding switched off (--disable-features=
PaintHolding). With it on, headless Chromium held a page's first frame for a
second or more while everything was idle, in 3 of 7 runs of the home page and
6 of 8 of the optimizers lesson on a busy machine (about 1 in 5 on a quiet
one), and in none of 47 with it off; Lighthouse's simulation then counts every
request and task of the load before the first paint, and a page scored about
0.1 lower (GoogleChrome/lighthouse#17148). A run still held (its first paint
more than HELD_GAP_MS after the load event, with the page's main thread idle
for most of that time) is set aside and run again, at most MAX_EXTRA_RUNS times
a page; the report says how many and what they scored.

Beside each page the report prints Lighthouse's CPU benchmark index of the
machine during its runs (median; higher is faster). The mobile preset slows the
page's observed main-thread work down 4 times whatever the machine, so a slower
moment of the machine raises total blocking time: on this course's 2-core VM
the index moved between about 1,000 and 2,000 from one run to the next, and
the same lessons' TBT with it: 430-680 ms in runs at 990-1,160, under 100 ms in
runs at 1,870-2,030 (chapter 13 and the optimizers lesson, 20 runs).

So each run is also scored a second time, from the same load, with the CPU
slowdown calibrated to the index Lighthouse measured in that run, as
Lighthouse's documentation asks on any machine that is not the fast desktop
its 4x assumes (docs/throttling.md, "Calibrating the CPU slowdown"): Lighthouse
gathers once and audits twice (-GA, then -A with the calibrated multiplier).
The goals are judged on the mobile preset, as the issue sets them. The
calibrated columns stand for the same phone whatever the machine's speed at
that moment: kinder than the preset in a slow moment (index under 1,533),
harsher in a fast one."""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from first_load import GOAL_BYTES, breakdown, serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-features=PaintHolding",  # see above: it held first frames
)  # fmt: skip
RUNS = 3
MAX_EXTRA_RUNS = 4  # re-runs a page may take for runs whose first frame was held
HELD_GAP_MS = (
    250  # frames come every 16.7 ms: a first paint this late after load was held
)
PAGES = {
    "home": "",
    "glossary: loss surface": "glossary/loss-surface/",
    "chapter 13": "lessons/loss-landscape/",
    "optimizers lesson": "lessons/optimizers/",
}
BYTES_PAGE = "chapter 13"
# Measured before issue 14 (the issue's own numbers), for comparison.
BEFORE = {
    "home": 0.99,
    "glossary: loss surface": 0.94,
    "chapter 13": 0.97,
    "optimizers lesson": 0.83,
}
BEFORE_BYTES = 374_000
GOAL_PERFORMANCE, GOAL_TBT_MS = 0.95, 200


def build(site: Path) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{done.stderr[-3000:]}")


def frame_held(metrics: dict, tasks: list[dict]) -> bool:
    """Whether the browser held a run's first frame: it came more than
    HELD_GAP_MS after the load event, with the page's main thread idle for most
    of that time (Lighthouse's observed metrics and main-thread tasks, in ms).
    A page that loads before its first frame, or whose own work delays it, is
    not held."""
    load, paint = metrics["observedLoad"], metrics["observedFirstPaint"]
    if paint - load <= HELD_GAP_MS:
        return False
    busy = sum(
        max(
            0.0,
            min(task["startTime"] + task["duration"], paint)
            - max(task["startTime"], load),
        )
        for task in tasks
    )
    return busy < (paint - load) / 2


def runs_of(url: str, measure=None) -> tuple[list[dict], list[dict]]:
    """RUNS runs of `url` whose first frame was not held, and the held ones, in
    at most RUNS + MAX_EXTRA_RUNS runs."""
    measure = measure or lighthouse
    kept, held = [], []
    while len(kept) < RUNS and len(kept) + len(held) < RUNS + MAX_EXTRA_RUNS:
        run = measure(url)
        (held if run["held"] else kept).append(run)
    return kept, held


def calibrated_slowdown(benchmark_index: float) -> float:
    """The CPU slowdown that makes a host of this benchmark index stand for
    Lighthouse's target phone, by Lighthouse's CPU throttling calculator
    (patrickhulce/lighthouse-cpu-throttling-calculator, linked from
    docs/throttling.md): 1x at an index of 150, 2x at 800, 3x at 1,300,
    straight lines between, and 1x more per 233 above 1,300 (the preset's 4x
    belongs to 1,533)."""
    if not math.isfinite(benchmark_index) or benchmark_index < 150:
        raise ValueError(
            f"benchmark index {benchmark_index}: the calculator needs a finite "
            "index of at least 150; a slower host cannot stand for Lighthouse's "
            "target phone"
        )
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return 1 + (benchmark_index - 150) / 650


def run_lighthouse(url: str, *mode: str) -> dict:
    flags = " ".join(CHROMIUM_FLAGS)
    command = [
        "node", str(LIGHTHOUSE), url, *mode, f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={flags}", "--only-categories=performance,accessibility",
        "--output=json", "--output-path=stdout", "--quiet",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse {url} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def recalibrated(url: str, artifacts: Path, benchmark_index: float) -> dict:
    """The report of a gathered load audited again with the CPU slowdown
    calibrated to `benchmark_index`. Under simulated throttling the load is
    gathered unslowed, so only the audit depends on the multiplier; Lighthouse
    refuses settings that differ from the gathered ones, so the saved
    settings are changed to match."""
    multiplier = round(calibrated_slowdown(benchmark_index), 2)
    saved = artifacts / "artifacts.json"
    data = json.loads(saved.read_text())
    data["settings"]["throttling"]["cpuSlowdownMultiplier"] = multiplier
    saved.write_text(json.dumps(data))
    flag = f"--throttling.cpuSlowdownMultiplier={multiplier}"
    return run_lighthouse(url, f"-A={artifacts}", flag)


def lighthouse(url: str) -> dict:
    """One Lighthouse run (mobile preset: emulated phone, simulated throttling),
    and the same load scored with the CPU slowdown calibrated to the machine."""
    with tempfile.TemporaryDirectory(prefix="ll-lighthouse-run-") as tmp:
        report = run_lighthouse(url, f"-GA={tmp}")
        index = report["environment"]["benchmarkIndex"]
        calibrated = recalibrated(url, Path(tmp), index)
    audits, categories = report["audits"], report["categories"]
    requests = [
        (item["url"], item.get("transferSize", 0))
        for item in audits["network-requests"]["details"]["items"]
        if not item["url"].startswith("data:")
    ]
    return {
        "requests": sorted(requests, key=lambda row: (-row[1], row[0])),
        "performance": categories["performance"]["score"],
        "accessibility": categories["accessibility"]["score"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "viewport": report["configSettings"]["screenEmulation"]["width"],
        "cpu_index": index,
        "slowdown": calibrated["configSettings"]["throttling"]["cpuSlowdownMultiplier"],
        "performance_calibrated": calibrated["categories"]["performance"]["score"],
        "tbt_calibrated": calibrated["audits"]["total-blocking-time"]["numericValue"],
        "held": frame_held(
            audits["metrics"]["details"]["items"][0],
            audits["main-thread-tasks"]["details"]["items"],
        ),
    }


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()}, {os.cpu_count()} cores"
    except OSError:
        pass
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"


def main() -> int:
    if not LIGHTHOUSE.is_file():
        print(f"{LIGHTHOUSE} missing; run `make setup` (npm ci)")
        return 1
    print(f"CPU: {cpu()}; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="ll-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        build(site)
        server, base = serve(site)
        try:
            results = {name: runs_of(base + path) for name, path in PAGES.items()}
        finally:
            server.shutdown()
    return report(results)


def measured(kept: list[dict], held: list[dict]) -> list[dict]:
    """The runs a page is judged by: its unheld runs, or every run when fewer
    than RUNS were unheld (the report marks that)."""
    return kept if len(kept) >= RUNS else kept + held


def report(results: dict[str, tuple[list[dict], list[dict]]]) -> int:
    judged = {name: measured(*runs) for name, runs in results.items()}
    med = {
        name: {
            key: statistics.median(run[key] for run in runs)
            for key in runs[0]
            if key not in ("requests", "held")
        }
        for name, runs in judged.items()
    }
    print(f"Lighthouse mobile, median of {RUNS} runs, gzipped")
    header = (
        f"{'page':24} {'perf (before)':>14} {'a11y':>5} {'TBT ms':>7} {'CLS':>6} "
        f"{'FCP ms':>7} {'LCP ms':>7} {'CPU idx':>7} | {'slowdown':>8} {'perf':>5} "
        f"{'TBT ms':>7}  runs set aside (first frame held)"
    )
    print(" " * header.index("|") + "| calibrated to the CPU index")
    print(header)
    ok = True
    for name, m in med.items():
        kept, held = results[name]
        before = f"{m['performance']:.2f} ({BEFORE[name]:.2f})"
        aside = ", ".join(f"{run['performance']:.2f}" for run in held) or "none"
        if len(kept) < RUNS:
            aside += f"; only {len(kept)} unheld: all {len(judged[name])} runs used"
        print(
            f"{name:24} {before:>14} {m['accessibility']:>5.2f} {m['tbt']:>7.0f} "
            f"{m['cls']:>6.3f} {m['fcp']:>7.0f} {m['lcp']:>7.0f} "
            f"{m['cpu_index']:>7.0f} | {m['slowdown']:>7.2f}x "
            f"{m['performance_calibrated']:>5.2f} {m['tbt_calibrated']:>7.0f}  {aside}"
        )
        ok &= m["performance"] >= GOAL_PERFORMANCE and m["accessibility"] == 1.0
        ok &= m["tbt"] <= GOAL_TBT_MS and m["cls"] == 0
    first = med[BYTES_PAGE]
    print(
        f"{BYTES_PAGE} first load at {first['viewport']:.0f} px, compressed: "
        f"{first['bytes'] / 1000:.0f} KB (before {BEFORE_BYTES / 1000:.0f} KB; "
        f"goal <= {GOAL_BYTES / 1000:.0f} KB)"
    )
    ok &= first["bytes"] <= GOAL_BYTES
    runs = sorted(judged[BYTES_PAGE], key=lambda run: run["bytes"])
    print(f"{BYTES_PAGE}, every request of its median run:")
    print("\n".join(breakdown(runs[len(runs) // 2]["requests"])))
    print(
        f"goals, mobile preset (perf >= {GOAL_PERFORMANCE}, a11y 1.0, "
        f"TBT <= {GOAL_TBT_MS} ms, "
        f"CLS 0, bytes): {'met' if ok else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
