"""Plotly figures of the landscape views: a rotatable surface, a contour map
with paths, a 1-D cut, and an animation with play/pause and a step slider.

One layout serves desktop and phone: legends sit above the plot (Plotly grows
the margin to fit them), colour bars lie flat below it, maps keep w1 and w2 on
the same scale, and controls have their own rows under the map."""

from __future__ import annotations

import base64

import numpy as np

from . import landscape_static, style
from .landscape_static import lifted
from .landscapes import shown
from .plotly_json import base_layout, rounded, typed

FRAME_MS = 80  # animation speed per step
PIN = 0.15  # 3-D minimum markers float this fraction of the z range above it
COLORBAR_ROOM = 60  # px under the x-axis title for a flat colour bar
CONTROLS_TOP = 62  # px from the plot's bottom edge to the first control row
SLIDER_TOP = 108  # px from the plot's bottom edge to the step slider


def draw(d, spec) -> dict:
    if d.view == "surface":
        return surface(d)
    if d.view == "line":
        return line(d)
    if d.view == "animation":
        return animation(d)
    return {
        "data": contour_traces(d),
        "layout": map_layout(
            d, colorbar=True, square=_same_units(d), constraintoward="bottom"
        ),
    }


def z_title(scale):
    return style.Z_LABEL if scale == "linear" else style.LOG_Z_LABEL


def _same_units(d) -> bool:
    """Both axes are weights (not, say, two direction coefficients)."""
    return d.labels == (style.X_LABEL, style.Y_LABEL)


def surface(d) -> dict:
    z_shown = shown(d.z, d.scale)
    data = [
        {
            "type": "surface",
            "x": rounded(d.xs),
            "y": rounded(d.ys),
            "z": typed(z_shown),
            "colorscale": style.COLORSCALE,
            "showscale": False,
            "hovertemplate": "w₁ %{x:.2f}<br>w₂ %{y:.2f}<br>loss %{z:.3f}"
            "<extra></extra>",
            "name": d.title,
            "showlegend": False,
        }
    ]
    for i, (path, values) in enumerate(zip(d.paths, d.path_values, strict=True)):
        p = path.points
        data.append(
            {
                "type": "scatter3d",
                "mode": "lines",
                "x": rounded(p[:, 0]),
                "y": rounded(p[:, 1]),
                "z": rounded(lifted(values, d.z, d.scale)),
                "line": {"color": style.path_color(i), "width": 5},
                "name": path.label,
            }
        )
    height = PIN * float(np.ptp(z_shown))
    for m in d.minima:
        data.extend(pin(m, float(lifted(np.array([m.value]), d.z, d.scale)[0]), height))
    axis = {"backgroundcolor": "rgba(0,0,0,0)", "showbackground": False}
    scene = {
        "xaxis": {"title": {"text": style.X_LABEL}, **axis},
        "yaxis": {"title": {"text": style.Y_LABEL}, **axis},
        "zaxis": {"title": {"text": z_title(d.scale)}, **axis},
        # The static image's view (azimuth -60, elevation 35), far enough out
        # that the tick labels fit a phone-wide plot.
        "camera": {"eye": {"x": 1.35, "y": -2.38, "z": 1.92}},
        "aspectmode": "manual",
        "aspectratio": {"x": 1, "y": 1, "z": 0.7},
        "domain": {"x": [0.04, 1], "y": [0, 1]},  # room for the loss axis labels
    }
    layout = base_layout(
        scene=scene, margin={"l": 0, "r": 0, "t": 10, "b": 0}, height=500
    )
    return {"data": data, "layout": layout}


