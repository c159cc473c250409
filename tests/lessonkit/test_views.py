"""The landscape views: one table says how each view is drawn by both
renderers, and a map is drawn to scale exactly when its data says both axes
are in the same units, whatever the axis titles read."""

import dataclasses

import numpy as np
import pytest

from lessonkit.figures import landscape, mpl_kit, plotly_kit, registry, static, views

TITLES = [("weight w₁", "weight w₂"), ("α (direction 1)", "β (direction 2)")]


def booth(**changes):
    """Booth's contour view on a small grid, with `changes`."""
    return dataclasses.replace(landscape.contour_grid("booth", 11), **changes)


def unit_lengths(ax) -> tuple[float, float]:
    """Screen length of one data unit along x and along y, as drawn."""
    ax.figure.draw_without_rendering()  # applies the aspect
    (x0, y0), (x1, _), (_, y1) = ax.transData.transform([(0, 0), (1, 0), (0, 1)])
    return x1 - x0, y1 - y0


@pytest.mark.parametrize("titles", TITLES)
@pytest.mark.parametrize("same_units", [True, False])
def test_a_static_map_is_to_scale_exactly_when_its_axes_share_units(titles, same_units):
    d = booth(labels=titles, same_units=same_units, xs=np.linspace(-10, 10, 11))
    with static.settings():
        fig, (ax,) = static.new_figure(4.4)
        mpl_kit.contour_on(ax, d)
        along_x, along_y = unit_lengths(ax)
    # x spans twice y's range on a wider-than-tall plot: only equal aspect
    # makes one unit as long on both axes.
    assert np.isclose(along_x, along_y, rtol=1e-6) == same_units


@pytest.mark.parametrize("titles", TITLES)
@pytest.mark.parametrize("same_units", [True, False])
def test_a_plotly_map_is_to_scale_exactly_when_its_axes_share_units(titles, same_units):
    layout = plotly_kit.map_layout(booth(labels=titles, same_units=same_units))
    anchored = layout["yaxis"].get("scaleanchor") == "x"
    assert anchored == same_units
    if anchored:
        assert layout["yaxis"]["scaleratio"] == 1


def test_the_landscape_builder_offers_exactly_the_views_of_the_table():
    assert registry.get("landscape").schema["view"].options == list(views.NAMES)
    assert set(views.NAMES) == {"surface", "contour", "line", "animation"}


@pytest.mark.parametrize("view", views.NAMES)
def test_each_view_is_drawn_by_both_renderers_through_the_table(view):
    """What each view promises: a 3-D surface, a contour map with its colour
    bar, a curve of one weight, a map that plays; the static image in the
    format the table gives."""
    params = registry.check_params(
        "landscape",
        {
            "surface": "booth",
            "view": view,
            "resolution": 11,
            "optimizers": [
                {"name": "sgd", "lr": 0.01, "steps": 3}
                | {"start": 0.0 if view == "line" else [0.0, 0.0]}
            ],
        },
    )
    builder = registry.get("landscape")
    d = builder.compute(params)
    with static.settings():
        fig, fmt = builder.draw_static(d, None)
    assert fmt == views.TABLE[view].image_format
    assert fig.axes  # something was drawn
    figure = builder.draw_plotly(d, None)
    types = {t.get("type") for t in figure["data"]}
    expected = {
        "surface": {"surface", "scatter3d"},
        "contour": {"contour", "scatter"},
        "line": {"scatter"},
        "animation": {"scatter"},  # the map is a picture under the axes
    }[view]
    assert types == expected
    assert ("frames" in figure) == (view == "animation")
