"""Colours and axis labels shared by both renderers (and the only place they
are written): viridis for losses, Okabe-Ito for paths (distinguishable with
colour-vision deficiency), a red star for the optimum."""

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
CASING = "rgba(0,0,0,0.6)"  # on a map: the outline under a path, a label's ground
LABEL_TEXT = "#ffffff"  # text on a label's dark ground
TRANSPARENT = "rgba(0,0,0,0)"  # Plotly backgrounds: the page's colour shows
START_MARK = "#555555"  # Plotly: where a walk starts, beside its red end
HALO = "#222"  # matplotlib: the dark stroke around light paths and labels
OUTLINE = "#000000"  # the edge of markers and the stems of 3-D pins
CONTOUR_LINES = "rgba(0,0,0,0.3)"  # Plotly: the thin lines between colours
LINE_PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
)
CUT_COLOR = "#3b528b"  # the loss along a 1-D cut (viridis at a quarter)
X_LABEL, Y_LABEL, Z_LABEL = "weight w₁", "weight w₂", "loss"
LOG_Z_LABEL = "log(1 + loss − min)"  # the z axis of scale: log
CUT_LABEL = "weight w"  # the x axis of a 1-D cut
TRAINING_LOSS = "training loss"  # the loss axis of a network's figures


def z_label(scale: str) -> str:
    """The title of the loss axis (or colour bar) on a `scale` of colours."""
    return Z_LABEL if scale == "linear" else LOG_Z_LABEL


def path_color(i: int, on_map: bool = True) -> str:
    """Colour of path i: light colours on a viridis map, dark ones on white."""
    palette = PALETTE if on_map else LINE_PALETTE
    return palette[i % len(palette)]
