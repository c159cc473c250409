"""Each page's last-updated date: the date of the last commit that touched its
source file, as `git log -1 --format=%cs -- <file>` says (the committer's
date, so the same commit gives the same date on every machine).

One `git log` lists every commit under a folder with the files it touched;
the first commit that names a file is its last change. Outside a git checkout
(a tarball), without git, in a shallow clone (whose oldest commit would claim
every file) or for a file never committed, there is no date: the page shows
none, and the build goes on."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _git(root: Path, *args: str) -> str | None:
    """git's output in `root`, or None when git is missing or refuses."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def last_changed(folder: Path) -> dict[Path, date]:
    """{absolute path: date of the last commit touching it} for every
    committed file under `folder`; {} outside a full git checkout."""
    folder = Path(folder).resolve()
    top = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    if top is None or top.split()[-1] != "false":
        return {}
    root = Path(top.split("\n")[0]).resolve()
    # -c: a merge names the files it changed against every parent, as the
    # history simplification of `git log -- <file>` counts it.
    listing = _git(
        root, "log", "--format=%x00%x01%cs", "-c", "--name-only", "--no-renames",
        "-z", "--", str(folder),
    )  # fmt: skip
    dates: dict[Path, date] = {}
    when = None
    for field in (listing or "").split("\0"):
        field = field.strip("\n")
        if not field:
            continue
        if field.startswith("\x01"):  # a commit's date, then the files it touched
            when = date.fromisoformat(field[1:])
            continue
        dates.setdefault(root / field, when)
    return dates


def shown(day: date) -> str:
    """'29 November 2026' (English month names, whatever the machine's locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
