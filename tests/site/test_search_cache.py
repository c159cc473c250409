"""The search hook (docs/overrides/hooks/search_cache.py): the index is the one
Material's own SearchIndex writes, byte for byte, build after build, while the
HTML of a page that did not change is parsed once."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search import plugin as search
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc

from tests import hooks

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
    return hooks.load("search_cache", "hook_search_cache")


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


@pytest.fixture
def config(tmp_path, monkeypatch):
    """What the hook reads of MkDocs' config: the sections are stored under
    tmp_path/build."""
    monkeypatch.delenv("LESSONKIT_BUILD_DIR", raising=False)
    return SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), plugins={})


def test_the_index_is_materials_build_after_build(counted_parser, config):
    hook = load_hook()
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


def test_only_a_changed_page_is_parsed_again(counted_parser, config):
    hook = load_hook()
    pages = [page("a/", "A", NO_TITLE), page("b/", "B", WITH_TITLE)]
    index_json(hook.CachedSearchIndex, pages)
    hook.on_post_build(config=config)
    counted_parser.clear()
    edited = WITH_TITLE.replace("Intro", "Introduction")
    index_json(hook.CachedSearchIndex, [pages[0], page("b/", "B", edited)])
    assert counted_parser == [edited]
    hook.on_post_build(config=config)
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


# A heading in a block that closes: the parser marks its section's depth infinite.
NESTED = '<div><h2 id="n">Nested</h2><p>In</p></div><p>After</p>'
PAGES = [
    page("a/", "Page A", NO_TITLE + NESTED),
    page("b/", "Page B", WITH_TITLE.replace('id="t"', 'id="t" data-x')),
]


def test_the_pages_cover_every_kind_of_section_value():
    parsed = []
    for p in PAGES:
        parser = search.Parser()
        parser.feed(p.content)
        parser.close()
        parsed += parser.data
    assert float("inf") in [section.depth for section in parsed]
    assert None in [v for section in parsed for v in section.el.attrs.values()]


def build_in_a_new_process(config) -> tuple[str, object]:
    """A build by a freshly loaded hook (as a new `mkdocs build` process)."""
    hook = load_hook()
    hook.on_pre_build(config=config)
    built = index_json(hook.CachedSearchIndex, PAGES)
    hook.on_post_build(config=config)
    return built, hook


def test_a_new_process_parses_no_page_whose_html_is_stored(counted_parser, config):
    expected = index_json(search.SearchIndex, PAGES)
    counted_parser.clear()
    first, hook = build_in_a_new_process(config)
    store = Path(hook.store_path(config))
    assert first == expected and len(counted_parser) == 2
    written = store.read_bytes()
    second, _ = build_in_a_new_process(config)
    assert second == expected and len(counted_parser) == 2  # none parsed again
    assert store.read_bytes() == written  # the same pages, the same bytes


BROKEN = {
    "not JSON": lambda data: "{half",
    "another format": lambda data: json.dumps({**data, "format": 0}),
    "another Material": lambda data: json.dumps({**data, "material": "0.1"}),
    "no sections": lambda data: json.dumps({k: data[k] for k in ("format",)}),
    "a bad depth": lambda data: json.dumps(_each_section(data, 2, "deep")),
    "a title not text": lambda data: json.dumps(_each_section(data, 4, [1])),
    "a short section": lambda data: json.dumps(_each_section(data, None, None)),
}


def _each_section(data: dict, field: int | None, value) -> dict:
    for sections in data["sections"].values():
        for i, section in enumerate(sections):
            if field is None:
                sections[i] = section[:3]
            else:
                section[field] = value
    return data


@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_a_broken_or_foreign_store_is_parsed_again_and_replaced(
    counted_parser, config, broken
):
    expected = index_json(search.SearchIndex, PAGES)
    _, hook = build_in_a_new_process(config)
    store = Path(hook.store_path(config))
    good = store.read_text()
    store.write_text(BROKEN[broken](json.loads(good)))
    counted_parser.clear()
    built, _ = build_in_a_new_process(config)
    assert built == expected and len(counted_parser) == 2
    assert store.read_text() == good
