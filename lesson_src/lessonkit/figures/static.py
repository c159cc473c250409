"""Deterministic matplotlib output: fixed SVG hash salt, no dates or software
names in the files, perceptually uniform colormaps, phone-sized.

Figures are `matplotlib.figure.Figure` objects drawn inside `settings()` (an
`rc_context`): no pyplot, and matplotlib's global state is never changed.
matplotlib is imported when a figure is drawn, not when a build only checks
its pages."""

from __future__ import annotations

import io

from . import style

WIDTH_IN = 5.0  # 360 pt: text stays readable when scaled to a phone
PNG_DPI = 120

RC = {
    "svg.hashsalt": "lessonkit",
    "svg.fonttype": "none",  # text stays text: smaller files, searchable
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": style.CMAP,
    "path.simplify": True,
}


def settings():
    """The course's settings for drawing and saving, as a context manager."""
    from matplotlib import rc_context

    return rc_context(RC)


def figure(width_in: float, height_in: float):
    """A `matplotlib.figure.Figure` of that size."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in))


def new_figure(height_in: float = 3.4, *, ncols: int = 1, projection=None):
    """A figure WIDTH_IN wide with `ncols` axes side by side."""
    fig = figure(WIDTH_IN, height_in)
    kw = {} if projection is None else {"projection": projection}
    axes = [fig.add_subplot(1, ncols, i + 1, **kw) for i in range(ncols)]
    return fig, axes


def save(fig, fmt: str) -> tuple[bytes, int, int]:
    """The figure's bytes and its size in CSS pixels (pt for SVG)."""
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
