"""The search hook (docs/overrides/hooks/search_cache.py): the index is the one
Material's own SearchIndex writes, byte for byte, build after build, while the
HTML of a page that did not change is parsed once."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search import plugin as search
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "docs" / "overrides" / "hooks" / "search_cache.py"
CONFIG = {
    "lang": ["en"],
    "separator": r"[\s\-]+",
    "pipeline": ["stemmer"],
    "fields": {"title": {"boost": 1e3}, "text": {"boost": 1}},
}

MATH = (
    '<span class="katex"><span class="katex-mathml" data-search-exclude><math>'
    '<mi>H</mi></math></span><span class="katex-html"><span>H</span></span></span>'
)
# No h1 first: Material fills the first section's title in with the page's.
NO_TITLE = f'<h2 id="a">A</h2><p>Alpha {MATH}.</p><h3 id="b">B</h3><p>Beta</p>'
WITH_TITLE = f'<h1 id="t">Top</h1><p>Intro</p>{NO_TITLE}<pre><code>x = 1</code></pre>'


def load_hook():
    spec = importlib.util.spec_from_file_location("hook_search_cache", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page(url: str, title: str, html: str, **meta) -> SimpleNamespace:
    toc = get_toc([{"level": 2, "id": "a", "name": "A", "children": []}])
    meta = {"title": title, **meta}
    return SimpleNamespace(url=url, title=title, content=html, toc=toc, meta=meta)


def index_json(index_type, pages) -> str:
    index = index_type(**CONFIG)
    for p in pages:
        index.add_entry_from_context(p)
    return index.generate_search_index(None)


@pytest.fixture
def counted_parser(monkeypatch) -> list[str]:
    """Material's parser, with each page it is given recorded."""
    fed = []

    class Parser(search.Parser):
        def feed(self, data):
            fed.append(data)
            super().feed(data)

    monkeypatch.setattr(search, "Parser", Parser)
    return fed


def test_the_index_is_materials_build_after_build(counted_parser):
    hook = load_hook()
    config = SimpleNamespace()
    builds = [
        [page("a/", "Page A", NO_TITLE), page("b/", "Page B", NO_TITLE)],
        # The same HTML on a page with another title, tags and a boost.
        [page("a/", "Renamed", NO_TITLE, tags=["x"], search={"boost": 2})],
        [page("a/", "Page A", WITH_TITLE), page("c/", "Hidden", NO_TITLE)],
        [page("c/", "Excluded", WITH_TITLE, search={"exclude": True})],
    ]
    for pages in builds:
        expected = index_json(search.SearchIndex, pages)
        assert index_json(hook.CachedSearchIndex, pages) == expected
        hook.on_post_build(config=config)
        counted_parser.clear()
        # A rebuild with no change: the same index, and nothing parsed again.
        assert index_json(hook.CachedSearchIndex, pages) == expected
        assert counted_parser == []
        hook.on_post_build(config=config)
    assert '"title":"Renamed"' in index_json(hook.CachedSearchIndex, builds[1])


def test_only_a_changed_page_is_parsed_again(counted_parser):
    hook = load_hook()
    pages = [page("a/", "A", NO_TITLE), page("b/", "B", WITH_TITLE)]
    index_json(hook.CachedSearchIndex, pages)
    hook.on_post_build(config=SimpleNamespace())
    counted_parser.clear()
    edited = WITH_TITLE.replace("Intro", "Introduction")
    index_json(hook.CachedSearchIndex, [pages[0], page("b/", "B", edited)])
    assert counted_parser == [edited]
    hook.on_post_build(config=SimpleNamespace())
    assert len(hook._sections) == 2  # the old HTML of b/ was let go


def test_the_hook_swaps_in_its_index_after_the_plugins_config(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ntheme: material\nplugins:\n  - search\nhooks:\n  - {HOOK}\n"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    index = config.plugins["material/search"].search_index
    assert type(index).__name__ == "CachedSearchIndex"
    assert index.config == search.SearchIndex(**index.config).config
