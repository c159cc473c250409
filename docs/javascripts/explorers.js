// Starts the explorers of the current page (CONTRIBUTING.md): each
// <figure class="ll-explorer" data-explorer="...json" data-module="...js">.
// The explorer's code and data load only on pages that have one, when it is
// about to scroll into view. Runs after every instant navigation (document$).

(() => {
  let live = []; // mounted explorers of the current page
  let cleanups = [];

  async function start(figure) {
    if (figure.dataset.started) return;
    figure.dataset.started = "true";
    try {
      const base = document.baseURI;
      const [module, response] = await Promise.all([
        import(new URL(figure.dataset.module, base).href),
        fetch(new URL(figure.dataset.explorer, base)),
      ]);
      if (!response.ok) throw new Error(`${response.status} for ${response.url}`);
      const data = await response.json();
      if (figure.isConnected) live.push(module.mount(figure, data));
    } catch (error) {
      console.error(`explorer ${figure.dataset.figure}: ${error.message}`);
    }
  }

  function teardown() {
    cleanups.forEach((cleanup) => cleanup());
    live.forEach((explorer) => explorer.destroy());
    live = [];
    cleanups = [];
  }

  function setup(body) {
    // Opened from disk (the offline edition), browsers refuse ES modules: the
    // static picture of each explorer stays.
    if (location.protocol === "file:") return;
    const figures = body.querySelectorAll("figure.ll-explorer[data-explorer]");
    if (figures.length === 0) return;
    const seen = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) {
            seen.unobserve(entry.target);
            start(entry.target);
          }
        }
      },
      { rootMargin: "400px 0px" },
    );
    figures.forEach((figure) => seen.observe(figure));
    cleanups.push(() => seen.disconnect());
  }

  document$.subscribe(({ body }) => {
    teardown();
    setup(body);
  });
})();
