// Typesets math with KaTeX (served from assets/katex/, never from a CDN).
// Material's KaTeX recipe: pymdownx.arithmatex (generic) wraps TeX in
// `.arithmatex` as \( ... \) or \[ ... \]. Notebook pages (mkdocs-jupyter) carry
// raw $...$ and $$...$$ in their Markdown cells, so those are typeset too.
// Runs after every instant navigation.

const ARITHMATEX_DELIMITERS = [
  { left: "\\(", right: "\\)", display: false },
  { left: "\\[", right: "\\]", display: true },
];

const NOTEBOOK_DELIMITERS = [
  { left: "$$", right: "$$", display: true },
  { left: "$", right: "$", display: false },
  ...ARITHMATEX_DELIMITERS,
];

function typeset(element, delimiters) {
  renderMathInElement(element, { delimiters, throwOnError: false });
}

// A display equation wider than the column scrolls inside its own box
// (extra.css); only then it joins the tab order, so keyboard users can scroll
// it (WCAG 2.1.1, axe "scrollable-region-focusable").
function updateFocusable(display) {
  if (display.scrollWidth > display.clientWidth + 1) {
    display.tabIndex = 0;
  } else {
    display.removeAttribute("tabindex");
  }
}

const displayResized = new ResizeObserver((entries) => {
  entries.forEach(({ target }) => updateFocusable(target));
});

document$.subscribe(({ body }) => {
  body.querySelectorAll(".arithmatex").forEach((element) => {
    typeset(element, ARITHMATEX_DELIMITERS);
  });
  body
    .querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown")
    .forEach((cell) => typeset(cell, NOTEBOOK_DELIMITERS));
  displayResized.disconnect(); // the previous page's equations are gone
  const displays = [...body.querySelectorAll(".katex-display")];
  displays.forEach((display) => displayResized.observe(display));
  // KaTeX's fonts change an equation's width without resizing its box.
  document.fonts.ready.then(() => displays.forEach(updateFocusable));
});
