import pytest

from lessonkit.blocks import parse
from lessonkit.errors import AuthorError
from lessonkit.fences import find_fences

BLOCK = """\
intro
```figure
id: my-fig
title: A figure
alt: Some text.
surface: himmelblau
view: {view}
x: [-5, 5]
y: [-5, 5]
resolution: 41
optimizers:
  - {{name: sgd, lr: {lr}, start: [0, 0], steps: 20}}
markers: minima
```
"""


def block(**kw):
    text = BLOCK.format(**{"view": "contour", "lr": 0.01, **kw})
    (fence,) = find_fences(text.split("\n"))
    return parse(fence, "docs/x.md")


def test_full_block_is_validated_with_defaults_filled():
    spec = block().spec
    assert (
        spec.id == "my-fig"
        and spec.builder == "landscape"
        and spec.kind == "interactive"
    )
    assert spec.params["view"] == "contour"
    assert spec.params["scale"] == "linear"  # a default
    assert spec.params["optimizers"][0]["lr"] == 0.01


def test_bad_view_names_file_line_figure_field_value_and_allowed():
    with pytest.raises(AuthorError) as info:
        block(view="surf")
    assert str(info.value) == (
        "docs/x.md:7: figure 'my-fig': field 'view': 'surf' is not allowed; "
        "allowed: surface, contour, line, animation"
    )


def test_bad_hyperparameter_points_at_the_optimizer_line():
    with pytest.raises(AuthorError) as info:
        block(lr=-1)
    message = str(info.value)
    assert message.startswith("docs/x.md:12: figure 'my-fig': field 'optimizers[0]': ")
    assert "lr" in message


def test_unknown_field_lists_the_fields():
    text = "```figure\nid: f\ntitle: t\nalt: a\nsurface: booth\ncolour: red\n```"
    (fence,) = find_fences(text.split("\n"))
    with pytest.raises(AuthorError) as info:
        parse(fence, "docs/y.md")
    message = str(info.value)
    assert message.startswith(
        "docs/y.md:6: figure 'f': field 'colour': unknown field; allowed: "
    )
    assert "surface, model, view" in message


def test_surface_and_model_are_exclusive():
    text = "```figure\nid: f\ntitle: t\nalt: a\nsurface: booth\nmodel: logistic\n```"
    (fence,) = find_fences(text.split("\n"))
    with pytest.raises(AuthorError, match="exactly one of 'surface' and 'model'"):
        parse(fence, "docs/y.md")


def test_id_only_block_is_a_reference():
    (fence,) = find_fences(["```figure", "id: ch13-surface-3d", "```"])
    b = parse(fence, "docs/z.md")
    assert b.spec is None and b.figure_id == "ch13-surface-3d"


MODEL_BLOCK = """\
```figure
id: my-noise
title: t
alt: a
{source}
view: {view}
optimizers:
  - {{name: sgd, lr: 1.0, start: {start}, steps: 5{extra}}}
```
"""


def model_block(source="model: iris", view="contour", start="[0, 0]", extra=""):
    text = MODEL_BLOCK.format(source=source, view=view, start=start, extra=extra)
    (fence,) = find_fences(text.split("\n"))
    return parse(fence, "docs/n.md")


def test_a_mini_batch_run_on_a_model_is_accepted():
    spec = model_block(extra=", batch_size: 10, seed: 3").spec
    run = spec.params["optimizers"][0]
    assert (run["batch_size"], run["seed"]) == (10, 3)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (
            {"source": "surface: booth", "extra": ", batch_size: 10"},
            "field 'optimizers[0].batch_size': batch_size needs a model with data",
        ),
        (
            {"view": "line", "start": "0", "extra": ", batch_size: 10"},
            "mini-batch runs need a map of both weights",
        ),
        ({"extra": ", batch_size: 0"}, "field 'optimizers[0].batch_size': 0"),
        ({"extra": ", batch_size: 2.5"}, "allowed: a whole number >= 1"),
        ({"extra": ", seed: -1"}, "field 'optimizers[0].seed': -1"),
    ],
)
def test_bad_mini_batch_runs_name_the_field(kw, message):
    with pytest.raises(AuthorError) as info:
        model_block(**kw)
    assert message in str(info.value)


def test_a_batch_larger_than_the_data_set_is_named_when_computed():
    from lessonkit.figures import registry

    spec = model_block(extra=", batch_size: 101").spec
    with pytest.raises(AuthorError) as info:
        registry.get("landscape").compute(spec.params)
    message = str(info.value)
    assert "optimizers[0].batch_size" in message and "[1, 100]" in message


def test_a_figure_without_a_kind_is_the_same_kind_in_a_page_and_in_python():
    """One default: a block that names no kind and a FigureSpec that names none
    are drawn alike (it was interactive in pages and static in Python)."""
    from lessonkit.spec import FigureSpec

    page = block().spec  # BLOCK names no kind
    python = FigureSpec("my-fig", "landscape", page.params, "A figure", "Some text.")
    assert page.kind == python.kind
    assert page.interactive and python.interactive  # Plotly in the page
