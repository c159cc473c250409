// Starts the explorers of the current page (CONTRIBUTING.md): each
// <figure class="ll-explorer" data-explorer="...json" data-module="...js">.
// The explorer's code and data load only on pages that have one, when it is
// about to scroll into view. Runs after every instant navigation (document$).

(() => {
  let live = []; // mounted explorers of the current page
  let cleanups = [];

  // Opened from disk (the offline edition), browsers refuse ES modules and
  // fetch(): the offline build bundles the module into one classic script
  // (explorer.classic.js, which sets window.llExplorer) and hands each data
  // file over as figures/<id>.js (hooks/offline.py); both load by <script>.
  function script(url) {
    return new Promise((resolve, reject) => {
      const tag = Object.assign(document.createElement("script"), { src: url.href });
      tag.onload = resolve;
      tag.onerror = () => reject(new Error(`could not load ${url.href}`));
      document.head.append(tag);
    });
  }

  async function fromDisk(moduleUrl, dataUrl, id) {
    const classic = new URL(moduleUrl.href.replace(/\.js$/, ".classic.js"));
    if (!window.llExplorer) await script(classic);
    await script(new URL(dataUrl.href.replace(/\.json$/, ".js")));
    const data = window.llFigureData?.[id];
    if (!data) throw new Error(`${dataUrl.href}: no explorer data`);
    return [window.llExplorer, data];
  }

  async function fromServer(moduleUrl, dataUrl) {
    const [module, response] = await Promise.all([import(moduleUrl.href), fetch(dataUrl)]);
    if (!response.ok) throw new Error(`${response.status} for ${response.url}`);
    return [module, await response.json()];
  }

  async function start(figure) {
    if (figure.dataset.started) return;
    figure.dataset.started = "true";
    try {
      const moduleUrl = new URL(figure.dataset.module, document.baseURI);
      const dataUrl = new URL(figure.dataset.explorer, document.baseURI);
      const [module, data] = await (location.protocol === "file:"
        ? fromDisk(moduleUrl, dataUrl, figure.dataset.figure)
        : fromServer(moduleUrl, dataUrl));
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
