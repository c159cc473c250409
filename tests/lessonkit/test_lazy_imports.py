"""A build that only checks pages (nothing to draw: a no-change rebuild while
an author runs `mkdocs serve`) never imports matplotlib: it costs about 1 s of
CPU per build. Checked in a fresh interpreter, where nothing is imported yet."""

import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"

CHECK = f"""
import sys
from lessonkit import build
from lessonkit.figures import registry

registry._load()  # every builder registers itself
pages = build.read_pages({str(DOCS)!r})  # every figure block parsed and checked
assert any(page.blocks for page in pages)
build.load_namespace()  # the course functions of {{{{ }}}} numbers
print(sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib"))
"""


def test_checking_every_page_imports_no_matplotlib():
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_drawing_a_figure_still_gets_matplotlib():
    from lessonkit.figures import static

    with static.settings():
        fig = static.figure(1.0, 1.0)
    assert type(fig).__module__ == "matplotlib.figure"
