"""The `explorer` figure kind: its block is validated like every block (file,
line, field, value, allowed), and what it writes for the browser is the core's
own description of the surface."""

from __future__ import annotations

import json

import numpy as np
import pytest
from matplotlib import colormaps

from lessonkit.blocks import parse
from lessonkit.errors import AuthorError
from lessonkit.fences import find_fences
from lessonkit.figures import explorer, registry
from lessonkit.figures.render import render
from lessonkit.snippet import figure_html
from losslandscape import optim, surfaces

BLOCK = """\
intro
```figure
id: my-explorer
kind: explorer
title: A walk
alt: A map with paths.
surface: {surface}
params: {params}
start: {start}
steps: {steps}
optimizers:
  - {{name: sgd, lr: {lr}, momentum: 0.9, label: momentum}}
  - {{name: adam, lr: 0.1, visible: false}}
controls: {controls}
ranges: {ranges}
resolution: 21
```
"""
GOOD = {
    "surface": "quadratic",
    "params": "{condition: 20}",
    "start": "[-2, 1.5]",
    "steps": 60,
    "lr": 0.02,
    "controls": "[start, optimizers, lr, momentum, betas, steps, surface]",
    "ranges": "{lr: [0.001, 0.5], condition: [1, 100]}",
}


def block(**kw):
    text = BLOCK.format(**{**GOOD, **kw})
    (fence,) = find_fences(text.split("\n"))
    return parse(fence, "docs/x.md")


def error(**kw) -> str:
    with pytest.raises(AuthorError) as info:
        block(**kw)
    return str(info.value)


def test_an_explorer_block_is_an_explorer_figure_with_defaults_filled():
    spec = block().spec
    assert (spec.builder, spec.kind, spec.explorer) == ("explorer", "explorer", True)
    assert spec.params["scale"] == "linear"
    assert spec.params["params"] == {"condition": 20}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"params": "{kappa: 3}"},
            "docs/x.md:8: figure 'my-explorer': field 'params.kappa': is not a "
            "parameter of quadratic; allowed: condition, angle",
        ),
        (
            {"params": "{condition: 500}"},
            "docs/x.md:8: figure 'my-explorer': field 'params.condition': 500 is out "
            "of range; allowed: a number in [1, 100] (see 'ranges')",
        ),
        (
            {"start": "[9, 0]"},
            "docs/x.md:9: figure 'my-explorer': field 'start': [9.0, 0.0] is off the "
            "map; allowed: [x, y] with x in [-3, 3] and y in [-3, 3]",
        ),
        (
            {"lr": 0.9},
            "docs/x.md:12: figure 'my-explorer': field 'optimizers[0].lr': 0.9 is "
            "out of range; allowed: a number in [0.001, 0.5] (see 'ranges')",
        ),
        (
            {"steps": 5000},
            "docs/x.md:10: figure 'my-explorer': field 'steps': 5000 is out of "
            "range; allowed: an integer in [1, 1000]",
        ),
        (
            {"controls": "[start, zoom]"},
            "docs/x.md:14: figure 'my-explorer': field 'controls[1]': 'zoom' is not "
            "allowed; allowed: start, optimizers, lr, momentum, betas, steps, surface",
        ),
        (
            {"ranges": "{speed: [1, 2]}"},
            "docs/x.md:15: figure 'my-explorer': field 'ranges.speed': has no "
            "slider; allowed: lr, momentum, beta1, beta2, steps, condition, angle",
        ),
        (
            {"ranges": "{condition: [0.5, 10]}"},
            "docs/x.md:15: figure 'my-explorer': field 'ranges.condition': "
            "[0.5, 10.0] is out of range; allowed: [lo, hi] inside [1, 1000]",
        ),
        (
            {"ranges": "{lr: [1, 0.1]}"},
            "docs/x.md:15: figure 'my-explorer': field 'ranges.lr': [1, 0.1] is not "
            "allowed; allowed: a list of 2 increasing numbers, e.g. [-2, 2]",
        ),
        (
            {"surface": "bowl"},
            "docs/x.md:7: figure 'my-explorer': field 'surface': 'bowl' is not "
            "allowed; allowed: " + ", ".join(surfaces.names()),
        ),
    ],
)
def test_bad_fields_name_file_line_field_value_and_allowed(change, expected):
    assert error(**change) == expected


