"""The course slice of bench_core under older vector ISAs, emulated on this CPU.

One machine cannot stand in for every CPU, but NumPy, OpenBLAS and PyTorch can
each be told to use the kernels of an older one. Each row below reruns the
course slice in a fresh process with all three held to the same ISA, so the
comparison with the peers stays fair, and fastplane's calibration measures
again. Run with `make bench-cpus` (not part of `make bench`: about 5 minutes).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NUMPY_DISPATCH = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"  # NumPy 2.x's groups
VARIANTS = {
    "this CPU, as it is": {},
    "AVX, no AVX2/FMA/AVX-512 (Sandy Bridge)": {
        "NPY_DISABLE_CPU_FEATURES": NUMPY_DISPATCH,
        "OPENBLAS_CORETYPE": "Sandybridge",
        "ATEN_CPU_CAPABILITY": "default",
    },
    "SSE4.2 only (x86-64-v2, Nehalem)": {
        "NPY_DISABLE_CPU_FEATURES": NUMPY_DISPATCH,
        "OPENBLAS_CORETYPE": "Nehalem",
        "ATEN_CPU_CAPABILITY": "default",
    },
}


def main() -> int:
    script = Path(__file__).with_name("bench_core.py")
    summary = []
    for name, extra in VARIANTS.items():
        print(f"\n##### {name}: {extra or 'no overrides'}", flush=True)
        done = subprocess.run(
            [sys.executable, str(script), "--course"],
            env={**os.environ, **extra},
            capture_output=True,
            text=True,
            check=False,
        )
        print(done.stdout, done.stderr, sep="", end="", flush=True)
        if done.returncode:
            return done.returncode
        summary.append((name, done.stdout.strip().splitlines()[-1]))
    print("\n##### summary")
    for name, line in summary:
        print(f"{name}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
