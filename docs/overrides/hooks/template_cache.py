"""MkDocs hook: `mkdocs serve` makes a new Jinja environment for every
rebuild, which compiles the theme's templates again (46 of Material's and
ours: about a fifth of the CPU time of a rebuild). Jinja's own bytecode cache
keeps the compiled code in memory for the next build of this process. Jinja
checks each template's source against the checksum stored with its code, so
an edited template is compiled again; and the code is kept apart for each set
of environment settings that shapes it (syntax, extensions, the filters and
tests and what they are passed), so a changed theme configuration never runs
code compiled for another. Pages come out the same, byte for byte
(tests/site/test_template_cache.py).
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

# The Environment attributes the compiler reads (jinja2/compiler.py, lexer.py).
SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "is_async",
    "newstyle_gettext",
)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates in memory, by Jinja's key; Jinja checks the source."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # ignored if the source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


# One cache for each set of settings; MkDocs loads a hook once per process.
_caches: dict[str, MemoryBytecodeCache] = {}


def settings(env: jinja2.Environment) -> str:
    """What shapes a template's compiled code besides its source."""
    plain = (str, bool, int, float, type(None))
    values = {name: getattr(env, name, None) for name in SETTINGS}
    values = {k: v if isinstance(v, plain) else _name(v) for k, v in values.items()}
    values["extensions"] = sorted(env.extensions)
    values["policies"] = sorted(
        (k, v) for k, v in env.policies.items() if isinstance(v, plain)
    )
    for kind in ("filters", "tests"):  # a call passes the context to some
        table = getattr(env, kind)
        values[kind] = sorted(
            (name, str(getattr(f, "jinja_pass_arg", None)), _name(f))
            for name, f in table.items()
        )
    return repr(sorted(values.items()))


def _name(value) -> str:
    """A function by its module and name (its address changes nothing)."""
    module = getattr(value, "__module__", None)
    return f"{module}.{getattr(value, '__qualname__', type(value).__name__)}"


def on_env(
    env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
) -> jinja2.Environment:
    env.bytecode_cache = _caches.setdefault(settings(env), MemoryBytecodeCache())
    return env
