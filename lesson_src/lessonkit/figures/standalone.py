"""A standalone page per interactive figure: open it alone or in an iframe.
It loads the site's shared plotly.js (relative URL), never an inlined copy; the
figure's JSON is inlined so the page also works opened from disk."""

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
#plot {{ width: 100%; min-height: 440px; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<div id="plot" role="img" aria-label="{alt}"></div>
<noscript><img src="{static}" alt="{alt}" style="max-width:100%"></noscript>
<p>{description}</p>
</main>
<script src="../assets/plotly.min.js"></script>
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
    *, title: str, alt: str, description: str, static: str, figure_json: str
) -> str:
    """The standalone HTML of a figure; `static` is its image's file name."""
    return PAGE.format(
        title=escape(title),
        alt=escape(alt),
        description=escape(description or alt),
        static=escape(static),
        json=figure_json.replace("</", "<\\/"),
    )
