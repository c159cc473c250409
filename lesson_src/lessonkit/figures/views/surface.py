"""The surface view: the loss over two weights in 3-D, with the paths on it
and each minimum marked."""

from __future__ import annotations

from .. import mpl_kit, plotly_kit, static, style


def draw_static(d):
    fig, (ax,) = static.new_figure(3.8, projection="3d")
    mpl_kit.surface_on(ax, d, alpha=0.9)
    mpl_kit.surface_paths(ax, d)
    mpl_kit.surface_minima(ax, d)
    ax.set_xlabel(style.X_LABEL)
    ax.set_ylabel(style.Y_LABEL)
    ax.set_zlabel(style.z_label(d.scale))
    fig.subplots_adjust(left=0, right=0.92, bottom=0.06, top=1)
    return fig


def draw_plotly(d) -> dict:
    """A rotatable surface, its paths and a pin on each minimum."""
    data = [plotly_kit.surface_trace(d)]
    for i, (path, values) in enumerate(zip(d.paths, d.path_values, strict=True)):
        data.append(plotly_kit.path3d_trace(path, values, d, style.path_color(i)))
    data.extend(plotly_kit.pins(d))
    axis = {"backgroundcolor": style.TRANSPARENT, "showbackground": False}
    scene = {
        "xaxis": {"title": {"text": style.X_LABEL}, **axis},
        "yaxis": {"title": {"text": style.Y_LABEL}, **axis},
        "zaxis": {"title": {"text": style.z_label(d.scale)}, **axis},
        # The static image's view (azimuth -60, elevation 35), far enough out
        # that the tick labels fit a phone-wide plot.
        "camera": {"eye": {"x": 1.35, "y": -2.38, "z": 1.92}},
        "aspectmode": "manual",
        "aspectratio": {"x": 1, "y": 1, "z": 0.7},
        "domain": {"x": [0.04, 1], "y": [0, 1]},  # room for the loss axis labels
    }
    layout = plotly_kit.base_layout(
        scene=scene, margin={"l": 0, "r": 0, "t": 10, "b": 0}, height=500
    )
    return {"data": data, "layout": layout}
