// Glossary previews: a link to a glossary entry (a.ll-term, whose
// data-summary the build wrote from the entry's description) shows that
// one-sentence summary in a tooltip on hover, on keyboard focus and on a tap,
// without leaving the page. Escape hides it. On a touch screen the first tap
// shows the summary and a second tap on the same link follows it.
//
// Material 9.8.1's instant previews fetch the whole entry page when hovered
// (nothing on a tap, nothing offline from file://) and its tooltips show only
// `title` on hover and focus; so this small script instead. Runs after every
// instant navigation.

(() => {
  let shown = null; // the link whose tooltip is visible
  let armed = null; // the link tapped once: the next tap follows it
  let lastPointer = "mouse";

  function tipOf(link) {
    return document.getElementById(link.getAttribute("aria-describedby"));
  }

  function place(link, tip) {
    const box = link.getBoundingClientRect();
    const page = document.documentElement.clientWidth;
    const width = Math.min(tip.offsetWidth, page - 16);
    const left = Math.max(8, Math.min(box.left, page - width - 8));
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
  }

  function show(link) {
    if (shown && shown !== link) hide();
    const tip = tipOf(link);
    if (!tip) return;
    tip.hidden = false;
    place(link, tip);
    shown = link;
  }

  function hide() {
    if (!shown) return;
    const tip = tipOf(shown);
    if (tip) tip.hidden = true;
    shown = null;
    armed = null;
  }

  // The tip sits at page coordinates; blocks above the term drawn while it
  // shows (render-when-idle.js, or the reader scrolling) move the term, so the
  // tip follows whenever the page's size changes.
  new ResizeObserver(() => {
    if (shown) place(shown, tipOf(shown));
  }).observe(document.body);

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  document.addEventListener("pointerdown", (event) => {
    lastPointer = event.pointerType || "mouse";
    if (shown && !event.target.closest("a.ll-term")) hide();
  }, true);

  document$.subscribe(({ body }) => {
    shown = null;
    armed = null;
    body.querySelectorAll("a.ll-term[data-summary]").forEach((link, i) => {
      const tip = document.createElement("span");
      tip.id = `ll-term-tip-${i}`;
      tip.className = "ll-term-tip";
      tip.setAttribute("role", "tooltip");
      tip.textContent = link.dataset.summary;
      tip.hidden = true;
      body.appendChild(tip);
      link.setAttribute("aria-describedby", tip.id);
      link.addEventListener("mouseenter", () => show(link));
      link.addEventListener("mouseleave", () => lastPointer === "mouse" && hide());
      link.addEventListener("focus", () => show(link));
      link.addEventListener("blur", () => lastPointer === "mouse" && hide());
      link.addEventListener("click", (event) => {
        if (lastPointer !== "touch" || armed === link) {
          return; // a mouse, the keyboard or a second tap: follow the link
        }
        event.preventDefault();
        event.stopPropagation(); // not to instant navigation either
        show(link);
        armed = link;
      });
    });
  });
})();
