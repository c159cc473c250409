"""Every declared figure builds (small grids here; full size in test_full_build)
and shows what its caption promises."""

import dataclasses
import json
import math

import pytest

from lessonkit.blocks import PAGE_BUILDER
from lessonkit.errors import AuthorError
from lessonkit.figures import bundles, registry
from lessonkit.figures.render import render
from lessonkit.lessons import declared

SMALL = {"resolution": 21, "train_steps": 20, "samples": 40}
SPECS = {spec.id: spec for spec in declared()}


def small(spec):
    """The spec with each size parameter at max(SMALL value, the schema's minimum)."""
    schema = registry.get(spec.builder).schema
    sizes = {k: max(v, schema[k].lo) for k, v in SMALL.items() if k in schema}
    params = {**spec.params, **sizes}
    return dataclasses.replace(spec, params=registry.check_params(spec.builder, params))


@pytest.fixture(scope="module")
def rendered():
    return {fid: render(small(spec)) for fid, spec in SPECS.items()}


def plotly(rendered, fid):
    return json.loads(rendered[fid].files[f"{fid}.json"])


def test_every_builder_draws_a_declared_figure():
    """So the checks below, run over every declared figure, cover every builder."""
    used = {spec.builder for spec in SPECS.values()}
    assert set(registry.names()) - {PAGE_BUILDER} <= used


