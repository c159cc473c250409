"""The conversion hook (docs/overrides/hooks/render_cache.py): the rebuilds of
`mkdocs serve` convert again only the pages whose Markdown or surroundings
changed, and write the site a build without the hook writes, byte for byte.
Conversions are counted, never timed."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "docs" / "overrides" / "hooks" / "render_cache.py"
PAGES = {
    "index.md": "# Home\n\nSee [the part](other.md#a-part) and [below](#more).\n\n"
    "## More\n\nText[^1].\n\n[^1]: A note.\n",
    "other.md": "# Other\n\n## A part\n\nBack [home](index.md).\n",
    "code.md": '# Code\n\n```python\n--8<-- "shown.py"\n```\n',
}


CONFIG = """\
site_name: t
site_url: https://example.org/
theme: {{name: material}}
markdown_extensions:
  - footnotes
  - toc: {{permalink: true}}
  - pymdownx.snippets: {{base_path: ["{docs}"]}}
"""


def project(root: Path, *, hook: bool, extra: str = "") -> Path:
    """A small site of PAGES (and the snippet they show) under `root`."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    files = {**PAGES, "shown.py": "print('shown')\n"}
    for name, text in files.items():
        (docs / name).write_text(text)
    config = CONFIG.format(docs=docs) + extra
    if hook:
        config += f"hooks: [{HOOK}]\n"
    (root / "mkdocs.yml").write_text(config)
    return root / "mkdocs.yml"


@pytest.fixture
def converted(monkeypatch) -> list[str]:
    """The first line of every Markdown text converted to HTML."""
    texts = []
    original = markdown.Markdown.convert

    def convert(self, source):
        texts.append(source.split("\n", 1)[0])
        return original(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", convert)
    return texts


def serving(config_file: Path):
    """The hook's module, emptied and told that `mkdocs serve` runs (as serve's
    on_startup does; MkDocs loads a hook once per process)."""
    config = load_config(str(config_file))
    module = config.hooks[str(HOOK)]
    module._kept.clear()
    config.plugins.on_startup(command="serve", dirty=False)
    return module


def site_of(config_file: Path, site: Path) -> dict[str, bytes]:
    """Build as `mkdocs serve` rebuilds (a fresh config each time)."""
    build(load_config(str(config_file), site_dir=str(site)))
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".json", ".xml")
    }


def plain_site(tmp_path: Path, name: str, edit=None, extra: str = "") -> dict:
    config = project(tmp_path / name, hook=False, extra=extra)
    if edit:
        edit(config.parent)
    return site_of(config, tmp_path / f"{name}-site")


def test_a_rebuild_converts_only_the_edited_page(tmp_path, converted):
    config = project(tmp_path / "hooked", hook=True)
    serving(config)
    first = site_of(config, tmp_path / "s1")
    assert sorted(converted) == ["# Code", "# Home", "# Other"]
    assert first == plain_site(tmp_path, "plain")
    converted.clear()
    assert site_of(config, tmp_path / "s2") == first
    assert converted == ["# Code"]  # a snippet reads another file: always
    converted.clear()

    def edit(root: Path) -> None:
        page = root / "docs" / "other.md"
        page.write_text(page.read_text().replace("## A part", "## A part, edited"))

    edit(config.parent)
    again = site_of(config, tmp_path / "s3")
    assert sorted(converted) == ["# Code", "# Other"]
    assert again == plain_site(tmp_path, "plain-edited", edit)
    assert b"A part, edited" in again["other/index.html"]


