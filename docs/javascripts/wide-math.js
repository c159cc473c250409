// Display equations are typeset at build time (docs/overrides/hooks/typeset.py);
// no math script runs here. A display equation wider than the column scrolls
// inside its own box (extra.css); only then it joins the tab order, so keyboard
// users can scroll it (WCAG 2.1.1, axe "scrollable-region-focusable").
// Runs after every instant navigation.

(() => {
  function updateFocusable(display) {
    if (display.scrollWidth > display.clientWidth + 1) {
      display.tabIndex = 0;
    } else {
      display.removeAttribute("tabindex");
    }
  }

  const resized = new ResizeObserver((entries) => {
    entries.forEach(({ target }) => updateFocusable(target));
  });

  document$.subscribe(({ body }) => {
    resized.disconnect(); // the previous page's equations are gone
    const displays = [...body.querySelectorAll(".katex-display")];
    displays.forEach((display) => resized.observe(display));
    // KaTeX's fonts change an equation's width without resizing its box.
    document.fonts.ready.then(() => displays.forEach(updateFocusable));
  });
})();
