"""The plotly.js partial bundles the site serves: the version the Python plotly
package writes its figures for, and the trace types lessonkit/figures/bundles.py
expects of each, read from the installed bundle files themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

from lessonkit.figures import bundles

ROOT = Path(__file__).resolve().parents[2]


def bundle_file(name: str) -> Path:
    path = (
        ROOT / "node_modules" / f"plotly.js-{name}-dist-min" / f"plotly-{name}.min.js"
    )
    if not path.is_file():
        pytest.fail(f"{path} missing; run `make setup` (npm ci)", pytrace=False)
    return path


@pytest.mark.parametrize("name", sorted(bundles.BUNDLES))
def test_bundle_matches_the_python_packages_plotly_js(name):
    head = bundle_file(name).read_text(encoding="utf-8")[:200]
    found = re.search(r"plotly\.js \((\w+) - minified\) v(\S+)", head)
    assert found, f"no plotly.js version banner in {head!r}"
    assert found[1] == name
    assert found[2] == get_plotlyjs_version()


@pytest.mark.parametrize("name", sorted(bundles.BUNDLES))
def test_bundle_registers_the_trace_types_we_expect(name):
    text = bundle_file(name).read_text(encoding="utf-8")
    traces = set(re.findall(r'moduleType:"trace",name:"(\w+)"', text))
    assert traces == bundles.BUNDLES[name]


def test_the_package_lock_pins_the_bundles_to_that_version():
    import json

    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for name in bundles.BUNDLES:
        entry = lock["packages"][f"node_modules/plotly.js-{name}-dist-min"]
        assert entry["version"] == get_plotlyjs_version()
