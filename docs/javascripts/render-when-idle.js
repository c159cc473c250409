// Blocks far from the screen are skipped while a page loads (content-visibility
// in extra.css). Once the page is idle they are drawn, one block per idle
// period from the top, so the page ends up whole: its height and positions are
// real for the scroll bar, links into the page and tools that read the page's
// geometry (an accessibility checker's touch-target test read a skipped
// block's guessed height), while the load itself stays light. A reader who
// scrolls first gets the blocks near the screen drawn at once, as before.
// Runs after every instant navigation.

(() => {
  const whenIdle =
    window.requestIdleCallback || ((callback) => setTimeout(callback, 50));
  let generation = 0; // one per page: the drawing of a page left behind stops

  function drawNext(blocks, page) {
    if (page !== generation || !blocks.length) return;
    whenIdle(() => {
      if (page !== generation) return;
      blocks[0].style.contentVisibility = "visible";
      drawNext(blocks.slice(1), page);
    });
  }

  document$.subscribe(({ body }) => {
    generation += 1;
    const page = generation;
    const skippable = [...body.querySelectorAll(".md-content__inner > *")].filter(
      (block) => getComputedStyle(block).contentVisibility === "auto",
    );
    const start = () => drawNext(skippable, page);
    if (document.readyState === "complete") start();
    else window.addEventListener("load", start, { once: true });
  });
})();
