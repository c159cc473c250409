"""`make bench`: run every scripts/bench_*.py module's main() in name order."""

from __future__ import annotations

import importlib.util
import pathlib


def main() -> None:
    for path in sorted(pathlib.Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"\n=== {path.stem} ===", flush=True)
        module.main()


if __name__ == "__main__":
    main()
