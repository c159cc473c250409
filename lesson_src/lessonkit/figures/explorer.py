"""The `explorer` builder: a contour map on which the reader drives optimizers in
the browser (docs/javascripts/explorer/). Python stays the source of truth: the
build writes what the browser needs to know about the surface (its parameters
with their ranges and slider stops, domain, minima at every stop, the contour
grid, the colours) and a static picture of the starting state, drawn from the
core's own runs, for readers without JavaScript and for print."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from losslandscape.points import Minimum

from ..errors import AuthorError, listing, shown
from ..schema import Bool, Choice, Field, ListOf, Number, Text, Vector
from . import style, two_weight, views
from .landscape import LandscapeData
from .registry import register
from .runs import RunPath, check_optimizer, check_schedule, run_path

CONTROLS = ("start", "optimizers", "lr", "momentum", "betas", "steps", "surface")
MAX_STEPS = 1000
STOPS = {1: 13, 2: 9, 3: 7}  # slider stops per surface parameter, by their number
COLORMAP_STOPS = 16  # samples of the colormap the browser interpolates
GRID_DIGITS = 7  # significant digits of the contour grid written for the browser
RANGE_LIMITS = {  # what each range may span at most, and the default range
    "lr": ((1e-5, 10.0), [1e-3, 1.0]),
    "momentum": ((0.0, 0.999), [0.0, 0.99]),
    "beta1": ((0.0, 0.999), [0.5, 0.99]),
    "beta2": ((0.9, 0.99999), [0.9, 0.9999]),
    "steps": ((1, MAX_STEPS), [10, 500]),
}


class ExplorerOptimizer(Field):
    """One optimizer the reader can switch on and tune: the core's name and
    hyperparameters, a label, whether it starts visible, an optional schedule."""

    allowed = "a mapping like {name: adam, lr: 0.05, label: Adam, visible: true}"
    OWN = ("name", "label", "visible", "schedule")

    def check(self, value, path):
        if not isinstance(value, dict):
            self.fail(value, path)
        check_optimizer(value.get("name"), hyperparameters(value), path)
        for key in ("label",):
            if key in value:
                Text().check(value[key], f"{path}.{key}")
        if "visible" in value:
            Bool().check(value["visible"], f"{path}.visible")
        if value.get("schedule") is not None:
            check_schedule(value["schedule"], f"{path}.schedule")
        return dict(sorted(value.items()))


def hyperparameters(run: dict) -> dict:
    """The optimizer's own arguments of a run (betas as a tuple, like torch)."""
    hyper = {k: v for k, v in run.items() if k not in ExplorerOptimizer.OWN}
    if isinstance(hyper.get("betas"), list):
        hyper["betas"] = tuple(hyper["betas"])
    return hyper


class Ranges(Field):
    """Slider ranges: lr, momentum, beta1, beta2, steps and surface parameters."""

    allowed = "a mapping like {lr: [0.001, 1], steps: [10, 300], condition: [1, 100]}"

    def check(self, value, path):
        if not isinstance(value, dict):
            self.fail(value, path)
        out = {}
        for key, bounds in value.items():
            out[key] = Vector(2, increasing=True).check(bounds, f"{path}.{key}")
        return out


SCHEMA = {
    "surface": Choice(two_weight.surface_names, default="two_valleys"),
    "params": Field(default={}),  # the surface's parameters (checked in `check`)
    "x": Vector(2, increasing=True, default=None),  # default: the surface's domain
    "y": Vector(2, increasing=True, default=None),
    "optimizers": ListOf(ExplorerOptimizer(), min_len=1, max_len=6),
    "start": Vector(2),
    "steps": Number(1, MAX_STEPS, integer=True, default=100),
    "controls": ListOf(Choice(CONTROLS), min_len=0, default=list(CONTROLS)),
    "ranges": Ranges(default={}),
    "resolution": Number(21, 161, integer=True, default=81),
    "scale": Choice(("linear", "log"), default="linear"),
}


