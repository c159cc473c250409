"""The `mode-connectivity` builder: two copies of a small MLP trained from
different random starts, the straight line between them, and a curve of low
loss that joins them (Garipov et al. 2018; Draxler et al. 2018), drawn on the
plane through both networks and the curve's control point, and as the loss
along each path."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..schema import Number
from . import mlp, static, style
from .registry import register

SCHEMA = {
    **mlp.NETWORK,  # the network, its two-moons data and how it is trained
    "curve_lr": Number(0, 1, default=0.02),  # Adam, for the control point
    "curve_steps": Number(1, 5000, integer=True, default=300),
    "resolution": Number(11, 121, integer=True, default=61),  # plane grid
    "path_points": Number(11, 501, integer=True, default=101),  # t from 0 to 1
}


@dataclass(frozen=True)
class Connection:
    ts: np.ndarray  # (T,) from 0 to 1
    line: np.ndarray  # (T,) loss along the straight line
    curve: np.ndarray  # (T,) loss along the fitted curve
    us: np.ndarray  # (n,) plane coordinate along b - a
    vs: np.ndarray  # (m,) plane coordinate across, towards the control point
    z: np.ndarray  # (m, n) loss on the plane, z[j, i] at (us[i], vs[j])
    curve_uv: np.ndarray  # (T, 2) the curve in plane coordinates
    ends_uv: np.ndarray  # (2, 2) network A and network B in plane coordinates


def compute(params) -> Connection:
    from losslandscape import curves, data, fastplane, models, optim

    data_rng, rng_a, rng_b, curve_rng = (  # one seed, four independent streams
        np.random.default_rng(s)
        for s in np.random.SeedSequence(params["seed"]).spawn(4)
    )
    X, y = data.two_moons(params["samples"], data_rng, params["noise"])
    model = models.MLP(params["layers"], activation=params["activation"])

    def grad(theta):
        return model.grad(theta, X, y)

    opt = optim.get(params["optimizer"], lr=params["lr"])
    a, b = (
        optim.run(opt, grad, model.init(r), params["train_steps"])[-1]
        for r in (rng_a, rng_b)
    )
    c = curves.fit_bezier(
        grad, a, b, curve_rng, steps=params["curve_steps"], lr=params["curve_lr"]
    )
    ts = np.linspace(0, 1, params["path_points"])
    on_curve = curves.bezier(a, c, b, ts)  # (T, n)
    line = model.loss_many(curves.straight(a, b, ts), X, y)
    curve = model.loss_many(on_curve, X, y)

    # An orthonormal frame of the plane through a, b and c, with a at the origin.
    e1 = (b - a) / np.linalg.norm(b - a)
    across = (c - a) - ((c - a) @ e1) * e1
    e2 = across / np.linalg.norm(across)
    curve_uv = (on_curve - a) @ np.stack([e1, e2], axis=1)  # (T, 2)
    ends_uv = np.array([[0.0, 0.0], [np.linalg.norm(b - a), 0.0]])
    lo, hi = curve_uv.min(axis=0), curve_uv.max(axis=0)
    pad = 0.15 * (hi[0] - lo[0])
    height = max(hi[1], pad)
    us = np.linspace(lo[0] - pad, hi[0] + pad, params["resolution"])
    vs = np.linspace(-0.8 * height, 1.6 * height, params["resolution"])
    z = fastplane.mlp_plane(model, X, y, a, e1, e2, us, vs, dtype=np.float64)
    return Connection(ts, line, curve, us, vs, np.asarray(z), curve_uv, ends_uv)


def draw_static(d: Connection, spec):
    # One column: map above, loss below, so both stay readable on a phone.
    fig, (ax_map,) = static.new_figure(5.6)
    ax_map.set_position([0.05, 0.5, 0.9, 0.42])
    ax_loss = fig.add_axes([0.14, 0.09, 0.8, 0.32])
    # colours up to twice the straight line's hump; higher ground all yellow
    cap = 2 * (d.line.max() - d.z.min())
    shown = np.log1p(np.minimum(d.z - d.z.min(), cap))
    ax_map.contourf(d.us, d.vs, shown, levels=20, cmap=style.CMAP)
    line_color, curve_color = style.LINE_PALETTE[1], style.LINE_PALETTE[0]
    ax_map.plot(*d.ends_uv.T, "--", color=line_color, lw=2, label="straight line")
    ax_map.plot(*d.curve_uv.T, "-", color=curve_color, lw=2.5, label="curve")
    for (u, v), name in zip(d.ends_uv, ("A", "B"), strict=True):
        ax_map.plot(u, v, "o", color=style.STAR_RED, ms=7, mec="white")
        ax_map.annotate(
            name, (u, v), textcoords="offset points", xytext=(6, -12), color="white"
        )
    ax_map.set_aspect("equal")
    ax_map.set_xticks([])
    ax_map.set_yticks([])
    ax_map.set_title(
        "training loss on the plane of A, B and the curve (dark: low)", fontsize=9
    )
    ax_loss.plot(d.ts, d.line, "--", color=line_color, lw=2, label="straight line")
    ax_loss.plot(d.ts, d.curve, "-", color=curve_color, lw=2.5, label="curve")
    ax_loss.set_xlabel("t (A at 0, B at 1)")
    ax_loss.set_ylabel(style.TRAINING_LOSS)
    ax_loss.legend(fontsize=8, loc="upper right")
    return fig, "svg"


register("mode-connectivity", SCHEMA, static=draw_static)(compute)
