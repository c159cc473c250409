"""The `landscape` builder: one two-weight loss seen as a 3-D surface, a contour
map, a 1-D cut or an animation, with optimizer paths and its minima.

This is also the schema of a figure block an instructor writes in Markdown."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from losslandscape.points import Minimum

from ..errors import AuthorError, shown
from ..schema import Choice, ListOf, Number, Vector
from . import style, two_weight, views
from .registry import register
from .runs import OptimizerRun, RunPath, run_path

VIEWS = views.NAMES  # "surface", "contour", "line", "animation"
MARKERS = ("minima", "global", "none")
SCALES = ("linear", "log")
LIMIT = 1000.0  # |x|, |y| <= LIMIT: beyond, losses overflow float32 and draw blank

SCHEMA = {
    "surface": Choice(two_weight.surface_names, default=None),  # a core surface
    "model": Choice(two_weight.model_names, default=None),  # or a two-weight model
    "view": Choice(VIEWS, default="contour"),
    "x": Vector(2, increasing=True, lo=-LIMIT, hi=LIMIT, default=None),  # or domain
    "y": Vector(2, increasing=True, lo=-LIMIT, hi=LIMIT, default=None),
    "resolution": Number(11, 201, integer=True, default=81),  # grid points per axis
    "optimizers": ListOf(OptimizerRun(), max_len=8, default=None),
    "markers": Choice(MARKERS, default="minima"),
    "at": Number(
        -LIMIT, LIMIT, default=None
    ),  # line view: the y of the cut (default: global min)
    "scale": Choice(SCALES, default="linear"),  # log: colour by log(1 + f - min f)
}


def check(params: dict) -> None:
    """Rules that span fields: exactly one of surface/model; starts match the view."""
    if ("surface" in params) == ("model" in params):
        raise AuthorError(
            "give exactly one of 'surface' and 'model'",
            field="surface",
            allowed=f"surface: {', '.join(two_weight.surface_names())}; "
            f"model: {', '.join(two_weight.model_names())}",
        )
    line = params["view"] == "line"
    for i, run in enumerate(params.get("optimizers", [])):
        if "batch_size" in run and "surface" in params:
            raise AuthorError(
                "batch_size needs a model with data, not a surface formula",
                field=f"optimizers[{i}].batch_size",
                allowed=f"model: {', '.join(two_weight.model_names())}",
            )
        if line and "batch_size" in run:
            raise AuthorError(
                "mini-batch runs need a map of both weights",
                field=f"optimizers[{i}].batch_size",
                allowed="view: surface, contour or animation",
            )
        if isinstance(run["start"], list) == line:
            raise AuthorError(
                f"{shown(run['start'])} does not suit the {params['view']} view",
                field=f"optimizers[{i}].start",
                allowed="a number x" if line else "[x, y]",
            )


@dataclass(frozen=True)
class LandscapeData:
    view: str
    title: str
    xs: np.ndarray  # (n,)
    ys: np.ndarray  # (n,); for the line view, (1,) = [at]
    z: np.ndarray  # (n, n) with z[j, i] = f(xs[i], ys[j]); line view: (n,)
    paths: list[RunPath]  # 2-D paths (k + 1, 2); line view: (k + 1, 1)
    path_values: list[np.ndarray]  # f along each path, (k + 1,)
    minima: list[Minimum]
    scale: str
    labels: tuple = (style.X_LABEL, style.Y_LABEL)  # axis titles of the map
    # Both axes are parameters in the same units (two weights, or steps along
    # two directions of the same norm): the map is drawn to scale.
    same_units: bool = True


def compute(params: dict) -> LandscapeData:
    check(params)
    land = two_weight.get(surface=params.get("surface"), model=params.get("model"))
    (dx, dy) = land.domain
    x_range, y_range = params.get("x", dx), params.get("y", dy)
    n = params["resolution"]
    minima = _minima(land, params["markers"], x_range, y_range)
    runs = params.get("optimizers", [])
    if params["view"] == "line":
        at = params.get("at", land.minima[0].y if land.minima else 0.0)
        xs = np.linspace(*x_range, n)
        z = land.f(xs, np.full_like(xs, at))
        paths = [
            run_path(r, lambda p, at=at: land.grad([p[0], at])[:1], r["start"])
            for r in runs
        ]
        values = [land.f(p.points[:, 0], np.full(len(p.points), at)) for p in paths]
        minima = [m for m in minima if np.isclose(m.y, at)]
        return LandscapeData(
            "line",
            land.title,
            xs,
            np.array([at]),
            z,
            paths,
            values,
            minima,
            params["scale"],
        )
    xs, ys, z = land.grid(x_range, y_range, n)
    paths = [run_path(r, _grad_fn(land, r, i), r["start"]) for i, r in enumerate(runs)]
    values = [land.f(p.points[:, 0], p.points[:, 1]) for p in paths]
    return LandscapeData(
        params["view"], land.title, xs, ys, z, paths, values, minima, params["scale"]
    )


def _grad_fn(land, run: dict, i: int):
    """Full gradients, or mini-batch ones when the run gives a batch_size."""
    if "batch_size" not in run:
        return land.grad
    if land.batch_grad is None:
        raise AuthorError(
            "batch_size needs a model with data, not a surface formula",
            field=f"optimizers[{i}].batch_size",
            allowed=f"model: {', '.join(two_weight.model_names())}",
        )
    try:
        return land.batch_grad(run["batch_size"], run.get("seed", 0))
    except ValueError as exc:
        raise AuthorError(str(exc), field=f"optimizers[{i}].batch_size") from exc


def contour_grid(surface: str, resolution: int) -> LandscapeData:
    """A surface's contour view with its minima and no paths."""
    return compute(
        {
            "surface": surface,
            "view": "contour",
            "resolution": resolution,
            "markers": "minima",
            "scale": "linear",
        }
    )


def _minima(land, markers, x_range, y_range):
    if markers == "none":
        return []
    inside = [
        m
        for m in land.minima
        if x_range[0] <= m.x <= x_range[1] and y_range[0] <= m.y <= y_range[1]
    ]
    return [m for m in inside if markers == "minima" or m.kind == "global"]


register(
    "landscape",
    SCHEMA,
    static=views.draw_static,
    plotly=views.draw_plotly,
    check=check,
)(compute)
