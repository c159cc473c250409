// The one site script that draws every interactive figure.
//
// Contract (CONTRIBUTING.md): <figure class="ll-figure" data-json data-plotly
// data-webgl> holding an <img class="ll-figure__static"> and an empty
// <div class="ll-figure__plot">. The image stays for readers without JavaScript,
// for print and for screen readers; the plot is drawn over it when the figure
// scrolls into view. Runs after every instant navigation (Material's document$).

(() => {
  const MAX_LIVE_WEBGL = 6; // browsers allow only ~8-16 WebGL contexts per page
  const DRAWN = "ll-figure--drawn";
  // The toolbar keeps what a reader uses (zoom, pan, rotate, reset, save):
  // short enough for a phone, where it sits in a band above the plot (extra.css).
  const CONFIG = {
    responsive: true,
    displaylogo: false,
    typesetMath: false,
    modeBarButtonsToRemove: [
      "select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d",
      "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian",
      "hoverClosest3d", "resetCameraLastSave3d", "tableRotation",
    ],
  };
  // Camera distance at which a scene's box, with its tick labels and axis
  // titles, fits a square frame; a narrower frame moves the camera back.
  const SCENE_DISTANCE = 2.6;
  const MIN_BLANK_PX = 8; // a blank band below a map at least this tall is trimmed

  // plotly.js bundles by URL: a page loads only those its figures need (maps
  // the 2-D one, surfaces the 3-D one), once, when a figure is about to be seen.
  // Each bundle sets window.Plotly; loads run one after another so that each
  // figure keeps the instance of its own bundle.
  const bundles = new Map(); // absolute URL -> Promise of that bundle's Plotly
  let loading = Promise.resolve();
  let cleanups = []; // disconnects observers when the page goes away
  let figures = []; // the current page's interactive figures

  function loadScript(href) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = href;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${href}`));
      document.head.appendChild(script);
    });
  }

  function loadPlotly(url) {
    const href = new URL(url, document.baseURI).href;
    if (!bundles.has(href)) {
      const loaded = loading.then(() => loadScript(href)).then(() => window.Plotly);
      loading = loaded.catch(() => {});
      bundles.set(href, loaded);
      loaded.catch(() => bundles.delete(href)); // try again next time
    }
    return bundles.get(href);
  }

  // The figure's Plotly JSON as text. Opened from disk (the offline edition),
  // the browser forbids fetch(): figures/<id>.js hands over the same figure.
  async function figureJson(figure) {
    const url = new URL(figure.dataset.json, document.baseURI);
    if (url.protocol === "file:") {
      await loadScript(url.href.replace(/\.json$/, ".js"));
      const data = window.llFigureData?.[figure.dataset.figure];
      if (!data) throw new Error(`${url.href}: no figure data`);
      return JSON.stringify(data);
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${response.status} for ${response.url}`);
    return response.text();
  }

  // Colours of the current scheme, as rgb()/rgba() strings Plotly understands.
  function schemeColors() {
    const probe = document.createElement("span");
    probe.hidden = true;
    document.body.appendChild(probe);
    const resolve = (variable) => {
      probe.style.color = `var(${variable})`;
      return getComputedStyle(probe).color;
    };
    const colors = {
      text: resolve("--md-typeset-color"),
      muted: resolve("--md-default-fg-color--light"),
      grid: resolve("--md-default-fg-color--lightest"),
      line: resolve("--md-default-fg-color--lighter"),
      background: resolve("--md-default-bg-color"),
    };
    probe.remove();
    // WebGL ignores alpha in the 3-D walls: give them an opaque tint.
    colors.wall = mix(colors.background, colors.text, 0.06);
    return colors;
  }

  // Opaque rgb() a fraction t of the way from colour a to colour b.
  function mix(a, b, t) {
    const [ra, ga, ba] = a.match(/[\d.]+/g).map(Number);
    const [rb, gb, bb, alpha = 1] = b.match(/[\d.]+/g).map(Number);
    const w = t * alpha;
    const channel = (x, y) => Math.round(x + (y - x) * w);
    return `rgb(${channel(ra, rb)}, ${channel(ga, gb)}, ${channel(ba, bb)})`;
  }

  // Layout keys of every subplot: those in the layout and those traces point at.
  function subplots(layout, data) {
    const keys = new Set(Object.keys(layout));
    for (const trace of data) {
      if (trace.scene || /3d|surface|mesh|cone|streamtube|volume/.test(trace.type)) {
        keys.add(trace.scene || "scene");
      } else {
        keys.add((trace.xaxis || "x").replace(/^x/, "xaxis"));
        keys.add((trace.yaxis || "y").replace(/^y/, "yaxis"));
      }
    }
    return [...keys];
  }

  // A relayout update that paints the figure in the page's colours.
  function themeUpdate(layout, data, colors) {
    const axis = { gridcolor: colors.grid, linecolor: colors.line, zerolinecolor: colors.line };
    const update = {
      "font.color": colors.text,
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      "modebar.bgcolor": "rgba(0,0,0,0)",
      "modebar.color": colors.muted,
      "modebar.activecolor": colors.text,
    };
    const set = (prefix, values) => {
      for (const [key, value] of Object.entries(values)) update[`${prefix}.${key}`] = value;
    };
    for (const key of subplots(layout, data)) {
      if (/^[xy]axis\d*$/.test(key)) set(key, axis);
      if (/^scene\d*$/.test(key)) {
        const wall = { ...axis, backgroundcolor: colors.wall }; // 3-D box walls
        for (const name of ["xaxis", "yaxis", "zaxis"]) set(`${key}.${name}`, wall);
      }
    }
    for (const kind of ["updatemenus", "sliders"]) {
      (layout[kind] || []).forEach((_, i) => {
        set(`${kind}[${i}]`, { bgcolor: colors.background, bordercolor: colors.line });
      });
    }
    return update;
  }

  function distanceFromViewport(state) {
    const rect = state.figure.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) return Infinity; // hidden (tab, details)
    return Math.max(0, rect.top - window.innerHeight, -rect.bottom);
  }

  function undraw(state) {
    if (state.drawn) state.Plotly.purge(state.plot);
    state.drawn = false;
    state.figure.classList.remove(DRAWN);
  }

  // Keep at most MAX_LIVE_WEBGL - 1 others alive before drawing a WebGL figure.
  function makeRoomFor(state) {
    const live = figures.filter((s) => s !== state && s.drawn && s.webgl);
    live
      .map((s) => [distanceFromViewport(s), s])
      .sort((a, b) => b[0] - a[0])
      .slice(0, Math.max(0, live.length - (MAX_LIVE_WEBGL - 1)))
      .forEach(([, s]) => undraw(s));
  }

  async function draw(state) {
    if (state.drawn || state.drawing) return;
    state.drawing = true;
    try {
      const Plotly = await loadPlotly(state.figure.dataset.plotly);
      state.Plotly = Plotly;
      state.json ??= await figureJson(state.figure);
      if (!state.visible || !state.figure.isConnected) return;
      if (state.webgl) makeRoomFor(state);
      const { data, layout = {}, frames } = JSON.parse(state.json);
      delete layout.width; // follow the column width
      layout.autosize = true;
      applyUpdate(layout, themeUpdate(layout, data, schemeColors()));
      state.figure.classList.add(DRAWN);
      fitScenes(layout, state.plot.clientWidth);
      await Plotly.newPlot(state.plot, { data, layout, frames, config: CONFIG });
      await trimBlank(state);
      state.drawn = true;
      state.width = state.plot.clientWidth;
    } catch (error) {
      state.figure.classList.remove(DRAWN);
      console.error(`figure ${state.figure.dataset.figure}: ${error.message}`);
    } finally {
      state.drawing = false;
    }
  }

  const span = (range) => (range ? range[1] - range[0] : 1);

  // Each 3-D scene's camera as close as its frame allows, so that the surface
  // fills it at any width: Plotly's view angle is fixed vertically, so a frame
  // narrower than tall needs the camera further back.
  function fitScenes(layout, width) {
    const { l = 80, r = 80, t = 100, b = 80 } = layout.margin || {};
    const plotWidth = width - l - r;
    const plotHeight = (layout.height || 450) - t - b;
    for (const key of Object.keys(layout).filter((k) => /^scene\d*$/.test(k))) {
      const scene = layout[key];
      const eye = scene.camera?.eye;
      if (!eye || plotWidth <= 0 || plotHeight <= 0) continue;
      const aspect =
        (plotWidth * span(scene.domain?.x)) / (plotHeight * span(scene.domain?.y));
      const scale = (SCENE_DISTANCE * Math.max(1, 1 / aspect)) / Math.hypot(eye.x, eye.y, eye.z);
      scene.camera.eye = { x: eye.x * scale, y: eye.y * scale, z: eye.z * scale };
    }
  }

  // Maps drawn to scale leave a blank band below them when the column is
  // narrow (a pair side by side on a phone): shrink the figure to fit them.
  async function trimBlank(state) {
    const full = state.plot._fullLayout;
    const yaxes = Object.keys(full || {}).filter((k) => /^yaxis\d*$/.test(k));
    if (yaxes.length === 0) return;
    const blank = Math.min(
      ...yaxes.map((key) => {
        const axis = full[key];
        return full._size.h * span(axis._inputDomain || axis.domain) - axis._length;
      }),
    );
    if (blank >= MIN_BLANK_PX) {
      await state.Plotly.relayout(state.plot, { height: Math.round(full.height - blank) });
    }
  }

  // Sets {"a.b[0].c": v} paths inside layout, keeping everything else there.
  function applyUpdate(layout, update) {
    for (const [path, value] of Object.entries(update)) {
      const keys = path.replace(/\[(\d+)\]/g, ".$1").split(".");
      let node = layout;
      keys.slice(0, -1).forEach((key, i) => {
        node[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
        node = node[key];
      });
      node[keys.at(-1)] = value;
    }
    return layout;
  }

  function recolor() {
    const colors = schemeColors();
    for (const state of figures.filter((s) => s.drawn)) {
      const { layout, data } = state.plot;
      state.Plotly.relayout(state.plot, themeUpdate(layout, data, colors));
    }
  }

  function teardown() {
    cleanups.forEach((cleanup) => cleanup());
    figures.filter((s) => s.drawn).forEach(undraw);
    figures = [];
    cleanups = [];
  }

  function setup(body) {
    figures = [...body.querySelectorAll("figure.ll-figure[data-json]")].flatMap((figure) => {
      const plot = figure.querySelector(".ll-figure__plot");
      if (!plot) return [];
      plot.setAttribute("aria-hidden", "true"); // the image's alt describes it
      const webgl = figure.dataset.webgl === "true";
      return [{ figure, plot, webgl, visible: false, drawn: false, drawing: false }];
    });
    if (figures.length === 0) return;
    const byFigure = new Map(figures.map((s) => [s.figure, s]));

    const seen = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const state = byFigure.get(entry.target);
          state.visible = entry.isIntersecting;
          if (state.visible) draw(state);
        }
      },
      { rootMargin: "200px 0px" },
    );
    // A figure in a tab or <details> that opens changes width: redraw to fit.
    const resized = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const state = byFigure.get(entry.target.closest("figure"));
        const width = entry.contentRect.width;
        if (state.drawn && width > 0 && width !== state.width) {
          state.width = width;
          state.Plotly.Plots.resize(state.plot);
        }
      }
    });
    const scheme = new MutationObserver(recolor);
    for (const state of figures) {
      seen.observe(state.figure);
      resized.observe(state.plot);
    }
    scheme.observe(body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    cleanups.push(
      () => seen.disconnect(),
      () => resized.disconnect(),
      () => scheme.disconnect(),
    );
  }

  document$.subscribe(({ body }) => {
    teardown();
    setup(body);
  });
})();
