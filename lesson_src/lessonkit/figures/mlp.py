"""The `mlp-directions` and `mlp-interpolation` builders: a small MLP trained
on two moons, seen on a plane of random directions with and without filter
normalization (Li et al. 2018) and along the line from its initialization to
its trained weights (Goodfellow, Vinyals & Saxe 2015)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..schema import Choice, ListOf, Number
from . import pair, static, style
from .landscape import LandscapeData
from .plotly_json import rounded
from .plotly_kit import base_layout
from .registry import register

NORMS = ("filter", "layer", "none")

NETWORK = {
    "layers": ListOf(
        Number(1, 256, integer=True), min_len=3, max_len=6, default=[2, 16, 16, 1]
    ),
    "activation": Choice(("tanh", "relu"), default="tanh"),
    "samples": Number(20, 5000, integer=True, default=200),  # two-moons points
    "noise": Number(0, 1, default=0.15),
    "seed": Number(0, None, integer=True, default=0),
    "optimizer": Choice(lambda: _optimizer_names(), default="adam"),
    "lr": Number(0, 10, default=0.01),
    "train_steps": Number(0, 20000, integer=True, default=400),
}
DIRECTIONS = {
    **NETWORK,
    "norms": ListOf(Choice(NORMS), min_len=2, max_len=2, default=["none", "filter"]),
    "span": Number(0.01, 10, default=1.0),  # alphas and betas in [-span, span]
    "resolution": Number(11, 151, integer=True, default=41),
}
INTERPOLATION = {
    **NETWORK,
    "extend": Number(0, 2, default=0.5),  # alpha runs from -extend to 1 + extend
    "resolution": Number(11, 1001, integer=True, default=121),
}


def _optimizer_names():
    from losslandscape import optim

    return optim.names()


@dataclass(frozen=True)
class Trained:
    model: object
    X: np.ndarray  # (N, 2)
    y: np.ndarray  # (N,)
    theta_init: np.ndarray  # (n_params,)
    theta: np.ndarray  # (n_params,) after training
    rng: np.random.Generator  # for directions, independent of data and init


def train(params) -> Trained:
    """Data, initialization and training, each from its own seeded stream."""
    from losslandscape import data, models, optim

    data_rng, init_rng, dir_rng = (
        np.random.default_rng(s)
        for s in np.random.SeedSequence(params["seed"]).spawn(3)
    )
    X, y = data.two_moons(params["samples"], data_rng, params["noise"])
    model = models.MLP(params["layers"], activation=params["activation"])
    theta0 = model.init(init_rng)
    opt = optim.get(params["optimizer"], lr=params["lr"])
    path = optim.run(
        opt, lambda th: model.grad(th, X, y), theta0, params["train_steps"]
    )
    return Trained(model, X, y, theta0, path[-1], dir_rng)


def plane(t: Trained, d1, d2, ab):
    """Z[j, i] = L(theta + ab[i] d1 + ab[j] d2): the core's fast MLP plane, or
    its generic grid.plane while fastplane is not available."""
    try:
        from losslandscape import fastplane
    except ImportError:
        from functools import partial

        from losslandscape import grid

        loss_many = partial(t.model.loss_many, X=t.X, y=t.y)
        return grid.plane(loss_many, t.theta, d1, d2, ab, ab, chunk_size=256)
    return fastplane.mlp_plane(t.model, t.X, t.y, t.theta, d1, d2, ab, ab)


def compute_directions(params):
    from losslandscape import directions

    t = train(params)
    ab = np.linspace(-params["span"], params["span"], params["resolution"])
    panels = []
    for norm in params["norms"]:
        core_norm = None if norm == "none" else norm
        d1, d2 = directions.random_directions(t.model, t.theta, t.rng, norm=core_norm)
        z = plane(t, d1, d2, ab)
        label = "raw directions" if norm == "none" else f"{norm}-normalized"
        d = LandscapeData(
            "contour",
            label,
            ab,
            ab,
            np.asarray(z, dtype=np.float64),
            [],
            [],
            [],
            "log",
            ("α (direction 1)", "β (direction 2)"),
            # α and β step along two directions of the same norm (rescaled
            # alike, or both drawn from one Gaussian): drawn to scale.
            same_units=True,
        )
        panels.append((label, d))
    return panels


def compute_interpolation(params):
    from functools import partial

    from losslandscape import grid

    t = train(params)
    alphas = np.linspace(-params["extend"], 1 + params["extend"], params["resolution"])
    loss = grid.line(
        partial(t.model.loss_many, X=t.X, y=t.y), t.theta_init, t.theta, alphas
    )
    return alphas, loss


def draw_interpolation_static(data, spec):
    alphas, loss = data
    fig, (ax,) = static.new_figure(3.2)
    ax.plot(alphas, loss, color=style.LINE_PALETTE[0], lw=2)
    for a, text in ((0, "initialization"), (1, "trained")):
        value = np.interp(a, alphas, loss)
        ax.plot(a, value, "o", color=style.STAR_RED if a else "0.3", ms=6)
        ax.annotate(
            text, (a, value), textcoords="offset points", xytext=(5, 8), fontsize=9
        )
    ax.set_xlabel("α: θ = (1 − α) θ_init + α θ_trained")
    ax.set_ylabel(style.TRAINING_LOSS)
    fig.tight_layout()
    return fig, "svg"


def draw_interpolation_plotly(data, spec):
    alphas, loss = data
    ends = [0.0, 1.0]
    trace_line = {
        "type": "scatter",
        "mode": "lines",
        "x": rounded(alphas),
        "y": rounded(loss),
        "name": style.Z_LABEL,
        "line": {"color": style.LINE_PALETTE[0], "width": 3},
    }
    trace_ends = {
        "type": "scatter",
        "mode": "markers+text",
        "x": ends,
        "y": rounded(np.interp(ends, alphas, loss)),
        "text": ["initialization", "trained"],
        "textposition": "top center",
        "marker": {"size": 10, "color": [style.START_MARK, style.STAR_RED]},
        "name": "end points",
    }
    layout = base_layout(
        xaxis={"title": {"text": "α: θ = (1 − α) θ_init + α θ_trained"}},
        yaxis={"title": {"text": style.TRAINING_LOSS}},
    )
    return {"data": [trace_line, trace_ends], "layout": layout}


register(
    "mlp-directions", DIRECTIONS, static=pair.draw_static, plotly=pair.draw_plotly
)(compute_directions)
register(
    "mlp-interpolation",
    INTERPOLATION,
    static=draw_interpolation_static,
    plotly=draw_interpolation_plotly,
)(compute_interpolation)
