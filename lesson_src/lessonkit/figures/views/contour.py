"""The contour view: a map of the loss seen from above, with the paths and
minima, its colour bar and legend outside the map so nothing covers a path."""

from __future__ import annotations

from .. import mpl_kit, plotly_kit, static


def draw_static(d):
    fig, (ax,) = static.new_figure(5.0 if d.paths else 4.4)
    mpl_kit.contour_on(ax, d, colorbar_fig=fig)
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


def draw_plotly(d) -> dict:
    return {
        "data": plotly_kit.contour_traces(d),
        "layout": plotly_kit.map_layout(d, colorbar=True, constraintoward="bottom"),
    }