def pin(m, z: float, height: float) -> list:
    """A minimum in 3-D: a marker held `height` above the surface on a stem,
    so the surface cannot hide it (Plotly has no 3-D star: a red diamond)."""
    glob = m.kind == "global"
    name = "global minimum" if glob else "local minimum"
    top = round(z + height, 4)
    where = [round(m.x, 4)], [round(m.y, 4)]
    stem = {
        "type": "scatter3d",
        "mode": "lines",
        "x": where[0] * 2,
        "y": where[1] * 2,
        "z": [round(z, 4), top],
        "line": {"color": "#000000", "width": 4},
        "hoverinfo": "skip",
        "showlegend": False,
        "legendgroup": name,
        "name": name,
    }
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
            "line": {"color": "#000000", "width": 2},
        },
        "hovertemplate": f"{name}<br>w₁ {m.x:.2f}, w₂ {m.y:.2f}<br>loss {m.value:.3f}"
        "<extra></extra>",
        "legendgroup": name,
        "legendrank": 2000,
        "name": name,
    }
    return [stem, head]


def contour_traces(d, *, xaxis=None, yaxis=None, showscale=True) -> list:
    """Contour, paths (dark casing under a light line) and minima markers."""
    axes = {} if xaxis is None else {"xaxis": xaxis, "yaxis": yaxis}
    traces = [
        {
            "type": "contour",
            "x": rounded(d.xs),
            "y": rounded(d.ys),
            "z": typed(shown(d.z, d.scale)),
            "colorscale": style.COLORSCALE,
            "ncontours": 20,
            "contours": {"coloring": "heatmap"},
            "line": {"width": 0.5, "color": "rgba(0,0,0,0.3)"},
            "showscale": showscale,
            "colorbar": flat_colorbar(z_title(d.scale)),
            "hovertemplate": "w₁ %{x:.2f}<br>w₂ %{y:.2f}<br>%{z:.3f}<extra></extra>",
            "name": d.title,
            "showlegend": False,
            **axes,
        }
    ]
    for i, path in enumerate(d.paths):
        traces.extend(path_traces(path, style.path_color(i), axes))
    traces.extend(minima_traces(d.minima, axes))
    return traces


def path_traces(path, color, axes=None) -> list:
    """A path as two traces: its dark casing, then its coloured line."""
    p = path.points
    xy = {"x": rounded(p[:, 0]), "y": rounded(p[:, 1]), **(axes or {})}
    name = path.label + (" (diverged)" if path.diverged else "")
    casing = {
        "type": "scatter",
        "mode": "lines",
        "line": {"color": style.CASING, "width": 4.5},
        "hoverinfo": "skip",
        "showlegend": False,
        "legendgroup": name,
        "name": name,
        **xy,
    }
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


def minima_traces(minima, axes=None, *, y_of=lambda m: m.y) -> list:
    out = []
    for kind, symbol, color, size in (
        ("global", "star", style.STAR_RED, 18),
        ("local", "diamond", style.LOCAL_MARK, 10),
    ):
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
                        "line": {"color": "#000000", "width": 1},
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


def map_layout(d, *, colorbar=False, square=True, constraintoward="middle", **extra):
    """The layout of a map of `d`; `colorbar`: room below for a flat colour bar."""
    xaxis = {"title": {"text": d.labels[0]}, "range": grid_range(d.xs)}
    yaxis = {"title": {"text": d.labels[1]}, "range": grid_range(d.ys)}
    if square:
        sx, sy = square_axes(constraintoward=constraintoward)
        xaxis, yaxis = {**xaxis, **sx}, {**yaxis, **sy}
    margin = {"l": 55, "r": 15, "t": 10, "b": 45 + (COLORBAR_ROOM if colorbar else 0)}
    settings = {"xaxis": xaxis, "yaxis": yaxis, "margin": margin, "height": 520}
    return base_layout(**{**settings, **extra})


def line(d) -> dict:
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": rounded(d.xs),
            "y": rounded(d.z),
            "line": {"color": "#3b528b", "width": 3},
            "name": "loss",
        }
    ]
    for i, (path, values) in enumerate(zip(d.paths, d.path_values, strict=True)):
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": rounded(path.points[:, 0]),
                "y": rounded(values),
                "marker": {"size": 6, "color": style.path_color(i + 1, on_map=False)},
                "line": {"width": 1, "color": style.path_color(i + 1, on_map=False)},
                "name": path.label,
            }
        )
    data.extend(minima_traces(d.minima, y_of=lambda m: m.value))
    layout = base_layout(
        xaxis={"title": {"text": "weight w"}},
        yaxis={"title": {"text": style.Z_LABEL}},
    )
    return {"data": data, "layout": layout}


