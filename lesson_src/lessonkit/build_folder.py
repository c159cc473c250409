"""Where the lesson build writes, as every MkDocs hook finds it:
$LESSONKIT_BUILD_DIR, else build/ beside mkdocs.yml (git-ignored). Its
cache/ holds what the hooks keep between builds."""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "LESSONKIT_BUILD_DIR"
DEFAULT = "build"


def build_folder(project: Path) -> Path:
    """The build folder of the project whose folder holds mkdocs.yml; an
    absolute $LESSONKIT_BUILD_DIR replaces the project's folder."""
    return project / (os.environ.get(VARIABLE) or DEFAULT)
