"""Zip a built site for the offline edition: `python scripts/zip_site.py SITE ZIP`.

Entries sit under one folder (loss-landscapes/, open its index.html), in name
order with a fixed date (SOURCE_DATE_EPOCH when set), so the same site gives the
same bytes; the zip is written next to ZIP and renamed into place when whole."""

from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path

FOLDER = "loss-landscapes"
DOS_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can hold


def zip_site(site: Path, target: Path) -> int:
    """Write the zip; returns the number of files in it."""
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site}: no index.html; build the site first")
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", DOS_EPOCH)), DOS_EPOCH)
    date = time.gmtime(epoch)[:6]
    files = sorted(p for p in site.rglob("*") if p.is_file())
    partial = target.with_name(target.name + ".partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            name = f"{FOLDER}/{path.relative_to(site).as_posix()}"
            info = zipfile.ZipInfo(name, date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    partial.replace(target)
    return len(files)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    site, target = map(Path, argv)
    count = zip_site(site, target)
    size = target.stat().st_size / 1e6
    print(f"{target}: {count} files, {size:.1f} MB; unzip, open {FOLDER}/index.html")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
