// An explorer: the reader drives optimizers on a loss surface. Everything is
// computed here, with the ports of the core in this folder (proven equal to
// it by tests/e2e/test_explorer_parity.py); what the build knows about the
// surface (parameters, stops, minima, grid, colours) comes in `data`.
//
// mount(figure, data) builds the controls inside figure's .ll-explorer__app and
// returns { destroy, state, render }. The state lives in the page's URL
// (?<figure id>=...), so a link reproduces what the reader saw.

import * as surfaces from "./surfaces.js";
import * as optim from "./optim.js";
import * as schedules from "./schedules.js";
import { run } from "./run.js";
import { extent, image, isolines, shown } from "./contours.js";
import * as url from "./state.js";

const LEVELS = 14; // contour lines on the map
const ANNOUNCE_MS = 600; // quiet time before the live region speaks
const URL_MS = 300; // quiet time before the URL is rewritten (browsers throttle it)
const MARGIN = { left: 44, right: 10, top: 10, bottom: 34 }; // map, CSS px

// The sliders each rule offers, and how they move: "log" sliders step in equal
// ratios; "tail" ones in equal ratios of 1 - value (beta2 = 0.9, 0.99, 0.999).
const TUNABLE = {
  sgd: ["lr", "momentum"],
  rmsprop: ["lr", "momentum"],
  adam: ["lr", "beta1", "beta2"],
  adagrad: ["lr"],
};
const SLIDERS = {
  lr: { control: "lr", text: "learning rate", scale: "log" },
  momentum: { control: "momentum", text: "momentum", scale: "linear" },
  beta1: { control: "betas", text: "β₁", scale: "linear" },
  beta2: { control: "betas", text: "β₂", scale: "tail" },
};
const TICKS = 1000; // positions of a continuous slider

