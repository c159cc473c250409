"""The `optimizer-playground` builder: SGD paths precomputed for every learning
rate x momentum pair; two Plotly sliders pick one (the learning-rate slider
restyles the paths' points, the momentum slider which path is visible)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..schema import Choice, ListOf, Number, Vector
from . import landscape, landscape_static
from .landscape_plotly import contour_traces, map_layout
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
    d = landscape.compute(
        {
            "surface": params["surface"],
            "view": "contour",
            "resolution": params["resolution"],
            "markers": "minima",
            "scale": "linear",
        }
    )
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
    i = len(d.lrs) // 2
    paths = [
        Path(f"lr {d.lrs[i]:g}, momentum {mu:g}", p.points, p.diverged)
        for mu, p in zip(d.momenta, d.paths[i], strict=True)
    ]
    values = [p.points[:, 0] * 0 for p in paths]
    return landscape_static.contour(
        replace(d.grid, paths=paths, path_values=values)
    ), "png"


def draw_plotly(d: PlaygroundData, spec) -> dict:
    data = contour_traces(d.grid)
    first = len(data)
    for j, mu in enumerate(d.momenta):
        p = d.paths[0][j].points
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": rounded(p[:, 0]),
                "y": rounded(p[:, 1]),
                "visible": j == 0,
                "name": f"SGD, momentum {mu:g}",
                "line": {"color": "#ffffff", "width": 2},
                "marker": {
                    "size": 4,
                    "color": "#E69F00",
                    "line": {"color": "#000000", "width": 0.5},
                },
            }
        )
    indices = list(range(first, first + len(d.momenta)))
    lr_steps = [
        {
            "label": f"{lr:g}",
            "method": "restyle",
            "args": [
                {
                    "x": [rounded(p.points[:, 0]) for p in row],
                    "y": [rounded(p.points[:, 1]) for p in row],
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
            "args": [{"visible": [j == k for j in range(len(d.momenta))]}, indices],
        }
        for k, mu in enumerate(d.momenta)
    ]
    sliders = [
        {
            "active": 0,
            "currentvalue": {"prefix": "learning rate "},
            "steps": lr_steps,
            "y": -0.18,
            "yanchor": "top",
            "pad": {"t": 10},
        },
        {
            "active": 0,
            "currentvalue": {"prefix": "momentum "},
            "steps": mu_steps,
            "y": -0.42,
            "yanchor": "top",
            "pad": {"t": 10},
        },
    ]
    layout = map_layout(
        sliders=sliders,
        height=600,
        margin={"l": 50, "r": 20, "t": 30, "b": 190},
        showlegend=False,
    )
    return {"data": data, "layout": layout}


register("optimizer-playground", SCHEMA, static=draw_static, plotly=draw_plotly)(
    compute
)
