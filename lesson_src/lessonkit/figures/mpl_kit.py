"""matplotlib pieces the builders share: a loss surface, a filled contour map
with its paths, minima markers, and the bare map as a PNG picture. Each helper
draws on an `ax` it is given (matplotlib's own advice for plotting helpers)."""

from __future__ import annotations

import numpy as np

from . import static, style
from .two_weight import lifted, shown

LEVELS = 20  # colour levels of a map
VIEW = {"elev": 35, "azim": -60}  # the 3-D camera of every static surface
MARKERS = {  # minimum kind -> how it is drawn
    "global": {"marker": "*", "color": style.STAR_RED, "mec": "white", "ms": 15},
    "local": {"marker": "D", "color": style.LOCAL_MARK, "mec": "k", "ms": 7},
}


def mark(ax, m, *xyz):
    """A red star at a global minimum, a white diamond at a local one."""
    ax.plot(*xyz, ls="none", label=f"{m.kind} minimum", **MARKERS[m.kind])


def surface_on(ax, d, **options):
    """The loss of `d` as a 3-D surface on `ax`, seen from VIEW; markers drawn
    after it stay visible. `options` go to `plot_surface` (e.g. alpha)."""
    ax.computed_zorder = False
    xx, yy = np.meshgrid(d.xs, d.ys)
    ax.plot_surface(
        xx,
        yy,
        shown(d.z, d.scale),
        cmap=style.CMAP,
        linewidth=0,
        antialiased=False,
        **options,
    )
    ax.view_init(**VIEW)


def surface_paths(ax, d):
    """The paths of `d` on its surface, at the height of their losses."""
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


def surface_minima(ax, d):
    """The minima of `d` on its surface, at the height of their losses."""
    for m in d.minima:
        mark(ax, m, [m.x], [m.y], lifted(np.array([m.value]), d.z, d.scale))


def filled_contours(ax, d, line_width: float):
    """Filled contours of `d` with thin dark lines between the colours."""
    z = shown(d.z, d.scale)
    filled = ax.contourf(d.xs, d.ys, z, levels=LEVELS, cmap=style.CMAP)
    ax.contour(
        d.xs, d.ys, z, levels=LEVELS, colors="k", linewidths=line_width, alpha=0.35
    )
    return filled


def map_paths(ax, d):
    """Each path of `d` with a dark outline (light paths stay visible on the
    map's yellow end), a dot at its start and a cross at its end."""
    outline = halo(2.8)
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


def contour_on(ax, d, *, colorbar_fig=None):
    """Filled contours, paths and minima of `d` on `ax`; to scale when both
    axes are in the same units (`d.same_units`): a round bowl stays round."""
    filled = filled_contours(ax, d, 0.3)
    map_paths(ax, d)
    for m in d.minima:
        mark(ax, m, m.x, m.y)
    ax.set_xlim(d.xs[0], d.xs[-1])
    ax.set_ylim(d.ys[0], d.ys[-1])
    if d.same_units:
        ax.set_aspect("equal")
    ax.set_xlabel(d.labels[0])
    ax.set_ylabel(d.labels[1])
    if colorbar_fig is not None:
        bar = colorbar_fig.colorbar(
            filled,
            ax=ax,
            label=style.z_label(d.scale),
            location="top",
            shrink=0.7,
            aspect=30,
            pad=0.03,
        )
        bar.locator = few_ticks(5)
        bar.update_ticks()
    return filled


def map_png(d, width_px: int = 480) -> bytes:
    """Only the filled contours of `d`, edge to edge, as PNG bytes: the picture
    under an animated Plotly map."""
    (x0, x1), (y0, y1) = d.xs[[0, -1]], d.ys[[0, -1]]
    width_in = width_px / static.PNG_DPI
    fig = static.figure(width_in, width_in * (y1 - y0) / (x1 - x0))
    ax = fig.add_axes((0, 0, 1, 1))
    filled_contours(ax, d, 0.4)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    image, _, _ = static.save(fig, "png")
    return image


# matplotlib is imported when a figure is drawn, not when a build only checks
# its pages: a no-change build never imports it (about 1 s).
def halo(linewidth: float) -> list:
    """Path effects: a dark outline that keeps white text readable on a map."""
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=linewidth, foreground=style.HALO)]


def few_ticks(count: int, integer: bool = False):
    """A tick locator with at most `count` ticks."""
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(count, integer=integer)
