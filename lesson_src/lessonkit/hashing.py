"""Content hashes for the figure cache: of bytes, of files, of source trees and
of the library versions a figure depends on."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

LIBRARIES = ("numpy", "matplotlib", "plotly", "pillow")  # all write output bytes


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """Hash of the file's bytes, or None if it does not exist."""
    try:
        return sha256(Path(path).read_bytes())
    except FileNotFoundError:
        return None


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def tree_sha256(*folders: Path) -> str:
    """One hash over every .py file under `folders` (paths and contents)."""
    digest = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        for path in sorted(folder.rglob("*.py")):
            digest.update(str(path.relative_to(folder.parent)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Installed versions, read from metadata (no import of the libraries)."""
    return {name: metadata.version(name) for name in LIBRARIES}
