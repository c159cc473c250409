// Display equations are typeset at build time (docs/overrides/hooks/typeset.py);
// no math script runs here. A display equation wider than the column scrolls
// inside its own box (extra.css); only then it joins the tab order, so keyboard
// users can scroll it (WCAG 2.1.1, axe "scrollable-region-focusable").
// Runs after every instant navigation.
//
// Widths are read without laying the page out again: a ResizeObserver reports
// an equation (and each piece of it, whose width changes when KaTeX's fonts
// arrive) after the browser has laid it out anyway. Blocks far from the screen
// are not laid out at all (content-visibility, extra.css), so the observer says
// nothing about their equations until the reader scrolls near. A reader who
// moves with the keyboard needs them before that: the first Tab press measures
// every equation, before the browser moves the focus.

(() => {
  let displays = []; // this page's display equations

  function update(targets) {
    // All reads before any write: a write between two reads lays out again.
    const wide = targets.map((d) => d.scrollWidth > d.clientWidth + 1);
    targets.forEach((display, i) => {
      if (wide[i]) display.tabIndex = 0;
      else display.removeAttribute("tabindex");
    });
  }

  const resized = new ResizeObserver((entries) => {
    const targets = new Set(entries.map(({ target }) => target.closest(".katex-display")));
    update([...targets]);
  });

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.key === "Tab") update(displays);
    },
    true,
  );

  document$.subscribe(({ body }) => {
    resized.disconnect(); // the previous page's equations are gone
    displays = [...body.querySelectorAll(".katex-display")];
    displays.forEach((display) => {
      resized.observe(display);
      display.querySelectorAll(".katex-html > *").forEach((part) => resized.observe(part));
    });
  });
})();
