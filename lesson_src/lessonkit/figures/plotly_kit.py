"""Plotly pieces the builders share: layout defaults, a loss surface, a
contour map, a path with its casing, minima markers (stars on a map, pins in
3-D), and the axes of a map drawn to scale.

One layout serves desktop and phone: legends sit above the plot (Plotly grows
the margin to fit them), colour bars lie flat below it, and a map of two
weights keeps one unit of each the same length."""

from __future__ import annotations

import numpy as np

from . import style
from .plotly_json import rounded, typed
from .two_weight import lifted, shown

PIN = 0.15  # 3-D minimum markers float this fraction of the z range above it
COLORBAR_ROOM = 60  # px under the x-axis title for a flat colour bar
CONTOURS = 20  # colour levels of a map


def base_layout(**extra) -> dict:
    """Transparent backgrounds, small margins, a height that suits a phone."""
    layout = {
        "paper_bgcolor": style.TRANSPARENT,
        "plot_bgcolor": style.TRANSPARENT,
        "margin": {"l": 50, "r": 20, "t": 30, "b": 45},
        "height": 440,
        "autosize": True,
        # Above the plot: Plotly grows the top margin to fit however many rows
        # the legend needs at the page's width, so it never covers the plot.
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",  # legend groups would each take a row
        },
    }
    layout.update(extra)
    return layout


def loss_grid(d, trace_type: str) -> dict:
    """A trace of `trace_type` holding the grid of `d`, coloured on its scale,
    named after it and left out of the legend."""
    return {
        "type": trace_type,
        "x": rounded(d.xs),
        "y": rounded(d.ys),
        "z": typed(shown(d.z, d.scale)),
        "colorscale": style.COLORSCALE,
        "name": d.title,
        "showlegend": False,
    }


def surface_trace(d) -> dict:
    """The loss of `d` as a 3-D surface, without a colour bar."""
    return {
        **loss_grid(d, "surface"),
        "showscale": False,
        "hovertemplate": "w₁ %{x:.2f}<br>w₂ %{y:.2f}<br>loss %{z:.3f}<extra></extra>",
    }


def path3d_trace(path, values, d, color: str) -> dict:
    """A path on the surface of `d`, at the height of its losses `values`."""
    p = path.points
    return {
        "type": "scatter3d",
        "mode": "lines",
        "x": rounded(p[:, 0]),
        "y": rounded(p[:, 1]),
        "z": rounded(lifted(values, d.z, d.scale)),
        "line": {"color": color, "width": 5},
        "name": path.label,
    }


def pins(d) -> list:
    """Each minimum of `d` as a pin held above the surface (see `pin`)."""
    height = PIN * float(np.ptp(shown(d.z, d.scale)))
    out = []
    for m in d.minima:
        z = float(lifted(np.array([m.value]), d.z, d.scale)[0])
        out.extend(pin(m, z, height))
    return out


def pin(m, z: float, height: float) -> list:
    """A minimum in 3-D: a marker held `height` above the surface on a stem,
    so the surface cannot hide it (Plotly has no 3-D star: a red diamond)."""
    glob = m.kind == "global"
    name = "global minimum" if glob else "local minimum"
    top = round(z + height, 4)
    where = [round(m.x, 4)], [round(m.y, 4)]
    stem = quiet_line(
        "scatter3d",
        {"color": style.OUTLINE, "width": 4},
        name,
        x=where[0] * 2,
        y=where[1] * 2,
        z=[round(z, 4), top],
    )
    head = {
        "type": "scatter3d",
        "mode": "markers",
        "x": where[0],
        "y": where[1],
        "z": [top],
        "marker": {
            "symbol": "diamond",
            "size": 6 if glob else 5,
            "color": style.STAR_RED if glob else style.LOCAL_MARK,
            "line": {"color": style.OUTLINE, "width": 2},
        },
        "hovertemplate": f"{name}<br>w₁ {m.x:.2f}, w₂ {m.y:.2f}<br>loss {m.value:.3f}"
        "<extra></extra>",
        "legendgroup": name,
        "legendrank": 2000,
        "name": name,
    }
    return [stem, head]


def contour_trace(d, axes: dict, showscale: bool) -> dict:
    """The loss of `d` as a filled contour map, with a flat colour bar."""
    return {
        **loss_grid(d, "contour"),
        "ncontours": CONTOURS,
        "contours": {"coloring": "heatmap"},
        "line": {"width": 0.5, "color": style.CONTOUR_LINES},
        "showscale": showscale,
        "colorbar": flat_colorbar(style.z_label(d.scale)),
        "hovertemplate": "w₁ %{x:.2f}<br>w₂ %{y:.2f}<br>%{z:.3f}<extra></extra>",
        **axes,
    }