export function mount(figure, data) {
  const app = figure.querySelector(".ll-explorer__app");
  const id = data.id;
  const defaults = defaultState(data);
  const state = url.read(id, defaults, data) ?? structuredClone(defaults);
  const ui = build(app, data, id);
  let surface, grid, background, results = [];
  let announceTimer = null, urlTimer = null, palette = null, mapWidth = 0, chartWidth = 0;

  function hyper(k) {
    const o = data.optimizers[k], s = state.optimizers[k];
    const h = { ...o.hyper, lr: s.lr };
    if ("momentum" in s) h.momentum = s.momentum;
    if ("beta1" in s) h.betas = [s.beta1, s.beta2];
    return h;
  }

  function surfaceParams() {
    const out = {};
    data.surface.parameters.forEach((p, i) => (out[p.name] = p.stops[state.params[i]]));
    return out;
  }

  function minima() {
    return data.minima[state.params.join(",")] ?? [];
  }

  function computeSurface() {
    surface = surfaces.get(data.surface.name, surfaceParams());
    const n = data.grid.n;
    const isDefault = state.params.every((s, i) => s === defaults.params[i]);
    let z = data.grid.z; // the core's grid for the starting parameters
    if (!isDefault) {
      z = new Array(n * n);
      const [x0, x1] = data.window.x, [y0, y1] = data.window.y;
      for (let j = 0; j < n; j++) {
        const y = y0 + ((y1 - y0) * j) / (n - 1);
        for (let i = 0; i < n; i++) z[j * n + i] = surface.f(x0 + ((x1 - x0) * i) / (n - 1), y);
      }
    }
    const values = shown(z, data.grid.scale);
    grid = { n, z, values, picture: image(values, n, data.colormap), lines: isolines(values, n, LEVELS) };
    background = null;
  }

  function computePaths() {
    const f = ([x, y]) => surface.f(x, y), g = ([x, y]) => surface.grad(x, y);
    results = data.optimizers.map((o, k) => {
      if (!state.optimizers[k].visible) return null;
      const s = o.schedule ? schedule(o.schedule) : null;
      return run(optim.get(o.name, hyper(k)), g, state.start, state.steps, s, { lossFn: f });
    });
  }

  function render() {
    computePaths();
    drawMap();
    drawLosses();
    showResults();
    clearTimeout(urlTimer);
    figure.dataset.urlPending = "true"; // tests wait for the URL to catch up
    urlTimer = setTimeout(() => {
      url.write(id, state, defaults);
      delete figure.dataset.urlPending;
    }, URL_MS);
  }

  // --- drawing -------------------------------------------------------------

  // The page's colours, read once per colour scheme (reading styles is slow).
  function colors() {
    if (palette) return palette;
    const style = getComputedStyle(figure);
    return (palette = {
      text: style.getPropertyValue("--md-typeset-color").trim() || "#222",
      muted: style.getPropertyValue("--md-default-fg-color--light").trim() || "#666",
      grid: style.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd",
    });
  }

  // The canvas sized to width x height CSS pixels, cleared; resized only when
  // the size changes (a new backing store is slow to allocate).
  function fit(canvas, width, height) {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.round(width * ratio), h = Math.round(height * ratio);
    const context = canvas.getContext("2d");
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    return context;
  }

  // Map geometry in CSS pixels: plot area and data <-> pixel conversions.
  function geometry() {
    const width = mapWidth || (mapWidth = ui.map.clientWidth) || 320;
    const [x0, x1] = data.window.x, [y0, y1] = data.window.y;
    const plotW = width - MARGIN.left - MARGIN.right;
    const plotH = Math.min(plotW * ((y1 - y0) / (x1 - x0)), 1.1 * plotW);
    return {
      width,
      height: plotH + MARGIN.top + MARGIN.bottom,
      px: (x) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW,
      py: (y) => MARGIN.top + ((y1 - y) / (y1 - y0)) * plotH,
      toData: (px, py) => [
        x0 + ((px - MARGIN.left) / plotW) * (x1 - x0),
        y1 - ((py - MARGIN.top) / plotH) * (y1 - y0),
      ],
      plotW,
      plotH,
    };
  }

  function drawBackground(geo) {
    const canvas = document.createElement("canvas");
    const context = fit(canvas, geo.width, geo.height);
    const c = colors();
    context.imageSmoothingEnabled = true;
    context.drawImage(grid.picture, MARGIN.left, MARGIN.top, geo.plotW, geo.plotH);
    const n = grid.n, sx = geo.plotW / (n - 1), sy = geo.plotH / (n - 1);
    context.beginPath();
    for (const [i0, j0, i1, j1] of grid.lines) {
      context.moveTo(MARGIN.left + i0 * sx, MARGIN.top + geo.plotH - j0 * sy);
      context.lineTo(MARGIN.left + i1 * sx, MARGIN.top + geo.plotH - j1 * sy);
    }
    context.strokeStyle = "rgba(0,0,0,0.3)";
    context.lineWidth = 0.7;
    context.stroke();
    // Axes: ticks and labels in the page's text colour.
    context.fillStyle = c.text;
    context.font = "12px var(--md-text-font-family, sans-serif)";
    context.textAlign = "center";
    context.textBaseline = "top";
    for (const x of ticks(data.window.x)) context.fillText(fmt(x), geo.px(x), MARGIN.top + geo.plotH + 4);
    context.fillText(data.labels[0], MARGIN.left + geo.plotW / 2, MARGIN.top + geo.plotH + 18);
    context.textAlign = "right";
    context.textBaseline = "middle";
    for (const y of ticks(data.window.y)) context.fillText(fmt(y), MARGIN.left - 5, geo.py(y));
    context.save();
    context.translate(10, MARGIN.top + geo.plotH / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = "center";
    context.fillText(data.labels[1], 0, 0);
    context.restore();
    return canvas;
  }

  function drawMap() {
    const geo = geometry();
    if (!background || background.width !== Math.round(geo.width * (window.devicePixelRatio || 1))) {
      background = drawBackground(geo);
    }
    const context = fit(ui.canvas, geo.width, geo.height);
    context.drawImage(background, 0, 0, geo.width, geo.height);
    context.save();
    context.beginPath();
    context.rect(MARGIN.left, MARGIN.top, geo.plotW, geo.plotH);
    context.clip();
    results.forEach((r, k) => {
      if (!r) return;
      const points = r.path.map(([x, y]) => [geo.px(x), geo.py(y)]);
      line(context, points, "rgba(0,0,0,0.6)", 4);
      line(context, points, data.optimizers[k].color, 2);
      const [ex, ey] = points.at(-1);
      cross(context, ex, ey, data.optimizers[k].color);
    });
    for (const [x, y, , kind] of minima()) marker(context, geo.px(x), geo.py(y), kind);
    context.restore();
    // The start: a ring the reader moves.
    const [sx, sy] = [geo.px(state.start[0]), geo.py(state.start[1])];
    context.beginPath();
    context.arc(sx, sy, 7, 0, 2 * Math.PI);
    context.lineWidth = 3;
    context.strokeStyle = "#000";
    context.stroke();
    context.lineWidth = 1.5;
    context.strokeStyle = "#fff";
    context.stroke();
  }

  function drawLosses() {
    const width = (chartWidth ||= ui.losses.clientWidth) || 320, height = 150;
    const context = fit(ui.chart, width, height);
    const c = colors();
    const m = { left: 44, right: 10, top: 8, bottom: 30 };
    const floor = Math.min(...minima().map((p) => p[2]), extent(grid.z)[0]);
    const lifted = results.map((r) => r && r.losses.map((v) => Math.log10(Math.max(v - floor, 1e-12))));
    const all = lifted.flat().filter((v) => v !== null && Number.isFinite(v));
    if (!all.length) return;
    let [lo, hi] = extent(all);
    lo = Math.floor(lo);
    hi = Math.max(Math.ceil(hi), lo + 1);
    const w = width - m.left - m.right, h = height - m.top - m.bottom;
    const px = (t) => m.left + (t / Math.max(state.steps, 1)) * w;
    const py = (v) => m.top + ((hi - v) / (hi - lo)) * h;
    context.strokeStyle = c.grid;
    context.fillStyle = c.text;
    context.font = "11px var(--md-text-font-family, sans-serif)";
    context.textAlign = "right";
    context.textBaseline = "middle";
    const every = Math.ceil((hi - lo) / 4);
    for (let e = lo; e <= hi; e += every) {
      context.beginPath();
      context.moveTo(m.left, py(e));
      context.lineTo(m.left + w, py(e));
      context.stroke();
      context.fillText(`1e${e}`, m.left - 4, py(e));
    }
    context.textAlign = "center";
    context.textBaseline = "top";
    context.fillText("0", px(0), m.top + h + 3);
    context.fillText(String(state.steps), px(state.steps), m.top + h + 3);
    context.fillText("step", m.left + w / 2, m.top + h + 15);
    lifted.forEach((values, k) => {
      if (!values) return;
      const points = values.map((v, t) => [px(t), py(v)]);
      line(context, points, data.optimizers[k].color, 2, true);
    });
  }

  // --- reporting -------------------------------------------------------------

  function summary(k) {
    const r = results[k];
    if (!r) return "hidden";
    if (r.diverged) return `diverged at step ${r.stoppedAt}`;
    const [x, y] = r.path.at(-1);
    return `after ${r.path.length - 1} steps at (${fmt(x)}, ${fmt(y)}), loss ${fmt(r.losses.at(-1))}`;
  }

  function showResults() {
    data.optimizers.forEach((o, k) => {
      ui.rows[k].status.textContent = summary(k);
      ui.rows[k].status.classList.toggle("ll-explorer__status--diverged", Boolean(results[k]?.diverged));
    });
    ui.start.textContent = `Start (${fmt(state.start[0])}, ${fmt(state.start[1])})`;
    ui.mapBox.setAttribute(
      "aria-label",
      `Loss map. The start is at (${fmt(state.start[0])}, ${fmt(state.start[1])}); ` +
        "click the map or use the arrow keys to move it.",
    );
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      ui.live.textContent = data.optimizers
        .map((o, k) => (results[k] ? `${label(o)}: ${summary(k)}.` : ""))
        .filter(Boolean)
        .join(" ");
    }, ANNOUNCE_MS);
  }

  // --- the reader's input ----------------------------------------------------

  function setStart(x, y) {
    const [x0, x1] = data.window.x, [y0, y1] = data.window.y;
    state.start = [clamp(round(x), x0, x1), clamp(round(y), y0, y1)];
    render();
  }

  function onPointer(event) {
    if (event.type === "pointerdown") ui.mapBox.setPointerCapture?.(event.pointerId);
    else if (!(event.buttons & 1)) return;
    const rect = ui.canvas.getBoundingClientRect();
    const [x, y] = geometry().toData(event.clientX - rect.left, event.clientY - rect.top);
    setStart(x, y);
    event.preventDefault();
  }

  function onKey(event) {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[event.key];
    if (!move) return;
    const fraction = event.shiftKey ? 0.1 : 0.02;
    const dx = (data.window.x[1] - data.window.x[0]) * fraction;
    const dy = (data.window.y[1] - data.window.y[0]) * fraction;
    setStart(state.start[0] + move[0] * dx, state.start[1] + move[1] * dy);
    event.preventDefault();
  }

  function wire() {
    ui.mapBox.addEventListener("pointerdown", onPointer);
    ui.mapBox.addEventListener("pointermove", onPointer);
    ui.mapBox.addEventListener("keydown", onKey);
    ui.reset.addEventListener("click", () => {
      Object.assign(state, structuredClone(defaults));
      syncControls();
      computeSurface();
      render();
    });
    ui.inputs.forEach(({ input, get, set, surfaceParam }) => {
      input.addEventListener("input", () => {
        set(input);
        if (surfaceParam) computeSurface();
        render();
        syncOutputs();
      });
    });
  }

  function syncControls() {
    ui.inputs.forEach(({ input, load }) => load(input));
    syncOutputs();
  }

  function syncOutputs() {
    ui.inputs.forEach(({ input, output, text }) => output && (output.textContent = text(input)));
  }

  // --- controls --------------------------------------------------------------

  function build(root, data, id) {
    root.replaceChildren();
    const ui = { inputs: [], rows: [] };
    const el = (tag, props = {}, ...children) => {
      const node = Object.assign(document.createElement(tag), props);
      node.append(...children);
      return node;
    };
    const has = (control) => data.controls.includes(control);

    ui.canvas = el("canvas", { className: "ll-explorer__canvas" });
    ui.canvas.setAttribute("aria-hidden", "true");
    ui.mapBox = el("div", { className: "ll-explorer__map", tabIndex: has("start") ? 0 : -1 }, ui.canvas);
    ui.mapBox.setAttribute("role", "application");
    ui.map = ui.mapBox;
    ui.chart = el("canvas", { className: "ll-explorer__chart" });
    ui.chart.setAttribute("role", "img");
    ui.chart.setAttribute("aria-label", "Loss at every step of each optimizer, on a log scale.");
    ui.losses = el("div", { className: "ll-explorer__losses" },
      el("p", { className: "ll-explorer__axis", textContent: "loss above the lowest point, per step (log scale)" }),
      ui.chart);
    ui.start = el("span", { className: "ll-explorer__start" });
    ui.reset = el("button", { type: "button", className: "ll-explorer__reset", textContent: "Reset" });
    ui.live = el("p", { className: "ll-explorer__live" });
    ui.live.setAttribute("aria-live", "polite");
    ui.live.setAttribute("role", "status");

    const panel = el("div", { className: "ll-explorer__controls" });
    let uid = 0;
    const slider = (text, { min, max, step }, load, set, show, extra = {}) => {
      const inputId = `${id}-control-${uid++}`;
      const input = el("input", { type: "range", id: inputId, min, max, step });
      const output = el("output", { htmlFor: inputId });
      const row = el("div", { className: "ll-explorer__slider" },
        el("label", { htmlFor: inputId, textContent: text }), input, output);
      ui.inputs.push({ input, output, load, set, text: show, ...extra });
      return row;
    };

    data.optimizers.forEach((o, k) => {
      const rule = el("fieldset", { className: "ll-explorer__optimizer" });
      rule.style.setProperty("--ll-path", o.color);
      const legend = el("legend");
      if (has("optimizers")) {
        const boxId = `${id}-show-${k}`;
        const box = el("input", { type: "checkbox", id: boxId });
        ui.inputs.push({
          input: box,
          load: (i) => (i.checked = state.optimizers[k].visible),
          set: (i) => (state.optimizers[k].visible = i.checked),
          text: () => "",
        });
        legend.append(box, el("label", { htmlFor: boxId, textContent: label(o) }));
      } else {
        legend.append(label(o));
      }
      rule.append(legend);
      for (const key of TUNABLE[o.name]) {
        const spec = SLIDERS[key];
        if (!has(spec.control) || !(key in state.optimizers[k])) continue;
        const [lo, hi] = data.ranges[key];
        const pos = position(spec.scale, lo, hi);
        rule.append(slider(spec.text, { min: 0, max: TICKS, step: 1 },
          (i) => (i.value = pos.to(state.optimizers[k][key])),
          (i) => (state.optimizers[k][key] = round(pos.from(Number(i.value)))),
          () => fmt(state.optimizers[k][key])));
      }
      const status = el("p", { className: "ll-explorer__status" });
      rule.append(status);
      ui.rows.push({ status });
      panel.append(rule);
    });

    const common = el("div", { className: "ll-explorer__common" });
    if (has("steps")) {
      const [lo, hi] = data.ranges.steps;
      common.append(slider("steps", { min: lo, max: hi, step: 1 },
        (i) => (i.value = state.steps),
        (i) => (state.steps = Number(i.value)),
        () => String(state.steps)));
    }
    if (has("surface")) {
      data.surface.parameters.forEach((p, n) => {
        if (p.stops.length < 2) return;
        common.append(slider(p.name === "condition" ? "condition number" : p.name,
          { min: 0, max: p.stops.length - 1, step: 1 },
          (i) => (i.value = state.params[n]),
          (i) => (state.params[n] = Number(i.value)),
          () => fmt(p.stops[state.params[n]]),
          { surfaceParam: true }));
      });
    }
    common.append(el("div", { className: "ll-explorer__buttons" }, ui.start, ui.reset));

    root.append(
      el("div", { className: "ll-explorer__views" }, ui.mapBox, ui.losses),
      el("div", { className: "ll-explorer__panel" }, common, panel),
      ui.live,
    );
    return ui;
  }

  // --- life cycle ------------------------------------------------------------

  syncControls();
  wire();
  computeSurface();
  render();
  figure.classList.add("ll-explorer--live");

  const resized = new ResizeObserver(() => {
    mapWidth = chartWidth = 0;
    background = null;
    drawMap();
    drawLosses();
  });
  resized.observe(ui.mapBox);
  const scheme = new MutationObserver(() => {
    palette = null;
    background = null;
    drawMap();
    drawLosses();
  });
  scheme.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  return {
    state,
    render,
    destroy() {
      resized.disconnect();
      scheme.disconnect();
      clearTimeout(announceTimer);
      clearTimeout(urlTimer);
    },
  };
}