@pytest.mark.parametrize("fid", sorted(SPECS))
def test_each_figure_builds_its_files(rendered, fid):
    r, spec = rendered[fid], SPECS[fid]
    image = r.files[r.static_name]
    if r.static_name.endswith(".png"):
        assert image.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        assert image.startswith(b"<?xml") and b"<svg" in image
        assert b"<dc:date>" not in image  # no build date in the file
    assert r.width > 0 and r.height > 0
    if spec.interactive:
        fig = plotly(rendered, fid)
        assert fig["data"] and fig["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"
        text = json.dumps(fig)
        assert "$" not in text  # no LaTeX
        html = r.files[f"{fid}.html"].decode()
        traces = {t["type"] for t in fig["data"]}
        bundle = "gl3d" if traces & {"surface", "scatter3d"} else "cartesian"
        assert f'<script src="../assets/plotly/plotly-{bundle}.min.js">' in html
        assert 'role="img"' not in html  # the plot holds controls (axe)
        assert len(html) < len(r.files[f"{fid}.json"]) + 3000  # plotly.js not inlined
    elif spec.explorer:  # the page's explorer script draws it from JSON
        data = json.loads(r.files[f"{fid}.json"])
        assert data["id"] == fid and data["optimizers"] and data["grid"]["z"]
        assert set(r.files) == {r.static_name, f"{fid}.json"}
    else:
        assert set(r.files) == {r.static_name}


def test_surface_marks_the_published_minima(rendered):
    fig = plotly(rendered, "ch13-surface-3d")
    marks = {
        t["name"]: t for t in fig["data"] if t.get("mode") == "markers"
    }  # the pins' heads; their stems have mode "lines"
    # two_valleys: deep valley at (-3/2, 0), shallow one at (3/2, 0) (see the docs)
    where = {name: (t["x"][0], t["y"][0]) for name, t in marks.items()}
    assert where == {"global minimum": (-1.5, 0.0), "local minimum": (1.5, 0.0)}
    glob = marks["global minimum"]
    assert glob["marker"]["color"] == "#d62728" and glob.get("showlegend", True)
    assert "loss 0.000" in glob["hovertemplate"]  # the true value, not the pin's
    assert "loss 1.125" in marks["local minimum"]["hovertemplate"]  # p(3/2) = 9/8
    assert not any(t.get("mode") == "markers+text" for t in fig["data"])  # no labels
    assert fig["data"][0]["type"] == "surface" and fig["data"][0]["z"]["dtype"] == "f4"


def test_contour_paths_end_in_both_minima(rendered):
    fig = plotly(rendered, "ch13-contour-paths")
    ends = [
        (t["x"][-1], t["y"][-1])
        for t in fig["data"]
        if t.get("mode") == "lines+markers"
    ]
    assert any(math.dist(e, (1.5, 0.0)) < 0.05 for e in ends)  # caught locally
    assert any(math.dist(e, (-1.5, 0.0)) < 0.05 for e in ends)  # global
    stars = [t for t in fig["data"] if t.get("marker", {}).get("symbol") == "star"]
    assert len(stars) == 1 and stars[0]["marker"]["color"] == "#d62728"


def test_bce_points_are_the_seed_numbers(rendered):
    svg = rendered["bce-curves"].files["bce-curves.svg"].decode()
    assert "(0.9, 0.105)" in svg and "(0.1, 2.303)" in svg  # seed chapter 13


def test_sharp_and_flat_eigenvalues_match_the_closed_form(rendered):
    fig = plotly(rendered, "sharp-vs-flat")
    labels = [a["text"] for a in fig["layout"]["annotations"]]
    # sharp_flat: lam_s (1 - exp(-lam_f d^2 / 2)) with lam_s = 25, lam_f = 1, d^2 = 5
    sharp = 25 * (1 - math.exp(-2.5))
    assert f"sharp: λ = {sharp:.3g}" in labels
    assert "flat: λ = 1" in labels


def test_race_is_animated_with_play_pause_and_slider(rendered):
    fig = plotly(rendered, "optimizers-race")
    steps = max(run["steps"] for run in SPECS["optimizers-race"].params["optimizers"])
    assert len(fig["frames"]) == steps + 1
    labels = [b["label"] for b in fig["layout"]["updatemenus"][0]["buttons"]]
    assert labels == ["▶ Play", "❚❚ Pause"]
    assert len(fig["layout"]["sliders"][0]["steps"]) == steps + 1


def test_pair_panels_are_side_by_side(rendered):
    fig = plotly(rendered, "convex-vs-nonconvex")
    scenes = {t.get("scene") for t in fig["data"] if t["type"] == "surface"}
    assert scenes == {"scene", "scene2"}


def test_bad_lesson_parameter_names_figure_field_and_allowed():
    spec = SPECS["ch13-surface-3d"]
    with pytest.raises(AuthorError) as info:
        registry.check_params(spec.builder, {**spec.params, "view": "surf"})
    assert str(info.value) == (
        "field 'view': 'surf' is not allowed; "
        "allowed: surface, contour, line, animation"
    )
    with pytest.raises(
        AuthorError, match="'nope' is not a builder; allowed: bce-curves"
    ):
        registry.get("nope")


def _paths(fid):
    """The optimizer paths of a declared landscape figure, computed at full size."""
    spec = SPECS[fid]
    params = registry.check_params(spec.builder, spec.params)
    return registry.get(spec.builder).compute(params).paths


def _where(point, minima, tol=0.05):
    """'global'/'local' if `point` is within `tol` of a minimum of that kind."""
    for m in minima:
        if math.dist(point, (m.x, m.y)) < tol:
            return m.kind
    return None


def test_race_plain_descent_is_caught_while_momentum_and_schedule_escape():
    from losslandscape import surfaces

    spec = SPECS["optimizers-race"]
    minima = surfaces.get(spec.params["surface"]).minima
    runs = spec.params["optimizers"]
    ends = {
        (run.get("momentum", 0), "schedule" in run): _where(p.points[-1], minima)
        for run, p in zip(runs, _paths("optimizers-race"), strict=True)
    }
    assert ends == {(0, False): "local", (0.9, False): "global", (0, True): "global"}
    start = runs[0]["start"]
    assert _where(start, minima, tol=1.0) is None  # a real race, not a head start


def test_race_schedule_is_what_lets_the_large_step_settle():
    from losslandscape import surfaces

    spec = SPECS["optimizers-race"]
    (scheduled,) = [r for r in spec.params["optimizers"] if "schedule" in r]
    constant = {k: v for k, v in scheduled.items() if k != "schedule"}
    params = {**spec.params, "optimizers": [scheduled, constant]}
    params = registry.check_params(spec.builder, params)
    with_schedule, without = registry.get(spec.builder).compute(params).paths
    minima = surfaces.get(spec.params["surface"]).minima
    assert _where(with_schedule.points[-1], minima) == "global"
    assert _where(without.points[-1], minima) is None  # still bouncing
    assert with_schedule.points[3, 0] < 0.5  # over the ridge (saddle at x = 1/2)


def test_interpolation_falls_all_the_way_from_init_to_trained():
    import numpy as np

    spec = SPECS["mlp-interpolation"]
    params = registry.check_params(spec.builder, spec.params)
    alphas, loss = registry.get(spec.builder).compute(params)
    between = (alphas >= 0) & (alphas <= 1)
    assert np.all(np.diff(loss[between]) < 0)  # the caption's "no hill to cross"


def _caption_numbers(spec):
    """Numbers a caption states (ignoring '3-D' and the like)."""
    import re

    text = " ".join((spec.title, spec.alt, spec.description or ""))
    text = re.sub(r"\d-D\b", "", text).replace("−", "-")
    return {float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)}


