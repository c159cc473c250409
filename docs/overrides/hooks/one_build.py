"""MkDocs hook: one MkDocs build at a time per checkout.

`mkdocs serve` and `make site` side by side share the build folder (the lesson
build's output, mkdocs-jupyter's cache, which it writes in place): the second
build waits for the first, from its first event (on_pre_build) to its last
(on_post_build, or on_build_error). Listed first under `hooks:`. The system
drops the lock when a process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from lessonkit.build_folder import build_folder

log = logging.getLogger("mkdocs.hooks.one_build")

LOCK_NAME = ".mkdocs.lock"

_held: list[int] = []  # the open lock file, while this process builds


def lock_path(config: MkDocsConfig) -> Path:
    """In the build folder: $LESSONKIT_BUILD_DIR, else build/ beside mkdocs.yml."""
    return build_folder(Path(config.config_file_path).resolve().parent) / LOCK_NAME


@event_priority(100)  # before every other plugin and hook
def on_pre_build(*, config: MkDocsConfig) -> None:
    _release()
    path = lock_path(config)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise PluginError(
            f"cannot create the build lock {path}: {error.strerror}; "
            f"{path.parent} must be writable"
        ) from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log.info("Waiting for another build of this checkout to finish")
        fcntl.flock(fd, fcntl.LOCK_EX)
    _held.append(fd)


@event_priority(-100)  # after every other plugin and hook
def on_post_build(*, config: MkDocsConfig) -> None:
    _release()


def on_build_error(*, error: Exception) -> None:
    _release()


def on_shutdown() -> None:
    _release()


def _release() -> None:
    while _held:
        os.close(_held.pop())  # closing releases the lock
