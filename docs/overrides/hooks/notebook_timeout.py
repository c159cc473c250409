"""MkDocs hook: a notebook cell cannot hang the build.

mkdocs-jupyter runs each notebook with nbclient, whose cells have no time
limit by default. Here each cell may run CELL_TIMEOUT seconds, or what the
notebook's metadata says (`"lessonkit": {"cell_timeout": 300}`, at most
MAX_TIMEOUT); a cell that runs longer fails the build with the notebook's
name and the limit. Notebooks are code and need review (CONTRIBUTING.md,
"Trust model"): this guards against mistakes, it is no sandbox.

It also merges each cell's consecutive printed output into one block after
the cell ran (nbconvert's CoalesceStreamsPreprocessor, which nbconvert lists
before execution): how many messages the kernel happened to send must not
change the page, so builds stay byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

CELL_TIMEOUT = 120  # seconds per cell unless the notebook says otherwise
MAX_TIMEOUT = 1800
FIELD = "lessonkit.cell_timeout"
EXECUTE = "nbconvert.preprocessors.ExecutePreprocessor"
COALESCE = "nbconvert.preprocessors.CoalesceStreamsPreprocessor"


def cell_timeout(nb_path) -> int:
    """The notebook's per-cell limit in seconds; PluginError if it is invalid."""
    try:
        meta = json.loads(Path(nb_path).read_text(encoding="utf-8"))["metadata"]
    except (OSError, ValueError, KeyError, TypeError):
        return CELL_TIMEOUT  # mkdocs-jupyter reports an unreadable notebook
    value = (meta.get("lessonkit") or {}).get("cell_timeout", CELL_TIMEOUT)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PluginError(
            f"{nb_path}: metadata field '{FIELD}': {value!r} is not allowed; "
            f"allowed: a whole number of seconds in [1, {MAX_TIMEOUT}]"
        )
    if value > MAX_TIMEOUT:
        raise PluginError(
            f"{nb_path}: metadata field '{FIELD}': {value} is out of range; "
            f"allowed: a whole number of seconds in [1, {MAX_TIMEOUT}]"
        )
    return value


def _coalesce_after_execution(app_config) -> None:
    """nbconvert's preprocessors in its own order, but streams are merged after
    the notebook ran rather than before."""
    from nbconvert.exporters import Exporter

    names = [p for p in Exporter().default_preprocessors if p != COALESCE]
    names.insert(names.index(EXECUTE) + 1, COALESCE)
    app_config["HTMLExporter"]["default_preprocessors"] = names
    app_config["CoalesceStreamsPreprocessor"]["enabled"] = True


def on_config(config: MkDocsConfig, /) -> MkDocsConfig:
    if config.plugins.get("mkdocs-jupyter") is None:
        return config
    from mkdocs_jupyter import convert, nbconvert2

    if getattr(convert.nb2html, "with_timeout", False):
        return config  # `mkdocs serve` calls on_config again on every rebuild
    make_app, nb2html = nbconvert2.get_nbconvert_app, convert.nb2html
    limit = [CELL_TIMEOUT]

    def app_with_timeout(*args, **kwargs):
        app = make_app(*args, **kwargs)
        app.config["ExecutePreprocessor"]["timeout"] = limit[0]
        _coalesce_after_execution(app.config)
        return app

    def nb2html_with_timeout(nb_path, *args, **kwargs):
        from nbclient.exceptions import CellTimeoutError

        limit[0] = cell_timeout(nb_path)
        try:
            return nb2html(nb_path, *args, **kwargs)
        except CellTimeoutError as error:
            preview = str(error).partition("cell contents:")[2].strip("-\n ")
            raise PluginError(
                f"{nb_path}: a cell ran longer than {limit[0]} s, the limit per "
                f"cell; make it faster, or set the notebook's metadata "
                f'"lessonkit": {{"cell_timeout": seconds}} (at most {MAX_TIMEOUT}). '
                f"The cell: {preview[:200]}"
            ) from error

    nb2html_with_timeout.with_timeout = True
    nbconvert2.get_nbconvert_app = app_with_timeout
    convert.nb2html = nb2html_with_timeout
    return config
