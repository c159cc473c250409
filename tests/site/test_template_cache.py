"""The template hook (docs/overrides/hooks/template_cache.py): a second build in
one process (as `mkdocs serve` rebuilds) compiles no page template again, yet writes
the pages a build without the hook writes, byte for byte; an edited template
or other settings are compiled anew."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests import hooks

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "docs" / "overrides" / "hooks" / "template_cache.py"
MAIN = (
    '{% extends "base.html" %}\n'
    "{% block content %}{{ super() }}<p>MARK</p>{% endblock %}\n"
)


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The name of every template Jinja compiles."""
    names = []
    original = jinja2.Environment.compile

    def compile_(self, source, name=None, filename=None, *args, **kwargs):
        names.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    return names


def project(root: Path, *, hook: bool) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nSee [the other](other.md).\n")
    (root / "docs" / "other.md").write_text("# Other\n\n## A part\n\nText.\n")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text(MAIN)
    hooks = f"hooks:\n  - {HOOK}\n" if hook else ""
    (root / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: https://example.org/\n"
        "theme:\n  name: material\n  custom_dir: overrides\n  language: de\n"
        f"plugins:\n  - search\n{hooks}"
    )
    return root / "mkdocs.yml"


def forget_compiled(config_file: Path) -> None:
    """Empty the hook's caches: MkDocs loads a hook once per process, so
    another test's build may have filled them."""
    load_config(str(config_file)).hooks[str(HOOK)]._caches.clear()


def build_site(config_file: Path, site: Path) -> dict[str, bytes]:
    build(load_config(str(config_file), site_dir=str(site)))
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*.html"))
    }


def test_a_rebuild_compiles_nothing_and_writes_the_same_pages(tmp_path, compiled):
    plain = build_site(project(tmp_path / "plain", hook=False), tmp_path / "s0")
    config = project(tmp_path / "hooked", hook=True)
    forget_compiled(config)
    first = build_site(config, tmp_path / "s1")
    assert "main.html" in compiled and len(compiled) > 10
    compiled.clear()
    again = build_site(config, tmp_path / "s2")
    # Only what the search plugin translates in its on_config, in a Jinja
    # environment of its own, before the page environment exists.
    assert {n for n in compiled if not n.startswith("partials/language")} == set()
    assert first == plain and again == plain
    assert b"<p>MARK</p>" in again["index.html"]


def test_an_edited_template_is_compiled_again(tmp_path, compiled):
    config = project(tmp_path, hook=True)
    build_site(config, tmp_path / "s1")
    (tmp_path / "overrides" / "main.html").write_text(MAIN.replace("MARK", "EDIT"))
    compiled.clear()
    pages = build_site(config, tmp_path / "s2")
    assert [n for n in compiled if not n.startswith("partials/language")] == [
        "main.html"
    ]
    assert b"<p>EDIT</p>" in pages["index.html"]


def test_other_settings_get_code_of_their_own():
    hook = hooks.load("template_cache", "hook_template_cache")
    base = jinja2.Environment()
    same = jinja2.Environment()
    assert hook.settings(base) == hook.settings(same)
    for other in (
        jinja2.Environment(trim_blocks=True),
        jinja2.Environment(block_start_string="<%", block_end_string="%>"),
        jinja2.Environment(extensions=["jinja2.ext.i18n"]),
        jinja2.Environment(autoescape=True),
    ):
        assert hook.settings(other) != hook.settings(base)
    context_filter = jinja2.Environment()
    context_filter.filters["upper"] = jinja2.pass_context(lambda ctx, v: v)
    assert hook.settings(context_filter) != hook.settings(base)
