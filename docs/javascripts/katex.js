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

document$.subscribe(({ body }) => {
  body.querySelectorAll(".arithmatex").forEach((element) => {
    typeset(element, ARITHMATEX_DELIMITERS);
  });
  body
    .querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown")
    .forEach((cell) => typeset(cell, NOTEBOOK_DELIMITERS));
});