@pytest.mark.parametrize(
    "change",
    ["snippet", "new page", "extension settings", "urls"],
)
def test_a_change_around_the_pages_converts_them_again(tmp_path, converted, change):
    config = project(tmp_path / "hooked", hook=True)
    serving(config)
    site_of(config, tmp_path / "s1")
    converted.clear()
    extra = {"extension settings": "", "urls": "use_directory_urls: false\n"}

    def edit(root: Path) -> None:
        docs = root / "docs"
        if change == "snippet":
            (docs / "shown.py").write_text("print('changed')\n")
        elif change == "new page":
            (docs / "new.md").write_text("# New\n\nSee [other](other.md).\n")
        elif change == "extension settings":
            yml = root / "mkdocs.yml"
            yml.write_text(yml.read_text().replace("permalink: true", "permalink: '#'"))

    edit(config.parent)
    if change == "urls":
        config.write_text(config.read_text() + extra["urls"])
    after, hooked = site_of(config, tmp_path / "s2"), list(converted)
    expected = plain_site(tmp_path, "plain", edit, extra=extra.get(change, ""))
    assert after == expected
    if change == "snippet":
        assert hooked == ["# Code"] and b"changed" in after["code/index.html"]
    else:
        assert {"# Home", "# Other", "# Code"} <= set(hooked)


def test_a_page_that_logs_is_converted_and_logs_every_time(tmp_path, converted, caplog):
    config = project(tmp_path / "hooked", hook=True)
    (config.parent / "docs" / "broken.md").write_text("# Broken\n\n[gone](gone.md)\n")
    serving(config)
    for site in ("s1", "s2"):
        converted.clear()
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            site_of(config, tmp_path / site)
        assert "# Broken" in converted
        assert any("gone.md" in r.getMessage() for r in caplog.records)
    assert "# Home" not in converted


def test_mkdocs_build_converts_every_page(tmp_path, converted):
    config = project(tmp_path / "hooked", hook=True)
    module = serving(config)
    load_config(str(config)).plugins.on_startup(command="build", dirty=False)
    for site in ("s1", "s2"):
        converted.clear()
        site_of(config, tmp_path / site)
        assert sorted(converted) == ["# Code", "# Home", "# Other"]
    assert module._kept == {}


def test_a_kept_page_linking_to_a_vanished_file_is_converted_again(tmp_path):
    config = project(tmp_path / "hooked", hook=True)
    module = serving(config)
    site_of(config, tmp_path / "s1")
    kept = module._kept["index.md"]
    assert kept.links_to_anchors["other.md"] == {"a-part": "other.md#a-part"}
    from mkdocs.structure.files import Files

    page = type("P", (), {})()
    assert module.restore(page, kept, Files([])) is False
    assert not vars(page)  # nothing set


def test_a_kept_page_still_warns_of_an_anchor_another_page_lost(
    tmp_path, caplog, converted
):
    config = project(tmp_path / "hooked", hook=True)
    serving(config)
    other = config.parent / "docs" / "other.md"
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        site_of(config, tmp_path / "s1")
        converted.clear()
        other.write_text(other.read_text().replace("## A part", "## Renamed"))
        site_of(config, tmp_path / "s2")
    lost = "contains a link 'other.md#a-part', but the doc 'other.md' does not"
    assert any(lost in r.getMessage() for r in caplog.records)
    assert "# Home" not in converted  # kept: its links were checked all the same


def test_a_page_another_plugin_converts_is_left_to_it(tmp_path):
    """mkdocs-jupyter gives a notebook's page a render method of its own."""
    config = project(tmp_path / "hooked", hook=True)
    module = serving(config)
    site_of(config, tmp_path / "s1")  # the hook knows this build's surroundings

    def own(config, files):
        return None

    notebook = SimpleNamespace(render=own)
    assert module.on_pre_page(notebook, config=None, files=None) is notebook
    assert notebook.render is own


def test_a_deleted_page_is_forgotten(tmp_path):
    config = project(tmp_path / "hooked", hook=True)
    module = serving(config)
    site_of(config, tmp_path / "s1")
    assert {"index.md", "other.md"} <= set(module._kept)
    (config.parent / "docs" / "other.md").unlink()
    (config.parent / "docs" / "index.md").write_text("# Home\n")
    site_of(config, tmp_path / "s2")
    assert set(module._kept) == {"index.md"}