def _numbers_in(value):
    if isinstance(value, dict):
        return {n for v in value.values() for n in _numbers_in(v)}
    if isinstance(value, list | tuple):
        return {n for v in value for n in _numbers_in(v)}
    if isinstance(value, bool) or not isinstance(value, int | float):
        return set()
    return {float(value), -float(value)}


def _computed_numbers(spec):
    """Numbers the core computes for a figure: its surface's minima (position
    and loss), the BCE points and their ratio."""
    from losslandscape import losses, surfaces

    out = set()
    if "surface" in spec.params:
        for m in surfaces.get(spec.params["surface"]).minima:
            out |= {round(m.x, 3), round(m.y, 3), round(m.value, 3)}
    if spec.builder == "bce-curves":
        points = spec.params["points"]
        values = [losses.binary_cross_entropy([y], [p]) for y, p in points]
        out |= {round(v, 3) for v in values}
        out.add(round(max(values) / min(values)))
        out |= {0.0, 1.0}  # the labels y, and -log(p) = 0 at p = 1
    if spec.builder == "mlp-interpolation":
        extend = spec.params["extend"]
        out |= {-extend, 1 + extend, 0.0, 1.0}  # the ends of alpha's range
    return out


@pytest.mark.parametrize("fid", sorted(SPECS))
def test_captions_state_only_numbers_the_core_computes(fid):
    spec = SPECS[fid]
    formula = {1.0} if "log(1 + loss" in spec.description else set()  # log(1 + x)
    years = {2015.0, 2018.0}  # cited papers
    allowed = _numbers_in(spec.params) | _computed_numbers(spec) | formula | years
    assert _caption_numbers(spec) <= allowed


def test_race_legend_is_above_the_map_and_controls_below_it(rendered):
    layout = plotly(rendered, "optimizers-race")["layout"]
    legend, (buttons,), (slider,) = (
        layout["legend"],
        layout["updatemenus"],
        layout["sliders"],
    )
    assert legend["y"] >= 1 and legend["yanchor"] == "bottom"  # above the plot
    assert buttons["y"] <= 0 and slider["y"] <= 0  # below it, each on its own row
    assert slider["pad"]["t"] > buttons["pad"]["t"] and slider["len"] == 1
    margin = layout["margin"]["b"]
    assert slider["pad"]["t"] < margin  # the slider fits inside the figure


@pytest.mark.parametrize("fid", ["ch13-contour-paths", "mlp-directions"])
def test_maps_draw_both_weights_to_scale_with_a_flat_colour_bar(rendered, fid):
    fig = plotly(rendered, fid)
    contours = [t for t in fig["data"] if t["type"] == "contour"]
    assert contours
    for contour in contours:  # each map's y axis is tied to its own x axis
        y_name = "yaxis" + contour.get("yaxis", "y")[1:]
        assert fig["layout"][y_name]["scaleanchor"] == contour.get("xaxis", "x")
        assert fig["layout"][y_name]["scaleratio"] == 1
        if contour["showscale"]:
            assert contour["colorbar"]["orientation"] == "h"


def test_nonconvex_panel_has_the_two_valleys_its_caption_names():
    from lessonkit.figures import two_weight

    kinds = sorted(m.kind for m in two_weight.get(model="nonconvex").minima)
    assert kinds == ["global", "local"]  # "two valleys of different depths"
    assert [m.kind for m in two_weight.get(model="logistic").minima] == ["global"]


def test_a_figure_mixing_2d_and_3d_traces_is_refused():
    figure = {"data": [{"type": "surface"}, {"type": "contour"}]}
    with pytest.raises(ValueError, match=r"\['contour'\] are not in plotly.js's gl3d"):
        bundles.check(figure, webgl=True)
    bundles.check({"data": [{"type": "contour"}, {}]}, webgl=False)  # scatter default


@pytest.mark.parametrize(("surface", "count"), [("rosenbrock", 1), ("himmelblau", 4)])
def test_sharp_and_flat_refuses_a_surface_without_exactly_two_minima(surface, count):
    with pytest.raises(AuthorError) as info:
        registry.check_params("sharp-flat", {"surface": surface})
    assert info.value.field == "surface"
    assert f"{surface!r} has {count} known minima" in str(info.value)
    assert "sharp_flat" in info.value.allowed and "two_valleys" in info.value.allowed
