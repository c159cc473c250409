"""The offline hook's explorer bundle (docs/overrides/hooks/offline.py): the
explorer's ES modules as one classic script that sets window.llExplorer,
byte-identical from build to build, and a clear error without esbuild."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from tests import hooks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def offline():
    return hooks.load("offline", "offline_under_test")


def test_the_explorer_bundle_is_a_classic_script_and_the_same_each_time(
    offline, tmp_path
):
    outputs = []
    for name in ("one", "two"):
        offline.bundle_explorer(ROOT, tmp_path / name)
        outputs.append((tmp_path / name / offline.EXPLORER_CLASSIC).read_bytes())
    assert outputs[0] == outputs[1]
    text = outputs[0].decode("utf-8")
    assert text.startswith("var llExplorer = ")
    assert not [
        line for line in text.splitlines() if line.startswith(("import ", "export "))
    ]
    # Node runs it as a plain script: it defines llExplorer.mount.
    check = f"{text}\nif (typeof llExplorer.mount !== 'function') process.exit(3);"
    done = subprocess.run(["node", "-e", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_without_esbuild_the_offline_build_says_how_to_install_it(offline, tmp_path):
    with pytest.raises(PluginError, match=r"esbuild is missing; run `make setup`"):
        offline.bundle_explorer(tmp_path, tmp_path / "site")
