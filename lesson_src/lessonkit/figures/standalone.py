"""A standalone page per interactive figure: open it alone or in an iframe.
It loads the plotly.js bundle the figure needs (bundles.py) from the site by a
relative URL, never an inlined copy; the figure's JSON is inlined so the page
also works opened from disk. The plot holds buttons and sliders, so it is no
role="img" (axe: nested-interactive); the description names it instead.

In the inlined JSON every `<`, `>` and `&` is written as a `\\u` escape (JSON
allows them only inside strings, where the escape means the same): a label
holding `<!--<script>` or `</script>` cannot end or swallow the script."""

from __future__ import annotations

from html import escape

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 0.5rem; }}
h1 {{ font-size: 1.1rem; margin: 0.3rem 0; }}
figure {{ margin: 0; }}
#plot {{ width: 100%; min-height: 440px; }}
</style>
</head>
<body>
<main>
<h1 id="title">{title}</h1>
<figure aria-labelledby="title" aria-describedby="description">
<div id="plot"></div>
<noscript><img src="{static}" alt="{alt}" style="max-width:100%"></noscript>
<figcaption id="description">{description}</figcaption>
</figure>
</main>
<script src="{plotly_js}"></script>
<script type="application/json" id="figure-data">{json}</script>
<script>
(function () {{
  var fig = JSON.parse(document.getElementById("figure-data").textContent);
  var config = {{responsive: true, displaylogo: false}};
  Plotly.newPlot("plot", fig.data, fig.layout, config).then(function () {{
    if (fig.frames) {{ Plotly.addFrames("plot", fig.frames); }}
  }});
}})();
</script>
</body>
</html>
"""


def page(
    *,
    title: str,
    alt: str,
    description: str,
    static: str,
    figure_json: str,
    plotly_js: str,
) -> str:
    """The standalone HTML of a figure; `static` is its image's file name,
    `plotly_js` the URL of the plotly.js bundle that draws it."""
    return PAGE.format(
        plotly_js=escape(plotly_js),
        title=escape(title),
        alt=escape(alt),
        description=escape(description or alt),
        static=escape(static),
        json=script_safe(figure_json),
    )


def script_safe(json_text: str) -> str:
    """`json_text` with <, > and & escaped, safe inside <script> (HTML5 4.12.1.3)."""
    return (
        json_text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
    )