// --- helpers -----------------------------------------------------------------

export function defaultState(data) {
  return {
    start: data.start.slice(),
    steps: data.steps,
    params: data.surface.parameters.map((p) => p.stops.indexOf(p.value)),
    optimizers: data.optimizers.map((o) => {
      const h = { ...optim.DEFAULTS[o.name], ...o.hyper };
      const s = { visible: o.visible, lr: h.lr };
      if (TUNABLE[o.name].includes("momentum")) s.momentum = h.momentum;
      if (o.name === "adam") [s.beta1, s.beta2] = h.betas;
      return s;
    }),
  };
}

function schedule({ name, ...params }) {
  return schedules.get(name, params);
}

function label(o) {
  return o.label;
}

// Slider position <-> value for the three scales.
function position(scale, lo, hi) {
  if (scale === "log") {
    const a = Math.log(lo), b = Math.log(hi);
    return { to: (v) => Math.round(((Math.log(v) - a) / (b - a)) * TICKS), from: (p) => Math.exp(a + ((b - a) * p) / TICKS) };
  }
  if (scale === "tail") {
    const a = Math.log(1 - lo), b = Math.log(1 - hi);
    return { to: (v) => Math.round(((Math.log(1 - v) - a) / (b - a)) * TICKS), from: (p) => 1 - Math.exp(a + ((b - a) * p) / TICKS) };
  }
  return { to: (v) => Math.round(((v - lo) / (hi - lo)) * TICKS), from: (p) => lo + ((hi - lo) * p) / TICKS };
}

