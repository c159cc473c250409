// An explorer's state in the page's URL, one query parameter per explorer:
// ?<figure id>=s_<x>_<y>~n_<steps>~p_<stop>_<stop>~o<k>_<on>_<lr>_<...>
// Only what differs from the starting state is written; a link reproduces
// exactly what the reader saw. Values are checked on the way in: a mangled
// link falls back to the defaults, it never breaks the page.

const KEYS = ["lr", "momentum", "beta1", "beta2"];

/** The state stored in the URL for explorer `id`, or null. */
export function read(id, defaults, data) {
  const text = new URLSearchParams(location.search).get(id);
  if (!text) return null;
  const state = structuredClone(defaults);
  const finite = (values) => values.map(Number).every(Number.isFinite);
  for (const part of text.split("~")) {
    const [key, ...values] = part.split("_");
    if (!finite(values)) continue;
    const numbers = values.map(Number);
    if (key === "s" && numbers.length === 2) {
      const inside = numbers.every((v, i) => {
        const [lo, hi] = i ? data.window.y : data.window.x;
        return lo <= v && v <= hi;
      });
      if (inside) state.start = numbers;
    } else if (key === "n" && numbers.length === 1) {
      const [lo, hi] = data.ranges.steps;
      if (Number.isInteger(numbers[0]) && lo <= numbers[0] && numbers[0] <= hi) state.steps = numbers[0];
    } else if (key === "p" && numbers.length === state.params.length) {
      const ok = numbers.every((v, i) => Number.isInteger(v) && v >= 0 && v < data.surface.parameters[i].stops.length);
      if (ok) state.params = numbers;
    } else if (/^o\d+$/.test(key)) {
      const o = state.optimizers[Number(key.slice(1))];
      if (!o) continue;
      const [visible, ...rest] = numbers;
      o.visible = visible === 1;
      KEYS.filter((k) => k in o).forEach((k, i) => {
        const [lo, hi] = data.ranges[k];
        if (i < rest.length && lo <= rest[i] && rest[i] <= hi) o[k] = rest[i];
      });
    }
  }
  return state;
}

/** Writes `state` into the URL (replacing the entry: no history spam). */
export function write(id, state, defaults) {
  const parts = [];
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(state.start, defaults.start)) parts.push(["s", ...state.start]);
  if (state.steps !== defaults.steps) parts.push(["n", state.steps]);
  if (!same(state.params, defaults.params)) parts.push(["p", ...state.params]);
  state.optimizers.forEach((o, k) => {
    if (!same(o, defaults.optimizers[k])) {
      parts.push([`o${k}`, o.visible ? 1 : 0, ...KEYS.filter((key) => key in o).map((key) => o[key])]);
    }
  });
  const params = new URLSearchParams(location.search);
  if (parts.length) params.set(id, parts.map((p) => p.join("_")).join("~"));
  else params.delete(id);
  const query = params.toString();
  const next = location.pathname + (query ? `?${query}` : "") + location.hash;
  if (next !== location.pathname + location.search + location.hash) {
    history.replaceState(history.state, "", next);
  }
}
