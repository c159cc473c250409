"""Builds of the site cannot hang on a notebook or trip over each other
(issue 10): the notebook_timeout and one_build hooks in tiny projects, built
by MkDocs itself in a subprocess."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests import hooks

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "docs" / "overrides" / "hooks"
MKDOCS = [sys.executable, "-m", "mkdocs"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def notebook(source: str, metadata: dict) -> str:
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": "c1",
        "metadata": {},
        "outputs": [],
        "source": source,
    }
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return json.dumps(
        {
            "cells": [cell],
            "metadata": {"kernelspec": kernel, **metadata},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def notebook_project(root: Path, source: str, metadata: dict) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "docs" / "lab.ipynb").write_text(notebook(source, metadata))
    (root / "mkdocs.yml").write_text(
        "site_name: t\n"
        "plugins:\n"
        "  - mkdocs-jupyter:\n"
        "      execute: true\n"
        "      allow_errors: false\n"
        f"      cache_dir: {root / 'cache'}\n"
        f"hooks:\n  - {HOOKS / 'notebook_timeout.py'}\n"
    )
    return root


def build(root: Path, *args: str, timeout: float = 120):
    return subprocess.run(
        [*MKDOCS, "build", "-q", "-f", str(root / "mkdocs.yml"), *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=timeout,  # a hang guard: the cell alone would sleep 600 s
    )


def test_a_sleeping_notebook_cell_fails_the_build_at_its_limit(tmp_path):
    root = notebook_project(
        tmp_path, "import time\ntime.sleep(600)", {"lessonkit": {"cell_timeout": 2}}
    )
    result = build(root)
    assert result.returncode != 0
    # MkDocs' own error line (a PluginError), not a crash in the plugin
    assert re.search(
        r"ERROR +- +\S*lab\.ipynb: a cell ran longer than 2 s, the limit per cell",
        result.stderr,
    )
    assert "time.sleep(600)" in result.stderr


def test_a_cells_printed_lines_are_one_output_however_they_arrive(tmp_path):
    """Two prints a moment apart reach the notebook as two stream messages; the
    page must not depend on that timing (builds are byte-identical)."""
    source = (
        "import sys, time\n"
        "print('first line'); sys.stdout.flush(); time.sleep(0.5)\n"
        "print('second line')"
    )
    root = notebook_project(tmp_path, source, {})
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "lab" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<pre>first line\s*\nsecond line\s*\n?</pre>", page), re.findall(
        r"<pre>.*?</pre>", page, re.DOTALL
    )


def load_hook(name: str):
    return hooks.load(name)


@pytest.mark.parametrize("value", [0, "10", 5000, True, 2.5])
def test_a_bad_cell_timeout_names_the_field(tmp_path, value):
    hook = load_hook("notebook_timeout")
    path = tmp_path / "lab.ipynb"
    path.write_text(notebook("1 + 1", {"lessonkit": {"cell_timeout": value}}))
    with pytest.raises(PluginError) as info:
        hook.cell_timeout(path)
    message = str(info.value)
    assert message.startswith(f"{path}: metadata field 'lessonkit.cell_timeout'")
    assert "allowed: a whole number of seconds in [1, 1800]" in message


def test_a_notebook_without_a_cell_timeout_gets_the_default(tmp_path):
    hook = load_hook("notebook_timeout")
    path = tmp_path / "lab.ipynb"
    path.write_text(notebook("1 + 1", {}))
    assert hook.cell_timeout(path) == hook.CELL_TIMEOUT == 120


# A hook that notices when another build runs between its first and last event.
PROBE = """
import os, time
from pathlib import Path
from mkdocs.exceptions import PluginError

def on_pre_build(config):
    probe = Path(config.config_file_path).parent / "build" / "probe"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text(str(os.getpid()))
    time.sleep(0.2)

def on_post_build(config):
    probe = Path(config.config_file_path).parent / "build" / "probe"
    if probe.read_text() != str(os.getpid()):
        raise PluginError("another build ran in the middle of this one")
"""


def test_three_mkdocs_builds_at_once_wait_for_each_other(tmp_path):
    """`mkdocs serve` beside `make site`: three builds of one checkout at once,
    three times; each must run alone from its first event to its last."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "probe.py").write_text(PROBE)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nhooks:\n  - {HOOKS / 'one_build.py'}\n  - probe.py\n"
    )
    for _ in range(3):
        procs = [
            subprocess.Popen(
                [
                    *MKDOCS,
                    "build",
                    "-q",
                    "-f",
                    str(tmp_path / "mkdocs.yml"),
                    "-d",
                    str(tmp_path / f"site{i}"),
                ],
                stderr=subprocess.PIPE,
                text=True,
                env=ENV,
            )
            for i in range(3)
        ]
        for proc in procs:
            assert proc.wait(120) == 0, proc.stderr.read()
