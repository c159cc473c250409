"""MkDocs hook: the offline edition, a site that works opened from disk
(file://), as `make offline` builds it (LL_OFFLINE=true turns Material's
offline plugin on; see mkdocs.yml).

Material's offline plugin turns directory URLs off, inlines the search index
into a script and loads the iframe-worker shim (search runs in a worker, which
file:// forbids) from unpkg.com; this hook serves that shim from node_modules
instead, so nothing comes from the internet. It also turns instant navigation
off: from file:// Material skips it and, with it on, never tells the page
scripts (document$) that a page has loaded. Browsers do not let a file:// page
fetch() the figures' JSON, so each `figures/<id>.json` also gets a
`figures/<id>.js` that hands the same figure to the site script by a <script>
tag (docs/javascripts/figures.js). Browsers refuse ES modules from file:// as
well: the explorer's modules are bundled by esbuild (npm, pinned) into one
classic script, `javascripts/explorer/explorer.classic.js`, which
docs/javascripts/explorers.js loads there instead.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

SHIM = ("iframe-worker", "shim/index.js")
SHIM_DEST = "assets/iframe-worker/shim.js"
FIGURE_SCRIPT = "(window.llFigureData ??= {{}})[{id}] = {data};\n"
EXPLORER = "javascripts/explorer/explorer.js"  # the ES module pages import
EXPLORER_CLASSIC = "javascripts/explorer/explorer.classic.js"  # sets llExplorer


def _offline(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config: MkDocsConfig, /) -> MkDocsConfig:
    if not _offline(config):
        return config
    polyfills = config.extra.get("polyfills", [])
    config.extra["polyfills"] = [
        SHIM_DEST if "iframe-worker" in str(url) else url for url in polyfills
    ]
    features = config.theme["features"]
    config.theme["features"] = [f for f in features if f != "navigation.instant"]
    return config


def on_files(files: Files, /, *, config: MkDocsConfig) -> Files:
    if not _offline(config):
        return files
    root = Path(config.config_file_path).resolve().parent
    shim = root / "node_modules" / SHIM[0] / SHIM[1]
    if not shim.is_file():
        raise PluginError(f"{shim} is missing; run `make setup` (npm ci)")
    files.append(File.generated(config, SHIM_DEST, abs_src_path=str(shim)))
    return files


def figure_script(figure_id: str, text: str) -> str:
    """The script that hands the figure JSON `text` to figures.js."""
    json.loads(text)  # a broken figure file is an error here, not in a browser
    return FIGURE_SCRIPT.format(id=json.dumps(figure_id), data=text.strip())


def bundle_explorer(root: Path, site_dir: Path) -> None:
    """The explorer's ES modules as one classic script (an IIFE that sets
    window.llExplorer), for file:// where modules are refused."""
    esbuild = root / "node_modules" / ".bin" / "esbuild"
    if not esbuild.is_file():
        raise PluginError(f"{esbuild} is missing; run `make setup` (npm ci)")
    command = [
        str(esbuild), f"docs/{EXPLORER}", "--bundle", "--format=iife",
        "--global-name=llExplorer", "--log-level=error",
        f"--outfile={Path(site_dir).resolve() / EXPLORER_CLASSIC}",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise PluginError(f"esbuild could not bundle docs/{EXPLORER}:\n{done.stderr}")


def on_post_build(*, config: MkDocsConfig) -> None:
    if not _offline(config):
        return
    bundle_explorer(Path(config.config_file_path).resolve().parent, config.site_dir)
    for path in sorted(Path(config.site_dir, "figures").glob("*.json")):
        script = path.with_suffix(".js")
        text = path.read_text(encoding="utf-8")
        script.write_text(figure_script(path.stem, text), encoding="utf-8")
