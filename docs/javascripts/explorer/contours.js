// The map's picture: a colour image of the loss grid and its contour lines
// (marching squares, Lorensen & Cline 1987, on a regular grid).

/** The values coloured: z itself, or log(1 + z - min z) on the log scale. */
export function shown(z, scale) {
  if (scale !== "log") return z;
  let min = Infinity;
  for (const v of z) if (v < min) min = v;
  return z.map((v) => Math.log1p(v - min));
}

/** [min, max] of the finite values. */
export function extent(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}

/** The colour of t in [0, 1] on `colormap` (a list of [r, g, b] stops). */
export function color(colormap, t) {
  const u = Math.min(Math.max(t, 0), 1) * (colormap.length - 1);
  const i = Math.min(Math.floor(u), colormap.length - 2), f = u - i;
  const a = colormap[i], b = colormap[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f));
}

/** An n x n canvas of the grid values (row 0 = the top of the map). */
export function image(values, n, colormap) {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = n;
  const context = canvas.getContext("2d");
  const pixels = context.createImageData(n, n);
  const [lo, hi] = extent(values);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const [r, g, b] = color(colormap, (values[j * n + i] - lo) / (hi - lo || 1));
      const p = 4 * ((n - 1 - j) * n + i);
      pixels.data.set([r, g, b, 255], p);
    }
  }
  context.putImageData(pixels, 0, 0);
  return canvas;
}

/**
 * Line segments of the level sets of `values` (n x n, values[j * n + i] at
 * column i, row j) at `count` evenly spaced levels, in grid units:
 * [[i0, j0, i1, j1], ...].
 */
export function isolines(values, n, count) {
  const [lo, hi] = extent(values);
  const segments = [];
  for (let k = 1; k <= count; k++) {
    const level = lo + ((hi - lo) * k) / (count + 1);
    for (let j = 0; j < n - 1; j++) {
      for (let i = 0; i < n - 1; i++) cell(values, n, i, j, level, segments);
    }
  }
  return segments;
}

// The crossings of one cell's edges by `level`, joined in pairs.
function cell(v, n, i, j, level, out) {
  const corners = [
    [i, j, v[j * n + i]],
    [i + 1, j, v[j * n + i + 1]],
    [i + 1, j + 1, v[(j + 1) * n + i + 1]],
    [i, j + 1, v[(j + 1) * n + i]],
  ];
  const points = [];
  for (let e = 0; e < 4; e++) {
    const [xa, ya, a] = corners[e], [xb, yb, b] = corners[(e + 1) % 4];
    if ((a < level) !== (b < level)) {
      const t = (level - a) / (b - a);
      points.push(xa + (xb - xa) * t, ya + (yb - ya) * t);
    }
  }
  if (points.length === 4) out.push(points);
  if (points.length === 8) out.push(points.slice(0, 4), points.slice(4));
}