def test_a_bad_optimizer_is_named_with_what_the_core_allows():
    message = error(lr=-1)
    assert message.startswith(
        "docs/x.md:12: figure 'my-explorer': field 'optimizers[0]'"
    )
    assert "lr" in message
    text = BLOCK.format(**GOOD).replace("name: adam", "name: lion")
    (fence,) = find_fences(text.split("\n"))
    with pytest.raises(AuthorError) as info:
        parse(fence, "docs/x.md")
    assert str(info.value) == (
        "docs/x.md:13: figure 'my-explorer': field 'optimizers[1].name': 'lion' is "
        "not allowed; allowed: " + ", ".join(optim.names())
    )


def test_a_misspelt_kind_lists_the_kinds():
    text = BLOCK.format(**GOOD).replace("kind: explorer", "kind: explorers")
    (fence,) = find_fences(text.split("\n"))
    with pytest.raises(AuthorError, match="allowed: static, interactive, explorer"):
        parse(fence, "docs/x.md")


@pytest.fixture(scope="module")
def built():
    spec = block().spec
    rendered = render(spec)
    return spec, rendered, json.loads(rendered.files["my-explorer.json"])


def test_the_browser_gets_the_cores_parameters_minima_and_grid(built):
    spec, _, data = built
    (condition, angle) = data["surface"]["parameters"]
    core = {p.name: p for p in surfaces.parameters("quadratic")}
    assert condition["name"] == "condition" and condition["scale"] == "log"
    assert condition["stops"][0] == 1 and condition["stops"][-1] == 100  # `ranges`
    assert 20 in condition["stops"] and condition["value"] == 20
    assert angle["stops"] == [core["angle"].default]  # no range given: fixed
    # The minima at every stop are the core's, at that parameter value.
    for i, value in enumerate(condition["stops"]):
        (m,) = surfaces.get("quadratic", condition=value).minima
        assert data["minima"][f"{i},0"] == [[m.x, m.y, m.value, m.kind]]
    # The grid is the core's f on the window, to its written digits.
    n = data["grid"]["n"]
    (x0, x1), (y0, y1) = data["window"]["x"], data["window"]["y"]
    xx, yy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    f = surfaces.get("quadratic", condition=20).f(xx, yy).ravel()
    np.testing.assert_allclose(data["grid"]["z"], f, rtol=10.0**-explorer.GRID_DIGITS)
    viridis = colormaps["viridis"]
    assert data["colormap"][0] == [round(255 * c) for c in viridis(0.0)[:3]]
    assert data["colormap"][-1] == [round(255 * c) for c in viridis(1.0)[:3]]


def test_the_browser_gets_the_optimizers_and_the_starting_state(built):
    _, _, data = built
    momentum, adam = data["optimizers"]
    assert momentum["hyper"] == {"lr": 0.02, "momentum": 0.9}
    assert momentum["label"] == "momentum" and momentum["visible"] is True
    assert adam["label"] == optim.get("adam").title and adam["visible"] is False
    assert data["start"] == [-2.0, 1.5] and data["steps"] == 60
    assert data["ranges"]["lr"] == [0.001, 0.5]
    assert data["ranges"]["momentum"] == explorer.RANGE_LIMITS["momentum"][1]


