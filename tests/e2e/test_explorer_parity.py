"""The explorers' browser port (docs/javascripts/explorer/) against the core, in
Chromium: surface values and gradients at random points, and trajectories of
random configurations (surface, parameters, optimizer, hyperparameters,
schedule, start), all computed in one page load and compared with
`optim.run_detailed`. A divergent run must stop at the same step."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pytest

from losslandscape import optim, surfaces
from losslandscape.optim import schedules

pytestmark = pytest.mark.e2e

JS_DIR = Path(__file__).resolve().parents[2] / "docs" / "javascripts" / "explorer"
ORIGIN = "http://explorer.test/"
PARITY_RTOL = 1e-10  # |js - core| <= PARITY_RTOL * max(1, |core|), per coordinate
CONFIGURATIONS = 240
MIN_FULL = 200  # runs that must agree over all their steps
STEPS = 300
POINTS_PER_SURFACE = 40

# Runs every configuration and evaluates every point in one go.
HARNESS = """async (input) => {
  const { configs, points } = JSON.parse(input);
  const surfaces = await import('./surfaces.js');
  const optim = await import('./optim.js');
  const schedules = await import('./schedules.js');
  const { run } = await import('./run.js');
  const schedule = (s) => {
    if (s === null) return null;
    const { name, warmup, ...params } = s;
    const inner = schedules.get(name, params);
    return warmup ? schedules.warmupThen(inner, warmup) : inner;
  };
  const values = points.map(({ surface, params, x, y }) => {
    const s = surfaces.get(surface, params);
    return [s.f(x, y), ...s.grad(x, y)];
  });
  const runs = configs.map((c) => {
    const s = surfaces.get(c.surface, c.params);
    const opt = optim.get(c.optimizer, c.hyper);
    const r = run(opt, ([x, y]) => s.grad(x, y), c.start, c.steps, schedule(c.schedule),
                  { lossFn: ([x, y]) => s.f(x, y) });
    return { path: r.path, losses: r.losses, lrs: r.lrs, stoppedAt: r.stoppedAt };
  });
  return JSON.stringify({ values, runs, names: surfaces.names(),
    optimizers: optim.names(), schedules: schedules.names(),
    defaults: optim.DEFAULTS });
}"""


def _serve_js(route) -> None:
    name = route.request.url.removeprefix(ORIGIN).split("?")[0] or "index.html"
    if name == "index.html":
        route.fulfill(
            body="<!doctype html><title>parity</title>", content_type="text/html"
        )
        return
    path = JS_DIR / name
    if path.parent != JS_DIR or not path.is_file():
        route.fulfill(status=404)
        return
    route.fulfill(body=path.read_text(), content_type="text/javascript")


@pytest.fixture(scope="module")
def browser_results(browser, request):
    rng = np.random.default_rng(20261129)
    configs = [_configuration(rng) for _ in range(CONFIGURATIONS)]
    points = [
        _point(name, rng)
        for name in surfaces.names()
        for _ in range(POINTS_PER_SURFACE)
    ]
    context = browser.new_context()
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(f"{ORIGIN}**", _serve_js)
    page.goto(ORIGIN + "index.html")
    # JSON both ways: exact for doubles, and far faster than Playwright's own
    # serialization of nested arrays.
    text = page.evaluate(HARNESS, json.dumps({"configs": configs, "points": points}))
    results = json.loads(text)
    context.close()
    assert not errors, errors
    return configs, points, results


def _log_uniform(rng, lo, hi) -> float:
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _surface_params(name: str, rng) -> dict:
    params = {}
    for p in surfaces.parameters(name):
        if rng.random() < 0.5:
            continue  # keep the default
        draw = (
            _log_uniform if p.scale == "log" else lambda r, a, b: float(r.uniform(a, b))
        )
        params[p.name] = draw(rng, p.lo, p.hi)
    return params


def _hyper(name: str, rng) -> dict:
    hyper = {"lr": _log_uniform(rng, 1e-4, 1.0)}
    if name == "sgd":
        if rng.random() < 0.7:
            hyper["momentum"] = float(rng.uniform(0, 0.99))
            if rng.random() < 0.3:
                hyper["nesterov"] = True
            elif rng.random() < 0.3:
                hyper["dampening"] = float(rng.uniform(0, 0.9))
    elif name == "rmsprop":
        hyper["alpha"] = float(rng.uniform(0.8, 0.999))
        if rng.random() < 0.3:
            hyper["momentum"] = float(rng.uniform(0, 0.9))
        if rng.random() < 0.3:
            hyper["centered"] = True
    elif name == "adam":
        hyper["betas"] = [
            float(rng.uniform(0.5, 0.99)),
            float(rng.uniform(0.9, 0.9999)),
        ]
        if rng.random() < 0.2:
            hyper["amsgrad"] = True
    elif name == "adagrad" and rng.random() < 0.3:
        hyper["lr_decay"] = _log_uniform(rng, 1e-4, 0.1)
    if rng.random() < 0.2:
        hyper["weight_decay"] = _log_uniform(rng, 1e-4, 0.1)
    if rng.random() < 0.05:
        hyper["maximize"] = True
    return hyper


def _schedule(rng) -> dict | None:
    kind = rng.integers(0, 6)
    if kind >= 4:
        return None
    name = schedules.names()[kind]
    params = {
        "step": lambda: {"step_size": int(rng.integers(1, 100)), "gamma": 0.5},
        "exponential": lambda: {"gamma": float(rng.uniform(0.9, 1.0))},
        "cosine": lambda: {"T_max": int(rng.integers(10, 400))},
        "warmup": lambda: {"warmup_steps": int(rng.integers(1, 50))},
    }[name]()
    if name != "warmup" and rng.random() < 0.3:
        params["warmup"] = int(rng.integers(1, 30))
    return {"name": name, **params}


def _configuration(rng) -> dict:
    name = str(rng.choice(surfaces.names()))
    surface = surfaces.get(name)
    (x0, x1), (y0, y1) = surface.domain
    optimizer = str(rng.choice(optim.names()))
    return {
        "surface": name,
        "params": _surface_params(name, rng),
        "optimizer": optimizer,
        "hyper": _hyper(optimizer, rng),
        "schedule": _schedule(rng),
        "start": [float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1))],
        "steps": STEPS,
    }


def _point(name: str, rng) -> dict:
    params = _surface_params(name, rng)
    (x0, x1), (y0, y1) = surfaces.get(name, **params).domain
    return {
        "surface": name,
        "params": params,
        "x": float(rng.uniform(x0, x1)),
        "y": float(rng.uniform(y0, y1)),
    }


def core_run(config: dict, *, vectorized=False, nudge=False) -> optim.Trajectory:
    """The core's run of `config`: the gradient at a point's two scalars, as the
    figures take it; or `vectorized` at one-element arrays (NumPy then squares
    by multiplying instead of calling pow); or from a start `nudge`d by one unit
    in the last place."""
    s = surfaces.get(config["surface"], **config["params"])
    hyper = dict(config["hyper"])
    if "betas" in hyper:
        hyper["betas"] = tuple(hyper["betas"])
    schedule = None
    if config["schedule"] is not None:
        params = dict(config["schedule"])
        name, warmup = params.pop("name"), params.pop("warmup", None)
        schedule = schedules.get(name, **params)
        if warmup:
            schedule = optim.warmup_then(schedule, warmup)
    start = np.array(config["start"])
    if nudge:
        start = np.nextafter(start, np.inf)

    def grad(p):
        return s.grad(p[:1], p[1:]).ravel() if vectorized else s.grad(p[0], p[1])

    return optim.run_detailed(
        optim.get(config["optimizer"], **hyper),
        grad,
        start,
        config["steps"],
        schedule,
        loss_fn=lambda p: s.f(p[0], p[1]),
    )


def assert_close(js, core, what: str) -> None:
    js, core = np.asarray(js, dtype=float), np.asarray(core, dtype=float)
    assert js.shape == core.shape, f"{what}: shape {js.shape} != core {core.shape}"
    bad = np.argwhere(~_close(js, core))
    assert bad.size == 0, (
        f"{what}: first difference at {tuple(bad[0])}: "
        f"js {js[tuple(bad[0])]!r}, core {core[tuple(bad[0])]!r}"
    )


def _close(a, b) -> np.ndarray:
    return np.abs(a - b) <= PARITY_RTOL * np.maximum(1.0, np.abs(b))


def departure(path, stopped_at, core: optim.Trajectory) -> int | None:
    """The first step where `path` leaves the core's path (or stops elsewhere)."""
    path = np.asarray(path, dtype=float).reshape(-1, core.path.shape[1])
    n = min(len(path), len(core.path))
    apart = np.flatnonzero(~np.all(_close(path[:n], core.path[:n]), axis=1))
    if apart.size:
        return int(apart[0])
    return None if stopped_at == core.stopped_at else n


