"""Atomic file writes: a reader sees the old file or the new one, never half.

Write to a temporary file in the same directory, fsync, then os.replace.
The file gets the mode any new file gets (0644 under the usual umask), like the
files MkDocs writes to site/, not mkstemp's private 0600.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".partial"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()  # read once, at import: os.umask is process-wide


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically, creating parent folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX
    )
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` atomically unless `path` holds it already; True if written
    (an unchanged file keeps its time, so nothing watching it reloads)."""
    try:
        if Path(path).read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_bytes(path, data)
    return True


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temporary files a killed build left behind under `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = sorted(folder.rglob(f".*{TEMP_SUFFIX}"))
    for path in found:
        path.unlink()
    return found
