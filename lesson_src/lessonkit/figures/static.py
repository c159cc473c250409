"""Deterministic matplotlib output: Agg, fixed SVG hash salt, no dates or
software names in the files, perceptually uniform colormaps, phone-sized."""

from __future__ import annotations

import io

WIDTH_IN = 5.0  # 360 pt: text stays readable when scaled to a phone
PNG_DPI = 120
CMAP = "viridis"
STAR_RED = "#d62728"

RC = {
    "svg.hashsalt": "lessonkit",
    "svg.fonttype": "none",  # text stays text: smaller files, searchable
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": CMAP,
    "path.simplify": True,
}


def pyplot():
    """matplotlib.pyplot on the Agg backend with the course's settings."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update(RC)
    return plt


def new_figure(height_in: float = 3.4, *, ncols: int = 1, projection=None):
    """A figure WIDTH_IN wide with `ncols` axes side by side."""
    plt = pyplot()
    fig = plt.figure(figsize=(WIDTH_IN, height_in))
    kw = {} if projection is None else {"projection": projection}
    axes = [fig.add_subplot(1, ncols, i + 1, **kw) for i in range(ncols)]
    return fig, axes


def save(fig, fmt: str) -> tuple[bytes, int, int]:
    """The figure's bytes and its size in CSS pixels (pt for SVG)."""
    plt = pyplot()
    buf = io.BytesIO()
    if fmt == "svg":
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        dpi = 72
    elif fmt == "png":
        fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None})
        buf = _palette_png(buf.getvalue())
        dpi = PNG_DPI
    else:
        raise ValueError(f"fmt must be 'svg' or 'png', got {fmt!r}")
    width, height = fig.get_size_inches()
    plt.close(fig)
    return buf.getvalue(), round(width * dpi), round(height * dpi)


def _palette_png(data: bytes) -> io.BytesIO:
    """An 8-bit palette copy of an RGBA PNG: about a third of the bytes, the
    same look (median cut, no dithering: deterministic)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    small = image.quantize(
        colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out
