"""Plotly figures of the landscape views: a rotatable surface, a contour map
with paths, a 1-D cut, and an animation with play/pause and a step slider."""

from __future__ import annotations

import numpy as np

from . import style
from .landscape_static import lifted
from .landscapes import shown
from .plotly_json import base_layout, rounded, typed

FRAME_MS = 80  # animation speed per step


def draw(d, spec) -> dict:
    if d.view == "surface":
        return surface(d)
    if d.view == "line":
        return line(d)
    if d.view == "animation":
        return animation(d)
    return {"data": contour_traces(d), "layout": map_layout()}


def z_title(scale):
    return style.Z_LABEL if scale == "linear" else "log(1 + loss − min)"


def surface(d) -> dict:
    data = [
        {
            "type": "surface",
            "x": rounded(d.xs),
            "y": rounded(d.ys),
            "z": typed(shown(d.z, d.scale)),
            "colorscale": style.COLORSCALE,
            "showscale": False,
            "hovertemplate": "w₁ %{x:.2f}<br>w₂ %{y:.2f}<br>loss %{z:.3f}"
            "<extra></extra>",
            "name": d.title,
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
                "line": {"color": style.path_color(i + 1), "width": 5},
                "name": path.label,
            }
        )
    for m in d.minima:
        z = float(lifted(np.array([m.value]), d.z, d.scale)[0])
        glob = m.kind == "global"
        data.append(
            {
                "type": "scatter3d",
                "mode": "markers+text",
                "x": [round(m.x, 4)],
                "y": [round(m.y, 4)],
                "z": [round(z, 4)],
                "text": ["★ global minimum" if glob else "local minimum"],
                "textposition": "top center",
                "textfont": {"color": style.STAR_RED if glob else None},
                "marker": {
                    "symbol": "diamond",
                    "size": 7 if glob else 5,
                    "color": style.STAR_RED if glob else style.LOCAL_MARK,
                    "line": {"color": "#000000", "width": 1},
                },
                "name": "global minimum" if glob else "local minimum",
                "showlegend": False,
            }
        )
    axis = {"backgroundcolor": "rgba(0,0,0,0)", "showbackground": False}
    scene = {
        "xaxis": {"title": {"text": style.X_LABEL}, **axis},
        "yaxis": {"title": {"text": style.Y_LABEL}, **axis},
        "zaxis": {"title": {"text": z_title(d.scale)}, **axis},
        "camera": {"eye": {"x": 1.5, "y": -1.5, "z": 1.0}},
        "aspectmode": "manual",
        "aspectratio": {"x": 1, "y": 1, "z": 0.7},
    }
    layout = base_layout(scene=scene, margin={"l": 0, "r": 0, "t": 10, "b": 10})
    return {"data": data, "layout": layout}


def contour_traces(d, *, xaxis=None, yaxis=None, showscale=True) -> list:
    """Contour, paths (lines with start markers) and minima markers."""
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
            "colorbar": {"title": {"text": z_title(d.scale)}, "thickness": 12},
            "hovertemplate": "w₁ %{x:.2f}<br>w₂ %{y:.2f}<br>%{z:.3f}<extra></extra>",
            "name": d.title,
            **axes,
        }
    ]
    for i, path in enumerate(d.paths):
        p = path.points
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": rounded(p[:, 0]),
                "y": rounded(p[:, 1]),
                "line": {"color": style.path_color(i), "width": 2},
                "marker": {"size": 3, "color": style.path_color(i)},
                "name": path.label + (" (diverged)" if path.diverged else ""),
                **axes,
            }
        )
    traces.extend(minima_traces(d.minima, axes))
    return traces


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
                    **(axes or {}),
                }
            )
    return out


def map_layout(**extra) -> dict:
    return base_layout(
        xaxis={"title": {"text": style.X_LABEL}},
        yaxis={"title": {"text": style.Y_LABEL}},
        **extra,
    )


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
    """Contour with faint full paths; frames move one marker per optimizer."""
    data = contour_traces(d)
    for trace in data[1 : 1 + len(d.paths)]:
        trace["opacity"] = 0.35
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
                    "size": 12,
                    "color": style.path_color(i),
                    "line": {"color": "#000000", "width": 1.5},
                },
                "name": path.label,
            }
        )
    n_frames = max((len(p.points) for p in d.paths), default=1)
    indices = list(range(first, first + len(d.paths)))
    frames = []
    for k in range(n_frames):
        frame_data = []
        for path in d.paths:
            p = path.points[min(k, len(path.points) - 1)]
            frame_data.append(
                {"x": [round(float(p[0]), 4)], "y": [round(float(p[1]), 4)]}
            )
        frames.append({"name": str(k), "data": frame_data, "traces": indices})
    layout = map_layout(
        updatemenus=[play_pause()],
        sliders=[step_slider(n_frames)],
        margin={"l": 50, "r": 20, "t": 30, "b": 110},
        height=520,
    )
    return {"data": data, "layout": layout, "frames": frames}


def play_pause() -> dict:
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
        "y": -0.32,
        "xanchor": "left",
        "yanchor": "top",
        "buttons": [
            {"label": "▶ Play", "method": "animate", "args": [None, play]},
            {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause]},
        ],
    }


def step_slider(n_frames: int) -> dict:
    go = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    return {
        "active": 0,
        "currentvalue": {"prefix": "step "},
        "x": 0.22,
        "len": 0.78,
        "y": -0.25,
        "yanchor": "top",
        "pad": {"t": 10},
        "steps": [
            {"label": str(k), "method": "animate", "args": [[str(k)], go]}
            for k in range(n_frames)
        ],
    }
