"""One figure spec -> its output files: the static image always; the Plotly
JSON and a standalone page for interactive figures."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import AuthorError
from ..spec import MAX_TIMEOUT, FigureSpec
from ..timelimit import TimeLimitExceeded, time_limit
from . import bundles, plotly_json, registry, standalone, static


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]  # file name -> content
    static_name: str  # e.g. "ch13-surface-3d.png"
    width: int
    height: int
    webgl: bool  # the Plotly figure needs a WebGL context


def figure_error(spec: FigureSpec, message: str, **fields) -> AuthorError:
    """An author's mistake in figure `spec`, at its block's file and line."""
    return AuthorError(
        message, file=spec.source, line=spec.line, figure=spec.id, **fields
    )


def render(spec: FigureSpec) -> Rendered:
    """Compute and draw `spec` (whose params are already validated), within
    its time limit (`timeout`)."""
    try:
        with time_limit(spec.timeout), static.settings():
            return _render(spec)
    except TimeLimitExceeded as exc:
        raise figure_error(
            spec,
            f"{exc} to compute and draw (its timeout)",
            field="timeout",
            allowed=f"a smaller resolution or fewer steps, or a larger timeout: "
            f"seconds up to {MAX_TIMEOUT}",
        ) from exc


def _render(spec: FigureSpec) -> Rendered:
    builder = registry.get(spec.builder)
    if spec.explorer != (builder.browser is not None):
        raise AuthorError(
            f"builder {spec.builder!r} "
            + ("draws explorers only" if builder.browser else "draws no explorer"),
            figure=spec.id,
            field="kind",
            allowed="explorer" if builder.browser else "static, interactive",
        )
    if spec.interactive and builder.draw_plotly is None:
        raise AuthorError(
            f"builder {spec.builder!r} draws static figures only",
            figure=spec.id,
            field="kind",
            allowed="static",
        )
    data = builder.compute(spec.params)
    fig, fmt = builder.draw_static(data, spec)
    image, width, height = static.save(fig, fmt)
    static_name = f"{spec.id}.{fmt}"
    files = {static_name: image}
    webgl = False
    if spec.explorer:  # the page's script draws it from this data
        text = json.dumps(builder.browser(data, spec), sort_keys=True, allow_nan=False)
        files[f"{spec.id}.json"] = text.encode("utf-8")
    if spec.interactive:
        webgl = _add_plotly_files(files, builder, data, spec, static_name)
    return Rendered(files, static_name, width, height, webgl)


def _add_plotly_files(files: dict, builder, data, spec: FigureSpec, static_name: str):
    """Add the Plotly JSON and the standalone page to `files`; True if it uses WebGL."""
    try:
        figure = builder.draw_plotly(data, spec)
        webgl = plotly_json.uses_webgl(figure)
        bundles.check(figure, webgl)
        text = plotly_json.dumps(figure)
    except plotly_json.NotFinite as exc:  # not the core's rejection: an overflow
        raise figure_error(
            spec,
            f"its numbers overflow: {exc}",
            allowed="a smaller range (x, y), scale: log, or a smaller learning rate",
        ) from exc
    files[f"{spec.id}.json"] = text.encode("utf-8")
    html = standalone.page(
        title=spec.title,
        alt=spec.alt,
        description=spec.description,
        static=static_name,
        figure_json=text,
        plotly_js=f"../{bundles.url(webgl)}",
    )
    files[f"{spec.id}.html"] = html.encode("utf-8")
    return webgl
