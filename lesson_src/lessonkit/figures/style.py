"""Colours shared by both renderers: viridis for losses, Okabe-Ito for paths
(distinguishable with colour-vision deficiency), a red star for the optimum."""

STAR_RED = "#d62728"
LOCAL_MARK = "#ffffff"
CMAP = "viridis"  # matplotlib
COLORSCALE = "Viridis"  # plotly
# Light colours for paths drawn on a viridis map. Each path gets a dark casing
# (see CASING) so it stays visible over the yellow end of the map, and its
# legend swatch stays visible on a white page as well as on a dark one.
PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#D55E00",
    "#009E73",
    "#ffffff",
)
CASING = "rgba(0,0,0,0.6)"  # the dark outline under a path on a map
LINE_PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
)
X_LABEL, Y_LABEL, Z_LABEL = "weight w₁", "weight w₂", "loss"
LOG_Z_LABEL = "log(1 + loss − min)"  # the z axis of scale: log


def path_color(i: int, on_map: bool = True) -> str:
    """Colour of path i: light colours on a viridis map, dark ones on white."""
    palette = PALETTE if on_map else LINE_PALETTE
    return palette[i % len(palette)]
