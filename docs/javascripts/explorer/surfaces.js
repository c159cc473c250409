// The core's two-weight surfaces (losslandscape.surfaces), value and gradient,
// for the browser. Same names, parameters and defaults; the operations follow
// the core's order so that the numbers agree to rounding
// (tests/e2e/test_explorer_parity.py). The surfaces' metadata (parameter
// ranges, domain, minima) is not repeated here: the build writes it from the core.

const TAU = 2 * Math.PI;

// Each factory takes the surface's parameters (defaults as in the core) and
// returns { f(x, y), grad(x, y) -> [gx, gy] }.
const FACTORIES = {
  // Surjanovic & Bingham (2013), Virtual Library of Simulation Experiments.
  rosenbrock({ a = 1.0, b = 100.0 } = {}) {
    return {
      f: (x, y) => (a - x) ** 2 + b * (y - x ** 2) ** 2,
      grad: (x, y) => [-2 * (a - x) - 4 * b * x * (y - x ** 2), 2 * b * (y - x ** 2)],
    };
  },

  beale() {
    const C = [1.5, 2.25, 2.625];
    const terms = (x, y) => {
      const t = [], dx = [], dy = [];
      for (let i = 0; i < 3; i++) {
        const k = i + 1;
        t.push(C[i] - x + x * y ** k);
        dx.push(y ** k - 1);
        dy.push(k * x * y ** (k - 1));
      }
      return [t, dx, dy];
    };
    return {
      f(x, y) {
        const [t] = terms(x, y);
        return t[0] ** 2 + t[1] ** 2 + t[2] ** 2;
      },
      grad(x, y) {
        const [t, dx, dy] = terms(x, y);
        const sum = (d) => 2 * t[0] * d[0] + 2 * t[1] * d[1] + 2 * t[2] * d[2];
        return [sum(dx), sum(dy)];
      },
    };
  },

  booth() {
    return {
      f: (x, y) => (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
      grad(x, y) {
        const u = x + 2 * y - 7, v = 2 * x + y - 5;
        return [2 * u + 4 * v, 4 * u + 2 * v];
      },
    };
  },

  goldstein_price() {
    const parts = (x, y) => {
      const s = x + y + 1, t = 2 * x - 3 * y;
      const p = 19 - 14 * x + 3 * x ** 2 - 14 * y + 6 * x * y + 3 * y ** 2;
      const q = 18 - 32 * x + 12 * x ** 2 + 48 * y - 36 * x * y + 27 * y ** 2;
      return { s, t, p, q };
    };
    return {
      f(x, y) {
        const { s, t, p, q } = parts(x, y);
        return (1 + s ** 2 * p) * (30 + t ** 2 * q);
      },
      grad(x, y) {
        const { s, t, p, q } = parts(x, y);
        const first = 1 + s ** 2 * p, second = 30 + t ** 2 * q;
        const dFirst = 2 * s * p + s ** 2 * (-14 + 6 * x + 6 * y);
        const dSecondX = 4 * t * q + t ** 2 * (-32 + 24 * x - 36 * y);
        const dSecondY = -6 * t * q + t ** 2 * (48 - 36 * x + 54 * y);
        return [dFirst * second + first * dSecondX, dFirst * second + first * dSecondY];
      },
    };
  },

  // Himmelblau, Applied Nonlinear Programming (1972).
  himmelblau() {
    return {
      f: (x, y) => (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2,
      grad(x, y) {
        const u = x ** 2 + y - 11, v = x + y ** 2 - 7;
        return [4 * x * u + 2 * v, 2 * u + 4 * y * v];
      },
    };
  },

  rastrigin({ A = 10.0 } = {}) {
    return {
      f: (x, y) => 2 * A + x ** 2 - A * Math.cos(TAU * x) + y ** 2 - A * Math.cos(TAU * y),
      grad: (x, y) => [
        2 * x + TAU * A * Math.sin(TAU * x),
        2 * y + TAU * A * Math.sin(TAU * y),
      ],
    };
  },

  ackley({ a = 20.0, b = 0.2, c = TAU } = {}) {
    const parts = (x, y) => {
      const r = Math.sqrt(0.5 * (x ** 2 + y ** 2));
      return [r, Math.exp(-b * r), Math.exp(0.5 * (Math.cos(c * x) + Math.cos(c * y)))];
    };
    return {
      f(x, y) {
        const [, e1, e2] = parts(x, y);
        return -a * e1 - e2 + a + Math.E;
      },
      grad(x, y) {
        const [r, e1, e2] = parts(x, y);
        const k = r > 0 ? (a * b * e1) / (2 * r) : 0; // the cone's tip: 0
        return [
          k * x + 0.5 * c * Math.sin(c * x) * e2,
          k * y + 0.5 * c * Math.sin(c * y) * e2,
        ];
      },
    };
  },

  six_hump_camel() {
    return {
      f: (x, y) =>
        (4 - 2.1 * x ** 2 + x ** 4 / 3) * x ** 2 + x * y + (-4 + 4 * y ** 2) * y ** 2,
      grad: (x, y) => [8 * x - 8.4 * x ** 3 + 2 * x ** 5 + y, x - 8 * y + 16 * y ** 3],
    };
  },

  styblinski_tang() {
    return {
      f: (x, y) => 0.5 * (x ** 4 - 16 * x ** 2 + 5 * x + y ** 4 - 16 * y ** 2 + 5 * y),
      grad: (x, y) => [2 * x ** 3 - 16 * x + 2.5, 2 * y ** 3 - 16 * y + 2.5],
    };
  },

  // Course surfaces (losslandscape/surfaces/bowls.py, valleys.py).
  quadratic({ condition = 10.0, angle = 0.0 } = {}) {
    const k = condition, c = Math.cos(angle), s = Math.sin(angle);
    const hxx = c ** 2 + k * s ** 2, hxy = (1 - k) * c * s, hyy = s ** 2 + k * c ** 2;
    return {
      f: (x, y) => 0.5 * (hxx * x ** 2 + 2 * hxy * x * y + hyy * y ** 2),
      grad: (x, y) => [hxx * x + hxy * y, hxy * x + hyy * y],
    };
  },

  smooth() {
    return { f: (x, y) => 0.5 * (x ** 2 + y ** 2), grad: (x, y) => [x, y] };
  },

  rugged() {
    const B = 1.5, W = TAU / 0.75; // RIPPLE_DEPTH, 2 pi / RIPPLE_PERIOD
    const h = (x) =>
      0.5 * x ** 2 + B * ((x * Math.sin(W * x)) / W + (Math.cos(W * x) - 1) / W ** 2);
    return {
      f: (x, y) => h(x) + h(y),
      grad: (x, y) => [x * (1 + B * Math.cos(W * x)), y * (1 + B * Math.cos(W * y))],
    };
  },

  saddle() {
    return {
      f: (x, y) => 0.5 * x ** 2 + 0.25 * (y ** 2 - 1) ** 2,
      grad: (x, y) => [x, y ** 3 - y],
    };
  },

  sharp_flat() {
    const well = (x, y, [cx, cy], lam) => {
      const dx = x - cx, dy = y - cy;
      const e = Math.exp(-0.5 * lam * (dx ** 2 + dy ** 2));
      return [1 - e, lam * dx * e, lam * dy * e];
    };
    const wells = (x, y) => [well(x, y, [1.0, 0.5], 25.0), well(x, y, [-1.0, -0.5], 1.0)];
    return {
      f(x, y) {
        const [[a], [b]] = wells(x, y);
        return a * b;
      },
      grad(x, y) {
        const [[a, ax, ay], [b, bx, by]] = wells(x, y);
        return [ax * b + a * bx, ay * b + a * by];
      },
    };
  },

  two_valleys() {
    const P = [153 / 128, 9 / 16, -9 / 16, -1 / 12, 1 / 8]; // p(x) = sum P[k] x^k
    const dP = P.slice(1).map((c, i) => c * (i + 1));
    const horner = (coeffs, x) => {
      let value = coeffs.at(-1) + x * 0;
      for (let i = coeffs.length - 2; i >= 0; i--) value = coeffs[i] + value * x;
      return value;
    };
    return {
      f: (x, y) => horner(P, x) + 0.5 * (y - 0.25 * (x ** 2 - 2.25)) ** 2,
      grad(x, y) {
        const r = y - 0.25 * (x ** 2 - 2.25); // height above the valley floor
        return [horner(dP, x) - 0.5 * x * r, r];
      },
    };
  },
};

/** Every surface name, sorted (like surfaces.names()). */
export function names() {
  return Object.keys(FACTORIES).sort();
}

/** The surface `name` with `params` overriding its defaults. */
export function get(name, params = {}) {
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`unknown surface ${name}; allowed: ${names().join(", ")}`);
  return factory(params);
}
