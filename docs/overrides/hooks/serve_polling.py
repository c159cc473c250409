"""MkDocs hook: `mkdocs serve` looks for saved files every POLL_SECONDS, not 0.5 s.

MkDocs 1.6 finds changes by polling (watchdog's PollingObserver, fixed at
0.5 s: on average a quarter of a second, at most half a second, between a save
and the start of the rebuild). One look at every watched file (docs/,
lesson_src/, mkdocs.yml) costs about 1.3 ms of CPU on this project, so polling
five times a second costs under 1 % of one core while the server waits.

The server's observer has not started when `on_serve` runs: the hook gives it
a new observer with the shorter interval and watches the same paths again, as
many times each (MkDocs counts them). MkDocs 1.6.1 is the last 1.x release;
a server without these attributes is left as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.hooks.serve_polling")

POLL_SECONDS = 0.2


def poll_faster(server: LiveReloadServer, seconds: float) -> bool:
    """Make `server` (not yet serving) poll its watched paths every `seconds`;
    False if it is not the LiveReloadServer this hook knows."""
    observer = getattr(server, "observer", None)
    counts = getattr(server, "_watched_paths", None)
    refs = getattr(server, "_watch_refs", None)
    if not isinstance(observer, PollingObserver) or observer.is_alive():
        return False
    if not isinstance(counts, dict) or not isinstance(refs, dict):
        return False
    watched = dict(counts)
    server.observer = PollingObserver(timeout=seconds)
    counts.clear()
    refs.clear()
    for path, count in watched.items():
        server.watch(path)
        counts[path] = count
    return True


def on_serve(
    server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable
) -> LiveReloadServer:
    if not poll_faster(server, POLL_SECONDS):
        log.debug("unknown live-reload server: it polls at its own interval")
    return server
