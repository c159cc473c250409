"""One build at a time per output folder: `mkdocs serve` and `make site` in
one checkout wait for each other instead of deleting each other's files.

An advisory `flock` on a file in the folder; the system drops it when the
process ends, however it ends, so a killed build never leaves it held."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path

LOCK_NAME = ".lock"


@contextlib.contextmanager
def held(folder: Path, name: str = LOCK_NAME, *, stream=None):
    """Hold the lock `folder/name` for the body, waiting for another holder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"waiting for another build using {folder} to finish",
                file=stream or sys.stderr,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
