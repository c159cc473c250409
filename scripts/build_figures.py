"""Render the course's figures and expand its pages: a thin wrapper of
`python -m lessonkit.build` with the same arguments (see CONTRIBUTING.md)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lesson_src"))

from lessonkit.build import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
