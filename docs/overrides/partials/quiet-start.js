// Inlined in <head> (overrides/main.html), before anything is drawn. Material's
// bundle runs at the end of <body>, when a long lesson has already been styled
// and laid out, and three of its first steps restyle the whole page:
//   - it swaps <html>'s class "no-js" for "js", and the focus-visible
//     polyfill adds a class and an attribute to <html>;
//   - the palette inserts an empty <meta name="color-scheme">, and later sets
//     its content: each change of that meta restyles every element;
//   - instant navigation makes every relative href absolute: for a
//     stylesheet's <link>, that reloads the sheet and restyles every element.
// Done here, before <body> exists, the same changes cost nothing, and the
// bundle's own calls then change nothing. What the reader sees is unchanged:
// the meta carries the scheme Material computes (a reader's switch of palette
// still reaches it), and the classes are the ones the bundle sets.

(() => {
  const root = document.documentElement;
  root.classList.replace("no-js", "js");
  root.classList.add("js-focus-visible");
  root.setAttribute("data-js-focus-visible", "");

  // The same trick instant navigation uses (integrations/instant: resolve):
  // assigning a link's href to itself makes it absolute, so the bundle leaves
  // it alone, and the head it compares on navigation is unchanged.
  for (const link of document.querySelectorAll("link[rel=stylesheet][href]")) {
    link.href = link.href; // eslint-disable-line no-self-assign
  }

  // Material's CSS gives the "slate" scheme color-scheme: dark and the others
  // light. The guess is only a head start: the value Material computes from
  // the header's style is what the meta ends up with.
  let saved = null;
  try {
    saved = __md_get("__palette"); // null without storage, as for Material
  } catch {}
  const scheme = saved?.color?.scheme ?? document.currentScript.dataset.scheme;
  const meta = document.createElement("meta");
  meta.name = "color-scheme";
  meta.content = scheme === "slate" ? "dark" : "light";
  document.head.appendChild(meta);

  // Material's own meta is kept out of the document; what it is given is
  // written to ours, and only when it differs.
  const head = document.head;
  const append = head.appendChild;
  head.appendChild = function (node) {
    if (node instanceof HTMLMetaElement && node.name === "color-scheme") {
      Object.defineProperty(node, "content", {
        get: () => meta.content,
        set: (value) => {
          if (value !== meta.content) meta.content = value;
        },
      });
      return node;
    }
    return append.call(this, node);
  };
})();
