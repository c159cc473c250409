"""Content-hash cache of rendered figures: one JSON entry per figure with the
key it was built from and the hash of every output file. Nothing is trusted
that does not match: a restored CI cache is untrusted input, so an entry's
output names must be its own figure's files (`<id>.<ext>`), never a path."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import atomic
from .hashing import file_sha256

OUTPUT_SUFFIXES = ("svg", "png", "json", "html")


@dataclass(frozen=True)
class Key:
    """What a figure's outputs depend on."""

    spec: str  # sha256 of builder name, params and captions
    code: str  # sha256 of the figure code and the core's source
    versions: dict  # {"numpy": "2.4.6", ...}

    def as_dict(self) -> dict:
        return {"spec": self.spec, "code": self.code, "versions": self.versions}


@dataclass(frozen=True)
class Entry:
    """A built figure: its key, output files {name: sha256} and what a page
    needs to show it."""

    key: Key
    outputs: dict  # {"ch13-surface-3d.png": sha256, ...}
    static: str  # name of the static image among the outputs
    width: int  # static image size in CSS pixels
    height: int
    webgl: bool  # the Plotly figure needs a WebGL context

    def as_json(self) -> str:
        data = {
            "key": self.key.as_dict(),
            "outputs": self.outputs,
            "static": self.static,
            "width": self.width,
            "height": self.height,
            "webgl": self.webgl,
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"


def entries_dir(cache_dir: Path) -> Path:
    """The folder of the figures' entries: nothing else is kept there."""
    return Path(cache_dir) / "figures"


def entry_path(cache_dir: Path, figure_id: str) -> Path:
    return entries_dir(cache_dir) / f"{figure_id}.json"


def load(path: Path) -> Entry | None:
    """The entry at `path`; None if missing; ValueError if it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable cache entry {path}: {exc}") from exc
    try:
        key = Key(**data["key"])
        outputs = {str(k): str(v) for k, v in data["outputs"].items()}
        static, webgl = str(data["static"]), data["webgl"]
        entry = Entry(
            key, outputs, static, int(data["width"]), int(data["height"]), webgl
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ValueError(f"malformed cache entry {path}: {exc!r}") from exc
    if static not in outputs or not isinstance(webgl, bool):
        raise ValueError(f"malformed cache entry {path}: bad static or webgl")
    own = re.compile(
        re.escape(Path(path).stem) + r"\.(?:" + "|".join(OUTPUT_SUFFIXES) + ")"
    )
    strangers = sorted(name for name in outputs if not own.fullmatch(name))
    if strangers:
        raise ValueError(
            f"malformed cache entry {path}: outputs {strangers[:3]} are not "
            f"files of figure {Path(path).stem!r}"
        )
    return entry


def stale_reason(path: Path, key: Key, out_dir: Path) -> str | None:
    """Why the figure must be rebuilt, or None if its outputs can be trusted."""
    try:
        entry = load(path)
    except ValueError:
        return "corrupt cache entry"
    if entry is None:
        return "new"
    if entry.key.spec != key.spec:
        return "params changed"
    if entry.key.code != key.code:
        return "code changed"
    if entry.key.versions != key.versions:
        return "library versions changed"
    for name, digest in sorted(entry.outputs.items()):
        actual = file_sha256(Path(out_dir) / name)
        if actual is None:
            return f"output missing ({name})"
        if actual != digest:
            return f"output corrupt ({name})"
    return None


def save(path: Path, entry: Entry) -> None:
    atomic.write_text(path, entry.as_json())
