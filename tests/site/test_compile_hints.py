"""Material's bundle in the built site carries V8's explicit compile hint
(docs/overrides/hooks/compile_hints.py): the installed theme's bundle with the
magic comment as its first line, a source map that still points at Material's
sources (checked by decoding both maps, Source Map v3), and the installed
theme left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import material
import pytest
from mkdocs.exceptions import PluginError

from tests import hooks

# The comment V8 reads on a script's first line (https://v8.dev/blog/explicit-compile-hints).
HINT = b"//# allFunctionsCalledOnLoad\n"
ROOT = Path(__file__).resolve().parents[2]
THEME_SCRIPTS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


@pytest.fixture(scope="module")
def hook():
    return hooks.load("compile_hints", "compile_hints_under_test")


def installed_bundle() -> Path:
    (bundle,) = THEME_SCRIPTS.glob("bundle.*.min.js")
    return bundle


def decoded(mappings: str) -> list[tuple[int, ...]]:
    """Every segment as (generated line, generated column, source, line, column),
    the fields made absolute as Source Map v3 says (base64 VLQ, relative)."""
    out, source, line, column = [], 0, 0, 0
    for generated_line, text in enumerate(mappings.split(";")):
        generated_column = 0
        for segment in filter(None, text.split(",")):
            fields, value, shift = [], 0, 0
            for char in segment:
                digit = BASE64.index(char)
                value |= (digit & 31) << shift
                shift += 5
                if not digit & 32:
                    fields.append(-(value >> 1) if value & 1 else value >> 1)
                    value, shift = 0, 0
            generated_column += fields[0]
            if len(fields) >= 4:
                source, line, column = (
                    source + fields[1],
                    line + fields[2],
                    column + fields[3],
                )
                out.append((generated_line, generated_column, source, line, column))
    return out


def test_the_site_serves_materials_bundle_with_the_hint_on_its_first_line(site):
    original = installed_bundle()
    served = site.root / "assets" / "javascripts" / original.name
    assert served.read_bytes() == HINT + original.read_bytes()


def test_every_page_loads_the_hinted_bundle(site):
    name = installed_bundle().name
    for page in site.pages:
        html = page.html_file.read_text("utf-8")
        assert f"assets/javascripts/{name}" in html, page.id


def test_the_source_map_still_points_at_materials_sources(site):
    original = json.loads(Path(f"{installed_bundle()}.map").read_text("utf-8"))
    served_path = (
        site.root / "assets" / "javascripts" / f"{installed_bundle().name}.map"
    )
    served = json.loads(served_path.read_text("utf-8"))
    assert {k: v for k, v in served.items() if k != "mappings"} == {
        k: v for k, v in original.items() if k != "mappings"
    }
    before, after = decoded(original["mappings"]), decoded(served["mappings"])
    assert len(after) == len(before) > 1000
    # One line was added above the code: everything else points where it did.
    assert after == [(line + 1, *rest) for line, *rest in before]


def test_the_installed_theme_is_never_written(site):
    assert not installed_bundle().read_bytes().startswith(HINT)


def test_a_theme_without_one_bundle_is_an_error_naming_what_was_expected(hook):
    class Stub:
        def __init__(self, src_uri: str) -> None:
            self.src_uri = src_uri

    with pytest.raises(PluginError, match=r"expected one Material bundle.*found none"):
        hook.theme_bundle([Stub("assets/javascripts/other.js")])
    two = [
        Stub("assets/javascripts/bundle.aa.min.js"),
        Stub("assets/javascripts/bundle.bb.min.js"),
    ]
    with pytest.raises(
        PluginError, match="bundle.aa.min.js, assets/javascripts/bundle.bb"
    ):
        hook.theme_bundle(two)
