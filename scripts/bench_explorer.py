"""Explorers: milliseconds from a slider move to the paths recomputed and drawn,
3 optimizers x 500 steps, in headless Chromium, unthrottled and with Chromium's
4x CPU throttling (goals: p95 <= 16 ms and <= 50 ms). Also the bytes of the
explorer code, which only pages with an explorer load.

The explorer is the optimizers lesson's playground with 500 steps and three
rules switched on, mounted on a bare page that serves docs/javascripts/.

    .venv/bin/python scripts/bench_explorer.py [--moves 80]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "docs" / "javascripts"
ORIGIN = "http://bench.test/"
CHROMIUM = "/usr/bin/chromium"
GOALS_MS = {1: 16.0, 4: 50.0}  # CPU throttling rate -> p95 goal
STEPS = 500

PAGE = f"""<!doctype html><meta charset="utf-8"><title>explorer bench</title>
<link rel="stylesheet" href="{ORIGIN}stylesheets/extra.css">
<link rel="stylesheet" href="{ORIGIN}stylesheets/explorer.css">
<body style="width: 760px"><figure class="ll-figure ll-explorer" id="fig-bench">
<div class="ll-explorer__app"></div></figure></body>"""

# Moves the first learning-rate slider `moves` times; each move's input event
# recomputes and redraws synchronously: its handler's duration is the time.
MEASURE = """async ({ data, moves }) => {
  const { mount } = await import('./javascripts/explorer/explorer.js');
  const figure = document.getElementById('fig-bench');
  const explorer = mount(figure, data);
  const slider = figure.querySelector('fieldset input[type=range]');
  const times = [];
  for (let i = 0; i < moves; i++) {
    slider.value = String(300 + (i % 2) * 400 + i);
    const t0 = performance.now();
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    times.push(performance.now() - t0);
    await new Promise(requestAnimationFrame);
  }
  const paths = explorer.render && figure.querySelectorAll('.ll-explorer__status');
  explorer.destroy();
  return { times, shown: [...paths].map((p) => p.textContent) };
}"""


def explorer_data() -> dict:
    """The playground's data with 500 steps and three rules shown."""
    from lessonkit.figures import registry
    from lessonkit.lessons import declared

    spec = next(s for s in declared() if s.id == "optimizer-playground")
    params = dict(spec.params)
    params["steps"] = STEPS
    params["optimizers"] = [
        {**o, "visible": True} for o in params["optimizers"] if o["name"] != "adagrad"
    ][:3]
    params = registry.check_params("explorer", params)
    builder = registry.get("explorer")
    return {"id": "bench", **builder.compute(params).browser}


def serve(route) -> None:
    name = route.request.url.removeprefix(ORIGIN).split("?")[0]
    if name in ("", "index.html"):
        route.fulfill(body=PAGE, content_type="text/html")
    elif (
        name.startswith(("javascripts/", "stylesheets/"))
        and (ROOT / "docs" / name).is_file()
    ):
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        route.fulfill(body=(ROOT / "docs" / name).read_text(), content_type=kind)
    else:
        route.fulfill(status=404)


def cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(moves: int) -> dict[int, list[float]]:
    from playwright.sync_api import sync_playwright

    data = explorer_data()
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        for rate in GOALS_MS:
            page = browser.new_page(viewport={"width": 800, "height": 900})
            page.route(f"{ORIGIN}**", serve)
            page.goto(ORIGIN)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            out = page.evaluate(MEASURE, {"data": data, "moves": moves})
            if not all(s.startswith(("after", "diverged")) for s in out["shown"]):
                raise RuntimeError(
                    f"the explorer did not run every path: {out['shown']}"
                )
            results[rate] = out["times"][5:]  # the first moves warm up the JIT
            page.close()
        browser.close()
    return results


def report(results: dict[int, list[float]]) -> str:
    code = sum(f.stat().st_size for f in (JS / "explorer").glob("*.js"))
    loader = (JS / "explorers.js").stat().st_size
    lines = [
        f"explorer: slider move -> 3 optimizers x {STEPS} steps recomputed and drawn",
        f"  CPU: {cpu()} ({platform.machine()}), shared with other jobs",
    ]
    for rate, times in results.items():
        p95 = percentile(times, 0.95)
        verdict = "meets" if p95 <= GOALS_MS[rate] else "MISSES"
        lines.append(
            f"  CPU throttling {rate}x: median {statistics.median(times):.1f} ms, "
            f"p95 {p95:.1f} ms over {len(times)} moves ({verdict} the "
            f"{GOALS_MS[rate]:g} ms goal)"
        )
    lines.append(
        f"  code: {loader} bytes on every page (the loader), {code} bytes of modules "
        "only on pages with an explorer, fetched when it nears the viewport"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=80, help="slider moves timed")
    args = parser.parse_args([] if argv is None else argv)
    if args.moves < 10:
        parser.error(f"--moves must be at least 10, got {args.moves}")
    print(report(measure(args.moves)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
