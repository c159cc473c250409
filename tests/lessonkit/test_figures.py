"""Every declared figure builds (small grids here; full size in test_full_build)
and shows what its caption promises."""

import dataclasses
import json
import math

import pytest

from lessonkit.errors import AuthorError
from lessonkit.figures import registry
from lessonkit.figures.render import render
from lessonkit.lessons import declared

SMALL = {"resolution": 21, "train_steps": 20, "samples": 40}
SPECS = {spec.id: spec for spec in declared()}
CONTRIBUTING_IDS = {
    "ch13-surface-3d", "ch13-contour-paths", "bce-curves", "convex-vs-nonconvex",
    "smooth-vs-rugged", "optimizers-race", "optimizer-playground", "mlp-directions",
    "mlp-interpolation", "sharp-vs-flat", "glossary-descent-1d",
}  # fmt: skip


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


def test_lessons_declare_the_contract_ids():
    assert set(SPECS) == CONTRIBUTING_IDS


@pytest.mark.parametrize("fid", sorted(CONTRIBUTING_IDS))
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
        assert '<script src="../assets/plotly.min.js"></script>' in html
        assert len(html) < len(r.files[f"{fid}.json"]) + 3000  # plotly.js not inlined
    else:
        assert set(r.files) == {r.static_name}


def test_surface_marks_the_published_minima(rendered):
    fig = plotly(rendered, "ch13-surface-3d")
    marks = {
        t["name"]: (t["x"][0], t["y"][0])
        for t in fig["data"]
        if t["type"] == "scatter3d"
    }
    # two_valleys: deep valley at (-3/2, 0), shallow one at (3/2, 0) (see the docs)
    assert marks == {"global minimum": (-1.5, 0.0), "local minimum": (1.5, 0.0)}
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
    (labels,) = [t["text"] for t in fig["data"] if t.get("mode") == "text"]
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


def test_playground_has_a_slider_per_hyperparameter(rendered):
    fig = plotly(rendered, "optimizer-playground")
    params = SPECS["optimizer-playground"].params
    lr, mu = fig["layout"]["sliders"]
    assert [s["label"] for s in lr["steps"]] == [f"{v:g}" for v in params["lrs"]]
    assert [s["label"] for s in mu["steps"]] == [f"{v:g}" for v in params["momenta"]]
    assert all(s["method"] == "restyle" for s in lr["steps"] + mu["steps"])


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
