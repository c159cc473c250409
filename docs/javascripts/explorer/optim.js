// The core's optimizers (losslandscape.optim) for the browser: torch.optim's
// update rules, argument names and defaults, as pure functions on arrays.
// `const opt = get("adam", { lr: 0.1 })`, `let state = opt.init(x0)`,
// `[x, state] = opt.step(x, grad, state, lr)`. Operations follow the core's
// order so the numbers agree to rounding (tests/e2e/test_explorer_parity.py).

const map = (a, fn) => a.map((v, i) => fn(v, i));

// What every rule starts with: the gradient after `maximize` and `weight_decay`.
function prelude(hyper, x, grad) {
  const g = hyper.maximize ? grad.map((v) => -v) : grad;
  return hyper.weight_decay !== 0 ? map(g, (v, i) => v + hyper.weight_decay * x[i]) : g;
}

// SGD with momentum, dampening and Nesterov momentum (Sutskever et al. 2013).
function sgd(h) {
  return {
    init: () => ({ step: 0, momentum_buffer: null }),
    step(x, grad, state, lr) {
      let g = prelude(h, x, grad);
      let buf = state.momentum_buffer;
      if (h.momentum !== 0) {
        buf = buf === null ? g.slice() : map(buf, (b, i) => h.momentum * b + (1 - h.dampening) * g[i]);
        g = h.nesterov ? map(g, (v, i) => v + h.momentum * buf[i]) : buf;
      }
      return [map(x, (v, i) => v - lr * g[i]), { step: state.step + 1, momentum_buffer: buf }];
    },
  };
}

// RMSprop (Hinton, lecture 6e, 2012); centered (Graves 2013).
function rmsprop(h) {
  const a = h.alpha;
  return {
    init: (x0) => ({
      step: 0,
      square_avg: x0.map(() => 0),
      grad_avg: h.centered ? x0.map(() => 0) : null,
      momentum_buffer: h.momentum > 0 ? x0.map(() => 0) : null,
    }),
    step(x, grad, state, lr) {
      const g = prelude(h, x, grad);
      const sq = map(g, (v, i) => a * state.square_avg[i] + (1 - a) * v * v);
      let gAvg = null, avg;
      if (h.centered) {
        gAvg = map(g, (v, i) => a * state.grad_avg[i] + (1 - a) * v);
        avg = map(sq, (s, i) => Math.sqrt(Math.max(s - gAvg[i] * gAvg[i], 0)) + h.eps);
      } else {
        avg = sq.map((s) => Math.sqrt(s) + h.eps);
      }
      let buf = null, xNew;
      if (h.momentum > 0) {
        buf = map(g, (v, i) => h.momentum * state.momentum_buffer[i] + v / avg[i]);
        xNew = map(x, (v, i) => v - lr * buf[i]);
      } else {
        xNew = map(x, (v, i) => v - (lr * g[i]) / avg[i]);
      }
      return [xNew, { step: state.step + 1, square_avg: sq, grad_avg: gAvg, momentum_buffer: buf }];
    },
  };
}

// Adam (Kingma & Ba 2015) and AMSGrad (Reddi et al. 2018).
function adam(h) {
  const [b1, b2] = h.betas;
  return {
    init: (x0) => ({
      step: 0,
      exp_avg: x0.map(() => 0),
      exp_avg_sq: x0.map(() => 0),
      max_exp_avg_sq: h.amsgrad ? x0.map(() => 0) : null,
    }),
    step(x, grad, state, lr) {
      const g = prelude(h, x, grad);
      const t = state.step + 1;
      const m = map(g, (v, i) => b1 * state.exp_avg[i] + (1 - b1) * v);
      const v2 = map(g, (v, i) => b2 * state.exp_avg_sq[i] + (1 - b2) * v * v);
      const vMax = h.amsgrad ? map(v2, (v, i) => Math.max(state.max_exp_avg_sq[i], v)) : null;
      const scale = lr / (1 - b1 ** t);
      const root = Math.sqrt(1 - b2 ** t);
      const xNew = map(x, (v, i) => {
        const denom = Math.sqrt(h.amsgrad ? vMax[i] : v2[i]) / root + h.eps;
        return v - (scale * m[i]) / denom;
      });
      return [xNew, { step: t, exp_avg: m, exp_avg_sq: v2, max_exp_avg_sq: vMax }];
    },
  };
}

// Adagrad (Duchi, Hazan & Singer 2011) with torch's learning-rate decay.
function adagrad(h) {
  return {
    init: (x0) => ({ step: 0, sum: x0.map(() => h.initial_accumulator_value) }),
    step(x, grad, state, lr) {
      const g = prelude(h, x, grad);
      const t = state.step + 1;
      const clr = lr / (1 + (t - 1) * h.lr_decay);
      const total = map(g, (v, i) => state.sum[i] + v * v);
      const xNew = map(x, (v, i) => v - (clr * g[i]) / (Math.sqrt(total[i]) + h.eps));
      return [xNew, { step: t, sum: total }];
    },
  };
}

/** torch.optim's defaults, by optimizer name (the core's dataclass fields). */
export const DEFAULTS = {
  sgd: { lr: 1e-3, momentum: 0.0, dampening: 0.0, weight_decay: 0.0, nesterov: false, maximize: false },
  rmsprop: {
    lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0.0, momentum: 0.0, centered: false, maximize: false,
  },
  adam: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.0, amsgrad: false, maximize: false },
  adagrad: {
    lr: 1e-2, lr_decay: 0.0, weight_decay: 0.0, initial_accumulator_value: 0.0, eps: 1e-10, maximize: false,
  },
};

const RULES = { sgd, rmsprop, adam, adagrad };

/** Optimizer names, sorted (like optim.names()). */
export function names() {
  return Object.keys(RULES).sort();
}

/** An optimizer by name with torch's hyperparameter names; unknown ones throw. */
export function get(name, hyper = {}) {
  if (!RULES[name]) throw new Error(`unknown optimizer ${name}; allowed: ${names().join(", ")}`);
  const unknown = Object.keys(hyper).filter((k) => !(k in DEFAULTS[name]));
  if (unknown.length) {
    throw new Error(`unknown hyperparameter(s) ${unknown.join(", ")} for ${name}`);
  }
  const h = { ...DEFAULTS[name], ...hyper };
  if (name === "sgd" && h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
    throw new Error("nesterov requires momentum > 0 and dampening = 0");
  }
  return { name, lr: h.lr, hyper: h, ...RULES[name](h) };
}