def contour_traces(d, *, xaxis=None, yaxis=None, showscale=True) -> list:
    """Contour, paths (dark casing under a light line) and minima markers."""
    axes = {} if xaxis is None else {"xaxis": xaxis, "yaxis": yaxis}
    traces = [contour_trace(d, axes, showscale)]
    for i, path in enumerate(d.paths):
        traces.extend(path_traces(path, style.path_color(i), axes))
    traces.extend(minima_traces(d.minima, axes))
    return traces


def quiet_line(trace_type: str, line: dict, group: str, **coords) -> dict:
    """A line with no hover text and no legend entry of its own, shown and
    hidden with the legend group `group` (a path's casing, a pin's stem)."""
    return {
        "type": trace_type,
        "mode": "lines",
        "line": line,
        "hoverinfo": "skip",
        "showlegend": False,
        "legendgroup": group,
        "name": group,
        **coords,
    }


def path_name(path) -> str:
    """A path's legend entry: its label, and whether it diverged."""
    return path.label + (" (diverged)" if path.diverged else "")


def path_traces(path, color, axes=None) -> list:
    """A path as two traces: its dark casing, then its coloured line."""
    p = path.points
    xy = {"x": rounded(p[:, 0]), "y": rounded(p[:, 1]), **(axes or {})}
    name = path_name(path)
    casing = quiet_line("scatter", {"color": style.CASING, "width": 4.5}, name, **xy)
    line = {
        "type": "scatter",
        "mode": "lines+markers",
        "line": {"color": color, "width": 2.5},
        "marker": {"size": 4, "color": color},
        "legendgroup": name,
        "name": name,
        **xy,
    }
    return [casing, line]


def flat_colorbar(title: str) -> dict:
    """A colour bar lying under the plot: on a phone a vertical one would take
    a fifth of the width from the map."""
    return {
        "orientation": "h",
        "title": {"text": title, "side": "top"},
        "thickness": 10,
        "len": 0.6,
        "x": 0.5,
        "xanchor": "center",
        "y": -0.27,  # under the x-axis title
        "yanchor": "top",
        "nticks": 6,
    }


MINIMUM_MARKERS = (  # kind, symbol, colour, size of the 2-D markers
    ("global", "star", style.STAR_RED, 18),
    ("local", "diamond", style.LOCAL_MARK, 10),
)


def minima_traces(minima, axes=None, *, y_of=lambda m: m.y) -> list:
    """One marker trace per kind of minimum (a red star for the global ones)."""
    out = []
    for kind, symbol, color, size in MINIMUM_MARKERS:
        ms = [m for m in minima if m.kind == kind]
        if ms:
            out.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "x": [round(m.x, 4) for m in ms],
                    "y": [round(y_of(m), 4) for m in ms],
                    "marker": {
                        "symbol": symbol,
                        "size": size,
                        "color": color,
                        "line": {"color": style.OUTLINE, "width": 1},
                    },
                    "name": f"{kind} minimum",
                    "legendrank": 2000,  # after the paths
                    **(axes or {}),
                }
            )
    return out


def square_axes(x: str = "x", constraintoward: str = "middle") -> tuple[dict, dict]:
    """Axis settings that draw one unit of w1 as long as one unit of w2 (a
    round bowl stays round on a phone), shrinking the plot rather than padding
    the data."""
    return (
        {"constrain": "domain"},
        {
            "scaleanchor": x,
            "scaleratio": 1,
            "constrain": "domain",
            "constraintoward": constraintoward,
        },
    )


def grid_range(values) -> list:
    """An axis range that ends at the grid's edges (markers would pad it)."""
    return [round(float(values[0]), 4), round(float(values[-1]), 4)]


def map_layout(d, *, colorbar=False, constraintoward="middle", **extra):
    """The layout of a map of `d`, to scale when `d.same_units`; `colorbar`:
    room below for a flat colour bar."""
    xaxis = {"title": {"text": d.labels[0]}, "range": grid_range(d.xs)}
    yaxis = {"title": {"text": d.labels[1]}, "range": grid_range(d.ys)}
    if d.same_units:
        sx, sy = square_axes(constraintoward=constraintoward)
        xaxis, yaxis = {**xaxis, **sx}, {**yaxis, **sy}
    margin = {"l": 55, "r": 15, "t": 10, "b": 45 + (COLORBAR_ROOM if colorbar else 0)}
    settings = {"xaxis": xaxis, "yaxis": yaxis, "margin": margin, "height": 520}
    return base_layout(**{**settings, **extra})
