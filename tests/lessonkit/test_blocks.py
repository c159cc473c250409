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
