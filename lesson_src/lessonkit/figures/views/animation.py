"""The animation view: optimizers walk across the map one step per frame,
with Play and Pause and a step slider on their own rows under the map."""

from __future__ import annotations

import base64

from .. import mpl_kit, plotly_kit, style

FRAME_MS = 80  # animation speed per step
CONTROLS_TOP = 62  # px from the plot's bottom edge to the first control row
SLIDER_TOP = 108  # px from the plot's bottom edge to the step slider


def draw_plotly(d) -> dict:
    """Faint full paths over the map; frames move one marker per optimizer.
    The map is a picture under the axes, not a contour trace: plotly.js drops
    every non-animatable trace from a plot it animates without redrawing (its
    transition replots only scatter traces), and redrawing flickers.
    No colour bar: the rows under the map belong to the controls."""
    data = plotly_kit.contour_traces(d, showscale=False)[1:]
    for trace in data[: 2 * len(d.paths)]:
        trace["opacity"] = 0.6
        trace["showlegend"] = False
    first = len(data)
    data.extend(_walker(path, style.path_color(i)) for i, path in enumerate(d.paths))
    frames = _frames(d.paths, list(range(first, first + len(d.paths))))
    layout = plotly_kit.map_layout(
        d,
        constraintoward="bottom",  # the map stays next to its controls
        images=[map_image(d)],
        updatemenus=[play_pause()],
        sliders=[step_slider(len(frames))],
        margin={"l": 55, "r": 15, "t": 10, "b": SLIDER_TOP + 85},
        height=590,
    )
    for axis in (layout["xaxis"], layout["yaxis"]):
        axis.update(showgrid=False, zeroline=False)  # they would cross the map
    return {"data": data, "layout": layout, "frames": frames}


def _walker(path, color: str) -> dict:
    """The marker that walks along `path`, at its start."""
    p = path.points
    return {
        "type": "scatter",
        "mode": "markers",
        "x": [round(float(p[0, 0]), 4)],
        "y": [round(float(p[0, 1]), 4)],
        "marker": {
            "size": 13,
            "color": color,
            "line": {"color": style.OUTLINE, "width": 1.5},
        },
        "name": plotly_kit.path_name(path),
    }


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
    png = mpl_kit.map_png(d)
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
