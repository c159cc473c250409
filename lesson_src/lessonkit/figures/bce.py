"""The `bce-curves` builder: binary cross-entropy of one prediction, -log(p) for
y = 1 and -log(1 - p) for y = 0, with the practice problems' points."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import AuthorError, shown
from ..schema import ListOf, Number, Vector
from . import static, style
from .plotly_json import rounded
from .plotly_kit import base_layout
from .registry import register

SCHEMA = {
    "points": ListOf(Vector(2), default=[[1, 0.9], [1, 0.1]]),  # [y, p] pairs
    "resolution": Number(51, 2001, integer=True, default=300),
}


def check(params):
    for i, (y, p) in enumerate(params["points"]):
        if y not in (0, 1) or not 0 < p < 1:
            raise AuthorError(
                f"{shown([y, p])} is not allowed",
                field=f"points[{i}]",
                allowed="[y, p] with label y in {0, 1} and probability 0 < p < 1",
            )


@dataclass(frozen=True)
class BceData:
    p: np.ndarray  # (n,) predicted probabilities
    loss_y1: np.ndarray  # (n,) BCE when the true label is 1
    loss_y0: np.ndarray  # (n,) BCE when the true label is 0
    points: list  # (y, p, loss) of each practice point


def compute(params) -> BceData:
    from losslandscape.losses import binary_cross_entropy as bce

    check(params)
    p = np.linspace(0.01, 0.99, params["resolution"])
    loss_y1 = np.array([bce([1.0], [q]) for q in p])
    loss_y0 = np.array([bce([0.0], [q]) for q in p])
    points = [(y, q, bce([y], [q])) for y, q in params["points"]]
    return BceData(p, loss_y1, loss_y0, points)


def draw_static(d: BceData, spec):
    fig, (ax,) = static.new_figure(3.2)
    ax.plot(
        d.p,
        d.loss_y1,
        color=style.LINE_PALETTE[0],
        lw=2,
        label="true label y = 1: −log(p)",
    )
    ax.plot(
        d.p,
        d.loss_y0,
        color=style.LINE_PALETTE[1],
        lw=2,
        ls="--",
        label="true label y = 0: −log(1 − p)",
    )
    for _, q, loss in d.points:
        ax.plot(q, loss, "o", color=style.STAR_RED, ms=6, zorder=3)
        ax.annotate(
            f"({q:g}, {loss:.3f})",
            (q, loss),
            textcoords="offset points",
            xytext=(8, 4),
            fontsize=9,
        )
    ax.set_xlabel("predicted probability p")
    ax.set_ylabel(style.Z_LABEL)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, None)
    ax.legend(fontsize=8, frameon=False, loc="upper center")
    fig.tight_layout()
    return fig, "svg"


def draw_plotly(d: BceData, spec) -> dict:
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": rounded(d.p),
            "y": rounded(d.loss_y1),
            "name": "y = 1: −log(p)",
            "line": {"color": style.LINE_PALETTE[0], "width": 3},
        },
        {
            "type": "scatter",
            "mode": "lines",
            "x": rounded(d.p),
            "y": rounded(d.loss_y0),
            "name": "y = 0: −log(1 − p)",
            "line": {"color": style.LINE_PALETTE[1], "width": 3, "dash": "dash"},
        },
        {
            "type": "scatter",
            "mode": "markers+text",
            "x": [q for _, q, _ in d.points],
            "y": [round(loss, 4) for _, _, loss in d.points],
            "text": [f"({q:g}, {loss:.3f})" for _, q, loss in d.points],
            "textposition": "middle right",
            "marker": {"size": 10, "color": style.STAR_RED},
            "name": "practice problems",
        },
    ]
    layout = base_layout(
        xaxis={"title": {"text": "predicted probability p"}, "range": [0, 1]},
        yaxis={"title": {"text": style.Z_LABEL}},
    )
    return {"data": data, "layout": layout}


register("bce-curves", SCHEMA, static=draw_static, plotly=draw_plotly, check=check)(
    compute
)