def check(params: dict) -> None:
    """Rules across fields: the surface's parameters and every starting value
    inside its slider's range; the start on the map."""
    from losslandscape import surfaces

    name = params["surface"]
    declared = {p.name: p for p in surfaces.parameters(name)}
    values = params.get("params", {})
    if not isinstance(values, dict):
        raise AuthorError(
            f"{shown(values)} is not allowed",
            field="params",
            allowed=f"a mapping of {name}'s parameters: {listing(declared) or 'none'}",
        )
    ranges = slider_ranges(params)
    for key, value in values.items():
        if key not in declared:
            raise AuthorError(
                "is not a parameter of " + name,
                field=f"params.{key}",
                allowed=listing(declared) or "none",
            )
        _inside(value, ranges[key], f"params.{key}")
    (x0, x1), (y0, y1) = window(params)
    for value, (lo, hi) in zip(params["start"], window(params), strict=True):
        if not lo <= value <= hi:
            raise AuthorError(
                f"{shown(params['start'])} is off the map",
                field="start",
                allowed=f"[x, y] with x in [{x0:g}, {x1:g}] and y in [{y0:g}, {y1:g}]",
            )
    _inside(params["steps"], ranges["steps"], "steps")
    for i, run in enumerate(params["optimizers"]):
        _inside(
            run.get("lr", _default(run["name"], "lr")),
            ranges["lr"],
            f"optimizers[{i}].lr",
        )
        if "momentum" in run:
            _inside(run["momentum"], ranges["momentum"], f"optimizers[{i}].momentum")
        for j, beta in enumerate(run.get("betas", ())):
            key = f"beta{j + 1}"
            _inside(beta, ranges[key], f"optimizers[{i}].betas[{j}]")


def _title(name: str) -> str:
    """The optimizer's name for legends, e.g. 'RMSprop'."""
    from losslandscape import optim

    return optim.get(name).title


def _default(name: str, field: str):
    from losslandscape import optim

    return optim.get(name).hyperparameters()[field]


def _inside(value, bounds, field: str) -> None:
    lo, hi = bounds
    if not (isinstance(value, int | float) and lo <= value <= hi):
        raise AuthorError(
            f"{shown(value)} is out of range",
            field=field,
            allowed=f"a number in [{lo:g}, {hi:g}] (see 'ranges')",
        )


def slider_ranges(params: dict) -> dict:
    """Every slider's [lo, hi]: the author's `ranges`, inside what is allowed."""
    from losslandscape import surfaces

    limits = {k: limit for k, (limit, _) in RANGE_LIMITS.items()}
    defaults = {k: list(default) for k, (_, default) in RANGE_LIMITS.items()}
    for p in surfaces.parameters(params["surface"]):
        limits[p.name] = defaults[p.name] = (p.lo, p.hi)
    given = params.get("ranges", {})
    for key, (lo, hi) in given.items():
        if key not in limits:
            raise AuthorError(
                "has no slider",
                field=f"ranges.{key}",
                allowed=listing(limits),
            )
        low, high = limits[key]
        if lo < low or hi > high or (key == "lr" and lo <= 0):
            raise AuthorError(
                f"{shown([lo, hi])} is out of range",
                field=f"ranges.{key}",
                allowed=f"[lo, hi] inside [{low:g}, {high:g}]",
            )
    return {key: list(given.get(key, defaults[key])) for key in limits}


def exposed_parameters(params: dict) -> list:
    """The surface parameters with a slider: with the "surface" control, those
    given a range in `ranges`, or all of them if none is."""
    from losslandscape import surfaces

    if "surface" not in params["controls"]:
        return []
    declared = surfaces.parameters(params["surface"])
    chosen = [p for p in declared if p.name in params.get("ranges", {})]
    return chosen or list(declared)


def window(params: dict) -> tuple:
    from losslandscape import surfaces

    (dx, dy) = surfaces.get(params["surface"], **params.get("params", {})).domain
    return tuple(params.get("x", dx)), tuple(params.get("y", dy))


def stops(lo: float, hi: float, scale: str, count: int, value: float) -> list:
    """`count` slider stops from lo to hi (geometric on a log scale), rounded to
    three significant digits, with the starting value among them."""
    raw = np.geomspace(lo, hi, count) if scale == "log" else np.linspace(lo, hi, count)
    nice = [float(f"{v:.3g}") for v in raw]
    nice = [min(max(v, lo), hi) for v in nice]
    return sorted(set(nice) | {float(value)})


@dataclass(frozen=True)
class ExplorerData:
    picture: LandscapeData  # the starting state, with the core's paths
    browser: dict  # what the page's script needs, JSON-ready


