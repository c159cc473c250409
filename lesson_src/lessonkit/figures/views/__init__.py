"""The views of a two-weight landscape and the one table that says how each
is drawn: a static image (matplotlib, in the format that suits it) and a
Plotly figure. Each view module holds both of its drawings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import animation, contour, line, surface


@dataclass(frozen=True)
class View:
    static: Callable  # LandscapeData -> matplotlib Figure
    image_format: str  # of the static image: "png" for dense pictures, "svg"
    plotly: Callable  # LandscapeData -> Plotly figure dict


TABLE = {
    "surface": View(surface.draw_static, "png", surface.draw_plotly),
    "contour": View(contour.draw_static, "png", contour.draw_plotly),
    "line": View(line.draw_static, "svg", line.draw_plotly),
    # On paper and without JavaScript, an animation is its map with the paths.
    "animation": View(contour.draw_static, "png", animation.draw_plotly),
}
NAMES = tuple(TABLE)


def draw_static(d, spec=None):
    """(figure, format) of the view `d.view` of `d`."""
    view = TABLE[d.view]
    return view.static(d), view.image_format


def draw_plotly(d, spec=None) -> dict:
    return TABLE[d.view].plotly(d)
