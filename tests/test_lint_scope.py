"""`make lint` sees every Python file in the repository: an exclude pattern
such as "site" once matched tests/site/ too, and its files went unlinted."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lines(command: list[str]) -> set[str]:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return {line.strip() for line in done.stdout.splitlines() if line.strip()}


def test_ruff_checks_every_tracked_python_file():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.fail("needs a git checkout (make test runs in one)", pytrace=False)
    tracked = _lines(["git", "ls-files", "*.py"])
    assert tracked, "git ls-files found no Python files"
    ruff = str(Path(sys.executable).with_name("ruff"))
    shown = _lines([ruff, "check", "--show-files", "."])
    linted = {Path(p).resolve().relative_to(ROOT).as_posix() for p in shown}
    assert sorted(tracked - linted) == []
