"""The `sharp-flat` builder: a surface's minima with the top Hessian eigenvalue
of each (a large one = a sharp minimum), and the loss along the line through
two of them (Keskar et al. 2017, "On Large-Batch Training ... Sharp Minima")."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import AuthorError, listing
from ..schema import Choice, Number
from . import landscape, mpl_kit, static, style
from .plotly_json import rounded
from .plotly_kit import base_layout, contour_traces, grid_range, square_axes
from .registry import register

SCHEMA = {
    "surface": Choice(
        lambda: landscape.two_weight.surface_names(), default="sharp_flat"
    ),
    "resolution": Number(21, 201, integer=True, default=81),
    "seed": Number(0, None, integer=True, default=0),  # for the Lanczos start vector
    "extend": Number(0, 2, default=0.6),  # the cut runs from -extend to 1 + extend
}


def _minima_count(surface: str) -> int:
    from losslandscape import surfaces

    return len(surfaces.get(surface).minima)


def check(params) -> None:
    """The figure compares exactly two minima: other surfaces are refused."""
    count = _minima_count(params["surface"])
    if count != 2:
        two = [n for n in landscape.two_weight.surface_names() if _minima_count(n) == 2]
        raise AuthorError(
            f"{params['surface']!r} has {count} known minima; this figure compares "
            "exactly two",
            field="surface",
            allowed=listing(two),
        )


@dataclass(frozen=True)
class SharpFlatData:
    grid: object  # LandscapeData (contour view)
    eigenvalues: list  # top Hessian eigenvalue at each of grid.minima
    alphas: np.ndarray  # (m,) position along the cut, 0 at minimum A, 1 at B
    cut: np.ndarray  # (m,) loss along the cut


def compute(params) -> SharpFlatData:
    from losslandscape import curvature, grid, surfaces

    d = landscape.contour_grid(params["surface"], params["resolution"])
    s = surfaces.get(params["surface"])
    rng = np.random.default_rng(params["seed"])
    tops = []
    for m in d.minima:
        h = curvature.hessian_2d(s, m.x, m.y)  # (2, 2)
        tops.append(curvature.top_eigenvalue(lambda v, h=h: h @ v, 2, rng))
    a, b = (np.array([m.x, m.y]) for m in d.minima[:2])
    alphas = np.linspace(
        -params["extend"], 1 + params["extend"], 4 * params["resolution"]
    )
    cut = grid.line(lambda th: s.f(th[:, 0], th[:, 1]), a, b, alphas)
    return SharpFlatData(d, tops, alphas, cut)


def _names(d):
    """'sharp' for the larger top eigenvalue, 'flat' for the other."""
    top = int(np.argmax(d.eigenvalues))
    return ["sharp" if i == top else "flat" for i in range(len(d.eigenvalues))]


def draw_static(d: SharpFlatData, spec):
    fig, (left, right) = static.new_figure(2.9, ncols=2)
    mpl_kit.contour_on(left, d.grid)
    for name, lam, m in zip(_names(d), d.eigenvalues, d.grid.minima, strict=True):
        left.annotate(
            f"{name}\nλ = {lam:.3g}",
            (m.x, m.y),
            textcoords="offset points",
            xytext=(8, 6),
            fontsize=9,
            color="white",
            path_effects=mpl_kit.halo(2.5),
        )
    right.plot(d.alphas, d.cut, color=style.LINE_PALETTE[0], lw=2)
    right.axvline(0, color="0.6", lw=0.8, ls=":")
    right.axvline(1, color="0.6", lw=0.8, ls=":")
    names = _names(d)
    right.set_xticks(
        [0, 1],
        [
            f"{names[0]}\nλ = {d.eigenvalues[0]:.3g}",
            f"{names[1]}\nλ = {d.eigenvalues[1]:.3g}",
        ],
    )
    right.set_ylabel("loss along the line")
    right.set_title("cut through both minima", fontsize=9)
    fig.tight_layout()
    return fig, "png"


def _labels(d: SharpFlatData, names: list[str]) -> list[dict]:
    """'sharp: λ = ...' at each minimum, on a dark ground: white text alone
    vanishes on the map's yellow."""
    return [
        {
            "text": f"{n}: λ = {lam:.3g}",
            "x": round(m.x, 4),
            "y": round(m.y, 4),
            "xref": "x",
            "yref": "y",
            "yshift": 22 if n == "sharp" else -22,  # apart on a small map
            "showarrow": False,
            "font": {"color": style.LABEL_TEXT, "size": 12},
            "bgcolor": style.CASING,
            "borderpad": 2,
        }
        for n, lam, m in zip(names, d.eigenvalues, d.grid.minima, strict=True)
    ]


def draw_plotly(d: SharpFlatData, spec) -> dict:
    traces = contour_traces(d.grid, xaxis="x", yaxis="y", showscale=False)
    names = _names(d)
    for trace in traces:
        if trace.get("name", "").endswith("minimum"):
            trace["name"] = "minimum"
    traces.append(
        {
            "type": "scatter",
            "mode": "lines",
            "x": rounded(d.alphas),
            "y": rounded(d.cut),
            "xaxis": "x2",
            "yaxis": "y2",
            "line": {"color": style.LINE_PALETTE[0], "width": 3},
            "name": "loss along the cut",
        }
    )
    labels = _labels(d, names)
    sx, sy = square_axes("x", "top")
    layout = base_layout(
        xaxis={
            "domain": [0, 0.46],
            "title": {"text": style.X_LABEL},
            "range": grid_range(d.grid.xs),
            **sx,
        },
        yaxis={
            "title": {"text": style.Y_LABEL},
            "range": grid_range(d.grid.ys),
            **sy,
        },
        xaxis2={
            "domain": [0.62, 1],
            "anchor": "y2",
            "tickvals": [0, 1],
            "ticktext": names[:2],
            "title": {"text": "along the line"},
        },
        yaxis2={"anchor": "x2", "title": {"text": style.Z_LABEL, "standoff": 4}},
        annotations=labels,
        showlegend=False,  # the labels name the minima and the cut
        margin={"l": 55, "r": 10, "t": 10, "b": 45},
        height=380,
    )
    return {"data": traces, "layout": layout}


register("sharp-flat", SCHEMA, static=draw_static, plotly=draw_plotly, check=check)(
    compute
)
