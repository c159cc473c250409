"""Static images of the landscape views (matplotlib)."""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.ticker import MaxNLocator

from . import static, style
from .landscapes import shown


def draw(data, spec):
    """(figure, format): PNG for dense surfaces and maps, SVG for a 1-D cut."""
    if data.view == "surface":
        return surface(data), "png"
    if data.view == "line":
        return line(data), "svg"
    return contour(data), "png"


def lifted(values, z, scale):
    """Path losses on the same colour scale as the grid."""
    if scale == "log":
        return np.log1p(np.maximum(values - np.min(z), 0.0))
    return values


def surface(d):
    fig, (ax,) = static.new_figure(3.8, projection="3d")
    ax.computed_zorder = False  # markers drawn after the surface stay visible
    xx, yy = np.meshgrid(d.xs, d.ys)
    ax.plot_surface(
        xx,
        yy,
        shown(d.z, d.scale),
        cmap=style.CMAP,
        linewidth=0,
        antialiased=False,
        alpha=0.9,
    )
    for i, (path, values) in enumerate(zip(d.paths, d.path_values, strict=True)):
        p = path.points
        ax.plot(
            p[:, 0],
            p[:, 1],
            lifted(values, d.z, d.scale),
            color=style.path_color(i),
            lw=1.5,
            label=path.label,
        )
    for m in d.minima:
        zm = lifted(np.array([m.value]), d.z, d.scale)
        mark(ax, m, [m.x], [m.y], zm)
    ax.set_xlabel(style.X_LABEL)
    ax.set_ylabel(style.Y_LABEL)
    ax.set_zlabel(style.Z_LABEL if d.scale == "linear" else style.LOG_Z_LABEL)
    ax.view_init(elev=35, azim=-60)
    fig.subplots_adjust(left=0, right=0.92, bottom=0.06, top=1)
    return fig


def contour_on(ax, d, *, colorbar_fig=None):
    """Filled contours, paths and minima of `d` on `ax`; w1 and w2 to scale."""
    z = shown(d.z, d.scale)
    filled = ax.contourf(d.xs, d.ys, z, levels=20, cmap=style.CMAP)
    ax.contour(d.xs, d.ys, z, levels=20, colors="k", linewidths=0.3, alpha=0.35)
    # A dark outline keeps light paths visible on the map's yellow end.
    outline = [patheffects.withStroke(linewidth=2.8, foreground="#222")]
    for i, path in enumerate(d.paths):
        p = path.points
        color = style.path_color(i)
        ax.plot(
            p[:, 0],
            p[:, 1],
            "-",
            color=color,
            lw=1.5,
            label=path.label,
            path_effects=outline,
        )
        ax.plot(p[0, 0], p[0, 1], "o", color=color, mec="k", ms=5)
        ax.plot(p[-1, 0], p[-1, 1], "X", color=color, mec="k", ms=6)
    for m in d.minima:
        mark(ax, m, m.x, m.y)
    ax.set_xlim(d.xs[0], d.xs[-1])
    ax.set_ylim(d.ys[0], d.ys[-1])
    if d.labels == (style.X_LABEL, style.Y_LABEL):
        ax.set_aspect("equal")  # a round bowl stays round
    ax.set_xlabel(d.labels[0])
    ax.set_ylabel(d.labels[1])
    if colorbar_fig is not None:
        label = style.Z_LABEL if d.scale == "linear" else style.LOG_Z_LABEL
        bar = colorbar_fig.colorbar(
            filled, ax=ax, label=label, location="top", shrink=0.7, aspect=30, pad=0.03
        )
        bar.locator = MaxNLocator(5)
        bar.update_ticks()
    return filled


def map_png(d, width_px: int = 480) -> bytes:
    """Only the filled contours of `d`, edge to edge, as PNG bytes: the picture
    under an animated Plotly map."""
    (x0, x1), (y0, y1) = d.xs[[0, -1]], d.ys[[0, -1]]
    width_in = width_px / static.PNG_DPI
    fig = static.figure(width_in, width_in * (y1 - y0) / (x1 - x0))
    ax = fig.add_axes((0, 0, 1, 1))
    z = shown(d.z, d.scale)
    ax.contourf(d.xs, d.ys, z, levels=20, cmap=style.CMAP)
    ax.contour(d.xs, d.ys, z, levels=20, colors="k", linewidths=0.4, alpha=0.35)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    image, _, _ = static.save(fig, "png")
    return image


def contour(d):
    """A map with its colour bar on top and the legend below, both outside the
    map so nothing covers a path."""
    fig, (ax,) = static.new_figure(5.0 if d.paths else 4.4)
    contour_on(ax, d, colorbar_fig=fig)
    if d.paths:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13),
            ncol=1,
            fontsize=9,
            frameon=False,
        )
    fig.tight_layout()
    return fig


def line(d):
    fig, (ax,) = static.new_figure(3.2)
    ax.plot(d.xs, d.z, color="#3b528b", lw=2)
    for i, (path, values) in enumerate(zip(d.paths, d.path_values, strict=True)):
        ax.plot(
            path.points[:, 0],
            values,
            "o-",
            ms=3.5,
            lw=1,
            color=style.path_color(i + 1, on_map=False),
            label=path.label,
        )
    for m in d.minima:
        mark(ax, m, m.x, m.value)
    ax.set_xlabel("weight w")
    ax.set_ylabel(style.Z_LABEL)
    if d.paths:
        ax.legend(fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


MARKERS = {  # minimum kind -> how it is drawn
    "global": {"marker": "*", "color": style.STAR_RED, "mec": "white", "ms": 15},
    "local": {"marker": "D", "color": style.LOCAL_MARK, "mec": "k", "ms": 7},
}


def mark(ax, m, *xyz):
    """A red star at a global minimum, a white diamond at a local one."""
    ax.plot(*xyz, ls="none", label=f"{m.kind} minimum", **MARKERS[m.kind])