def horizon(config: dict, core: optim.Trajectory) -> int | None:
    """Where the core disagrees with itself: with its start moved by one unit in
    the last place, or with its gradient evaluated on arrays instead of scalars
    (equally exact, rounded differently). Beyond that step the walk is driven
    by rounding (chaos, or an adaptive rule dividing noise by noise at a
    minimum), and no other float64 implementation can be held to PARITY_RTOL.
    None: the core always agrees with itself."""
    steps = [
        departure(other.path, other.stopped_at, core)
        for other in (core_run(config, nudge=True), core_run(config, vectorized=True))
    ]
    return min((s for s in steps if s is not None), default=None)


def test_names_and_defaults_are_the_cores(browser_results):
    _, _, results = browser_results
    assert results["names"] == surfaces.names()
    assert results["optimizers"] == optim.names()
    assert results["schedules"] == schedules.names()
    for name in optim.names():
        cls = type(optim.get(name))
        core = {f.name: f.default for f in dataclasses.fields(cls)}
        core = {k: list(v) if isinstance(v, tuple) else v for k, v in core.items()}
        assert results["defaults"][name] == core, name


def test_surface_values_and_gradients_equal_the_core(browser_results):
    _, points, results = browser_results
    for point, js in zip(points, results["values"], strict=True):
        s = surfaces.get(point["surface"], **point["params"])
        x, y = point["x"], point["y"]
        core = [float(s.f(x, y)), *map(float, s.grad(x, y))]
        assert_close(js, core, f"{point['surface']} {point['params']} at ({x}, {y})")


