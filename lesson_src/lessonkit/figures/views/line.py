"""The line view: the loss along a 1-D cut (one weight, the other held at
`at`), with the paths of one-weight runs and the minima on the cut."""

from __future__ import annotations

from .. import mpl_kit, plotly_kit, static, style
from ..plotly_json import rounded


def draw_static(d):
    fig, (ax,) = static.new_figure(3.2)
    ax.plot(d.xs, d.z, color=style.CUT_COLOR, lw=2)
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
        mpl_kit.mark(ax, m, m.x, m.value)
    ax.set_xlabel(style.CUT_LABEL)
    ax.set_ylabel(style.Z_LABEL)
    if d.paths:
        ax.legend(fontsize=9, frameon=False)
    fig.tight_layout()
    return fig


def draw_plotly(d) -> dict:
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": rounded(d.xs),
            "y": rounded(d.z),
            "line": {"color": style.CUT_COLOR, "width": 3},
            "name": style.Z_LABEL,
        }
    ]
    for i, (path, values) in enumerate(zip(d.paths, d.path_values, strict=True)):
        color = style.path_color(i + 1, on_map=False)
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": rounded(path.points[:, 0]),
                "y": rounded(values),
                "marker": {"size": 6, "color": color},
                "line": {"width": 1, "color": color},
                "name": path.label,
            }
        )
    data.extend(plotly_kit.minima_traces(d.minima, y_of=lambda m: m.value))
    layout = plotly_kit.base_layout(
        xaxis={"title": {"text": style.CUT_LABEL}},
        yaxis={"title": {"text": style.Z_LABEL}},
    )
    return {"data": data, "layout": layout}
