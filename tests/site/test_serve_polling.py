"""The polling hook (docs/overrides/hooks/serve_polling.py): `mkdocs serve`'s
server polls at the hook's interval, still watches every path it watched (as
many times), and a saved file still asks for a rebuild."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from tests import hooks

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "docs" / "overrides" / "hooks" / "serve_polling.py"
WAIT_SECONDS = 30  # for the observer's thread on a busy machine; not a timing


def load_hook():
    return hooks.load("serve_polling", "serve_polling_check")


def server_watching(root: Path, *paths: Path) -> LiveReloadServer:
    """A server as `mkdocs serve` makes it, not serving, watching `paths`."""
    server = LiveReloadServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(root)
    )
    for path in paths:
        server.watch(str(path))
    return server


def intervals(server: LiveReloadServer) -> dict[str, float]:
    """Each watched path with the polling interval of its emitter."""
    return {e.watch.path: e.timeout for e in server.observer.emitters}


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    docs, src = tmp_path / "docs", tmp_path / "lesson_src"
    docs.mkdir()
    src.mkdir()
    (docs / "index.md").write_text("# Home\n")
    return docs, src


def test_the_hook_is_listed_in_mkdocs_yml():
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert HOOK.resolve() in {Path(p).resolve() for p in config.hooks}


def test_every_watched_path_is_polled_at_the_hooks_interval(tmp_path, folders):
    docs, src = folders
    hook = load_hook()
    server = server_watching(tmp_path, docs, docs, src)
    assert set(intervals(server).values()) == {0.5}  # MkDocs' own
    assert hook.on_serve(server, config=None, builder=server.builder) is server
    server.watch(str(tmp_path))  # watched after on_serve (mkdocs.yml's `watch:`)
    assert server.observer.timeout == hook.POLL_SECONDS < 0.5
    assert intervals(server) == dict.fromkeys(
        [str(docs), str(src), str(tmp_path)], hook.POLL_SECONDS
    )
    server.unwatch(str(docs))  # watched twice: still watched once
    assert str(docs) in intervals(server)
    server.unwatch(str(docs))
    assert str(docs) not in intervals(server)


def test_a_saved_file_still_asks_for_a_rebuild(tmp_path, folders):
    docs, src = folders
    server = server_watching(tmp_path, docs)
    load_hook().on_serve(server, config=None, builder=server.builder)
    server.watch(str(src))
    server.observer.start()
    try:
        for changed in (docs / "index.md", src / "kit.py"):
            server._want_rebuild = False
            asked = threading.Event()
            _notice_rebuild_requests(server, asked)
            changed.write_text("# Changed\n")
            assert asked.wait(WAIT_SECONDS), f"no rebuild asked after saving {changed}"
    finally:
        server.observer.stop()
        server.observer.join()


def _notice_rebuild_requests(server: LiveReloadServer, asked: threading.Event):
    """Set `asked` when the server's watcher asks its build loop for a rebuild."""

    def watcher():
        with server._rebuild_cond:
            server._rebuild_cond.wait_for(lambda: server._want_rebuild, WAIT_SECONDS)
        if server._want_rebuild:
            asked.set()

    threading.Thread(target=watcher, daemon=True).start()


@pytest.mark.parametrize(
    "server",
    [
        SimpleNamespace(observer=None, _watched_paths={}, _watch_refs={}),
        SimpleNamespace(watch=lambda path: None),
    ],
    ids=["another observer", "another server"],
)
def test_an_unknown_server_is_left_as_it_is(server):
    before = dict(vars(server))
    assert load_hook().on_serve(server, config=None, builder=None) is server
    assert vars(server) == before


def test_a_server_already_polling_is_left_as_it_is(tmp_path, folders):
    server = server_watching(tmp_path, folders[0])
    server.observer.start()
    try:
        observer = server.observer
        assert not load_hook().poll_faster(server, 0.2)
        assert server.observer is observer and intervals(server)[str(folders[0])] == 0.5
    finally:
        server.observer.stop()
        server.observer.join()