def test_the_static_picture_shows_the_visible_runs_of_the_core(built):
    spec, rendered, _ = built
    assert rendered.static_name == "my-explorer.png"
    assert set(rendered.files) == {"my-explorer.png", "my-explorer.json"}
    params = registry.check_params("explorer", spec.params)
    picture = registry.get("explorer").compute(params).picture
    (path,) = picture.paths  # Adam starts hidden
    s = surfaces.get("quadratic", condition=20)
    core = optim.run(
        optim.get("sgd", lr=0.02, momentum=0.9),
        lambda p: s.grad(p[0], p[1]),
        np.array([-2.0, 1.5]),
        60,
    )
    np.testing.assert_array_equal(path.points, core)


def test_the_page_html_loads_the_explorer_and_keeps_the_picture():
    from lessonkit.cache import Entry

    entry = Entry(None, {}, "my-explorer.png", 600, 500, False)
    html = figure_html(block().spec, entry, root="../../")
    assert 'class="ll-figure ll-explorer"' in html
    assert 'data-explorer="../../figures/my-explorer.json"' in html
    assert 'data-module="../../javascripts/explorer/explorer.js"' in html
    assert 'class="ll-figure__static" data-src="../../figures/my-explorer.png"' in html
    assert "data-json" not in html  # not a Plotly figure


def _lesson_figure(fid: str):
    from lessonkit.lessons import declared

    return next(s for s in declared() if s.id == fid)


def test_the_playground_offers_all_four_rules_and_the_race_shows_adam_and_rmsprop():
    playground = _lesson_figure("optimizer-playground")
    assert playground.explorer
    assert {o["name"] for o in playground.params["optimizers"]} == set(optim.names())
    race = _lesson_figure("optimizers-race")
    assert {"sgd", "rmsprop", "adam"} <= {o["name"] for o in race.params["optimizers"]}


def test_what_the_lessons_tell_the_reader_holds_at_the_starting_settings():
    """The playground: only momentum crosses the ridge from the default start.
    The narrow valley: momentum arrives, plain descent does not."""
    ends = {}
    for fid in ("optimizer-playground", "optimizers-ill-conditioned"):
        spec = _lesson_figure(fid)
        params = registry.check_params("explorer", spec.params)
        data = registry.get("explorer").compute(params)
        s = surfaces.get(params["surface"], **params["params"])
        for o in params["optimizers"]:
            hyper = explorer.hyperparameters(o)
            path = optim.run(
                optim.get(o["name"], **hyper),
                lambda p, s=s: s.grad(p[0], p[1]),
                np.array(params["start"]),
                params["steps"],
            )
            ends[fid, o.get("label", o["name"])] = float(s.f(*path[-1]))
        assert data.picture.paths  # the static picture shows the visible runs
    playground = {k[1]: v for k, v in ends.items() if k[0] == "optimizer-playground"}
    assert playground["momentum"] < 0.01  # the deep valley (loss 0)
    others = [v for label, v in playground.items() if label != "momentum"]
    assert all(abs(v - 9 / 8) < 0.01 for v in others)  # the shallow one (9/8)
    assert ends["optimizers-ill-conditioned", "momentum"] < 1e-6
    assert ends["optimizers-ill-conditioned", "gradient descent"] > 0.01


def test_the_browser_draws_with_the_renderers_colours():
    """explorer.js cannot import style.py: it must write the same colours for
    the minima, a path's casing and the contour lines (the other colours,
    the colormap and each path's, come from the figure's JSON)."""
    from pathlib import Path

    from lessonkit.figures import style

    script = (
        Path(__file__).resolve().parents[2] / "docs/javascripts/explorer/explorer.js"
    ).read_text(encoding="utf-8")
    marker = script[script.index("function marker(") :]
    marker = marker[: marker.index("\n}\n")]
    glob, local = marker.split("} else {")
    assert f'context.fillStyle = "{style.STAR_RED}"' in glob
    assert f'context.fillStyle = "{style.LOCAL_MARK}"' in local
    assert f'line(context, points, "{style.CASING}"' in script
    assert f'context.strokeStyle = "{style.CONTOUR_LINES}"' in script
