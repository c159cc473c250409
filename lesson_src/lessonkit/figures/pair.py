"""The `landscape-pair` builder: two landscapes side by side (convex beside
non-convex, smooth beside rugged), as surfaces or contour maps."""

from __future__ import annotations

from ..errors import AuthorError
from ..schema import Choice, ListOf, Number, Record, Text
from . import landscape, mpl_kit, plotly_kit, static, style, views
from .registry import register

PANEL = {
    **{k: v for k, v in landscape.SCHEMA.items() if k not in ("view", "resolution")},
    "label": Text(default=None),  # panel title; default: the landscape's title
}
SCHEMA = {
    "panels": ListOf(Record(PANEL), min_len=2, max_len=2),
    "view": Choice(("surface", "contour"), default="surface"),
    "resolution": Number(11, 201, integer=True, default=61),
}


def _panel_params(params, panel):
    out = {k: v for k, v in panel.items() if k != "label"}
    return {**out, "view": params["view"], "resolution": params["resolution"]}


def check(params):
    for i, panel in enumerate(params["panels"]):
        try:
            landscape.check(_panel_params(params, panel))
        except AuthorError as exc:
            if exc.field:
                exc.field = f"panels[{i}].{exc.field}"
            raise


def compute(params):
    check(params)
    out = []
    for panel in params["panels"]:
        d = landscape.compute(_panel_params(params, panel))
        out.append((panel.get("label", d.title), d))
    return out


def draw_static(panels, spec):
    surface = panels[0][1].view == "surface"
    fig, axes = static.new_figure(
        2.7 if surface else 2.9, ncols=2, projection="3d" if surface else None
    )
    for ax, (label, d) in zip(axes, panels, strict=True):
        if surface:
            surface_on(ax, d)
        else:
            mpl_kit.contour_on(ax, d)
        ax.set_title(label, fontsize=10, pad=0 if surface else 6)
    if surface:
        # Room between the panels for the first one's z-axis label.
        fig.subplots_adjust(left=0.0, right=0.93, wspace=0.25, bottom=0.02, top=0.96)
    else:
        axes[1].set_ylabel("")
        fig.tight_layout()
    return fig, "png"


def surface_on(ax, d):
    """A 3-D surface with its minima, labelled compactly for half a figure."""
    mpl_kit.surface_on(ax, d)
    mpl_kit.surface_minima(ax, d)
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.set_major_locator(mpl_kit.few_ticks(4, integer=True))
    ax.tick_params(labelsize=7, pad=-1)
    ax.set_xlabel(style.X_LABEL, fontsize=8, labelpad=-5)
    ax.set_ylabel(style.Y_LABEL, fontsize=8, labelpad=-3)
    ax.set_zlabel(style.z_label(d.scale), fontsize=8, labelpad=-4)
    ax.set_box_aspect(None, zoom=0.95)


STACKED = ((0.53, 0.95), (0.0, 0.42))  # 3-D scenes: (bottom, top) of each


def _surface_panel(d, i, suffix):
    """Panel i as a 3-D scene. Stacked, not side by side: a 3-D scene shrinks
    to fit its narrower side, and half a phone's width would clip it."""
    fig = views.surface.draw_plotly(d)
    for trace in fig["data"]:
        trace["scene"] = f"scene{suffix}"
    scene = fig["layout"]["scene"]
    scene["domain"] = {"x": [0, 1], "y": list(STACKED[i])}
    for name in ("xaxis", "yaxis", "zaxis"):  # a small scene: fewer ticks
        scene[name].update(nticks=5, tickfont={"size": 10})
    return fig["data"], scene


def _contour_panel(d, i, suffix, first_yaxis):
    """Panel i as a contour map in its half of the width, to scale; it shares
    the first panel's y labels when their ranges agree."""
    traces = plotly_kit.contour_traces(
        d, xaxis=f"x{suffix}", yaxis=f"y{suffix}", showscale=False
    )
    sx, sy = plotly_kit.square_axes(f"x{suffix}", "top") if d.same_units else ({}, {})
    y_range = plotly_kit.grid_range(d.ys)
    shared = first_yaxis is not None and y_range == first_yaxis["range"]
    xaxis = {
        "domain": [0.0, 0.46] if i == 0 else [0.54, 1.0],
        "title": {"text": d.labels[0]},
        "range": plotly_kit.grid_range(d.xs),
        "nticks": 4,  # no crowding at half a phone's width
        **sx,
    }
    yaxis = {
        "title": {"text": "" if shared else d.labels[1]},
        "showticklabels": not shared,
        "anchor": f"x{suffix}",
        "range": y_range,
        "nticks": 4,
        **sy,
    }
    return traces, xaxis, yaxis


def _title(text, x, y) -> dict:
    """A panel's title, centred above it."""
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "center",
        "yanchor": "bottom",
        "showarrow": False,
    }


def draw_plotly(panels, spec) -> dict:
    surface = panels[0][1].view == "surface"
    data, annotations, layout = [], [], {}
    for i, (label, d) in enumerate(panels):
        suffix = "" if i == 0 else str(i + 1)
        if surface:
            traces, scene = _surface_panel(d, i, suffix)
            layout[f"scene{suffix}"] = scene
            annotations.append(_title(label, 0.5, scene["domain"]["y"][1]))
        else:
            traces, xaxis, yaxis = _contour_panel(d, i, suffix, layout.get("yaxis"))
            layout[f"xaxis{suffix}"], layout[f"yaxis{suffix}"] = xaxis, yaxis
            annotations.append(_title(label, sum(xaxis["domain"]) / 2, 1.0))
        for trace in traces:  # one legend entry per kind of marker
            trace["showlegend"] = trace.get("showlegend", True) and i == 0
        data.extend(traces)
    # No legend: the panel titles take the room above the plots, and hovering
    # a marker names it. Low enough that a phone shows little blank.
    margin = {"l": 55, "r": 10, "t": 30, "b": 45}
    if surface:
        margin = {"l": 0, "r": 0, "t": 30, "b": 10}
    layout = plotly_kit.base_layout(
        annotations=annotations,
        showlegend=False,
        margin=margin,
        height=700 if surface else 380,
        **layout,
    )
    return {"data": data, "layout": layout}


register("landscape-pair", SCHEMA, static=draw_static, plotly=draw_plotly, check=check)(
    compute
)
