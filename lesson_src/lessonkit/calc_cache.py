"""Disk cache of the course functions' results (`calc.NAMESPACE`): a rebuild
does not rerun the calls its `{{ }}` numbers and problems made last time (the
noise lesson's SGD runs alone take about a second).

One JSON file, `<out>/cache/calc.json`: the key it was made with (the hash of
calc.py and of the core, which is all calc runs, and NumPy's version) and each
call's result by the call (function name and arguments, as canonical JSON).
A restored cache is untrusted input: a file made with another key is ignored;
an entry whose result is not a number or a course record of the right field
types is dropped and recomputed, never believed. A build saves the calls it
made (atomically, only when that changes the file), so no stale entry stays.
Calls with other arguments than plain numbers and text are not cached."""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import typing
from importlib import metadata
from pathlib import Path

from losslandscape.points import Minimum, Point

from . import atomic, hashing
from .calc import Vector

LESSONKIT = Path(__file__).resolve().parent
# What the course functions run: calc.py imports nothing else of ours
# (tests/lessonkit/test_calc_cache.py holds it to that).
CODE = (LESSONKIT / "calc.py", LESSONKIT.parent / "losslandscape")
FILE_NAME = "calc.json"
MAX_BYTES = 8_000_000  # a larger file is not read (the course writes about 8 kB)
RECORDS = {cls.__name__: cls for cls in (Point, Minimum, Vector)}  # besides numbers
_FIELD_TYPES = {float: (int, float), int: (int,), str: (str,)}  # annotation -> held


def code_key(code: tuple[Path, Path] = CODE) -> dict:
    """What every result depends on: calc.py, the core's sources, NumPy."""
    calc_file, core = code
    digest = hashing.sha256(
        f"{hashing.file_sha256(calc_file)}\0{hashing.tree_sha256(core)}".encode()
    )
    return {"code": digest, "numpy": metadata.version("numpy")}


def _plain(value) -> bool:
    """An int, a finite float or a str, exactly (not a bool, not a NumPy type)."""
    if type(value) is float:
        return math.isfinite(value)
    return type(value) in (int, str)


def call_key(name: str, args: tuple, kwargs: dict) -> str | None:
    """The call as canonical JSON; None if an argument is not plain."""
    if not all(_plain(v) for v in (*args, *kwargs.values())):
        return None
    return hashing.canonical_json([name, list(args), kwargs])


@functools.cache
def _fields(cls) -> dict[str, tuple[type, ...]]:
    """A record's fields and the exact types each may hold."""
    hints = typing.get_type_hints(cls)
    names = (
        cls._fields
        if issubclass(cls, tuple)
        else [f.name for f in dataclasses.fields(cls)]
    )
    return {name: _FIELD_TYPES[hints[name]] for name in names}


def _fits(cls, values: list) -> bool:
    kinds = _fields(cls).values()
    return len(values) == len(kinds) and all(
        _plain(v) and type(v) in held for v, held in zip(values, kinds, strict=False)
    )


def encode(value):
    """A result as JSON data, or None if it could not be restored exactly."""
    if type(value) in (int, float):
        return value if _plain(value) else None
    cls = RECORDS.get(type(value).__name__)
    if cls is not type(value):
        return None
    values = [getattr(value, name) for name in _fields(cls)]
    return {"type": cls.__name__, "fields": values} if _fits(cls, values) else None


def decode(data):
    """The result `encode` gave `data` for; ValueError if it is no such data."""
    if type(data) in (int, float) and _plain(data):
        return data
    if not isinstance(data, dict) or sorted(data) != ["fields", "type"]:
        raise ValueError(f"not a result: {str(data)[:80]}")
    cls, values = RECORDS.get(data["type"]), data["fields"]
    if cls is None or not isinstance(values, list) or not _fits(cls, values):
        raise ValueError(f"not a course record: {str(data)[:80]}")
    return cls(*values)  # Minimum checks its kind and precision: a ValueError


def _no_constant(name: str):
    raise ValueError(f"{name} is not a finite number")


def read(path: Path, key: dict) -> dict[str, object]:
    """The results stored at `path` under `key`; {} if missing, broken or
    made with another key (another calc.py, core or NumPy)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_bytes(), parse_constant=_no_constant)
    except (OSError, ValueError):  # missing, unreadable, not JSON, NaN
        return {}
    if not isinstance(data, dict) or data.get("key") != key:
        return {}
    results = data.get("results")
    return dict(results) if isinstance(results, dict) else {}


class CalcCache:
    """The results of one build's calls, read from and saved to `path`."""

    def __init__(self, path: Path, key: dict):
        self.path, self.key = Path(path), key
        self.stored = read(self.path, key)  # untrusted: decoded when asked for
        self.used: dict[str, object] = {}  # encoded results of this build's calls
        self.calls = 0  # calls that ran the function

    @classmethod
    def in_folder(cls, cache_dir: Path, code: tuple[Path, Path] = CODE) -> CalcCache:
        return cls(Path(cache_dir) / FILE_NAME, code_key(code))

    def wrap(self, namespace: dict) -> dict:
        """`namespace` with each function answered from the cache when it can be."""
        return {
            name: self._cached(name, f) if callable(f) else f
            for name, f in namespace.items()
        }

    def _cached(self, name: str, function):
        @functools.wraps(function)  # the same signature: numbers checks calls by it
        def cached(*args, **kwargs):
            return self.call(name, function, args, kwargs)

        return cached

    def call(self, name: str, function, args: tuple, kwargs: dict):
        """function(*args, **kwargs), or its stored result for the same call."""
        key = call_key(name, args, kwargs)
        if key is None:
            return function(*args, **kwargs)
        for data in (self.used.get(key), self.stored.pop(key, None)):
            try:
                value = decode(data)
            except ValueError:  # absent (None) or broken: computed again below
                continue
            self.used[key] = data
            return value
        self.calls += 1
        value = function(*args, **kwargs)
        data = encode(value)
        if data is not None:
            self.used[key] = data
        return value

    def save(self, *, complete: bool = True) -> bool:
        """Write the results this build used (and, after a build that stopped
        early, the stored ones it did not reach); True if the file changed."""
        results = dict(self.used)
        if not complete:
            results.update((k, v) for k, v in self.stored.items() if _decodes(v))
        data = {"key": self.key, "results": results}
        text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=True) + "\n"
        return atomic.write_if_changed(self.path, text.encode("utf-8"))


def _decodes(data) -> bool:
    try:
        decode(data)
    except ValueError:
        return False
    return True
