"""Compact Plotly figure dicts: plain JSON that plotly.js reads directly.

Big arrays become typed arrays {"dtype": "f4", "bdata": base64, "shape": "r, c"}
(plotly.js >= 2.28); small ones become lists of rounded floats. The layout
defaults and shared traces are in `plotly_kit`."""

from __future__ import annotations

import base64
import json

import numpy as np

GL_TRACES = {"surface", "scatter3d", "scattergl", "mesh3d", "heatmapgl", "cone"}


class NotFinite(ValueError):
    """The figure holds numbers plotly.js cannot draw (inf, or NaN in a list)."""


def typed(array, dtype: str = "f4") -> dict:
    """A typed-array spec of `array` (little-endian float32 by default)."""
    with np.errstate(over="ignore"):  # reported below, in words
        a = np.ascontiguousarray(np.asarray(array, dtype=f"<{dtype}"))
    if np.isinf(a).any():  # NaN is a gap Plotly leaves; inf draws a blank plot
        raise NotFinite(
            f"values beyond {np.finfo(a.dtype).max:.1e} (the {dtype} range)"
        )
    spec = {"dtype": dtype, "bdata": base64.b64encode(a.tobytes()).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in a.shape)
    return spec


def rounded(array, digits: int = 4) -> list:
    """`array` as nested lists of floats rounded to `digits` decimals."""
    a = np.round(np.asarray(array, dtype=np.float64), digits)
    return (a + 0.0).tolist()  # + 0.0 turns -0.0 into 0.0


def uses_webgl(figure: dict) -> bool:
    """True if any trace needs a WebGL context."""
    return any(t.get("type") in GL_TRACES for t in figure.get("data", []))


def dumps(figure: dict) -> str:
    """Deterministic, compact JSON; NotFinite if it holds inf or NaN."""
    try:
        return json.dumps(
            figure, sort_keys=True, separators=(",", ":"), allow_nan=False
        )
    except ValueError as exc:  # "Out of range float values are not JSON compliant"
        raise NotFinite("infinite or NaN values") from exc
