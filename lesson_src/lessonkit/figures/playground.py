"""The `optimizer-playground` builder: SGD paths precomputed for every learning
rate x momentum pair; two Plotly sliders pick one (the learning-rate slider
restyles the paths' points, the momentum slider which path is visible)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..schema import Choice, ListOf, Number, Vector
from . import landscape, landscape_static, style
from .landscape_plotly import SLIDER_TOP, contour_traces, map_layout, path_traces
from .plotly_json import rounded
from .registry import register
from .runs import Path, run_path

SCHEMA = {
    "surface": Choice(
        lambda: landscape.landscapes.surface_names(), default="two_valleys"
    ),
    "start": Vector(2, default=[2.5, 2.0]),
    "steps": Number(1, 1000, integer=True, default=60),
    "lrs": ListOf(
        Number(0, 10), min_len=1, max_len=12, default=[0.01, 0.03, 0.1, 0.2, 0.3]
    ),
    "momenta": ListOf(Number(0, 0.999), min_len=1, max_len=8, default=[0.0, 0.5, 0.9]),
    "resolution": Number(11, 201, integer=True, default=61),
}


@dataclass(frozen=True)
class PlaygroundData:
    grid: object  # LandscapeData, contour view, no paths
    lrs: list
    momenta: list
    paths: list  # paths[i][j]: Path for lrs[i], momenta[j]


def compute(params) -> PlaygroundData:
    d = landscape.contour_grid(params["surface"], params["resolution"])
    paths = [
        [
            run_path(
                {
                    "name": "sgd",
                    "lr": lr,
                    "momentum": mu,
                    "steps": params["steps"],
                    "start": params["start"],
                },
                _grad(params["surface"]),
                params["start"],
            )
            for mu in params["momenta"]
        ]
        for lr in params["lrs"]
    ]
    return PlaygroundData(d, params["lrs"], params["momenta"], paths)


def _grad(name):
    return landscape.landscapes.get(surface=name).grad


def draw_static(d: PlaygroundData, spec):
    """The middle learning rate, without momentum and with the middle momentum."""
    i, j = len(d.lrs) // 2, len(d.momenta) // 2
    paths = [
        Path(f"lr {d.lrs[i]:g}, momentum {d.momenta[k]:g}", p.points, p.diverged)
        for k, p in sorted({0: d.paths[i][0], j: d.paths[i][j]}.items())
    ]
    values = [p.points[:, 0] * 0 for p in paths]
    return landscape_static.contour(
        replace(d.grid, paths=paths, path_values=values)
    ), "png"


def draw_plotly(d: PlaygroundData, spec) -> dict:
    """One path per momentum (casing + line), the first visible; the sliders
    restyle their points (learning rate) and which one shows (momentum)."""
    contour, *minima = contour_traces(d.grid, showscale=False)
    data = [contour]
    color = style.path_color(0)
    for j, mu in enumerate(d.momenta):
        for trace in path_traces(d.paths[0][j], color):
            data.append({**trace, "visible": j == 0, "name": f"SGD, momentum {mu:g}"})
    indices = list(range(1, len(data)))  # casing, line for each momentum
    data.extend(minima)  # drawn over the paths

    def both(values):
        return [v for v in values for _ in range(2)]

    lr_steps = [
        {
            "label": f"{lr:g}",
            "method": "restyle",
            "args": [
                {
                    "x": both(rounded(p.points[:, 0]) for p in row),
                    "y": both(rounded(p.points[:, 1]) for p in row),
                },
                indices,
            ],
        }
        for lr, row in zip(d.lrs, d.paths, strict=True)
    ]
    mu_steps = [
        {
            "label": f"{mu:g}",
            "method": "restyle",
            "args": [{"visible": both(j == k for j in range(len(d.momenta)))}, indices],
        }
        for k, mu in enumerate(d.momenta)
    ]
    sliders = [
        slider("learning rate ", lr_steps, SLIDER_TOP - 50),
        slider("momentum ", mu_steps, SLIDER_TOP + 40),
    ]
    layout = map_layout(
        d.grid,
        constraintoward="bottom",  # the map stays next to its sliders
        sliders=sliders,
        height=600,
        margin={"l": 55, "r": 15, "t": 10, "b": SLIDER_TOP + 115},
        showlegend=False,
    )
    return {"data": data, "layout": layout}


def slider(prefix: str, steps: list, top: int) -> dict:
    """A full-width slider `top` px under the map, its value shown above it."""
    return {
        "active": 0,
        "currentvalue": {"prefix": prefix},
        "steps": steps,
        "x": 0,
        "len": 1,
        "y": 0,
        "yanchor": "top",
        "pad": {"t": top, "l": 0, "r": 0},
    }


register("optimizer-playground", SCHEMA, static=draw_static, plotly=draw_plotly)(
    compute
)