/** Three significant digits, as a number (what the URL and sliders keep). */
export function round(v) {
  return Number(v.toPrecision(3));
}

function clamp(v, lo, hi) {
  return Math.min(Math.max(v, lo), hi);
}

function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replaceAll("-", "−");
  return String(Number(v.toPrecision(3))).replaceAll("-", "−");
}

function ticks([lo, hi]) {
  const span = hi - lo, raw = span / 5;
  const step = [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((s) => s >= raw);
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Number(t.toPrecision(6)));
  return out;
}

function line(context, points, stroke, width, plain = false) {
  if (points.length < 2) return;
  context.beginPath();
  context.moveTo(...points[0]);
  for (const p of points.slice(1)) context.lineTo(...p);
  context.lineJoin = "round";
  context.strokeStyle = stroke;
  context.lineWidth = width;
  context.stroke();
  if (!plain) {
    context.beginPath();
    context.arc(...points[0], 3, 0, 2 * Math.PI);
    context.fillStyle = stroke;
    context.fill();
  }
}

function cross(context, x, y, stroke) {
  context.beginPath();
  for (const [dx, dy] of [[-5, -5], [5, -5]]) {
    context.moveTo(x + dx, y + dy);
    context.lineTo(x - dx, y - dy);
  }
  context.lineWidth = 4;
  context.strokeStyle = "#000";
  context.stroke();
  context.lineWidth = 2;
  context.strokeStyle = stroke;
  context.stroke();
}

function marker(context, x, y, kind) {
  context.beginPath();
  if (kind === "global") {
    for (let i = 0; i < 10; i++) {
      const r = i % 2 ? 4 : 9, a = -Math.PI / 2 + (i * Math.PI) / 5;
      context.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
    }
    context.closePath();
    context.fillStyle = "#d62728";
  } else {
    context.arc(x, y, 5, 0, 2 * Math.PI);
    context.fillStyle = "#ffffff";
  }
  context.fill();
  context.lineWidth = 1.2;
  context.strokeStyle = "#000";
  context.stroke();
}
