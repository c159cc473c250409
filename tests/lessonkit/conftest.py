"""Fixtures of the lessonkit tests: a small docs folder with page-declared
figures (tiny grids), and builds that use it instead of the lesson figures."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

import lessonkit.build
import lessonkit.lessons

NAMESPACE = {"ln": math.log, "sqrt": math.sqrt, "pair": lambda a, b: (a, b)}

PAGE = textwrap.dedent(
    """\
    ---
    title: A test page
    ---
    # Test

    ```figure
    id: tiny-contour
    title: A tiny contour
    alt: Contour map of Booth's function.
    surface: booth
    view: contour
    resolution: 11
    optimizers:
      - {name: sgd, lr: 0.01, start: [-8, 8], steps: 5}
    ```

    The answer is {{ ln(1) + 2 :.2f }}.

    ```figure
    id: tiny-line
    title: A tiny line
    alt: One cut through two valleys.
    surface: two_valleys
    view: line
    kind: static
    resolution: 21
    ```
    """
)


def write_docs(root: Path, page: str = PAGE) -> Path:
    docs = root / "docs"
    (docs / "lessons").mkdir(parents=True, exist_ok=True)
    (docs / "lessons" / "page.md").write_text(page, encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n2 + 2 = {{ 2 + 2 }}\n", encoding="utf-8")
    return docs


@pytest.fixture
def no_lessons(monkeypatch):
    """Builds see only the page-declared figures (fast), and a fixed code hash
    (others may be editing the core while the tests run)."""
    monkeypatch.setattr(lessonkit.lessons, "declared", lambda: [])
    monkeypatch.setattr(lessonkit.build, "code_hash", lambda: "code-v1")


@pytest.fixture
def small_docs(tmp_path, no_lessons) -> Path:
    return write_docs(tmp_path)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
