"""Which plotly.js partial bundle draws a figure: the 2-D maps and curves need
no 3-D or WebGL code, so a page loads only the bundle its figures need.

The bundles are plotly.js's official partial builds from npm
(`plotly.js-<name>-dist-min`, pinned in package.json to the plotly.js version
the Python plotly package writes for); the hook serves them under
assets/plotly/. Trace lists from each package's README.
"""

from __future__ import annotations

BUNDLES: dict[str, frozenset[str]] = {
    "cartesian": frozenset(
        [
            "bar",
            "box",
            "contour",
            "heatmap",
            "histogram",
            "histogram2d",
            "histogram2dcontour",
            "image",
            "pie",
            "scatter",
            "scatterternary",
            "violin",
        ]
    ),
    "gl3d": frozenset(
        [
            "cone",
            "isosurface",
            "mesh3d",
            "scatter",
            "scatter3d",
            "streamtube",
            "surface",
            "volume",
        ]
    ),
}


def name(webgl: bool) -> str:
    """The bundle of a figure: gl3d for a WebGL (3-D) figure, cartesian otherwise."""
    return "gl3d" if webgl else "cartesian"


def url(webgl: bool) -> str:
    """Its path from the site root."""
    return f"assets/plotly/plotly-{name(webgl)}.min.js"


def check(figure: dict, webgl: bool) -> None:
    """ValueError naming the trace types the figure's bundle cannot draw."""
    bundle = name(webgl)
    types = {trace.get("type", "scatter") for trace in figure.get("data", [])}
    missing = sorted(types - BUNDLES[bundle])
    if missing:
        raise ValueError(
            f"trace types {missing} are not in plotly.js's {bundle} bundle; "
            f"allowed: {', '.join(sorted(BUNDLES[bundle]))} (2-D and 3-D traces "
            "cannot share one figure)"
        )