def test_trajectories_equal_the_cores_run(browser_results):
    """Every path, loss and learning rate equals the core's, and a divergent run
    stops at the same step; on a chaotic walk, for as long as the core itself
    is reproducible (see `horizon`). At least MIN_FULL runs agree in full."""
    configs, _, results = browser_results
    full, diverged = 0, 0
    for i, (config, js) in enumerate(zip(configs, results["runs"], strict=True)):
        core = core_run(config)
        diverged += core.diverged
        where = f"configuration {i} {config}"
        left = departure(js["path"], js["stoppedAt"], core)
        if left is None:
            full += 1
            assert js["stoppedAt"] == core.stopped_at
            assert_close(js["losses"], core.losses, f"{where}: losses")
            assert_close(js["lrs"], core.lrs, f"{where}: learning rates")
            continue
        chaotic_from = horizon(config, core)
        assert chaotic_from is not None and left >= chaotic_from, (
            f"{where}: the browser leaves the core's path at step {left} "
            f"(stopped at {js['stoppedAt']}, the core at {core.stopped_at}); the "
            f"core is reproducible "
            + ("throughout" if chaotic_from is None else f"up to step {chaotic_from}")
        )
        n = chaotic_from
        assert_close(js["losses"][:n], core.losses[:n], f"{where}: losses")
        assert_close(js["lrs"][: n - 1], core.lrs[: n - 1], f"{where}: learning rates")
    assert full >= MIN_FULL, f"only {full} of {len(configs)} runs agree in full"
    # The random configurations must exercise both endings.
    assert 0 < diverged < len(configs), diverged
