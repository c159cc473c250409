// `run` of the core (losslandscape.optim.trajectory.run_detailed): every point
// of an optimizer's walk. A run that diverges stops at the first update whose
// gradient, point or loss is not finite or leaves |x_i| <= threshold; that
// point is not kept.

export const DIVERGENCE_THRESHOLD = 1e6;

const finite = (values) => values.every(Number.isFinite);

/**
 * `steps` updates of `optimizer` with gradients `gradFn(x)` from `x0`;
 * `schedule.lr(t - 1, optimizer.lr)` sets the rate of update t.
 * Returns { path, lrs, losses, diverged, stoppedAt } like the core's Trajectory.
 */
export function run(optimizer, gradFn, x0, steps, schedule = null, options = {}) {
  const { lossFn = null, threshold = DIVERGENCE_THRESHOLD } = options;
  const path = [x0.slice()], lrs = [];
  const losses = lossFn ? [lossFn(x0)] : null;
  let x = x0.slice(), state = optimizer.init(x0), stoppedAt = null;
  for (let t = 1; t <= steps; t++) {
    const lr = schedule === null ? optimizer.lr : schedule.lr(t - 1, optimizer.lr);
    const g = gradFn(x);
    let ok = finite(g), loss;
    if (ok) {
      [x, state] = optimizer.step(x, g, state, lr);
      ok = finite(x) && Math.max(...x.map(Math.abs)) <= threshold;
    }
    if (ok && lossFn) {
      loss = lossFn(x);
      ok = Number.isFinite(loss);
    }
    if (!ok) {
      stoppedAt = t;
      break;
    }
    path.push(x);
    lrs.push(lr);
    if (losses) losses.push(loss);
  }
  return { path, lrs, losses, diverged: stoppedAt !== null, stoppedAt };
}
