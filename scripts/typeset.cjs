// KaTeX at build time: one Node process per site build, started by the MkDocs
// hook docs/overrides/hooks/typeset.py.
//
// Reads one JSON array per line on stdin, [{"tex": "...", "display": bool}, ...],
// and answers one JSON array per line on stdout, [{"html": "..."} or
// {"error": "..."}, ...] in the same order. KaTeX comes from node_modules/
// (npm ci); its limits (maxExpand, maxSize) bound what a formula may cost.

"use strict";

const readline = require("node:readline");
const katex = require("katex");

function render({ tex, display }) {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: Boolean(display),
        throwOnError: true,
        output: "htmlAndMathml", // MathML for screen readers
        trust: false,
        strict: "ignore",
      }),
    };
  } catch (error) {
    return { error: String(error.message || error) };
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  let answer;
  try {
    answer = JSON.parse(line).map(render);
  } catch (error) {
    answer = { protocol: String(error.message || error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
});
