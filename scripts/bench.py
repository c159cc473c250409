"""`make bench`: run every scripts/bench_*.py module's main() in name order."""

from __future__ import annotations

import importlib.util
import pathlib


def main() -> int:
    failed = []
    for path in sorted(pathlib.Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"\n=== {path.stem} ===", flush=True)
        if module.main() not in (None, 0):
            failed.append(path.stem)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