def animation(d) -> dict:
    """Faint full paths over the map; frames move one marker per optimizer.
    The map is a picture under the axes, not a contour trace: plotly.js drops
    every non-animatable trace from a plot it animates without redrawing (its
    transition replots only scatter traces), and redrawing flickers.
    No colour bar: the rows under the map belong to the controls."""
    data = contour_traces(d, showscale=False)[1:]
    for trace in data[: 2 * len(d.paths)]:
        trace["opacity"] = 0.6
        trace["showlegend"] = False
    first = len(data)
    for i, path in enumerate(d.paths):
        p = path.points
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [round(float(p[0, 0]), 4)],
                "y": [round(float(p[0, 1]), 4)],
                "marker": {
                    "size": 13,
                    "color": style.path_color(i),
                    "line": {"color": "#000000", "width": 1.5},
                },
                "name": path.label + (" (diverged)" if path.diverged else ""),
            }
        )
    frames = _frames(d.paths, list(range(first, first + len(d.paths))))
    n_frames = len(frames)
    layout = map_layout(
        d,
        square=_same_units(d),
        constraintoward="bottom",  # the map stays next to its controls
        images=[map_image(d)],
        updatemenus=[play_pause()],
        sliders=[step_slider(n_frames)],
        margin={"l": 55, "r": 15, "t": 10, "b": SLIDER_TOP + 85},
        height=590,
    )
    for axis in (layout["xaxis"], layout["yaxis"]):
        axis.update(showgrid=False, zeroline=False)  # they would cross the map
    return {"data": data, "layout": layout, "frames": frames}


def _frames(paths, indices: list[int]) -> list[dict]:
    """Frame k moves the marker of each path (the traces `indices`) to its
    k-th point; a path that stopped early stays at its last point."""
    n_frames = max((len(p.points) for p in paths), default=1)
    frames = []
    for k in range(n_frames):
        frame_data = []
        for path in paths:
            p = path.points[min(k, len(path.points) - 1)]
            frame_data.append(
                {"x": [round(float(p[0]), 4)], "y": [round(float(p[1]), 4)]}
            )
        frames.append({"name": str(k), "data": frame_data, "traces": indices})
    return frames


def map_image(d) -> dict:
    """The filled contour map of `d` as a layout image spanning its grid."""
    png = landscape_static.map_png(d)
    x0, x1, y0, y1 = (round(float(v), 4) for v in (*d.xs[[0, -1]], *d.ys[[0, -1]]))
    return {
        "source": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
        "xref": "x",
        "yref": "y",
        "x": x0,
        "y": y1,
        "sizex": round(x1 - x0, 4),
        "sizey": round(y1 - y0, 4),
        "xanchor": "left",
        "yanchor": "top",
        "sizing": "stretch",
        "layer": "below",
    }


def play_pause() -> dict:
    """Play and Pause on their own row under the map, big enough for a thumb."""
    play = {
        "frame": {"duration": FRAME_MS, "redraw": False},
        "fromcurrent": True,
        "transition": {"duration": 0},
    }
    pause = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    return {
        "type": "buttons",
        "direction": "left",
        "showactive": False,
        "x": 0,
        "xanchor": "left",
        "y": 0,
        "yanchor": "top",
        "pad": {"t": CONTROLS_TOP, "r": 8},
        "font": {"size": 14},
        "buttons": [
            {"label": "▶ Play", "method": "animate", "args": [None, play]},
            {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause]},
        ],
    }


def step_slider(n_frames: int) -> dict:
    """The step slider, the full width of the plot on the row below the buttons."""
    go = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    return {
        "active": 0,
        "currentvalue": {"prefix": "step ", "xanchor": "right"},
        "x": 0,
        "len": 1,
        "y": 0,
        "yanchor": "top",
        "pad": {"t": SLIDER_TOP, "l": 0, "r": 0},
        "ticklen": 4,
        "minorticklen": 0,
        "steps": [
            {"label": str(k), "method": "animate", "args": [[str(k)], go]}
            for k in range(n_frames)
        ],
    }
