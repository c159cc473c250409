// The core's learning-rate schedules (losslandscape.optim.schedules), after
// torch.optim.lr_scheduler: `schedule.lr(step, baseLr)` is the rate of update
// number `step`, counted from 0.

const SCHEDULES = {
  step: ({ step_size, gamma = 0.1 }) => ({
    lr: (step, base) => base * gamma ** Math.floor(step / step_size),
  }),
  exponential: ({ gamma }) => ({ lr: (step, base) => base * gamma ** step }),
  // SGDR without restarts (Loshchilov & Hutter 2017).
  cosine: ({ T_max, eta_min = 0.0 }) => ({
    lr: (step, base) =>
      eta_min + ((base - eta_min) * (1 + Math.cos((Math.PI * step) / T_max))) / 2,
  }),
  warmup: ({ warmup_steps, start_factor = 1.0 / 3 }) => ({
    lr: (step, base) =>
      base * (start_factor + (1 - start_factor) * (Math.min(step, warmup_steps) / warmup_steps)),
  }),
};

const REQUIRED = { step: ["step_size"], exponential: ["gamma"], cosine: ["T_max"], warmup: ["warmup_steps"] };

/** Schedule names, sorted (like schedules.names()). */
export function names() {
  return Object.keys(SCHEDULES).sort();
}

/** A schedule by name, e.g. get("cosine", { T_max: 100 }). */
export function get(name, params = {}) {
  if (!SCHEDULES[name]) throw new Error(`unknown schedule ${name}; allowed: ${names().join(", ")}`);
  const missing = REQUIRED[name].filter((k) => !(k in params));
  if (missing.length) throw new Error(`schedule ${name} needs ${missing.join(", ")}`);
  return SCHEDULES[name](params);
}

/** torch SequentialLR: schedules[k] runs from milestones[k - 1] on. */
export function sequential(schedules, milestones) {
  return {
    lr(step, base) {
      let which = 0;
      while (which < milestones.length && milestones[which] <= step) which++;
      const start = which === 0 ? 0 : milestones[which - 1];
      return schedules[which].lr(Math.max(step - start, 0), base);
    },
  };
}

/** Linear warm-up for `warmupSteps` updates, then `schedule` from its step 0. */
export function warmupThen(schedule, warmupSteps, startFactor = 1.0 / 3) {
  const warmup = get("warmup", { warmup_steps: warmupSteps, start_factor: startFactor });
  return sequential([warmup, schedule], [warmupSteps]);
}