def compute(params: dict) -> ExplorerData:
    from losslandscape import surfaces

    check(params)
    name, values = params["surface"], dict(params.get("params", {}))
    ranges = slider_ranges(params)
    (x_range, y_range) = window(params)
    sliders = _sliders(params, values, ranges)
    minima = _minima_by_stop(name, sliders, x_range, y_range)
    starting = [s["stops"].index(s["value"]) for s in sliders]
    surface = surfaces.get(name, **values)
    n = params["resolution"]
    xs, ys = np.linspace(*x_range, n), np.linspace(*y_range, n)
    z = np.asarray(surface.f(*np.meshgrid(xs, ys)), dtype=np.float64)  # (n, n)
    runs = [_run(r, surface, params) for r in params["optimizers"]]
    visible = [r.get("visible", True) for r in params["optimizers"]]
    picture = LandscapeData(
        "contour",
        surface.title,
        xs,
        ys,
        z,
        [p for p, v in zip(runs, visible, strict=True) if v],
        [
            surface.f(p.points[:, 0], p.points[:, 1])
            for p, v in zip(runs, visible, strict=True)
            if v
        ],
        [Minimum(*m) for m in minima[stop_key(starting)]],
        params["scale"],
    )
    browser = {
        "surface": {"name": name, "title": surface.title, "parameters": sliders},
        "window": {"x": list(x_range), "y": list(y_range)},
        "grid": {
            "n": n,
            "z": _significant(z).ravel().tolist(),
            "scale": params["scale"],
        },
        "minima": minima,
        "colormap": colormap(),
        "optimizers": _browser_optimizers(params["optimizers"], visible),
        "start": list(params["start"]),
        "steps": params["steps"],
        "controls": params["controls"],
        "ranges": {k: ranges[k] for k in RANGE_LIMITS},
        "labels": [style.X_LABEL, style.Y_LABEL],
    }
    return ExplorerData(picture, browser)


def _sliders(params: dict, values: dict, ranges: dict) -> list[dict]:
    """One slider per surface parameter: its stops, or only its value if hidden."""
    from losslandscape import surfaces

    exposed = exposed_parameters(params)
    sliders = []
    for p in surfaces.parameters(params["surface"]):
        value = values.get(p.name, p.default)
        lo, hi = ranges[p.name]
        count = STOPS.get(len(exposed), 5)
        sliders.append(
            {
                "name": p.name,
                "value": value,
                "scale": p.scale,
                "stops": stops(lo, hi, p.scale, count, value)
                if p in exposed
                else [value],
            }
        )
    return sliders


def _minima_by_stop(name: str, sliders: list[dict], x_range, y_range) -> dict:
    """The core's minima inside the window, for every combination of stops."""
    from losslandscape import surfaces

    minima = {}
    for combo in itertools.product(*(range(len(s["stops"])) for s in sliders)):
        chosen = {s["name"]: s["stops"][i] for s, i in zip(sliders, combo, strict=True)}
        surface = surfaces.get(name, **chosen)
        minima[stop_key(combo)] = [
            [m.x, m.y, m.value, m.kind]
            for m in surface.minima
            if x_range[0] <= m.x <= x_range[1] and y_range[0] <= m.y <= y_range[1]
        ]
    return minima


def _browser_optimizers(runs: list[dict], visible: list[bool]) -> list[dict]:
    """What the page's script needs of each optimizer: name, label, hyper, colour."""
    colors = [style.path_color(i) for i in range(len(runs))]
    return [
        {
            "name": r["name"],
            "label": r.get("label", _title(r["name"])),
            "hyper": {
                k: list(v) if isinstance(v, tuple) else v
                for k, v in hyperparameters(r).items()
            },
            "schedule": r.get("schedule"),
            "visible": v,
            "color": c,
        }
        for r, v, c in zip(runs, visible, colors, strict=True)
    ]


def stop_key(indices) -> str:
    """The key of one combination of surface-parameter stops, by their indices:
    '' (no parameters), '4' or '4,2'."""
    return ",".join(str(i) for i in indices)


def _run(run: dict, surface, params) -> RunPath:
    spec = {**run, "start": params["start"], "steps": params["steps"]}
    spec.pop("visible", None)
    path = run_path(
        {k: v for k, v in spec.items()},
        lambda p: surface.grad(p[0], p[1]),
        params["start"],
    )
    return RunPath(run.get("label", _title(run["name"])), path.points, path.diverged)


def _significant(z: np.ndarray) -> np.ndarray:
    """z rounded to GRID_DIGITS significant digits: a smaller file, the same map."""
    with np.errstate(divide="ignore"):
        exponent = np.floor(np.log10(np.abs(np.where(z == 0, 1.0, z))))
    factor = 10.0 ** (GRID_DIGITS - 1 - exponent)
    return np.round(z * factor) / factor + 0.0


def colormap() -> list:
    """The loss colormap (matplotlib's) sampled as [r, g, b] in 0..255."""
    from matplotlib import colormaps

    cmap = colormaps[style.CMAP]
    return [
        [round(255 * c) for c in cmap(t)[:3]] for t in np.linspace(0, 1, COLORMAP_STOPS)
    ]


def draw_static(d: ExplorerData, spec):
    return views.draw_static(d.picture)


def draw_browser(d: ExplorerData, spec) -> dict:
    return {"id": spec.id, **d.browser}


register("explorer", SCHEMA, static=draw_static, browser=draw_browser, check=check)(
    compute
)
